/* pingpong.c - signals read from a signalfd, one descriptor per process */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

static int read_signal(int fd)
{
	struct signalfd_siginfo si;
	if (read(fd, &si, sizeof(si)) != sizeof(si)) {
		perror("read signalfd");
		exit(1);
	}
	return (int)si.ssi_signo;
}

int main(int argc, char *argv[])
{
	long n;
	char *end;
	if (argc != 2 || (n = strtol(argv[1], &end, 10), *end) || n < 1 || n > 100000) {
		fprintf(stderr, "usage: pingpong N\n");
		return 2;
	}
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		perror("signalfd");
		return 1;
	}
	if (pid == 0) {
		for (long i = 1; read_signal(sfd) == SIGUSR1; i++) {
			printf("Pong %ld\n", i);
			fflush(stdout);
			kill(getppid(), SIGUSR2);
		}
		close(sfd);
		return 0;
	}
	for (long i = 1; i <= n; i++) {
		printf("Ping %ld\n", i);
		fflush(stdout);
		kill(pid, SIGUSR1);
		while (read_signal(sfd) != SIGUSR2)
			;
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	close(sfd);
	printf("Done after %ld rounds\n", n);
	return 0;
}
