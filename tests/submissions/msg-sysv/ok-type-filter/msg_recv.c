/* msg_recv.c - receiver: takes types 1 and 2 only (msgtyp -2), lowest first */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

enum { KEY = 1234, TEXT = 1, END = 2 };

static struct {
	long mtype;
	char mtext[256];
} msg;

static void die(const char *what, int id)
{
	fprintf(stderr, "msg_recv: %s: %s\n", what, strerror(errno));
	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
	exit(EXIT_FAILURE);
}

int main(void)
{
	long received = 0;
	int id = msgget(KEY, IPC_CREAT | 0666);

	if (id == -1)
		die("msgget", -1);
	puts("Receiver ready");
	if (fflush(stdout) != 0)
		die("stdout", id);
	for (;;) {
		/* -2: the lowest type <= 2 first; types above 2 stay in the queue */
		ssize_t n = msgrcv(id, &msg, sizeof msg.mtext, -END, MSG_NOERROR);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			die("msgrcv", id);
		}
		if (msg.mtype == END)
			break;
		printf("Received: %.*s\n", (int)strnlen(msg.mtext, (size_t)n), msg.mtext);
		fflush(stdout);
		received++;
	}
	printf("Received %ld messages\n", received);
	if (msgctl(id, IPC_RMID, NULL) == -1)
		die("msgctl", -1);
	return EXIT_SUCCESS;
}
