/* test_reference: the reference solutions behave as the lecture says.
 *
 * Each test runs in its own IPC and mount namespace (unshare-helper.h), so
 * the fixed key 1234 and "/my_shm" never collide between parallel workers.
 * Programs are spawned with pipes on stdin/stdout/stderr; every read and wait
 * has a deadline, after which the program is killed and the test fails.
 * Children only exec or _exit: never assert in them (toolchain notes,
 * Criterion pitfall 1). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test-helpers.h"
#include "unshare-helper.h"

#define OUTMAX 8192

struct proc {
	pid_t pid;
	int out_fd, err_fd;
	char out[OUTMAX], err[OUTMAX];
	size_t out_len, err_len;
	int status;
};

/* Valgrind (make check-valgrind) makes every start several times slower. */
static double
slack(void)
{
	return getenv("IPCGRADE_UNDER_VALGRIND") ? 5.0 : 1.0;
}

/* Monotonic, so deadlines survive clock changes. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Short sleeps for polling loops. */
static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Binaries live in the build tree, which the harness names for us. */
static void
prog_path(char *buf, size_t sz, const char *rel)
{
	const char *top = getenv("IPCGRADE_TOP_BUILDDIR");

	snprintf(buf, sz, "%s/reference/%s", top && *top ? top : ".", rel);
}

/* Programs started and not yet reaped: a failed assertion skips the rest of
 * the test body, and Criterion would not kill them (pitfall 2). */
static pid_t live[8];

/* Remembers a child for kill_leftovers. */
static void
track(pid_t pid)
{
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] == 0) {
			live[i] = pid;
			return;
		}
}

/* Forgets a reaped child, so its pid is never signalled after reuse. */
static void
untrack(pid_t pid)
{
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] == pid)
			live[i] = 0;
}

/* Every test starts in a fresh IPC world, empty by construction. A program
 * may exit before it reads the input we write (the client without a server):
 * that write must fail with EPIPE, not kill the test with SIGPIPE (the
 * programs get the default back before exec). */
static void
private_world(void)
{
	char err[256];

	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(ipcgrade_private_ipc_world(err, sizeof(err)), 0, "%s", err);
}

/* Runs after the body even when an assertion failed in it. */
static void
kill_leftovers(void)
{
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] > 0) {
			kill(live[i], SIGKILL);
			waitpid(live[i], NULL, 0);
			live[i] = 0;
		}
}

TestSuite(reference, .timeout = 30, .init = private_world, .fini = kill_leftovers);

/* Starts rel with argv (argv[0] is filled in) and input on stdin (NULL:
 * /dev/null). The input is written at once, so it must fit a pipe buffer. */
