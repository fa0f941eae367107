/* orphan [SECONDS]: the child leaves the session and outlives its parent,
 * which exits 0 at once - the classic forgotten daemon. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 100;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		setsid();
		sleep((unsigned)secs);
		_exit(0);
	}
	printf("forked %d\n", (int)pid);
	return 0;
}
