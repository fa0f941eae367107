/* pingpong.c - parent and child take turns with SIGUSR1 and SIGUSR2 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, usr2, term;

static void on_sig(int sig)
{
	if (sig == SIGUSR1)
		usr1 = 1;
	else if (sig == SIGUSR2)
		usr2 = 1;
	else
		term = 1;
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int main(int argc, char **argv)
{
	char *end;
	long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || *end || n < 1 || n > 100000) {
		fprintf(stderr, "usage: %s N (1..100000)\n", argv[0]);
		return 2;
	}
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	install();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		pid_t parent = getppid();
		long i = 0;
		for (;;) {
			/* MISTAKE: waits for SIGUSR1 only; SIGTERM stays blocked and pending */
			sigset_t only;
			int sig;
			sigemptyset(&only);
			sigaddset(&only, SIGUSR1);
			sigwait(&only, &sig);
			printf("Pong %ld\n", ++i);
			fflush(stdout);
			kill(parent, SIGUSR2);
		}
		exit(0);
	}
	for (long i = 1; i <= n; i++) {
		printf("Ping %ld\n", i);
		fflush(stdout);
		kill(pid, SIGUSR1);
		while (!usr2)
			sigsuspend(&old);
		usr2 = 0;
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	printf("Done after %ld rounds\n", n);
	return 0;
}
