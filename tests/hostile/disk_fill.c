/* Attack: fill the work directory with files until writes fail (stops at
 * 2 GiB so a host without a quota survives the test). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	static char buf[1 << 20];
	char name[64];
	long total = 0;
	int full = 0;
	signal(SIGXFSZ, SIG_IGN); /* EFBIG instead of death at RLIMIT_FSIZE */
	memset(buf, 'd', sizeof(buf));
	for (int i = 0; i < 2048 && !full && total < (2L << 30); i++) {
		snprintf(name, sizeof(name), "fill-%d", i);
		int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0600);
		if (fd < 0)
			break;
		for (int k = 0; k < 1024; k++) {
			ssize_t n = write(fd, buf, sizeof(buf));
			if (n <= 0) {
				full = k == 0; /* a fresh file refused: the disk is full */
				break;
			}
			total += n;
		}
		close(fd);
	}
	printf("DISK %ld MiB\n", total >> 20);
	return 0;
}
