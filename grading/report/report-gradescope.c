/* report-gradescope: results.json as Gradescope's autograder harness reads it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-internal.h"
#include "text.h"

/* Always a string: Gradescope shows null as "null". */
static json_t *
gstr(struct json_build *b, const char *s)
{
	char *u = text_utf8(s ? s : "", s ? strlen(s) : 0);
	json_t *j = u ? json_string(u) : NULL;
	free(u);
	if (j == NULL)
		b->failed = true;
	return j;
}

/* execution_time is an integer; a garbage timer must not overflow the cast. */
static json_int_t
whole_seconds(double x)
{
	if (!isfinite(x) || x <= 0)
		return 0;
	if (x > 1e9)
		return 1000000000;
	return (json_int_t)(x + 0.5);
}

/* A test's output plus the rerun command, which Gradescope has no field for. */
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

/* Gradescope's status has only passed/failed: skipped and error count as
 * failed, and their output says why. */
int
report_gradescope(FILE *f, const struct grade_report *r)
{
	struct json_build b = { false };
	json_t *root = json_object();
	if (root == NULL)
		return -1;
	char *sum = report_summary(r);
	if (sum == NULL)
		b.failed = true;
	jb_put(&b, root, "score", jb_real(r->score));
	jb_put(&b, root, "execution_time", json_integer(whole_seconds(r->wall_sec)));
	jb_put(&b, root, "output", gstr(&b, sum));
	free(sum);
	jb_put(&b, root, "output_format", json_string("text"));
	jb_put(&b, root, "visibility", json_string("visible"));
	jb_put(&b, root, "stdout_visibility", json_string("hidden"));
	json_t *tests = json_array();
	for (size_t i = 0; tests && i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		json_t *o = json_object();
		if (o == NULL) {
			b.failed = true;
			break;
		}
		char *out = test_text(t);
		if (out == NULL)
			b.failed = true;
		jb_put(&b, o, "score", jb_real(t->score));
		jb_put(&b, o, "max_score", jb_real(t->max_score));
		jb_put(&b, o, "status", json_string(t->status == TEST_PASSED ? "passed" : "failed"));
		jb_put(&b, o, "name", gstr(&b, t->name));
		jb_put(&b, o, "output", gstr(&b, out));
		free(out);
		jb_put(&b, o, "output_format", json_string("text"));
		jb_put(&b, o, "visibility", json_string(report_visibility_name(t->visibility)));
		if (json_array_append_new(tests, o) != 0)
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
