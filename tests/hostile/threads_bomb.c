/* Attack: create threads until pthread_create fails, then keep trying. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

/* Each thread just sleeps: it costs a task and a stack. */
static void *
sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int
main(void)
{
	long made = 0;
	int said = 0;
	for (;;) {
		pthread_t t;
		if (pthread_create(&t, NULL, sleeper, NULL) == 0)
			made++;
		else if (!said) {
			printf("THREADS %ld\n", made);
			fflush(stdout);
			said = 1;
		}
	}
}
