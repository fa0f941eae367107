/* grade: build, run every test in every pairing against the reference run,
 * evaluate the checks, and add up the points. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "cleanup.h"
#include "checks.h"
#include "grade.h"
#include "memcheck.h"
#include "report-run.h"
#include "run.h"
#include "sandbox.h"
#include "steps.h"
#include "strbuf.h"
#include "text.h"
#include "workdir.h"

#define OUTPUT_SHOWN         (16 * 1024) /* bytes of each stream put in a report */
#define VALGRIND_SLOWDOWN    10.0
/* Memory under valgrind: the program's own limit times this (shadow memory). */
#define VALGRIND_MEM_FACTOR  2
#define VALGRIND_DEFAULT_MEM ((rlim_t)1 << 30)

struct grading {
	const struct assignment *a;
	const struct grade_opts *o;
	const char *buildir; /* where the student's binaries were built */
	const bool *built;   /* per program */
	struct grade_report *out;
	size_t *otest; /* per outcome of out: the index of its test in a->tests */
	int *osolo;    /* per outcome: the only program that is the student's in its pairing, or -1 */
};

/* A scenario made from a test for one pairing, and what it owns. */
struct made {
	struct scenario sc;
	struct step *steps;
	struct strvec *argvs;
	char **paths;
	char *workdir;
};

