/* sig_server.c - SIGINT/SIGTERM read from a signalfd; poll() on it is the
 * pause between two looks at the segment */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define SHMKEY 1234

int main(void)
{
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	int sfd = signalfd(-1, &mask, 0);
	if (sfd < 0) {
		perror("signalfd");
		return 1;
	}
	int shmid = shmget(SHMKEY, 1, IPC_CREAT | 0666);
	if (shmid < 0) {
		perror("shmget");
		close(sfd);
		return 1;
	}
	char *shm = shmat(shmid, 0, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, 0);
		close(sfd);
		return 1;
	}
	shm[0] = 0;
	char old = 0;
	const char *why = NULL;
	while (!why) {
		struct pollfd pfd = { .fd = sfd, .events = POLLIN };
		if (poll(&pfd, 1, 100) > 0) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == sizeof si)
				why = si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM";
			break;
		}
		char now = *(volatile char *)shm;
		if (now != old) {
			old = now;
			printf("You pressed %c\n", now);
			fflush(stdout);
			if (now == 'q')
				break;
		}
	}
	if (shmdt(shm) < 0)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, 0) < 0)
		perror("shmctl");
	close(sfd);
	if (why)
		printf("Server: caught %s, segment removed\n", why);
	return 0;
}
