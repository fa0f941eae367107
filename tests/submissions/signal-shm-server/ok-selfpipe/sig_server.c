/* sig_server.c - self-pipe: the handler writes the signal number into a pipe,
 * the loop waits for it with select() between two looks at the segment */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/select.h>
#include <sys/shm.h>
#include <unistd.h>

static int sp[2];

static void handler(int sig)
{
	int e = errno;
	unsigned char b = (unsigned char)sig;
	(void)!write(sp[1], &b, 1);
	errno = e;
}

int main(void)
{
	if (pipe(sp) < 0) {
		perror("pipe");
		exit(EXIT_FAILURE);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0) {
		perror("sigaction");
		exit(EXIT_FAILURE);
	}
	int shmid = shmget(1234, 1, IPC_CREAT | 0666);
	if (shmid < 0) {
		perror("shmget");
		close(sp[0]);
		close(sp[1]);
		exit(EXIT_FAILURE);
	}
	volatile char *shm = shmat(shmid, NULL, 0);
	if (shm == (void *)-1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		exit(EXIT_FAILURE);
	}
	*shm = 0;
	char prev = 0;
	int sig = 0;
	while (!sig) {
		fd_set r;
		FD_ZERO(&r);
		FD_SET(sp[0], &r);
		struct timeval tv = { 0, 100000 };
		int n = select(sp[0] + 1, &r, NULL, NULL, &tv);
		if (n > 0) {
			unsigned char b;
			if (read(sp[0], &b, 1) == 1)
				sig = b;
			continue;
		}
		if (n < 0 && errno != EINTR) {
			perror("select");
			break;
		}
		if (*shm != prev) {
			prev = *shm;
			printf("You pressed %c\n", prev);
			fflush(stdout);
			if (prev == 'q')
				break;
		}
	}
	shmdt((void *)shm);
	shmctl(shmid, IPC_RMID, NULL);
	close(sp[0]);
	close(sp[1]);
	if (sig)
		printf("Server: caught %s, segment removed\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}
