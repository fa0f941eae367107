/* msg_send.c - lab 6: message queue sender (key 1234) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define KEY 1234

struct msg {
	long mtype;
	char mtext[256];
};

int main(void)
{
	struct msg m;
	char line[512];
	int msqid, count = 0, c;
	size_t len;

	msqid = msgget(KEY, 0666);
	if (msqid < 0) {
		perror("msgget");
		exit(1);
	}

	while (fgets(line, sizeof(line), stdin) != NULL) {
		/* a line longer than the buffer: drop the rest of it */
		if (strchr(line, '\n') == NULL)
			while ((c = getchar()) != EOF && c != '\n')
				;
		line[strcspn(line, "\n")] = '\0';
		len = strlen(line);
		if (len > 255)
			len = 255;
		m.mtype = 1;
		memcpy(m.mtext, line, len);
		m.mtext[len] = '\0';
		if (msgsnd(msqid, &m, len + 1, 0) < 0) {
			perror("msgsnd");
			exit(1);
		}
		count++;
	}

	m.mtype = 2;
	m.mtext[0] = '\0';
	if (msgsnd(msqid, &m, 1, 0) < 0) {
		perror("msgsnd");
		exit(1);
	}
	printf("Sent %d messages\n", count);
	return 0;
}
