/* seccomp: the per-process system-call filter (libseccomp). See seccomp-filter.h.
 *
 * The filter's default action is ALLOW; every rule returns an errno. Rules
 * are added in this order, and libseccomp keeps the FIRST action when two
 * rules collide, so a fault rule wins over a deny rule on the same call:
 *   1. fault rules (fault injection),
 *   2. deny_escape rules,
 *   3. deny_network rules.
 * libseccomp semantics worth knowing (verified with libseccomp 2.5.4):
 *   - identical conditions with a different action: -EEXIST, first rule
 *     kept; we treat it as success;
 *   - an unconditional rule after conditional ones on the same syscall
 *     replaces them (so a deny_escape rule on e.g. ptrace shadows a
 *     conditional fault on ptrace: the call is still denied, with EPERM);
 *   - a conditional rule after an unconditional one is redundant and dropped
 *     (an unconditional fault on clone also covers clone(CLONE_NEWUSER)).
 * None of these cases can turn a denied call into an allowed one: every rule
 * in this filter denies, so the union of rules denies at least as much as
 * each of them.
 *
 * The library never prints and never exits. */
#include "seccomp-filter.h"

#include "ipc-kinds.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h> /* libseccomp's; ours is seccomp-filter.h */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/socket.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/mman.h>

#define ARRAY_LEN(a)    (sizeof(a) / sizeof((a)[0]))
#define LOW32           0xffffffffULL
/* The kernel caps SECCOMP_RET_ERRNO at 4095, libseccomp 2.5 refuses 4095. */
#define FAULT_ERRNO_MAX 4094

/* ---- errno names ------------------------------------------------------- */

struct errno_entry {
	const char *name;
	int value;
};

#define X(e) { #e, e },
static const struct errno_entry errno_table[] = {
	X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG) X(ENOEXEC) X(EBADF) X(ECHILD) X(EAGAIN) X(
		ENOMEM) X(EACCES) X(EFAULT) X(ENOTBLK) X(EBUSY) X(EEXIST) X(EXDEV) X(ENODEV) X(ENOTDIR) X(EISDIR)
		X(EINVAL) X(ENFILE) X(EMFILE) X(ENOTTY) X(ETXTBSY) X(EFBIG) X(ENOSPC) X(ESPIPE) X(EROFS) X(EMLINK) X(
			EPIPE) X(EDOM) X(ERANGE) X(EDEADLK) X(ENAMETOOLONG) X(ENOLCK) X(ENOSYS) X(ENOTEMPTY) X(ELOOP)
			X(ENOMSG) X(EIDRM) X(ECHRNG) X(EL2NSYNC) X(EL3HLT) X(EL3RST) X(ELNRNG) X(EUNATCH) X(ENOCSI) X(
				EL2HLT) X(EBADE) X(EBADR) X(EXFULL) X(ENOANO) X(EBADRQC) X(EBADSLT) X(EBFONT) X(ENOSTR)
				X(ENODATA) X(ETIME) X(ENOSR) X(ENONET) X(ENOPKG) X(EREMOTE) X(ENOLINK) X(EADV) X(
					ESRMNT) X(ECOMM) X(EPROTO) X(EMULTIHOP) X(EDOTDOT) X(EBADMSG) X(EOVERFLOW)
					X(ENOTUNIQ) X(EBADFD) X(EREMCHG) X(ELIBACC) X(ELIBBAD) X(ELIBSCN) X(ELIBMAX) X(
						ELIBEXEC) X(EILSEQ) X(ERESTART) X(ESTRPIPE) X(EUSERS) X(ENOTSOCK) X(EDESTADDRREQ)
						X(EMSGSIZE) X(EPROTOTYPE) X(ENOPROTOOPT) X(EPROTONOSUPPORT) X(
							ESOCKTNOSUPPORT) X(EOPNOTSUPP) X(EPFNOSUPPORT) X(EAFNOSUPPORT)
							X(EADDRINUSE) X(EADDRNOTAVAIL) X(ENETDOWN) X(ENETUNREACH) X(
								ENETRESET) X(ECONNABORTED) X(ECONNRESET) X(ENOBUFS)
								X(EISCONN) X(ENOTCONN) X(ESHUTDOWN) X(ETOOMANYREFS) X(
									ETIMEDOUT) X(ECONNREFUSED) X(EHOSTDOWN) X(EHOSTUNREACH)
									X(EALREADY) X(EINPROGRESS) X(ESTALE) X(
										EUCLEAN) X(ENOTNAM) X(ENAVAIL) X(EISNAM)
										X(EREMOTEIO) X(EDQUOT) X(ENOMEDIUM) X(
											EMEDIUMTYPE) X(ECANCELED) X(ENOKEY)
											X(EKEYEXPIRED) X(EKEYREVOKED) X(
												EKEYREJECTED)
												X(EOWNERDEAD) X(
													ENOTRECOVERABLE)
													X(ERFKILL) X(
														EHWPOISON)
};
#undef X

