/* engine-state: the engine's state, shared by the step loop (engine.c)
 * and the IPC watch (engine-watch.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "ipc-audit.h"
#include "sandbox-internal.h"
#include "scenario.h"

struct rusage;

struct eproc {
	int in_fd, out_fd, err_fd;
	int watch_fd;  /* seccomp listener: removals held until we have looked */
	char *pending; /* stdin bytes not yet written */
	size_t pending_len, pending_off;
	bool close_after;
	bool reaped;
	double t0;
};

struct engine {
	const struct scenario *sc;
	enum sandbox_mode mode;
	struct scenario_result *res;
	struct eproc *ep;    /* parallel to res->procs */
	const int *exec_fds; /* per step */
	struct sandbox_ids ids;
	struct ipc_places places;
	struct ipc_snapshot before;
	int sigfd;
	double t_start, next_sample;
	char **env;
	char preload_nofake[1024]; /* LD_PRELOAD without libfaketime, for fault rules */
};

/* Is this process still running (started and not reaped)? */
static inline bool
running(struct engine *e, int i)
{
	return e->res->procs[i].end == PROC_RUNNING;
}

/* engine-core.c */
/* Monotonic seconds. */
double engine_now(void);
/* Index of the process named name, or -1. */
int engine_find_proc(struct engine *e, const char *name);
/* Kill a process's whole session (it is its own session leader), noting why. */
void engine_kill_proc(struct engine *e, int i, const char *why);
/* Note the end of process i from its wait status and resource usage. */
void engine_record_exit(struct engine *e, int i, int st, const struct rusage *ru);
/* Add a stray process to the result. */
void engine_add_stray(struct engine *e, enum stray_kind k, pid_t pid, pid_t ppid, const char *comm, int st);
/* Reap whatever has exited: our programs, or orphans handed to us. */
void engine_reap(struct engine *e);
/* Read what is available on one output fd into its capture. */
void engine_drain_fd(struct engine *e, int i, int *fd, struct capture *c);
/* Write pending stdin bytes; close stdin when asked and all is written. */
void engine_flush_stdin(struct engine *e, int i);
/* One turn of the loop: wait at most until `until` for any event. */
void engine_pump(struct engine *e, double until);
/* Has the whole scenario run out of time? */
bool engine_wall_expired(struct engine *e);
/* A NULL-terminated environment for step s: ours, then the step's (malloc'd array). */
char **engine_make_env(struct engine *e, const struct step *s);

/* engine-watch.c */
/* Record every IPC object seen now that was not seen before. */
void engine_sample_ipc(struct engine *e);
/* Count, per running program, whether a process of its tree is runnable now. */
void engine_sample_procs(struct engine *e);
/* Drop the harness's own objects from s, unlinking them when unlink_them (they
 * must not outlive the run in degraded mode either). */
void engine_drop_harness_objects(struct engine *e, struct ipc_snapshot *s, bool unlink_them);
/* p's seccomp listener is readable (or gone): serve one held call. */
void engine_watch(struct engine *e, struct eproc *p, short revents);

/* engine-hang.c */
/* Note in the result, per live process of the sandbox, what it is blocked in
 * and on what (proc-why.c). */
void engine_explain_hang(struct engine *e);

/* engine-settle.c */
/* Pump the loop until every thread of the sandbox is blocked or stopped and
 * has not run since the previous look, or limit seconds passed; settled? */
bool engine_settle(struct engine *e, double limit);
