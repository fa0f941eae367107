/* engine-core: the services of the sandbox's init that every step uses.
 *
 * One poll() loop (engine_pump) over the programs' output pipes, their stdin
 * pipes, their seccomp listeners and a signalfd for SIGCHLD; reaping; the
 * programs' environment. The steps themselves are in steps.c, the loop over
 * them in engine.c. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine-state.h"

#define SAMPLE_EVERY   0.02  /* seconds between IPC samples for `seen` */
#define HELD_WAIT_LOOK 0.002 /* seconds between looks at the children of parents held in wait */

/* Monotonic seconds. */
double
engine_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Index of the process named name, or -1. */
int
engine_find_proc(struct engine *e, const char *name)
{
	for (size_t i = 0; i < e->res->nprocs; i++)
		if (name && strcmp(e->res->procs[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Kill a process's whole session: it is its own session leader. */
void
engine_kill_proc(struct engine *e, int i, const char *why)
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
void
engine_record_exit(struct engine *e, int i, int st, const struct rusage *ru)
{
	struct proc_result *p = &e->res->procs[i];
	if (WIFEXITED(st)) {
		p->end = PROC_EXITED;
		p->code = WEXITSTATUS(st);
	} else {
		p->end = PROC_SIGNALED;
		p->code = WTERMSIG(st);
	}
	p->wall_sec = engine_now() - e->ep[i].t0;
	if (ru) {
		p->user_sec = (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6;
		p->sys_sec = (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
		p->maxrss_kb = ru->ru_maxrss;
	}
	e->ep[i].reaped = true;
}

/* Add a stray process to the result. */
void
engine_add_stray(struct engine *e, enum stray_kind k, pid_t pid, pid_t ppid, const char *comm, int st)
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
void
engine_reap(struct engine *e)
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
			engine_record_exit(e, known, st, &ru);
		else
			engine_add_stray(e, STRAY_REPARENTED, pid, pi.ppid, pi.comm, st);
		if (known < 0)
			engine_child_ended(e, pid, pi.ppid, st);
		engine_sample_ipc(e); /* a state change: see what the exit left */
	}
}

/* Read what is available on one output fd into its capture. */
void
engine_drain_fd(struct engine *e, int i, int *fd, struct capture *c)
{
	char buf[65536];
	for (int rounds = 0; rounds < 16; rounds++) {
		ssize_t n = read(*fd, buf, sizeof(buf));
		if (n > 0) {
			capture_append(c, buf, (size_t)n);
			if (e->sc->out_kill && c->total > e->sc->out_kill)
				engine_kill_proc(e, i, "output limit");
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
void
engine_flush_stdin(struct engine *e, int i)
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
		close(p->in_fd); /* EPIPE: the reader is gone */
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
void
engine_pump(struct engine *e, double until)
{
	size_t n = e->res->nprocs;
	struct pollfd *pf = calloc(4 * n + 2, sizeof(*pf));
	int *who = calloc(4 * n + 2, sizeof(*who));
	int k = 0;
	if (pf == NULL || who == NULL) {
		free(pf);
		free(who);
		return;
	}
	pf[k].fd = e->sigfd;
	pf[k++].events = POLLIN;
	if (e->chan_rd >= 0) { /* the tool channel (engine-channel.c): pf[1] */
		pf[k].fd = e->chan_rd;
		pf[k++].events = POLLIN;
	}
	int first = k;
	for (size_t i = 0; i < n; i++) {
		struct eproc *p = &e->ep[i];
		if (p->out_fd >= 0) {
			who[k] = (int)i;
			pf[k].fd = p->out_fd;
			pf[k++].events = POLLIN;
		}
		if (p->err_fd >= 0) {
			who[k] = (int)i;
			pf[k].fd = p->err_fd;
			pf[k++].events = POLLIN;
		}
		if (p->in_fd >= 0 && p->pending) {
			who[k] = (int)i;
			pf[k].fd = p->in_fd;
			pf[k++].events = POLLOUT;
		}
		if (p->watch_fd >= 0) {
			who[k] = (int)i;
			pf[k].fd = p->watch_fd;
			pf[k++].events = POLLIN;
		}
	}
	double t = engine_now(), wake = until < e->next_sample ? until : e->next_sample;
	if (e->nwaits > 0 && wake > t + HELD_WAIT_LOOK)
		wake = t + HELD_WAIT_LOOK; /* a parent held in wait4 goes on soon after its child ends */
	int ms = wake > t ? (int)((wake - t) * 1000.0) + 1 : 0;
	int r = poll(pf, (nfds_t)k, ms);
	if (r > 0) {
		if (pf[0].revents) {
			struct signalfd_siginfo si;
			while (read(e->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
				;
		}
		if (first > 1 && pf[1].revents)
			engine_channel_read(e, 64);
		for (int j = first; j < k; j++) {
			if (!pf[j].revents)
				continue;
			int i = who[j];
			struct eproc *p = &e->ep[i];
			if (pf[j].fd == p->out_fd)
				engine_drain_fd(e, i, &p->out_fd, &e->res->procs[i].out);
			else if (pf[j].fd == p->err_fd)
				engine_drain_fd(e, i, &p->err_fd, &e->res->procs[i].err);
			else if (pf[j].fd == p->watch_fd)
				engine_watch(e, p, pf[j].revents);
			else
				engine_flush_stdin(e, i);
		}
	}
	free(pf);
	free(who);
	engine_check_waits(e);
	engine_reap(e);
	if (engine_now() >= e->next_sample) {
		engine_sample_ipc(e);
		engine_sample_procs(e);
		/* a huge /dev/shm makes a look slow: then look less often */
		e->next_sample = engine_now() + SAMPLE_EVERY + 4 * e->sample_cost;
	}
}

/* Has the whole scenario run out of time? */
bool
engine_wall_expired(struct engine *e)
{
	return e->sc->wall_limit > 0 && engine_now() - e->t_start > e->sc->wall_limit;
}

/* Make a NULL-terminated environment: ours, then the step's. */
char **
engine_make_env(struct engine *e, const struct step *s)
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
		if (s->nfaults > 0 &&
		    (strncmp(e->env[i], "FAKETIME", 8) == 0 || strncmp(e->env[i], "DONT_FAKE_MONOTONIC=", 20) == 0))
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
