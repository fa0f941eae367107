/* pipe.c - the parent sends its input to the child through a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int fd[2];
	char buf[256];
	int status;
	pid_t pid;

	if (pipe(fd) == -1) {
		perror("pipe");
		exit(1);
	}
	pid = fork();
	if (pid == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		/* child: read the pipe until end of file */
		close(fd[1]);
		/* MISTAKE: O_NONBLOCK and a loop on EAGAIN: the child spins */
		fcntl(fd[0], F_SETFL, O_NONBLOCK);
		char line[4096];
		size_t len = 0;
		char c;
		for (;;) {
			ssize_t n = read(fd[0], &c, 1);
			if (n == 0)
				break;
			if (n < 0) {
				if (errno == EAGAIN)
					continue;
				break;
			}
			if (c == '\n') {
				line[len] = '\0';
				printf("Child read: %s\n", line);
				len = 0;
			} else if (len < sizeof(line) - 1) {
				line[len++] = c;
			}
		}
		if (len > 0) {
			line[len] = '\0';
			printf("Child read: %s\n", line);
		}
		close(fd[0]);
		printf("Child: end of input\n");
		exit(0);
	}
	/* parent: stdin into the pipe */
	close(fd[0]);
	while (fgets(buf, sizeof(buf), stdin) != NULL)
		write(fd[1], buf, strlen(buf));
	close(fd[1]);
	waitpid(pid, &status, 0);
	printf("Parent: child exited with status %d\n", WEXITSTATUS(status));
	return 0;
}
