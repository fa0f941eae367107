/* mq_client.c - sends every input line to /my_mq with priority PRIO, or
 * "quit" (see README.md):
 *	mq_client PRIO | quit
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define QNAME "/my_mq"
#define MSGSIZE 256

int main(int argc, char *argv[])
{
	/* TODO: exactly one argument: "quit", or PRIO, decimal digits only,
	 *       0 to 31; anything else: a usage line on stderr, exit non-zero. */

	/* TODO: mq_open(QNAME, O_WRONLY) - no O_CREAT: the server creates the
	 *       queue. On failure perror("mq_open") and exit non-zero. */

	/* TODO quit: mq_send(mq, "quit", 5, 0), print "Sent quit". */

	/* TODO PRIO: read stdin line by line; strip the newline, cut the text
	 *       to 255 bytes (drop the rest of the line); mq_send it with
	 *       priority PRIO (retry on EINTR); print "Sent N messages". */

	/* TODO: mq_close, exit 0. Never mq_unlink: the server owns the queue. */
	(void)argc;
	(void)argv;
	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
