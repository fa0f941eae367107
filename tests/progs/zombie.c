/* zombie: a child exits and is never waited for while the parent lives on. */
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(7);
	sleep(1); /* long enough for the child to be a zombie when READY is seen */
	printf("READY child=%d\n", (int)pid);
	fflush(stdout);
	sleep(100);
	return 0;
}
