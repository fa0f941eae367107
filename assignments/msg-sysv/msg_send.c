/* msg_send.c - sends every input line to queue 1234, then a type-2 message
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
	/* TODO: msgget(MSGKEY, 0666) - no IPC_CREAT: the receiver creates the
	 *       queue. On failure perror("msgget") and exit non-zero. */

	/* TODO: read stdin line by line (fgets or getline); strip the newline,
	 *       cut the text to 255 bytes (drop the rest of the line), send it
	 *       as a type-1 message with its NUL: msgsnd(msqid, &m, len + 1, 0)
	 *       (the size counts mtext only); retry on EINTR; count it. */

	/* TODO: at end of input send one type-2 message with an empty text
	 *       (size 1: the NUL), print "Sent N messages", exit 0. */

	return EXIT_FAILURE;	/* TODO: EXIT_SUCCESS once everything above works */
}
