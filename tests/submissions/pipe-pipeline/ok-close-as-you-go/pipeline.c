/* pipeline.c - ls -1 DIR | sort -r | head -n 3
 * Each pipe end is closed in the parent as soon as the child that needs it
 * has been forked, so the parent never holds more than it must. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char *argv[])
{
	int a[2], b[2], st;
	pid_t kids[3];

	if (argc != 2) {
		fputs("pipeline: exactly one argument (a folder) expected\n", stderr);
		return 2;
	}
	if (pipe(a) < 0)
		die("pipe");
	if ((kids[0] = fork()) < 0)
		die("fork");
	if (kids[0] == 0) {
		close(a[0]);
		if (dup2(a[1], STDOUT_FILENO) < 0)
			die("dup2");
		close(a[1]);
		execlp("ls", "ls", "-1", argv[1], (char *)0);
		die("ls");
	}
	close(a[1]);
	if (pipe(b) < 0)
		die("pipe");
	if ((kids[1] = fork()) < 0)
		die("fork");
	if (kids[1] == 0) {
		close(b[0]);
		if (dup2(a[0], STDIN_FILENO) < 0 || dup2(b[1], STDOUT_FILENO) < 0)
			die("dup2");
		close(a[0]);
		close(b[1]);
		execlp("sort", "sort", "-r", (char *)0);
		die("sort");
	}
	close(a[0]);
	close(b[1]);
	if ((kids[2] = fork()) < 0)
		die("fork");
	if (kids[2] == 0) {
		if (dup2(b[0], STDIN_FILENO) < 0)
			die("dup2");
		close(b[0]);
		execlp("head", "head", "-n", "3", (char *)0);
		die("head");
	}
	close(b[0]);
	waitpid(kids[0], NULL, 0);
	waitpid(kids[1], NULL, 0);
	if (waitpid(kids[2], &st, 0) < 0)
		die("waitpid");
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}
