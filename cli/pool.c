/* pool: a fork/wait/kill loop behind callbacks; see pool.h. Jobs are their
 * own process groups, so a timeout or a stop kills a job's children too. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"

static volatile sig_atomic_t stopped;

/* SIGINT/SIGTERM: stop starting jobs and kill the running ones. */
static void
on_signal(int sig)
{
	stopped = sig;
}

/* Fork job i; its pid, or -1. */
static pid_t
start(struct pool *p, size_t i)
{
	if (p->ops->prepare && p->ops->prepare(p->ctx, i) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		p->ops->child(p->ctx, i);
		_exit(127);
	}
	setpgid(pid, pid);
	return pid;
}

/* Kill the jobs over their time, or every job once stopped. */
static void
kill_overdue(const struct pool *p, const pid_t *pids, const time_t *since, bool *timed_out)
{
	time_t now = time(NULL);
	for (size_t i = 0; i < p->n; i++) {
		if (pids[i] <= 0 || !(stopped || (p->timeout > 0 && now - since[i] > p->timeout)))
			continue;
		timed_out[i] = !stopped;
		kill(-pids[i], SIGKILL);
		kill(pids[i], SIGKILL);
	}
}

int
pool_run(struct pool *p)
{
	pid_t *pids = calloc(p->n ? p->n : 1, sizeof(*pids));
	time_t *since = calloc(p->n ? p->n : 1, sizeof(*since));
	bool *timed_out = calloc(p->n ? p->n : 1, sizeof(*timed_out));
	if (!pids || !since || !timed_out) {
		free(pids);
		free(since);
		free(timed_out);
		return -1;
	}
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	stopped = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	size_t next = 0;
	p->running = 0;
	for (;;) {
		while (!stopped && p->running < p->jobs && next < p->n) {
			if (p->todo == NULL || p->todo[next]) {
				pid_t pid = start(p, next);
				if (pid < 0) {
					if (p->ops->failed)
						p->ops->failed(p->ctx, next);
				} else {
					pids[next] = pid;
					since[next] = time(NULL);
					p->running++;
					if (p->ops->started)
						p->ops->started(p->ctx, next);
				}
			}
			next++;
		}
		if (p->running == 0 && (next >= p->n || stopped))
			break;
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0) {
			kill_overdue(p, pids, since, timed_out);
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			continue;
		}
		for (size_t i = 0; i < p->n; i++)
			if (pids[i] == pid) {
				pids[i] = 0;
				p->running--;
				if (!stopped && p->ops->finished)
					p->ops->finished(p->ctx, i, status, timed_out[i]);
				break;
			}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(pids);
	free(since);
	free(timed_out);
	return stopped;
}
