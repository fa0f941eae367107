/* pipeline.c - ls -1 DIR | sort -r | head -n 3 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int status;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		/* MISTAKE: the shell builds the pipeline (quoted, so DIR stays one argument) */
		execlp("sh", "sh", "-c", "ls -1 \"$0\" | sort -r | head -n 3", argv[1], (char *)NULL);
		perror("sh");
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
