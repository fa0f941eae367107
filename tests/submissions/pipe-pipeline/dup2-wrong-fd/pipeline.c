/* pipeline.c - ls -1 DIR | sort -r | head -n 3 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int p1[2], p2[2];
	pid_t ls, sort, head;
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (pipe(p1) == -1 || pipe(p2) == -1) {
		perror("pipe");
		return 1;
	}

	ls = fork();
	if (ls == 0) {
		dup2(p1[1], 0); /* MISTAKE: onto stdin, not stdout */
		close(p1[0]);
		close(p1[1]);
		close(p2[0]);
		close(p2[1]);
		execlp("ls", "ls", "-1", argv[1], NULL);
		perror("execlp ls");
		exit(1);
	}

	sort = fork();
	if (sort == 0) {
		dup2(p1[0], 0);
		dup2(p2[1], 1);
		close(p1[0]);
		close(p1[1]);
		close(p2[0]);
		close(p2[1]);
		execlp("sort", "sort", "-r", NULL);
		perror("execlp sort");
		exit(1);
	}

	head = fork();
	if (head == 0) {
		dup2(p2[0], 0);
		close(p1[0]);
		close(p1[1]);
		close(p2[0]);
		close(p2[1]);
		execlp("head", "head", "-n", "3", NULL);
		perror("execlp head");
		exit(1);
	}

	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);

	waitpid(ls, NULL, 0);
	waitpid(sort, NULL, 0);
	waitpid(head, &status, 0);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
