/* reaper.c - forks N children and reaps them as SIGCHLD arrives
 * (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argv;
	/* TODO: check argc and N (1..200): otherwise a usage line on stderr,
	 *       exit 2. */
	if (argc != 2) {
		fprintf(stderr, "usage: reaper N\n");
		return 2;
	}

	/* TODO: block SIGCHLD and install its handler (or prepare sigwaitinfo /
	 *       a signalfd) before the first fork(). */

	/* TODO: fork N children; child i waits for the release, then
	 *       _exit(i % 256). Release them all at once. */

	/* TODO: until all are reaped: wait for SIGCHLD (sigsuspend), then
	 *       waitpid(-1, &status, WNOHANG) in a loop; sum WEXITSTATUS. */

	/* TODO: print "Reaped N children, status sum S". */
	return 0;
}
