/* mq_server: reference server of the POSIX message queue assignment.
 *
 * Creates /my_mq (at most 10 messages of 256 bytes) and fails if it already
 * exists (a second server, or a queue left behind), says it is ready, then
 * prints every message with its priority until the text "quit", whatever
 * its priority. It owns the queue: it closes and unlinks it at the end, and
 * also when SIGINT/SIGTERM stop it. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define QNAME   "/my_mq"
#define MAXMSG  10
#define MSGSIZE 256

static volatile sig_atomic_t stop_signal;

/* Only records the signal: the main loop unlinks the queue before dying. */
static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* No SA_RESTART, so a blocked mq_receive returns EINTR and the loop notices. */
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

/* Prints messages until "quit"; returns 0, or 1 after an error. The kernel
 * hands them out highest priority first, FIFO within a priority. */
static int
serve(mqd_t mq)
{
	/* mq_receive needs room for mq_msgsize bytes (else EMSGSIZE). */
	char buf[MSGSIZE];
	unsigned int prio;
	ssize_t n;
	int len;

	while (!stop_signal) {
		n = mq_receive(mq, buf, sizeof(buf), &prio);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("mq_receive");
			return 1;
		}
		/* A client may send the NUL or not: the text ends at either. */
		len = (int)strnlen(buf, (size_t)n);
		if (len == 4 && memcmp(buf, "quit", 4) == 0)
			return 0;
		printf("Received (prio %u): %.*s\n", prio, len, buf);
		if (fflush(stdout) == EOF) {
			perror("stdout");
			return 1;
		}
	}
	return 0;
}

/* O_EXCL: a second server must fail rather than share (and later unlink)
 * the first one's queue. */
int
main(void)
{
	struct mq_attr attr;
	mqd_t mq;
	int rc;

	install_stop_handlers();
	memset(&attr, 0, sizeof(attr));
	attr.mq_maxmsg = MAXMSG;
	attr.mq_msgsize = MSGSIZE;
	mq = mq_open(QNAME, O_RDONLY | O_CREAT | O_EXCL, 0666, &attr);
	if (mq == (mqd_t)-1) {
		perror("mq_open");
		return EXIT_FAILURE;
	}
	printf("Server ready\n");
	rc = fflush(stdout) == EOF ? 1 : serve(mq);
	if (mq_close(mq) != 0) {
		perror("mq_close");
		rc = 1;
	}
	if (mq_unlink(QNAME) != 0) {
		perror("mq_unlink");
		rc = 1;
	}
	if (stop_signal) {
		/* Die of the signal we caught, as the caller expects. */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	if (rc != 0)
		return EXIT_FAILURE;
	printf("Server done\n");
	return EXIT_SUCCESS;
}
