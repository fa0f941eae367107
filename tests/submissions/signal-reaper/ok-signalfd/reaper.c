/* reaper.c - SIGCHLD read from a signalfd */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	char *end;
	long n = 0;
	if (argc == 2)
		n = strtol(argv[1], &end, 10);
	if (argc != 2 || *end != '\0' || n < 1 || n > 200) {
		fprintf(stderr, "usage: reaper N\n");
		return 2;
	}
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		perror("signalfd");
		return 1;
	}
	int release[2];
	if (pipe(release)) {
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
			close(sfd);
			close(release[1]);
			(void)!read(release[0], &c, 1);
			_exit((int)(i % 256));
		}
	}
	close(release[0]);
	close(release[1]);
	long reaped = 0, sum = 0;
	while (reaped < n) {
		struct signalfd_siginfo si;
		if (read(sfd, &si, sizeof si) != sizeof si) {
			perror("read");
			return 1;
		}
		int status;
		while (waitpid(-1, &status, WNOHANG) > 0) {
			reaped++;
			sum += WEXITSTATUS(status);
		}
	}
	close(sfd);
	printf("Reaped %ld children, status sum %ld\n", reaped, sum);
	return 0;
}