/* Monotonic seconds. */
static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Index of program name in a, or -1. */
static int
prog_index(const struct assignment *a, const char *name)
{
	for (size_t i = 0; i < a->nprograms; i++)
		if (strcmp(a->programs[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The role of a start step under a pairing; roles NULL is the oracle run,
 * where every program is the reference, even steps marked `as: student`. */
static int
step_role(const struct step *s, const int *roles, int pi)
{
	if (roles == NULL)
		return ROLE_REFERENCE;
	return s->role != ROLE_PAIRING ? s->role : roles[pi];
}

/* Release what make_scenario allocated and remove the work directory. */
static void
made_free(struct made *m)
{
	for (size_t i = 0; m->argvs && i < m->sc.nsteps; i++)
		strvec_free(&m->argvs[i]);
	for (size_t i = 0; m->paths && i < m->sc.nsteps; i++)
		free(m->paths[i]);
	free(m->argvs);
	free(m->paths);
	free(m->steps);
	if (getenv("IPCGRADE_KEEP_WORK") == NULL) /* debugging: look at what a run left */
		workdir_remove(m->workdir);
	free(m->workdir);
	memset(m, 0, sizeof(*m));
}

/* Turn test t into a scenario for a pairing, in a fresh work directory with
 * copies of the student's binaries; under valgrind when vg. */
static int
make_scenario(struct grading *g, const struct spec_test *t, const int *roles, bool vg, struct made *m)
{
	const struct assignment *a = g->a;
	memset(m, 0, sizeof(*m));
	scenario_defaults(&m->sc);
	m->sc.name = t->name;
	m->sc.limits = a->limits;
	m->sc.wall_limit = t->timeout > 0 ? t->timeout : a->timeout;
	m->sc.time_scale = a->time_scale;
	m->steps = calloc(t->nsteps + 1, sizeof(*m->steps));
	m->argvs = calloc(t->nsteps + 1, sizeof(*m->argvs));
	m->paths = calloc(t->nsteps + 1, sizeof(*m->paths));
	m->workdir = workdir_make(g->o->mode);
	if (!m->steps || !m->argvs || !m->paths || !m->workdir)
		return -1;
	m->sc.workdir = m->workdir;
	m->sc.steps = m->steps;
	m->sc.nsteps = t->nsteps;
	double slow = vg ? VALGRIND_SLOWDOWN : 1.0;
	m->sc.wall_limit *= slow;
	m->sc.step_timeout *= slow;
	m->sc.settle_limit *= slow;
	if (vg) {
		static const char *const vg_names[] = { "channel", NULL };
		m->sc.collect = MEMCHECK_DIR; /* the channel file (engine-channel.c), and nothing else */
		m->sc.collect_names = vg_names;
		m->sc.collect_bytes = 20 << 20; /* the channel keeps at most 16 MiB of reports */
		m->sc.channel_dir = MEMCHECK_DIR;
		m->sc.channel_input = memcheck_supp;
		/* Valgrind reserves a large address space: RLIMIT_DATA, which counts
		 * its heap and shadow memory, bounds it instead of RLIMIT_AS. */
		rlim_t as = m->sc.limits.as_bytes ? m->sc.limits.as_bytes : VALGRIND_DEFAULT_MEM;
		m->sc.limits.data_bytes = as * VALGRIND_MEM_FACTOR;
		m->sc.limits.as_bytes = 0;
		if (m->sc.limits.nofile < 64) /* valgrind keeps the top 12 for itself, the channel among them */
			m->sc.limits.nofile = 64;
	}
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		struct step *d = &m->steps[i];
		*d = *s; /* the spec's step whole; what one run changes follows (pointers stay the spec's) */
		d->seconds = s->kind == STEP_SLEEP ? s->seconds : s->seconds * slow;
		if (s->kind != STEP_START)
			continue;
		int pi = prog_index(a, s->program);
		const struct spec_program *p = &a->programs[pi];
		bool ref = step_role(s, roles, pi) == ROLE_REFERENCE;
		char dot[512];
		snprintf(dot, sizeof(dot), "./%s", p->name);
		if (ref) {
			m->paths[i] = xasprintf("%s/%s", g->o->reference_dir, p->reference);
		} else {
			char src[4096];
			m->paths[i] = xasprintf("%s/%s", m->workdir, p->name);
			snprintf(src, sizeof(src), "%s/%s", g->buildir, p->name);
			if (access(m->paths[i], F_OK) != 0 && workdir_copy(src, m->paths[i], 0755, g->o->mode) != 0)
				return -1;
		}
		struct strvec *v = &m->argvs[i];
		if (vg && !ref) {
			memcheck_argv(v, &m->sc);
			free(m->paths[i]);
			m->paths[i] = strdup(VALGRIND);
		}
		strvec_push(v, dot); /* same argv[0] for both sides: usage lines compare equal */
		for (size_t k = 0; k < s->nargs; k++)
			strvec_push(v, s->args[k]);
		d->path = m->paths[i];
		d->argv = v->v;
		d->trusted = ref;
		for (size_t k = i + 1; k < t->nsteps; k++)
			if (step_kind(t->steps[k].kind) && step_kind(t->steps[k].kind)->stdin_writer &&
			    strcmp(t->steps[k].proc, s->proc) == 0)
				d->keep_stdin = true;
	}
	return 0;
}

/* Run test t once for a pairing; res must be freed by the caller. */
static int
run_once(struct grading *g, const struct spec_test *t, const int *roles, bool vg, struct scenario_result *res,
	 struct vg_summary *vs)
{
	struct made m;
	int rc = make_scenario(g, t, roles, vg, &m);
	if (rc != 0) {
		memset(res, 0, sizeof(*res));
		res->status = SCN_INTERNAL;
		snprintf(res->message, sizeof(res->message), "cannot prepare the run: %s", strerror(errno));
	} else {
		rc = scenario_run(&m.sc, g->o->mode, res);
		if (vg && vs) {
			char d[4096];
			snprintf(d, sizeof(d), "%s/%s", m.workdir, MEMCHECK_DIR);
			memcheck_read(d, vs);
		}
	}
	made_free(&m);
	return rc;
}

/* Programs the test starts whose role the pairing decides, in spec order. */
static size_t
paired_programs(const struct assignment *a, const struct spec_test *t, int *idx)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		if (s->kind != STEP_START || s->role != ROLE_PAIRING)
			continue;
		int pi = prog_index(a, s->program);
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= idx[k] == pi;
		if (!seen && pi >= 0)
			idx[n++] = pi;
	}
	return n;
}

/* "talk [server: yours, client: reference]" */
static char *
pairing_name(const struct assignment *a, const struct spec_test *t, const int *roles, const int *idx, size_t n,
	     bool show)
{
	if (!show)
		return strdup(t->name);
	struct strbuf b = { 0 };
	sb_printf(&b, "%s [", t->name);
	for (size_t k = 0; k < n; k++)
		sb_printf(&b, "%s%s: %s", k ? ", " : "", a->programs[idx[k]].name,
			  roles[idx[k]] == ROLE_REFERENCE ? "reference" : "yours");
	sb_printf(&b, "]");
	return b.s;
}

/* Single-quote s for a shell. */
static char *
shell_quote(const char *s)
{
	struct strbuf b = { 0 };
	sb_append(&b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			sb_append(&b, "'\\''", 4);
		else
			sb_append(&b, s, 1);
	sb_append(&b, "'", 1);
	return b.s;
}

/* What the student sees of the programs' output, per the feedback level. */
static char *
shown_output(const struct scenario_result *r, enum feedback fb)
{
	if (fb == FEEDBACK_VERDICT)
		return NULL;
	struct strbuf b = { 0 };
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct proc_result *p = &r->procs[i];
		const struct capture *cs[2] = { &p->out, &p->err };
		for (int s = 0; s < 2; s++) {
			if (cs[s]->total == 0)
				continue;
			size_t n;
			char *t = capture_text(cs[s], &n);
			if (t == NULL)
				continue;
			sb_printf(&b, "--- %s (%s) %s ---\n", p->name, p->trusted ? "reference" : "yours",
				  s ? "stderr" : "stdout");
			/* Every line the programs printed starts with "| ", so none
			 * passes for a header of ours; NUL bytes (U+FFFD) cut nothing. */
			char *u = text_utf8(t, n > OUTPUT_SHOWN ? OUTPUT_SHOWN : n);
			for (const char *l = u; l && *l;) {
				size_t ll = strcspn(l, "\n");
				sb_puts(&b, "| ");
				sb_append(&b, l, ll);
				sb_append(&b, "\n", 1);
				l += ll + (l[ll] == '\n');
			}
			if (n > OUTPUT_SHOWN)
				sb_printf(&b, "[... %zu more bytes not shown ...]\n", n - OUTPUT_SHOWN);
			free(u);
			free(t);
		}
	}
	return b.s;
}

/* What the run says beside its checks: why it stopped early, and what the
 * processes still alive at its end were blocked in. NULL when nothing. */
static char *
run_message(const struct scenario_result *r)
{
	const char *why = r->status == SCN_OK ? NULL : r->message;
	if (!r->hang || !*r->hang)
		return why ? strdup(why) : NULL;
	struct strbuf b = { 0 };
	sb_printf(&b, "%s%s%s:\n", why ? why : "", why ? "\n" : "",
		  why ? "still running then" : "still running at the end of the test (killed)");
	for (const char *p = r->hang; *p;) {
		size_t n = strcspn(p, "\n");
		sb_printf(&b, "  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	return b.s;
}

/* Free the check outcomes of one evaluation. */
static void
free_checks(struct check_outcome *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].detail);
		free(c[i].hint);
	}
	free(c);
}

