/* spec: the schema of assignment.yaml. See spec.h and docs/spec.md.
 *
 * The file is loaded into a libyaml tree by yaml-tree.c (syntax, aliases,
 * nesting, duplicate keys, all with file:line errors); this file walks that
 * tree against the schema. libcyaml is not used for loading: 1.3.1 reads
 * "12abc" as 12, "1.5" as 1, "0o666" as 0 and "maybe" as true, blames the
 * previous line for an unknown key, and has no scalar-or-mapping form
 * (docs/spec.md, "Why libyaml"). Step, check and IPC kinds come from their
 * tables (step.h, check.h, ipc-kinds.h). */
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "scalar.h"
#include "steps.h"
#include "yaml-tree.h"

_Static_assert(SPEC_MAX_BYTES == YT_MAX_BYTES, "the spec's size cap is the loader's");

#define ARRAY_LEN(a)    (sizeof(a) / sizeof((a)[0]))

/* Caps that keep a hostile or runaway file linear and small. */
#define MAX_PROGRAMS    32
#define MAX_OBJECTS     64
#define MAX_TESTS       1000
#define MAX_STEPS       STEP_MAX
#define MAX_CHECKS      100
#define MAX_RUNS        20
#define MAX_SECONDS     SPEC_MAX_SECONDS

#define DEFAULT_CFLAGS  "-std=gnu11 -Wall -Wextra -O1"
#define DEFAULT_LIBS    "-lrt"
#define DEFAULT_TIMEOUT 20.0
#define MIB             (1024ULL * 1024ULL)

/* Does a relative path stay inside its directory? (no /x, no ..) */
static bool
path_inside(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (const char *s = p; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return false;
		s += n + (s[n] == '/');
	}
	return true;
}

/* ---- names and small parsers ---------------------------------------- */

static const char *const visibility_names[] = { "visible", "hidden", "after_due_date", "after_published" };
static const char *const feedback_names[] = { "full", "output", "verdict" };

/* ---- steps ------------------------------------------------------------- */

/* The program names, for a message about a misspelt one. */
static void
programs_list(void *arg, char *buf, size_t len)
{
	const struct assignment *a = arg;
	buf[0] = '\0';
	for (size_t i = 0; i < a->nprograms; i++) {
		size_t k = strlen(buf);
		snprintf(buf + k, len - k, "%s%s", i ? ", " : "", a->programs[i].name);
	}
}

/* Does the assignment have a program of this name? */
static bool
program_known(void *arg, const char *name)
{
	return spec_program(arg, name) != NULL;
}

/* One step: a mapping with exactly one key naming its kind; the kind's row
 * in the table of steps (steps.c) parses the value. */
static int
parse_step(struct yt_load *l, const struct assignment *a, const yaml_node_t *n, int idx, struct step_procs *procs,
	   struct step *s)
{
	char list[256];
	const char *step_names[STEP_NKINDS];
	size_t nnames = 0;
	for (int i = 0; i < STEP_NKINDS; i++)
		if (step_kind((enum step_kind)i))
			step_names[nnames++] = step_kind((enum step_kind)i)->name;
	s->line = (int)n->start_mark.line + 1;
	s->role = ROLE_PAIRING;
	s->stream = 1;
	if (n->type != YAML_MAPPING_NODE || n->data.mapping.pairs.top - n->data.mapping.pairs.start != 1) {
		yt_lookup("", step_names, nnames, list, sizeof list);
		return yt_fail(l, n, "step %d must be a mapping with exactly one key: %s", idx, list);
	}
	yaml_node_t *k = yt_nd(l, n->data.mapping.pairs.start->key);
	yaml_node_t *v = yt_nd(l, n->data.mapping.pairs.start->value);
	int kind = yt_lookup(yt_sval(k), step_names, nnames, list, sizeof list);
	if (kind < 0)
		return yt_fail(l, k, "step %d: unknown step '%s' (steps: %s)", idx, yt_sval(k), list);
	const struct step_kind_desc *d = step_kind_by_name(step_names[kind]);
	struct step_parse p = { .l = l,
				.idx = idx,
				.procs = procs,
				.program_known = program_known,
				.programs_list = programs_list,
				.arg = (void *)a };
	s->kind = d->kind;
	snprintf(p.where, sizeof p.where, "step %d (%s)", idx, yt_sval(k));
	if (v->type == YAML_SEQUENCE_NODE || (yt_is_null(v) && !d->null_ok))
		return yt_fail(l, v, "%s needs a value (a scalar or a mapping), not %s", p.where,
			       yt_is_null(v) ? "nothing" : yt_type_name(v));
	p.map = v->type == YAML_MAPPING_NODE;
	return d->parse(&p, v, s);
}

