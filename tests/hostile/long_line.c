/* Attack: one 256 MiB line with no newline at all. */
#include <string.h>
#include <unistd.h>

int
main(void)
{
	static char buf[1 << 16];
	memset(buf, 'y', sizeof(buf));
	for (long total = 0; total < (256L << 20);) {
		ssize_t n = write(1, buf, sizeof(buf));
		if (n <= 0)
			return 1;
		total += n;
	}
	return 0;
}
