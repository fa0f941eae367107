/* server: marks the segment for removal as soon as it is attached (valid:
 * the segment lives until the last process detaches), then polls it. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	int shmid = shmget(1234, 1, IPC_CREAT | 0666);
	if (shmid < 0) {
		perror("shmget");
		exit(1);
	}
	char *shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		exit(1);
	}
	*shm = 0;
	char tmp = 0;
	while (*shm != 'q') {
		sleep(1);
		if (tmp == *shm)
			continue;
		tmp = *shm;
		printf("You pressed %c\n", tmp);
	}
	/* remove first, detach after: the kernel frees it at the last detach */
	if (shmctl(shmid, IPC_RMID, NULL) < 0)
		perror("shmctl");
	sleep(1); /* let a client still attached finish */
	if (shmdt(shm) < 0)
		perror("shmdt");
	return 0;
}
