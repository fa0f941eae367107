/* unshare-helper.h: give the calling test its own IPC world.
 *
 * Criterion runs tests in parallel worker processes, and the lecture programs
 * use fixed names (key 1234, "/my_shm"). A private IPC namespace separates the
 * System V segments; a private mount namespace with its own tmpfs on /dev/shm
 * separates the POSIX objects (they are files, not covered by CLONE_NEWIPC).
 * Needs root (CAP_SYS_ADMIN), which is how the test suite runs. */
#pragma once
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

/* 0 on success; on failure -1 with a message in err (size errsz). Returning
 * instead of asserting keeps the header usable outside Criterion. */
static inline int
ipcgrade_private_ipc_world(char *err, size_t errsz)
{
	if (unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0) {
		snprintf(err, errsz, "unshare(CLONE_NEWIPC|CLONE_NEWNS): %s", strerror(errno));
		return -1;
	}
	/* Without this, our tmpfs would propagate back to the host's /dev/shm.
	 * The kernel ignores source and type here; "none" instead of NULL keeps
	 * Valgrind from flagging mount(type) as unaddressable. */
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(err, errsz, "mount --make-rprivate /: %s", strerror(errno));
		return -1;
	}
	if (mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=16m") < 0) {
		snprintf(err, errsz, "mount tmpfs on /dev/shm: %s", strerror(errno));
		return -1;
	}
	return 0;
}
