/* report-internal: what the report writers share; not part of report.h's API. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* Local copies of the enum names: the writers must link without the harness
 * and spec modules (the standalone unit test builds only grading/). */
const char *report_mode_name(enum sandbox_mode m);
const char *report_visibility_name(enum visibility v);
const char *report_feedback_name(enum feedback f);
const char *report_status_name(enum test_status s);

/* Points without noise: 7.5, 10, 3.33 (two decimals at most, no trailing zeros). */
void report_points(char *buf, size_t len, double x);

/* Hidden from a student-facing format (text, markdown, github) by default. */
bool report_test_hidden(const struct test_outcome *t);

/* Whether a writer opens the test's evidence with the "grader error" line
 * (a test read back from JSON has it in its message already). */
bool report_error_banner(const struct test_outcome *t);
/* The failed checks a writer lists: none for a test read back from JSON. */
size_t report_listed_checks(const struct test_outcome *t);

/* A check that cost points: failed, or passed but not (fully) credited, e.g.
 * a hygiene check in a run that did not do its job. Every writer lists it
 * with its reason. */
bool report_check_lost(const struct check_outcome *c);
/* "failed check" or "not credited" (passed, yet less than its weight earned). */
const char *report_check_label(const struct check_outcome *c);

/* A test's evidence as one raw (unsanitised) text: message, each failed check
 * with hint then detail, then the program output. malloc'd; NULL on ENOMEM. */
char *report_test_output(const struct test_outcome *t);

/* Grading-wide text: score line, sandbox, early error, every build with its
 * log indented. Raw (unsanitised); malloc'd, NULL on ENOMEM. */
char *report_summary(const struct grade_report *r);

/* Totals over the hidden tests, for the one-line summary. */
void report_hidden_totals(const struct grade_report *r, size_t *n, double *score, double *max);

/* A JSON document being built by a writer (json, gradescope, prairielearn):
 * any failed allocation or insertion sticks, and the writer then writes nothing. */
struct json_t;
struct json_build {
	bool failed;
};
/* obj[key] = v (stolen); a NULL v or a refusal marks b failed. */
void jb_put(struct json_build *b, struct json_t *obj, const char *key, struct json_t *v);
/* Append v (stolen) to arr; the same. */
void jb_append(struct json_build *b, struct json_t *arr, struct json_t *v);
/* A real that is always a number: the platforms reject NaN and infinities. */
struct json_t *jb_real(double x);

/* Flush and tell whether every write so far reached f: 0 or -1. */
int report_finish(FILE *f);
