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
	char line[128];

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

	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (line[0] == '\n')
			continue;
		*shm = line[0];
		if (line[0] == 'q')
			break;
	}

	if (shmdt(shm) == -1) {
		perror("client: shmdt");
		return 1;
	}
	return 0;
}