static void
start(struct proc *p, const char *rel, const char *const *args, const char *input)
{
	char path[4096];
	char *argv[16];
	int in[2], out[2], err[2];
	size_t i, n;

	prog_path(path, sizeof(path), rel);
	memset(p, 0, sizeof(*p));
	argv[0] = path;
	for (n = 1; args && args[n - 1] && n < 15; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	cr_assert_eq(pipe2(in, O_CLOEXEC), 0);
	cr_assert_eq(pipe2(out, O_CLOEXEC), 0);
	cr_assert_eq(pipe2(err, O_CLOEXEC), 0);
	fflush(NULL);
	p->pid = fork();
	cr_assert_neq(p->pid, -1, "fork: %s", strerror(errno));
	if (p->pid == 0) {
		if (!input) {
			int dn = open("/dev/null", O_RDONLY);

			if (dn < 0 || dup2(dn, 0) < 0)
				_exit(126);
		} else if (dup2(in[0], 0) < 0) {
			_exit(126);
		}
		if (dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
			_exit(126);
		signal(SIGPIPE, SIG_DFL);
		execv(path, argv);
		_exit(127);
	}
	track(p->pid);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input) {
		for (i = 0, n = strlen(input); i < n;) {
			ssize_t w = write(in[1], input + i, n - i);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			i += (size_t)w;
		}
	}
	close(in[1]);
	p->out_fd = out[0];
	p->err_fd = err[0];
}

/* Appends what fd has to buf; closes fd (and sets it to -1) at EOF. */
static void
drain(int *fd, char *buf, size_t *len)
{
	ssize_t r = read(*fd, buf + *len, OUTMAX - 1 - *len);

	if (r > 0) {
		*len += (size_t)r;
		buf[*len] = '\0';
	} else if (r == 0 || (errno != EINTR && errno != EAGAIN) || *len >= OUTMAX - 1) {
		close(*fd);
		*fd = -1;
	}
}

/* Reads both pipes until the deadline; stops early at EOF on both, or as
 * soon as stdout contains want (if given). True if that condition was met. */
static bool
pump(struct proc *p, double deadline, const char *want)
{
	for (;;) {
		struct pollfd fds[2];
		nfds_t n = 0;
		int ms;

		if (want && strstr(p->out, want))
			return true;
		if (p->out_fd < 0 && p->err_fd < 0)
			return !want;
		ms = (int)((deadline - now()) * 1000);
		if (ms <= 0)
			return false;
		if (p->out_fd >= 0)
			fds[n++] = (struct pollfd){ .fd = p->out_fd, .events = POLLIN };
		if (p->err_fd >= 0)
			fds[n++] = (struct pollfd){ .fd = p->err_fd, .events = POLLIN };
		if (poll(fds, n, ms) < 0 && errno != EINTR)
			return false;
		for (nfds_t i = 0; i < n; i++) {
			if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (fds[i].fd == p->out_fd)
				drain(&p->out_fd, p->out, &p->out_len);
			else
				drain(&p->err_fd, p->err, &p->err_len);
		}
	}
}

/* Collects all output and the exit status within timeout seconds; a program
 * still running then is killed, reaped, and the test fails. */
static void
finish(struct proc *p, double timeout)
{
	double deadline = now() + timeout * slack();
	pid_t r = 0;

	pump(p, deadline, NULL);
	while ((r = waitpid(p->pid, &p->status, WNOHANG)) == 0 && now() < deadline)
		nap_ms(10);
	if (r == 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &p->status, 0);
	}
	untrack(p->pid);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	p->out_fd = p->err_fd = -1;
	cr_assert_neq(r, 0, "%s timed out after %.1fs; stdout so far:\n%s\nstderr:\n%s", "program", timeout * slack(),
		      p->out, p->err);
	cr_assert_eq(r, p->pid);
}

/* The usual case: run to completion with a deadline. */
static void
run(struct proc *p, const char *rel, const char *const *args, const char *input, double timeout)
{
	start(p, rel, args, input);
	finish(p, timeout);
}

/* Exit code, or -1 if the program did not exit normally. */
static int
exit_code(const struct proc *p)
{
	return WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;
}

/* Counts System V segments the way ipcs does: every index up to SHM_INFO's
 * highest, through SHM_STAT. */
static int
sysv_segments(void)
{
	struct shm_info info;
	struct shmid_ds ds;
	int i, n = 0, maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);

	for (i = 0; i <= maxidx; i++)
		if (shmctl(i, SHM_STAT, &ds) >= 0)
			n++;
	return n;
}

/* POSIX shared memory objects are the files of our private /dev/shm. */
static int
posix_objects(void)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* The server is ready once its key exists. */
static bool
wait_for_key(key_t key, double timeout)
{
	double deadline = now() + timeout * slack();

	while (now() < deadline) {
		if (shmget(key, 0, 0) >= 0)
			return true;
		nap_ms(10);
	}
	return false;
}

#define ALPHABET "abcdefghijklmnopqrstuvwxyz"

