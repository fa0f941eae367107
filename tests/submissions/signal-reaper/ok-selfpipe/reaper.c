#define _GNU_SOURCE
/* reaper.c - self-pipe: the SIGCHLD handler writes one byte, the main loop
 * blocks in read() (restarted by SA_RESTART, and retried on EINTR anyway) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int wake[2];

static void chld(int sig)
{
	int e = errno;
	(void)sig;
	(void)!write(wake[1], "x", 1); /* non-blocking: a full pipe already wakes us */
	errno = e;
}

int main(int argc, char **argv)
{
	long n;
	char *end;
	if (argc != 2 || (n = strtol(argv[1], &end, 10), *end) || n < 1 || n > 200) {
		fprintf(stderr, "usage: %s N\n", argv[0]);
		return 2;
	}
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		perror("pipe2");
		return 1;
	}
	fcntl(wake[0], F_SETFL, 0); /* the reading end blocks */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = chld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	int go[2];
	if (pipe(go) < 0) {
		perror("pipe");
		return 1;
	}
	for (long i = 1; i <= n; i++) {
		pid_t p = fork();
		if (p < 0) {
			perror("fork");
			return 1;
		}
		if (p == 0) {
			char c;
			close(wake[0]);
			close(wake[1]);
			close(go[1]);
			while (read(go[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(i % 256);
		}
	}
	close(go[0]);
	close(go[1]);
	long reaped = 0, sum = 0;
	for (;;) {
		int status;
		pid_t p;
		while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
			reaped++;
			sum += WEXITSTATUS(status);
		}
		if (reaped == n)
			break;
		char buf[64];
		if (read(wake[0], buf, sizeof buf) < 0 && errno != EINTR) {
			perror("read");
			return 1;
		}
	}
	close(wake[0]);
	close(wake[1]);
	printf("Reaped %ld children, status sum %ld\n", reaped, sum);
	return 0;
}
