/* Attack: signal our parent, the sandbox's init, and the harness by every
 * pid we can guess (argv[1], if given, is the harness's host pid). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line per attempt. */
static void
try(const char *what, pid_t pid, int sig)
{
	int rc = kill(pid, sig);
	printf("KILL %s %d %s: %s\n", what, (int)pid, strsignal(sig), rc == 0 ? "sent" : strerror(errno));
}

int
main(int argc, char **argv)
{
	try("parent", getppid(), SIGSTOP);
	try("parent", getppid(), SIGTERM);
	try("parent", getppid(), SIGKILL);
	try("init", 1, SIGSTOP);
	try("init", 1, SIGKILL);
	if (argc > 1) {
		pid_t h = (pid_t)atoi(argv[1]);
		try("harness", h, SIGKILL);
		try("harness-parent", h - 1, SIGKILL);
	}
	for (pid_t p = 2; p < 64; p++) /* whatever else is there */
		if (p != getpid())
			kill(p, SIGKILL);
	puts("DONE");
	return 0;
}
