/* mq_server.c - creates /my_mq and prints every message with its priority
 * until "quit" (see README.md).
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
#define MAXMSG 10
#define MSGSIZE 256

int main(void)
{
	/* TODO: struct mq_attr with mq_maxmsg = MAXMSG, mq_msgsize = MSGSIZE;
	 *       mq_open(QNAME, O_RDONLY | O_CREAT | O_EXCL, 0666, &attr); on
	 *       failure ((mqd_t) -1) perror("mq_open") and exit non-zero. */

	/* TODO: print "Server ready" and fflush(stdout). */

	/* TODO: loop on mq_receive(mq, buf, MSGSIZE, &prio) (the buffer must
	 *       hold MSGSIZE bytes); retry on EINTR; stop at the text "quit";
	 *       otherwise print "Received (prio P): TEXT" and fflush. */

	/* TODO: mq_close, mq_unlink(QNAME), print "Server done", exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
