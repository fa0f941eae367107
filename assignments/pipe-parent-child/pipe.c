/* pipe.c - the parent writes its input into a pipe, the child prints every
 * line it reads from it (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	/* TODO: int fd[2]; pipe(fd); on failure perror("pipe") and exit 1. */

	/* TODO: fork(); on failure perror("fork") and exit 1. */

	/* TODO: the child: close(fd[1]) first (else it never sees end of file);
	 *       read fd[0] until read() returns 0, printing "Child read: LINE"
	 *       for every line (a line may come in pieces, several lines in one
	 *       read, the last one without a newline); then print
	 *       "Child: end of input" and exit(0). */

	/* TODO: the parent: close(fd[0]); copy stdin into fd[1]; close(fd[1]);
	 *       waitpid(pid, &status, 0); print
	 *       "Parent: child exited with status S" (WEXITSTATUS(status)). */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
