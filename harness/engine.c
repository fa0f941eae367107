/* engine: the sandbox's init - runs a scenario's steps and watches everything.
 *
 * It runs as PID 1 of the sandbox (or as a subreaper in degraded mode), in a
 * single thread: one poll() loop over the programs' output pipes, their stdin
 * pipes and a signalfd for SIGCHLD. Waits never sleep blindly: each step
 * pumps the loop until its condition holds or its deadline passes. */
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
#include "engine-internal.h"
#include "sandbox-internal.h"
#include "wire.h"

#define SAMPLE_EVERY 0.02	/* seconds between IPC samples for `seen` */

/* Monotonic seconds. */
static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Index of the process named name, or -1. */
static int
find_proc(struct engine *e, const char *name)
{
	for (size_t i = 0; i < e->res->nprocs; i++)
		if (name && strcmp(e->res->procs[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Kill a process's whole session: it is its own session leader. */
static void
kill_proc(struct engine *e, int i, const char *why)
{
	struct proc_result *p = &e->res->procs[i];
	if (!running(e, i))
		return;
	if (p->killed_by == NULL)
		p->killed_by = strdup(why);
	kill(-p->pid, SIGKILL);
	kill(p->pid, SIGKILL);
}

/* Note the end of process i from its wait status and resource usage. */
static void
record_exit(struct engine *e, int i, int st, const struct rusage *ru)
{
	struct proc_result *p = &e->res->procs[i];
	if (WIFEXITED(st)) {
		p->end = PROC_EXITED;
		p->code = WEXITSTATUS(st);
	} else {
		p->end = PROC_SIGNALED;
		p->code = WTERMSIG(st);
	}
	p->wall_sec = now() - e->ep[i].t0;
	if (ru) {
		p->user_sec = (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6;
		p->sys_sec = (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
		p->maxrss_kb = ru->ru_maxrss;
	}
	e->ep[i].reaped = true;
}

/* Add a stray process to the result. */
static void
add_stray(struct engine *e, enum stray_kind k, pid_t pid, pid_t ppid, const char *comm, int st)
{
	struct scenario_result *r = e->res;
	struct stray_proc *n = realloc(r->strays, (r->nstrays + 1) * sizeof(*n));
	if (n == NULL)
		return;
	r->strays = n;
	struct stray_proc *s = &n[r->nstrays++];
	memset(s, 0, sizeof(*s));
	s->kind = k;
	s->pid = pid;
	s->ppid = ppid;
	s->wstatus = st;
	snprintf(s->comm, sizeof(s->comm), "%s", comm ? comm : "?");
}

/* Reap whatever has exited: our programs, or orphans handed to us. */
static void
reap(struct engine *e)
{
	for (;;) {
		siginfo_t si;
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid == 0)
			return;
		pid_t pid = si.si_pid;
		struct proc_info pi = { 0 };
		int known = -1;
		for (size_t i = 0; i < e->res->nprocs; i++)
			if (e->res->procs[i].pid == pid && running(e, (int)i))
				known = (int)i;
		if (known < 0)
			proc_read_stat(pid, &pi);
		int st;
		struct rusage ru;
		if (wait4(pid, &st, 0, &ru) != pid)
			continue;
		if (known >= 0)
			record_exit(e, known, st, &ru);
		else
			add_stray(e, STRAY_REPARENTED, pid, pi.ppid, pi.comm, st);
		engine_sample_ipc(e);	/* a state change: see what the exit left */
	}
}

/* Read what is available on one output fd into its capture. */
static void
drain_fd(struct engine *e, int i, int *fd, struct capture *c)
{
	char buf[65536];
	for (int rounds = 0; rounds < 16; rounds++) {
		ssize_t n = read(*fd, buf, sizeof(buf));
		if (n > 0) {
			capture_append(c, buf, (size_t)n);
			if (e->sc->out_kill && c->total > e->sc->out_kill)
				kill_proc(e, i, "output limit");
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			close(*fd);
			*fd = -1;
		}
		return;
	}
}

/* Write pending stdin bytes; close stdin when asked and all is written. */
static void
flush_stdin(struct engine *e, int i)
{
	struct eproc *p = &e->ep[i];
	while (p->in_fd >= 0 && p->pending_off < p->pending_len) {
		ssize_t n = write(p->in_fd, p->pending + p->pending_off, p->pending_len - p->pending_off);
		if (n > 0) {
			p->pending_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return;
		close(p->in_fd);	/* EPIPE: the reader is gone */
		p->in_fd = -1;
	}
	if (p->pending_off == p->pending_len) {
		free(p->pending);
		p->pending = NULL;
		p->pending_len = p->pending_off = 0;
		if (p->close_after && p->in_fd >= 0) {
			close(p->in_fd);
			p->in_fd = -1;
		}
	}
}

/* One turn of the loop: wait at most until `until` for any event. */
static void
pump(struct engine *e, double until)
{
	size_t n = e->res->nprocs;
	struct pollfd *pf = calloc(4 * n + 1, sizeof(*pf));
	int *who = calloc(4 * n + 1, sizeof(*who));
	int k = 0;
	if (pf == NULL || who == NULL) {
		free(pf);
		free(who);
		return;
	}
	pf[k].fd = e->sigfd;
	pf[k++].events = POLLIN;
	for (size_t i = 0; i < n; i++) {
		struct eproc *p = &e->ep[i];
		if (p->out_fd >= 0) { who[k] = (int)i; pf[k].fd = p->out_fd; pf[k++].events = POLLIN; }
		if (p->err_fd >= 0) { who[k] = (int)i; pf[k].fd = p->err_fd; pf[k++].events = POLLIN; }
		if (p->in_fd >= 0 && p->pending) { who[k] = (int)i; pf[k].fd = p->in_fd; pf[k++].events = POLLOUT; }
		if (p->watch_fd >= 0) { who[k] = (int)i; pf[k].fd = p->watch_fd; pf[k++].events = POLLIN; }
	}
	double t = now(), wake = until < e->next_sample ? until : e->next_sample;
	int ms = wake > t ? (int)((wake - t) * 1000.0) + 1 : 0;
	int r = poll(pf, (nfds_t)k, ms);
	if (r > 0) {
		if (pf[0].revents) {
			struct signalfd_siginfo si;
			while (read(e->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
				;
		}
		for (int j = 1; j < k; j++) {
			if (!pf[j].revents)
				continue;
			int i = who[j];
			struct eproc *p = &e->ep[i];
			if (pf[j].fd == p->out_fd)
				drain_fd(e, i, &p->out_fd, &e->res->procs[i].out);
			else if (pf[j].fd == p->err_fd)
				drain_fd(e, i, &p->err_fd, &e->res->procs[i].err);
			else if (pf[j].fd == p->watch_fd)
				engine_watch(e, p, pf[j].revents);
			else
				flush_stdin(e, i);
		}
	}
	free(pf);
	free(who);
	reap(e);
	if (now() >= e->next_sample) {
		engine_sample_ipc(e);
		e->next_sample = now() + SAMPLE_EVERY;
	}
}

/* Has the whole scenario run out of time? */
static bool
wall_expired(struct engine *e)
{
	return e->sc->wall_limit > 0 && now() - e->t_start > e->sc->wall_limit;
}

/* Make a NULL-terminated environment: ours, then the step's. */
static char **
make_env(struct engine *e, const struct step *s)
{
	size_t nb = 0, ns = 0;
	while (e->env[nb])
		nb++;
	while (s->env && s->env[ns])
		ns++;
	char **env = calloc(nb + ns + 1, sizeof(*env));
	if (env == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < nb; i++) {
		/* libfaketime's constructor calls shm_open, ftruncate and mmap before
		 * main: a fault rule would hit it instead of the program (it then dies
		 * with its own message, and any program "passes"). A process with
		 * faults runs at real speed. */
		if (s->nfaults > 0 && (strncmp(e->env[i], "FAKETIME", 8) == 0 ||
				       strncmp(e->env[i], "DONT_FAKE_MONOTONIC=", 20) == 0))
			continue;
		if (s->nfaults > 0 && strncmp(e->env[i], "LD_PRELOAD=", 11) == 0) {
			if (e->preload_nofake[0])
				env[k++] = e->preload_nofake;
			continue;
		}
		env[k++] = e->env[i];
	}
	if (ns)
		memcpy(env + k, s->env, ns * sizeof(*env));
	return env;
}

/* STEP_START: pipes, spawn, bookkeeping. */
static int
do_start(struct engine *e, size_t si, const struct step *s)
{
	struct scenario_result *r = e->res;
	if (find_proc(e, s->proc) >= 0) {
		snprintf(r->message, sizeof(r->message), "a process named '%s' was already started", s->proc);
		return -1;
	}
	struct proc_result *np = realloc(r->procs, (r->nprocs + 1) * sizeof(*np));
	struct eproc *ne = np ? realloc(e->ep, (r->nprocs + 1) * sizeof(*ne)) : NULL;
	if (np)
		r->procs = np;
	if (ne == NULL)
		return -1;
	e->ep = ne;
	int i = (int)r->nprocs++;
	struct proc_result *p = &r->procs[i];
	struct eproc *ep = &e->ep[i];
	memset(p, 0, sizeof(*p));
	memset(ep, 0, sizeof(*ep));
	ep->in_fd = ep->out_fd = ep->err_fd = ep->watch_fd = -1;
	p->name = strdup(s->proc);
	p->path = strdup(s->path ? s->path : "");
	p->trusted = s->trusted;
	p->end = PROC_NOT_STARTED;
	p->fds_at_exit = -1;
	capture_init(&p->out, e->sc->out_head, e->sc->out_tail);
	capture_init(&p->err, e->sc->out_head, e->sc->out_tail);

	/* Every exit closes what is still held: our ends until they are handed to
	 * ep, the child's ends once the child has its copies. */
	autopipe in[2] = { -1, -1 };
	autopipe out[2] = { -1, -1 };
	autopipe err[2] = { -1, -1 };
	if (s->keep_stdin) {
		if (pipe2(in, O_CLOEXEC) != 0)
			return -1;
	} else if ((in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
		return -1;
	char *argv0[] = { s->proc, NULL };
	autofree char **env = make_env(e, s);
	struct spawn_req req = {
		.exec_fd = e->exec_fds[si],
		.path = s->path,
		.argv = s->argv ? s->argv : argv0,
		.envp = env,
		.in_fd = in[0], .out_fd = out[1], .err_fd = err[1],
		.set_ids = e->mode == SANDBOX_ROOT,
		.uid = s->trusted ? e->ids.reference_uid : e->ids.student_uid,
		.gid = s->trusted ? e->ids.reference_gid : e->ids.student_gid,
		.limits = &e->sc->limits,

		.cwd = sandbox_workdir(e->mode, e->sc->workdir),
		.die_with_parent = e->mode == SANDBOX_DEGRADED,
	};
	step_filter(s, e->sc->deny_network, &req.sec);
	ep->t0 = now();
	p->start_sec = ep->t0 - e->t_start;
	int xe = 0;
	pid_t pid = e->exec_fds[si] >= 0 ? spawn_proc(&req, &xe, &ep->watch_fd) : (xe = -e->exec_fds[si], -1);
	/* The child's ends go now: EOF on its output must mean that it closed them. */
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&err[1]);
	ep->in_fd = steal_fd(&in[1]);
	ep->out_fd = steal_fd(&out[0]);
	ep->err_fd = steal_fd(&err[0]);
	if (ep->in_fd >= 0)
		fcntl(ep->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(ep->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(ep->err_fd, F_SETFL, O_NONBLOCK);
	if (pid < 0) {
		p->end = PROC_START_FAILED;
		p->exec_errno = xe;
		ep->reaped = true;
		return 0;	/* the program's failure, reported, not the engine's */
	}
	p->pid = pid;
	p->end = PROC_RUNNING;
	return 0;
}

/* Text for a timeout: the step, and how long it waited. */
static void
timeout_message(struct engine *e, size_t si, double waited, const char *extra)
{
	char d[256];
	step_describe(&e->sc->steps[si], d, sizeof(d));
	/* With a reason, the wait ended early because it could never succeed. */
	snprintf(e->res->message, sizeof(e->res->message), "step %zu (%s) %s after %.1f s%s%s", si + 1, d,
		 extra ? "gave up" : "timed out", waited, extra ? ": " : "", extra ? extra : "");
}

/* Do the output fds of process i still have a writer? */
static bool
output_open(struct engine *e, int i)
{
	return e->ep[i].out_fd >= 0 || e->ep[i].err_fd >= 0;
}

/* Run one step; 0 done, -1 failed (message set). */
static int
do_step(struct engine *e, size_t si)
{
	const struct step *s = &e->sc->steps[si];
	struct scenario_result *r = e->res;
	double t0 = now(), limit = s->seconds > 0 ? s->seconds : e->sc->step_timeout;
	double until = t0 + limit;
	int i = s->kind == STEP_START ? -1 : find_proc(e, s->proc);
	if (step_kind(s->kind) && step_kind(s->kind)->addresses_proc && i < 0) {
		snprintf(r->message, sizeof(r->message), "step %zu (%s): no process named '%s' was started",
			 si + 1, step_kind_name(s->kind), s->proc ? s->proc : "");
		r->status = SCN_STEP_ERROR;
		return -1;
	}
	switch (s->kind) {
	case STEP_NKINDS:	/* not a kind */
		break;
	case STEP_START:
		if (do_start(e, si, s) != 0) {
			if (!r->message[0])
				snprintf(r->message, sizeof(r->message), "step %zu: could not start '%s': %s",
					 si + 1, s->proc, strerror(errno));
			r->status = SCN_STEP_ERROR;
			return -1;
		}
		return 0;
	case STEP_SEND: {
		struct eproc *p = &e->ep[i];
		size_t n = strlen(s->text ? s->text : "");
		char *np = realloc(p->pending, p->pending_len + n + 1);
		if (np == NULL)
			return -1;
		memcpy(np + p->pending_len, s->text ? s->text : "", n);
		p->pending = np;
		p->pending_len += n;
		flush_stdin(e, i);
		return 0;
	}
	case STEP_CLOSE_STDIN:
		e->ep[i].close_after = true;
		if (e->ep[i].pending == NULL && e->ep[i].in_fd >= 0) {
			close(e->ep[i].in_fd);
			e->ep[i].in_fd = -1;
		}
		return 0;
	case STEP_SIGNAL:
		if (running(e, i))
			kill(r->procs[i].pid, s->signo);
		return 0;
	case STEP_SLEEP:
		until = t0 + s->seconds;
		while (now() < until && !wall_expired(e))
			pump(e, until);
		return 0;
	case STEP_AUDIT: {
		struct ipc_snapshot snap = { 0 }, *na;
		ipc_snapshot_take(&snap, &e->places);
		engine_drop_harness_objects(e, &snap, false);
		if (e->mode == SANDBOX_DEGRADED) {
			struct ipc_snapshot d = { 0 };
			ipc_snapshot_diff(&e->before, &snap, &d);
			ipc_snapshot_free(&snap);
			snap = d;
		}
		na = realloc(r->audits, (r->naudits + 1) * sizeof(*na));
		if (na == NULL) {
			ipc_snapshot_free(&snap);
			return -1;
		}
		r->audits = na;
		r->audits[r->naudits++] = snap;
		return 0;
	}
	case STEP_WAIT_IPC:
		for (;;) {
			if (ipc_object_exists(s->ipc_kind, s->key, s->text, &e->places))
				return 0;
			bool any = false;
			for (size_t j = 0; j < r->nprocs; j++)
				any |= running(e, (int)j);
			if (!any) {
				timeout_message(e, si, now() - t0, "every program had exited and the object never appeared");
				break;
			}
			if (now() >= until || wall_expired(e)) {
				timeout_message(e, si, now() - t0, NULL);
				break;
			}
			pump(e, until);
		}
		r->status = wall_expired(e) ? SCN_WALL_TIMEOUT : SCN_STEP_TIMEOUT;
		return -1;
	case STEP_WAIT_OUTPUT: {
		regex_t re;
		int rc = regcomp(&re, s->text ? s->text : "", REG_EXTENDED | REG_NEWLINE);
		if (rc != 0) {
			char m[128];
			regerror(rc, &re, m, sizeof(m));
			snprintf(r->message, sizeof(r->message), "step %zu: bad regex /%s/: %s", si + 1, s->text, m);
			r->status = SCN_STEP_ERROR;
			return -1;
		}
		struct capture *c = s->stream == 2 ? &r->procs[i].err : &r->procs[i].out;
		for (;;) {
			if (capture_match(c, &re)) {
				regfree(&re);
				return 0;
			}
			if (!running(e, i) && !output_open(e, i)) {
				timeout_message(e, si, now() - t0, "the process ended without printing it");
				break;
			}
			if (now() >= until || wall_expired(e)) {
				timeout_message(e, si, now() - t0, NULL);
				break;
			}
			pump(e, until);
		}
		regfree(&re);
		r->status = wall_expired(e) ? SCN_WALL_TIMEOUT : SCN_STEP_TIMEOUT;
		return -1;
	}
	case STEP_WAIT_EXIT:
		while (running(e, i)) {
			if (now() >= until || wall_expired(e)) {
				timeout_message(e, si, now() - t0, NULL);
				r->status = wall_expired(e) ? SCN_WALL_TIMEOUT : SCN_STEP_TIMEOUT;
				return -1;
			}
			pump(e, until);
		}
		/* Its output may still be in the pipes: take what is there. */
		if (e->ep[i].out_fd >= 0)
			drain_fd(e, i, &e->ep[i].out_fd, &r->procs[i].out);
		if (e->ep[i].err_fd >= 0)
			drain_fd(e, i, &e->ep[i].err_fd, &r->procs[i].err);
		return 0;
	}
	return 0;
}

/* Kill callback: record programs' ends; other processes were strays already. */
static void
on_killed(pid_t pid, int st, const struct rusage *ru, void *arg)
{
	struct engine *e = arg;
	for (size_t i = 0; i < e->res->nprocs; i++)
		if (e->res->procs[i].pid == pid && running(e, (int)i))
			record_exit(e, (int)i, st, ru);
}

#define STRAY_GRACE_SEC 0.3

/* The end of every scenario: strays, kill, reap, drain, audit. */
static void
finish(struct engine *e)
{
	struct scenario_result *r = e->res;
	reap(e);
	struct proc_info *pi = malloc(sizeof(*pi) * 1024);
	int n = pi ? sandbox_list_procs(e->mode, pi, 1024) : 0;
	/* A child its parent did not wait for may be a moment from its own end
	 * (one more poll of the segment): give leftovers STRAY_GRACE_SEC to finish
	 * so that whether it printed does not depend on the machine's load. It is
	 * reported as a stray either way. */
	for (double t0 = now(); r->status == SCN_OK && n > 0 && now() - t0 < STRAY_GRACE_SEC;) {
		bool alive = false;
		for (int k = 0; k < n; k++)
			alive |= pi[k].state != 'Z';
		if (!alive)
			break;
		usleep(10000);
		reap(e);
		n = sandbox_list_procs(e->mode, pi, 1024);
	}
	for (int k = 0; k < n; k++) {
		bool main_prog = false;
		for (size_t i = 0; i < r->nprocs; i++)
			if (r->procs[i].pid == pi[k].pid && running(e, (int)i)) {
				main_prog = true;
				if (r->procs[i].killed_by == NULL)
					r->procs[i].killed_by = strdup(r->status == SCN_OK ? "end of scenario" :
								       wall_expired(e) ? "wall deadline" : "step timeout");
			}
		if (!main_prog)
			add_stray(e, pi[k].state == 'Z' ? STRAY_ZOMBIE : STRAY_ALIVE, pi[k].pid, pi[k].ppid, pi[k].comm, 0);
	}
	free(pi);
	sandbox_kill_all(e->mode, on_killed, e);
	if (e->sc->collect && sandbox_collect(e->mode, e->sc->collect) != 0 && r->status == SCN_OK) {
		r->status = SCN_INTERNAL;
		snprintf(r->message, sizeof(r->message), "could not copy /work/%s back", e->sc->collect);
	}
	for (size_t i = 0; i < r->nprocs; i++) {
		struct eproc *p = &e->ep[i];
		for (int rounds = 0; rounds < 1024 && (p->out_fd >= 0 || p->err_fd >= 0); rounds++) {
			if (p->out_fd >= 0)
				drain_fd(e, (int)i, &p->out_fd, &r->procs[i].out);
			if (p->err_fd >= 0)
				drain_fd(e, (int)i, &p->err_fd, &r->procs[i].err);
		}
		if (p->out_fd >= 0) close(p->out_fd);
		if (p->err_fd >= 0) close(p->err_fd);
		if (p->in_fd >= 0) close(p->in_fd);
		if (p->watch_fd >= 0) close(p->watch_fd);
		p->in_fd = p->out_fd = p->err_fd = p->watch_fd = -1;
		free(p->pending);
		p->pending = NULL;
	}
	struct ipc_snapshot now_s = { 0 };
	ipc_snapshot_take(&now_s, &e->places);
	engine_drop_harness_objects(e, &now_s, true);
	for (size_t i = 0; i < now_s.n; i++)	/* short-lived objects count as seen too */
		if (!ipc_snapshot_find(&e->before, &now_s.objs[i]) && !ipc_snapshot_find(&r->seen, &now_s.objs[i]))
			ipc_snapshot_add(&r->seen, &now_s.objs[i]);
	ipc_snapshot_diff(&e->before, &now_s, &r->left);
	ipc_snapshot_free(&now_s);
	r->wall_sec = now() - e->t_start;
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
	snprintf(nofake, nofake_len, "%s", preload);	/* for processes with fault rules */
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
engine_main(const struct scenario *sc, enum sandbox_mode mode, int report_fd, const int *exec_fds,
	    const char *workdir)
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
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	e.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	e.places.shm_dir = sandbox_shm_dir(mode);
	e.places.mq_dir = sandbox_mq_dir(mode);
	e.places.fifo_dir = sandbox_workdir(mode, sc->workdir);
	e.env = base_env(sc, mode, e.preload_nofake, sizeof(e.preload_nofake));
	if (mode == SANDBOX_DEGRADED)
		ipc_snapshot_take(&e.before, &e.places);
	e.t_start = now();
	e.next_sample = e.t_start;

	for (size_t si = 0; si < sc->nsteps; si++) {
		if (wall_expired(&e)) {
			res.status = SCN_WALL_TIMEOUT;
			res.step_index = (int)si;
			snprintf(res.message, sizeof(res.message), "the scenario ran out of time (%.1f s) before step %zu",
				 sc->wall_limit, si + 1);
			break;
		}
		if (do_step(&e, si) != 0) {
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
	/* Reported; now make sure nothing survives the namespace. */
	ipc_remove_all(&res.left, &e.places);
	_exit(0);
}
