/* shm_fork.c - parent and child share a System V segment (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHMSZ 27

int main(void)
{
	/* TODO: shmget(IPC_PRIVATE, SHMSZ, IPC_CREAT | IPC_EXCL | S_IRUSR | S_IWUSR);
	 *       on failure: perror("shmget") and exit non-zero. */

	/* TODO: shmat the segment; on failure: perror, remove the segment
	 *       (shmctl IPC_RMID) and exit non-zero. */

	/* TODO: fflush(stdout), then fork(). */

	/* TODO (child): wait with sleep(1) until shm[SHMSZ - 2] == 'z', print
	 *       "Reading: <text>" and the text again on its own line, shmdt,
	 *       flush and leave with _exit(0). */

	/* TODO (parent): print and flush "Writing: abcdefghijklmnopqrstuvwxyz",
	 *       store the alphabet and its '\0' (the 'z' last), wait for the child,
	 *       shmdt, shmctl(shmid, IPC_RMID, NULL), exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
