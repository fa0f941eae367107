/* report-load: read our own JSON report (docs/reports.md) back into a
 * struct grade_report, so a batch grades once and renders every format. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "report-load.h"

/* A JSON string field as a fresh copy, or NULL (null, missing or not a string). */
static char *
str_dup(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? strdup(s) : NULL;
}

/* A JSON number field, or dflt: reals and integers both, as reports print 10.0. */
static double
num(json_t *o, const char *key, double dflt)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : dflt;
}

/* Reverse of report_status_name(); unknown names count as grader errors so a
 * damaged report never turns into points. */
static enum test_status
status_parse(const char *s)
{
	for (int i = TEST_PASSED; s && i <= TEST_ERROR; i++)
		if (strcmp(report_status_name((enum test_status)i), s) == 0)
			return (enum test_status)i;
	return TEST_ERROR;
}

/* Reverse of report_visibility_name(); unknown means hidden, the safe side. */
static enum visibility
visibility_parse(const char *s)
{
	for (int i = VIS_VISIBLE; s && i <= VIS_AFTER_PUBLISHED; i++)
		if (strcmp(report_visibility_name((enum visibility)i), s) == 0)
			return (enum visibility)i;
	return VIS_HIDDEN;
}

/* Reverse of report_feedback_name(); unknown means the least evidence. */
static enum feedback
feedback_parse(const char *s)
{
	for (int i = FEEDBACK_FULL; s && i <= FEEDBACK_VERDICT; i++)
		if (strcmp(report_feedback_name((enum feedback)i), s) == 0)
			return (enum feedback)i;
	return FEEDBACK_VERDICT;
}

/* Reverse of report_mode_name(). */
static enum sandbox_mode
mode_parse(const char *s)
{
	for (int i = SANDBOX_ROOT; s && i <= SANDBOX_DEGRADED; i++)
		if (strcmp(report_mode_name((enum sandbox_mode)i), s) == 0)
			return (enum sandbox_mode)i;
	return SANDBOX_DEGRADED;
}

/* The checks of one test: names, verdicts, weights, details and hints. */
static int
load_checks(json_t *checks, struct test_outcome *to)
{
	size_t n = json_array_size(checks);
	if (n == 0)
		return 0;
	if ((to->checks = calloc(n, sizeof(*to->checks))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++, to->nchecks++) {
		json_t *c = json_array_get(checks, i);
		struct check_outcome *co = &to->checks[i];
		co->name = str_dup(c, "name");
		co->passed = json_is_true(json_object_get(c, "passed"));
		co->weight = num(c, "weight", 0);
		co->credit = num(c, "credit", co->passed ? 1 : 0); /* reports before "credit" had none */
		co->detail = str_dup(c, "detail");
		co->hint = str_dup(c, "hint");
	}
	return 0;
}

/* The schema's reader (docs/reports.md), field by field. */
int
report_from_json(json_t *root, struct grade_report *r)
{
	memset(r, 0, sizeof(*r));
	if (!json_is_object(root))
		return -1;
	r->assignment = str_dup(root, "assignment");
	r->title = str_dup(root, "title");
	r->submission = str_dup(root, "submission");
	r->mode = mode_parse(json_string_value(json_object_get(root, "mode")));
	r->score = num(root, "score", 0);
	r->max_score = num(root, "max_score", 0);
	r->wall_sec = num(root, "wall_sec", 0);
	r->error = str_dup(root, "error");
	json_t *builds = json_object_get(root, "builds"), *tests = json_object_get(root, "tests");
	size_t nb = json_array_size(builds), nt = json_array_size(tests);
	r->builds = calloc(nb ? nb : 1, sizeof(*r->builds));
	r->tests = calloc(nt ? nt : 1, sizeof(*r->tests));
	if (r->builds == NULL || r->tests == NULL) {
		grade_report_free(r);
		return -1;
	}
	for (size_t i = 0; i < nb; i++, r->nbuilds++) {
		json_t *b = json_array_get(builds, i);
		struct build_outcome *bo = &r->builds[i];
		bo->program = str_dup(b, "program");
		bo->ok = json_is_true(json_object_get(b, "ok"));
		bo->warnings = (int)num(b, "warnings", 0);
		bo->log = str_dup(b, "log");
	}
	for (size_t i = 0; i < nt; i++, r->ntests++) {
		json_t *t = json_array_get(tests, i);
		struct test_outcome *to = &r->tests[i];
		to->name = str_dup(t, "name");
		to->score = num(t, "score", 0);
		to->max_score = num(t, "max_score", 0);
		to->status = status_parse(json_string_value(json_object_get(t, "status")));
		to->visibility = visibility_parse(json_string_value(json_object_get(t, "visibility")));
		to->feedback = feedback_parse(json_string_value(json_object_get(t, "feedback")));
		/* The JSON keeps the evidence already rendered (message, failed
		 * checks, program output): it comes back as the message, and the
		 * checks as verdicts the writers do not list again. */
		to->message = str_dup(t, "output");
		to->evidence_rendered = true;
		if (load_checks(json_object_get(t, "checks"), to) != 0) {
			r->ntests = i + 1;
			grade_report_free(r);
			return -1;
		}
		to->repro = str_dup(t, "repro");
		to->runs = (int)num(t, "runs", 1);
		to->passes = (int)num(t, "passes", 0);
		to->flaky = json_is_true(json_object_get(t, "flaky"));
		to->wall_sec = num(t, "wall_sec", 0);
	}
	return 0;
}

/* The one reader of report files: batch, merge and the roll-up come here. */
int
report_load_json(const char *path, struct grade_report *r, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (root == NULL) {
		snprintf(err, errlen, "%s", je.text);
		memset(r, 0, sizeof(*r));
		return -1;
	}
	int rc = report_from_json(root, r);
	json_decref(root);
	if (rc != 0)
		snprintf(err, errlen, "not a report (or out of memory)");
	return rc;
}
