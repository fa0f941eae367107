/* server.c - creates the 1-byte segment 1234 and reports every key the
 * client stores in it (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#define SHMKEY 1234
#define SHMSZ 1

int main(void)
{
	/* TODO: shmget(SHMKEY, SHMSZ, IPC_CREAT | 0666); on failure perror and
	 *       exit non-zero. */

	/* TODO: shmat; on failure perror, remove the segment, exit non-zero. */

	/* TODO: set the byte to 0, then loop: sleep(1); read the byte once; if it
	 *       changed, print "You pressed C" and fflush(stdout); stop after
	 *       printing 'q'. */

	/* TODO: shmdt, shmctl(shmid, IPC_RMID, NULL), exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
