/* Attack: setsid and double fork, the grandchild sleeps forever. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
	pid_t p = fork();
	if (p < 0)
		return 1;
	if (p > 0)
		return 0; /* the parent exits at once */
	setsid();
	if (fork() != 0)
		_exit(0);
	close(0);
	close(1);
	close(2);
	for (;;)
		sleep(100);
}
