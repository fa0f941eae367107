/* Attack: fill /dev/shm through shm_open objects until it refuses. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int
main(void)
{
	static char buf[1 << 16];
	char name[64];
	long total = 0;
	memset(buf, 'z', sizeof(buf));
	for (int i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "/ipcgrade-hostile-%d", i);
		int fd = shm_open(name, O_CREAT | O_RDWR, 0600);
		if (fd < 0)
			break;
		int full = 0;
		for (int k = 0; k < 1024 && !full; k++) { /* up to 64 MiB each */
			ssize_t n = write(fd, buf, sizeof(buf));
			if (n <= 0)
				full = 1;
			else
				total += n;
		}
		close(fd);
		if (full)
			break;
	}
	printf("SHM %ld MiB\n", total >> 20);
	return 0;
}
