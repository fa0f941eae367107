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
	char tmp;

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

	/* like the slide; MISTAKE: a char never equals EOF, so at end of input
	 * the loop spins forever writing (char) -1 */
	do {
		tmp = getchar();
		*shm = tmp;
		getchar();	/* eat the enter key */
	} while (tmp != 'q');

	shmdt(shm);
	return 0;
}
