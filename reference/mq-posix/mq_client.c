/* mq_client: reference client of the POSIX message queue assignment.
 *
 *	mq_client PRIO	sends every input line with priority PRIO (0-31)
 *	mq_client quit	sends "quit" with priority 0: the server stops
 * Lines go without their newline, cut to 255 bytes, with a NUL. The client
 * only opens the server's queue: it never creates nor unlinks it. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define QNAME    "/my_mq"
#define MSGSIZE  256
#define PRIO_MAX 31

/* One usage line for every bad command line. */
static int
usage(const char *prog)
{
	fprintf(stderr, "Usage: %s PRIO | quit   (PRIO: 0-%d, lines on stdin)\n", prog, PRIO_MAX);
	return EXIT_FAILURE;
}

/* Decimal digits only, 0-PRIO_MAX: no sign, no blanks, no trailing text
 * (atoi would take "x" for 0 and "5x" for 5). */
static int
parse_prio(const char *s, unsigned int *prio)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > PRIO_MAX)
			return -1;
	}
	*prio = (unsigned int)v;
	return 0;
}

/* A stop and continue (EINTR) is no reason to lose a message; a full queue
 * blocks until the server makes room. */
static int
send_text(mqd_t mq, const char *text, size_t len, unsigned int prio)
{
	while (mq_send(mq, text, len, prio) != 0) {
		if (errno != EINTR) {
			perror("mq_send");
			return -1;
		}
	}
	return 0;
}

/* One message per line; a line longer than MSGSIZE - 1 bytes is cut there
 * and the rest of it dropped. Returns 0, or 1 after an error. */
static int
send_lines(mqd_t mq, unsigned int prio, unsigned long *count)
{
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t n;
	int rc = 0;

	*count = 0;
	while ((n = getline(&line, &cap, stdin)) != -1) {
		len = strcspn(line, "\n");
		if (len > MSGSIZE - 1)
			len = MSGSIZE - 1;
		line[len] = '\0';
		if (send_text(mq, line, len + 1, prio) != 0) {
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

/* The command line is checked before the queue is touched. */
int
main(int argc, char *argv[])
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "mq_client";
	unsigned int prio = 0;
	unsigned long count = 0;
	int quit, rc;
	mqd_t mq;

	if (argc != 2)
		return usage(prog);
	quit = strcmp(argv[1], "quit") == 0;
	if (!quit && parse_prio(argv[1], &prio) != 0)
		return usage(prog);
	mq = mq_open(QNAME, O_WRONLY);
	if (mq == (mqd_t)-1) {
		perror("mq_open");
		return EXIT_FAILURE;
	}
	if (quit)
		rc = send_text(mq, "quit", 5, 0) != 0;
	else
		rc = send_lines(mq, prio, &count);
	if (mq_close(mq) != 0) {
		perror("mq_close");
		rc = 1;
	}
	if (rc != 0)
		return EXIT_FAILURE;
	if (quit)
		printf("Sent quit\n");
	else
		printf("Sent %lu messages\n", count);
	return EXIT_SUCCESS;
}
