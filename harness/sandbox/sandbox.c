/*
 * sandbox: one private IPC world per scenario.
 *
 * Theory of operation
 * -------------------
 * The harness (the caller of scenario_run) forks the sandbox's init with
 * clone(CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS),
 * plus CLONE_NEWUSER when not root. The init is PID 1 of its PID namespace and
 * is our code (harness/scenario/engine.c): it builds a private root (read-only /usr,
 * /bin, /lib*, /etc; a fresh /dev with a size-limited tmpfs on /dev/shm and an
 * mqueue mount on /dev/mqueue; /proc; /tmp; the work directory on /work),
 * pivots into it, and starts the scenario's programs under unprivileged uids
 * with rlimits and a seccomp filter. Everything else on the host - the
 * assignment, hidden tests, expected outputs, reference sources, the report
 * being written - is simply not in that root. Reference binaries are opened
 * before the pivot and executed through their file descriptors.
 *
 * When the steps are done the init lists what is still running (orphans,
 * daemons, zombies), kills everything with kill(-1, SIGKILL) - which inside a
 * PID namespace reaches setsid and double-fork escapees - reaps, lists every
 * IPC object (ipc-audit.c), writes the result to the harness over a
 * close-on-exec pipe, removes every IPC object explicitly (the kernel frees IPC
 * namespaces lazily, so leaked segments would pile up in fast churn), and
 * exits. If the init dies, the kernel kills the whole namespace.
 *
 * Degraded mode (no namespaces) runs the same init as a plain child that is a
 * child subreaper: gradings are serialized by the caller, IPC state is
 * snapshotted before and after and only what appeared is reported and removed,
 * and teardown walks the descendants in /proc.
 *
 * The exit contract mirrors isolate: a sandbox that cannot be built is the
 * grader's fault (SCN_INTERNAL), never the student's.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "sandbox-internal.h"
#include "work-copy.h"

#define NEWROOT "/tmp"

static uid_t outer_uid;
static gid_t outer_gid;
/* Set in the sandbox init only: the harness's pid. Inside a new PID namespace
 * getpid() is 1, which would give every sandbox the same uids. */
static pid_t harness_pid;

const char *
sandbox_mode_name(enum sandbox_mode m)
{
	switch (m) {
	case SANDBOX_ROOT:
		return "root";
	case SANDBOX_USERNS:
		return "userns";
	case SANDBOX_DEGRADED:
		return "degraded";
	}
	return "?";
}

int
sandbox_mode_parse(const char *s)
{
	if (strcmp(s, "root") == 0)
		return SANDBOX_ROOT;
	if (strcmp(s, "userns") == 0)
		return SANDBOX_USERNS;
	if (strcmp(s, "degraded") == 0)
		return SANDBOX_DEGRADED;
	return -1;
}

/* One uid for student and reference programs in every mode: objects made
 * 0600 or 0660 by one program of a pairing must be usable by the other, as
 * on a student's own machine, or the grade would depend on the mode. The
 * reference is protected otherwise: it runs from an exec-only copy
 * (sandbox_exec_only_copy), which makes it non-dumpable, so its /proc entry
 * is hidden (hidepid=2) and its memory, descriptors and executable are out of
 * the student's reach. As root (root mode, or degraded mode run by root) the
 * uid is an unprivileged one spread by caller pid: RLIMIT_NPROC is per uid
 * host-wide, and student code must never run as root. */
void
sandbox_ids_for(enum sandbox_mode m, struct sandbox_ids *ids)
{
	if (sandbox_sets_uid(m)) {
		pid_t who = harness_pid ? harness_pid : getpid();
		uid_t base = 200000 + 2 * (uid_t)(who % 50000);
		ids->student_uid = ids->student_gid = base;
	} else if (m == SANDBOX_USERNS) {
		ids->student_uid = ids->student_gid = 1000;
	} else {
		ids->student_uid = getuid();
		ids->student_gid = getgid();
	}
	ids->reference_uid = ids->student_uid;
	ids->reference_gid = ids->student_gid;
}

static const char userns_as_root[] = "userns mode as root would run the programs as host root: refused (use root mode)";

const char *
sandbox_mode_refused(enum sandbox_mode m)
{
	return m == SANDBOX_USERNS && (getuid() == 0 || getgid() == 0) ? userns_as_root : NULL;
}

