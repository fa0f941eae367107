/* cli-doctor: `ipcgrade doctor` - which sandbox mode this machine allows, and why. */
#include <stdio.h>

#include "cli.h"
#include "sandbox.h"

int
cmd_doctor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct sandbox_probe p;
	sandbox_probe(&p);
	printf("mode: %s\n", sandbox_mode_name(p.mode));
	printf("why: %s\n", p.why);
	if (p.fix[0])
		printf("better: %s\n", p.fix);
	if (p.mode == SANDBOX_DEGRADED)
		printf("warning: degraded mode runs gradings one at a time and cannot hide hidden tests "
		       "or reference programs from student code\n");
	if (sandbox_mq_unseen(p.mode))
		printf("warning: %s: assignments with POSIX message queues are refused\n", sandbox_mq_unseen(p.mode));
	return EXIT_GRADED;
}
