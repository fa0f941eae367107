/* engine: the sandbox's init - runs a scenario's steps and watches everything.
 *
 * It runs as PID 1 of the sandbox (or as a subreaper in degraded mode), in a
 * single thread: one poll() loop over the programs' output pipes, their stdin
 * pipes and a signalfd for SIGCHLD (engine-core.c). Waits never sleep blindly:
 * each step (steps.c) pumps the loop until its condition holds or its deadline
 * passes. This file: setting up, the loop over the steps, the end. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "config.h"
#include "engine.h"
#include "engine-state.h"
#include "sandbox-internal.h"
#include "steps.h"
#include "wire.h"

/* Kill callback: record programs' ends; other processes were strays already. */
static void
on_killed(pid_t pid, int st, const struct rusage *ru, void *arg)
{
	struct engine *e = arg;
	for (size_t i = 0; i < e->res->nprocs; i++)
		if (e->res->procs[i].pid == pid && running(e, (int)i))
			engine_record_exit(e, (int)i, st, ru);
}

#define STRAY_GRACE_SEC 0.3

/* The end of every scenario: strays, kill, reap, drain, audit. */
static void
finish(struct engine *e)
{
	struct scenario_result *r = e->res;
	engine_reap(e);
	struct proc_info *pi = malloc(sizeof(*pi) * 1024);
	int n = pi ? sandbox_list_procs(e->mode, pi, 1024) : 0;
	/* A child its parent did not wait for may be a moment from its own end
	 * (one more poll of the segment): give leftovers STRAY_GRACE_SEC to finish
	 * so that whether it printed does not depend on the machine's load. It is
	 * reported as a stray either way. */
	for (double t0 = engine_now(); r->status == SCN_OK && n > 0 && engine_now() - t0 < STRAY_GRACE_SEC;) {
		bool alive = false;
		for (int k = 0; k < n; k++)
			alive |= pi[k].state != 'Z';
		if (!alive)
			break;
		usleep(10000);
		engine_check_waits(e); /* a leftover parent held in wait4 goes on too */
		engine_reap(e);
		n = sandbox_list_procs(e->mode, pi, 1024);
	}
	/* What the live ones are stuck in, before they are killed. */
	bool alive = false;
	for (int k = 0; k < n; k++)
		alive |= pi[k].state != 'Z';
	if (alive)
		engine_explain_hang(e);
	for (int k = 0; k < n; k++) {
		engine_channel_seen(e, pi[k].pid); /* killed now: a valgrind one has no report */
		bool main_prog = false;
		for (size_t i = 0; i < r->nprocs; i++)
			if (r->procs[i].pid == pi[k].pid && running(e, (int)i)) {
				main_prog = true;
				if (r->procs[i].killed_by == NULL)
					r->procs[i].killed_by = strdup(r->status == SCN_OK      ? "end of scenario"
								       : engine_wall_expired(e) ? "wall deadline"
												: "step timeout");
			}
		if (!main_prog)
			engine_add_stray(e, pi[k].state == 'Z' ? STRAY_ZOMBIE : STRAY_ALIVE, pi[k].pid, pi[k].ppid,
					 pi[k].comm, 0);
	}
	free(pi);
	sandbox_kill_all(e->mode, on_killed, e);
	if (engine_channel_finish(e) != 0 && r->status == SCN_OK) {
		r->status = SCN_INTERNAL;
		snprintf(r->message, sizeof(r->message), "could not write /work/%s/channel", e->sc->channel_dir);
	}
	if (e->sc->collect &&
	    sandbox_collect(e->mode, e->sc->collect, e->sc->collect_names,
			    (long long)(e->sc->collect_bytes ? e->sc->collect_bytes : e->sc->work_bytes)) != 0 &&
	    r->status == SCN_OK) {
		r->status = SCN_INTERNAL;
		snprintf(r->message, sizeof(r->message), "could not copy /work/%s back", e->sc->collect);
	}
	for (size_t i = 0; i < r->nprocs; i++) {
		struct eproc *p = &e->ep[i];
		for (int rounds = 0; rounds < 1024 && (p->out_fd >= 0 || p->err_fd >= 0); rounds++) {
			if (p->out_fd >= 0)
				engine_drain_fd(e, (int)i, &p->out_fd, &r->procs[i].out);
			if (p->err_fd >= 0)
				engine_drain_fd(e, (int)i, &p->err_fd, &r->procs[i].err);
		}
		if (p->out_fd >= 0)
			close(p->out_fd);
		if (p->err_fd >= 0)
			close(p->err_fd);
		if (p->in_fd >= 0)
			close(p->in_fd);
		if (p->watch_fd >= 0)
			close(p->watch_fd);
		p->in_fd = p->out_fd = p->err_fd = p->watch_fd = -1;
		free(p->pending);
		p->pending = NULL;
	}
	struct ipc_snapshot now_s = { 0 };
	ipc_snapshot_take(&now_s, &e->places);
	engine_drop_harness_objects(e, &now_s, true);
	engine_note_seen(e, &now_s, false); /* short-lived objects count as seen too */
	ipc_snapshot_diff(&e->before, &now_s, &r->left);
	ipc_snapshot_free(&now_s);
	r->wall_sec = engine_now() - e->t_start;
}

