/* pingpong.c - signals accepted synchronously with sigwaitinfo: no handlers */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int next_signal(const sigset_t *set)
{
	int sig;
	while ((sig = sigwaitinfo(set, NULL)) < 0 && errno == EINTR)
		;
	return sig;
}

int main(int argc, char **argv)
{
	char *end = NULL;
	long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || *end != '\0' || n < 1 || n > 100000) {
		fprintf(stderr, "Usage: pingpong ROUNDS\n");
		exit(2);
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1) {
		perror("sigprocmask");
		exit(1);
	}
	pid_t child = fork();
	if (child == -1) {
		perror("fork");
		exit(1);
	}
	if (child == 0) {
		long round = 0;
		while (next_signal(&set) == SIGUSR1) {
			printf("Pong %ld\n", ++round);
			fflush(stdout);
			kill(getppid(), SIGUSR2);
		}
		_exit(0);
	}
	for (long round = 1; round <= n; round++) {
		printf("Ping %ld\n", round);
		fflush(stdout);
		kill(child, SIGUSR1);
		while (next_signal(&set) != SIGUSR2)
			;
	}
	kill(child, SIGTERM);
	int status;
	if (waitpid(child, &status, 0) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "child failed\n");
		exit(1);
	}
	printf("Done after %ld rounds\n", n);
	return 0;
}