bool
sandbox_sets_uid(enum sandbox_mode m)
{
	return m == SANDBOX_ROOT || (m == SANDBOX_DEGRADED && geteuid() == 0);
}

pid_t
sandbox_clone(enum sandbox_mode m)
{
	outer_uid = getuid();
	outer_gid = getgid();
	pid_t self = getpid();
	if (m == SANDBOX_DEGRADED) {
		pid_t pid = fork();
		if (pid == 0)
			harness_pid = self;
		return pid;
	}
	unsigned long flags = CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS;
	if (m == SANDBOX_USERNS)
		flags |= CLONE_NEWUSER;
	/* A NULL stack makes clone behave like fork; signals are blocked so the
	 * child starts with no handler of ours running. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid_t pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	int e = errno;
	if (pid == 0)
		harness_pid = self;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return pid;
}

const char *
sandbox_workdir(enum sandbox_mode m, const char *host_workdir)
{
	return m == SANDBOX_DEGRADED ? host_workdir : "/work";
}

const char *
sandbox_shm_dir(enum sandbox_mode m)
{
	(void)m;
	return "/dev/shm";
}

const char *
sandbox_mq_dir(enum sandbox_mode m)
{
	/* Degraded mode has no mqueue mount of its own; many hosts have none. */
	return m == SANDBOX_DEGRADED ? (access("/dev/mqueue", F_OK) == 0 ? "/dev/mqueue" : NULL) : "/dev/mqueue";
}

/* Inside namespaces the sandbox mounts its own mqueue fs; degraded mode can
 * only look at the host's. */
const char *
sandbox_mq_unseen(enum sandbox_mode m)
{
	return sandbox_mq_dir(m) ? NULL
				 : "degraded mode looks at the host's /dev/mqueue, and this machine has no mqueue "
				   "file system mounted there";
}

/* printf into err and fail. */
static int __attribute__((format(printf, 3, 4))) fail(char *err, size_t len, const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err, len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < len)
		snprintf(err + n, len - (size_t)n, ": %s", strerror(e));
	errno = e;
	return -1;
}

