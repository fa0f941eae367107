/* reaper.c - SIGCHLD accepted with sigwaitinfo; every wake-up reaps all it can */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n;
	char junk;
	if (argc != 2 || sscanf(argv[1], "%d%c", &n, &junk) != 1 || n < 1 || n > 200) {
		fprintf(stderr, "Usage: reaper N (N from 1 to 200)\n");
		exit(2);
	}
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) {
		perror("sigprocmask");
		exit(1);
	}
	int gate[2];
	if (pipe(gate) < 0) {
		perror("pipe");
		exit(1);
	}
	for (int i = 1; i <= n; i++) {
		switch (fork()) {
		case -1:
			perror("fork");
			exit(1);
		case 0: {
			char c;
			close(gate[1]);
			while (read(gate[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(i % 256);
		}
		}
	}
	close(gate[0]);
	close(gate[1]);
	int count = 0;
	long sum = 0;
	while (count < n) {
		if (sigwaitinfo(&chld, NULL) < 0) {
			if (errno == EINTR)
				continue;
			perror("sigwaitinfo");
			exit(1);
		}
		int st;
		pid_t p;
		while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
			count++;
			if (WIFEXITED(st))
				sum += WEXITSTATUS(st);
		}
	}
	printf("Reaped %d children, status sum %ld\n", count, sum);
	return 0;
}
