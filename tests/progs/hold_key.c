/* hold_key TOKEN: create SysV key 1234 and /my_shm exclusively, write TOKEN
 * into both, print READY and the monotonic time, wait for a line on stdin,
 * check both objects still hold TOKEN (printing the time again), remove them.
 * Exit 0 only if all held. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SZ 4096

int
main(int argc, char **argv)
{
	const char *token = argc > 1 ? argv[1] : "token";
	int id = shmget(1234, SZ, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0) {
		printf("shmget 1234: %s\n", strerror(errno));
		return 2;
	}
	char *sv = shmat(id, NULL, 0);
	int fd = shm_open("/my_shm", O_CREAT | O_EXCL | O_RDWR, 0600);
	if (sv == (void *)-1 || fd < 0 || ftruncate(fd, SZ) != 0) {
		printf("setup: %s\n", strerror(errno));
		return 2;
	}
	char *px = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (px == MAP_FAILED)
		return 2;
	snprintf(sv, SZ, "%s", token);
	snprintf(px, SZ, "%s", token);
	/* CLOCK_MONOTONIC is one clock for every namespace: the test compares
	 * two sandboxes' holding windows with it. */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("READY %lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	fflush(stdout);
	char line[64];
	if (fgets(line, sizeof(line), stdin) == NULL)
		printf("no line\n");
	int ok = strcmp(sv, token) == 0 && strcmp(px, token) == 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("%s sysv=%s posix=%s at %lld\n", ok ? "HELD" : "CLOBBERED", sv, px,
	       (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	shmdt(sv);
	shmctl(id, IPC_RMID, NULL);
	shm_unlink("/my_shm");
	return ok ? 0 : 1;
}