/* ---- checks ------------------------------------------------------------ */

/* One check: a kind name, or a mapping { check: KIND, ... }. */
static int
parse_check(struct yt_load *l, const yaml_node_t *n, int idx, const struct step_procs *procs, struct spec_check *c)
{
	static const char *const keys[] = { "check", "proc", "weight", "expect", "match_key", NULL };
	char where[64], list[256];
	const yaml_node_t *kn = n;
	c->line = (int)n->start_mark.line + 1;
	c->weight = 1;
	c->match_key = true;
	snprintf(where, sizeof where, "check %d", idx);
	if (n->type == YAML_MAPPING_NODE) {
		if (yt_check_keys(l, n, keys, where) < 0 || !(kn = yt_req(l, n, "check", where)))
			return -1;
	} else if (n->type != YAML_SCALAR_NODE || yt_is_null(n)) {
		return yt_fail(l, n, "%s must be a check name or a mapping { check: NAME, ... }, not %s", where,
			       yt_is_null(n) ? "nothing" : yt_type_name(n));
	}
	if (yt_want_scalar(l, kn, "check", where) < 0)
		return -1;
	const char *names[CHECK_NKINDS];
	size_t nnames = 0;
	for (int i = 0; i < CHECK_NKINDS; i++)
		if (check_kind((enum check_kind)i))
			names[nnames++] = check_kind((enum check_kind)i)->name;
	int kind = yt_lookup(yt_sval(kn), names, nnames, list, sizeof list);
	if (kind < 0)
		return yt_fail(l, kn, "%s: unknown check kind '%s' (kinds: %s)", where, yt_sval(kn), list);
	const struct check_kind_desc *d = check_kind_by_name(names[kind]);
	c->kind = d->kind;
	if (n->type != YAML_MAPPING_NODE) {
		if (d->regex_expect)
			return yt_fail(l, n, "%s (%s) needs expect: a regex; use the mapping form", where, d->name);
		return 0;
	}
	snprintf(where, sizeof where, "check %d (%s)", idx, yt_sval(kn));
	bool has_mk = false;
	if (yt_get_str(l, n, "proc", where, &c->proc) < 0 ||
	    yt_get_num(l, n, "weight", where, 0, 1e6, false, &c->weight) < 0 ||
	    yt_get_bool(l, n, "match_key", where, &c->match_key, &has_mk) < 0)
		return -1;
	if (c->proc && !step_procs_has(procs, c->proc)) {
		char plist[256];
		step_procs_list(procs, plist, sizeof plist);
		return yt_fail(l, yt_opt(l, n, "proc"),
			       "%s names process '%s', which no start step of the test creates (started: %s)", where,
			       c->proc, plist);
	}
	if (has_mk && !d->match_key) {
		char mk[256] = "";
		for (int i = 0; i < CHECK_NKINDS; i++) {
			const struct check_kind_desc *o = check_kind((enum check_kind)i);
			size_t k = strlen(mk);
			if (o && o->match_key)
				snprintf(mk + k, sizeof mk - k, "%s%s", k ? ", " : "", o->name);
		}
		return yt_fail(l, yt_opt(l, n, "match_key"), "%s: match_key only applies to %s checks", where, mk);
	}
	yaml_node_t *e = yt_opt(l, n, "expect");
	if (d->regex_expect) {
		if (!yt_req(l, n, "expect", where) || yt_get_str(l, n, "expect", where, &c->expect) < 0)
			return -1;
		return yt_check_regex(l, e, where, c->expect);
	}
	if (d->choices) { /* the index, and a choice other than the default as text too */
		size_t nc = 0;
		while (d->choices[nc])
			nc++;
		if (yt_get_enum(l, n, "expect", where, d->choices, nc, &c->choice) < 0)
			return -1;
		if (c->choice > 0 && !(c->expect = strdup(d->choices[c->choice])))
			return yt_fail(l, n, "out of memory");
		return 0;
	}
	if (e)
		return yt_fail(l, e, "%s takes no expect", where);
	return 0;
}

/* ---- tests ------------------------------------------------------------- */

