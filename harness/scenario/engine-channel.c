/* engine-channel: the trusted channel of a tool that runs inside the
 * untrusted programs (valgrind; scenario.h, channel_dir).
 *
 * A tool that shares its process with student code cannot keep a file from
 * it: whatever the tool can open by path, the program can rewrite. What the
 * program cannot reach is a descriptor in valgrind's reserved range (client
 * syscalls on those fail with EBADF; a socket cannot be reopened through
 * /proc/self/fd). So every untrusted program inherits one end of a
 * SOCK_SEQPACKET pair there; with SO_PASSCRED on our end the kernel stamps
 * every message with its sender's pid, which keeps the reports of forked
 * children apart. A program that smuggles the descriptor out (SCM_RIGHTS)
 * can only add to its own pid's stream, and adding cannot remove a finding;
 * to fake the end of a report it would have to die before its real end,
 * which the held calls (engine-watch.c) tell apart: a valgrind that
 * finished makes the real exit_group, or re-raises a fatal signal to itself
 * after resetting it to SIG_DFL (the program cannot: valgrind emulates its
 * sigaction), and nothing can follow in its stream; a valgrind that was
 * killed (SIGKILL, RLIMIT_CPU) does neither.
 *
 * Input for the tool (valgrind's suppressions) goes the other way as a
 * sealed memfd at the next reserved fd: readable through /proc/self/fd,
 * never writable.
 *
 * At the end, with every process gone, everything is written as one file,
 * /work/CHANNEL_DIR/channel (the directory is emptied first: the programs
 * could write there):
 *	ipcgrade-channel 1 watched W
 *	pid P ended E killed K cut C bytes N\n<N bytes>\n	(per sender)
 * where W says whether ends were observed at all (E, valgrind's last act
 * was seen and nothing followed it, is only meaningful then), K that P is a started program that died of SIGKILL (no valgrind
 * summary can follow that, whatever the stream says) and C that the stream
 * was cut at the size limit. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine-state.h"

#define CHAN_MAX_BYTES (16u << 20) /* kept of all senders together; beyond, a stream counts as cut */
#define CHAN_MSG_MAX   65536
#define CHAN_MAX_PROCS 4096 /* processes looked at (RLIMIT_NPROC keeps far fewer alive) */

/* A process of the sandbox looked at: does it run valgrind? */
struct chan_checked {
	pid_t pid;
	bool valgrind;
};

struct chan_stream {
	pid_t pid;
	char *data;
	size_t len, cap;
	bool cut;
	bool ended;     /* valgrind's last act was seen (end_len: the stream then) */
	size_t end_len; /* a stream longer than this at the end was added to after it */
};

/* The stream of pid, created on first use; NULL on ENOMEM. */
static struct chan_stream *
stream_of(struct engine *e, pid_t pid)
{
	for (size_t i = 0; i < e->nchan; i++)
		if (e->chan[i].pid == pid)
			return &e->chan[i];
	struct chan_stream *n = realloc(e->chan, (e->nchan + 1) * sizeof(*n));
	if (n == NULL)
		return NULL;
	e->chan = n;
	memset(&n[e->nchan], 0, sizeof(*n));
	n[e->nchan].pid = pid;
	return &n[e->nchan++];
}

/* Append to a stream within the budget of all streams. */
static void
stream_add(struct engine *e, struct chan_stream *s, const char *buf, size_t n)
{
	if (s->cut || e->chan_bytes + n > CHAN_MAX_BYTES) {
		s->cut = true;
		return;
	}
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + n)
			cap *= 2;
		char *d = realloc(s->data, cap);
		if (d == NULL) {
			s->cut = true;
			return;
		}
		s->data = d;
		s->cap = cap;
	}
	memcpy(s->data + s->len, buf, n);
	s->len += n;
	e->chan_bytes += n;
}

