/* The reference of the hostile-output test: prints one line, exits 0. */
#include <stdio.h>

int
main(void)
{
	puts("hello");
	return 0;
}
