/* fifo_server.c - one open for the whole life of the server: O_RDWR makes
 * the server a writer too, so read never sees end of file between clients. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *path = "myfifo";
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (mkfifo(path, 0666) != 0) {
		fprintf(stderr, "fifo_server: cannot create %s: ", path);
		perror(NULL);
		return 1;
	}
	puts("Server ready");
	fflush(stdout);
	int fd = open(path, O_RDWR);
	FILE *in = fd < 0 ? NULL : fdopen(fd, "r");
	if (in == NULL) {
		perror("fifo_server: open");
		unlink(path);
		return 1;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (strcmp(line, "quit") == 0)
			break;
		printf("Server received: %s\n", line);
		fflush(stdout);
	}
	free(line);
	fclose(in);
	if (unlink(path) != 0) {
		perror("fifo_server: unlink");
		return 1;
	}
	puts("Server done");
	return 0;
}
