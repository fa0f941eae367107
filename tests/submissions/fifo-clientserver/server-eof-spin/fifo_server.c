/* fifo_server.c - prints what the clients write into myfifo */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char buf[4096], line[4096];
	size_t len = 0;
	int done = 0;

	if (mkfifo("myfifo", 0666) < 0) {
		perror("mkfifo");
		return 1;
	}
	printf("Server ready\n");
	fflush(stdout);
	int fd = open("myfifo", O_RDONLY);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	while (!done) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0)
			break;
		/* MISTAKE: n == 0 (the client closed) is read again at once, no reopen */
		for (ssize_t i = 0; i < n && !done; i++) {
			if (buf[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = buf[i];
				continue;
			}
			line[len] = '\0';
			len = 0;
			if (strcmp(line, "quit") == 0)
				done = 1;
			else
				printf("Server received: %s\n", line);
		}
	}
	close(fd);
	unlink("myfifo");
	printf("Server done\n");
	return 0;
}
