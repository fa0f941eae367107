/* fifo_server.c - makes the FIFO myfifo and prints every line its clients
 * write into it, until the line quit (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define FIFO_NAME "myfifo"

int main(void)
{
	/* TODO: mkfifo(FIFO_NAME, 0666); on failure (EEXIST: another server)
	 *       perror and exit 1, without unlinking the existing FIFO. */

	/* TODO: print "Server ready", fflush(stdout). */

	/* TODO: loop: open(FIFO_NAME, O_RDONLY) (waits for a client); read
	 *       until read() returns 0 (the client closed), printing
	 *       "Server received: LINE" for every line (lines may come in
	 *       pieces); close and open again for the next client. Stop at the
	 *       line "quit" (not printed). */

	/* TODO: close, unlink(FIFO_NAME), print "Server done", exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
