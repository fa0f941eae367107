/* mq_client.c - client with getline; the text goes without a NUL */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad_args(const char *me)
{
	fprintf(stderr, "%s: expected one argument, a priority 0..31 or 'quit'\n", me);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned prio = 0;
	size_t digits;

	if (argc != 2)
		return bad_args(argv[0]);
	int quit = !strcmp(argv[1], "quit");
	digits = strspn(argv[1], "0123456789");
	if (!quit && (digits == 0 || digits > 2 || argv[1][digits] != '\0' || (prio = (unsigned)atoi(argv[1])) > 31))
		return bad_args(argv[0]);

	mqd_t q = mq_open("/my_mq", O_WRONLY);
	if (q == (mqd_t)-1) {
		fprintf(stderr, "%s: cannot open /my_mq: %s\n", argv[0], strerror(errno));
		return 2;
	}
	if (quit) {
		int rc = mq_send(q, "quit", 4, 0);
		mq_close(q);
		if (rc == -1) {
			perror("mq_send");
			return 2;
		}
		puts("Sent quit");
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long sent = 0;
	while ((n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 255)
			n = 255;
		while (mq_send(q, line, (size_t)n, prio) == -1) {
			if (errno != EINTR) {
				perror("mq_send");
				free(line);
				mq_close(q);
				return 2;
			}
		}
		sent++;
	}
	free(line);
	mq_close(q);
	printf("Sent %lu messages\n", sent);
	return 0;
}
