/* server.c - lab 5: shared memory server (key 1234) */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SHMKEY 4321	/* MISTAKE: not the key of the assignment */
#define SHMSZ 1

int main(void)
{
	int shmid;
	char *shm;
	char c, last = 0;

	shmid = shmget(SHMKEY, SHMSZ, IPC_CREAT | 0666);
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

	/* look once a second; read the byte only once per round */
	for (;;) {
		sleep(1);
		c = *(volatile char *)shm;
		if (c == last)
			continue;
		printf("You pressed %c\n", c);
		fflush(stdout);
		last = c;
		if (c == 'q')
			break;
	}

	if (shmdt(shm) < 0)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) < 0)
		perror("shmctl");
	return 0;
}