/* depends: a list of test names, or of { test: NAME, program: PROGRAM }
 * (only the runs where PROGRAM is the student's count). Names are resolved
 * once every test of the file is known (resolve_depends). */
static int
parse_depends(struct yt_load *l, const struct assignment *a, const yaml_node_t *n, const char *where,
	      struct spec_test *t)
{
	static const char *const keys[] = { "test", "program", NULL };
	yaml_node_t *seq;
	if (yt_get_seq(l, n, "depends", where, MAX_TESTS, &seq) < 0)
		return -1;
	if (!seq || !yt_seq_len(seq))
		return 0;
	if (!(t->deps = calloc(yt_seq_len(seq), sizeof *t->deps)))
		return yt_fail(l, seq, "out of memory");
	for (size_t i = 0; i < yt_seq_len(seq); i++) {
		yaml_node_t *e = yt_seq_at(l, seq, i);
		struct spec_dep *d = &t->deps[i];
		char w[160];
		snprintf(w, sizeof w, "%s: depends entry %zu", where, i + 1);
		t->ndeps = i + 1;
		d->line = (int)e->start_mark.line + 1;
		if (e->type == YAML_SCALAR_NODE && !yt_is_null(e)) {
			if (yt_take_str(l, e, "depends", w, &d->test) < 0)
				return -1;
			continue;
		}
		if (e->type != YAML_MAPPING_NODE)
			return yt_fail(l, e, "%s must be a test name or a mapping { test: NAME, program: PROGRAM }", w);
		if (yt_check_keys(l, e, keys, w) < 0 || yt_need_str(l, e, "test", w, &d->test) < 0 ||
		    yt_get_str(l, e, "program", w, &d->program) < 0)
			return -1;
		if (d->program && !spec_program(a, d->program)) {
			char list[256];
			programs_list((void *)a, list, sizeof list);
			return yt_fail(l, yt_opt(l, e, "program"), "%s names unknown program '%s' (programs: %s)", w,
				       d->program, list);
		}
	}
	return 0;
}

/* Does test d start program as the student's (in some pairing)? */
static bool
starts_as_student(const struct spec_test *d, const char *program)
{
	for (size_t i = 0; i < d->nsteps; i++)
		if (d->steps[i].kind == STEP_START && d->steps[i].role != ROLE_REFERENCE &&
		    !strcmp(d->steps[i].program, program))
			return true;
	return false;
}