/* Checks about hygiene rather than behaviour: they pass vacuously when a program does nothing. */
static bool
hygiene(enum check_kind k)
{
	return check_kind(k) && check_kind(k)->hygiene;
}

/* Evaluate every check of t on run r; returns the share of points earned. */
static double
evaluate(const struct spec_test *t, const struct scenario_result *r, const struct scenario_result *oracle,
	 const struct vg_summary *vs, struct check_outcome **out, bool *all_passed)
{
	struct check_outcome *c = calloc(t->nchecks + 1, sizeof(*c));
	struct check_ctx x = { t, r, oracle, t->feedback, vs };
	double got = 0, total = 0;
	*all_passed = r->status == SCN_OK;
	bool job_done = r->status == SCN_OK;
	for (size_t i = 0; c && i < t->nchecks; i++) {
		check_eval(&t->checks[i], &x, &c[i]);
		if (!hygiene(t->checks[i].kind))
			job_done &= c[i].passed;
	}
	for (size_t i = 0; c && i < t->nchecks; i++) {
		/* Leaving nothing behind is only worth points in a run that did its job:
		 * a program that does nothing must not collect them. */
		if (!job_done && hygiene(t->checks[i].kind) && c[i].credit > 0 && c[i].weight > 0) {
			c[i].credit = 0;
			char *d = xasprintf(
				"%snot credited: the program did not do its job in this run (see the other checks)",
				c[i].detail ? c[i].detail : "");
			free(c[i].detail);
			c[i].detail = d;
		}
		got += c[i].weight * c[i].credit;
		total += c[i].weight;
		*all_passed &= c[i].passed;
	}
	*out = c;
	if (r->status != SCN_OK)
		return 0; /* a run that did not reach its end earns nothing */
	return total > 0 ? got / total : 1;
}

