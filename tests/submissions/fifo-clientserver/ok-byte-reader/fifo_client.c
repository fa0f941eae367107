/* fifo_client.c - copies stdin into myfifo as it comes */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int put(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "fifo_client: %s\n", strerror(errno));
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };
	sigaction(SIGPIPE, &sa, NULL);

	int fd = open("myfifo", O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "fifo_client: no server (%s)\n", strerror(errno));
		return 1;
	}
	char buf[512];
	ssize_t n;
	unsigned lines = 0;
	char last = '\n';
	while ((n = read(0, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n')
				lines++;
		if (put(fd, buf, (size_t)n) < 0)
			return 1;
		last = buf[n - 1];
	}
	if (last != '\n') {
		if (put(fd, "\n", 1) < 0)
			return 1;
		lines++;
	}
	close(fd);
	printf("Client sent %u lines\n", lines);
	return 0;
}
