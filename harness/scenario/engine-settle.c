/* engine-settle: before the engine acts, the sandbox comes to rest.
 *
 * A scenario that writes to a program the instant a line appears lands in the
 * few microseconds between that program's printf and its next look at shared
 * memory - a window no person typing could hit, and one whose outcome depends
 * on the machine's load. So before every acting step (start, send,
 * close_stdin, signal: the rows of steps.c marked `acts`) the engine waits
 * until every thread in the sandbox is blocked in the kernel or stopped and
 * has not run since the previous look. A program that never blocks (a
 * spinner) never settles: the wait is bounded by the scenario's settle_limit,
 * after which the step acts anyway. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-state.h"

#define SETTLE_LOOK_EVERY 0.002 /* seconds between two looks */
#define SETTLE_MAX_TASKS  4096

/* One thread as seen at one look. */
struct task_look {
	pid_t tid;
	char state;
	unsigned long long ran; /* nanoseconds on a CPU (schedstat), or clock ticks */
};

/* A thread's state and CPU time so far; -1 if it is gone. */
static int
look_task(pid_t pid, pid_t tid, struct task_look *t)
{
	char path[96], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	unsigned long long ut = 0, st = 0;
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &t->state, &ut, &st) != 3)
		return -1;
	t->tid = tid;
	t->ran = ut + st;
	/* schedstat counts nanoseconds: a thread that ran for a microsecond
	 * between two looks shows there, not in the tick counters. */
	snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
	if ((f = fopen(path, "re")) != NULL) {
		unsigned long long ns;
		if (fscanf(f, "%llu", &ns) == 1)
			t->ran = ns;
		fclose(f);
	}
	return 0;
}

/* Every thread of every process in the sandbox but us; the count, or -1. */
static int
look_all(struct engine *e, struct proc_info *procs, struct task_look *out, int max)
{
	int n = sandbox_list_procs(e->mode, procs, 1024), k = 0;
	if (n < 0)
		return -1;
	for (int i = 0; i < n && k < max; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/task", (int)procs[i].pid);
		DIR *d = opendir(path);
		if (!d)
			continue; /* gone meanwhile: nothing to wait for */
		struct dirent *de;
		while ((de = readdir(d)) != NULL && k < max) {
			pid_t tid = (pid_t)atoi(de->d_name);
			if (tid > 0 && look_task(procs[i].pid, tid, &out[k]) == 0)
				k++;
		}
		closedir(d);
	}
	return k;
}

/* Blocked in a system call, stopped, or dead: it cannot change anything. */
static bool
at_rest(char state)
{
	return state != 'R';
}

/* Two looks saw the same threads, each at rest both times and not run between. */
static bool
same_rest(const struct task_look *a, int na, const struct task_look *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (a[i].tid != b[i].tid || !at_rest(a[i].state) || !at_rest(b[i].state) || a[i].ran != b[i].ran)
			return false;
	return true;
}

bool
engine_settle(struct engine *e, double limit)
{
	struct proc_info *procs = malloc(1024 * sizeof(*procs));
	struct task_look *prev = malloc(SETTLE_MAX_TASKS * sizeof(*prev));
	struct task_look *cur = malloc(SETTLE_MAX_TASKS * sizeof(*cur));
	bool settled = false;
	double end = engine_now() + limit;
	int np = procs && prev && cur ? look_all(e, procs, prev, SETTLE_MAX_TASKS) : -1;
	while (np >= 0 && !engine_wall_expired(e)) {
		engine_pump(e, engine_now() + SETTLE_LOOK_EVERY);
		int nc = look_all(e, procs, cur, SETTLE_MAX_TASKS);
		if (nc < 0)
			break;
		if (same_rest(prev, np, cur, nc)) {
			settled = true;
			break;
		}
		if (engine_now() >= end)
			break;
		struct task_look *t = prev;
		prev = cur;
		cur = t;
		np = nc;
	}
	free(procs);
	free(prev);
	free(cur);
	return settled;
}