/* Nothing for doing nothing: when the reference programs create an object of
 * some kind and the submission's run never does, the run earns nothing (a
 * program that only prints the expected lines does no IPC). Why, or NULL. */
static char *
missing_ipc(const struct scenario_result *r, const struct scenario_result *oracle)
{
	for (size_t i = 0; i < oracle->seen.n; i++) {
		enum ipcobj_kind k = oracle->seen.objs[i].kind;
		bool found = false;
		for (size_t j = 0; j < r->seen.n && !found; j++)
			found = r->seen.objs[j].kind == k;
		if (!found)
			return xasprintf("not credited: the reference programs create a %s object in this test and "
					 "yours never did: a run without the IPC the assignment is about earns nothing",
					 ipcobj_kind_name(k));
	}
	return NULL;
}

/* Does the pairing need a student program that failed to build? */
static const char *
missing_build(struct grading *g, const struct spec_test *t, const int *roles)
{
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct step *s = &t->steps[i];
		if (s->kind != STEP_START)
			continue;
		int pi = prog_index(g->a, s->program);
		if (step_role(s, roles, pi) == ROLE_STUDENT && !g->built[pi])
			return g->a->programs[pi].name;
	}
	return NULL;
}

/* Does t have a memcheck check? */
static bool
wants_memcheck(const struct spec_test *t)
{
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].kind == CHECK_MEMCHECK)
			return true;
	return false;
}