/* The oracle text, in order even on a pipe, and the private segment gone. */
Test(reference, fork_prints_writing_then_reading)
{
	struct proc p;

	run(&p, "shm-sysv-fork/shm_fork", NULL, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Writing: " ALPHABET "\nReading: " ALPHABET "\n" ALPHABET "\n");
	cr_assert_str_eq(p.err, "");
	cr_assert_eq(sysv_segments(), 0, "the IPC_PRIVATE segment was left behind");
}

/* The lecture's session: every character reaches the server, q ends both. */
Test(reference, client_and_server_talk)
{
	static const char *const srv_cmd = "shm-sysv-clientserver/server";
	struct proc srv, cli;

	start(&srv, srv_cmd, NULL, NULL);
	if (!wait_for_key(1234, 5)) {
		kill(srv.pid, SIGKILL);
		finish(&srv, 5);
		cr_assert_fail("server never created key 1234; stderr: %s", srv.err);
	}
	run(&cli, "shm-sysv-clientserver/client", NULL, "a\nb\nq\n", 10);
	finish(&srv, 5);
	cr_assert_eq(exit_code(&cli), 0, "client stderr: %s", cli.err);
	cr_assert_str_eq(cli.out, "");
	cr_assert_str_eq(cli.err, "");
	cr_assert_eq(exit_code(&srv), 0, "server stderr: %s", srv.err);
	cr_assert_str_eq(srv.out, "You pressed a\nYou pressed b\nYou pressed q\n");
	cr_assert_str_eq(srv.err, "");
	cr_assert_eq(sysv_segments(), 0, "key 1234 was left behind");
}

/* EOF without q: the lecture's client spins forever; ours exits at once. */
Test(reference, client_stops_at_end_of_input)
{
	struct proc srv, cli;
	double t0;
	bool seen;

	start(&srv, "shm-sysv-clientserver/server", NULL, NULL);
	if (!wait_for_key(1234, 5)) {
		kill(srv.pid, SIGKILL);
		finish(&srv, 5);
		cr_assert_fail("server never created key 1234; stderr: %s", srv.err);
	}
	t0 = now();
	run(&cli, "shm-sysv-clientserver/client", NULL, "a\n", 5);
	/* One character and EOF: no gap to wait, so it should be quick. */
	cr_assert_lt(now() - t0, 1.0 * slack(), "client took %.2fs after EOF", now() - t0);
	cr_assert_eq(exit_code(&cli), 0, "client stderr: %s", cli.err);
	cr_assert_str_eq(cli.err, "");
	seen = pump(&srv, now() + 3 * slack(), "You pressed a\n");
	/* The server waits for a 'q' that never comes: SIGTERM must still clean up. */
	kill(srv.pid, SIGTERM);
	finish(&srv, 5);
	cr_assert(seen, "server did not report 'a': %s", srv.out);
	cr_assert_str_eq(srv.out, "You pressed a\n");
	cr_assert(WIFSIGNALED(srv.status) && WTERMSIG(srv.status) == SIGTERM);
	cr_assert_eq(sysv_segments(), 0, "SIGTERM left key 1234 behind");
}

/* No input at all writes nothing, so the server has nothing to report. */
Test(reference, client_with_empty_input_exits_at_once)
{
	struct proc srv, cli;

	start(&srv, "shm-sysv-clientserver/server", NULL, NULL);
	if (!wait_for_key(1234, 5)) {
		kill(srv.pid, SIGKILL);
		finish(&srv, 5);
		cr_assert_fail("server never created key 1234");
	}
	run(&cli, "shm-sysv-clientserver/client", NULL, "", 2);
	kill(srv.pid, SIGTERM);
	finish(&srv, 5);
	cr_assert_eq(exit_code(&cli), 0, "client stderr: %s", cli.err);
	cr_assert_str_eq(srv.out, "");
	cr_assert_eq(sysv_segments(), 0);
}

/* The client only attaches: without a server it must fail, not create. */
Test(reference, client_without_server_fails)
{
	struct proc cli;

	run(&cli, "shm-sysv-clientserver/client", NULL, "a\nq\n", 5);
	cr_assert_neq(exit_code(&cli), 0);
	cr_assert_neq(exit_code(&cli), -1, "client was killed by a signal");
	cr_assert_str_eq(cli.err, "shmget: No such file or directory\n");
	cr_assert_str_eq(cli.out, "");
	cr_assert_eq(sysv_segments(), 0, "the client must never create the segment");
}

/* A file that exists only for this test, for ftok to hash. */
static void
make_key_file(char *path, size_t sz)
{
	int fd;

	snprintf(path, sz, "/tmp/ipcgrade-ftok-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
	close(fd);
}

/* Separate processes meet through ftok(file, 'A') and clean up with remove. */
Test(reference, ftok_write_read_remove)
{
	char file[64];
	struct proc p;
	struct shmid_ds ds;
	int shmid;

	make_key_file(file, sizeof(file));
	run(&p, "shm-ftok/shm_ftok", (const char *const[]){ file, "write", "hello shared world", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Wrote: hello shared world\n");
	/* The segment is the lecture's: ftok(file, 'A'), 1024 bytes, 0644. */
	shmid = shmget(ftok(file, 'A'), 0, 0);
	cr_assert_geq(shmid, 0, "no segment under ftok(file, 'A')");
	cr_assert_eq(shmctl(shmid, IPC_STAT, &ds), 0);
	cr_assert_eq(ds.shm_segsz, 1024);
	cr_assert_eq(ds.shm_perm.mode & 0777, 0644);
	cr_assert_eq(ds.shm_nattch, 0);

	run(&p, "shm-ftok/shm_ftok", (const char *const[]){ file, "read", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Read: hello shared world\n");

	run(&p, "shm-ftok/shm_ftok", (const char *const[]){ file, "remove", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Removed\n");
	cr_assert_eq(sysv_segments(), 0);

	run(&p, "shm-ftok/shm_ftok", (const char *const[]){ file, "read", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 1);
	cr_assert_str_eq(p.err, "shmget: No such file or directory\n");
	cr_assert_str_eq(p.out, "");
	cr_assert_eq(sysv_segments(), 0, "read must not create the segment");
	unlink(file);
}

/* remove must report a missing segment, not succeed silently. */
Test(reference, ftok_remove_without_segment_fails)
{
	char file[64];
	struct proc p;

	make_key_file(file, sizeof(file));
	run(&p, "shm-ftok/shm_ftok", (const char *const[]){ file, "remove", NULL }, NULL, 5);
	unlink(file);
	cr_assert_eq(exit_code(&p), 1);
	cr_assert_str_eq(p.err, "shmget: No such file or directory\n");
	cr_assert_str_eq(p.out, "");
}

/* ftok needs an existing file; no IPC object may appear when it fails. */
Test(reference, ftok_missing_file)
{
	static const char *const cmds[][4] = {
		{ "/nonexistent/ipcgrade", "write", "x", NULL },
		{ "/nonexistent/ipcgrade", "read", NULL },
		{ "/nonexistent/ipcgrade", "remove", NULL },
	};
	struct proc p;

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run(&p, "shm-ftok/shm_ftok", cmds[i], NULL, 5);
		cr_assert_eq(exit_code(&p), 1, "%s", cmds[i][1]);
		cr_assert_str_eq(p.err, "ftok: No such file or directory\n");
		cr_assert_str_eq(p.out, "");
	}
	cr_assert_eq(sysv_segments(), 0);
}

/* Every malformed command line gets the one usage line and exit 1. */
Test(reference, ftok_bad_arguments)
{
	static const char *const cmds[][5] = {
		{ NULL },
		{ "/tmp", NULL },
		{ "/tmp", "write", NULL },
		{ "/tmp", "read", "extra", NULL },
		{ "/tmp", "remove", "extra", NULL },
		{ "/tmp", "write", "a", "b", NULL },
		{ "/tmp", "bogus", NULL },
	};
	char path[4096], want[4200];
	struct proc p;

	prog_path(path, sizeof(path), "shm-ftok/shm_ftok");
	snprintf(want, sizeof(want), "Usage: %s FILE write MESSAGE | read | remove\n", path);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run(&p, "shm-ftok/shm_ftok", cmds[i], NULL, 5);
		cr_assert_eq(exit_code(&p), 1, "case %zu", i);
		cr_assert_str_eq(p.err, want, "case %zu", i);
		cr_assert_str_eq(p.out, "", "case %zu", i);
	}
	cr_assert_eq(sysv_segments(), 0);
}

/* "PREFIX<hex address>\n" is one line of the lecture's %lX output. */
static void
assert_address_line(const char *line, const char *prefix)
{
	size_t n = strlen(prefix), h = 0;

	cr_assert_eq(strncmp(line, prefix, n), 0, "expected \"%s...\", got \"%s\"", prefix, line);
	while (strchr("0123456789ABCDEF", line[n + h]) && line[n + h])
		h++;
	cr_assert_gt(h, 0, "no upper-case hex address in \"%s\"", line);
	cr_assert_eq(line[n + h], '\n', "junk after the address in \"%s\"", line);
}

/* The lecture's full POSIX sequence, receive started before send. */
Test(reference, posix_create_receive_send_remove)
{
	struct proc p, rcv;
	struct stat st;
	bool ready;
	char *nl;

	run(&p, "shm-posix/shm_msg", (const char *const[]){ "create", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Shared Memory Region successfully created\n");
	cr_assert_eq(stat("/dev/shm/my_shm", &st), 0, "/my_shm missing after create");
	cr_assert_eq(st.st_size, 8196);

	start(&rcv, "shm-posix/shm_msg", (const char *const[]){ "receive", NULL }, NULL);
	ready = pump(&rcv, now() + 5 * slack(), "iflag is now = 8\n");
	if (!ready) {
		kill(rcv.pid, SIGKILL);
		finish(&rcv, 5);
		cr_assert_fail("receive never said it waits: %s / %s", rcv.out, rcv.err);
	}
	run(&p, "shm-posix/shm_msg", (const char *const[]){ "send", NULL }, NULL, 5);
	finish(&rcv, 5);

	cr_assert_eq(exit_code(&p), 0, "send stderr: %s", p.err);
	nl = strchr(p.out, '\n');
	cr_assert(nl != NULL);
	assert_address_line(p.out, "SEND: Memory attached at ");
	cr_assert_str_eq(nl + 1, "SEND has successfully completed\n");

	cr_assert_eq(exit_code(&rcv), 0, "receive stderr: %s", rcv.err);
	nl = strchr(rcv.out, '\n');
	cr_assert(nl != NULL);
	assert_address_line(rcv.out, "RCV: Memory attached at ");
	cr_assert_str_eq(nl + 1, "iflag is now = 8\nRCV has successfully completed\niflag is now = 1\n");

	run(&p, "shm-posix/shm_msg", (const char *const[]){ "remove", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Shared Memory Region successfully destroyed\n");
	cr_assert_eq(posix_objects(), 0, "/my_shm left behind");
}

/* Without create, every other command fails at shm_open. */
Test(reference, posix_needs_create_first)
{
	static const char *const cmds[][2] = { { "send", NULL }, { "receive", NULL }, { "remove", NULL } };
	struct proc p;

	for (size_t i = 0; i < 3; i++) {
		run(&p, "shm-posix/shm_msg", cmds[i], NULL, 5);
		cr_assert_neq(exit_code(&p), 0, "%s", cmds[i][0]);
		cr_assert_neq(exit_code(&p), -1, "%s died of a signal", cmds[i][0]);
		cr_assert_str_eq(p.err, "shm_open: No such file or directory\n", "%s", cmds[i][0]);
		cr_assert_str_eq(p.out, "", "%s", cmds[i][0]);
		cr_assert_eq(posix_objects(), 0, "%s created something", cmds[i][0]);
	}
}

/* O_EXCL: a second create must not reuse the object. */
Test(reference, posix_create_twice_fails)
{
	struct proc p;

	run(&p, "shm-posix/shm_msg", (const char *const[]){ "create", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	run(&p, "shm-posix/shm_msg", (const char *const[]){ "create", NULL }, NULL, 5);
	cr_assert_neq(exit_code(&p), 0);
	cr_assert_neq(exit_code(&p), -1);
	cr_assert_str_eq(p.err, "shm_open: File exists\n");
	cr_assert_str_eq(p.out, "");
	run(&p, "shm-posix/shm_msg", (const char *const[]){ "remove", NULL }, NULL, 5);
	cr_assert_eq(exit_code(&p), 0);
	cr_assert_eq(posix_objects(), 0);
}

/* The lecture's usage line (trailing space included) and a failure status. */
Test(reference, posix_bad_arguments)
{
	static const char *const cmds[][2] = { { NULL }, { "bogus", NULL }, { "", NULL } };
	char path[4096], want[4200];
	struct proc p;

	prog_path(path, sizeof(path), "shm-posix/shm_msg");
	snprintf(want, sizeof(want), "Usage: %s create | remove | receive | send \n", path);
	for (size_t i = 0; i < 3; i++) {
		run(&p, "shm-posix/shm_msg", cmds[i], NULL, 5);
		cr_assert_neq(exit_code(&p), 0, "case %zu", i);
		cr_assert_neq(exit_code(&p), -1, "case %zu", i);
		cr_assert_str_eq(p.out, want, "case %zu", i);
		cr_assert_str_eq(p.err, "", "case %zu", i);
	}
	cr_assert_eq(posix_objects(), 0);
}

/* Lines split anywhere by the parent's reads still come out whole, the
 * last one without its newline too, and the child is waited for. */
Test(reference, pipe_child_prints_every_line)
{
	struct proc p;

	run(&p, "pipe-parent-child/pipe", NULL, "alpha\n\nbeta gamma\nlast", 5);
	cr_assert_eq(exit_code(&p), 0, "stderr: %s", p.err);
	cr_assert_str_eq(p.out, "Child read: alpha\nChild read: \nChild read: beta gamma\nChild read: last\n"
				"Child: end of input\nParent: child exited with status 0\n");
	cr_assert_str_eq(p.err, "");
	run(&p, "pipe-parent-child/pipe", NULL, "", 5);
	cr_assert_str_eq(p.out, "Child: end of input\nParent: child exited with status 0\n");
}

/* The same bytes and the same status as the shell's pipeline, folder or not
 * (ls's complaint on stderr, head's status 0). */
Test(reference, pipeline_matches_the_shell)
{
	static const char *const dirs[] = { "/", "/usr/bin", "/no/such/folder", "/no such; echo it ran" };
	char cmd[256], want[OUTMAX];
	struct proc p;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		size_t n;
		FILE *sh;

		run(&p, "pipe-pipeline/pipeline", (const char *const[]){ dirs[i], NULL }, NULL, 5);
		snprintf(cmd, sizeof(cmd), "ls -1 '%s' 2>/dev/null | sort -r | head -n 3", dirs[i]);
		sh = popen(cmd, "r");
		cr_assert_not_null(sh);
		n = fread(want, 1, sizeof(want) - 1, sh);
		want[n] = '\0';
		cr_assert_eq(pclose(sh), 0);
		cr_assert_eq(exit_code(&p), 0, "%s: stderr: %s", dirs[i], p.err);
		cr_assert_str_eq(p.out, want, "%s", dirs[i]);
		cr_assert_eq(p.err[0] != '\0', i >= 2, "%s: stderr: %s", dirs[i], p.err);
	}
}

/* Any argument count but one: usage on stderr, nothing on stdout, 2. */
Test(reference, pipeline_usage)
{
	static const char *const two[] = { "/", "/tmp", NULL };
	char path[4096], want[4200];
	struct proc p;

	prog_path(path, sizeof(path), "pipe-pipeline/pipeline");
	snprintf(want, sizeof(want), "Usage: %s DIR\n", path);
	run(&p, "pipe-pipeline/pipeline", NULL, NULL, 5);
	cr_assert_eq(exit_code(&p), 2);
	cr_assert_str_eq(p.err, want);
	cr_assert_str_eq(p.out, "");
	run(&p, "pipe-pipeline/pipeline", two, NULL, 5);
	cr_assert_eq(exit_code(&p), 2);
	cr_assert_str_eq(p.out, "");
}

/* myfifo is made in the working directory: each FIFO test has its own. */
static void
fifo_dir(void)
{
	char *dir = fresh_dir("fifo");

	cr_assert_eq(chdir(dir), 0, "chdir %s: %s", dir, strerror(errno));
	free(dir);
}

/* Two clients in turn, then quit: the server reopens after each end of file
 * and unlinks the FIFO at the end. */
Test(reference, fifo_server_serves_clients_in_turn)
{
	struct proc srv, cli;
	struct stat st;

	fifo_dir();
	start(&srv, "fifo-clientserver/fifo_server", NULL, NULL);
	if (!pump(&srv, now() + 5 * slack(), "Server ready\n")) {
		kill(srv.pid, SIGKILL);
		finish(&srv, 5);
		cr_assert_fail("no 'Server ready'; stderr: %s", srv.err);
	}
	cr_assert(stat("myfifo", &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == (0666 & ~umask(022)));
	run(&cli, "fifo-clientserver/fifo_client", NULL, "one\ntwo", 5);
	cr_assert_eq(exit_code(&cli), 0, "client stderr: %s", cli.err);
	cr_assert_str_eq(cli.out, "Client sent 2 lines\n");
	cr_assert(pump(&srv, now() + 5 * slack(), "Server received: two\n"), "server: %s", srv.out);
	run(&cli, "fifo-clientserver/fifo_client", NULL, "three\nquit\n", 5);
	cr_assert_eq(exit_code(&cli), 0, "client stderr: %s", cli.err);
	cr_assert_str_eq(cli.out, "Client sent 2 lines\n");
	finish(&srv, 5);
	cr_assert_eq(exit_code(&srv), 0, "server stderr: %s", srv.err);
	cr_assert_str_eq(srv.out, "Server ready\nServer received: one\nServer received: two\n"
				  "Server received: three\nServer done\n");
	cr_assert_str_eq(srv.err, "");
	cr_assert_eq(access("myfifo", F_OK), -1, "myfifo left behind");
}

/* The client never makes the FIFO; the server never takes over one. */
Test(reference, fifo_errors)
{
	struct proc p;

	fifo_dir();
	run(&p, "fifo-clientserver/fifo_client", NULL, "lost\n", 5);
	cr_assert_eq(exit_code(&p), 1);
	cr_assert_str_eq(p.err, "open myfifo: No such file or directory\n");
	cr_assert_str_eq(p.out, "");
	cr_assert_eq(access("myfifo", F_OK), -1, "the client made myfifo");
	cr_assert_eq(mkfifo("myfifo", 0600), 0);
	run(&p, "fifo-clientserver/fifo_server", NULL, NULL, 5);
	cr_assert_eq(exit_code(&p), 1);
	cr_assert_str_eq(p.err, "mkfifo myfifo: File exists\n");
	cr_assert_str_eq(p.out, "");
	cr_assert_eq(access("myfifo", F_OK), 0, "the server removed another server's FIFO");
	unlink("myfifo");
}

/* Every assignment of the source tree (assignments/NAME/): drop-in. */
ParameterizedTestParameters(reference_tree, built)
{
	return assignment_params();
}

/* Each assignment has reference programs, and make built every one of them
 * (reference/NAME/PROG.c -> PROG in the build tree, reference/local.mk). */
ParameterizedTest(struct assignment_param *a, reference_tree, built)
{
	char dir[4400];
	snprintf(dir, sizeof(dir), "%s/reference/%s", top("IPCGRADE_TOP_SRCDIR"), a->name);
	char **srcs = list_dir(dir, keep_c);
	cr_assert_not_null(srcs[0], "%s: no reference/%s/*.c", a->name, a->name);
	for (size_t i = 0; srcs[i]; i++) {
		char rel[4400], path[8800];
		srcs[i][strlen(srcs[i]) - 2] = '\0'; /* PROG.c -> PROG */
		snprintf(rel, sizeof(rel), "%s/%s", a->name, srcs[i]);
		prog_path(path, sizeof(path), rel);
		cr_expect_eq(access(path, X_OK), 0, "%s: %s not built: %s", a->name, path, strerror(errno));
	}
	list_free(srcs);
}
