/* fifo_server: reference server of the FIFO client/server assignment.
 *
 * Makes the FIFO myfifo in its working directory (an existing one is an
 * error: another server may own it), then serves clients one after another:
 * it opens the FIFO for reading (the open waits for a writer), prints every
 * line until end of file (the client closed), and opens it again for the
 * next client. The line "quit" stops it: it closes and unlinks the FIFO.
 * SIGINT/SIGTERM unlink it too (the process then dies of that signal). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define FIFO_NAME "myfifo"

/* Unlinks the FIFO and dies of the signal: nothing is left behind. */
static void
on_stop(int sig)
{
	unlink(FIFO_NAME);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line from a client (without its newline); true when it was "quit". */
static bool
handle_line(const char *line, size_t len)
{
	if (len == 4 && memcmp(line, "quit", 4) == 0)
		return true;
	printf("Server received: %.*s\n", (int)len, line);
	fflush(stdout); /* whoever watches sees each line as it comes, on a pipe too */
	return false;
}

/* Reads one client session (until end of file) from fd, gathering lines
 * across reads. Returns 1 after "quit", 0 at end of file, -1 on error. */
static int
serve(int fd)
{
	char *buf = NULL, chunk[4096];
	size_t len = 0, cap = 0;
	int rc = 0;

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("read " FIFO_NAME);
			rc = -1;
			break;
		}
		if (n == 0) {
			/* a last line without a newline counts */
			if (len > 0 && handle_line(buf, len))
				rc = 1;
			break;
		}
		if (len + (size_t)n > cap) {
			size_t ncap = (len + (size_t)n) * 2;
			char *nb = realloc(buf, ncap);
			if (!nb) {
				perror("realloc");
				rc = -1;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
		size_t start = 0;
		for (size_t i = 0; i < len && rc == 0; i++)
			if (buf[i] == '\n') {
				if (handle_line(buf + start, i - start))
					rc = 1;
				start = i + 1;
			}
		if (rc != 0)
			break;
		memmove(buf, buf + start, len - start);
		len -= start;
	}
	free(buf);
	return rc;
}

/* Exit 1 when the FIFO exists already or cannot be made or read. */
int
main(void)
{
	int rc = 0;

	if (mkfifo(FIFO_NAME, 0666) != 0) {
		perror("mkfifo " FIFO_NAME);
		return EXIT_FAILURE;
	}
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	printf("Server ready\n");
	fflush(stdout);
	while (rc == 0) {
		int fd = open(FIFO_NAME, O_RDONLY); /* waits for the next client */
		if (fd < 0 && errno == EINTR)
			continue;
		if (fd < 0) {
			perror("open " FIFO_NAME);
			rc = -1;
			break;
		}
		rc = serve(fd);
		close(fd);
	}
	if (unlink(FIFO_NAME) != 0) {
		perror("unlink " FIFO_NAME);
		return EXIT_FAILURE;
	}
	if (rc < 0)
		return EXIT_FAILURE;
	printf("Server done\n");
	return EXIT_SUCCESS;
}