/* Grade one pairing of test t into outcome o. */
static void
grade_pairing(struct grading *g, const struct spec_test *t, const int *roles, const struct scenario_result *oracle,
	      struct test_outcome *o)
{
	double t0 = now();
	const char *nb = missing_build(g, t, roles);
	if (nb) {
		o->status = TEST_SKIPPED;
		o->message = xasprintf("not run: %s did not compile", nb);
		return;
	}
	if (oracle->status != SCN_OK) {
		o->status = TEST_ERROR;
		o->message =
			xasprintf("the reference programs fail this test (%s): the test or the reference is broken, "
				  "not your submission",
				  oracle->message);
		return;
	}
	struct vg_summary vs = { 0 };
	bool has_student = false;
	for (size_t i = 0; i < g->a->nprograms; i++)
		has_student |= roles[i] == ROLE_STUDENT;
	if (wants_memcheck(t) && g->o->memcheck && has_student) {
		struct scenario_result vr;
		run_once(g, t, roles, true, &vr, &vs);
		if (getenv("IPCGRADE_DEBUG"))
			report_run_text(stderr, &vr, false);
		for (size_t i = 0; i < vr.nprocs && o->status != TEST_ERROR; i++) {
			const struct proc_result *p = &vr.procs[i];
			/* Only an exec of valgrind that failed is the grader's: once it
			 * runs, what it prints is mixed with what the program prints
			 * (a program can write "FATAL:" too), so the run is the student's. */
			if (!p->trusted && p->end == PROC_START_FAILED) {
				o->status = TEST_ERROR;
				o->message =
					xasprintf("valgrind could not run %s: %s", p->name, strerror(p->exec_errno));
			}
			size_t n;
			char *err = p->trusted ? NULL : capture_text(&p->err, &n);
			if (err && strstr(err, "Valgrind's memory management: out of memory") && vs.cut) {
				rlim_t as = g->a->limits.as_bytes ? g->a->limits.as_bytes : VALGRIND_DEFAULT_MEM;
				char *c = xasprintf("valgrind ran out of memory (limit %llu MiB of data): %s",
						    (unsigned long long)((as * VALGRIND_MEM_FACTOR) >> 20), vs.cut);
				free(vs.cut);
				vs.cut = c;
			}
			free(err);
		}
		if (vr.status != SCN_OK)
			vs.incomplete = strdup(vr.message);
		scenario_result_free(&vr);
		if (o->status == TEST_ERROR) {
			vg_summary_free(&vs);
			return;
		}
	}
	int runs = t->runs > 0 ? t->runs : 1, need = t->pass > 0 ? t->pass : runs;
	double worst = 2;
	for (int k = 0; k < runs; k++) {
		struct scenario_result r;
		run_once(g, t, roles, false, &r, NULL);
		if (r.status == SCN_INTERNAL) {
			o->status = TEST_ERROR;
			free(o->message);
			o->message = xasprintf("the grader could not run this test: %s", r.message);
			scenario_result_free(&r);
			break;
		}
		struct check_outcome *c;
		bool passed;
		double share = evaluate(t, &r, oracle, &vs, &c, &passed);
		char *noipc = r.status == SCN_OK ? missing_ipc(&r, oracle) : NULL;
		if (noipc) {
			share = 0;
			passed = false;
		}
		o->runs++;
		o->passes += passed;
		/* Keep the evidence of the worst run: the lowest share, a failure over a pass. */
		if (o->checks == NULL || share < worst || (!passed && o->status == TEST_PASSED)) {
			worst = share;
			free_checks(o->checks, o->nchecks);
			free(o->output);
			free(o->message);
			o->checks = c;
			o->nchecks = t->nchecks;
			o->output = shown_output(&r, t->feedback);
			o->message = run_message(&r);
			if (noipc && o->message) { /* both: no IPC first, then what was still running */
				char *m = xasprintf("%s\n%s", noipc, o->message);
				free(o->message);
				o->message = m;
			} else if (noipc) {
				o->message = noipc;
				noipc = NULL;
			}
			o->status = passed ? TEST_PASSED : TEST_FAILED;
		} else {
			free_checks(c, t->nchecks);
		}
		free(noipc);
		scenario_result_free(&r);
	}
	vg_summary_free(&vs);
	if (o->status != TEST_ERROR) {
		o->status = o->passes >= need ? TEST_PASSED : TEST_FAILED;
		o->score = o->status == TEST_PASSED ? o->max_score : o->max_score * (worst > 1 ? 0 : worst);
		o->flaky = o->passes > 0 && o->passes < o->runs;
		if (o->flaky && !o->message)
			o->message = xasprintf("flaky: passed %d of %d runs (%d needed)", o->passes, o->runs, need);
	}
	if (o->status == TEST_FAILED && t->hint)
		for (size_t i = 0; i < o->nchecks; i++)
			if (!o->checks[i].passed) {
				if (o->checks[i].hint == NULL)
					o->checks[i].hint = strdup(t->hint);
				break;
			}
	o->wall_sec = now() - t0;
}

/* Append an outcome slot to the report. */
static struct test_outcome *
new_outcome(struct grade_report *r)
{
	struct test_outcome *n = realloc(r->tests, (r->ntests + 1) * sizeof(*n));
	if (n == NULL)
		return NULL;
	r->tests = n;
	memset(&n[r->ntests], 0, sizeof(*n));
	return &n[r->ntests++];
}

/* Did outcome o do the job its test measures? It earned points: its run
 * reached its end and did the IPC the reference does (else it earns nothing),
 * and some behaviour check passed. A test worth 0 points must pass. */
static bool
did_the_job(const struct test_outcome *o)
{
	if (o->max_score <= 0)
		return o->status == TEST_PASSED;
	return o->score > 0;
}

/* Is dependency d met? Its outcomes must all have done their job: with a
 * program, those where that program alone is the student's (the pairings),
 * or, when the test does not pair programs, its one run. Not run is not met. */
static bool
dep_met(const struct grading *g, const struct spec_dep *d)
{
	int pi = d->program ? prog_index(g->a, d->program) : -1;
	size_t solo = 0, whole = 0;
	bool solo_ok = true, whole_ok = true;
	for (size_t i = 0; i < g->out->ntests; i++) {
		if (g->otest[i] != d->index)
			continue;
		bool done = did_the_job(&g->out->tests[i]);
		if (pi < 0 || g->osolo[i] == pi) {
			solo++;
			solo_ok &= done;
		} else if (g->osolo[i] == -1) {
			whole++;
			whole_ok &= done;
		}
	}
	return solo ? solo_ok : whole > 0 && whole_ok;
}