/* "file:line: message" at a line kept from the tree. */
static int fail_at(struct yt_load *l, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int
fail_at(struct yt_load *l, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (l->err && l->errlen)
		snprintf(l->err, l->errlen, "%s:%d: %s", l->file, line, msg);
	return -1;
}

/* Test j of the tests loaded before (a) and the n new ones. */
static struct spec_test *
test_at(const struct assignment *a, struct spec_test *tests, size_t j)
{
	return j < a->ntests ? &a->tests[j] : &tests[j - a->ntests];
}

/* Depth-first walk for a cycle through test j (colour: 0 new, 1 on the path,
 * 2 done); path keeps the names for the message. */
static int
find_cycle(struct yt_load *l, const struct assignment *a, struct spec_test *tests, size_t j, unsigned char *colour,
	   size_t *path, size_t depth)
{
	struct spec_test *t = test_at(a, tests, j);
	colour[j] = 1;
	path[depth] = j;
	for (size_t k = 0; k < t->ndeps; k++) {
		size_t d = t->deps[k].index;
		if (colour[d] == 2)
			continue;
		if (colour[d] == 1) {
			char names[512] = "";
			size_t from = 0;
			while (path[from] != d)
				from++;
			/* from t, which closes the cycle, round to t again */
			snprintf(names, sizeof names, "'%s'", t->name);
			for (size_t i = from; i < depth; i++) {
				size_t m = strlen(names);
				snprintf(names + m, sizeof names - m, " -> '%s'", test_at(a, tests, path[i])->name);
			}
			size_t m = strlen(names);
			snprintf(names + m, sizeof names - m, " -> '%s'", t->name);
			return fail_at(l, t->deps[k].line, "test '%s' depends on itself: %s", t->name, names);
		}
		if (find_cycle(l, a, tests, d, colour, path, depth + 1) < 0)
			return -1;
	}
	colour[j] = 2;
	return 0;
}

/* Resolve the depends of the n new tests against every test (the main
 * file's, then these) and refuse a cycle. The old tests were checked when
 * they were loaded and cannot name new ones, so a cycle runs through new tests. */
static int
resolve_depends(struct yt_load *l, const struct assignment *a, struct spec_test *tests, size_t n)
{
	size_t all = a->ntests + n;
	for (size_t i = 0; i < n; i++) {
		struct spec_test *t = &tests[i];
		for (size_t k = 0; k < t->ndeps; k++) {
			struct spec_dep *d = &t->deps[k];
			size_t j = 0;
			while (j < all && strcmp(test_at(a, tests, j)->name, d->test))
				j++;
			if (j == all)
				return fail_at(l, d->line, "test '%s' depends on '%s', which is no test%s", t->name,
					       d->test,
					       a->ntests ? " of this file or the main file"
							 : " of this file (a test of the main file cannot depend on a "
							   "hidden one)");
			d->index = j;
			if (d->program && !starts_as_student(test_at(a, tests, j), d->program))
				return fail_at(l, d->line,
					       "test '%s' depends on '%s' for program '%s', which that test never "
					       "starts as the student's",
					       t->name, d->test, d->program);
		}
	}
	unsigned char *colour = calloc(all + 1, 1);
	size_t *path = calloc(all + 1, sizeof *path);
	int rc = colour && path ? 0 : fail_at(l, 1, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (colour[a->ntests + i] == 0)
			rc = find_cycle(l, a, tests, a->ntests + i, colour, path, 0);
	free(colour);
	free(path);
	return rc;
}

/* One test; defaults first, so spec_free copes with any failure midway. */
static int
parse_test(struct yt_load *l, const struct assignment *a, const yaml_node_t *n, size_t idx, bool hidden,
	   struct spec_test *t)
{
	static const char *const keys[] = { "name",    "points", "visibility", "feedback", "pairings", "runs", "pass",
					    "timeout", "hint",   "steps",      "checks",   "depends",  NULL };
	char where[64];
	snprintf(where, sizeof where, "test %zu", idx + 1);
	t->line = (int)n->start_mark.line + 1;
	t->file = l->file;
	t->hidden_file = hidden;
	t->points = 1;
	t->visibility = hidden ? VIS_HIDDEN : VIS_VISIBLE;
	t->feedback = FEEDBACK_FULL;
	t->timeout = a->timeout;
	if (n->type != YAML_MAPPING_NODE)
		return yt_fail(l, n, "%s must be a mapping with name:, steps: and checks:, not %s", where,
			       yt_type_name(n));
	if (yt_check_keys(l, n, keys, where) < 0 || yt_need_str(l, n, "name", where, &t->name) < 0)
		return -1;
	int vis = (int)t->visibility, fb = (int)t->feedback;
	long long runs = 1, pass = -1;
	bool pairings = false, has_pairings = false;
	yaml_node_t *steps, *checks;
	if (yt_get_num(l, n, "points", where, 0, 1e6, false, &t->points) < 0 ||
	    yt_get_enum(l, n, "visibility", where, visibility_names, ARRAY_LEN(visibility_names), &vis) < 0 ||
	    yt_get_enum(l, n, "feedback", where, feedback_names, ARRAY_LEN(feedback_names), &fb) < 0 ||
	    yt_get_bool(l, n, "pairings", where, &pairings, &has_pairings) < 0 ||
	    yt_get_int(l, n, "runs", where, 1, MAX_RUNS, &runs) < 0 ||
	    yt_get_int(l, n, "pass", where, 1, MAX_RUNS, &pass) < 0 ||
	    yt_get_num(l, n, "timeout", where, 0, MAX_SECONDS, true, &t->timeout) < 0 ||
	    yt_get_str(l, n, "hint", where, &t->hint) < 0)
		return -1;
	if (pass > runs)
		return yt_fail(l, yt_opt(l, n, "pass"), "%s: pass (%lld) is more than runs (%lld)", where, pass, runs);
	t->visibility = (enum visibility)vis;
	t->feedback = (enum feedback)fb;
	t->runs = (int)runs;
	t->pass = pass < 0 ? (int)runs : (int)pass;

	if (!yt_req(l, n, "steps", where) || yt_get_seq(l, n, "steps", where, MAX_STEPS, &steps) < 0)
		return -1;
	if (!yt_req(l, n, "checks", where) || yt_get_seq(l, n, "checks", where, MAX_CHECKS, &checks) < 0)
		return -1;
	if (!yt_seq_len(steps))
		return yt_fail(l, steps, "%s has no steps", where);
	if (!yt_seq_len(checks))
		return yt_fail(l, checks, "%s has no checks", where);
	if (parse_depends(l, a, n, where, t) < 0)
		return -1;

	struct step_procs *procs = calloc(1, sizeof *procs);
	t->steps = calloc(yt_seq_len(steps), sizeof *t->steps);
	t->checks = calloc(yt_seq_len(checks), sizeof *t->checks);
	if (!procs || !t->steps || !t->checks) {
		free(procs);
		return yt_fail(l, n, "out of memory");
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < yt_seq_len(steps); i++) {
		t->nsteps = i + 1;
		rc = parse_step(l, a, yt_seq_at(l, steps, i), (int)i + 1, procs, &t->steps[i]);
	}
	for (size_t i = 0; rc == 0 && i < yt_seq_len(checks); i++) {
		t->nchecks = i + 1;
		rc = parse_check(l, yt_seq_at(l, checks, i), (int)i + 1, procs, &t->checks[i]);
	}
	free(procs);
	if (rc < 0)
		return -1;
	if (has_pairings) {
		t->pairings = pairings;
	} else { /* two distinct programs started: every student/reference mix is worth running */
		const char *first = NULL;
		for (size_t i = 0; i < t->nsteps; i++) {
			if (t->steps[i].kind != STEP_START)
				continue;
			if (!first)
				first = t->steps[i].program;
			else if (strcmp(first, t->steps[i].program))
				t->pairings = true;
		}
	}
	return 0;
}

/* Parse the tests: list of l's document into a fresh array; names must not
 * clash with each other nor with the existing tests of a. */
static int
parse_tests(struct yt_load *l, const struct assignment *a, const yaml_node_t *root, bool hidden, struct spec_test **out,
	    size_t *nout)
{
	yaml_node_t *seq;
	const char *where = hidden ? "the hidden tests file" : "the assignment";
	*out = NULL;
	*nout = 0;
	if (!yt_req(l, root, "tests", where) || yt_get_seq(l, root, "tests", where, MAX_TESTS, &seq) < 0)
		return -1;
	size_t n = yt_seq_len(seq);
	if (!n && !hidden)
		return yt_fail(l, seq, "the assignment has no tests");
	if (!n)
		return 0;
	struct spec_test *tests = calloc(n, sizeof *tests);
	if (!tests)
		return yt_fail(l, seq, "out of memory");
	*out = tests;
	for (size_t i = 0; i < n; i++) {
		*nout = i + 1;
		if (parse_test(l, a, yt_seq_at(l, seq, i), i, hidden, &tests[i]) < 0)
			return -1;
		for (size_t j = 0; j < a->ntests + i; j++) {
			const struct spec_test *o = j < a->ntests ? &a->tests[j] : &tests[j - a->ntests];
			if (!strcmp(o->name, tests[i].name))
				return yt_fail(l, yt_seq_at(l, seq, i), "duplicate test name '%s' (first at %s:%d)",
					       tests[i].name, o->file, o->line);
		}
	}
	return resolve_depends(l, a, tests, n);
}

/* ---- the assignment ---------------------------------------------------- */

/* programs: before tests, which refer to them by name. */
static int
parse_programs(struct yt_load *l, struct assignment *a, const yaml_node_t *root)
{
	static const char *const keys[] = { "name", "sources", "reference", "cflags", NULL };
	yaml_node_t *seq;
	if (!yt_req(l, root, "programs", "the assignment") ||
	    yt_get_seq(l, root, "programs", "the assignment", MAX_PROGRAMS, &seq) < 0)
		return -1;
	if (!yt_seq_len(seq))
		return yt_fail(l, seq, "the assignment has no programs");
	if (!(a->programs = calloc(yt_seq_len(seq), sizeof *a->programs)))
		return yt_fail(l, seq, "out of memory");
	for (size_t i = 0; i < yt_seq_len(seq); i++) {
		yaml_node_t *n = yt_seq_at(l, seq, i);
		struct spec_program *p = &a->programs[i];
		char where[64];
		snprintf(where, sizeof where, "program %zu", i + 1);
		a->nprograms = i + 1;
		if (n->type != YAML_MAPPING_NODE)
			return yt_fail(l, n, "%s must be a mapping with name:, sources: and reference:, not %s", where,
				       yt_type_name(n));
		if (yt_check_keys(l, n, keys, where) < 0 || yt_need_str(l, n, "name", where, &p->name) < 0 ||
		    !yt_req(l, n, "sources", where) ||
		    yt_get_strlist(l, n, "sources", where, &p->sources, &p->nsources) < 0 ||
		    yt_need_str(l, n, "reference", where, &p->reference) < 0 ||
		    yt_get_str(l, n, "cflags", where, &p->cflags) < 0)
			return -1;
		if (!p->nsources)
			return yt_fail(l, yt_opt(l, n, "sources"), "%s ('%s') has no sources", where, p->name);
		for (size_t j = 0; j < p->nsources; j++)
			if (!path_inside(p->sources[j]))
				return yt_fail(l, yt_opt(l, n, "sources"),
					       "%s: source '%s' must be a relative path inside the submission", where,
					       p->sources[j]);
		if (!path_inside(p->reference))
			return yt_fail(l, yt_opt(l, n, "reference"),
				       "%s: reference '%s' must be a relative path inside the reference directory",
				       where, p->reference);
		if (!p->cflags && !(p->cflags = strdup("")))
			return yt_fail(l, n, "out of memory");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a->programs[j].name, p->name))
				return yt_fail(l, n, "duplicate program name '%s'", p->name);
	}
	return 0;
}

