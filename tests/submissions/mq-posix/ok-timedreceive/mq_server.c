/* mq_server.c - server that waits with mq_timedreceive, one second at a time */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(void)
{
	struct mq_attr attr = { .mq_maxmsg = 10, .mq_msgsize = 256 };
	mqd_t q = mq_open("/my_mq", O_RDONLY | O_CREAT | O_EXCL, 0666, &attr);
	char *buf;
	int status = EXIT_SUCCESS;

	if (q == (mqd_t)-1) {
		perror("mq_open");
		return EXIT_FAILURE;
	}
	if (mq_getattr(q, &attr) == -1 || (buf = malloc((size_t)attr.mq_msgsize)) == NULL) {
		perror("mq_getattr");
		mq_close(q);
		mq_unlink("/my_mq");
		return EXIT_FAILURE;
	}
	puts("Server ready");
	fflush(stdout);
	for (;;) {
		struct timespec until;
		unsigned prio;
		ssize_t n;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		n = mq_timedreceive(q, buf, (size_t)attr.mq_msgsize, &prio, &until);
		if (n == -1) {
			if (errno == ETIMEDOUT || errno == EINTR)
				continue;
			perror("mq_timedreceive");
			status = EXIT_FAILURE;
			break;
		}
		int len = (int)strnlen(buf, (size_t)n);
		if (len == 4 && strncmp(buf, "quit", 4) == 0)
			break;
		printf("Received (prio %u): %.*s\n", prio, len, buf);
		fflush(stdout);
	}
	free(buf);
	mq_close(q);
	mq_unlink("/my_mq");
	if (status == EXIT_SUCCESS)
		puts("Server done");
	return status;
}
