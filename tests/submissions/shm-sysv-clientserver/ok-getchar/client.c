/* client.c - lab 5: shared memory client */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SHMKEY 1234
#define SHMSZ 1

int main(void)
{
	int shmid;
	char *shm;
	int c, first = 1;

	/* the server creates the segment, we only get it */
	shmid = shmget(SHMKEY, SHMSZ, 0666);
	if (shmid < 0) {
		perror("shmget");
		exit(1);
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		exit(1);
	}

	/* getchar, but with an int and EOF checked */
	while ((c = getchar()) != EOF) {
		if (c == '\n') {
			first = 1;
			continue;
		}
		if (!first)
			continue;
		first = 0;
		*shm = (char)c;
		if (c == 'q')
			break;
	}

	shmdt(shm);
	return 0;
}