/* limits: overrides of proc_limits_default(), given in seconds and MiB. */
static int
parse_limits(struct yt_load *l, struct assignment *a, const yaml_node_t *root)
{
	static const char *const keys[] = { "cpu", "memory", "processes", "open_files", "file_size", NULL };
	yaml_node_t *m;
	proc_limits_default(&a->limits);
	if (yt_get_map(l, root, "limits", "the assignment", &m) < 0)
		return -1;
	if (!m)
		return 0;
	long long cpu = -1, mem = -1, nproc = -1, nofile = -1, fsize = -1;
	if (yt_check_keys(l, m, keys, "limits") < 0 || yt_get_int(l, m, "cpu", "limits", 1, 3600, &cpu) < 0 ||
	    yt_get_int(l, m, "memory", "limits", 0, 1 << 20, &mem) < 0 ||
	    yt_get_int(l, m, "processes", "limits", 1, 100000, &nproc) < 0 ||
	    yt_get_int(l, m, "open_files", "limits", 4, 1 << 20, &nofile) < 0 ||
	    yt_get_int(l, m, "file_size", "limits", 0, 1 << 20, &fsize) < 0)
		return -1;
	if (cpu >= 0)
		a->limits.cpu_sec = (rlim_t)cpu;
	if (mem >= 0)
		a->limits.as_bytes = (rlim_t)mem * MIB;
	if (nproc >= 0)
		a->limits.nproc = (rlim_t)nproc;
	if (nofile >= 0)
		a->limits.nofile = (rlim_t)nofile;
	if (fsize >= 0)
		a->limits.fsize_bytes = (rlim_t)fsize * MIB;
	return 0;
}

