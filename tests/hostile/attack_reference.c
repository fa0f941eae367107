/* Attack: find the reference running beside us (same uid) in /proc, then
 * read its executable and environment, write into its memory and its
 * stdout, and trace it. Every attempt prints NAME_OK or NAME_FAIL. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

/* One line per attempt that worked; failures are only counted. */
static int fails;

static void
say(const char *what, int pid, long rc)
{
	if (rc >= 0)
		printf("%s_OK pid %d\n", what, pid);
	else
		fails++;
}

int
main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		int pid = atoi(de->d_name);
		if (pid > 1 && pid != getpid())
			printf("SEEN_OK pid %d\n", pid);
	}
	if (d)
		closedir(d);
	char path[64], buf[64];
	for (int pid = 1; pid < 200; pid++) {
		if (pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/exe", pid);
		say("EXE", pid, open(path, O_RDONLY));
		snprintf(path, sizeof(path), "/proc/%d/environ", pid);
		int fd = open(path, O_RDONLY);
		say("ENVIRON", pid, fd >= 0 ? read(fd, buf, sizeof(buf)) : -1);
		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		say("MEM", pid, open(path, O_RDWR));
		snprintf(path, sizeof(path), "/proc/%d/fd/1", pid);
		fd = open(path, O_WRONLY);
		say("FD1", pid, fd >= 0 ? write(fd, "INJECTED\n", 9) : -1);
		struct iovec l = { buf, sizeof(buf) }, r = { (void *)0x400000, sizeof(buf) };
		say("VM_READV", pid, (long)process_vm_readv(pid, &l, 1, &r, 1, 0));
		say("PTRACE", pid, ptrace(PTRACE_SEIZE, pid, NULL, NULL));
	}
	printf("DONE %d refused\n", fails);
	return 0;
}
