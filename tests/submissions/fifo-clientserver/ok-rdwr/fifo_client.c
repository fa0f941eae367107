/* fifo_client.c - writes its input lines to myfifo through a FILE */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;

	signal(SIGPIPE, SIG_IGN);
	int fd = open("myfifo", O_WRONLY);
	if (fd < 0) {
		perror("fifo_client: myfifo");
		return 1;
	}
	FILE *out = fdopen(fd, "w");
	if (!out) {
		perror("fdopen");
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		fprintf(out, "%s\n", line);
		if (fflush(out) == EOF) {
			perror("fifo_client: write");
			return 1;
		}
		n++;
	}
	free(line);
	if (fclose(out) == EOF) {
		perror("fifo_client: close");
		return 1;
	}
	printf("Client sent %ld lines\n", n);
	return 0;
}
