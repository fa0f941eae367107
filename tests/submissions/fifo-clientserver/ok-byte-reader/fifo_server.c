/* fifo_server.c - byte by byte */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char line[8192];
static size_t len;

/* returns 1 for quit */
static int end_line(void)
{
	line[len] = 0;
	len = 0;
	if (!strcmp(line, "quit"))
		return 1;
	printf("Server received: %s\n", line);
	return 0;
}

int main(void)
{
	int quit = 0;

	if (mkfifo("myfifo", 0666) == -1) {
		fprintf(stderr, "mkfifo myfifo: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	printf("Server ready\n");
	fflush(stdout);
	while (!quit) {
		int fd = open("myfifo", O_RDONLY);
		if (fd == -1) {
			fprintf(stderr, "open myfifo: %s\n", strerror(errno));
			unlink("myfifo");
			return EXIT_FAILURE;
		}
		char c;
		ssize_t r;
		while (!quit && (r = read(fd, &c, 1)) == 1) {
			if (c == '\n')
				quit = end_line();
			else if (len < sizeof(line) - 1)
				line[len++] = c;
		}
		if (!quit && len > 0)
			quit = end_line();
		close(fd);
	}
	unlink("myfifo");
	printf("Server done\n");
	return EXIT_SUCCESS;
}
