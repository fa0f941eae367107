/* hold_key TOKEN [SYNC_DIR PEER]: create SysV key 1234 and /my_shm exclusively,
 * write TOKEN into both, print READY, optionally wait until SYNC_DIR/PEER exists
 * (a second sandbox holding the same names), then wait for a line on stdin,
 * check both objects still hold TOKEN, remove them. Exit 0 only if all held. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
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
	if (argc > 3) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", argv[2], token);
		close(open(path, O_CREAT | O_WRONLY, 0666));
		snprintf(path, sizeof(path), "%s/%s", argv[2], argv[3]);
		int waited = 0;
		while (access(path, F_OK) != 0 && waited++ < 1000)
			usleep(10000);
		printf("PEER %s\n", waited <= 1000 ? "seen" : "missing");
	}
	printf("READY\n");
	fflush(stdout);
	char line[64];
	if (fgets(line, sizeof(line), stdin) == NULL)
		printf("no line\n");
	int ok = strcmp(sv, token) == 0 && strcmp(px, token) == 0;
	printf("%s sysv=%s posix=%s\n", ok ? "HELD" : "CLOBBERED", sv, px);
	shmdt(sv);
	shmctl(id, IPC_RMID, NULL);
	shm_unlink("/my_shm");
	return ok ? 0 : 1;
}
