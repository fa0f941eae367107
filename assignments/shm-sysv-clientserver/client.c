/* client.c - sends the first character of each input line to the server
 * through the segment 1234 (see README.md).
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
	/* TODO: shmget(SHMKEY, SHMSZ, 0666) - no IPC_CREAT: the server creates
	 *       the segment. On failure perror("shmget") and exit non-zero. */

	/* TODO: shmat; on failure perror and exit non-zero. */

	/* TODO: read stdin line by line (fgets or getline); store the first
	 *       character of each non-empty line in the segment; stop after a
	 *       'q' line or at end of input. */

	/* TODO: shmdt, exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
