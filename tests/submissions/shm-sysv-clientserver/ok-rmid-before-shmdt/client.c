/* client: reference for the lecture's "Client – Server version", CLIENT.
 *
 * Attaches the server's 1-byte segment (key 1234) and stores the first
 * character of every non-empty input line in it, until a line starting with
 * 'q' or the end of input. The protocol has no acknowledgement and the server
 * looks once a second, so the client leaves CHAR_GAP between two characters;
 * it uses nanosleep (never a busy wait) so that libfaketime can speed it up. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define SHMKEY        1234
#define SHMSZ         1
/* The server's period is 1 s plus its loop and scheduling delays: 1.2 s gives
 * every character at least one server poll, with 200 ms of slack. */
#define CHAR_GAP_SEC  1
#define CHAR_GAP_NSEC 200000000L

/* Sleeps the full gap even when a signal interrupts it, or a character could
 * be overwritten before the server saw it. */
static void
wait_for_server(void)
{
	struct timespec left = { CHAR_GAP_SEC, CHAR_GAP_NSEC };

	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

/* Line-based input: a line's remaining characters and its newline are
 * consumed together, and EOF ends the loop instead of being sent as a char. */
static int
send_lines(volatile char *shm)
{
	char *line = NULL;
	size_t cap = 0;
	int sent = 0, rc = 0;

	while (getline(&line, &cap, stdin) != -1) {
		if (line[0] == '\n' || line[0] == '\0')
			continue;
		if (sent)
			wait_for_server();
		*shm = line[0];
		sent = 1;
		if (line[0] == 'q')
			break;
	}
	if (ferror(stdin)) {
		perror("stdin");
		rc = 1;
	}
	free(line);
	return rc;
}

/* The server creates the segment; the client only attaches to it. */
int
main(void)
{
	int shmid, rc;
	char *shm;

	shmid = shmget(SHMKEY, SHMSZ, 0666);
	if (shmid < 0) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1) {
		perror("shmat");
		return EXIT_FAILURE;
	}
	rc = send_lines(shm);
	if (shmdt(shm) != 0) {
		perror("shmdt");
		rc = 1;
	}
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
