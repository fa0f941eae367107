/* pingpong: reference for the signals assignment "ping-pong".
 *
 * ./pingpong N: the parent and one child take N turns, the parent printing
 * "Ping i" and sending SIGUSR1, the child printing "Pong i" and answering
 * with SIGUSR2. After round N the parent sends SIGTERM, waits for the child
 * (which exits 0) and prints "Done after N rounds".
 *
 * No signal can be lost: SIGUSR1, SIGUSR2 and SIGTERM are blocked before the
 * fork (the child inherits the mask, so a signal that comes before it waits
 * stays pending), and each side waits with sigsuspend, which unblocks them
 * and sleeps in one step. The handlers only set a flag. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2, got_term;

/* Records which signal came; the main flow acts on it. */
static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else if (sig == SIGUSR2)
		got_usr2 = 1;
	else if (sig == SIGTERM)
		got_term = 1;
}

/* 1 <= N <= 100000, digits only. */
static int
parse_rounds(const char *s, long *n)
{
	char *end;

	errno = 0;
	*n = strtol(s, &end, 10);
	return !errno && end != s && *end == '\0' && *n >= 1 && *n <= 100000;
}

/* Sleeps until *flag is set; the signals are blocked outside sigsuspend, so
 * a signal cannot slip in between the test and the sleep. */
static void
wait_for(volatile sig_atomic_t *flag, const sigset_t *waitmask)
{
	while (!*flag)
		sigsuspend(waitmask);
	*flag = 0;
}

/* The child: a Pong for every SIGUSR1 until SIGTERM. */
static int
child(const sigset_t *waitmask)
{
	pid_t parent = getppid();

	for (long i = 1;; i++) {
		while (!got_usr1 && !got_term)
			sigsuspend(waitmask);
		if (got_usr1) {
			got_usr1 = 0;
			printf("Pong %ld\n", i);
			fflush(stdout);
			kill(parent, SIGUSR2);
			continue;
		}
		return 0; /* SIGTERM, and no Ping left unanswered */
	}
}

/* Blocks the three signals, installs the handlers, forks, plays N rounds. */
int
main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, waitmask;
	long n;
	pid_t pid;
	int status;

	if (argc != 2 || !parse_rounds(argv[1], &n)) {
		fprintf(stderr, "usage: %s N   (1 <= N <= 100000)\n", argv[0]);
		return 2;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, &waitmask) != 0) {
		perror("sigprocmask");
		return 1;
	}
	sigdelset(&waitmask, SIGUSR1);
	sigdelset(&waitmask, SIGUSR2);
	sigdelset(&waitmask, SIGTERM);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || sigaction(SIGUSR2, &sa, NULL) != 0 ||
	    sigaction(SIGTERM, &sa, NULL) != 0) {
		perror("sigaction");
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(child(&waitmask));
	for (long i = 1; i <= n; i++) {
		printf("Ping %ld\n", i);
		fflush(stdout);
		kill(pid, SIGUSR1);
		wait_for(&got_usr2, &waitmask);
	}
	kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			return 1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "pingpong: the child did not exit 0\n");
		return 1;
	}
	printf("Done after %ld rounds\n", n);
	return 0;
}
