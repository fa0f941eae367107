/* engine-internal: the engine's state, shared by the step loop (engine.c)
 * and the IPC watch (engine-watch.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "ipc-audit.h"
#include "sandbox-internal.h"
#include "scenario.h"

struct eproc {
	int in_fd, out_fd, err_fd;
	int watch_fd;		/* seccomp listener: removals held until we have looked */
	char *pending;		/* stdin bytes not yet written */
	size_t pending_len, pending_off;
	bool close_after;
	bool reaped;
	double t0;
};

struct engine {
	const struct scenario *sc;
	enum sandbox_mode mode;
	struct scenario_result *res;
	struct eproc *ep;	/* parallel to res->procs */
	const int *exec_fds;	/* per step */
	struct sandbox_ids ids;
	struct ipc_places places;
	struct ipc_snapshot before;
	int sigfd;
	double t_start, next_sample;
	char **env;
	char preload_nofake[1024];	/* LD_PRELOAD without libfaketime, for fault rules */
};

/* Is this process still running (started and not reaped)? */
static inline bool
running(struct engine *e, int i)
{
	return e->res->procs[i].end == PROC_RUNNING;
}

/* Record every IPC object seen now that was not seen before. */
void engine_sample_ipc(struct engine *e);
/* Drop the harness's own objects from s, unlinking them when unlink_them (they
 * must not outlive the run in degraded mode either). */
void engine_drop_harness_objects(struct engine *e, struct ipc_snapshot *s, bool unlink_them);
/* p's seccomp listener is readable (or gone): serve one held call. */
void engine_watch(struct engine *e, struct eproc *p, short revents);
