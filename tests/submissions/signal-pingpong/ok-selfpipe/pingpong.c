/* pingpong.c - the self-pipe trick: the handler writes the signal number into
 * a pipe, the main loop blocks in read(). Each process makes its own pipe
 * after fork(); the signals stay blocked until the handler and pipe exist. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int selfpipe[2];

static void handler(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	(void)!write(selfpipe[1], &c, 1);
	errno = saved;
}

static void setup(const sigset_t *set)
{
	struct sigaction sa;
	if (pipe(selfpipe) < 0) {
		perror("pipe");
		exit(1);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigprocmask(SIG_UNBLOCK, set, NULL);
}

static int wait_signal(void)
{
	unsigned char c;
	ssize_t r;
	while ((r = read(selfpipe[0], &c, 1)) < 0 && errno == EINTR)
		;
	if (r != 1) {
		perror("read");
		exit(1);
	}
	return c;
}

int main(int argc, char **argv)
{
	int n = 0;
	char extra;
	if (argc != 2 || sscanf(argv[1], "%d%c", &n, &extra) != 1 || n < 1 || n > 100000) {
		fprintf(stderr, "usage: %s N\n", argv[0]);
		return 2;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	setup(&set);
	if (pid == 0) {
		int i = 0;
		while (wait_signal() == SIGUSR1) {
			printf("Pong %d\n", ++i);
			fflush(stdout);
			kill(getppid(), SIGUSR2);
		}
		close(selfpipe[0]);
		close(selfpipe[1]);
		return 0;
	}
	for (int i = 1; i <= n; i++) {
		printf("Ping %d\n", i);
		fflush(stdout);
		kill(pid, SIGUSR1);
		while (wait_signal() != SIGUSR2)
			;
	}
	kill(pid, SIGTERM);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(selfpipe[0]);
	close(selfpipe[1]);
	printf("Done after %d rounds\n", n);
	return 0;
}
