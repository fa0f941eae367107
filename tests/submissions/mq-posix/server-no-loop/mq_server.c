/* mq_server.c - lab 7: POSIX message queue server */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define QUEUE "/my_mq"

int main(void)
{
	struct mq_attr attr;
	char buf[256];
	unsigned int prio;
	ssize_t n;
	mqd_t mq;

	attr.mq_flags = 0;
	attr.mq_maxmsg = 10;
	attr.mq_msgsize = 256;
	attr.mq_curmsgs = 0;
	mq = mq_open(QUEUE, O_RDONLY | O_CREAT | O_EXCL, 0666, &attr);
	if (mq == (mqd_t)-1) {
		perror("mq_open");
		exit(1);
	}
	printf("Server ready\n");
	fflush(stdout);

	/* MISTAKE: one mq_receive, no loop until quit: the other messages are
	 * never received (the queue is unlinked only after quit, which never comes) */
	n = mq_receive(mq, buf, sizeof(buf), &prio);
	if (n < 0) {
		perror("mq_receive");
		exit(1);
	}
	buf[n < 256 ? n : 255] = '\0';
	if (strcmp(buf, "quit") != 0) {
		printf("Received (prio %u): %s\n", prio, buf);
		mq_close(mq);
		printf("Server done\n");
		return 0;
	}
	mq_close(mq);
	mq_unlink(QUEUE);
	printf("Server done\n");
	return 0;
}
