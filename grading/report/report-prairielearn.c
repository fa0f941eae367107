/* report-prairielearn: results.json as PrairieLearn's external grader reads it
 * (/grade/results/results.json): `gradable`, `score` as a fraction 0..1,
 * `message`, `output` and `tests[]` with name, points, max_points, output and
 * message. Students see every field, so hidden tests collapse to one line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-internal.h"
#include "text.h"

/* Valid UTF-8 with no terminal escapes: PrairieLearn shows it in a <pre>. */
static json_t *
pstr(struct json_build *b, const char *s)
{
	char *u = text_terminal(s ? s : "", s ? strlen(s) : 0);
	json_t *j = u ? json_string(u) : NULL;
	free(u);
	if (j == NULL)
		b->failed = true;
	return j;
}

/* One entry of tests[]; NULL on ENOMEM. */
static json_t *
test_entry(struct json_build *b, const char *name, double points, double max, const char *message, const char *output)
{
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	jb_put(b, o, "name", pstr(b, name));
	jb_put(b, o, "points", jb_real(points));
	jb_put(b, o, "max_points", jb_real(max));
	jb_put(b, o, "message", pstr(b, message));
	jb_put(b, o, "output", pstr(b, output));
	return o;
}

/* The verdict word of a test, for its message. */
static const char *
verdict(const struct test_outcome *t)
{
	switch (t->status) {
	case TEST_PASSED:
		return "passed";
	case TEST_FAILED:
		return "failed";
	case TEST_SKIPPED:
		return "not run";
	case TEST_ERROR:
		return "grader error (not your fault; tell your instructor)";
	}
	return "failed";
}

/* A test's output plus the rerun command, as in the Gradescope writer. */
static char *
test_text(const struct test_outcome *t)
{
	char *out = report_test_output(t);
	if (out == NULL || t->repro == NULL || *t->repro == '\0')
		return out;
	char *s = NULL;
	if (asprintf(&s, "%srerun: %s\n", out, t->repro) < 0)
		s = NULL;
	free(out);
	return s;
}

/* gradable is false only when the grader failed (r->error): PrairieLearn
 * then keeps no score and the student loses no attempt. A submission that
 * does not compile is the student's and is graded (0, with the compiler log). */
int
report_prairielearn(FILE *f, const struct grade_report *r)
{
	struct json_build b = { false };
	json_t *root = json_object();
	if (root == NULL)
		return -1;
	double frac = r->max_score > 0 ? r->score / r->max_score : 0;
	if (!isfinite(frac) || frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	char *sum = report_summary(r);
	if (sum == NULL)
		b.failed = true;
	char pts[64], max[64], msg[200];
	report_points(pts, sizeof(pts), r->score);
	report_points(max, sizeof(max), r->max_score);
	if (r->error)
		snprintf(msg, sizeof(msg), "The autograder failed (not your fault; tell your instructor).");
	else
		snprintf(msg, sizeof(msg), "%s/%s points", pts, max);
	jb_put(&b, root, "gradable", json_boolean(r->error == NULL));
	jb_put(&b, root, "score", jb_real(frac));
	jb_put(&b, root, "message", pstr(&b, msg));
	jb_put(&b, root, "output", pstr(&b, sum));
	free(sum);
	json_t *tests = json_array();
	for (size_t i = 0; tests && i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (report_test_hidden(t))
			continue;
		char *out = test_text(t);
		if (out == NULL)
			b.failed = true;
		json_t *o = test_entry(&b, t->name, t->score, t->max_score, verdict(t), out);
		free(out);
		if (o == NULL || json_array_append_new(tests, o) != 0)
			b.failed = true;
	}
	size_t nh;
	double hs, hm;
	report_hidden_totals(r, &nh, &hs, &hm);
	if (tests && nh > 0) {
		char name[64];
		snprintf(name, sizeof(name), "%zu hidden test%s", nh, nh == 1 ? "" : "s");
		json_t *o = test_entry(&b, name, hs, hm, "details are hidden", "");
		if (o == NULL || json_array_append_new(tests, o) != 0)
			b.failed = true;
	}
	jb_put(&b, root, "tests", tests);
	int rc = -1;
	if (!b.failed && json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) == 0 && fputc('\n', f) != EOF)
		rc = 0;
	json_decref(root);
	if (report_finish(f) != 0)
		rc = -1;
	return rc;
}