/* Write a whole string to a /proc file. */
static int
write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, s, strlen(s));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* Mount flags a bind remount must keep: the kernel refuses to drop locked ones. */
static unsigned long
kept_flags(const char *path)
{
	struct statvfs sv;
	unsigned long f = 0;
	if (statvfs(path, &sv) != 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return f;
}

/* Bind src read-only at dst (dst created as a directory or an empty file). */
static int
bind_ro(const char *src, const char *dst, bool dir)
{
	if (dir) {
		if (mkdir(dst, 0755) != 0 && errno != EEXIST)
			return -1;
	} else {
		int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			return -1;
		close(fd);
	}
	if (mount(src, dst, "none", MS_BIND | MS_REC, NULL) != 0)
		return -1;
	return mount(NULL, dst, "none", MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(src), NULL);
}

/* The host's top-level directories a sandbox shows (read-only). */
static const char *const system_top[] = { "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc" };

#define HIDE_MAX 32
static char *hidden_dirs[HIDE_MAX];
static size_t nhidden_dirs;

/* "/", a top system folder, or one of /usr's own: hiding it would take the
 * compiler or the C library away. */
static bool
needed_by_sandbox(const char *real)
{
	static const char *const usr[] = { "bin",    "sbin",    "lib",     "lib32", "lib64",
					   "libx32", "libexec", "include", "share", "local" };
	if (strcmp(real, "/") == 0)
		return true;
	for (size_t i = 0; i < sizeof(system_top) / sizeof(system_top[0]); i++) {
		size_t n = strlen(system_top[i]);
		if (strncmp(real + 1, system_top[i], n) == 0 && real[n + 1] == '\0')
			return true;
	}
	for (size_t i = 0; i < sizeof(usr) / sizeof(usr[0]); i++) {
		size_t n = strlen(usr[i]);
		if (strncmp(real, "/usr/", 5) == 0 && strncmp(real + 5, usr[i], n) == 0 && real[5 + n] == '\0')
			return true;
	}
	return false;
}

int
sandbox_hide(const char *path, char *err, size_t len)
{
	char real[PATH_MAX];
	if (realpath(path, real) == NULL)
		return errno == ENOENT ? 0 : fail(err, len, "cannot resolve %s", path);
	for (size_t i = 0; i < nhidden_dirs; i++)
		if (strcmp(hidden_dirs[i], real) == 0)
			return 0;
	if (needed_by_sandbox(real)) {
		errno = EINVAL;
		return fail(err, len,
			    "%s holds the grader's files but is a system folder every sandbox needs; keep specs, "
			    "hidden tests and references in a folder of their own",
			    real);
	}
	if (nhidden_dirs == HIDE_MAX) {
		errno = ENOSPC;
		return fail(err, len, "too many folders to hide (%d)", HIDE_MAX);
	}
	hidden_dirs[nhidden_dirs] = strdup(real);
	if (!hidden_dirs[nhidden_dirs])
		return fail(err, len, "out of memory");
	nhidden_dirs++;
	return 0;
}

/* Mount an empty read-only folder over each hidden folder the new root shows. */
static int
hide_grader_dirs(char *err, size_t len)
{
	char in[PATH_MAX + 16];
	for (size_t i = 0; i < nhidden_dirs; i++) {
		struct stat st;
		snprintf(in, sizeof(in), NEWROOT "%s", hidden_dirs[i]);
		if (stat(in, &st) != 0 || !S_ISDIR(st.st_mode))
			continue; /* not under a system folder: not in the sandbox at all */
		if (mount("tmpfs", in, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555") != 0)
			return fail(err, len, "cannot hide %s from the sandbox", hidden_dirs[i]);
	}
	return 0;
}

/* Copy the host's top-level system directories (or their symlinks) in. */
static int
populate_system(char *err, size_t len)
{
	const char *const *top = system_top;
	char src[64], dst[64], link[256];
	for (size_t i = 0; i < sizeof(system_top) / sizeof(system_top[0]); i++) {
		struct stat st;
		snprintf(src, sizeof(src), "/%s", top[i]);
		snprintf(dst, sizeof(dst), NEWROOT "/%s", top[i]);
		if (lstat(src, &st) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(src, link, sizeof(link) - 1);
			if (n < 0)
				return fail(err, len, "readlink %s", src);
			link[n] = '\0';
			if (symlink(link, dst) != 0)
				return fail(err, len, "symlink %s", dst);
		} else if (S_ISDIR(st.st_mode) && bind_ro(src, dst, true) != 0) {
			return fail(err, len, "bind %s", src);
		}
	}
	return 0;
}

/* A minimal /dev: the harmless devices, a private /dev/shm and /dev/mqueue. */
static int
populate_dev(size_t shm_bytes, char *err, size_t len)
{
	static const char *const devs[] = { "null", "zero", "full", "random", "urandom" };
	char src[64], dst[64], opts[64];
	if (mkdir(NEWROOT "/dev", 0755) != 0 ||
	    mount("tmpfs", NEWROOT "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "size=1m,mode=0755") != 0)
		return fail(err, len, "mount /dev");
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		snprintf(src, sizeof(src), "/dev/%s", devs[i]);
		snprintf(dst, sizeof(dst), NEWROOT "/dev/%s", devs[i]);
		int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			return fail(err, len, "create %s", dst);
		close(fd);
		if (mount(src, dst, "none", MS_BIND, NULL) != 0)
			return fail(err, len, "bind %s", src);
	}
	if (symlink("/proc/self/fd", NEWROOT "/dev/fd") != 0 || symlink("/proc/self/fd/0", NEWROOT "/dev/stdin") != 0 ||
	    symlink("/proc/self/fd/1", NEWROOT "/dev/stdout") != 0 ||
	    symlink("/proc/self/fd/2", NEWROOT "/dev/stderr") != 0)
		return fail(err, len, "symlinks in /dev");
	snprintf(opts, sizeof(opts), "size=%zu,mode=1777", shm_bytes);
	if (mkdir(NEWROOT "/dev/shm", 01777) != 0 ||
	    mount("tmpfs", NEWROOT "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
		return fail(err, len, "mount /dev/shm");
	if (mkdir(NEWROOT "/dev/mqueue", 01777) != 0 ||
	    mount("mqueue", NEWROOT "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
		return fail(err, len, "mount /dev/mqueue");
	if (chmod(NEWROOT "/dev/mqueue", 01777) != 0)
		return fail(err, len, "chmod /dev/mqueue");
	return 0;
}

/* Map our outer uid to 1000 inside: programs exec'd as 1000 get no capabilities.
 * Never from root: uid 1000 would be host uid 0, owner of /etc/shadow. */
static int
map_user(char *err, size_t len)
{
	char line[64];
	if (outer_uid == 0 || outer_gid == 0) {
		snprintf(err, len, "%s", userns_as_root);
		return -1;
	}
	if (write_file("/proc/self/setgroups", "deny") != 0)
		return fail(err, len, "write /proc/self/setgroups");
	snprintf(line, sizeof(line), "1000 %u 1\n", (unsigned)outer_uid);
	if (write_file("/proc/self/uid_map", line) != 0)
		return fail(err, len, "write uid_map");
	snprintf(line, sizeof(line), "1000 %u 1\n", (unsigned)outer_gid);
	if (write_file("/proc/self/gid_map", line) != 0)
		return fail(err, len, "write gid_map");
	return 0;
}

/* Cap SysV IPC in our fresh IPC namespace: a new namespace starts with the
 * kernel's defaults (shmall/shmmax practically unlimited, 32000 queues of
 * 16 KiB, a billion semaphores), and a segment's memory stays allocated after
 * shmdt, outside any rlimit - one program could pin the host's RAM. SysV
 * segments get the same budget as the private /dev/shm. Writable by our init
 * in root mode; in userns mode only on kernels that let a namespace's owner
 * set them, so there a refusal is not fatal (docs/security.md). */
static int
limit_sysv(enum sandbox_mode m, size_t shm_bytes, char *err, size_t len)
{
	char v[64];
	long page = sysconf(_SC_PAGESIZE);
	struct {
		const char *path;
		char value[64];
	} todo[] = {
		{ "/proc/sys/kernel/shmmax", "" },
		{ "/proc/sys/kernel/shmall", "" },
		{ "/proc/sys/kernel/shmmni", "4096" },
		{ "/proc/sys/kernel/msgmni", "256" },
		{ "/proc/sys/kernel/msgmnb", "16384" },
		/* SEMMSL SEMMNS SEMOPM SEMMNI */
		{ "/proc/sys/kernel/sem", "250 8192 32 256" },
	};
	snprintf(todo[0].value, sizeof(todo[0].value), "%zu", shm_bytes);
	snprintf(todo[1].value, sizeof(todo[1].value), "%zu", (shm_bytes + (size_t)page - 1) / (size_t)page);
	for (size_t i = 0; i < sizeof(todo) / sizeof(todo[0]); i++) {
		snprintf(v, sizeof(v), "%s\n", todo[i].value);
		if (write_file(todo[i].path, v) != 0 && m == SANDBOX_ROOT)
			return fail(err, len, "write %s", todo[i].path);
	}
	return 0;
}

/* The host work directory, kept open across pivot_root for sandbox_collect(). */
static int host_work_fd = -1;

int
sandbox_collect(enum sandbox_mode m, const char *sub, const char *const *names, long long budget)
{
	if (m == SANDBOX_DEGRADED || sub == NULL)
		return 0; /* degraded mode works in the host directory itself */
	return host_work_fd >= 0 ? work_copy_out(sub, names, budget, host_work_fd) : -1;
}

int
sandbox_setup_inside(enum sandbox_mode m, const char *workdir, size_t shm_bytes, size_t work_bytes, char *err,
		     size_t len)
{
	char opts[128];
	if (m == SANDBOX_DEGRADED)
		return 0;
	host_work_fd = workdir ? open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (workdir && host_work_fd < 0)
		return fail(err, len, "open the work directory %s", workdir);
	if (m == SANDBOX_USERNS && map_user(err, len) != 0)
		return -1;
	if (limit_sysv(m, shm_bytes, err, len) != 0)
		return -1;
	if (mount(NULL, "/", "none", MS_REC | MS_PRIVATE, NULL) != 0)
		return fail(err, len, "make / private");
	if (mount("tmpfs", NEWROOT, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") != 0)
		return fail(err, len, "mount the new root");
	if (populate_system(err, len) != 0 || hide_grader_dirs(err, len) != 0 || populate_dev(shm_bytes, err, len) != 0)
		return -1;
	if (mkdir(NEWROOT "/proc", 0555) != 0 ||
	    mount("proc", NEWROOT "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") != 0)
		return fail(err, len, "mount /proc");
	if (mkdir(NEWROOT "/tmp", 01777) != 0 ||
	    mount("tmpfs", NEWROOT "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777") != 0)
		return fail(err, len, "mount /tmp");
	/* /work is a tmpfs of its own: a submission that writes without end
	 * fills work_bytes, not the host's disk. */
	struct sandbox_ids ids;
	sandbox_ids_for(m, &ids);
	snprintf(opts, sizeof(opts), "size=%zu,mode=0755,uid=%u,gid=%u", work_bytes, (unsigned)ids.student_uid,
		 (unsigned)ids.student_gid);
	if (mkdir(NEWROOT "/work", 0755) != 0 ||
	    mount("tmpfs", NEWROOT "/work", "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
		return fail(err, len, "mount /work");
	if (host_work_fd >= 0 &&
	    work_copy_in(host_work_fd, NEWROOT "/work", sandbox_sets_uid(m), ids.student_uid, ids.student_gid) != 0)
		return fail(err, len, "copy the work directory in");
	if (chdir(NEWROOT) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
		return fail(err, len, "pivot_root");
	if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
		return fail(err, len, "detach the old root");
	if (mount(NULL, "/", "none", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
		return fail(err, len, "remount / read-only");
	if (sethostname("ipcgrade", 8) != 0)
		return fail(err, len, "sethostname");
	return 0;
}

int
proc_read_stat(pid_t pid, struct proc_info *pi)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: it ends at the last ')'. */
	char *open_p = strchr(buf, '('), *close_p = strrchr(buf, ')');
	if (!open_p || !close_p || close_p < open_p)
		return -1;
	size_t cl = (size_t)(close_p - open_p - 1);
	if (cl >= sizeof(pi->comm))
		cl = sizeof(pi->comm) - 1;
	memcpy(pi->comm, open_p + 1, cl);
	pi->comm[cl] = '\0';
	int ppid = 0;
	char st = '?';
	if (sscanf(close_p + 1, " %c %d", &st, &ppid) != 2)
		return -1;
	pi->pid = pid;
	pi->ppid = ppid;
	pi->state = st;
	return 0;
}

/* Is pid a descendant of anc? Walks ppid links through the table. */
static bool
descends_from(const struct proc_info *all, int n, pid_t pid, pid_t anc)
{
	for (int hops = 0; hops < 64 && pid > 1; hops++) {
		if (pid == anc)
			return true;
		pid_t parent = 0;
		for (int i = 0; i < n; i++)
			if (all[i].pid == pid) {
				parent = all[i].ppid;
				break;
			}
		if (parent == anc)
			return true;
		pid = parent;
	}
	return false;
}

int
sandbox_list_procs(enum sandbox_mode m, struct proc_info *out, int max)
{
	DIR *d = opendir("/proc");
	if (d == NULL)
		return -errno;
	int cap = 4096, n = 0;
	struct proc_info *all = malloc(sizeof(*all) * (size_t)cap);
	if (all == NULL) {
		closedir(d);
		return -ENOMEM;
	}
	pid_t self = getpid();
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < cap) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end != '\0' || pid <= 0 || pid == self)
			continue;
		if (proc_read_stat((pid_t)pid, &all[n]) == 0)
			n++;
	}
	closedir(d);
	int k = 0;
	for (int i = 0; i < n && k < max; i++)
		if (m != SANDBOX_DEGRADED || descends_from(all, n, all[i].pid, self))
			out[k++] = all[i];
	free(all);
	return k;
}

void
sandbox_kill_all(enum sandbox_mode m, void (*cb)(pid_t, int, const struct rusage *, void *), void *arg)
{
	struct proc_info *procs = malloc(sizeof(*procs) * 4096);
	for (int round = 0; round < 1000; round++) {
		if (m != SANDBOX_DEGRADED) {
			kill(-1, SIGKILL); /* in a PID namespace: all but us */
		} else if (procs) {
			int n = sandbox_list_procs(m, procs, 4096);
			for (int i = 0; i < n; i++)
				kill(procs[i].pid, SIGKILL);
		}
		int st, reaped = 0;
		pid_t p;
		struct rusage ru;
		while ((p = wait4(-1, &st, WNOHANG, &ru)) > 0) {
			reaped++;
			if (cb)
				cb(p, st, &ru, arg);
		}
		if (p < 0 && errno == ECHILD) {
			/* Nothing left to reap; in degraded mode a stray that is not
			 * our child (impossible with the subreaper) would show here. */
			if (m != SANDBOX_DEGRADED || !procs || sandbox_list_procs(m, procs, 1) == 0)
				break;
		}
		if (reaped == 0)
			usleep(1000);
	}
	free(procs);
}

/* The probe's child: build a whole sandbox and exit 0, or say what failed. */
static void __attribute__((noreturn)) probe_child(enum sandbox_mode m, int wfd)
{
	char err[400] = "";
	if (sandbox_setup_inside(m, NULL, 1 << 20, 1 << 20, err, sizeof(err)) != 0) {
		ssize_t n = write(wfd, err, strlen(err));
		(void)n;
		_exit(1);
	}
	_exit(0);
}

/* Try mode m for real; on failure describe why in why. */
static bool
probe_mode(enum sandbox_mode m, char *why, size_t len)
{
	autopipe p[2] = { -1, -1 };
	if (pipe2(p, O_CLOEXEC) != 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return false;
	}
	pid_t pid = sandbox_clone(m);
	if (pid == 0) {
		close_fd(&p[0]);
		probe_child(m, p[1]);
	}
	int e = errno;
	close_fd(&p[1]); /* now: the child's report ends in EOF */
	if (pid < 0) {
		snprintf(why, len, "clone with new namespaces (%s mode): %s", sandbox_mode_name(m), strerror(e));
		return false;
	}
	char msg[200];
	ssize_t n = read(p[0], msg, sizeof(msg) - 1);
	close_fd(&p[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return true;
	msg[n > 0 ? n : 0] = '\0';
	snprintf(why, len, "%s mode: %s", sandbox_mode_name(m), n > 0 ? msg : "setup failed");
	return false;
}

/* Read a small integer sysctl; -1 if absent. */
static long
read_sysctl(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

void
sandbox_probe(struct sandbox_probe *out)
{
	memset(out, 0, sizeof(*out));
	const char *forced = getenv("IPCGRADE_MODE");
	if (forced && *forced) {
		int m = sandbox_mode_parse(forced);
		if (m >= 0) {
			out->mode = (enum sandbox_mode)m;
			snprintf(out->why, sizeof(out->why), "forced by IPCGRADE_MODE=%s", forced);
			return;
		}
	}
	char why1[240] = "", why2[240] = "";
	if (geteuid() == 0) {
		if (probe_mode(SANDBOX_ROOT, why1, sizeof(why1))) {
			out->mode = SANDBOX_ROOT;
			snprintf(out->why, sizeof(out->why),
				 "running as root: new IPC, mount, PID, network and UTS namespaces work");
			return;
		}
	}
	if (probe_mode(SANDBOX_USERNS, why2, sizeof(why2))) {
		out->mode = SANDBOX_USERNS;
		snprintf(out->why, sizeof(out->why), "unprivileged user namespaces work%s%s", why1[0] ? "; " : "",
			 why1);
		snprintf(out->fix, sizeof(out->fix),
			 "run as root (sudo) to give the programs a uid of their own, apart from yours");
		return;
	}
	out->mode = SANDBOX_DEGRADED;
	snprintf(out->why, sizeof(out->why), "%s%s%s", why1, why1[0] ? "; " : "", why2);
	long aa = read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	long mx = read_sysctl("/proc/sys/user/max_user_namespaces");
	if (aa == 1)
		snprintf(out->fix, sizeof(out->fix),
			 "Ubuntu restricts user namespaces: 'sudo sysctl -w "
			 "kernel.apparmor_restrict_unprivileged_userns=0', or run ipcgrade with sudo");
	else if (mx == 0)
		snprintf(out->fix, sizeof(out->fix),
			 "user namespaces are disabled: 'sudo sysctl -w user.max_user_namespaces=10000', or run "
			 "ipcgrade with sudo");
	else
		snprintf(out->fix, sizeof(out->fix),
			 "run ipcgrade as root (sudo); inside Docker add --privileged or a seccomp profile that allows "
			 "unshare");
}

/* One mode's own probe, for `ipcgrade validate` (every mode this machine
 * offers): root mode needs root, degraded always works. */
bool
sandbox_mode_works(enum sandbox_mode m, char *why, size_t len)
{
	if (m == SANDBOX_DEGRADED)
		return true;
	if (m == SANDBOX_ROOT && geteuid() != 0) {
		snprintf(why, len, "root mode: not running as root");
		return false;
	}
	if (sandbox_mode_refused(m)) {
		snprintf(why, len, "%s", sandbox_mode_refused(m));
		return false;
	}
	return probe_mode(m, why, len);
}
