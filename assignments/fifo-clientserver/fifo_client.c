/* fifo_client.c - writes its input lines into the server's FIFO myfifo
 * (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIFO_NAME "myfifo"

int main(void)
{
	/* TODO: signal(SIGPIPE, SIG_IGN): a server that went away then gives
	 *       EPIPE instead of killing the client. */

	/* TODO: open(FIFO_NAME, O_WRONLY) - no mkfifo, no O_CREAT; on failure
	 *       perror and exit 1. */

	/* TODO: write every stdin line into the FIFO as soon as it is read (a
	 *       last line without a newline gets one); a failed write: perror,
	 *       exit 1. */

	/* TODO: close, print "Client sent N lines", exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
