/* ignore_term: ignores SIGTERM; SIGUSR1 makes it print and exit 3. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;

/* Only a flag: main prints. */
static void
on_usr1(int s)
{
	(void)s;
	got_usr1 = 1;
}

int
main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGUSR1, on_usr1);
	printf("READY\n");
	fflush(stdout);
	for (int i = 0; i < 1000 && !got_usr1; i++)
		usleep(10000);
	if (!got_usr1)
		return 1;
	printf("GOT USR1\n");
	return 3;
}
