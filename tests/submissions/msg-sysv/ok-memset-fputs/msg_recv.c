/* msg_recv.c - receiver that clears its buffer and prints with fputs */
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

	for (;;) {
		memset(&m, 0, sizeof(m));
		n = msgrcv(msqid, &m, sizeof(m.mtext), 0, MSG_NOERROR);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("msgrcv");
			exit(1);
		}
		if (m.mtype == 2)
			break;
		if (m.mtype != 1)
			continue;
		fputs("Received: ", stdout);
		fputs(m.mtext, stdout);
		putchar('\n');
		fflush(stdout);
		count++;
	}

	printf("Received %d messages\n", count);
	if (msgctl(msqid, IPC_RMID, NULL) < 0)
		perror("msgctl");
	return 0;
}
