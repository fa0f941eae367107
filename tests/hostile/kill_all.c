/* Attack: kill(-1, SIGKILL): every process we may signal. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	puts("KILLING");
	fflush(stdout);
	signal(SIGKILL, SIG_IGN); /* no effect, but try */
	kill(-1, SIGKILL);
	sleep(1);
	puts("SURVIVED");
	return 0;
}