/* objects: SysV kinds are keyed, POSIX kinds and FIFOs named. */
static int
parse_objects(struct yt_load *l, struct assignment *a, const yaml_node_t *root)
{
	static const char *const keys[] = { "kind", "key", "name", "size", "mode", NULL };
	const char *kinds[IPCOBJ_NKINDS];
	size_t nkinds = 0;
	yaml_node_t *seq;
	for (int i = 0; i < IPCOBJ_NKINDS; i++)
		if (ipc_kind((enum ipcobj_kind)i))
			kinds[nkinds++] = ipc_kind((enum ipcobj_kind)i)->name;
	if (yt_get_seq(l, root, "objects", "the assignment", MAX_OBJECTS, &seq) < 0)
		return -1;
	if (!seq || !yt_seq_len(seq))
		return 0;
	if (!(a->objects = calloc(yt_seq_len(seq), sizeof *a->objects)))
		return yt_fail(l, seq, "out of memory");
	for (size_t i = 0; i < yt_seq_len(seq); i++) {
		yaml_node_t *n = yt_seq_at(l, seq, i);
		struct spec_object *o = &a->objects[i];
		char where[64];
		int kind = 0;
		long long size = 0, mode = 0;
		snprintf(where, sizeof where, "object %zu", i + 1);
		a->nobjects = i + 1;
		if (n->type != YAML_MAPPING_NODE)
			return yt_fail(l, n, "%s must be a mapping with kind:, not %s", where, yt_type_name(n));
		if (yt_check_keys(l, n, keys, where) < 0 || !yt_req(l, n, "kind", where) ||
		    yt_get_enum(l, n, "kind", where, kinds, nkinds, &kind) < 0 ||
		    yt_get_int(l, n, "key", where, INT32_MIN, UINT32_MAX, &o->key) < 0 ||
		    yt_get_str(l, n, "name", where, &o->name) < 0 ||
		    yt_get_int(l, n, "size", where, 0, INT64_MAX, &size) < 0 ||
		    yt_get_int(l, n, "mode", where, 0, 07777, &mode) < 0)
			return -1;
		const struct ipc_kind *k = ipc_kind_by_name(kinds[kind]);
		o->kind = k->kind;
		o->size = (unsigned long long)size;
		o->mode = (unsigned)mode;
		if (k->keyed && (!yt_opt(l, n, "key") || o->name))
			return yt_fail(l, n, "%s (%s) needs key: and no name:", where, k->name);
		if (!k->keyed && (!o->name || yt_opt(l, n, "key")))
			return yt_fail(l, n, "%s (%s) needs name: and no key:", where, k->name);
		/* a FIFO is a path in the work directory, the other named kinds POSIX names */
		bool path_named = k->place == IPC_PLACE_WORK;
		if (!k->keyed && !path_named && !ipc_posix_name_ok(o->name))
			return yt_fail(l, yt_opt(l, n, "name"), "%s: '%s' is not a POSIX IPC name like /my_shm", where,
				       o->name);
		if (path_named && !path_inside(o->name))
			return yt_fail(l, yt_opt(l, n, "name"),
				       "%s: FIFO '%s' must be a relative path in the work directory", where, o->name);
	}
	return 0;
}

