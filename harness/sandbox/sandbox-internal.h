/* Internals shared by the sandbox, spawn and the scenario engine. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "proc-limits.h"
#include "sandbox.h"
#include "seccomp-filter.h"

/* Start the sandbox's init: a child in new namespaces (or a plain child in
 * degraded mode). Returns the pid in the parent, 0 in the child, -1 + errno. */
pid_t sandbox_clone(enum sandbox_mode m);
/* In the child of sandbox_clone: user-namespace maps, private mounts (/dev/shm,
 * /dev/mqueue, /proc, /tmp, /work = a tmpfs holding a copy of the host's
 * workdir, or empty if NULL), pivot_root, hostname.
 * 0, or -1 with a message in err. */
int sandbox_setup_inside(enum sandbox_mode m, const char *workdir, size_t shm_bytes, size_t work_bytes, char *err,
			 size_t errlen);
/* After the programs: copy the regular files of /work/SUB ("." for /work
 * itself) back to the host work directory. 0 or -1. */
int sandbox_collect(enum sandbox_mode m, const char *sub, const char *const *names, long long budget);

/* Where the work directory, /dev/shm and /dev/mqueue are from inside. */
const char *sandbox_workdir(enum sandbox_mode m, const char *host_workdir);
const char *sandbox_shm_dir(enum sandbox_mode m);
const char *sandbox_mq_dir(enum sandbox_mode m);

/* A process found by scanning /proc. */
struct proc_info {
	pid_t pid, ppid;
	char state;
	char comm[32];
};
/* Every process of the sandbox but the caller (degraded: the caller's
 * descendants). Returns the count (at most max) or -errno. */
int sandbox_list_procs(enum sandbox_mode m, struct proc_info *out, int max);
/* SIGKILL everything in the sandbox but the caller, reaping as it goes; reaped
 * pids are reported through cb. */
void sandbox_kill_all(enum sandbox_mode m, void (*cb)(pid_t pid, int wstatus, const struct rusage *ru, void *arg),
		      void *arg);
/* Read pid's comm and ppid from /proc. 0 or -1. */
int proc_read_stat(pid_t pid, struct proc_info *pi);

/* One program to start inside the sandbox (runs between fork and exec). */
struct spawn_req {
	int exec_fd;      /* O_PATH fd of the executable, opened before pivot_root */
	const char *path; /* the same by path, for #! scripts (fd exec of a script fails) */
	char *const *argv;
	char *const *envp;
	int in_fd, out_fd, err_fd;
	bool set_ids;
	uid_t uid;
	gid_t gid;
	const struct proc_limits *limits;
	struct seccomp_opts sec;
	const char *cwd;
	bool die_with_parent; /* degraded mode: PR_SET_PDEATHSIG */
	int keep_fd[2];       /* given to the program at keep_at[i] (not close-on-exec); -1: none */
	int keep_at[2];
};
/* fork + exec as tmux's job_run does it: signals blocked across fork, the
 * child resets them, closes every other fd on exec, and _exits on any error.
 * Returns the pid, or -1 with *exec_errno set when the program could not be
 * started (the child is then already reaped). *listener gets the seccomp
 * notification fd when r->sec.watch_removals, else -1. */
pid_t spawn_proc(const struct spawn_req *r, int *exec_errno, int *listener);
/* A path fd (for spawn_req.exec_fd) of a private copy of the executable at
 * path that nobody may read, only execute. A process started from it is not
 * dumpable (the kernel's would_dump), so another process of its uid cannot
 * see it in /proc (hidepid=2), read its memory or executable, or write to its
 * descriptors: how a reference is protected from the student programs that
 * share its uid. The fd, or -errno. */
int spawn_exec_only_copy(const char *path);
