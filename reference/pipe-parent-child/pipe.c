/* pipe: reference program of the parent/child pipe assignment.
 *
 * The parent copies its standard input into a pipe, closes the write end and
 * waits for the child; the child reads the pipe until end of file and prints
 * every line. Both ends are closed where they are not used: a write end left
 * open in the child (or in the parent) means the child never sees end of
 * file, and the program never ends. The parent forwards what each read()
 * gives, so the child sees lines split across reads, as any pipe reader may. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Prints one line of the child's input (without its newline). */
static void
print_line(const char *line, size_t len)
{
	printf("Child read: %.*s\n", (int)len, line);
}

/* The child: reads until end of file, gathering lines across reads (a line
 * may arrive in pieces, several lines in one piece); a last line without a
 * newline counts. Returns the exit status. */
static int
child(int rfd)
{
	char *buf = NULL, chunk[4096];
	size_t len = 0, cap = 0;
	ssize_t n;
	int rc = EXIT_SUCCESS;

	for (;;) {
		n = read(rfd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("read");
			rc = EXIT_FAILURE;
			break;
		}
		if (n == 0)
			break;
		if (len + (size_t)n > cap) {
			size_t ncap = (len + (size_t)n) * 2;
			char *nb = realloc(buf, ncap);
			if (!nb) {
				perror("realloc");
				rc = EXIT_FAILURE;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
		/* every complete line in the buffer, the rest kept for later */
		size_t start = 0;
		for (size_t i = 0; i < len; i++)
			if (buf[i] == '\n') {
				print_line(buf + start, i - start);
				start = i + 1;
			}
		memmove(buf, buf + start, len - start);
		len -= start;
	}
	if (rc == EXIT_SUCCESS && len > 0)
		print_line(buf, len);
	free(buf);
	close(rfd);
	if (rc == EXIT_SUCCESS)
		printf("Child: end of input\n");
	return rc;
}

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

/* The parent: stdin into the pipe. Returns 0, or -1 after an error. */
static int
forward_stdin(int wfd)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("read stdin");
			return -1;
		}
		if (n == 0)
			return 0;
		if (write_all(wfd, buf, (size_t)n) != 0) {
			perror("write pipe");
			return -1;
		}
	}
}

/* SIGPIPE ignored in the parent: a child that died early gives EPIPE, which
 * is reported, and the parent still waits for it. */
int
main(void)
{
	int fd[2], st, rc;
	pid_t pid;

	if (pipe(fd) != 0) {
		perror("pipe");
		return EXIT_FAILURE;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return EXIT_FAILURE;
	}
	if (pid == 0) {
		close(fd[1]); /* else the child holds a write end and never sees EOF */
		exit(child(fd[0]));
	}
	close(fd[0]);
	signal(SIGPIPE, SIG_IGN);
	rc = forward_stdin(fd[1]);
	close(fd[1]); /* end of file for the child */
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			return EXIT_FAILURE;
		}
	printf("Parent: child exited with status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