/* Why t is not run: the first dependency that did not pass; NULL when all did. */
static char *
blocked_by(const struct grading *g, const struct spec_test *t)
{
	for (size_t k = 0; k < t->ndeps; k++) {
		const struct spec_dep *d = &t->deps[k];
		if (dep_met(g, d))
			continue;
		if (d->program)
			return xasprintf("not credited: depends on '%s' with your %s, which earned no points (not run)",
					 d->test, d->program);
		return xasprintf("not credited: depends on '%s', which earned no points (not run)", d->test);
	}
	return NULL;
}

/* All pairings of test ti, each an outcome sharing the test's points; none
 * is run when a test it depends on failed (each earns 0 and says why). */
static void
grade_test(struct grading *g, size_t ti)
{
	const struct assignment *a = g->a;
	const struct spec_test *t = &a->tests[ti];
	int *idx = calloc(a->nprograms + 1, sizeof(int));
	int *roles = calloc(a->nprograms + 1, sizeof(int));
	char *blocked = blocked_by(g, t);
	if (!idx || !roles)
		goto out;
	size_t np = paired_programs(a, t, idx);
	size_t npairs = t->pairings && np >= 2 ? np + 1 : 1;
	if (g->o->progress) {
		char msg[512];
		snprintf(msg, sizeof(msg), "test %s", t->name);
		g->o->progress(msg, g->o->progress_arg);
	}
	struct scenario_result oracle = { 0 };
	if (!blocked)
		run_once(g, t, NULL, false, &oracle, NULL);
	for (size_t p = 0; p < npairs; p++) {
		for (size_t i = 0; i < a->nprograms; i++)
			roles[i] = ROLE_STUDENT;
		if (p > 0) /* pairing p: only program idx[p-1] is yours */
			for (size_t k = 0; k < np; k++)
				roles[idx[k]] = k == p - 1 ? ROLE_STUDENT : ROLE_REFERENCE;
		size_t *ot = realloc(g->otest, (g->out->ntests + 1) * sizeof(*ot));
		if (ot)
			g->otest = ot;
		int *os = ot ? realloc(g->osolo, (g->out->ntests + 1) * sizeof(*os)) : NULL;
		if (os)
			g->osolo = os;
		struct test_outcome *o = os ? new_outcome(g->out) : NULL;
		if (o == NULL)
			break;
		g->otest[g->out->ntests - 1] = ti;
		g->osolo[g->out->ntests - 1] = p > 0 ? idx[p - 1] : -1;
		o->name = pairing_name(a, t, roles, idx, np, npairs > 1);
		o->max_score = t->points / (double)npairs;
		o->visibility = t->visibility;
		o->feedback = t->feedback;
		char *q = shell_quote(t->name);
		o->repro = xasprintf("%s --test %s", g->o->repro ? g->o->repro : "ipcgrade grade", q);
		free(q);
		if (blocked) {
			o->status = TEST_SKIPPED;
			o->message = strdup(blocked);
		} else {
			grade_pairing(g, t, roles, &oracle, o);
		}
	}
	if (!blocked)
		scenario_result_free(&oracle);
out:
	free(blocked);
	free(idx);
	free(roles);
}

/* Is test t picked by the command line (--public-only, --test)? */
static bool
selected(const struct grade_opts *o, const struct spec_test *t)
{
	if (o->public_only && (t->visibility != VIS_VISIBLE || t->hidden_file))
		return false;
	return !(o->only_test && strcmp(o->only_test, t->name) != 0);
}

/* Put test i after the tests it depends on into order (each once). */
static void
order_after_deps(const struct assignment *a, size_t i, bool *placed, size_t *order, size_t *n)
{
	if (placed[i])
		return;
	placed[i] = true; /* no cycle: refused at load */
	for (size_t k = 0; k < a->tests[i].ndeps; k++)
		order_after_deps(a, a->tests[i].deps[k].index, placed, order, n);
	order[(*n)++] = i;
}

