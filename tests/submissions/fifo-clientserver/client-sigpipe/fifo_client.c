/* fifo_client.c - sends its input lines to the server through myfifo */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIFO "myfifo"

int main(void)
{
	char line[4096];
	int count = 0;

	/* MISTAKE: SIGPIPE not ignored: a write without a reader kills the client */
	int fd = open(FIFO, O_WRONLY);
	if (fd == -1) {
		perror("open myfifo");
		exit(1);
	}
	while (fgets(line, sizeof(line) - 1, stdin) != NULL) {
		size_t len = strlen(line);
		if (line[len - 1] != '\n') {
			line[len++] = '\n';
			line[len] = '\0';
		}
		if (write(fd, line, len) == -1) {
			perror("write");
			exit(1);
		}
		count++;
	}
	close(fd);
	printf("Client sent %d lines\n", count);
	return 0;
}
