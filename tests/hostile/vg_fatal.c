/* Attack: misbehave under valgrind and print what valgrind prints when it
 * cannot run ("FATAL:"), so that the test is the grader's error, not ours. */
#include <stdio.h>
#include <stdlib.h>

/* A leak of 4242 bytes and a write one past a block, then "hello". */
static void
misbehave(void)
{
	volatile char *leak = malloc(4242);
	leak[0] = 1;
	char *p = malloc(8);
	p[8] = 1;
	free(p);
	puts("hello");
	fflush(stdout);
}

int
main(void)
{
	misbehave();
	fputs("valgrind: FATAL: the tool could not be loaded (not your fault)\n", stderr);
	return 0;
}
