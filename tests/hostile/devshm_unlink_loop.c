/* Attack: 20 000 files in /dev/shm, then remove them one by one: every
 * removal is held for the harness to look, and a look that walks them all
 * would make the sandbox's init too late to report. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define N 20000

int
main(void)
{
	char name[64];
	int made = 0, gone = 0;
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "/ipcgrade-hostile-%d", i);
		int fd = shm_open(name, O_CREAT | O_RDWR, 0600);
		if (fd < 0)
			break;
		close(fd);
		made++;
	}
	for (int i = 0; i < made; i++) {
		snprintf(name, sizeof(name), "/ipcgrade-hostile-%d", i);
		gone += shm_unlink(name) == 0;
	}
	printf("hello\nMADE %d GONE %d\n", made, gone);
	return 0;
}
