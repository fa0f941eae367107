/* reaper.c - forks N children and reaps them from the SIGCHLD handler */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t reaped;
static volatile sig_atomic_t sum;

static void on_chld(int sig)
{
	int saved = errno, status;
	(void)sig;
	while (waitpid(-1, &status, WNOHANG) > 0) {
		reaped++;
		if (WIFEXITED(status))
			sum += WEXITSTATUS(status);
	}
	errno = saved;
}

int main(int argc, char **argv)
{
	char *end;
	long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || *end || n < 1 || n > 200) {
		fprintf(stderr, "usage: %s N (1..200)\n", argv[0]);
		return 2;
	}
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	int go[2];
	if (pipe(go) < 0) {
		perror("pipe");
		return 1;
	}
	for (long i = 1; i <= n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			char c;
			close(go[1]);
			(void)!read(go[0], &c, 1); /* released when the parent closes the pipe */
			_exit(i % 256);
		}
	}
	close(go[0]);
	close(go[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (reaped < n)
		; /* MISTAKE: busy wait on the counter */
	printf("Reaped %d children, status sum %d\n", (int)reaped, (int)sum);
	return 0;
}
