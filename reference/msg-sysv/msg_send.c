/* msg_send: reference sender of the System V message queue assignment.
 *
 * Opens the receiver's queue (key 1234) without creating it, sends every
 * input line as a type-1 message (newline stripped, at most 255 bytes, with
 * its NUL), then one type-2 message with an empty text to end the session.
 * It never creates nor removes the queue: the receiver owns it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/types.h>

#define MSGKEY    1234
#define MSGTEXT   256
#define TYPE_TEXT 1
#define TYPE_END  2

/* The layout of the assignment: the size given to msgsnd counts mtext only. */
struct msg {
	long mtype;
	char mtext[MSGTEXT];
};

/* Sends len bytes of text plus a NUL; a stop and continue (EINTR) is no
 * reason to lose a message. */
static int
send_text(int msqid, long type, const char *text, size_t len)
{
	struct msg m;

	m.mtype = type;
	memcpy(m.mtext, text, len);
	m.mtext[len] = '\0';
	while (msgsnd(msqid, &m, len + 1, 0) != 0) {
		if (errno != EINTR) {
			perror("msgsnd");
			return -1;
		}
	}
	return 0;
}

/* One message per line; a line longer than MSGTEXT - 1 bytes is cut there
 * and the rest of it dropped. Returns 0, or 1 after an error. */
static int
send_lines(int msqid, unsigned long *count)
{
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t n;
	int rc = 0;

	*count = 0;
	while ((n = getline(&line, &cap, stdin)) != -1) {
		len = strcspn(line, "\n");
		if (len > MSGTEXT - 1)
			len = MSGTEXT - 1;
		if (send_text(msqid, TYPE_TEXT, line, len) != 0) {
			rc = 1;
			break;
		}
		(*count)++;
	}
	if (rc == 0 && ferror(stdin)) {
		perror("stdin");
		rc = 1;
	}
	free(line);
	return rc;
}

/* The end message goes out even after a read error, so the receiver stops. */
int
main(void)
{
	unsigned long count;
	int msqid, rc;

	msqid = msgget(MSGKEY, 0666);
	if (msqid < 0) {
		perror("msgget");
		return EXIT_FAILURE;
	}
	rc = send_lines(msqid, &count);
	if (send_text(msqid, TYPE_END, "", 0) != 0)
		return EXIT_FAILURE;
	if (rc != 0)
		return EXIT_FAILURE;
	printf("Sent %lu messages\n", count);
	return EXIT_SUCCESS;
}
