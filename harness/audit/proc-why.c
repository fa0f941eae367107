/* proc-why: what a process that has not ended is doing (see proc-why.h). */
#include "proc-why.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* What /proc/PID/syscall says: the call and its six arguments. */
struct call {
	long nr; /* -1: not in a system call */
	unsigned long long a[6];
};

/* Read the blocked call; false when it is running or gone. */
static bool
read_call(pid_t pid, struct call *c)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!ok || strncmp(buf, "running", 7) == 0)
		return false;
	memset(c, 0, sizeof(*c));
	int n = sscanf(buf, "%ld %llx %llx %llx %llx %llx %llx", &c->nr, &c->a[0], &c->a[1], &c->a[2], &c->a[3],
		       &c->a[4], &c->a[5]);
	return n >= 1;
}

/* fd's target ("pipe:[123]", "/work/myfifo") and open flags; false if gone. */
static bool
fd_target(pid_t pid, int fd, char *target, size_t len, int *flags)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	ssize_t n = readlink(path, target, len - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	*flags = 0;
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	FILE *f = fopen(path, "re");
	char line[128];
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %o", (unsigned *)flags) == 1)
			break;
	if (f)
		fclose(f);
	return true;
}

/* Does target name a pipe or a FIFO (whose ends are what blocks)? */
static bool
is_pipe_like(const char *target)
{
	struct stat st;
	return strncmp(target, "pipe:", 5) == 0 || (stat(target, &st) == 0 && S_ISFIFO(st.st_mode));
}

/* "child (fd 4), parent (fd 4)": who holds target open for writing (want_write)
 * or for reading; the count, the list in buf. */
static int
holders(const struct why_proc *procs, size_t n, const char *target, bool want_write, char *buf, size_t len)
{
	int found = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (procs[i].state == 'Z')
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/fd", (int)procs[i].pid);
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			char t[256];
			int fl, fd = atoi(de->d_name);
			if (de->d_name[0] == '.' || !fd_target(procs[i].pid, fd, t, sizeof(t), &fl) ||
			    strcmp(t, target))
				continue;
			int acc = fl & O_ACCMODE;
			if (want_write ? acc == O_RDONLY : acc == O_WRONLY)
				continue;
			size_t k = strlen(buf);
			snprintf(buf + k, len - k, "%s%s (fd %d)", found ? ", " : "", procs[i].name, fd);
			found++;
		}
		if (d)
			closedir(d);
	}
	return found;
}

/* read or write on fd: on what, and for a pipe or FIFO who keeps it blocked. */
static void
why_io(const struct why_proc *procs, size_t n, size_t i, int fd, bool writing, char *buf, size_t len)
{
	char t[256], who[512];
	int fl;
	const char *op = writing ? "write" : "read";
	if (!fd_target(procs[i].pid, fd, t, sizeof(t), &fl)) {
		snprintf(buf, len, "%s on fd %d", op, fd);
		return;
	}
	if (!is_pipe_like(t)) {
		snprintf(buf, len, "%s on %s (fd %d)", op, t, fd);
		return;
	}
	const char *what = strncmp(t, "pipe:", 5) == 0 ? "" : "FIFO ";
	int k = holders(procs, n, t, !writing, who, sizeof(who));
	if (!writing && fd == 0 && k == 0)
		snprintf(buf, len, "read on its standard input (fd 0), which the test had not closed");
	else if (!writing && k > 0)
		snprintf(buf, len,
			 "read on %s%s (fd %d): no end of file while the write end is still open in: %s (close it "
			 "in every process that does not write, e.g. close(fd[1]) in the reader right after fork)",
			 what, t, fd, who);
	else if (!writing)
		snprintf(buf, len, "read on %s%s (fd %d)", what, t, fd);
	else if (k > 0)
		snprintf(buf, len, "write on %s%s (fd %d): it is full and its reader, %s, does not read", what, t, fd,
			 who);
	else
		snprintf(buf, len, "write on %s%s (fd %d): it is full", what, t, fd);
}

/* A string at addr in pid's memory (a path argument). */
static bool
user_string(pid_t pid, unsigned long long addr, char *buf, size_t len)
{
	struct iovec l = { buf, len - 1 }, r = { (void *)(uintptr_t)addr, len - 1 };
	ssize_t got = process_vm_readv(pid, &l, 1, &r, 1, 0);
	if (got <= 0)
		return false;
	buf[got] = '\0';
	return true;
}

/* open/openat blocked: a FIFO waiting for its other side. */
static void
why_open(pid_t pid, unsigned long long path_arg, unsigned long long flags, char *buf, size_t len)
{
	char path[256];
	if (!user_string(pid, path_arg, path, sizeof(path))) {
		snprintf(buf, len, "open (of a FIFO, waiting for the other side)");
		return;
	}
	if ((flags & O_ACCMODE) == O_WRONLY)
		snprintf(buf, len, "open of FIFO %s for writing: no process has it open for reading", path);
	else if ((flags & O_ACCMODE) == O_RDONLY)
		snprintf(buf, len, "open of FIFO %s for reading: no process has it open for writing", path);
	else
		snprintf(buf, len, "open of %s", path);
}

