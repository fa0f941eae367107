/* shm_fork: reference for the lecture's System V "Example" (SHMSZ 27).
 *
 * A parent and the child it forks share one IPC_PRIVATE segment: the parent
 * writes "a".."z", the child waits until the last letter is there and prints
 * it back. The output is identical on a terminal and on a pipe: the parent
 * prints and flushes before it publishes the final 'z', so "Writing:" always
 * comes before "Reading:". See reference/NOTES.md for what changed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHMSZ 27

/* Every failure after shmget must still free the segment, or it outlives us. */
static void
remove_segment(int shmid)
{
	if (shmctl(shmid, IPC_RMID, NULL) < 0)
		perror("shmctl(IPC_RMID)");
}

/* The child only reads: it must leave through _exit so the parent's stdio
 * state and atexit handlers are not run twice. */
static void
child(char *shm)
{
	char *s;
	int rc = 0;

	/* The acquire load pairs with the parent's release store of 'z': once we
	 * see it, every letter before it is visible too. */
	while (__atomic_load_n(&shm[SHMSZ - 2], __ATOMIC_ACQUIRE) != 'z')
		sleep(1);
	printf("Reading: %s\n", shm);
	for (s = shm; *s != '\0'; s++)
		putchar(*s);
	putchar('\n');
	if (fflush(stdout) == EOF) {
		perror("stdout");
		rc = 1;
	}
	if (shmdt(shm) < 0) {
		perror("shmdt");
		rc = 1;
	}
	_exit(rc);
}

/* The parent announces the text before publishing it, so the child cannot
 * print first; it then reaps the child and owns the segment's removal. */
static int
parent(int shmid, char *shm, pid_t pid)
{
	char text[SHMSZ];
	int i, status, rc = 0;

	for (i = 0; i < 26; i++)
		text[i] = (char)('a' + i);
	text[26] = '\0';
	printf("Writing: %s\n", text);
	if (fflush(stdout) == EOF) {
		perror("stdout");
		rc = 1;
	}
	/* Everything but the 'z' the child waits for, then the 'z' itself. */
	for (i = 0; i < 25; i++)
		shm[i] = text[i];
	shm[SHMSZ - 1] = '\0';
	__atomic_store_n(&shm[SHMSZ - 2], text[SHMSZ - 2], __ATOMIC_RELEASE);

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			rc = 1;
			break;
		}
	}
	if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		fprintf(stderr, "shm_fork: child failed\n");
		rc = 1;
	}
	if (shmdt(shm) < 0) {
		perror("shmdt");
		rc = 1;
	}
	if (shmctl(shmid, IPC_RMID, NULL) < 0) {
		perror("shmctl(IPC_RMID)");
		rc = 1;
	}
	return rc;
}

/* Sets up the segment, splits into the two roles, and turns their verdict
 * into the exit status. */
int
main(void)
{
	int shmid;
	char *shm;
	pid_t pid;

	shmid = shmget(IPC_PRIVATE, SHMSZ, IPC_CREAT | IPC_EXCL | S_IRUSR | S_IWUSR);
	if (shmid < 0) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		remove_segment(shmid);
		return EXIT_FAILURE;
	}
	/* Nothing may sit in the buffer when the process is duplicated. */
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		shmdt(shm);
		remove_segment(shmid);
		return EXIT_FAILURE;
	}
	if (pid == 0)
		child(shm);
	return parent(shmid, shm, pid) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
