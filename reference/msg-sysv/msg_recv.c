/* msg_recv: reference receiver of the System V message queue assignment.
 *
 * Creates (or opens) the queue with key 1234, says it is ready, then prints
 * every type-1 message until a type-2 message ends the session; other types
 * are ignored. It owns the queue: it removes it at the end, and also when
 * SIGINT/SIGTERM stop it, so an interrupted run leaves nothing behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/types.h>

#define MSGKEY    1234
#define MSGTEXT   256
#define TYPE_TEXT 1
#define TYPE_END  2

/* The layout of the assignment: the size given to msgrcv counts mtext only. */
struct msg {
	long mtype;
	char mtext[MSGTEXT];
};

static volatile sig_atomic_t stop_signal;

/* Only records the signal: the main loop removes the queue before dying. */
static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* No SA_RESTART, so a blocked msgrcv returns EINTR and the loop notices. */
static void
install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Receives until the end message; returns 0, or 1 after an error. *count
 * gets the number of text messages printed. */
static int
receive_all(int msqid, unsigned long *count)
{
	struct msg m;
	ssize_t n;

	*count = 0;
	while (!stop_signal) {
		/* MSG_NOERROR: a sender that sends more than MSGTEXT bytes is cut,
		 * not an E2BIG that would end the session. */
		n = msgrcv(msqid, &m, sizeof(m.mtext), 0, MSG_NOERROR);
		if (n < 0) {
			/* Stopped and continued (SIGSTOP/SIGCONT) also gives EINTR. */
			if (errno == EINTR)
				continue;
			perror("msgrcv");
			return 1;
		}
		if (m.mtype == TYPE_END)
			return 0;
		if (m.mtype != TYPE_TEXT)
			continue;
		/* The text ends at its NUL, or at the message's end if it has none. */
		printf("Received: %.*s\n", (int)strnlen(m.mtext, (size_t)n), m.mtext);
		if (fflush(stdout) == EOF) {
			perror("stdout");
			return 1;
		}
		(*count)++;
	}
	return 0;
}

/* Owns the queue from creation to removal, whatever the loop's outcome. */
int
main(void)
{
	unsigned long count;
	int msqid, rc;

	install_stop_handlers();
	msqid = msgget(MSGKEY, IPC_CREAT | 0666);
	if (msqid < 0) {
		perror("msgget");
		return EXIT_FAILURE;
	}
	printf("Receiver ready\n");
	if (fflush(stdout) == EOF) {
		perror("stdout");
		msgctl(msqid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	rc = receive_all(msqid, &count);
	if (msgctl(msqid, IPC_RMID, NULL) != 0) {
		perror("msgctl(IPC_RMID)");
		rc = 1;
	}
	if (stop_signal) {
		/* Die of the signal we caught, as the caller expects. */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	if (rc == 0)
		printf("Received %lu messages\n", count);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
