/* Unit tests of harness/sandbox/seccomp-filter.c and harness/sandbox/proc-limits.c.
 *
 * Filters and limits are applied in a forked child (never in the Criterion
 * worker itself); the child reports through its exit status, or through a
 * pipe when it has numbers to tell, and the parent asserts after a waitpid
 * with a timeout. Children never call cr_assert and leave with _exit. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc-limits.h"
#include "seccomp-filter.h"
#include "test-helpers.h"

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

/* Valgrind emulates setrlimit(RLIMIT_NOFILE) and refuses to change the hard
 * limit, so proc_limits_apply cannot succeed under it (in production it runs
 * before exec, outside any valgrind). */
static bool
under_valgrind(void)
{
	const char *e = getenv("IPCGRADE_UNDER_VALGRIND");
	return RUNNING_ON_VALGRIND || (e && *e && strcmp(e, "0") != 0);
}
#define SKIP_UNDER_VALGRIND()                                                                  \
	do {                                                                                   \
		if (under_valgrind())                                                          \
			cr_skip_test("valgrind refuses setrlimit(RLIMIT_NOFILE) hard limits"); \
	} while (0)

#define CHILD_TIMEOUT_SEC 20

/* ---- child helpers ------------------------------------------------------ */

/* Exit status of a child reporting "everything as expected". Any other code
 * names the step that failed; 77 = cannot run here (skip). */
#define STEP_OK           0
#define STEP_SKIP         77

static void
child_note(const char *what, long got, int err)
{
	char buf[256];
	int n = snprintf(buf, sizeof buf, "child: %s: got %ld, errno %d (%s)\n", what, got, err,
			 errno_name(err) ? errno_name(err) : "?");
	if (n > 0)
		(void)!write(STDERR_FILENO, buf, (size_t)n);
}

