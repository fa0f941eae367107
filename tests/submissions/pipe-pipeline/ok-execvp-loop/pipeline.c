/* pipeline.c - ls -1 DIR | sort -r | head -n 3, one loop over the stages */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NSTAGES 3

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "Usage: pipeline DIR\n");
		exit(2);
	}
	char *cmds[NSTAGES][4] = {
		{ "ls", "-1", argv[1], NULL },
		{ "sort", "-r", NULL, NULL },
		{ "head", "-n", "3", NULL },
	};
	int pipes[NSTAGES - 1][2];
	pid_t pids[NSTAGES];

	for (int i = 0; i < NSTAGES - 1; i++)
		if (pipe(pipes[i]) < 0) {
			fprintf(stderr, "pipe: %s\n", strerror(errno));
			exit(1);
		}
	for (int i = 0; i < NSTAGES; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			fprintf(stderr, "fork: %s\n", strerror(errno));
			exit(1);
		}
		if (pids[i] == 0) {
			if (i > 0)
				dup2(pipes[i - 1][0], STDIN_FILENO);
			if (i < NSTAGES - 1)
				dup2(pipes[i][1], STDOUT_FILENO);
			for (int j = 0; j < NSTAGES - 1; j++) {
				close(pipes[j][0]);
				close(pipes[j][1]);
			}
			execvp(cmds[i][0], cmds[i]);
			fprintf(stderr, "%s: %s\n", cmds[i][0], strerror(errno));
			_exit(127);
		}
	}
	for (int j = 0; j < NSTAGES - 1; j++) {
		close(pipes[j][0]);
		close(pipes[j][1]);
	}
	int rc = 1;
	for (int i = 0; i < NSTAGES; i++) {
		int st;
		if (waitpid(pids[i], &st, 0) < 0)
			continue;
		if (i == NSTAGES - 1)
			rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	return rc;
}
