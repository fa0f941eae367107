/* shm_ftok: reference for the lecture's ftok() example
 *	key = ftok("<somefile>", 'A');
 *	shmid = shmget(key, 1024, 0644 | IPC_CREAT);
 * made into one program whose separate invocations meet through the key of a
 * file they both name:
 *	shm_ftok FILE write MESSAGE	create (or reuse) the segment, store MESSAGE
 *	shm_ftok FILE read		print the stored message
 *	shm_ftok FILE remove		IPC_RMID the segment
 * The segment deliberately outlives "write": that is what lets an unrelated
 * later process read it. "remove" is the step that cleans up. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#define SHMSZ   1024
#define PROJ_ID 'A'

/* One usage line for every kind of bad command line. */
static int
usage(const char *prog)
{
	fprintf(stderr, "Usage: %s FILE write MESSAGE | read | remove\n", prog);
	return EXIT_FAILURE;
}

/* Only "write" may create: a reader or remover that created the segment
 * would hide the fact that nobody wrote it. */
static int
do_write(key_t key, const char *msg)
{
	int shmid, rc = 0;
	char *shm;
	size_t len = strlen(msg);

	if (len >= SHMSZ) {
		fprintf(stderr, "shm_ftok: message longer than %d bytes\n", SHMSZ - 1);
		return EXIT_FAILURE;
	}
	shmid = shmget(key, SHMSZ, 0644 | IPC_CREAT);
	if (shmid < 0) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		return EXIT_FAILURE;
	}
	memcpy(shm, msg, len + 1);
	if (shmdt(shm) < 0) {
		perror("shmdt");
		rc = 1;
	}
	printf("Wrote: %s\n", msg);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Read-only attach, and never trust the segment to hold a terminated string:
 * another program may have filled all 1024 bytes. */
static int
do_read(key_t key)
{
	int shmid, rc = 0;
	const char *shm;

	shmid = shmget(key, 0, 0);
	if (shmid < 0) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	shm = shmat(shmid, NULL, SHM_RDONLY);
	if (shm == (const char *)-1) {
		perror("shmat");
		return EXIT_FAILURE;
	}
	printf("Read: %.*s\n", (int)strnlen(shm, SHMSZ), shm);
	if (shmdt(shm) < 0) {
		perror("shmdt");
		rc = 1;
	}
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* shmctl wants the identifier from shmget, not an address from shmat. */
static int
do_remove(key_t key)
{
	int shmid;

	shmid = shmget(key, 0, 0);
	if (shmid < 0) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	if (shmctl(shmid, IPC_RMID, NULL) < 0) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	printf("Removed\n");
	return EXIT_SUCCESS;
}

/* Validates the whole command line before touching any IPC object. */
int
main(int argc, char **argv)
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "shm_ftok";
	key_t key;

	if (argc == 4 && strcmp(argv[2], "write") == 0)
		;
	else if (argc == 3 && (strcmp(argv[2], "read") == 0 || strcmp(argv[2], "remove") == 0))
		;
	else
		return usage(prog);
	/* ftok derives the key from the file's inode: the file must exist. */
	key = ftok(argv[1], PROJ_ID);
	if (key == (key_t)-1) {
		perror("ftok");
		return EXIT_FAILURE;
	}
	if (strcmp(argv[2], "write") == 0)
		return do_write(key, argv[3]);
	if (strcmp(argv[2], "read") == 0)
		return do_read(key);
	return do_remove(key);
}
