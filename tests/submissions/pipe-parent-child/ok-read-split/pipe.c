/* pipe.c - parent -> pipe -> child, with plain read() and write(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 8192

static char pending[MAXLINE];
static size_t plen;

static void flush_line(void)
{
	pending[plen] = '\0';
	printf("Child read: %s\n", pending);
	plen = 0;
}

static int run_child(int r)
{
	char chunk[16];
	ssize_t n;

	for (;;) {
		n = read(r, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] == '\n')
				flush_line();
			else if (plen < MAXLINE - 1)
				pending[plen++] = chunk[i];
		}
	}
	close(r);
	if (n < 0) {
		fprintf(stderr, "child: read failed: %s\n", strerror(errno));
		return 1;
	}
	if (plen)
		flush_line();
	printf("Child: end of input\n");
	return 0;
}

int main(void)
{
	int p[2];
	if (pipe(p)) {
		fprintf(stderr, "cannot create the pipe: %s\n", strerror(errno));
		return 1;
	}
	pid_t child = fork();
	if (child < 0) {
		fprintf(stderr, "cannot fork: %s\n", strerror(errno));
		return 1;
	}
	if (child == 0) {
		close(p[1]);
		return run_child(p[0]);
	}
	close(p[0]);
	char chunk[16];
	ssize_t n;
	while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (write(p[1], chunk, n) != n)
			break;
	}
	close(p[1]);
	int st;
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	printf("Parent: child exited with status %d\n", WEXITSTATUS(st));
	return 0;
}
