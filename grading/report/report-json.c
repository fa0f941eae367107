/* report-json: our own machine-readable report (schema in docs/reports.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-internal.h"
#include "text.h"

/* A JSON string that is valid whatever the bytes; NULL stays null. */
static json_t *
jstr(struct json_build *b, const char *s)
{
	if (s == NULL)
		return json_null();
	char *u = text_utf8(s, strlen(s));
	json_t *j = u ? json_string(u) : NULL;
	free(u);
	if (j == NULL)
		b->failed = true;
	return j;
}

/* jansson refuses NaN and infinities; a broken timer must not lose the report. */
static json_t *
jreal(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* One test as documented in docs/reports.md. */
static json_t *
test_json(struct json_build *b, const struct test_outcome *t)
{
	json_t *o = json_object();
	if (o == NULL) {
		b->failed = true;
		return NULL;
	}
	char *out = report_test_output(t);
	if (out == NULL)
		b->failed = true;
	jb_put(b, o, "name", jstr(b, t->name));
	jb_put(b, o, "score", jreal(t->score));
	jb_put(b, o, "max_score", jreal(t->max_score));
	jb_put(b, o, "status", json_string(report_status_name(t->status)));
	jb_put(b, o, "output", jstr(b, out ? out : ""));
	free(out);
	jb_put(b, o, "visibility", json_string(report_visibility_name(t->visibility)));
	jb_put(b, o, "feedback", json_string(report_feedback_name(t->feedback)));
	json_t *checks = json_array();
	for (size_t i = 0; checks && i < t->nchecks; i++) {
		const struct check_outcome *c = &t->checks[i];
		json_t *co = json_object();
		if (co) {
			jb_put(b, co, "name", jstr(b, c->name));
			jb_put(b, co, "passed", json_boolean(c->passed));
			jb_put(b, co, "weight", jreal(c->weight));
			jb_put(b, co, "credit", jreal(c->credit));
			jb_put(b, co, "detail", jstr(b, c->detail));
			jb_put(b, co, "hint", jstr(b, c->hint));
		}
		jb_append(b, checks, co);
	}
	jb_put(b, o, "checks", checks);
	jb_put(b, o, "repro", jstr(b, t->repro));
	jb_put(b, o, "runs", json_integer(t->runs));
	jb_put(b, o, "passes", json_integer(t->passes));
	jb_put(b, o, "flaky", json_boolean(t->flaky));
	jb_put(b, o, "wall_sec", jreal(t->wall_sec));
	return o;
}

/* Built in memory first: running out of memory writes nothing rather than a
 * truncated document that a consumer might half-read. */
int
report_json(FILE *f, const struct grade_report *r)
{
	struct json_build b = { false };
	json_t *root = json_object();
	if (root == NULL)
		return -1;
	jb_put(&b, root, "score", jreal(r->score));
	jb_put(&b, root, "max_score", jreal(r->max_score));
	jb_put(&b, root, "assignment", jstr(&b, r->assignment));
	jb_put(&b, root, "title", jstr(&b, r->title));
	jb_put(&b, root, "submission", jstr(&b, r->submission));
	jb_put(&b, root, "mode", json_string(report_mode_name(r->mode)));
	jb_put(&b, root, "wall_sec", jreal(r->wall_sec));
	jb_put(&b, root, "error", jstr(&b, r->error));
	json_t *builds = json_array();
	for (size_t i = 0; builds && i < r->nbuilds; i++) {
		const struct build_outcome *bo = &r->builds[i];
		json_t *o = json_object();
		if (o) {
			jb_put(&b, o, "program", jstr(&b, bo->program));
			jb_put(&b, o, "ok", json_boolean(bo->ok));
			jb_put(&b, o, "warnings", json_integer(bo->warnings));
			jb_put(&b, o, "log", jstr(&b, bo->log));
		}
		jb_append(&b, builds, o);
	}
	jb_put(&b, root, "builds", builds);
	json_t *tests = json_array();
	for (size_t i = 0; tests && i < r->ntests; i++)
		jb_append(&b, tests, test_json(&b, &r->tests[i]));
	jb_put(&b, root, "tests", tests);
	int rc = -1;
	if (!b.failed && json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) == 0 && fputc('\n', f) != EOF)
		rc = 0;
	json_decref(root);
	if (report_finish(f) != 0)
		rc = -1;
	return rc;
}
