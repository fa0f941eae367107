/* sig_server.c - the lecture's shared-memory server, stopped cleanly by
 * SIGINT or SIGTERM (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#define SHMKEY 1234
#define SHMSZ 1

/* TODO: a volatile sig_atomic_t flag and a handler that only sets it. */

int main(void)
{
	/* TODO: sigaction for SIGINT and SIGTERM, before the segment exists. */

	/* TODO: shmget(SHMKEY, SHMSZ, IPC_CREAT | 0666), shmat, *shm = 0. */

	/* TODO: until 'q' or a signal: sleep(1), print "You pressed C" for each
	 *       new byte (fflush). */

	/* TODO: shmdt, shmctl(IPC_RMID); after a signal print
	 *       "Server: caught SIGINT, segment removed" (or SIGTERM); exit 0. */
	return 0;
}