/* A sealed, read-only memfd holding text. */
static int
sealed_file(const char *text)
{
	int fd = memfd_create("ipcgrade-channel-input", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, 0444) != 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
engine_channel_open(struct engine *e)
{
	e->chan_rd = e->chan_wr = e->chan_in = -1;
	if (e->sc->channel_dir == NULL)
		return 0;
	int sv[2], one = 1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	e->chan_rd = sv[0];
	e->chan_wr = sv[1];
	if (setsockopt(e->chan_rd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) != 0 ||
	    fcntl(e->chan_rd, F_SETFL, O_NONBLOCK) != 0)
		return -1;
	shutdown(e->chan_rd, SHUT_WR); /* nothing goes back to the programs */
	if (e->sc->channel_input && (e->chan_in = sealed_file(e->sc->channel_input)) < 0)
		return -1;
	return 0;
}

void
engine_channel_read(struct engine *e, int max_msgs)
{
	static char buf[CHAN_MSG_MAX];
	for (int k = 0; e->chan_rd >= 0 && (max_msgs < 0 || k < max_msgs); k++) {
		union {
			char b[CMSG_SPACE(sizeof(struct ucred))];
			struct cmsghdr align;
		} u;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof(u.b)
		};
		ssize_t n = recvmsg(e->chan_rd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* EAGAIN, or every sender is gone */
		pid_t pid = 0;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
				struct ucred cr;
				memcpy(&cr, CMSG_DATA(c), sizeof(cr));
				pid = cr.pid;
			} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
				/* descriptors sent to us: close them, they are not ours to keep */
				int nf = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
				for (int f = 0; f < nf; f++) {
					int fd;
					memcpy(&fd, CMSG_DATA(c) + (size_t)f * sizeof(int), sizeof(int));
					close(fd);
				}
			}
		}
		struct chan_stream *s = stream_of(e, pid);
		if (s == NULL)
			continue;
		if (mh.msg_flags & MSG_TRUNC)
			s->cut = true;
		stream_add(e, s, buf, (size_t)n);
	}
}

/* A /proc/TID/status field as a number (base 10, or 16 for the signal masks). */
static bool
status_field(pid_t tid, const char *field, int base, unsigned long long *v)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	FILE *f = fopen(path, "re");
	bool found = false;
	size_t fl = strlen(field);
	while (f && !found && fgets(line, sizeof(line), f))
		if (strncmp(line, field, fl) == 0 && line[fl] == ':') {
			*v = strtoull(line + fl + 1, NULL, base);
			found = true;
		}
	if (f)
		fclose(f);
	return found;
}

/* Signals whose default action ends the process. */
static bool
fatal_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGCONT:
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
	case SIGURG:
	case SIGWINCH:
		return false;
	default:
		return sig > 0 && sig < 32 && sig != SIGKILL;
	}
}

/* Note that the process of thread tid makes its last call now: the stream
 * is complete as it stands (what is queued is taken first). */
static void
note_end(struct engine *e, pid_t tgid)
{
	engine_channel_read(e, -1);
	struct chan_stream *s = stream_of(e, tgid);
	if (s) {
		s->ended = true;
		s->end_len = s->len;
	}
}

/* Is pid running valgrind? Its real executable is the tool (valgrind shows
 * the program only the program's own view of /proc/self/exe). */
static bool
is_valgrind(pid_t pid)
{
	char path[64], target[512];
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	return strstr(target, "/valgrind/") != NULL;
}

void
engine_channel_seen(struct engine *e, pid_t pid)
{
	if (e->chan_rd < 0 || pid <= 1)
		return;
	for (size_t i = 0; i < e->nchecked; i++)
		if (e->checked[i].pid == pid)
			return;
	if (e->nchecked >= CHAN_MAX_PROCS)
		return;
	if (e->nchecked % 64 == 0) {
		struct chan_checked *n = realloc(e->checked, (e->nchecked + 64) * sizeof(*n));
		if (n == NULL)
			return;
		e->checked = n;
	}
	e->checked[e->nchecked].pid = pid;
	e->checked[e->nchecked++].valgrind = is_valgrind(pid);
}

/* A SIGKILL is on its way, to whom exactly matters little: every valgrind
 * process alive now must have a report, and a killed one will not. */
static void
see_everyone(struct engine *e)
{
	struct proc_info *list = malloc(CHAN_MAX_PROCS * sizeof(*list));
	int n = list ? sandbox_list_procs(e->mode, list, CHAN_MAX_PROCS) : -1;
	for (int k = 0; k < n; k++)
		engine_channel_seen(e, list[k].pid);
	free(list);
}