/* Accepted on input only: errno_name() gives the canonical spelling, the
 * same one glibc's strerrorname_np() gives. */
static const struct errno_entry errno_aliases[] = {
	{ "EWOULDBLOCK", EWOULDBLOCK },
	{ "EDEADLOCK", EDEADLOCK },
	{ "ENOTSUP", ENOTSUP },
};

int
errno_from_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(errno_table); i++)
		if (strcmp(errno_table[i].name, name) == 0)
			return errno_table[i].value;
	for (size_t i = 0; i < ARRAY_LEN(errno_aliases); i++)
		if (strcmp(errno_aliases[i].name, name) == 0)
			return errno_aliases[i].value;
	return -1;
}

const char *
errno_name(int err)
{
	for (size_t i = 0; i < ARRAY_LEN(errno_table); i++)
		if (errno_table[i].value == err)
			return errno_table[i].name;
	return NULL;
}

/* ---- filter construction ---------------------------------------------- */

const char *
seccomp_strerror(enum seccomp_result r)
{
	switch (r) {
	case SECCOMP_OK:
		return "success";
	case SECCOMP_ERR_UNKNOWN_SYSCALL:
		return "a fault rule names a system call libseccomp does not know";
	case SECCOMP_ERR_BAD_ERRNO:
		return "a fault rule's errno is not in 1..4094";
	case SECCOMP_ERR_INIT:
		return "cannot initialise the seccomp filter";
	case SECCOMP_ERR_RULE:
		return "cannot add a rule to the seccomp filter";
	case SECCOMP_ERR_LOAD:
		return "cannot load the seccomp filter";
	}
	return "unknown seccomp error";
}

/* Resolve a native (x86_64) syscall name; -1 if unknown. libseccomp returns
 * negative pseudo numbers for calls that exist only on other architectures
 * (socketcall, ipc, mmap2...): those are unknown here too. */
static int
resolve(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);
	return nr < 0 ? -1 : nr;
}

/* seccomp_rule_add_array, with "an identical rule already exists" (-EEXIST:
 * libseccomp keeps the first action) counted as success. */
static int
add_rule(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned int argc, const struct scmp_arg_cmp *args)
{
	int rc = seccomp_rule_add_array(ctx, action, nr, argc, args);
	return rc == -EEXIST ? 0 : rc;
}

/* The first argument of most calls we inject faults into is an int (IPC key
 * or id, file descriptor, AT_FDCWD, pid). The kernel only looks at its low
 * 32 bits, and the upper half of the register is not guaranteed to be zero
 * (or a sign extension), so for a value that fits in 32 bits -- either as an
 * unsigned number or as a negative int, e.g. @-100 or @0xdeadbeef -- compare
 * the low 32 bits only. Larger values are compared on all 64 bits. */
