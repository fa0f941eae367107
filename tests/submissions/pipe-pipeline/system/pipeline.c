/* pipeline.c - ls -1 DIR | sort -r | head -n 3 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int main(int argc, char *argv[])
{
	char cmd[4096];
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	/* MISTAKE: system() runs /bin/sh -c: no pipe, fork, dup2 or exec of our own */
	snprintf(cmd, sizeof(cmd), "ls -1 %s | sort -r | head -n 3", argv[1]);
	status = system(cmd);
	if (status == -1) {
		perror("system");
		return 1;
	}
	return WEXITSTATUS(status);
}
