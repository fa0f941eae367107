/* fifo_server.c - prints what the clients write into myfifo */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIFO "myfifo"

int main(void)
{
	char line[4096];
	size_t len = 0;
	char c;

	if (mkfifo(FIFO, 0666) == -1) {
		perror("mkfifo");
		exit(1);
	}
	printf("Server ready\n");
	fflush(stdout);
	/* MISTAKE: O_NONBLOCK: the open and every read return at once, the loop spins */
	int fd = open(FIFO, O_RDONLY | O_NONBLOCK);
	if (fd == -1) {
		perror("open");
		exit(1);
	}
	for (;;) {
		ssize_t n = read(fd, &c, 1);
		if (n <= 0) {
			if (n == -1 && errno != EAGAIN)
				break;
			continue;
		}
		if (c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		len = 0;
		if (strcmp(line, "quit") == 0)
			break;
		printf("Server received: %s\n", line);
	}
	close(fd);
	unlink(FIFO);
	printf("Server done\n");
	return 0;
}
