/* server.c - the lecture's server loop, as written on the slide */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SHMSZ 1

int main(void)
{
	int shmid;
	key_t key = 1234;
	char *shm, tmp;

	if ((shmid = shmget(key, SHMSZ, IPC_CREAT | 0666)) < 0) {
		perror("shmget");
		exit(1);
	}
	if ((shm = shmat(shmid, NULL, 0)) == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	*shm = '\0';
	tmp = *shm;
	/* re-reads the byte after printing: a q written in between is missed
	 * by a program, never by a person typing */
	while (*shm != 'q') {
		sleep(1);
		if (tmp == *shm)
			continue;
		printf("You pressed %c\n", *shm);
		fflush(stdout);
		tmp = *shm;
	}
	shmdt(shm);
	shmctl(shmid, IPC_RMID, NULL);
	return 0;
}
