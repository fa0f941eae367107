/* shm_ftok.c - lab 5: unrelated processes meet through ftok() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SHMSZ 1024

static void usage(const char *prog)
{
	fprintf(stderr, "Usage: %s FILE write MESSAGE | read | remove\n", prog);
	exit(1);
}

int main(int argc, char *argv[])
{
	key_t key;
	int shmid;
	char *shm;

	if (argc < 3)
		usage(argv[0]);
	if (strcmp(argv[2], "write") == 0) {
		if (argc != 4)
			usage(argv[0]);
	} else if (strcmp(argv[2], "read") == 0 || strcmp(argv[2], "remove") == 0) {
		if (argc != 3)
			usage(argv[0]);
	} else {
		usage(argv[0]);
	}

	key = ftok(argv[1], 'A');
	if (key == (key_t)-1) {
		perror("ftok");
		exit(1);
	}

	if (strcmp(argv[2], "write") == 0) {
		if (strlen(argv[3]) >= SHMSZ) {
			fprintf(stderr, "message too long\n");
			exit(1);
		}
		shmid = shmget(key, SHMSZ, 0644);	/* MISTAKE: write never creates (no IPC_CREAT) */
		if (shmid < 0) {
			perror("shmget");
			exit(1);
		}
		shm = shmat(shmid, NULL, 0);
		if (shm == (char *)-1) {
			perror("shmat");
			exit(1);
		}
		strcpy(shm, argv[3]);	/* with the '\0' */
		shmdt(shm);
		printf("Wrote: %s\n", argv[3]);
	} else if (strcmp(argv[2], "read") == 0) {
		shmid = shmget(key, SHMSZ, 0);
		if (shmid < 0) {
			perror("shmget");
			exit(1);
		}
		shm = shmat(shmid, NULL, SHM_RDONLY);
		if (shm == (char *)-1) {
			perror("shmat");
			exit(1);
		}
		printf("Read: %.*s\n", (int)strnlen(shm, SHMSZ), shm);
		shmdt(shm);
	} else {
		shmid = shmget(key, 0, 0);
		if (shmid < 0) {
			perror("shmget");
			exit(1);
		}
		if (shmctl(shmid, IPC_RMID, NULL) < 0) {
			perror("shmctl");
			exit(1);
		}
		printf("Removed\n");
	}
	return 0;
}
