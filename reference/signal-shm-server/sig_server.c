/* sig_server: reference for the signals assignment "server with a clean
 * shutdown".
 *
 * The lecture's System V server (key 1234, 1 byte, mode 0666, "You pressed C"
 * for each new byte, stops after 'q'), which also stops on SIGINT or SIGTERM:
 * it detaches and removes the segment, prints "Server: caught SIGINT, segment
 * removed" (or SIGTERM) and exits 0.
 *
 * The handler only records the signal (shmdt, shmctl and printf are the main
 * flow's work: printf is not async-signal-safe). It is installed without
 * SA_RESTART (sleep() returns early on a signal in any case), so the loop
 * sees the flag within one period: a signal that comes while it sleeps ends
 * the sleep at once, one that comes between the test and sleep() costs one
 * period at most. No signal is lost, only delayed, so no sigsuspend is needed
 * here (compare pingpong.c, where waiting is the whole job). */
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

/* Only records the signal: the main flow cleans up and reports. */
static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* Both stop signals, no SA_RESTART; before the segment exists, so a signal
 * can never find the segment created and no one to remove it. */
static int
install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
		perror("sigaction");
		return -1;
	}
	return 0;
}

/* Reports every new byte until 'q' or a stop signal; 1 on an output error. */
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

/* Owns the segment from creation to removal, however the loop ends. */
int
main(void)
{
	int shmid, rc;
	char *shm;

	if (install_stop_handlers() != 0)
		return EXIT_FAILURE;
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
	if (rc == 0 && stop_signal) {
		printf("Server: caught %s, segment removed\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
		if (fflush(stdout) == EOF) {
			perror("stdout");
			rc = 1;
		}
	}
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
