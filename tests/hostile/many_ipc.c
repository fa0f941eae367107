/* Attack: thousands of SysV segments, semaphore sets and message queues,
 * each queue filled, left behind. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int
main(void)
{
	int shm = 0, sem = 0, msg = 0;
	long msgbytes = 0;
	struct {
		long type;
		char text[4096];
	} m = { 1, { 0 } };
	memset(m.text, 'q', sizeof(m.text));
	for (int i = 0; i < 5000; i++) {
		if (shmget(0x1bad0000 + i, 4096, IPC_CREAT | 0600) >= 0)
			shm++;
		if (semget(0x1bad0000 + i, 250, IPC_CREAT | 0600) >= 0)
			sem++;
		int q = msgget(0x1bad0000 + i, IPC_CREAT | 0600);
		if (q >= 0) {
			msg++;
			while (msgsnd(q, &m, sizeof(m.text), IPC_NOWAIT) == 0)
				msgbytes += (long)sizeof(m.text);
		}
	}
	printf("SHM %d SEM %d MSG %d MSGBYTES %ld\n", shm, sem, msg, msgbytes);
	return 0;
}
