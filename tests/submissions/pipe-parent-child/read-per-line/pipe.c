/* pipe.c - the parent sends its input to the child through a pipe. */
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
		char line[4096];
		ssize_t n;
		/* MISTAKE: one read() is taken for one line */
		while ((n = read(fd[0], line, sizeof(line) - 1)) > 0) {
			line[n] = '\0';
			line[strcspn(line, "\n")] = '\0';
			printf("Child read: %s\n", line);
		}
		close(fd[0]);
		printf("Child: end of input\n");
		exit(0);
	}
	/* parent: stdin into the pipe */
	close(fd[0]);
	ssize_t n;
	while ((n = read(0, buf, sizeof(buf))) > 0)
		write(fd[1], buf, n);
	close(fd[1]);
	waitpid(pid, &status, 0);
	printf("Parent: child exited with status %d\n", WEXITSTATUS(status));
	return 0;
}
