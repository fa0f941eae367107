/* run: one scenario in a fresh sandbox - open the programs, fork the sandbox's
 * init (engine.c), read its result back over the wire (wire.c) with a deadline.
 * The top of harness/: nothing in harness/ calls it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "engine.h"
#include "run.h"
#include "sandbox-internal.h"
#include "steps.h"
#include "wire.h"

#define REPORT_GRACE 10.0 /* seconds the init gets beyond wall_limit to clean up */

/* Monotonic seconds. */
static double
mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fail the run as the grader's fault. */
static int
internal(struct scenario_result *res, enum sandbox_mode m, const char *fmt, const char *arg)
{
	res->status = SCN_INTERNAL;
	res->mode = m;
	res->step_index = -1;
	snprintf(res->message, sizeof(res->message), fmt, arg);
	return -1;
}

/* Read the init's report until EOF or the deadline. */
static char *
read_report(int fd, double deadline, size_t *len, bool *timed_out)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	*timed_out = false;
	while (buf) {
		double left = deadline - mono();
		if (left <= 0) {
			*timed_out = true;
			break;
		}
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int r = poll(&pf, 1, left > 3600 ? 3600 * 1000 : (int)(left * 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL)
				break;
			buf = nb;
			cap *= 2;
		}
		ssize_t k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	*len = n;
	return buf;
}

/* Run sc in its own sandbox; see run.h. */
int
scenario_run(const struct scenario *sc, enum sandbox_mode mode, struct scenario_result *res)
{
	memset(res, 0, sizeof(*res));
	/* Every exit closes what is still held (cleanup.h). */
	autofd int lockfd = -1;
	autofd int wfd = open(sc->workdir ? sc->workdir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (wfd < 0)
		return internal(res, mode, "cannot open the work directory %s", sc->workdir ? sc->workdir : ".");
	int *fds = calloc(sc->nsteps + 1, sizeof(*fds));
	if (fds == NULL)
		return internal(res, mode, "%s", "out of memory");
	for (size_t i = 0; i < sc->nsteps; i++) {
		fds[i] = -ENOENT;
		if (sc->steps[i].kind == STEP_START && sc->steps[i].path) {
			/* A reference runs non-dumpable wherever the init can still
			 * inspect it (it holds CAP_SYS_PTRACE over the programs): not
			 * in degraded mode run by a user. */
			if (sc->steps[i].trusted && (mode != SANDBOX_DEGRADED || geteuid() == 0)) {
				fds[i] = spawn_exec_only_copy(sc->steps[i].path);
			} else {
				int fd = open(sc->steps[i].path, O_PATH | O_CLOEXEC);
				fds[i] = fd >= 0 ? fd : -errno;
			}
			struct seccomp_opts so;
			step_filter(&sc->steps[i], sc->deny_network, &so);
			seccomp_precompile(&so); /* once per harness process; children inherit it */
		}
	}
	if (mode == SANDBOX_DEGRADED) {
		/* One degraded run at a time per machine: key 1234 is shared. */
		lockfd = open("/tmp/ipcgrade-degraded.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0666);
		if (lockfd >= 0)
			while (flock(lockfd, LOCK_EX) != 0 && errno == EINTR)
				;
	}
	autopipe p[2] = { -1, -1 };
	pid_t pid = -1;
	if (pipe2(p, O_CLOEXEC) == 0) {
		pid = sandbox_clone(mode);
		if (pid == 0) {
			close_fd(&p[0]);
			engine_main(sc, mode, p[1], fds, sc->workdir ? sc->workdir : ".");
		}
		close_fd(&p[1]); /* now: the report ends in EOF when the init is done */
	}
	int clone_errno = errno;
	for (size_t i = 0; i < sc->nsteps; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	close_fd(&wfd);
	if (pid < 0)
		return internal(res, mode, "cannot create the sandbox: %s", strerror(clone_errno));
	size_t len = 0;
	bool timed_out;
	/* wall_limit 0 means "no limit" to the engine too: wait as long as it takes. */
	double deadline = sc->wall_limit > 0 ? mono() + sc->wall_limit + REPORT_GRACE : 1e300;
	char *buf = read_report(p[0], deadline, &len, &timed_out);
	close_fd(&p[0]);
	if (timed_out)
		kill(pid, SIGKILL); /* the kernel takes the whole namespace with it */
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	close_fd(&lockfd); /* the next degraded run may go */
	int rc = buf ? wire_decode(buf, len, res) : -1;
	free(buf);
	if (rc != 0) {
		char why[64];
		scenario_result_free(res);
		if (timed_out)
			snprintf(why, sizeof(why), "did not report in time");
		else if (WIFSIGNALED(st))
			snprintf(why, sizeof(why), "died of %s", strsignal(WTERMSIG(st)));
		else
			snprintf(why, sizeof(why), "exited %d", WEXITSTATUS(st));
		return internal(res, mode, "the sandbox init %s before reporting", why);
	}
	return 0;
}
