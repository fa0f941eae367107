/* spawn: start one student or reference program inside the sandbox. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/close_range.h>

#include "cleanup.h"
#include "config.h"
#include "sandbox-internal.h"
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

/* Report errno to the parent through the exec pipe and die. */
static void __attribute__((noreturn)) child_fail(int errfd)
{
	int e = errno;
	ssize_t n = write(errfd, &e, sizeof(e));
	(void)n;
	_exit(127);
}

/* Our own memcheck runs the harness under valgrind, which cannot install
 * seccomp filters: only then, and only when asked, run without one. */
static bool
under_valgrind(void)
{
#ifdef HAVE_VALGRIND_VALGRIND_H
	return RUNNING_ON_VALGRIND && getenv("IPCGRADE_UNDER_VALGRIND") != NULL;
#else
	return false;
#endif
}

/* Does path, as seen from here, start with "#!"? */
static bool
is_script(const char *path)
{
	char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool yes = read(fd, magic, 2) == 2 && magic[0] == '#' && magic[1] == '!';
	close(fd);
	return yes;
}

/* Hand the seccomp listener to the supervisor over the exec socket. */
static int
send_fd(int sock, int fd)
{
	char byte = 'L';
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &mh, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* One message from the child: an errno (4 bytes), a listener fd ('L'), or EOF (0). */
static ssize_t
recv_msg(int sock, int *err, int *fd)
{
	char buf[sizeof(int)];
	struct iovec iov = { buf, sizeof(buf) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	ssize_t n;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(int))
		memcpy(err, buf, sizeof(int));
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	return n;
}

/* Everything between fork and exec; only async-signal-safe calls but the
 * seccomp build, which allocates (the sandbox init is single-threaded). */
static void __attribute__((noreturn)) child_exec(const struct spawn_req *r, int errfd, const sigset_t *oldmask)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		sigaction(s, &sa, NULL); /* EINVAL for KILL/STOP: fine */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	(void)oldmask;

	if (r->die_with_parent && prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		child_fail(errfd);
	if (setsid() < 0)
		child_fail(errfd);
	if (dup2(r->in_fd, 0) < 0 || dup2(r->out_fd, 1) < 0 || dup2(r->err_fd, 2) < 0)
		child_fail(errfd);
	if (r->cwd && chdir(r->cwd) != 0)
		child_fail(errfd);
	/* The same umask for every program whatever the grader's shell had: the
	 * mode an object gets is then the mode argument the program gave (what
	 * the ipc check compares with the reference), and an object made 0666
	 * by one uid of a root-mode pairing is usable by the other, as on a
	 * student's own machine. */
	umask(0);
	if (r->limits && proc_limits_apply_except_as(r->limits) != 0 && !under_valgrind()) /* valgrind keeps NOFILE */
		child_fail(errfd);
	if (r->set_ids) {
		if (setgroups(0, NULL) != 0 || setresgid(r->gid, r->gid, r->gid) != 0 ||
		    setresuid(r->uid, r->uid, r->uid) != 0)
			child_fail(errfd);
	}
	/* No capability reaches exec: in userns mode the init's full set would let
	 * the kernel find an exec-only reference readable and keep it dumpable. */
	struct __user_cap_header_struct caph = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct capd[2];
	memset(capd, 0, sizeof(capd));
	if (syscall(SYS_capset, &caph, capd) != 0)
		child_fail(errfd);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		child_fail(errfd);
	/* Every inherited fd above 2 goes at exec; ours stay usable until then. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
		child_fail(errfd);
	/* The fds the program keeps (a tool's channel): dup2 clears close-on-exec. */
	for (int k = 0; k < 2; k++)
		if (r->keep_fd[k] >= 0 && (r->keep_fd[k] == r->keep_at[k] || dup2(r->keep_fd[k], r->keep_at[k]) < 0))
			child_fail(errfd);
	int listener = -1;
	struct seccomp_opts sec = r->sec;
	sec.listener = &listener;
	if (under_valgrind()) {
		/* `make check-valgrind` only: valgrind cannot load filters. */
	} else if (seccomp_install_cached(&sec) != SECCOMP_OK) {
		/* A kernel without seccomp user notification: run unwatched. */
		sec.watch_removals = false;
		if (!r->sec.watch_removals || seccomp_install(&sec) != SECCOMP_OK) {
			errno = EPERM;
			child_fail(errfd);
		}
	}
	if (listener >= 0 && send_fd(errfd, listener) != 0)
		child_fail(errfd);
	/* Last, after libseccomp's allocations: under ASan (--enable-sanitizers)
	 * the runtime has mapped far more than 1 GiB of shadow already. */
	if (r->limits && proc_limits_apply_as(r->limits) != 0 && !under_valgrind())
		child_fail(errfd);
	/* A #! script cannot run through a close-on-exec fd (the interpreter
	 * could not reopen it); system scripts such as Debian's valgrind wrapper
	 * are visible at the same path inside the sandbox. */
	if (r->path && is_script(r->path))
		execve(r->path, r->argv, r->envp);
	syscall(SYS_execveat, r->exec_fd, "", r->argv, r->envp, AT_EMPTY_PATH);
	/* Where execveat is emulated by path (valgrind 3.19 looks the fd's host
	 * path up, which the sandbox does not have), the fd's /proc link does the
	 * same for ELF binaries. */
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", r->exec_fd);
	execve(self, r->argv, r->envp);
	child_fail(errfd);
}

int
spawn_exec_only_copy(const char *path)
{
	autofd int src = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (src < 0 || fstat(src, &st) != 0)
		return -errno;
	autofd int mfd = memfd_create("ipcgrade-reference", MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	for (off_t off = 0; off < st.st_size;) {
		ssize_t n = sendfile(mfd, src, &off, (size_t)(st.st_size - off));
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
	}
	if (fchmod(mfd, 0111) != 0)
		return -errno;
	/* exec refuses a file open for writing (ETXTBSY): keep only a path fd. */
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", mfd);
	int fd = open(self, O_PATH | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

pid_t
spawn_proc(const struct spawn_req *r, int *exec_errno, int *listener)
{
	autopipe ep[2] = { -1, -1 };
	autofd int lfd = -1;
	sigset_t all, old;
	*exec_errno = 0;
	*listener = -1;
	/* A socket, not a pipe: besides an errno it carries the seccomp listener. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ep) != 0) {
		*exec_errno = errno;
		return -1;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid_t pid = fork();
	if (pid == 0) {
		close_fd(&ep[0]);
		child_exec(r, ep[1], &old);
	}
	int fork_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close_fd(&ep[1]); /* now, so that the child's exec reads as EOF */
	if (pid < 0) {
		*exec_errno = fork_errno;
		return -1;
	}
	int e = 0, fd = -1;
	ssize_t n = recv_msg(ep[0], &e, &fd);
	if (n == 1 && fd >= 0) { /* the listener; then EOF at exec, or an errno */
		lfd = fd;
		n = recv_msg(ep[0], &e, &fd);
	}
	if (n == (ssize_t)sizeof(e)) { /* the child failed before exec */
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		*exec_errno = e ? e : EINVAL;
		return -1;
	}
	*listener = steal_fd(&lfd);
	return pid;
}
