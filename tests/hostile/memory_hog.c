/* Attack: malloc and touch memory until refused; report how much. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(void)
{
	size_t mib = 0;
	for (;;) {
		char *p = malloc(1 << 20);
		if (p == NULL)
			break;
		memset(p, 1, 1 << 20);
		mib++;
	}
	printf("HOG %zu MiB\n", mib);
	return 0;
}
