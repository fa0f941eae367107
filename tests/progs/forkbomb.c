/* forkbomb: every process forks forever; reports the first failure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	int said = 0;
	for (;;) {
		if (fork() < 0 && !said) {
			/* write(2), not stdio: a buffered line would be copied into every child */
			char msg[128];
			int n = snprintf(msg, sizeof(msg), "fork failed: %s\n", strerror(errno));
			if (write(1, msg, (size_t)n) < 0)
				return 1;
			said = 1;
		}
		if (said)
			usleep(1000);
	}
}