static struct scmp_arg_cmp
arg0_cmp(unsigned long long v)
{
	bool fits32 = v <= LOW32 || (v >> 31) == (~0ULL >> 31);
	if (fits32)
		return SCMP_A0(SCMP_CMP_MASKED_EQ, LOW32, v & LOW32);
	return SCMP_A0(SCMP_CMP_EQ, v);
}

static enum seccomp_result
add_faults(scmp_filter_ctx ctx, const struct seccomp_opts *o)
{
	if (o->nfaults && !o->faults)
		return SECCOMP_ERR_RULE;
	for (size_t i = 0; i < o->nfaults; i++) {
		const struct fault_rule *f = &o->faults[i];
		if (strnlen(f->syscall, sizeof f->syscall) == sizeof f->syscall)
			return SECCOMP_ERR_UNKNOWN_SYSCALL; /* not terminated */
		int nr = resolve(f->syscall);
		if (nr < 0)
			return SECCOMP_ERR_UNKNOWN_SYSCALL;
		if (f->err < 1 || f->err > FAULT_ERRNO_MAX)
			return SECCOMP_ERR_BAD_ERRNO;
		struct scmp_arg_cmp cmp = arg0_cmp(f->arg0);
		if (add_rule(ctx, SCMP_ACT_ERRNO((uint32_t)f->err), nr, f->has_arg0 ? 1 : 0,
			     f->has_arg0 ? &cmp : NULL) < 0)
			return SECCOMP_ERR_RULE;
	}
	return SECCOMP_OK;
}

/* Calls that would let a program leave (or see out of) its sandbox. */
static const char *const escape_syscalls[] = {
	"unshare",
	"setns",
	"mount",
	"umount2",
	"pivot_root",
	"chroot",
	"ptrace",
	"process_vm_readv",
	"process_vm_writev",
	"keyctl",
	"add_key",
	"request_key",
	"bpf",
	"perf_event_open",
	"io_uring_setup",
	"io_uring_enter",
	"io_uring_register",
	"kexec_load",
	"kexec_file_load",
	"init_module",
	"finit_module",
	"delete_module",
	"open_by_handle_at",
	"name_to_handle_at",
	"userfaultfd",
	"fsopen",
	"fsmount",
	"fsconfig",
	"fspick",
	"move_mount",
	"open_tree",
	"mount_setattr",
	"swapon",
	"swapoff",
	"reboot",
	"syslog",
	"acct",
	"quotactl",
	"iopl",
	"ioperm",
	"settimeofday",
	"clock_settime",
	"adjtimex",
	/* personality stays allowed: setarch, valgrind and some runtimes use it */
};

static const unsigned long clone_ns_flags[] = {
	CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

/* Add one rule on a syscall known by name; a name this libseccomp does not
 * know (an older release than the call) is skipped. */
static int
deny_named(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned int argc, const struct scmp_arg_cmp *args)
{
	int nr = resolve(name);
	return nr < 0 ? 0 : add_rule(ctx, action, nr, argc, args);
}

static enum seccomp_result
add_escape_rules(scmp_filter_ctx ctx)
{
	for (size_t i = 0; i < ARRAY_LEN(escape_syscalls); i++)
		if (deny_named(ctx, SCMP_ACT_ERRNO(EPERM), escape_syscalls[i], 0, NULL) < 0)
			return SECCOMP_ERR_RULE;

	/* clone with any CLONE_NEW* flag: one rule per flag (the flags are a
	 * 64-bit unsigned long, compared in full). */
	for (size_t i = 0; i < ARRAY_LEN(clone_ns_flags); i++) {
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_MASKED_EQ, clone_ns_flags[i], clone_ns_flags[i]);
		if (deny_named(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, &c) < 0)
			return SECCOMP_ERR_RULE;
	}
	/* clone3 passes its flags in memory, where seccomp cannot look: make it
	 * unavailable, glibc (fork, pthread_create) then falls back to clone. */
	if (deny_named(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL) < 0)
		return SECCOMP_ERR_RULE;

	/* TIOCSTI pushes input into the controlling terminal (CVE-2017-5226
	 * class); TIOCLINUX can paste the console selection. The kernel reads
	 * the command as a 32-bit int, so compare the low 32 bits only:
	 * ioctl(fd, TIOCSTI | 1UL << 32, ...) must not slip past the filter
	 * (CVE-2019-10063). */
	static const unsigned long tty_cmds[] = { TIOCSTI, TIOCLINUX };
	for (size_t i = 0; i < ARRAY_LEN(tty_cmds); i++) {
		struct scmp_arg_cmp c = SCMP_A1(SCMP_CMP_MASKED_EQ, LOW32, tty_cmds[i]);
		if (deny_named(ctx, SCMP_ACT_ERRNO(EPERM), "ioctl", 1, &c) < 0)
			return SECCOMP_ERR_RULE;
	}
	return SECCOMP_OK;
}

