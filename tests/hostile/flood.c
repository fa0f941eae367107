/* Attack: 1 GB to stdout (argv[1] = "out") or stderr ("err"). */
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	int fd = argc > 1 && strcmp(argv[1], "err") == 0 ? 2 : 1;
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 16; i++)
		buf[i * 4096] = '\n';
	for (long total = 0; total < (1L << 30);) {
		ssize_t n = write(fd, buf, sizeof(buf));
		if (n <= 0)
			return 1;
		total += n;
	}
	return 0;
}
