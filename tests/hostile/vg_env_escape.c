/* Attack: misbehave in a child that re-executes itself through /usr/bin/env,
 * which valgrind was told not to trace (--trace-children-skip=/usr/bin/*),
 * so that the child and everything it does runs without valgrind. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "again") == 0) {
		misbehave();
		return 0;
	}
	pid_t c = fork();
	if (c == 0) {
		execl("/usr/bin/env", "env", argv[0], "again", (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
