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
		FILE *in = fdopen(fd[0], "r");
		char line[4096];
		while (fgets(line, sizeof(line), in) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			printf("Child read: %s\n", line);
		}
		fclose(in);
		printf("Child: end of input\n");
		exit(0);
	}
	/* parent: stdin into the pipe */
	/* MISTAKE: close(fd[0]) missing: the parent keeps the read end it never uses */
	while (fgets(buf, sizeof(buf), stdin) != NULL)
		write(fd[1], buf, strlen(buf));
	close(fd[1]);
	waitpid(pid, &status, 0);
	printf("Parent: child exited with status %d\n", WEXITSTATUS(status));
	return 0;
}
