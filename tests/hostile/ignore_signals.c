/* Attack: ignore SIGTERM, SIGINT and SIGHUP, then wait forever. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	puts("IGNORING");
	fflush(stdout);
	for (;;)
		pause();
}