static enum seccomp_result
add_network_rules(scmp_filter_ctx ctx)
{
	/* Any family but AF_UNIX. The 64-bit "not equal" errs on the safe side:
	 * AF_UNIX with garbage in the upper half of the register is refused. */
	struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_NE, AF_UNIX);
	if (deny_named(ctx, SCMP_ACT_ERRNO(EACCES), "socket", 1, &c) < 0 ||
	    deny_named(ctx, SCMP_ACT_ERRNO(EACCES), "socketpair", 1, &c) < 0)
		return SECCOMP_ERR_RULE;
	/* io_uring can create sockets (IORING_OP_SOCKET) without the socket
	 * system call, out of the filter's sight. */
	static const char *const uring[] = { "io_uring_setup", "io_uring_enter", "io_uring_register" };
	for (size_t i = 0; i < ARRAY_LEN(uring); i++)
		if (deny_named(ctx, SCMP_ACT_ERRNO(EACCES), uring[i], 0, NULL) < 0)
			return SECCOMP_ERR_RULE;
	return SECCOMP_OK;
}

/* Removals and process exits are sent to the supervisor (SCMP_ACT_NOTIFY)
 * before they happen. The removal calls come from the table of IPC kinds;
 * a call shared by two kinds (unlink) gets one rule.
 * glibc passes IPC commands with IPC_64 (0x100) or'ed in: compare the low byte. */
static enum seccomp_result
add_watch_rules(scmp_filter_ctx ctx, const struct seccomp_opts *o)
{
	for (int i = 0; i < IPCOBJ_NKINDS; i++) {
		const struct ipc_kind *k = ipc_kind((enum ipcobj_kind)i);
		for (const struct ipc_removal_call *rc = k ? k->removal_calls : NULL; rc && rc->syscall; rc++) {
			bool dup = false;
			for (int j = 0; j < i && !dup; j++) {
				const struct ipc_kind *pk = ipc_kind((enum ipcobj_kind)j);
				for (const struct ipc_removal_call *p = pk ? pk->removal_calls : NULL; p && p->syscall;
				     p++)
					dup |= strcmp(p->syscall, rc->syscall) == 0;
			}
			if (dup)
				continue;
			struct scmp_arg_cmp rmid = { .arg = (unsigned)rc->cmd_arg,
						     .op = SCMP_CMP_MASKED_EQ,
						     .datum_a = 0xff,
						     .datum_b = IPC_RMID };
			if (deny_named(ctx, SCMP_ACT_NOTIFY, rc->syscall, rc->cmd_arg >= 0 ? 1 : 0,
				       rc->cmd_arg >= 0 ? &rmid : NULL) < 0)
				return SECCOMP_ERR_RULE;
		}
	}
	/* and the end of a process: its open descriptors are still there */
	if (deny_named(ctx, SCMP_ACT_NOTIFY, "exit_group", 0, NULL) < 0)
		return SECCOMP_ERR_RULE;
	/* and a parent's wait: the supervisor sees how each child ended (a
	 * child killed by SIGSEGV) before the parent reaps it. Not where a
	 * fault rule already answers the call. */
	static const char *const waits[] = { "wait4", "waitid" };
	for (size_t i = 0; i < ARRAY_LEN(waits); i++) {
		bool faulted = false;
		for (size_t f = 0; f < o->nfaults; f++)
			faulted |= strcmp(o->faults[f].syscall, waits[i]) == 0;
		if (!faulted && deny_named(ctx, SCMP_ACT_NOTIFY, waits[i], 0, NULL) < 0)
			return SECCOMP_ERR_RULE;
	}
	/* and signals sent: valgrind ends a program on a fatal signal by
	 * re-raising it to itself, and a SIGKILL ends one without a report
	 * (engine-channel.c) */
	static const char *const kills[] = {
		"kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal"
	};
	for (size_t i = 0; i < sizeof(kills) / sizeof(kills[0]); i++)
		if (deny_named(ctx, SCMP_ACT_NOTIFY, kills[i], 0, NULL) < 0)
			return SECCOMP_ERR_RULE;
	return SECCOMP_OK;
}

