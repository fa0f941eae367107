/* fifo_server.c - prints what the clients write into myfifo */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIFO "myfifo"

int main(void)
{
	char line[4096];
	int done = 0;

	if (mkfifo(FIFO, 0666) == -1) {
		perror("mkfifo");
		exit(1);
	}
	printf("Server ready\n");
	fflush(stdout);
	while (!done) {
		int fd = open(FIFO, O_RDONLY);
		if (fd == -1) {
			perror("open");
			unlink(FIFO);
			exit(1);
		}
		FILE *in = fdopen(fd, "r");
		while (fgets(line, sizeof(line), in) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (strcmp(line, "quit") == 0) {
				done = 1;
				break;
			}
			printf("Server received: %s\n", line);
		}
		fclose(in);
	}
	/* MISTAKE: no unlink(FIFO): myfifo stays in the folder */
	printf("Server done\n");
	return 0;
}
