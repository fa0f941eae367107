/* msg_recv.c - lab 6: message queue receiver (key 1234) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define KEY 1234

struct msg {
	long mtype;
	char mtext[256];
};

int main(void)
{
	struct msg m;
	int msqid, count = 0;
	ssize_t n;

	msqid = msgget(KEY, IPC_CREAT | 0666);
	if (msqid < 0) {
		perror("msgget");
		exit(1);
	}
	printf("Receiver ready\n");
	fflush(stdout);

	/* MISTAKE: one msgrcv, no loop: the other messages are never received
	 * (and the queue with them is left, since the end message never comes) */
	n = msgrcv(msqid, &m, sizeof(m.mtext), 0, MSG_NOERROR);
	if (n < 0) {
		perror("msgrcv");
		exit(1);
	}
	if (m.mtype == 1) {
		printf("Received: %s\n", m.mtext);
		count++;
	}
	printf("Received %d messages\n", count);
	if (m.mtype == 2 && msgctl(msqid, IPC_RMID, NULL) < 0)
		perror("msgctl");
	return 0;
}