static enum seccomp_result
build(const struct seccomp_opts *o, scmp_filter_ctx *out)
{
	*out = NULL;
	if (!o)
		return SECCOMP_ERR_INIT;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return SECCOMP_ERR_INIT;
	enum seccomp_result r = add_faults(ctx, o);
	if (r == SECCOMP_OK && o->deny_escape)
		r = add_escape_rules(ctx);
	if (r == SECCOMP_OK && o->deny_network)
		r = add_network_rules(ctx);
	if (r == SECCOMP_OK && o->watch_removals)
		r = add_watch_rules(ctx, o);
	if (r != SECCOMP_OK) {
		seccomp_release(ctx);
		return r;
	}
	*out = ctx;
	return SECCOMP_OK;
}

int
seccomp_watch_one(int listener, bool (*observe)(void *arg, const struct held_call *call), void *arg)
{
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	/* Fresh, zeroed buffers each time: the kernel rejects a reused request
	 * buffer with EINVAL (notes/sandbox.md 2(iii)). */
	if (seccomp_notify_alloc(&req, &resp) != 0)
		return -1;
	int rc = -1;
	if (seccomp_notify_receive(listener, req) == 0) {
		bool hold = false;
		if (observe) {
			struct held_call call = { .pid = (int)req->pid, .nr = req->data.nr, .id = req->id };
			memcpy(call.args, req->data.args, sizeof(call.args));
			hold = observe(arg, &call);
		}
		if (hold) { /* the supervisor answers later, seccomp_watch_release */
			seccomp_notify_free(req, resp);
			return 0;
		}
		resp->id = req->id;
		resp->val = 0;
		resp->error = 0;
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		seccomp_notify_respond(listener, resp); /* ENOENT: the caller died meanwhile */
		rc = 0;
	} else if (errno == EINTR || errno == ENOENT) {
		rc = 0;
	}
	seccomp_notify_free(req, resp);
	return rc;
}

