/* bench_sandbox: what a sandbox costs per program start.
 *
 * Runs /bin/true N times in a fresh sandbox (scenario_run: start + wait_exit)
 * and N times as a bare fork + exec + waitpid, after a warm-up of each, and
 * prints the median and p90 of both, their ratio and the median overhead.
 * Usage: bench_sandbox [N] (default 300). The mode is the probe's choice, or
 * IPCGRADE_MODE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"

#define WARMUP 10

/* Monotonic milliseconds. */
static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* qsort order for doubles. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile of a sorted array (nearest rank). */
static double
quantile(const double *v, int n, double q)
{
	int i = (int)(q * n + 0.5) - 1;
	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* One bare run: fork, exec /bin/true, wait. Milliseconds, or -1. */
static double
bare_once(void)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	double t = now_ms() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t : -1;
}

/* One sandboxed run of the scenario. Milliseconds, or -1 (message printed). */
static double
sandbox_once(const struct scenario *sc, enum sandbox_mode mode)
{
	struct scenario_result res;
	double t0 = now_ms();
	int rc = scenario_run(sc, mode, &res);
	double t = now_ms() - t0;
	const struct proc_result *p = rc == 0 ? scenario_proc(&res, "true") : NULL;
	bool ok = rc == 0 && res.status == SCN_OK && p && p->end == PROC_EXITED && p->code == 0;
	if (!ok)
		fprintf(stderr, "bench_sandbox: run failed: %s\n", res.message);
	scenario_result_free(&res);
	return ok ? t : -1;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 300;
	if (n <= 0) {
		fprintf(stderr, "usage: bench_sandbox [N]\n");
		return 2;
	}
	struct sandbox_probe probe;
	sandbox_probe(&probe);
	char *argv_true[] = { "true", NULL };
	struct step steps[2] = {
		{ .kind = STEP_START, .proc = "true", .path = "/bin/true", .argv = argv_true },
		{ .kind = STEP_WAIT_EXIT, .proc = "true" },
	};
	struct scenario sc;
	scenario_defaults(&sc);
	sc.name = "bench";
	sc.steps = steps;
	sc.nsteps = 2;
	char work[] = "/tmp/bench-sandbox.XXXXXX"; /* empty: /bin/true needs nothing */
	if (mkdtemp(work) == NULL) {
		perror("bench_sandbox: mkdtemp");
		return 1;
	}
	sc.workdir = work;

	double *box = calloc((size_t)n, sizeof(*box)), *bare = calloc((size_t)n, sizeof(*bare));
	if (box == NULL || bare == NULL)
		return 1;
	int rc = 0;
	for (int i = 0; i < WARMUP && rc == 0; i++)
		if (sandbox_once(&sc, probe.mode) < 0 || bare_once() < 0)
			rc = 1;
	/* Interleaved, so drift in machine load hits both series alike. */
	for (int i = 0; i < n && rc == 0; i++)
		if ((box[i] = sandbox_once(&sc, probe.mode)) < 0 || (bare[i] = bare_once()) < 0)
			rc = 1;
	rmdir(work);
	if (rc != 0) {
		free(box);
		free(bare);
		return rc;
	}
	qsort(box, (size_t)n, sizeof(*box), cmp_double);
	qsort(bare, (size_t)n, sizeof(*bare), cmp_double);
	double mb = quantile(box, n, 0.5), mr = quantile(bare, n, 0.5);
	printf("mode: %s, %d runs each (after %d warm-up)\n", sandbox_mode_name(probe.mode), n, WARMUP);
	printf("sandboxed /bin/true: median %.3f ms, p90 %.3f ms\n", mb, quantile(box, n, 0.9));
	printf("bare fork+exec+wait: median %.3f ms, p90 %.3f ms\n", mr, quantile(bare, n, 0.9));
	printf("ratio %.1fx, median overhead %.3f ms\n", mr > 0 ? mb / mr : 0.0, mb - mr);
	free(box);
	free(bare);
	return 0;
}