void
engine_channel_call(struct engine *e, const struct held_call *c)
{
	if (e->chan_rd < 0)
		return;
	int sig_arg = c->nr == SYS_tgkill || c->nr == SYS_rt_tgsigqueueinfo ? 2 : 1;
	if (c->nr != SYS_exit_group && (int)c->args[sig_arg] == SIGKILL) {
		see_everyone(e);
		return;
	}
	if (c->nr == SYS_rt_sigqueueinfo || c->nr == SYS_rt_tgsigqueueinfo || c->nr == SYS_pidfd_send_signal)
		return;
	unsigned long long tgid = (unsigned long long)c->pid, caught = 0, blocked = 0;
	if (!status_field(c->pid, "Tgid", 10, &tgid))
		return;
	if (c->nr == SYS_exit_group) { /* client exits are valgrind's to make: this one is its own */
		note_end(e, (pid_t)tgid);
		return;
	}
	/* kill(self, sig) / tkill(self, sig) / tgkill(self, self, sig): valgrind
	 * re-raising a fatal signal after its summary. Only valgrind can: it
	 * catches every fatal signal for the program, so the signal is caught
	 * (SigCgt) unless valgrind itself reset it to SIG_DFL for this. */
	int target = (int)c->args[0];
	int sig = (int)c->args[sig_arg];
	if ((target != c->pid && (unsigned long long)target != tgid) || !fatal_by_default(sig))
		return;
	if (!status_field(c->pid, "SigCgt", 16, &caught) || !status_field(c->pid, "SigBlk", 16, &blocked))
		return;
	unsigned long long bit = 1ULL << (sig - 1);
	if (!(caught & bit) && !(blocked & bit))
		note_end(e, (pid_t)tgid);
}

/* Is pid a started program that died of SIGKILL? */
static bool
sigkilled(const struct engine *e, pid_t pid)
{
	for (size_t i = 0; i < e->res->nprocs; i++) {
		const struct proc_result *p = &e->res->procs[i];
		if (p->pid == pid && p->end == PROC_SIGNALED && p->code == SIGKILL)
			return true;
	}
	return false;
}

/* Remove name under at, whatever it is, without following links. */
static void
remove_under(int at, const char *name, int depth)
{
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		unlinkat(at, name, 0);
		return;
	}
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	struct dirent *de;
	while (depth < 32 && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			remove_under(dirfd(d), de->d_name, depth + 1);
	closedir(d);
	unlinkat(at, name, AT_REMOVEDIR);
}

/* Write all of buf to fd. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
engine_channel_finish(struct engine *e)
{
	if (e->chan_rd < 0)
		return 0;
	engine_channel_read(e, -1); /* every sender is gone: what is queued is all */
	int rc = -1;
	int wd = open(sandbox_workdir(e->mode, e->sc->workdir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (wd < 0)
		return -1;
	remove_under(wd, e->sc->channel_dir, 0);
	int dfd = -1, fd = -1;
	if (mkdirat(wd, e->sc->channel_dir, 0755) != 0 ||
	    (dfd = openat(wd, e->sc->channel_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    (fd = openat(dfd, "channel", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
		goto out;
	char head[128];
	int n = snprintf(head, sizeof(head), "ipcgrade-channel 1 watched %d\n", e->chan_unwatched ? 0 : 1);
	if (write_all(fd, head, (size_t)n) != 0)
		goto out;
	for (size_t i = 0; i < e->nchecked; i++) /* valgrind processes seen that never wrote */
		if (e->checked[i].valgrind)
			stream_of(e, e->checked[i].pid);
	for (size_t i = 0; i < e->nchan; i++) {
		const struct chan_stream *s = &e->chan[i];
		n = snprintf(head, sizeof(head), "pid %d ended %d killed %d cut %d bytes %zu\n", (int)s->pid,
			     s->ended && s->end_len == s->len, sigkilled(e, s->pid), s->cut, s->len);
		if (write_all(fd, head, (size_t)n) != 0 || write_all(fd, s->data ? s->data : "", s->len) != 0 ||
		    write_all(fd, "\n", 1) != 0)
			goto out;
	}
	rc = 0;
out:
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (dfd >= 0)
		close(dfd);
	close(wd);
	return rc;
}

void
engine_channel_close(struct engine *e)
{
	for (size_t i = 0; i < e->nchan; i++)
		free(e->chan[i].data);
	free(e->chan);
	free(e->checked);
	e->chan = NULL;
	e->checked = NULL;
	e->nchan = e->nchecked = 0;
	int *fds[] = { &e->chan_rd, &e->chan_wr, &e->chan_in };
	for (size_t i = 0; i < 3; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}
