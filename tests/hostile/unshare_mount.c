/* Attack: leave the sandbox through new namespaces, mounts, chroot, or the
 * new mount API. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
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
	say("UNSHARE_USER", unshare(CLONE_NEWUSER));
	say("UNSHARE_NS", unshare(CLONE_NEWNS));
	say("UNSHARE_NET", unshare(CLONE_NEWNET));
	say("UNSHARE_IPC", unshare(CLONE_NEWIPC));
	say("MOUNT_TMPFS", mount("none", "/tmp", "tmpfs", 0, NULL));
	say("MOUNT_PROC", mount("proc", "/work", "proc", 0, NULL));
	say("REMOUNT_RW", mount(NULL, "/", NULL, MS_REMOUNT, NULL));
	say("CHROOT", chroot("/tmp"));
	say("SETNS", syscall(SYS_setns, 0, 0));
	say("FSOPEN", syscall(SYS_fsopen, "tmpfs", 0));
	say("OPEN_TREE", syscall(SYS_open_tree, -100, "/", 1));
	/* clone with CLONE_NEWUSER through the raw system call */
	long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(0);
	say("CLONE_NEWUSER", pid);
	say("CLONE3", syscall(SYS_clone3, NULL, 0));
	return 0;
}