int
seccomp_watch_release(int listener, unsigned long long id)
{
	struct seccomp_notif_resp resp = { .id = id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
		return 0;
	return errno == ENOENT ? 1 : -1;
}

bool
seccomp_watch_pending(int listener, unsigned long long id)
{
	return seccomp_notify_id_valid(listener, id) == 0;
}

/* ---- precompiled filters ------------------------------------------------
 * Building a filter with libseccomp costs about a millisecond per process
 * (measured: fork+install 1.8 ms against fork alone 0.75 ms); the BPF is the
 * same for every process with the same options, so it is exported once. */

#define CACHE_MAX 32

struct compiled {
	struct seccomp_opts opts; /* faults copied below */
	struct fault_rule faults[16];
	struct sock_filter *code;
	unsigned short len;
};

static struct compiled cache[CACHE_MAX];
static size_t ncache;

/* Same options, fault by fault? */
static bool
same_opts(const struct seccomp_opts *a, const struct seccomp_opts *b)
{
	if (a->deny_escape != b->deny_escape || a->deny_network != b->deny_network ||
	    a->watch_removals != b->watch_removals || a->nfaults != b->nfaults)
		return false;
	for (size_t i = 0; i < a->nfaults; i++)
		if (memcmp(&a->faults[i], &b->faults[i], sizeof(a->faults[i])) != 0)
			return false;
	return true;
}

/* The cache entry for o, or NULL. */
static const struct compiled *
lookup(const struct seccomp_opts *o)
{
	for (size_t i = 0; i < ncache; i++)
		if (same_opts(&cache[i].opts, o))
			return &cache[i];
	return NULL;
}

int
seccomp_precompile(const struct seccomp_opts *o)
{
	if (lookup(o))
		return 0;
	if (ncache == CACHE_MAX || o->nfaults > 16)
		return -1;
	scmp_filter_ctx ctx;
	if (build(o, &ctx) != SECCOMP_OK)
		return -1;
	/* libseccomp 2.5 exports to a file descriptor only. */
	int fd = memfd_create("ipcgrade-bpf", MFD_CLOEXEC);
	int rc = -1;
	struct stat st;
	if (fd >= 0 && seccomp_export_bpf(ctx, fd) == 0 && fstat(fd, &st) == 0 && st.st_size > 0 &&
	    st.st_size % (off_t)sizeof(struct sock_filter) == 0 &&
	    st.st_size / (off_t)sizeof(struct sock_filter) <= 0xffff) {
		struct sock_filter *code = malloc((size_t)st.st_size);
		if (code && pread(fd, code, (size_t)st.st_size, 0) == st.st_size) {
			struct compiled *c = &cache[ncache++];
			c->opts = *o;
			if (o->nfaults)
				memcpy(c->faults, o->faults, o->nfaults * sizeof(*o->faults));
			c->opts.faults = c->faults;
			c->opts.listener = NULL;
			c->code = code;
			c->len = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
			rc = 0;
		} else {
			free(code);
		}
	}
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return rc;
}

enum seccomp_result
seccomp_install_cached(const struct seccomp_opts *o)
{
	const struct compiled *c = lookup(o);
	if (c == NULL)
		return seccomp_install(o);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return SECCOMP_ERR_LOAD;
	struct sock_fprog prog = { .len = c->len, .filter = c->code };
	unsigned long flags = o->watch_removals ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
	long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (rc < 0)
		return SECCOMP_ERR_LOAD;
	if (o->watch_removals && o->listener)
		*o->listener = (int)rc; /* the new listener: close-on-exec */
	return SECCOMP_OK;
}

enum seccomp_result
seccomp_check(const struct seccomp_opts *o)
{
	scmp_filter_ctx ctx;
	enum seccomp_result r = build(o, &ctx);
	if (ctx)
		seccomp_release(ctx);
	return r;
}

enum seccomp_result
seccomp_install(const struct seccomp_opts *o)
{
	scmp_filter_ctx ctx;
	enum seccomp_result r = build(o, &ctx);
	if (r != SECCOMP_OK)
		return r;
	/* SCMP_FLTATR_CTL_NNP is on by default: seccomp_load sets
	 * PR_SET_NO_NEW_PRIVS, needed to load a filter without CAP_SYS_ADMIN. */
	int rc = seccomp_load(ctx);
	if (rc == 0 && o->watch_removals && o->listener)
		*o->listener = seccomp_notify_fd(ctx);
	seccomp_release(ctx);
	return rc < 0 ? SECCOMP_ERR_LOAD : SECCOMP_OK;
}

/* ---- "SYSCALL=ERRNO[@ARG0]" ------------------------------------------- */

static int
fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, arg);
	return -1;
}

