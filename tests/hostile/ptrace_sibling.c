/* Attack: ptrace a sibling process and the sandbox's init, and read their
 * memory through /proc and process_vm_readv. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* One line per attempt. */
static void
say(const char *what, long rc)
{
	printf("%s_%s %s\n", what, rc >= 0 ? "OK" : "FAIL", rc >= 0 ? "" : strerror(errno));
}

int
main(void)
{
	pid_t sib = fork();
	if (sib == 0) {
		for (;;)
			pause();
	}
	usleep(100000);
	say("PTRACE_ATTACH_SIBLING", ptrace(PTRACE_ATTACH, sib, NULL, NULL));
	say("PTRACE_SEIZE_SIBLING", ptrace(PTRACE_SEIZE, sib, NULL, NULL));
	say("PTRACE_ATTACH_INIT", ptrace(PTRACE_ATTACH, 1, NULL, NULL));
	char buf[16], path[64];
	struct iovec l = { buf, sizeof(buf) }, r = { (void *)0x400000, sizeof(buf) };
	say("VM_READV_INIT", (long)process_vm_readv(1, &l, 1, &r, 1, 0));
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)sib);
	say("PROC_MEM_SIBLING", open(path, O_RDONLY));
	say("PROC_MEM_INIT", open("/proc/1/mem", O_RDONLY));
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
	return 0;
}
