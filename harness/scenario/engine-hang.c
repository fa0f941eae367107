/* engine-hang: why the programs had not ended when the test gave up on them.
 *
 * Called once, at the end of a scenario, while the processes are still there:
 * one line per live process of the sandbox from proc-why.c (blocked in what,
 * on what, who holds the other end), kept in the result for every report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-state.h"
#include "proc-why.h"

#define HANG_MAX_PROCS 16

/* The started program pid is, or descends from: its index, or -1. */
static int
started_owner(const struct engine *e, const struct proc_info *list, int n, pid_t pid, bool *itself)
{
	*itself = true;
	for (int hops = 0; hops < 32 && pid > 1; hops++) {
		for (size_t i = 0; i < e->res->nprocs; i++)
			if (e->res->procs[i].pid == pid)
				return (int)i;
		pid_t up = 0;
		for (int k = 0; k < n && !up; k++)
			if (list[k].pid == pid)
				up = list[k].ppid;
		pid = up;
		*itself = false;
	}
	return -1;
}

/* The command name of pid in list, or "". */
static const char *
comm_of(const struct proc_info *list, int n, pid_t pid)
{
	for (int k = 0; k < n; k++)
		if (list[k].pid == pid)
			return list[k].comm;
	return "";
}

void
engine_explain_hang(struct engine *e)
{
	struct proc_info *list = malloc(1024 * sizeof(*list));
	int n = list ? sandbox_list_procs(e->mode, list, 1024) : -1;
	struct why_proc *w = n > 0 ? calloc((size_t)n, sizeof(*w)) : NULL;
	size_t nw = 0;
	for (int k = 0; w && k < n; k++) {
		bool itself;
		int i = started_owner(e, list, n, list[k].pid, &itself);
		struct why_proc *p = &w[nw++];
		p->pid = list[k].pid;
		p->ppid = list[k].ppid;
		p->state = list[k].state;
		if (i >= 0 && itself)
			snprintf(p->name, sizeof(p->name), "%s", e->res->procs[i].name);
		else if (i >= 0 && strcmp(list[k].comm, comm_of(list, n, e->res->procs[i].pid)) == 0)
			snprintf(p->name, sizeof(p->name), "child of %.40s", e->res->procs[i].name);
		else if (i >= 0)
			snprintf(p->name, sizeof(p->name), "child of %.24s (%.16s)", e->res->procs[i].name,
				 list[k].comm);
		else
			snprintf(p->name, sizeof(p->name), "%.32s", list[k].comm);
	}
	char *text = NULL;
	size_t tlen = 0;
	FILE *m = nw ? open_memstream(&text, &tlen) : NULL;
	for (size_t i = 0; m && i < nw && i < HANG_MAX_PROCS; i++) {
		char line[1200];
		why_blocked(w, nw, i, line, sizeof(line));
		fprintf(m, "%s%s", i ? "\n" : "", line);
	}
	if (m && nw > HANG_MAX_PROCS)
		fprintf(m, "\n(%zu more processes)", nw - HANG_MAX_PROCS);
	if (m && fclose(m) == 0 && text && *text) {
		/* Names and paths are the student's: plain ASCII only, one line each. */
		for (unsigned char *c = (unsigned char *)text; *c; c++)
			if ((*c < 0x20 && *c != '\n') || *c >= 0x7f)
				*c = '?';
		free(e->res->hang);
		e->res->hang = text;
	} else {
		free(text);
	}
	free(w);
	free(list);
}
