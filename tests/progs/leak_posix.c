/* leak_posix [NAME [SIZE]]: shm_open + ftruncate, exit without shm_unlink. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "/my_shm";
	off_t size = argc > 2 ? (off_t)strtol(argv[2], NULL, 0) : 8192;
	int fd = shm_open(name, O_CREAT | O_RDWR, 0640);
	if (fd < 0 || ftruncate(fd, size) != 0) {
		printf("shm_open/ftruncate: errno=%d (%s)\n", errno, strerror(errno));
		return 1;
	}
	printf("posix shm %s\n", name);
	return 0;
}
