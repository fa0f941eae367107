/* client.c - the lecture's client, to try your server by hand:
 *   ./sig_server &   then   ./client   and type a few characters, q ends.
 * You do not have to change or submit it: the grader always runs its own
 * client (the reference of shm-sysv-clientserver). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define SHMKEY 1234

int main(void)
{
	int shmid = shmget(SHMKEY, 1, 0666);
	if (shmid < 0) {
		perror("shmget");
		return 1;
	}
	char *shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		return 1;
	}
	int c;
	while ((c = getchar()) != EOF) {
		if (c == '\n')
			continue;
		*shm = (char)c;
		if (c == 'q')
			break;
		sleep(1); /* the server looks once a second */
	}
	shmdt(shm);
	return 0;
}
