/* pingpong.c - signal() and pause(), the textbook way.
 * MISTAKE: kill(), then pause(): an answer that comes before pause() is lost. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void handler(int sig)
{
	(void)sig;
	got = 1;
}

static void term(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc != 2 || atoi(argv[1]) < 1 || atoi(argv[1]) > 100000) {
		fprintf(stderr, "usage: %s N\n", argv[0]);
		return 2;
	}
	int n = atoi(argv[1]);
	signal(SIGUSR1, handler);
	signal(SIGUSR2, handler);
	signal(SIGTERM, term);
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 1;; i++) {
			pause();
			printf("Pong %d\n", i);
			fflush(stdout);
			kill(getppid(), SIGUSR2);
		}
	}
	for (int i = 1; i <= n; i++) {
		printf("Ping %d\n", i);
		fflush(stdout);
		kill(pid, SIGUSR1);
		pause();
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	printf("Done after %d rounds\n", n);
	return 0;
}
