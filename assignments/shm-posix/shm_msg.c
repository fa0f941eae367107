/* shm_msg.c - POSIX shared memory messages (see README.md):
 *	shm_msg create | receive | send | remove
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define SIZE 8196
#define NAME "/my_shm"

int main(int argc, char *argv[])
{
	/* TODO create:  shm_open(NAME, O_RDWR | O_CREAT | O_EXCL, 0666),
	 *               ftruncate(fd, SIZE) (check it!), close, print
	 *               "Shared Memory Region successfully created". */

	/* TODO receive: shm_open(NAME, O_RDWR, 0), mmap SIZE bytes, print
	 *               "RCV: Memory attached at %lX", store 8 in the first int,
	 *               print "iflag is now = 8", wait (sleep(1) between looks)
	 *               until the int changes, print "RCV has successfully completed"
	 *               and "iflag is now = %d", munmap. */

	/* TODO send:    shm_open, mmap, print "SEND: Memory attached at %lX",
	 *               store 1 in the first int, munmap, print
	 *               "SEND has successfully completed". */

	/* TODO remove:  shm_unlink(NAME), print
	 *               "Shared Memory Region successfully destroyed". */

	/* TODO anything else (compare argv[1] with strcasecmp): print
	 *               "Usage: %s create | remove | receive | send \n" with argv[0]
	 *               on stdout and exit non-zero. */
	(void)argc;
	(void)argv;
	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS when the command worked */
}
