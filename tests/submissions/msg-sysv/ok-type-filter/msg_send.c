/* msg_send.c - sender with getline; every message is built in a fresh struct */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct msg {
	long mtype;
	char mtext[256];
};

static int send_one(int id, long type, const char *text)
{
	struct msg m = { .mtype = type };
	size_t len = strnlen(text, sizeof m.mtext - 1);

	memcpy(m.mtext, text, len);
	while (msgsnd(id, &m, len + 1, 0) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	long sent = 0;
	int id = msgget(1234, 0666);

	if (id == -1) {
		fprintf(stderr, "msg_send: no receiver: %s\n", strerror(errno));
		return 2;
	}
	while (getline(&line, &cap, stdin) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (send_one(id, 1, line) == -1) {
			perror("msgsnd");
			free(line);
			return 2;
		}
		sent++;
	}
	free(line);
	if (send_one(id, 2, "") == -1) {
		perror("msgsnd");
		return 2;
	}
	printf("Sent %ld messages\n", sent);
	return 0;
}