/* In a child: the call returned r with errno e; it must fail with want. */
#define EXPECT_FAIL(step, call, want)              \
	do {                                       \
		errno = 0;                         \
		long r_ = (long)(call);            \
		int e_ = errno;                    \
		if (r_ != -1 || e_ != (want)) {    \
			child_note(#call, r_, e_); \
			_exit(step);               \
		}                                  \
	} while (0)

/* In a child: the call must succeed (not return -1). */
#define EXPECT_OK(step, call)                         \
	do {                                          \
		errno = 0;                            \
		long r_ = (long)(call);               \
		if (r_ == -1) {                       \
			child_note(#call, r_, errno); \
			_exit(step);                  \
		}                                     \
	} while (0)

/* Wait for pid at most secs seconds; on timeout kill and reap it.
 * Returns the wait status, or -1 on timeout. */
static int
wait_timeout(pid_t pid, int secs)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	for (int i = 0; i < secs * 100; i++) {
		int st;
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* Run fn in a child; return its exit code, or -1 (timeout) / 128+signal. */
static int
run_child(int (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_neq(pid, -1, "fork: %s", strerror(errno));
	if (pid == 0) {
		alarm(CHILD_TIMEOUT_SEC + 5); /* in case the parent is gone */
		_exit(fn(arg));
	}
	int st = wait_timeout(pid, CHILD_TIMEOUT_SEC);
	if (st == -1)
		return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

#define assert_child_ok(code)                                              \
	do {                                                               \
		int c_ = (code);                                           \
		if (c_ == STEP_SKIP)                                       \
			cr_skip_test("not possible in this environment");  \
		cr_assert_eq(c_, STEP_OK,                                  \
			     "child failed at step %d (-1 = timeout, "     \
			     ">128 = killed by a signal); see its stderr", \
			     c_);                                          \
	} while (0)

static void
install_or_die(const struct seccomp_opts *o)
{
	enum seccomp_result r = seccomp_install(o);
	if (r != SECCOMP_OK) {
		child_note(seccomp_strerror(r), r, 0);
		_exit(99);
	}
}

/* Fork inside a filtered child and reap: 0 if fork and the child both work. */
static int
fork_works(void)
{
	pid_t p = fork();
	if (p < 0)
		return -1;
	if (p == 0)
		_exit(42);
	int st;
	if (waitpid(p, &st, 0) != p)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 42 ? 0 : -1;
}

static void *
thread_fn(void *arg)
{
	return arg;
}

/* ---- fault injection ---------------------------------------------------- */

static int
child_shmget_fault(void *unused)
{
	(void)unused;
	/* A private IPC namespace: nothing we create is seen by (or left on) the host. */
	if (unshare(CLONE_NEWIPC) != 0)
		return STEP_SKIP;
	struct fault_rule f = { .syscall = "shmget", .err = ENOSPC, .has_arg0 = true, .arg0 = 1234 };
	struct seccomp_opts o = { .faults = &f, .nfaults = 1 };
	install_or_die(&o);

	EXPECT_FAIL(1, shmget(1234, 1, IPC_CREAT | 0600), ENOSPC);
	int id = shmget(4321, 1, IPC_CREAT | 0600);
	if (id < 0) {
		child_note("shmget(4321)", id, errno);
		return 2;
	}
	EXPECT_OK(3, shmctl(id, IPC_RMID, NULL));
	return STEP_OK;
}

Test(seccomp_fault, shmget_with_arg0)
{
	assert_child_ok(run_child(child_shmget_fault, NULL));
}

/* The same through the precompiled path the sandbox uses (export once, load
 * the BPF in the child), with the removal watch's listener handed back. */
static int
child_precompiled(void *unused)
{
	(void)unused;
	if (unshare(CLONE_NEWIPC) != 0)
		return STEP_SKIP;
	int listener = -1;
	struct fault_rule f = { .syscall = "shmget", .err = ENOSPC, .has_arg0 = true, .arg0 = 1234 };
	struct seccomp_opts o = {
		.deny_escape = true, .faults = &f, .nfaults = 1, .watch_removals = true, .listener = &listener
	};
	if (seccomp_precompile(&o) != 0)
		return 1;
	struct fault_rule copy = f; /* the cache compares rules by value */
	o.faults = &copy;
	if (seccomp_install_cached(&o) != SECCOMP_OK)
		return 2;
	if (listener < 0)
		return 3;
	EXPECT_FAIL(4, shmget(1234, 1, IPC_CREAT | 0600), ENOSPC);
	EXPECT_FAIL(5, unshare(CLONE_NEWNS), EPERM);
	/* Nobody supervises here: without a listener, held calls (exit_group
	 * too) fail with ENOSYS instead of waiting, and _exit falls back to exit. */
	close(listener);
	return STEP_OK;
}

Test(seccomp_fault, precompiled_filter_behaves_the_same)
{
	assert_child_ok(run_child(child_precompiled, NULL));
}

/* A key with bit 31 set is a negative key_t: the fault matches whether the
 * rule spells it 0xdeadbeef or -559038737, however the register is extended. */
static int
child_shmget_high_key(void *text)
{
	if (unshare(CLONE_NEWIPC) != 0)
		return STEP_SKIP;
	struct fault_rule f;
	char err[128];
	if (fault_rule_parse(text, &f, err, sizeof err) != 0)
		return 1;
	struct seccomp_opts o = { .faults = &f, .nfaults = 1 };
	install_or_die(&o);
	EXPECT_FAIL(2, shmget((key_t)0xdeadbeef, 1, IPC_CREAT | 0600), EDQUOT);
	EXPECT_FAIL(3, syscall(SYS_shmget, 0xdeadbeefUL, 1, IPC_CREAT | 0600), EDQUOT);
	EXPECT_FAIL(4, syscall(SYS_shmget, 0xffffffffdeadbeefUL, 1, IPC_CREAT | 0600), EDQUOT);
	int id = shmget((key_t)0xdeadbeee, 1, IPC_CREAT | 0600);
	if (id < 0)
		return 5;
	EXPECT_OK(6, shmctl(id, IPC_RMID, NULL));
	return STEP_OK;
}

Test(seccomp_fault, shmget_key_with_bit31)
{
	assert_child_ok(run_child(child_shmget_high_key, "shmget=EDQUOT@0xdeadbeef"));
	assert_child_ok(run_child(child_shmget_high_key, "shmget=EDQUOT@-559038737"));
}

static int
child_shmat_fault(void *unused)
{
	(void)unused;
	/* A real segment (valgrind looks it up before the call), in a private
	 * IPC namespace: it disappears with the child. */
	if (unshare(CLONE_NEWIPC) != 0)
		return STEP_SKIP;
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (id < 0)
		return 1;
	struct fault_rule f = { .syscall = "shmat", .err = ENOMEM };
	struct seccomp_opts o = { .faults = &f, .nfaults = 1 };
	install_or_die(&o);
	EXPECT_FAIL(2, shmat(id, NULL, 0), ENOMEM);
	EXPECT_FAIL(3, shmat(id, NULL, SHM_RDONLY), ENOMEM);
	EXPECT_OK(4, shmctl(id, IPC_RMID, NULL));
	return STEP_OK;
}

Test(seccomp_fault, shmat_without_arg0)
{
	assert_child_ok(run_child(child_shmat_fault, NULL));
}

/* shm_open is openat(AT_FDCWD, "/dev/shm/...") in glibc: "openat=EMFILE@-100"
 * hits every open relative to the working directory, not openat(dirfd). */
static int
child_openat_fault(void *unused)
{
	(void)unused;
	int dir = open("/dev", O_RDONLY | O_DIRECTORY);
	if (dir < 0)
		return 1;
	struct fault_rule f;
	char err[128];
	if (fault_rule_parse("openat=EMFILE@-100", &f, err, sizeof err) != 0)
		return 2;
	struct seccomp_opts o = { .faults = &f, .nfaults = 1 };
	install_or_die(&o);
	EXPECT_FAIL(3, open("/dev/null", O_RDONLY), EMFILE);
	int fd = openat(dir, "null", O_RDONLY);
	if (fd < 0)
		return 4;
	close(fd);
	close(dir);
	return STEP_OK;
}

Test(seccomp_fault, openat_at_fdcwd)
{
	assert_child_ok(run_child(child_openat_fault, NULL));
}

/* ---- deny_escape ------------------------------------------------------- */

static int
child_deny_escape(void *unused)
{
	(void)unused;
	struct seccomp_opts o = { .deny_escape = true };
	install_or_die(&o);

	EXPECT_FAIL(1, unshare(CLONE_NEWNS), EPERM);
	EXPECT_FAIL(2, mount("none", "/mnt", "tmpfs", 0, NULL), EPERM);
	EXPECT_FAIL(3, ptrace(PTRACE_TRACEME, 0, NULL, NULL), EPERM);
	if (fork_works() != 0)
		return 4;
	pthread_t t;
	int rc = pthread_create(&t, NULL, thread_fn, &o);
	if (rc != 0) {
		child_note("pthread_create", rc, rc);
		return 5;
	}
	void *ret = NULL;
	if (pthread_join(t, &ret) != 0 || ret != &o)
		return 6;

	static const unsigned long ns[] = {
		CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
	};
	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		errno = 0;
		long r = syscall(SYS_clone, ns[i] | SIGCHLD, 0, 0, 0, 0);
		if (r == 0)
			_exit(0); /* the filter let it through: leave at once */
		if (r > 0)
			waitpid((pid_t)r, NULL, 0);
		if (r != -1 || errno != EPERM) {
			child_note("clone(CLONE_NEW*)", r, errno);
			return 10 + (int)i;
		}
	}
	EXPECT_FAIL(20, syscall(SYS_clone3, NULL, 0), ENOSYS);
	EXPECT_FAIL(21, setns(0, 0), EPERM);
	/* real (zeroed) argument blocks: valgrind reads them before the call */
	static char attr[256];
	EXPECT_FAIL(22, syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, sizeof attr), EPERM);
	EXPECT_FAIL(23, syscall(SYS_io_uring_setup, 1, attr), EPERM);
	EXPECT_FAIL(24, chroot("/"), EPERM);
	EXPECT_FAIL(25, syscall(SYS_keyctl, 0, 0, 0, 0, 0), EPERM);
	/* TIOCSTI, also with garbage in the upper half of the command */
	char c = 'x';
	EXPECT_FAIL(26, ioctl(0, TIOCSTI, &c), EPERM);
	EXPECT_FAIL(27, syscall(SYS_ioctl, 0, (1UL << 32) | TIOCSTI, &c), EPERM);
	/* personality stays allowed (0xffffffff only queries) */
	EXPECT_OK(28, personality(0xffffffff));
	/* and a filtered process can still exec */
	pid_t p = fork();
	if (p == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	int st;
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 29;
	return STEP_OK;
}

Test(seccomp_escape, denied_and_allowed)
{
	assert_child_ok(run_child(child_deny_escape, NULL));
}

/* ---- deny_network ------------------------------------------------------ */

static int
child_deny_network(void *unused)
{
	(void)unused;
	struct seccomp_opts o = { .deny_network = true };
	install_or_die(&o);
	EXPECT_FAIL(1, socket(AF_INET, SOCK_STREAM, 0), EACCES);
	EXPECT_FAIL(2, socket(AF_INET6, SOCK_DGRAM, 0), EACCES);
	EXPECT_FAIL(3, socket(AF_NETLINK, SOCK_RAW, 0), EACCES);
	EXPECT_FAIL(4, socket(AF_PACKET, SOCK_RAW, 0), EACCES);
	EXPECT_FAIL(5, syscall(SYS_socket, (1UL << 32) | AF_INET, SOCK_STREAM, 0), EACCES);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return 6;
	close(fd);
	int sv[2];
	EXPECT_OK(7, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	close(sv[0]);
	close(sv[1]);
	static char params[256]; /* zeroed io_uring_params */
	EXPECT_FAIL(8, syscall(SYS_io_uring_setup, 1, params), EACCES);
	return STEP_OK;
}

Test(seccomp_network, only_unix_sockets)
{
	assert_child_ok(run_child(child_deny_network, NULL));
}

/* ---- fault rules and deny rules on the same call ------------------------ */

static int
child_fault_and_deny(void *unused)
{
	(void)unused;
	struct fault_rule f[] = {
		{ .syscall = "clone", .err = EAGAIN },
		{ .syscall = "socket", .err = EMFILE, .has_arg0 = true, .arg0 = AF_UNIX },
	};
	struct seccomp_opts o = { .deny_escape = true, .deny_network = true, .faults = f, .nfaults = 2 };
	install_or_die(&o);
	EXPECT_FAIL(1, fork(), EAGAIN);
	EXPECT_FAIL(2, socket(AF_UNIX, SOCK_STREAM, 0), EMFILE);
	EXPECT_FAIL(3, socket(AF_INET, SOCK_STREAM, 0), EACCES);
	EXPECT_FAIL(4, unshare(CLONE_NEWNET), EPERM);
	return STEP_OK;
}

Test(seccomp_combined, fault_wins_over_deny)
{
	assert_child_ok(run_child(child_fault_and_deny, NULL));
}

Test(seccomp_check, rules_that_collide_are_fine)
{
	struct fault_rule f[] = {
		{ .syscall = "clone", .err = EAGAIN },
		{ .syscall = "clone", .err = ENOMEM },                   /* conflicting duplicate */
		{ .syscall = "clone", .err = EAGAIN },                   /* identical duplicate */
		{ .syscall = "ptrace", .err = ESRCH, .has_arg0 = true }, /* shadowed by deny */
		{ .syscall = "socket", .err = EMFILE, .has_arg0 = true, .arg0 = AF_INET },
		{ .syscall = "socket", .err = ENFILE, .has_arg0 = true, .arg0 = AF_INET },
		{ .syscall = "ioctl", .err = ENOTTY },
		{ .syscall = "clone3", .err = EAGAIN },
	};
	struct seccomp_opts o = {
		.deny_escape = true, .deny_network = true, .faults = f, .nfaults = sizeof f / sizeof f[0]
	};
	cr_assert_eq(seccomp_check(&o), SECCOMP_OK);
}

Test(seccomp_check, verdicts)
{
	struct seccomp_opts none = { 0 };
	cr_assert_eq(seccomp_check(&none), SECCOMP_OK);
	struct seccomp_opts all = { .deny_escape = true, .deny_network = true };
	cr_assert_eq(seccomp_check(&all), SECCOMP_OK);

	struct fault_rule f = { .syscall = "shmgett", .err = ENOSPC };
	struct seccomp_opts o = { .faults = &f, .nfaults = 1 };
	cr_assert_eq(seccomp_check(&o), SECCOMP_ERR_UNKNOWN_SYSCALL);
	strcpy(f.syscall, "shm_open"); /* a libc function, not a syscall */
	cr_assert_eq(seccomp_check(&o), SECCOMP_ERR_UNKNOWN_SYSCALL);
	strcpy(f.syscall, "socketcall"); /* exists on i386 only */
	cr_assert_eq(seccomp_check(&o), SECCOMP_ERR_UNKNOWN_SYSCALL);
	memset(f.syscall, 'a', sizeof f.syscall); /* not terminated */
	cr_assert_eq(seccomp_check(&o), SECCOMP_ERR_UNKNOWN_SYSCALL);

	strcpy(f.syscall, "shmget");
	cr_assert_eq(seccomp_check(&o), SECCOMP_OK);
	f.err = 0;
	cr_assert_eq(seccomp_check(&o), SECCOMP_ERR_BAD_ERRNO);
	f.err = 4095; /* the kernel would take it, libseccomp 2.5 does not */
	cr_assert_eq(seccomp_check(&o), SECCOMP_ERR_BAD_ERRNO);
	f.err = 4094;
	cr_assert_eq(seccomp_check(&o), SECCOMP_OK);

	/* check never loads anything into the calling process */
	cr_assert_eq(prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 0);
	for (int r = SECCOMP_OK; r <= SECCOMP_ERR_LOAD; r++)
		cr_assert_not_null(seccomp_strerror((enum seccomp_result)r));
}

/* ---- fault_rule_parse --------------------------------------------------- */

static void
parse_ok(const char *text, const char *sc, int err, bool has, unsigned long long arg0)
{
	struct fault_rule f;
	char msg[128] = "untouched";
	cr_assert_eq(fault_rule_parse(text, &f, msg, sizeof msg), 0, "%s: %s", text, msg);
	cr_assert_str_eq(f.syscall, sc, "%s", text);
	cr_assert_eq(f.err, err, "%s", text);
	cr_assert_eq(f.has_arg0, has, "%s", text);
	if (has)
		cr_assert_eq(f.arg0, arg0, "%s: %llx", text, f.arg0);
}

static void
parse_bad(const char *text, const char *want)
{
	struct fault_rule f = { .syscall = "keep" };
	char msg[128] = "";
	cr_assert_eq(fault_rule_parse(text, &f, msg, sizeof msg), -1, "%s", text);
	cr_assert_str_eq(msg, want, "%s", text);
	cr_assert_str_eq(f.syscall, "keep", "%s: output touched on error", text);
}

Test(fault_rule_parse, good)
{
	parse_ok("shmget=ENOSPC@1234", "shmget", ENOSPC, true, 1234);
	parse_ok("shmget=28", "shmget", 28, false, 0);
	parse_ok("shmget=ENOSPC@0x4d2", "shmget", ENOSPC, true, 1234);
	parse_ok("shmget=ENOSPC@0X4D2", "shmget", ENOSPC, true, 1234);
	parse_ok("shmget=ENOSPC@0", "shmget", ENOSPC, true, 0);
	parse_ok("mq_open=EACCES", "mq_open", EACCES, false, 0);
	parse_ok("openat=EMFILE@-100", "openat", EMFILE, true, (unsigned long long)-100LL);
	parse_ok("msgsnd=EWOULDBLOCK", "msgsnd", EAGAIN, false, 0);
	parse_ok("clone=4094@0xffffffffffffffff", "clone", 4094, true, ~0ULL);
}

Test(fault_rule_parse, bad)
{
	const char *usage = "expected SYSCALL=ERRNO[@ARG0]";
	parse_bad("shmget=EFOO", "unknown errno 'EFOO'");
	parse_bad("shmget=enospc", "unknown errno 'enospc'");
	parse_bad("shmgett=ENOSPC", "unknown system call 'shmgett'");
	parse_bad("shm_open=EMFILE", "unknown system call 'shm_open' (glibc implements shm_open with openat)");
	parse_bad("socketcall=EPERM", "unknown system call 'socketcall'");
	parse_bad("a_very_long_name_that_is_no_syscall=EPERM",
		  "unknown system call 'a_very_long_name_that_is_no_syscall'");
	parse_bad("shmget", usage);
	parse_bad("", usage);
	parse_bad("=ENOSPC", usage);
	parse_bad("shmget=", usage);
	parse_bad("shmget=@12", usage);
	parse_bad("shmget=ENOSPC@", usage);
	parse_bad("shm get=ENOSPC", usage);
	parse_bad("shmget=0", "unknown errno '0' (a name like ENOSPC, or a number in 1..4094)");
	parse_bad("shmget=4095", "unknown errno '4095' (a name like ENOSPC, or a number in 1..4094)");
	parse_bad("shmget=28x", "unknown errno '28x' (a name like ENOSPC, or a number in 1..4094)");
	parse_bad("shmget=ENOSPC@12x", "invalid ARG0 '12x': expected a decimal or 0x-hexadecimal number");
	parse_bad("shmget=ENOSPC@0x", "invalid ARG0 '0x': expected a decimal or 0x-hexadecimal number");
	parse_bad("shmget=ENOSPC@ 1", "invalid ARG0 ' 1': expected a decimal or 0x-hexadecimal number");
	parse_bad("shmget=ENOSPC@-", "invalid ARG0 '-': expected a decimal or 0x-hexadecimal number");
	parse_bad("shmget=ENOSPC@99999999999999999999",
		  "invalid ARG0 '99999999999999999999': expected a decimal or 0x-hexadecimal number");
	parse_bad("shmget=ENOSPC@1@2", "invalid ARG0 '1@2': expected a decimal or 0x-hexadecimal number");
}

Test(fault_rule_parse, small_or_missing_buffer)
{
	struct fault_rule f;
	char tiny[8];
	cr_assert_eq(fault_rule_parse("shmget=EFOO", &f, tiny, sizeof tiny), -1);
	cr_assert_str_eq(tiny, "unknown");
	cr_assert_eq(fault_rule_parse("shmget=EFOO", &f, NULL, 0), -1);
	cr_assert_eq(fault_rule_parse(NULL, &f, tiny, sizeof tiny), -1);
	cr_assert_eq(fault_rule_parse("shmget=ENOSPC", &f, NULL, 0), 0);
}

/* ---- errno table ------------------------------------------------------- */

Test(errno_table, round_trip)
{
	static const char *const required[] = {
		"EPERM",   "ENOENT",    "ESRCH",        "EINTR",     "EIO",    "ENXIO",     "E2BIG",  "ENOEXEC",
		"EBADF",   "ECHILD",    "EAGAIN",       "ENOMEM",    "EACCES", "EFAULT",    "EBUSY",  "EEXIST",
		"EXDEV",   "ENODEV",    "ENOTDIR",      "EISDIR",    "EINVAL", "ENFILE",    "EMFILE", "ENOTTY",
		"ETXTBSY", "EFBIG",     "ENOSPC",       "ESPIPE",    "EROFS",  "EMLINK",    "EPIPE",  "EDOM",
		"ERANGE",  "EDEADLK",   "ENAMETOOLONG", "ENOLCK",    "ENOSYS", "ENOTEMPTY", "ELOOP",  "ENOMSG",
		"EIDRM",   "ETIMEDOUT", "ECONNREFUSED", "EOVERFLOW", "EDQUOT", "EHWPOISON",
	};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		int e = errno_from_name(required[i]);
		cr_assert_gt(e, 0, "%s missing", required[i]);
		cr_assert_str_eq(errno_name(e), required[i]);
	}
	cr_assert_eq(errno_from_name("ENOSPC"), 28);
	cr_assert_eq(errno_from_name("EPERM"), 1);
	cr_assert_eq(errno_from_name("EHWPOISON"), EHWPOISON);

	/* every errno glibc names, with glibc's canonical spelling */
	int named = 0;
	for (int e = 1; e <= 133; e++) {
		const char *g = strerrorname_np(e);
		if (!g)
			continue;
		named++;
		cr_assert_not_null(errno_name(e), "%d (%s) missing", e, g);
		cr_assert_str_eq(errno_name(e), g);
		cr_assert_eq(errno_from_name(g), e);
	}
	cr_assert_gt(named, 120);

	cr_assert_eq(errno_from_name("EWOULDBLOCK"), EAGAIN);
	cr_assert_eq(errno_from_name("EDEADLOCK"), EDEADLK);
	cr_assert_eq(errno_from_name("ENOTSUP"), EOPNOTSUPP);
	cr_assert_str_eq(errno_name(EAGAIN), "EAGAIN");
	cr_assert_eq(errno_from_name("EFOO"), -1);
	cr_assert_eq(errno_from_name(""), -1);
	cr_assert_eq(errno_from_name(NULL), -1);
	cr_assert_null(errno_name(0));
	cr_assert_null(errno_name(-1));
	cr_assert_null(errno_name(4095));
}

/* ---- limits ------------------------------------------------------------ */

Test(limits, defaults)
{
	struct proc_limits l;
	memset(&l, 0xa5, sizeof l);
	proc_limits_default(&l);
	cr_assert_eq(l.cpu_sec, 10);
	cr_assert_eq(l.as_bytes, 1ULL << 30);
	cr_assert_eq(l.fsize_bytes, 64ULL << 20);
	cr_assert_eq(l.nofile, 256);
	cr_assert_eq(l.nproc, 128);
	cr_assert_eq(l.stack_bytes, 8ULL << 20);
	cr_assert_eq(l.msgqueue_bytes, 819200);
	cr_assert_eq(l.sigpending, 1024);
}

static int
check_limit(int res, rlim_t want)
{
	struct rlimit r;
	if (getrlimit(res, &r) != 0)
		return -1;
	return r.rlim_cur == want && r.rlim_max == want ? 0 : -1;
}

static int
child_apply_defaults(void *unused)
{
	(void)unused;
	struct proc_limits l;
	proc_limits_default(&l);
	int rc = proc_limits_apply(&l);
	if (rc != 0) {
		child_note("proc_limits_apply", rc, -rc);
		return 1;
	}
	if (check_limit(RLIMIT_CORE, 0))
		return 2;
	if (check_limit(RLIMIT_CPU, 10))
		return 3;
	if (check_limit(RLIMIT_AS, 1ULL << 30))
		return 4;
	if (check_limit(RLIMIT_FSIZE, 64ULL << 20))
		return 5;
	if (check_limit(RLIMIT_NOFILE, 256))
		return 6;
	if (check_limit(RLIMIT_NPROC, 128))
		return 7;
	if (check_limit(RLIMIT_STACK, 8ULL << 20))
		return 8;
	if (check_limit(RLIMIT_MSGQUEUE, 819200))
		return 9;
	if (check_limit(RLIMIT_SIGPENDING, 1024))
		return 10;
	return STEP_OK;
}

Test(limits, apply_defaults)
{
	SKIP_UNDER_VALGRIND();
	assert_child_ok(run_child(child_apply_defaults, NULL));
}

/* A fresh child: raising a hard limit back needs CAP_SYS_RESOURCE. */
static int
child_apply_zeroes(void *unused)
{
	(void)unused;
	struct proc_limits l;
	proc_limits_default(&l);
	int rc;
	/* as 0 = unlimited; msgqueue and sigpending 0 = the defaults, never 0 */
	l.as_bytes = 0;
	l.msgqueue_bytes = 0;
	l.sigpending = 0;
	rc = proc_limits_apply(&l);
	if (rc != 0) {
		child_note("proc_limits_apply(as=0)", rc, -rc);
		return 11;
	}
	if (check_limit(RLIMIT_AS, RLIM_INFINITY))
		return 12;
	if (check_limit(RLIMIT_MSGQUEUE, 819200))
		return 13;
	if (check_limit(RLIMIT_SIGPENDING, 1024))
		return 14;

	/* errors come back as -errno: more files than fs.nr_open allows */
	l.nofile = (rlim_t)1 << 40;
	rc = proc_limits_apply(&l);
	if (rc != -EPERM) {
		child_note("proc_limits_apply(nofile=2^40)", rc, -rc);
		return 15;
	}
	if (check_limit(RLIMIT_CORE, 0))
		return 16; /* set before the failure */
	return STEP_OK;
}

Test(limits, zero_fields_and_errors)
{
	SKIP_UNDER_VALGRIND();
	struct rlimit as;
	cr_assert_eq(getrlimit(RLIMIT_AS, &as), 0);
	if (as.rlim_max != RLIM_INFINITY)
		cr_skip_test("RLIMIT_AS is already limited here");
	assert_child_ok(run_child(child_apply_zeroes, NULL));
}

/* Processes whose real uid is uid, right now (RLIMIT_NPROC counts them all,
 * whoever started them: the bomb's uid is one of its own, see own_uid). */
static int
count_uid_procs(uid_t uid)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300], line[256];
		snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof line, f)) {
			unsigned ruid;
			if (sscanf(line, "Uid: %u", &ruid) == 1) {
				n += ruid == uid;
				break;
			}
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

struct bomb_report {
	int forks; /* forks that succeeded */
	int err;   /* errno of the fork that failed */
	int setup; /* 0, or the step of the setup that failed */
};

#define BOMB_NPROC 20
#define BOMB_MAX   200

Test(limits, nproc_stops_fork_bomb, .timeout = 60)
{
	SKIP_UNDER_VALGRIND();
	if (geteuid() != 0)
		cr_skip_test("needs root to switch to an unprivileged uid");
	uid_t uid = own_uid();
	int before = count_uid_procs(uid);
	if (before < 0 || before >= BOMB_NPROC - 1)
		cr_skip_test("%d processes already run as uid %u", before, (unsigned)uid);
	/* orphans of the bomb become our children, so we can reap them */
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);

	int pfd[2];
	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	pid_t bomb = fork();
	cr_assert_neq(bomb, -1);
	if (bomb == 0) {
		struct bomb_report rep = { 0 };
		alarm(CHILD_TIMEOUT_SEC + 5);
		close(pfd[0]);
		setpgid(0, 0);
		struct proc_limits l;
		proc_limits_default(&l);
		l.nproc = BOMB_NPROC;
		if (proc_limits_apply(&l) != 0)
			rep.setup = 1;
		else if (setgroups(0, NULL) != 0 || setgid(uid) != 0)
			rep.setup = 2;
		else if (setuid(uid) != 0)
			rep.setup = 3;
		pid_t kids[BOMB_MAX];
		while (!rep.setup && rep.forks < BOMB_MAX) {
			pid_t p = fork();
			if (p < 0) {
				rep.err = errno;
				break;
			}
			if (p == 0) {
				alarm(CHILD_TIMEOUT_SEC + 5); /* orphans die anyway */
				for (;;)
					pause();
			}
			kids[rep.forks++] = p;
		}
		for (int i = 0; i < rep.forks; i++)
			kill(kids[i], SIGKILL);
		for (int i = 0; i < rep.forks; i++)
			waitpid(kids[i], NULL, 0);
		(void)!write(pfd[1], &rep, sizeof rep);
		_exit(0);
	}
	close(pfd[1]);
	setpgid(bomb, bomb); /* both sides: no race with the child's setpgid */

	struct bomb_report rep = { .setup = -1 };
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	ssize_t got = -1;
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	for (int i = 0; i < CHILD_TIMEOUT_SEC * 100; i++) {
		got = read(pfd[0], &rep, sizeof rep);
		if (got >= 0 || errno != EAGAIN)
			break;
		nanosleep(&tick, NULL);
	}
	close(pfd[0]);

	/* whatever happened: kill the bomb's whole process group, reap them all */
	kill(-bomb, SIGKILL);
	int st = wait_timeout(bomb, CHILD_TIMEOUT_SEC);
	for (int i = 0; i < CHILD_TIMEOUT_SEC * 100; i++) {
		pid_t r = waitpid(-1, NULL, WNOHANG);
		if (r < 0)
			break; /* ECHILD: nothing left */
		if (r == 0)
			nanosleep(&tick, NULL);
	}

	cr_assert_eq(got, (ssize_t)sizeof rep, "no report from the fork bomb");
	cr_assert_neq(st, -1, "fork bomb did not finish in time");
	cr_assert_eq(rep.setup, 0, "bomb setup failed at step %d", rep.setup);
	cr_assert_eq(rep.err, EAGAIN, "fork failed with %s, not EAGAIN", errno_name(rep.err));
	cr_log_info("fork bomb: %d forks before EAGAIN, %d processes of its uid before", rep.forks, before);
	cr_assert_gt(rep.forks, 0);
	cr_assert_leq(rep.forks, BOMB_NPROC, "%d forks succeeded (%d processes of its uid before)", rep.forks, before);
}
