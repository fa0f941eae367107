/* sig_server.c - no handler at all: SIGINT and SIGTERM are blocked and the
 * wait between two looks is sigtimedwait, which returns early when one comes */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

int main(void)
{
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) != 0) {
		perror("sigprocmask");
		return EXIT_FAILURE;
	}
	int id = shmget(1234, 1, IPC_CREAT | 0666);
	if (id == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	volatile char *p = shmat(id, NULL, 0);
	if (p == (void *)-1) {
		perror("shmat");
		shmctl(id, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	*p = 0;
	char seen = 0;
	int sig = 0;
	const struct timespec period = { 0, 100000000 }; /* 0.1 s */
	for (;;) {
		sig = sigtimedwait(&stop, NULL, &period);
		if (sig > 0)
			break;
		if (errno != EAGAIN && errno != EINTR) {
			perror("sigtimedwait");
			break;
		}
		char c = *p;
		if (c == seen)
			continue;
		printf("You pressed %c\n", c);
		fflush(stdout);
		seen = c;
		if (c == 'q')
			break;
	}
	shmdt((const void *)p);
	shmctl(id, IPC_RMID, NULL);
	if (sig > 0)
		printf("Server: caught %s, segment removed\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return EXIT_SUCCESS;
}
