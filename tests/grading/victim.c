/* A reference that lives beside a hostile program (tests/hostile/beside):
 * says it is ready, then waits for the end of its input. */
#include <stdio.h>

int
main(void)
{
	puts("victim ready");
	fflush(stdout);
	while (getchar() != EOF)
		;
	puts("victim done");
	return 0;
}
