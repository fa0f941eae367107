/* sig_server.c - the lecture's server, stopped cleanly by SIGINT or SIGTERM */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define SHMKEY 1234

static int shmid;
static char *shm;

/* MISTAKE: all the work in the handler, printf included (not async-signal-safe) */
static void on_signal(int sig)
{
	shmdt(shm);
	shmctl(shmid, IPC_RMID, NULL);
	printf("Server: caught %s, segment removed\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	_exit(0);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	shmid = shmget(SHMKEY, 1, IPC_CREAT | 0666);
	if (shmid < 0) {
		perror("shmget");
		exit(1);
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		exit(1);
	}
	*shm = 0;
	char last = 0;
	for (;;) {
		sleep(1);
		char c = *(volatile char *)shm;
		if (c != last) {
			printf("You pressed %c\n", c);
			fflush(stdout);
			last = c;
			if (c == 'q')
				break;
		}
	}
	shmdt(shm);
	shmctl(shmid, IPC_RMID, NULL);
	return 0;
}