/* The base environment of every program. */
static char **
base_env(const struct scenario *sc, enum sandbox_mode m, char *nofake, size_t nofake_len)
{
	static char pwd[512], preload[1024], scale[64];
	static char *env[16];
	int k = 0;
	env[k++] = "PATH=/usr/local/bin:/usr/bin:/bin";
	env[k++] = "LANG=C";
	env[k++] = "LC_ALL=C";
	snprintf(pwd, sizeof(pwd), "HOME=%s", sandbox_workdir(m, sc->workdir));
	env[k++] = pwd;
	preload[0] = '\0';
	if (sc->line_buffered) {
		/* coreutils' stdbuf mechanism: stdout line-buffered as on a terminal */
		snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", STDBUF_LIB);
		env[k++] = "_STDBUF_O=L";
	}
	snprintf(nofake, nofake_len, "%s", preload); /* for processes with fault rules */
#ifdef FAKETIME_LIB
	if (sc->time_scale > 1.0) {
		size_t l = strlen(preload);
		snprintf(preload + l, sizeof(preload) - l, "%s%s", l ? ":" : "LD_PRELOAD=", FAKETIME_LIB);
		snprintf(scale, sizeof(scale), "FAKETIME=+0 x%g", sc->time_scale);
		env[k++] = scale;
		env[k++] = "FAKETIME_DONT_RESET=1";
		env[k++] = "DONT_FAKE_MONOTONIC=0";
	}
#else
	(void)scale;
#endif
	if (preload[0])
		env[k++] = preload;
	env[k] = NULL;
	return env;
}

void
engine_main(const struct scenario *sc, enum sandbox_mode mode, int report_fd, const int *exec_fds, const char *workdir)
{
	struct scenario_result res;
	struct engine e;
	memset(&res, 0, sizeof(res));
	memset(&e, 0, sizeof(e));
	res.mode = mode;
	res.step_index = -1;
	e.sc = sc;
	e.mode = mode;
	e.res = &res;
	e.exec_fds = exec_fds;
	e.sigfd = -1;
	e.chan_rd = e.chan_wr = e.chan_in = -1;
	sandbox_ids_for(mode, &e.ids);

	/* We die with the harness. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, SIG_IGN);
	if (mode == SANDBOX_DEGRADED)
		prctl(PR_SET_CHILD_SUBREAPER, 1);

	char err[512] = "";
	if (sandbox_setup_inside(mode, workdir, sc->shm_bytes, sc->work_bytes, err, sizeof(err)) != 0) {
		res.status = SCN_INTERNAL;
		snprintf(res.message, sizeof(res.message), "sandbox setup failed: %s", err);
		goto report;
	}
	/* Student code must not ptrace or read us. Only now: a non-dumpable
	 * process's /proc/self belongs to global root, so in userns mode an
	 * unprivileged harness could no longer write its uid_map/setgroups. */
	prctl(PR_SET_DUMPABLE, 0);
	if (engine_channel_open(&e) != 0) {
		res.status = SCN_INTERNAL;
		snprintf(res.message, sizeof(res.message), "cannot open the tool channel: %s", strerror(errno));
		goto report;
	}
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	e.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	e.places.shm_dir = sandbox_shm_dir(mode);
	e.places.mq_dir = sandbox_mq_dir(mode);
	e.places.fifo_dir = sandbox_workdir(mode, sc->workdir);
	/* The sandbox's own /tmp: a FIFO left there is as left as one in /work.
	 * Degraded mode shares the host's /tmp: only its own entries are looked
	 * at (work directories lie below it), new ones only (e.before). */
	e.places.tmp_dir = "/tmp";
	e.places.tmp_flat = mode == SANDBOX_DEGRADED;
	e.env = base_env(sc, mode, e.preload_nofake, sizeof(e.preload_nofake));
	if (mode == SANDBOX_DEGRADED)
		ipc_snapshot_take(&e.before, &e.places);
	e.t_start = engine_now();
	e.next_sample = e.t_start;

	for (size_t si = 0; si < sc->nsteps; si++) {
		if (engine_wall_expired(&e)) {
			res.status = SCN_WALL_TIMEOUT;
			res.step_index = (int)si;
			snprintf(res.message, sizeof(res.message),
				 "the scenario ran out of time (%.1f s) before step %zu", sc->wall_limit, si + 1);
			break;
		}
		if (step_run(&e, si) != 0) {
			res.step_index = (int)si;
			if (res.status == SCN_OK)
				res.status = SCN_STEP_ERROR;
			break;
		}
	}
	finish(&e);
report:;
	struct wbuf b = { 0 };
	wire_encode(&b, &res);
	for (size_t off = 0; !b.failed && off < b.len;) {
		ssize_t n = write(report_fd, b.data + off, b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(report_fd);
	free(b.data);
	engine_channel_close(&e);
	engine_watch_free(&e);
	/* Reported; now make sure nothing survives the namespace. */
	ipc_remove_all(&res.left, &e.places);
	_exit(0);
}