/* The named POSIX semaphore (or shared segment) the futex address lies in. */
static void
why_futex(pid_t pid, unsigned long long addr, char *buf, size_t len)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi;
		int off = 0;
		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &lo, &hi, &off) < 2 || addr < lo || addr >= hi)
			continue;
		char *name = line + off;
		name[strcspn(name, "\n")] = '\0';
		fclose(f);
		if (strncmp(name, "/dev/shm/sem.", 13) == 0)
			snprintf(buf, len, "sem_wait on /%s", name + 13);
		else if (strncmp(name, "/dev/shm/", 9) == 0)
			snprintf(buf, len, "sem_wait (or a lock) in shared memory /%s", name + 9);
		else if (strncmp(name, "/SYSV", 5) == 0)
			snprintf(buf, len, "sem_wait (or a lock) in a System V segment");
		else
			snprintf(buf, len, "futex wait: a mutex, condition variable, thread join or unnamed semaphore");
		return;
	}
	if (f)
		fclose(f);
	snprintf(buf, len, "futex wait: a mutex, condition variable, thread join or unnamed semaphore");
}

/* The key of a SysV queue or semaphore set, for the message. */
static long long
sysv_key(bool queue, int id)
{
	if (queue) {
		struct msqid_ds ds;
		return msgctl(id, IPC_STAT, &ds) == 0 ? (long long)ds.msg_perm.__key : -1;
	}
	struct semid_ds ds;
	return semctl(id, 0, IPC_STAT, &ds) == 0 ? (long long)ds.sem_perm.__key : -1;
}

/* "client (pid 5)" for every live child of procs[i]. */
static int
children(const struct why_proc *procs, size_t n, size_t i, char *buf, size_t len)
{
	int k = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < n; j++) {
		if (procs[j].ppid != procs[i].pid)
			continue;
		size_t l = strlen(buf);
		snprintf(buf + l, len - l, "%s%s (pid %d%s)", k++ ? ", " : "", procs[j].name, (int)procs[j].pid,
			 procs[j].state == 'Z' ? ", zombie" : "");
	}
	return k;
}

/* The call procs[i] is blocked in, in words. */
static void
why_call(const struct why_proc *procs, size_t n, size_t i, const struct call *c, char *buf, size_t len)
{
	pid_t pid = procs[i].pid;
	char more[512];
	switch (c->nr) {
	case SYS_read:
	case SYS_readv:
	case SYS_pread64:
		why_io(procs, n, i, (int)c->a[0], false, buf, len);
		return;
	case SYS_write:
	case SYS_writev:
	case SYS_pwrite64:
		why_io(procs, n, i, (int)c->a[0], true, buf, len);
		return;
#ifdef SYS_open
	case SYS_open:
		why_open(pid, c->a[0], c->a[1], buf, len);
		return;
#endif
	case SYS_openat:
		why_open(pid, c->a[1], c->a[2], buf, len);
		return;
	case SYS_wait4:
	case SYS_waitid:
		if (children(procs, n, i, more, sizeof(more)))
			snprintf(buf, len, "waitpid, for its children: %s", more);
		else
			snprintf(buf, len, "waitpid");
		return;
	case SYS_nanosleep:
	case SYS_clock_nanosleep:
		snprintf(buf, len, "sleep");
		return;
#ifdef SYS_pause
	case SYS_pause:
#endif
	case SYS_rt_sigsuspend:
	case SYS_rt_sigtimedwait:
		snprintf(buf, len, "pause: waiting for a signal");
		return;
	case SYS_msgrcv:
		snprintf(buf, len, "msgrcv on queue key %lld (no message of type %lld)", sysv_key(true, (int)c->a[0]),
			 (long long)c->a[3]);
		return;
	case SYS_msgsnd:
		snprintf(buf, len, "msgsnd on queue key %lld: the queue is full", sysv_key(true, (int)c->a[0]));
		return;
	case SYS_semop:
	case SYS_semtimedop:
		snprintf(buf, len, "semop on semaphore set key %lld", sysv_key(false, (int)c->a[0]));
		return;
	case SYS_futex:
		why_futex(pid, c->a[0], buf, len);
		return;
	case SYS_mq_timedreceive:
	case SYS_mq_timedsend: {
		char t[256];
		int fl;
		if (!fd_target(pid, (int)c->a[0], t, sizeof(t), &fl))
			snprintf(t, sizeof(t), "a queue");
		snprintf(buf, len, "%s on %s: %s", c->nr == SYS_mq_timedsend ? "mq_send" : "mq_receive", t,
			 c->nr == SYS_mq_timedsend ? "the queue is full" : "the queue is empty");
		return;
	}
#ifdef SYS_poll
	case SYS_poll:
#endif
#ifdef SYS_select
	case SYS_select:
#endif
	case SYS_ppoll:
	case SYS_pselect6:
	case SYS_epoll_pwait:
#ifdef SYS_epoll_wait
	case SYS_epoll_wait:
#endif
		snprintf(buf, len, "poll/select");
		return;
	default:
		snprintf(buf, len, "system call %ld", c->nr);
	}
}

void
why_blocked(const struct why_proc *procs, size_t n, size_t i, char *buf, size_t len)
{
	const struct why_proc *p = &procs[i];
	char what[900];
	struct call c;
	switch (p->state) {
	case 'Z':
	case 'X':
		snprintf(what, sizeof(what), "a zombie: it exited and its parent never waited for it");
		break;
	case 'T':
	case 't':
		snprintf(what, sizeof(what), "stopped (by a signal such as SIGSTOP, or a debugger)");
		break;
	case 'R':
		snprintf(what, sizeof(what), "running (busy: it never blocks)");
		break;
	default:
		if (!read_call(p->pid, &c) || c.nr < 0)
			snprintf(what, sizeof(what), "blocked outside a system call (page fault or kernel wait)");
		else
			why_call(procs, n, i, &c, what, sizeof(what));
	}
	snprintf(buf, len, "%s (pid %d): %s", p->name, (int)p->pid, what);
}