/* The main file: defaults, then each top-level key. */
static int
parse_assignment(struct yt_load *l, struct assignment *a, const yaml_node_t *root)
{
	static const char *const keys[] = { "name",    "title",  "programs", "build", "time_scale",
					    "timeout", "limits", "objects",  "tests", NULL };
	static const char *const bkeys[] = { "cflags", "libs", NULL };
	const char *w = "the assignment";
	yaml_node_t *build;
	a->time_scale = 1;
	a->timeout = DEFAULT_TIMEOUT;
	if (!(a->cflags = strdup(DEFAULT_CFLAGS)) || !(a->libs = strdup(DEFAULT_LIBS)))
		return yt_fail(l, NULL, "out of memory");
	if (yt_check_keys(l, root, keys, w) < 0 || yt_need_str(l, root, "name", w, &a->name) < 0 ||
	    yt_get_str(l, root, "title", w, &a->title) < 0 ||
	    yt_get_num(l, root, "time_scale", w, 1, 1000, false, &a->time_scale) < 0 ||
	    yt_get_num(l, root, "timeout", w, 0, MAX_SECONDS, true, &a->timeout) < 0 ||
	    yt_get_map(l, root, "build", w, &build) < 0)
		return -1;
	if (build &&
	    (yt_check_keys(l, build, bkeys, "build") < 0 || yt_get_str(l, build, "cflags", "build", &a->cflags) < 0 ||
	     yt_get_str(l, build, "libs", "build", &a->libs) < 0))
		return -1;
	if (!a->title && !(a->title = strdup(a->name)))
		return yt_fail(l, NULL, "out of memory");
	if (parse_programs(l, a, root) < 0 || parse_limits(l, a, root) < 0 || parse_objects(l, a, root) < 0)
		return -1;
	/* not straight into a->tests: parse_tests compares against a's existing tests */
	struct spec_test *tests;
	size_t n;
	int rc = parse_tests(l, a, root, false, &tests, &n);
	a->tests = tests;
	a->ntests = n;
	return rc;
}