/* Library functions people name instead of the system call that does it. */
static const char *
syscall_hint(const char *name)
{
	static const struct {
		const char *fn, *hint;
	} hints[] = {
		{ "shm_open", " (glibc implements shm_open with openat)" },
		{ "shm_unlink", " (glibc implements shm_unlink with unlink)" },
		{ "sem_open", " (glibc implements sem_open with openat)" },
		{ "fork", " (glibc implements fork with clone)" },
		{ "mq_send", " (glibc implements mq_send with mq_timedsend)" },
		{ "mq_receive", " (glibc implements mq_receive with mq_timedreceive)" },
	};
	for (size_t i = 0; i < ARRAY_LEN(hints); i++)
		if (strcmp(hints[i].fn, name) == 0)
			return hints[i].hint;
	return "";
}

int
fault_rule_parse(const char *text, struct fault_rule *out, char *err, size_t errlen)
{
	static const char usage[] = "expected SYSCALL=ERRNO[@ARG0]";
	if (err && errlen)
		err[0] = '\0';
	if (!text || !out)
		return fail(err, errlen, "%s", usage);

	const char *eq = strchr(text, '=');
	if (!eq || eq == text)
		return fail(err, errlen, "%s", usage);
	size_t namelen = (size_t)(eq - text);
	const char *at = strchr(eq + 1, '@');
	const char *errtxt = eq + 1;
	size_t errtxtlen = at ? (size_t)(at - errtxt) : strlen(errtxt);
	if (errtxtlen == 0 || (at && at[1] == '\0'))
		return fail(err, errlen, "%s", usage);

	struct fault_rule r;
	memset(&r, 0, sizeof r);

	/* syscall name */
	char name[64];
	if (namelen >= sizeof name)
		namelen = sizeof name - 1; /* reported as unknown below */
	memcpy(name, text, namelen);
	name[namelen] = '\0';
	for (size_t i = 0; i < namelen; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return fail(err, errlen, "%s", usage);
	}
	if (namelen >= sizeof r.syscall || resolve(name) < 0) {
		if (err && errlen)
			snprintf(err, errlen, "unknown system call '%s'%s", name, syscall_hint(name));
		return -1;
	}
	memcpy(r.syscall, name, namelen + 1);

	/* errno: a name or a number in 1..FAULT_ERRNO_MAX */
	char etxt[32];
	if (errtxtlen >= sizeof etxt)
		errtxtlen = sizeof etxt - 1;
	memcpy(etxt, errtxt, errtxtlen);
	etxt[errtxtlen] = '\0';
	if (etxt[0] >= '0' && etxt[0] <= '9') {
		char *end;
		errno = 0;
		unsigned long v = strtoul(etxt, &end, 10);
		if (*end != '\0' || errno || v < 1 || v > FAULT_ERRNO_MAX)
			return fail(err, errlen, "unknown errno '%s' (a name like ENOSPC, or a number in 1..4094)",
				    etxt);
		r.err = (int)v;
	} else {
		r.err = errno_from_name(etxt);
		if (r.err < 0)
			return fail(err, errlen, "unknown errno '%s'", etxt);
	}

	/* optional first argument: decimal (may be negative, e.g. -100 for
	 * AT_FDCWD) or 0x-hexadecimal */
	if (at) {
		const char *a = at + 1;
		char *end;
		errno = 0;
		if (a[0] == '-') {
			long long v = strtoll(a, &end, 10);
			r.arg0 = (unsigned long long)v;
		} else if (a[0] >= '0' && a[0] <= '9') {
			bool hex = a[0] == '0' && (a[1] == 'x' || a[1] == 'X');
			r.arg0 = strtoull(a, &end, hex ? 16 : 10); /* "0x" alone stops at 'x' */
		} else {
			end = (char *)a;
		}
		if (end == a || *end != '\0' || errno || (a[0] == '-' && !(a[1] >= '0' && a[1] <= '9')))
			return fail(err, errlen, "invalid ARG0 '%s': expected a decimal or 0x-hexadecimal number", a);
		r.has_arg0 = true;
	}
	*out = r;
	return 0;
}
