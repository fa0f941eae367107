/* pipeline.c - ls -1 DIR | sort -r | head -n 3 with pipe, fork, dup2 and
 * execlp (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	(void)argv;
	/* TODO: argc != 2: a usage line on stderr, exit 2. */
	if (argc != 2)
		return 2;

	/* TODO: two pipes: int p1[2], p2[2] (ls -> sort, sort -> head). */

	/* TODO: three children; in each: dup2 its ends onto 0 / 1, close all
	 *       four ends, execlp("ls", "ls", "-1", argv[1], NULL) (then
	 *       "sort", "-r" and "head", "-n", "3"); perror and _exit(127) if
	 *       exec returns. */

	/* TODO: the parent closes all four ends, waits for the three children
	 *       and exits with head's status (WEXITSTATUS, or 128 + WTERMSIG). */

	return EXIT_FAILURE;	/* TODO: head's status once everything above works */
}
