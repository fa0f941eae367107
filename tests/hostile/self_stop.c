/* Attack: stop ourselves with SIGSTOP; nobody will send SIGCONT. */
#include <signal.h>
#include <stdio.h>

int
main(void)
{
	puts("STOPPING");
	fflush(stdout);
	raise(SIGSTOP);
	puts("CONTINUED");
	return 0;
}
