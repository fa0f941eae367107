/* pingpong.c - a parent and its child take turns with SIGUSR1 and SIGUSR2
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

/* TODO: flags of type volatile sig_atomic_t, set by the handler. */

int main(int argc, char **argv)
{
	(void)argv;
	/* TODO: check argc and N (1..100000): otherwise a usage line on stderr,
	 *       exit 2. */
	if (argc != 2) {
		fprintf(stderr, "usage: pingpong N\n");
		return 2;
	}

	/* TODO: block SIGUSR1, SIGUSR2, SIGTERM (sigprocmask) and install the
	 *       handlers (sigaction) - before fork(). */

	/* TODO: fork(). Child: wait for SIGUSR1 (sigsuspend), print "Pong i",
	 *       fflush, kill(getppid(), SIGUSR2); on SIGTERM exit 0. */

	/* TODO: parent, rounds 1..N: print "Ping i", fflush, kill(child, SIGUSR1),
	 *       wait for SIGUSR2. Then SIGTERM to the child, waitpid,
	 *       "Done after N rounds". */
	return 0;
}
