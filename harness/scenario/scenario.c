/* scenario: defaults and lookups over a scenario and its result (the data that
 * every stage shares; running one is run.c's job). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

/* The defaults every caller starts from (limits as in proc-limits.c). */
void
scenario_defaults(struct scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	proc_limits_default(&sc->limits);
	sc->wall_limit = 60;
	sc->step_timeout = 10;
	sc->out_head = 256 * 1024;
	sc->out_tail = 64 * 1024;
	sc->out_kill = 64ULL * 1024 * 1024;
	sc->line_buffered = true;
	sc->settle_limit = 0.5;
	sc->deny_network = true;
	sc->time_scale = 1;
	sc->shm_bytes = 64 * 1024 * 1024;
	sc->work_bytes = 64 * 1024 * 1024;
}

/* See scenario.h: valgrind reserves the top fds below RLIMIT_NOFILE. */
int
scenario_channel_fd(const struct scenario *sc, bool input)
{
	rlim_t n = sc->limits.nofile ? sc->limits.nofile : 256;
	return (int)n - (input ? 2 : 1);
}

/* The result of the process named name, or NULL. */
const struct proc_result *
scenario_proc(const struct scenario_result *res, const char *name)
{
	for (size_t i = 0; i < res->nprocs; i++)
		if (strcmp(res->procs[i].name, name) == 0)
			return &res->procs[i];
	return NULL;
}

/* Free everything a result holds and zero it. */
void
scenario_result_free(struct scenario_result *r)
{
	for (size_t i = 0; i < r->nprocs; i++) {
		free(r->procs[i].name);
		free(r->procs[i].path);
		free(r->procs[i].killed_by);
		capture_free(&r->procs[i].out);
		capture_free(&r->procs[i].err);
	}
	free(r->procs);
	ipc_snapshot_free(&r->seen);
	ipc_snapshot_free(&r->left);
	for (size_t i = 0; i < r->naudits; i++)
		ipc_snapshot_free(&r->audits[i]);
	free(r->audits);
	free(r->strays);
	free(r->hang);
	memset(r, 0, sizeof(*r));
}
