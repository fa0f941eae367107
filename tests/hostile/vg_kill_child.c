/* Attack: a child leaks and is killed (SIGKILL) by its parent before
 * valgrind's leak check: a child that printed no error has no report at
 * all, and a report that is missing is easily taken for a clean one. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t c = fork();
	if (c == 0) {
		volatile char *p = malloc(4242);
		p[0] = 1;
		p = NULL;
		for (;;)
			pause();
	}
	usleep(300000);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	puts("hello");
	return 0;
}
