/* reaper: reference for the signals assignment "reaper".
 *
 * ./reaper N forks N children that are released together (they wait for the
 * end of file on one pipe, which the parent closes once all are forked);
 * child i exits with status i % 256. The parent reaps them as SIGCHLD
 * arrives and prints "Reaped N children, status sum S".
 *
 * Several children ending at once may raise one SIGCHLD between them (a
 * pending signal is a bit, not a count), so every wake-up reaps with
 * waitpid(-1, WNOHANG) until nothing is left to reap. SIGCHLD is blocked
 * outside sigsuspend, so the one that ends the last child cannot come between
 * the count's test and the sleep. The handler only sets a flag. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_chld;

/* Records the signal; the main flow reaps. */
static void
on_chld(int sig)
{
	(void)sig;
	got_chld = 1;
}

/* 1 <= N <= 200, digits only. */
static int
parse_count(const char *s, long *n)
{
	char *end;

	errno = 0;
	*n = strtol(s, &end, 10);
	return !errno && end != s && *end == '\0' && *n >= 1 && *n <= 200;
}

/* A child: wait for the release (end of file), then exit with its status. */
static void
child(int release, long i)
{
	char c;

	while (read(release, &c, 1) < 0 && errno == EINTR)
		;
	_exit((int)(i % 256));
}

/* Every child that has ended, without blocking; adds to *count and *sum. */
static void
reap_all(long *count, long *sum)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0) {
		++*count;
		if (WIFEXITED(status))
			*sum += WEXITSTATUS(status);
	}
}

/* Forks, releases, reaps until all N are gone. */
int
main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, waitmask;
	long n, count = 0, sum = 0;
	int release[2];

	if (argc != 2 || !parse_count(argv[1], &n)) {
		fprintf(stderr, "usage: %s N   (1 <= N <= 200)\n", argv[0]);
		return 2;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &block, &waitmask) != 0) {
		perror("sigprocmask");
		return 1;
	}
	sigdelset(&waitmask, SIGCHLD);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &sa, NULL) != 0) {
		perror("sigaction");
		return 1;
	}
	if (pipe(release) != 0) {
		perror("pipe");
		return 1;
	}
	fflush(stdout);
	for (long i = 1; i <= n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1; /* the children still get their end of file */
		}
		if (pid == 0) {
			close(release[1]);
			child(release[0], i);
		}
	}
	close(release[0]);
	close(release[1]); /* every child sees end of file at once */
	while (count < n) {
		while (!got_chld)
			sigsuspend(&waitmask);
		got_chld = 0;
		reap_all(&count, &sum);
	}
	printf("Reaped %ld children, status sum %ld\n", count, sum);
	return 0;
}
