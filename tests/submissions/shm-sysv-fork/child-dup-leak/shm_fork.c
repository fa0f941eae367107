/* shm_fork.c - lab 5: a parent and its child share a System V segment */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SHMSZ 27

int main(void)
{
	int shmid, i;
	char *shm, *s;
	pid_t pid;

	/* private segment, only the owner may read/write */
	shmid = shmget(IPC_PRIVATE, SHMSZ, IPC_CREAT | IPC_EXCL | S_IRUSR | S_IWUSR);
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

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		shmdt(shm);
		shmctl(shmid, IPC_RMID, NULL);
		exit(1);
	}
	if (pid == 0) {
		/* child: only reads, so attach read-only */
		shmdt(shm);
		shm = shmat(shmid, NULL, SHM_RDONLY);
		if (shm == (char *)-1) {
			perror("shmat");
			_exit(1);
		}
		int logfd = dup(STDOUT_FILENO);	/* MISTAKE: a copy of stdout "for the log", never closed */
		if (logfd < 0)
			perror("dup");
		/* wait until the parent wrote the last letter */
		while (shm[25] != 'z')
			sleep(1);
		printf("Reading: %s\n", shm);
		for (s = shm; *s != '\0'; s++)
			putchar(*s);
		putchar('\n');
		fflush(stdout);
		shmdt(shm);
		_exit(0);
	}

	/* parent */
	printf("Writing: abcdefghijklmnopqrstuvwxyz\n");
	fflush(stdout);
	for (i = 0; i < 25; i++)
		shm[i] = 'a' + i;
	shm[26] = '\0';
	shm[25] = 'z';	/* last, the child waits for it */

	wait(NULL);
	shmdt(shm);
	shmctl(shmid, IPC_RMID, NULL);
	return 0;
}
