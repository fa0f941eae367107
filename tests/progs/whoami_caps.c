/* whoami_caps: print uid, gid, the CapEff / NoNewPrivs lines of our status
 * and whether we are dumpable. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int
main(void)
{
	printf("uid=%u gid=%u\n", (unsigned)getuid(), (unsigned)getgid());
	printf("dumpable=%d\n", prctl(PR_GET_DUMPABLE));
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "NoNewPrivs:", 11) == 0)
			fputs(line, stdout);
	if (f)
		fclose(f);
	return 0;
}
