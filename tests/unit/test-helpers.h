/* test-helpers.h: what the Criterion suites share instead of copying it.
 *
 * - the trees under test (top), the CLI's path;
 * - running a command and keeping the start of its streams (struct outcome);
 * - hermeticity: a uid of our own, the processes that are ours, a private
 *   view of the machine, and whether this machine grants user namespaces;
 * - discovery: the assignments, and the cases of the catalogue.
 * Everything is static: each test program includes it once. */
#pragma once
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture-streams.h"

/* The build or source tree, from the test environment. */
static inline const char *
top(const char *var)
{
	const char *v = getenv(var);
	return v && *v ? v : ".";
}

/* The ipcgrade of the build tree (a static buffer). */
static inline const char *
ipcgrade_bin(void)
{
	static char bin[4096];
	snprintf(bin, sizeof(bin), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	return bin;
}

/* One command's end and the start of its streams. */
struct outcome {
	int status;      /* exit status, or 128 + signal; 255 = hung */
	bool hung;       /* killed at the deadline */
	pid_t pid;       /* the command's pid (root-mode sandbox uids derive from the CLI's) */
	char *out, *err; /* NUL-terminated starts of both streams (malloc'd) */
	size_t nout, nerr;
};

/* Run argv with extra environment entries, keeping the first cap bytes of
 * both streams; killed after deadline seconds. No cr_assert in the child.
 * Release with outcome_free. */
static inline void
run_capture(char *const argv[], char *const env[], size_t cap, int deadline, struct outcome *o)
{
	int po[2], pe[2];
	memset(o, 0, sizeof(*o));
	o->out = calloc(1, cap + 1);
	o->err = calloc(1, cap + 1);
	cr_assert(o->out && o->err);
	cr_assert_eq(pipe(po), 0);
	cr_assert_eq(pipe(pe), 0);
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		close(po[1]);
		close(pe[1]);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		_exit(127);
	}
	o->pid = pid;
	close(po[1]);
	close(pe[1]);
	o->hung = !collect_streams(po[0], pe[0], o->out, &o->nout, o->err, &o->nerr, cap, deadline);
	if (o->hung)
		kill(pid, SIGKILL);
	int st = 0;
	/* bounded: the streams are closed, and a hung command was killed above */
	for (int tries = 0; waitpid(pid, &st, WNOHANG) == 0; tries++) {
		if (tries == 100)
			kill(pid, SIGKILL);
		usleep(100000);
	}
	o->status = o->hung ? 255 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Release an outcome's buffers (and make it safe to free again). */
static inline void
outcome_free(struct outcome *o)
{
	free(o->out);
	free(o->err);
	o->out = o->err = NULL;
}

/* sh -c cmd, as run_capture. */
static inline void
run_sh(const char *cmd, size_t cap, int deadline, struct outcome *o)
{
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
	run_capture(argv, NULL, cap, deadline, o);
}

/* A fresh folder under /tmp named after what (malloc'd path); mkdtemp makes
 * it unique per run, so two test runs on one machine never share one. */
static inline char *
fresh_dir(const char *what)
{
	char tmpl[256];
	snprintf(tmpl, sizeof(tmpl), "/tmp/ipcgrade-%s.XXXXXX", what);
	cr_assert_not_null(mkdtemp(tmpl), "mkdtemp %s: %s", tmpl, strerror(errno));
	return strdup(tmpl);
}

/* A copy of src at dst that only we may read (mode 0600). */
static inline void
copy_private(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	int out = open(dst, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	cr_assert(in >= 0 && out >= 0, "copy %s to %s: %s", src, dst, strerror(errno));
	char buf[8192];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n, "write %s: %s", dst, strerror(errno));
	close(in);
	close(out);
}

/* rm -rf dir (a warning if that fails). */
static inline void
remove_tree(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

/* A uid (and gid) no other test run uses: ours while this test process
 * lives, since pids are unique. Above the sandbox's root-mode range
 * (200000 + 2 * pid % 50000, harness/sandbox/sandbox.c) and below 2^31. Tests that
 * must act as an unprivileged user take it instead of nobody, whom other
 * runs and the host share (RLIMIT_NPROC counts per uid). */
static inline uid_t
own_uid(void)
{
	return 400000 + (uid_t)getpid();
}

/* The state (R, S, Z...) and parent pid of pid from /proc; -1 when the
 * process is gone. */
static inline pid_t
ppid_of(pid_t pid, char *state)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: it ends at the last ')' */
	char *rp = strrchr(buf, ')'), st = '?';
	int pp = -1;
	if (rp == NULL || sscanf(rp + 1, " %c %d", &st, &pp) != 2)
		return -1;
	if (state)
		*state = st;
	return pp;
}

/* Is pid a live descendant of ours (zombies are not: they run nothing)? */
static inline bool
is_ours(pid_t pid)
{
	pid_t self = getpid();
	char st = '?';
	if (ppid_of(pid, &st) < 0 || st == 'Z')
		return false;
	for (int hops = 0; hops < 64 && pid > 1; hops++) {
		pid = ppid_of(pid, NULL);
		if (pid == self)
			return true;
	}
	return false;
}

/* Become the reaper of everything we start, so that an orphan of ours stays
 * ours (is_ours) instead of joining the host's init; call before starting. */
static inline void
adopt_orphans(void)
{
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0, "PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
}

/* Reap the orphans that adopt_orphans gave us and that have ended; only
 * when no child of ours is still to be waited for by the test. */
static inline void
reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Our live descendants owned by uid, or by any uid when uid is (uid_t)-1:
 * processes of other test runs or of the host never count. */
static inline int
own_procs(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;
	cr_assert(d);
	while ((de = readdir(d)) != NULL) {
		char path[300];
		struct stat st;
		pid_t p = (pid_t)atoi(de->d_name);
		if (p <= 0 || p == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s", de->d_name);
		if (stat(path, &st) != 0 || (uid != (uid_t)-1 && st.st_uid != uid))
			continue;
		n += is_ours(p);
	}
	closedir(d);
	return n;
}

/* Make this test process's view of the machine its own: a private mount
 * and IPC namespace with an empty /dev/shm. The mounts are then made shared
 * again, in a peer group of our own, so a sandbox that forgot to make its
 * mounts private still leaks them here, where the test sees it; the host's
 * mounts and other runs' objects no longer do. Needs CAP_SYS_ADMIN (root). */
static inline void
private_host(void)
{
	cr_assert_eq(unshare(CLONE_NEWNS | CLONE_NEWIPC), 0, "unshare: %s (run as root)", strerror(errno));
	/* "none" instead of NULL: Valgrind flags mount(type = NULL) */
	cr_assert_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0, "make-rprivate /: %s", strerror(errno));
	cr_assert_eq(mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777"), 0,
		     "tmpfs on /dev/shm: %s", strerror(errno));
	cr_assert_eq(mount("none", "/", "none", MS_REC | MS_SHARED, NULL), 0, "make-rshared /: %s", strerror(errno));
}

/* Lines of our mount table: with private_host, only what we mounted. */
static inline int
mount_count(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int n = 0, c;
	while (f && (c = fgetc(f)) != EOF)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

/* Can uid create the namespaces of the unprivileged sandbox (the flags of
 * sandbox_clone in SANDBOX_USERNS mode)? Many machines refuse (a chroot,
 * kernel.unprivileged_userns_clone=0, AppArmor's restriction): false, with
 * the reason in why. */
static inline bool
userns_granted(uid_t uid, gid_t gid, char *why, size_t len)
{
	int pfd[2];
	cr_assert_eq(pipe(pfd), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int e = 0;
		close(pfd[0]);
		if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
			e = errno ? errno : EPERM;
		else if (unshare(CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
				 CLONE_NEWUTS) != 0)
			e = errno;
		(void)!write(pfd[1], &e, sizeof(e));
		_exit(0);
	}
	close(pfd[1]);
	int e = EPERM;
	ssize_t got = read(pfd[0], &e, sizeof(e));
	close(pfd[0]);
	waitpid(pid, NULL, 0);
	if (got != (ssize_t)sizeof(e))
		e = ECHILD;
	if (e != 0)
		snprintf(why, len, "this machine refuses user namespaces to uid %u: unshare(CLONE_NEWUSER|...): %s",
			 (unsigned)uid, strerror(e));
	return e == 0;
}

/* Is name an assignment of the source tree (assignments/NAME/assignment.yaml)? */
static inline bool
is_assignment(const char *name)
{
	char path[4400];
	snprintf(path, sizeof(path), "%s/assignments/%s/assignment.yaml", top("IPCGRADE_TOP_SRCDIR"), name);
	return name[0] != '.' && access(path, R_OK) == 0;
}

/* The sorted entries of dir (without . and ..) for which keep(dir, name)
 * holds, as a NULL-terminated malloc'd array of malloc'd names. */
static inline char **
list_dir(const char *dir, bool (*keep)(const char *dir, const char *name))
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	char **v = calloc((size_t)(n > 0 ? n : 0) + 1, sizeof(*v));
	size_t k = 0;
	if (v == NULL) /* no cr_assert: parameter generators run outside any test */
		abort();
	for (int i = 0; i < n; i++) {
		const char *e = names[i]->d_name;
		if (strcmp(e, ".") != 0 && strcmp(e, "..") != 0 && (!keep || keep(dir, e)))
			v[k++] = strdup(e);
		free(names[i]);
	}
	free(n > 0 ? names : NULL);
	return v;
}

/* Free what list_dir returned. */
static inline void
list_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* list_dir filter: an assignment folder. */
static inline bool
keep_assignment(const char *dir, const char *name)
{
	(void)dir;
	return is_assignment(name);
}

/* The assignments of the source tree, sorted (list_free). */
static inline char **
assignments(void)
{
	char dir[4200];
	snprintf(dir, sizeof(dir), "%s/assignments", top("IPCGRADE_TOP_SRCDIR"));
	return list_dir(dir, keep_assignment);
}

/* list_dir filter: a C source. */
static inline bool
keep_c(const char *dir, const char *name)
{
	(void)dir;
	size_t n = strlen(name);
	return n > 2 && strcmp(name + n - 2, ".c") == 0;
}

/* One assignment, the parameter of a test run once per assignment (fixed
 * size: the runner hands parameters to the test's worker). */
struct assignment_param {
	char name[256];
};

/* The parameters of such a test: every assignment of the source tree, so a
 * new assignments/NAME/ is tested without a line changed here. Usage:
 * ParameterizedTestParameters(suite, test) { return assignment_params(); } */
static inline struct criterion_test_params
assignment_params(void)
{
	char **v = assignments();
	size_t n = 0;
	while (v[n])
		n++;
	struct assignment_param *p = cr_malloc(sizeof(*p) * (n ? n : 1));
	if (p == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		snprintf(p[i].name, sizeof(p[i].name), "%s", v[i]);
	list_free(v);
	return cr_make_param_array(struct assignment_param, p, n, NULL);
}

/* Does text hold a raw byte that drives a terminal (C0 but \n and \t, DEL,
 * C1) or a raw bidi or zero-width character? Returns a description or NULL. */
static inline const char *
raw_trick(const char *text, size_t len)
{
	static char why[64];
	const unsigned char *u = (const unsigned char *)text;
	for (size_t i = 0; i < len; i++) {
		if ((u[i] < 0x20 && u[i] != '\n' && u[i] != '\t') || u[i] == 0x7f ||
		    (u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] < 0xa0)) {
			snprintf(why, sizeof(why), "byte 0x%02x at %zu", u[i], i);
			return why;
		}
		if (u[i] == 0xe2 && i + 2 < len && u[i + 1] == 0x80 &&
		    ((u[i + 2] >= 0x8b && u[i + 2] <= 0x8f) || (u[i + 2] >= 0xaa && u[i + 2] <= 0xae))) {
			snprintf(why, sizeof(why), "U+20%02X at %zu", u[i + 2] - 0x80, i);
			return why;
		}
	}
	return NULL;
}
