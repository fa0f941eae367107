/* shm_ftok.c - unrelated processes meet in a segment whose key comes from
 * ftok(FILE, 'A') (see README.md):
 *	shm_ftok FILE write MESSAGE | shm_ftok FILE read | shm_ftok FILE remove
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#define SHMSZ 1024
#define PROJ_ID 'A'

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;

	/* TODO: check the command line; if it is not FILE write MESSAGE,
	 *       FILE read or FILE remove, print
	 *       "Usage: PROG FILE write MESSAGE | read | remove" on stderr and exit 1. */

	/* TODO: key = ftok(argv[1], PROJ_ID); if it returns (key_t) -1,
	 *       perror("ftok") and exit 1. */

	/* TODO write:  shmget(key, SHMSZ, 0644 | IPC_CREAT), shmat, copy the
	 *              message with its '\0', shmdt, print "Wrote: MESSAGE".
	 *              The segment stays for the next process. */

	/* TODO read:   shmget(key, 0, 0) (never create), shmat, print
	 *              "Read: MESSAGE", shmdt. */

	/* TODO remove: shmget(key, 0, 0), shmctl(shmid, IPC_RMID, NULL),
	 *              print "Removed". */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS on success */
}