/* Directory part of path ("." for a bare name). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* See spec.h; on failure *a is left empty, so spec_free is optional. */
int
spec_load(const char *path, struct assignment *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	if (err && errlen)
		err[0] = '\0';
	if (!path) {
		if (err && errlen)
			snprintf(err, errlen, "(null): no spec file given");
		return -1;
	}
	if (!(a->file = strdup(path)) || !(a->dir = dir_of(path))) {
		spec_free(a);
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	struct yt_load l = { .file = a->file, .err = err, .errlen = errlen };
	if (yt_load_doc(&l, path) < 0) {
		spec_free(a);
		return -1;
	}
	int rc = parse_assignment(&l, a, yaml_document_get_root_node(&l.doc));
	yaml_document_delete(&l.doc);
	/* tests point at a->file, which survives; but on error all goes */
	if (rc < 0)
		spec_free(a);
	return rc;
}

/* Everything a test owns (zeroed or half-built tests included). */
static void
free_test(struct spec_test *t)
{
	for (size_t j = 0; j < t->nsteps; j++) {
		struct step *s = &t->steps[j];
		free(s->proc);
		free(s->program);
		for (size_t k = 0; k < s->nargs; k++)
			free(s->args[k]);
		free(s->args);
		for (size_t k = 0; k < s->nenv; k++)
			free(s->env[k]);
		free(s->env);
		free(s->faults);
		free(s->text);
	}
	free(t->steps);
	for (size_t j = 0; j < t->nchecks; j++) {
		free(t->checks[j].proc);
		free(t->checks[j].expect);
	}
	free(t->checks);
	for (size_t j = 0; j < t->ndeps; j++) {
		free(t->deps[j].test);
		free(t->deps[j].program);
	}
	free(t->deps);
	free(t->name);
	free(t->hint);
}

/* All or nothing: new tests are parsed aside and appended only if all are valid. */
int
spec_load_hidden(struct assignment *a, const char *path, char *err, size_t errlen)
{
	static const char *const keys[] = { "tests", NULL };
	if (err && errlen)
		err[0] = '\0';
	char *file = path ? strdup(path) : NULL;
	char **files = file ? realloc(a->hidden_files, (a->nhidden_files + 1) * sizeof *files) : NULL;
	if (!files) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path ? path : "(null)",
				 path ? "out of memory" : "no file given");
		free(file);
		return -1;
	}
	/* kept even on failure: harmless, and spec_free releases it */
	a->hidden_files = files;
	a->hidden_files[a->nhidden_files++] = file;

	struct yt_load l = { .file = file, .err = err, .errlen = errlen };
	if (yt_load_doc(&l, path) < 0)
		return -1;
	struct spec_test *tests = NULL;
	size_t n = 0;
	yaml_node_t *root = yaml_document_get_root_node(&l.doc);
	int rc = yt_check_keys(&l, root, keys, "the hidden tests file");
	if (rc == 0)
		rc = parse_tests(&l, a, root, true, &tests, &n);
	yaml_document_delete(&l.doc);
	struct spec_test *all = NULL;
	if (rc == 0 && n) {
		all = realloc(a->tests, (a->ntests + n) * sizeof *all);
		if (!all) {
			rc = -1;
			if (err && errlen)
				snprintf(err, errlen, "%s: out of memory", path);
		}
	}
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			free_test(&tests[i]);
		free(tests);
		return -1;
	}
	if (n) {
		memcpy(all + a->ntests, tests, n * sizeof *tests);
		a->tests = all;
		a->ntests += n;
	}
	free(tests);
	return 0;
}

/* Also fine on a zeroed or already freed struct. */
void
spec_free(struct assignment *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nprograms; i++) {
		struct spec_program *p = &a->programs[i];
		free(p->name);
		for (size_t j = 0; j < p->nsources; j++)
			free(p->sources[j]);
		free(p->sources);
		free(p->reference);
		free(p->cflags);
	}
	free(a->programs);
	for (size_t i = 0; i < a->nobjects; i++)
		free(a->objects[i].name);
	free(a->objects);
	for (size_t i = 0; i < a->ntests; i++)
		free_test(&a->tests[i]);
	free(a->tests);
	for (size_t i = 0; i < a->nhidden_files; i++)
		free(a->hidden_files[i]);
	free(a->hidden_files);
	free(a->name);
	free(a->title);
	free(a->dir);
	free(a->file);
	free(a->cflags);
	free(a->libs);
	memset(a, 0, sizeof *a);
}

/* Linear: assignments have a handful of programs. */
const struct spec_program *
spec_program(const struct assignment *a, const char *name)
{
	for (size_t i = 0; name && i < a->nprograms; i++)
		if (a->programs[i].name && !strcmp(a->programs[i].name, name))
			return &a->programs[i];
	return NULL;
}

/* The YAML spelling, as in the reports. */
const char *
visibility_name(enum visibility v)
{
	return (unsigned)v < ARRAY_LEN(visibility_names) ? visibility_names[v] : "?";
}

/* The YAML spelling, as in the reports. */
const char *
feedback_name(enum feedback f)
{
	return (unsigned)f < ARRAY_LEN(feedback_names) ? feedback_names[f] : "?";
}
