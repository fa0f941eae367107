/* pipeline: reference program of the pipeline assignment.
 *
 * `pipeline DIR` runs the shell's `ls -1 DIR | sort -r | head -n 3` without
 * a shell: two pipes, three children, each with its ends put in place by
 * dup2 and every other end closed, then execlp. The parent closes all four
 * ends (a write end left open anywhere means sort or head never sees end of
 * file), waits for the three children and exits with head's status
 * (128 + N when signal N killed it), as the shell does. DIR is one argument
 * to ls, never shell syntax. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Closes the four pipe ends (some may already be -1). */
static void
close_all(int p1[2], int p2[2])
{
	int *ends[] = { &p1[0], &p1[1], &p2[0], &p2[1] };

	for (size_t i = 0; i < 4; i++)
		if (*ends[i] >= 0) {
			close(*ends[i]);
			*ends[i] = -1;
		}
}

/* Forks one stage: in the child, in_fd becomes stdin and out_fd stdout
 * (-1: keep the parent's), every pipe end is closed, then argv runs. */
static pid_t
stage(int in_fd, int out_fd, int p1[2], int p2[2], char *const argv[])
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if ((in_fd >= 0 && dup2(in_fd, STDIN_FILENO) < 0) || (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)) {
		perror("dup2");
		_exit(127);
	}
	close_all(p1, p2);
	execlp(argv[0], argv[0], argv[1], argv[2], (char *)NULL);
	perror(argv[0]);
	_exit(127);
}

/* Waits for pid; its status as the shell reports it, or -1. */
static int
wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			return -1;
		}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Usage errors exit 2, failures to set up the pipeline 1. */
int
main(int argc, char *argv[])
{
	int p1[2] = { -1, -1 }, p2[2] = { -1, -1 }, status = EXIT_FAILURE;
	pid_t pids[3] = { -1, -1, -1 };

	if (argc != 2) {
		fprintf(stderr, "Usage: %s DIR\n", argc > 0 ? argv[0] : "pipeline");
		return 2;
	}
	if (pipe(p1) != 0 || pipe(p2) != 0) {
		perror("pipe");
		close_all(p1, p2);
		return EXIT_FAILURE;
	}
	char *ls[] = { "ls", "-1", argv[1] };
	char *sort[] = { "sort", "-r", NULL };
	char *head[] = { "head", "-n", "3" };
	pids[0] = stage(-1, p1[1], p1, p2, ls);
	if (pids[0] > 0)
		pids[1] = stage(p1[0], p2[1], p1, p2, sort);
	if (pids[1] > 0)
		pids[2] = stage(p2[0], -1, p1, p2, head);
	if (pids[2] < 0)
		perror("fork");
	close_all(p1, p2); /* before waiting: else sort and head wait forever */
	for (int i = 0; i < 3; i++)
		if (pids[i] > 0) {
			int s = wait_status(pids[i]);
			if (i == 2 && s >= 0)
				status = s;
		}
	return status;
}
