/* leak_shm KEY [SIZE]: create a SysV segment and exit without IPC_RMID.
 * On failure print the errno so fault injection can be checked from outside. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int
main(int argc, char **argv)
{
	key_t key = argc > 1 ? (key_t)strtol(argv[1], NULL, 0) : 1234;
	size_t size = argc > 2 ? strtoul(argv[2], NULL, 0) : 4096;
	int id = shmget(key, size, IPC_CREAT | 0640);
	if (id < 0) {
		printf("shmget: errno=%d (%s)\n", errno, strerror(errno));
		return 1;
	}
	printf("shm id=%d\n", id);
	return 0;
}
