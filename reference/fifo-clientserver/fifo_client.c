/* fifo_client: reference client of the FIFO client/server assignment.
 *
 * Opens the server's FIFO myfifo for writing (never creates it: without a
 * server there is nothing to open, and a FIFO made here would have no reader,
 * so the open would wait forever), writes every line of its input as soon as
 * it has it, and says how many it sent. SIGPIPE is ignored: a server that has
 * gone away gives EPIPE, reported like any other error. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define FIFO_NAME "myfifo"

/* Writes all of buf; a short write is continued, EINTR retried. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Exit 1 without a FIFO, or when a write fails (EPIPE: no server). */
int
main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long count = 0;
	struct stat st;
	int fd, rc = EXIT_SUCCESS;

	signal(SIGPIPE, SIG_IGN);
	do
		fd = open(FIFO_NAME, O_WRONLY); /* no O_CREAT: the server makes it */
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		perror("open " FIFO_NAME);
		return EXIT_FAILURE;
	}
	if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) {
		fprintf(stderr, "%s is not a FIFO\n", FIFO_NAME);
		close(fd);
		return EXIT_FAILURE;
	}
	while ((n = getline(&line, &cap, stdin)) != -1) {
		/* a last line without a newline is sent with one */
		if (line[n - 1] != '\n') {
			if (n + 1 >= (ssize_t)cap) {
				char *nl = realloc(line, (size_t)n + 2);
				if (!nl) {
					perror("realloc");
					rc = EXIT_FAILURE;
					break;
				}
				line = nl;
				cap = (size_t)n + 2;
			}
			line[n++] = '\n';
			line[n] = '\0';
		}
		if (write_all(fd, line, (size_t)n) != 0) {
			perror("write " FIFO_NAME);
			rc = EXIT_FAILURE;
			break;
		}
		count++;
	}
	if (rc == EXIT_SUCCESS && ferror(stdin)) {
		perror("stdin");
		rc = EXIT_FAILURE;
	}
	free(line);
	if (close(fd) != 0 && rc == EXIT_SUCCESS) {
		perror("close " FIFO_NAME);
		rc = EXIT_FAILURE;
	}
	if (rc == EXIT_SUCCESS)
		printf("Client sent %lu lines\n", count);
	return rc;
}
