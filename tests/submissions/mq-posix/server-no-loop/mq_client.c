/* mq_client.c - lab 7: POSIX message queue client */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE "/my_mq"

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s PRIO|quit\n", prog);
	exit(1);
}

int main(int argc, char *argv[])
{
	char line[512], *end;
	unsigned int prio = 0;
	int quit = 0, count = 0, c;
	long p;
	size_t len;
	mqd_t mq;

	if (argc != 2)
		usage(argv[0]);
	if (strcmp(argv[1], "quit") == 0) {
		quit = 1;
	} else {
		errno = 0;
		p = strtol(argv[1], &end, 10);
		if (argv[1][0] == '\0' || *end != '\0' || errno || p < 0 || p > 31)
			usage(argv[0]);
		prio = (unsigned int)p;
	}

	mq = mq_open(QUEUE, O_WRONLY);
	if (mq == (mqd_t)-1) {
		perror("mq_open");
		exit(1);
	}

	if (quit) {
		if (mq_send(mq, "quit", 5, 0) < 0) {
			perror("mq_send");
			exit(1);
		}
		printf("Sent quit\n");
		mq_close(mq);
		return 0;
	}

	while (fgets(line, sizeof(line), stdin) != NULL) {
		/* a line longer than the buffer: drop the rest of it */
		if (strchr(line, '\n') == NULL)
			while ((c = getchar()) != EOF && c != '\n')
				;
		line[strcspn(line, "\n")] = '\0';
		len = strlen(line);
		if (len > 255)
			len = 255;
		line[len] = '\0';
		if (mq_send(mq, line, len + 1, prio) < 0) {
			perror("mq_send");
			exit(1);
		}
		count++;
	}
	mq_close(mq);
	printf("Sent %d messages\n", count);
	return 0;
}
