/* count_stdin: count lines until EOF, then say so. */
#include <stdio.h>

int
main(void)
{
	char line[256];
	int n = 0;
	while (fgets(line, sizeof(line), stdin))
		n++;
	printf("EOF after %d lines\n", n);
	return 0;
}
