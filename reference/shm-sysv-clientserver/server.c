/* server: reference for the lecture's "Client – Server version", SERVER.
 *
 * Creates the 1-byte segment with key 1234, polls it once a second and
 * reports every change of the byte until it becomes 'q'; then it removes the
 * segment. SIGINT/SIGTERM end the loop the same way, so Ctrl-C on a terminal
 * does not leave the segment behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#define SHMKEY 1234
#define SHMSZ  1

static volatile sig_atomic_t stop_signal;

/* Only records the signal: the main loop does the cleanup it would skip if
 * the default action killed us. */
static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* No SA_RESTART, so sleep() returns early and the loop notices at once. */
static void
install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Reads the byte once per round, so a 'q' that arrives just after a report is
 * still reported before we stop (the lecture re-reads it and can miss it). */
static int
poll_segment(volatile char *shm)
{
	char c, last = *shm;

	while (!stop_signal) {
		sleep(1);
		c = *shm;
		if (c == last)
			continue;
		printf("You pressed %c\n", c);
		if (fflush(stdout) == EOF) {
			perror("stdout");
			return 1;
		}
		last = c;
		if (c == 'q')
			break;
	}
	return 0;
}

/* Owns the segment from creation to removal, whatever the loop's outcome. */
int
main(void)
{
	int shmid, rc;
	char *shm;

	install_stop_handlers();
	shmid = shmget(SHMKEY, SHMSZ, IPC_CREAT | 0666);
	if (shmid < 0) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	*shm = 0;
	rc = poll_segment(shm);
	if (shmdt(shm) != 0) {
		perror("shmdt");
		rc = 1;
	}
	if (shmctl(shmid, IPC_RMID, NULL) != 0) {
		perror("shmctl(IPC_RMID)");
		rc = 1;
	}
	if (stop_signal) {
		/* Die of the signal we caught, as the caller expects. */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
