/* Attack: misbehave under valgrind, then replace valgrind's own report
 * file (.ipcgrade-vg/vg.PID.xml, where --xml-file put it) with a clean one,
 * from a child that waits until valgrind has written the real one. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>

/* A leak of 4242 bytes and a write one past a block, then "hello". */
static void
misbehave(void)
{
	volatile char *leak = malloc(4242);
	leak[0] = 1;
	char *p = malloc(8);
	p[8] = 1;
	free(p);
	puts("hello");
	fflush(stdout);
}

static const char clean[] = "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>4</protocolversion>\n"
			    "<protocoltool>memcheck</protocoltool>\n<status>\n  <state>FINISHED</state>\n</status>\n"
			    "<errorcounts>\n</errorcounts>\n<suppcounts>\n</suppcounts>\n</valgrindoutput>\n";

/* Put a clean report at path (by rename: valgrind's descriptor keeps the old file). */
static void
forge(const char *path)
{
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fputs(clean, f);
	fclose(f);
	rename(tmp, path);
}

int
main(void)
{
	misbehave();
	char path[256];
	snprintf(path, sizeof(path), ".ipcgrade-vg/vg.%d.xml", (int)getpid());
	mkdir(".ipcgrade-vg", 0777);
	forge(path);
	pid_t parent = getpid();
	if (fork() == 0) { /* after the parent's end, once more */
		setsid();
		for (int i = 0; i < 200 && kill(parent, 0) == 0; i++)
			usleep(10000);
		forge(path);
		_exit(0);
	}
	return 0;
}
