/* pool: run n jobs as child processes, at most `jobs` at once, each killed
 * after `timeout` seconds; SIGINT or SIGTERM stops the pool. What a job is
 * (its preparation, the child's work, what its end means) is the caller's,
 * behind the callbacks: the pool knows processes, not gradings. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct pool_ops {
	/* In the parent before job i forks; 0, or -1 when it cannot start. */
	int (*prepare)(void *ctx, size_t i);
	/* In the child, in its own process group with SIGINT/SIGTERM at their
	 * defaults; must not return (exec or _exit). */
	void (*child)(void *ctx, size_t i);
	/* Job i is running (pool.running counts it already). */
	void (*started)(void *ctx, size_t i);
	/* Job i could not start: prepare or fork failed. */
	void (*failed)(void *ctx, size_t i);
	/* Job i ended with waitpid's status; timed_out when the pool killed it
	 * for its time. Not called for the jobs a signal stopped. */
	void (*finished)(void *ctx, size_t i, int status, bool timed_out);
};

struct pool {
	size_t n;         /* jobs 0 .. n-1, started in order */
	const bool *todo; /* which to run; NULL: all */
	size_t jobs;      /* at most this many at once (>= 1) */
	int timeout;      /* seconds per job; 0: no limit */
	const struct pool_ops *ops;
	void *ctx;      /* handed to every callback */
	size_t running; /* jobs running now: for the callbacks' progress lines */
};

/* Run the jobs; 0 when all ran, the signal number when SIGINT or SIGTERM
 * stopped the pool (the running jobs and their process groups are killed),
 * -1 when out of memory (nothing started). */
int pool_run(struct pool *p);