/* Grade the selected tests and, first, the tests they depend on; then keep
 * only the selected ones' outcomes, in the order of the spec. */
static void
grade_tests(struct grading *g)
{
	const struct assignment *a = g->a;
	struct grade_report *out = g->out;
	bool *placed = calloc(a->ntests + 1, sizeof(*placed));
	size_t *order = calloc(a->ntests + 1, sizeof(*order)), n = 0;
	if (!placed || !order)
		goto out;
	for (size_t i = 0; i < a->ntests; i++)
		if (selected(g->o, &a->tests[i]))
			order_after_deps(a, i, placed, order, &n);
	for (size_t k = 0; k < n; k++)
		grade_test(g, order[k]);
	/* Stable: outcomes of test 0, then of test 1, ...; unselected ones dropped. */
	struct test_outcome *sorted = calloc(out->ntests + 1, sizeof(*sorted));
	size_t m = 0;
	if (sorted == NULL)
		goto out;
	for (size_t i = 0; i < a->ntests; i++)
		for (size_t k = 0; k < out->ntests; k++) {
			if (g->otest[k] != i)
				continue;
			if (selected(g->o, &a->tests[i])) {
				sorted[m++] = out->tests[k];
				continue;
			}
			struct test_outcome *t = &out->tests[k]; /* graded only as a dependency */
			free_checks(t->checks, t->nchecks);
			free(t->name);
			free(t->message);
			free(t->output);
			free(t->repro);
		}
	free(out->tests);
	out->tests = sorted;
	out->ntests = m;
out:
	free(placed);
	free(order);
}

/* Are the reference binaries there? A missing one is the grader's fault. */
static char *
check_references(const struct assignment *a, const char *dir)
{
	for (size_t i = 0; i < a->nprograms; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, a->programs[i].reference);
		if (access(path, X_OK) != 0)
			return xasprintf("reference program %s not found at %s (%s): build ipcgrade first (make), or, "
					 "for a reference beside its source, run ipcgrade validate ASSIGNMENT",
					 a->programs[i].name, path, strerror(errno));
	}
	return NULL;
}

/* Grading POSIX message queues where they cannot be seen would score what was
 * not observed (a queue left behind passes cleanup) and leave the queues on
 * the host: refused, with what to do. Declared objects and wait_ipc targets
 * say whether the assignment uses them. */
static char *
unobservable(const struct assignment *a, enum sandbox_mode m)
{
	const char *why = sandbox_mq_unseen(m);
	bool uses = false;
	for (size_t i = 0; why && i < a->nobjects; i++)
		uses |= ipc_kind(a->objects[i].kind) && ipc_kind(a->objects[i].kind)->place == IPC_PLACE_MQ;
	for (size_t i = 0; why && i < a->ntests; i++)
		for (size_t k = 0; k < a->tests[i].nsteps; k++)
			uses |= a->tests[i].steps[k].kind == STEP_WAIT_IPC && ipc_kind(a->tests[i].steps[k].ipc_kind) &&
				ipc_kind(a->tests[i].steps[k].ipc_kind)->place == IPC_PLACE_MQ;
	if (!uses)
		return NULL;
	return xasprintf("%s uses POSIX message queues, which this sandbox cannot observe: %s. Mount one "
			 "(sudo mkdir -p /dev/mqueue && sudo mount -t mqueue none /dev/mqueue), or grade as root or "
			 "with user namespaces (ipcgrade doctor)",
			 a->name, why);
}

/* Could the programs' uid read path? Asked of the kernel by a child that
 * takes that uid (the harness is root whenever they differ). */
static bool
readable_by_programs(enum sandbox_mode m, const char *path)
{
	struct sandbox_ids ids;
	sandbox_ids_for(m, &ids);
	if (!sandbox_sets_uid(m))
		return access(path, R_OK) == 0;
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(ids.student_gid) != 0 || setuid(ids.student_uid) != 0)
			_exit(0); /* cannot tell: say readable */
		_exit(access(path, R_OK) == 0 ? 0 : 1);
	}
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) == 0;
}

