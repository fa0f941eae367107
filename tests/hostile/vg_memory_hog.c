/* Attack: under valgrind, malloc and touch memory until refused (at most
 * 3 GiB), dropping every pointer: the leak report then says how much it got. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(void)
{
	puts("hello");
	fflush(stdout);
	for (size_t mib = 0; mib < 3072; mib++) {
		char *p = malloc(1 << 20);
		if (p == NULL)
			break;
		memset(p, 1, 1 << 20);
	}
	return 0;
}
