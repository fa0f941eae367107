/* seccomp: the per-process system-call filter (libseccomp).
 *
 * Two jobs: deny the calls that would let a program leave its sandbox, and
 * inject a chosen errno into a chosen call (fault injection for tests of error
 * handling). Installed in the child after setup and right before exec. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct fault_rule {
	char syscall[32]; /* "shmget", "shm_open" is not a syscall: use "openat" */
	int err;          /* errno to return, e.g. ENOSPC */
	bool has_arg0;    /* only when the first argument equals arg0 */
	unsigned long long arg0;
};

struct seccomp_opts {
	bool deny_escape;  /* unshare, setns, mount, umount2, pivot_root, ptrace,
				 * process_vm_readv/writev, keyctl, add_key, request_key,
				 * bpf, perf_event_open, io_uring_*, kexec_*, init_module...,
				 * clone with CLONE_NEW* flags, clone3 (ENOSYS) */
	bool deny_network; /* socket() of any family but AF_UNIX -> EACCES */
	const struct fault_rule *faults;
	size_t nfaults;
	/* Hold every removal of an IPC object (shmctl/msgctl/semctl IPC_RMID,
	 * unlink, unlinkat, mq_unlink) and every exit_group for a supervisor that
	 * looks first: short-lived objects are then always observed, and so are
	 * the descriptors a process still holds when it ends. The listener fd is
	 * stored in *listener by seccomp_install. */
	bool watch_removals;
	int *listener;
};

enum seccomp_result {
	SECCOMP_OK = 0,
	SECCOMP_ERR_UNKNOWN_SYSCALL, /* a fault rule names a syscall libseccomp does not know */
	SECCOMP_ERR_BAD_ERRNO,       /* err not in 1..4094 (libseccomp rejects 4095) */
	SECCOMP_ERR_INIT,
	SECCOMP_ERR_RULE,
	SECCOMP_ERR_LOAD,
};

/* Compile the filter for o once per process (kept in a small cache that
 * forked children inherit), so that a child only has to load it. Call it in
 * the harness before forking; 0, or -1 when o cannot be compiled. */
int seccomp_precompile(const struct seccomp_opts *o);
/* Load o's precompiled filter if there is one (fast), else build and load it
 * as seccomp_install does. */
enum seccomp_result seccomp_install_cached(const struct seccomp_opts *o);
/* Build and load the filter into the calling thread (sets NO_NEW_PRIVS). */
enum seccomp_result seccomp_install(const struct seccomp_opts *o);
/* Supervisor side of watch_removals: take one held call from listener, let
 * observe() look at the IPC state while the caller waits, then let the call
 * proceed, unless observe() returns true: then the call stays held until
 * seccomp_watch_release(listener, call->id) (a wait4 held until a child has
 * ended). 0, or -1 when the listener is finished (all its processes gone). */
struct held_call {
	int pid; /* the caller, as the supervisor's PID namespace sees it */
	int nr;  /* system call number */
	unsigned long long args[6];
	unsigned long long id; /* the notification, for seccomp_watch_release */
};
int seccomp_watch_one(int listener, bool (*observe)(void *arg, const struct held_call *call), void *arg);
/* Let a call held by observe() proceed: 0, 1 when it is no longer waiting
 * (its caller died or a signal interrupted it: the kernel restarts it as a
 * new notification), -1 on error. */
int seccomp_watch_release(int listener, unsigned long long id);
/* Is the held call id still waiting for our answer? */
bool seccomp_watch_pending(int listener, unsigned long long id);
/* Check the rules without loading anything (for spec validation). */
enum seccomp_result seccomp_check(const struct seccomp_opts *o);
const char *seccomp_strerror(enum seccomp_result r);
/* Parse "shmget=ENOSPC" or "shmget=ENOSPC@1234" (also numeric errno, hex arg).
 * 0 on success, -1 with a message in err (errlen bytes) otherwise. */
int fault_rule_parse(const char *text, struct fault_rule *out, char *err, size_t errlen);
/* errno name <-> number: "ENOSPC" -> 28; -1 if unknown. */
int errno_from_name(const char *name);
const char *errno_name(int err);