/* Degraded mode has no private root: hidden tests must be out of the
 * programs' reach by permissions. NULL, or why grading is refused. */
static char *
hidden_tests_exposed(const struct assignment *a, enum sandbox_mode m)
{
	if (m != SANDBOX_DEGRADED)
		return NULL;
	for (size_t i = 0; i < a->nhidden_files; i++) {
		if (!readable_by_programs(m, a->hidden_files[i]))
			continue;
		if (!sandbox_sets_uid(m))
			return xasprintf(
				"refusing to grade hidden tests in degraded mode as a user: student code would run "
				"as you and could read %s; grade as root (sudo), or where user namespaces work "
				"(ipcgrade doctor)",
				a->hidden_files[i]);
		return xasprintf("refusing to grade: in degraded mode (no namespaces) student code could read %s; keep "
				 "it in a folder only root can enter (chmod 700 the folder)",
				 a->hidden_files[i]);
	}
	return NULL;
}

int
grade_submission(const struct assignment *a, const char *subdir, const struct grade_opts *o, struct grade_report *out)
{
	double t0 = now();
	memset(out, 0, sizeof(*out));
	out->assignment = strdup(a->name);
	out->title = a->title ? strdup(a->title) : NULL;
	out->submission = strdup(subdir);
	out->mode = o->mode;
	for (size_t i = 0; i < a->ntests; i++)
		if (selected(o, &a->tests[i]))
			out->max_score += a->tests[i].points;
	if (sandbox_mode_refused(o->mode)) {
		out->error = xasprintf("refusing to grade: %s", sandbox_mode_refused(o->mode));
		return -1;
	}
	out->error = check_references(a, o->reference_dir);
	if (!out->error)
		out->error = unobservable(a, o->mode);
	if (!out->error)
		out->error = hidden_tests_exposed(a, o->mode);
	if (out->error)
		return -1;
	/* Nothing of the grader's inside a sandbox, wherever it is installed. */
	char herr[600];
	if (sandbox_hide(a->dir, herr, sizeof(herr)) != 0 || sandbox_hide(o->reference_dir, herr, sizeof(herr)) != 0) {
		out->error = xasprintf("refusing to grade: %s", herr);
		return -1;
	}
	for (size_t i = 0; i < a->nhidden_files; i++) {
		autofree char *d = realpath(a->hidden_files[i], NULL);
		char *slash = d ? strrchr(d, '/') : NULL;
		if (slash)
			*slash = '\0';
		if (slash && sandbox_hide(d[0] ? d : "/", herr, sizeof(herr)) != 0) {
			out->error = xasprintf("refusing to grade: %s", herr);
			return -1;
		}
	}
	char *bdir = workdir_make(o->mode);
	out->builds = calloc(a->nprograms + 1, sizeof(*out->builds));
	bool *built = calloc(a->nprograms + 1, sizeof(*built));
	if (bdir == NULL || out->builds == NULL || built == NULL) {
		out->error = xasprintf("cannot prepare a work directory: %s", strerror(errno));
		free(built);
		free(bdir);
		return -1;
	}
	out->nbuilds = a->nprograms;
	if (o->progress)
		o->progress("build", o->progress_arg);
	int rc = build_submission(a, subdir, bdir, o->mode, out->builds);
	for (size_t i = 0; i < a->nprograms; i++)
		built[i] = out->builds[i].ok;
	if (rc != 0)
		out->error = xasprintf("the build sandbox failed");
	struct grading g = { a, o, bdir, built, out, NULL, NULL };
	if (rc == 0)
		grade_tests(&g);
	free(g.otest);
	free(g.osolo);
	for (size_t i = 0; i < out->ntests; i++)
		out->score += out->tests[i].score;
	for (size_t i = 0; i < out->ntests; i++)
		if (out->tests[i].status == TEST_ERROR && out->error == NULL)
			out->error = xasprintf("test '%s' could not be graded: %s", out->tests[i].name,
					       out->tests[i].message ? out->tests[i].message : "?");
	workdir_remove(bdir);
	free(bdir);
	free(built);
	out->wall_sec = now() - t0;
	return out->error ? -1 : 0;
}
