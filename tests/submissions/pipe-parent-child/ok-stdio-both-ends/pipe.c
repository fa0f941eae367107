/* pipe.c - the parent sends its input to the child through a pipe.
 * The parent writes through a FILE (flushed by fclose), the child reads one
 * byte at a time, building its lines with putchar. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void child(int rfd)
{
	char c;
	int at_start = 1;

	while (read(rfd, &c, 1) == 1) {
		if (at_start)
			fputs("Child read: ", stdout);
		putchar(c);
		at_start = (c == '\n');
	}
	if (!at_start)
		putchar('\n');
	close(rfd);
	puts("Child: end of input");
}

int main(void)
{
	int fds[2], status;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *out;

	if (pipe(fds) < 0) {
		perror("pipe");
		return 1;
	}
	switch (fork()) {
	case -1:
		perror("fork");
		return 1;
	case 0:
		close(fds[1]);
		child(fds[0]);
		exit(EXIT_SUCCESS);
	}
	close(fds[0]);
	out = fdopen(fds[1], "w");
	if (out == NULL) {
		perror("fdopen");
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) > 0)
		fwrite(line, 1, (size_t)len, out);
	free(line);
	fclose(out);
	if (wait(&status) < 0) {
		perror("wait");
		return 1;
	}
	printf("Parent: child exited with status %d\n", WEXITSTATUS(status));
	return 0;
}
