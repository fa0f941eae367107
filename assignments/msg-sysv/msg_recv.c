/* msg_recv.c - receives the messages of queue 1234 until a type-2 message
 * (see README.md).
 *
 * Starter file: it compiles but does nothing yet. Replace the TODOs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/types.h>

#define MSGKEY 1234

struct msg {
	long mtype;
	char mtext[256];
};

int main(void)
{
	/* TODO: msgget(MSGKEY, IPC_CREAT | 0666); on failure perror("msgget")
	 *       and exit non-zero. */

	/* TODO: print "Receiver ready" and fflush(stdout). */

	/* TODO: loop on msgrcv(msqid, &m, sizeof(m.mtext), 0, MSG_NOERROR):
	 *       retry on EINTR; type 1: print "Received: TEXT" (flush) and count
	 *       it; type 2: stop; other types: ignore. */

	/* TODO: print "Received N messages", msgctl(msqid, IPC_RMID, NULL),
	 *       exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
