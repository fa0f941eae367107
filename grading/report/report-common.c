/* report-common: the grade report's lifetime and what the writers share
 * (enum names, points, a test's evidence as text). Below every writer: it
 * calls none of them (formats.c dispatches to them). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-internal.h"
#include "sandbox.h"
#include "strbuf.h"

/* Frees every owned string so the grader can build reports with strdup freely. */
void
grade_report_free(struct grade_report *r)
{
	if (r == NULL)
		return;
	free(r->assignment);
	free(r->title);
	free(r->submission);
	free(r->error);
	for (size_t i = 0; i < r->nbuilds; i++) {
		free(r->builds[i].program);
		free(r->builds[i].log);
	}
	free(r->builds);
	for (size_t i = 0; i < r->ntests; i++) {
		struct test_outcome *t = &r->tests[i];
		for (size_t k = 0; k < t->nchecks; k++) {
			free(t->checks[k].name);
			free(t->checks[k].detail);
			free(t->checks[k].hint);
		}
		free(t->checks);
		free(t->name);
		free(t->message);
		free(t->output);
		free(t->repro);
	}
	free(r->tests);
	memset(r, 0, sizeof(*r));
}

/* The harness's name of a mode: reports and `ipcgrade doctor` agree. */
const char *
report_mode_name(enum sandbox_mode m)
{
	return sandbox_mode_name(m);
}

/* Gradescope's spelling, which the spec file uses too. */
const char *
report_visibility_name(enum visibility v)
{
	switch (v) {
	case VIS_VISIBLE:
		return "visible";
	case VIS_HIDDEN:
		return "hidden";
	case VIS_AFTER_DUE_DATE:
		return "after_due_date";
	case VIS_AFTER_PUBLISHED:
		return "after_published";
	}
	return "hidden"; /* unknown: err on the side of not showing */
}

/* The spec file's spelling of the feedback level. */
const char *
report_feedback_name(enum feedback f)
{
	switch (f) {
	case FEEDBACK_FULL:
		return "full";
	case FEEDBACK_OUTPUT:
		return "output";
	case FEEDBACK_VERDICT:
		return "verdict";
	}
	return "verdict";
}

/* The JSON status words (docs/reports.md). */
const char *
report_status_name(enum test_status s)
{
	switch (s) {
	case TEST_PASSED:
		return "passed";
	case TEST_FAILED:
		return "failed";
	case TEST_SKIPPED:
		return "skipped";
	case TEST_ERROR:
		return "error";
	}
	return "error";
}

/* %g alone turns 1234567 into 1.23457e+06 and 1/3 into 0.333333. */
void
report_points(char *buf, size_t len, double x)
{
	if (!isfinite(x)) {
		snprintf(buf, len, "%g", x);
		return;
	}
	snprintf(buf, len, "%.2f", x);
	char *dot = strchr(buf, '.');
	if (dot == NULL)
		return;
	char *end = buf + strlen(buf);
	while (end > dot + 1 && end[-1] == '0')
		*--end = '\0';
	if (end == dot + 1)
		*dot = '\0';
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* Only `hidden` is withheld: after_* tests are already cut to their feedback level. */
bool
report_test_hidden(const struct test_outcome *t)
{
	return t->visibility == VIS_HIDDEN;
}

static const char error_banner[] = "grader error (not your fault; tell your instructor)\n";

/* Only the grader's own errors; a report read back carries the line already,
 * unless the file said "error" without it (then it is added, as before). */
bool
report_error_banner(const struct test_outcome *t)
{
	if (t->status != TEST_ERROR)
		return false;
	return !(t->evidence_rendered && t->message &&
		 strncmp(t->message, error_banner, sizeof(error_banner) - 1) == 0);
}

/* A report read back keeps its checks for the verdicts (the roll-up), but
 * their rendering is in the message: listing them again would say it twice. */
size_t
report_listed_checks(const struct test_outcome *t)
{
	return t->evidence_rendered ? 0 : t->nchecks;
}

/* Append s with every line indented, so a detail reads as part of its check. */
static void
sb_indented(struct strbuf *b, const char *indent, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		sb_puts(b, indent);
		sb_append(b, s, n);
		sb_puts(b, "\n");
		s += n + (nl != NULL);
	}
}

/* See report-internal.h. */
bool
report_check_lost(const struct check_outcome *c)
{
	return !c->passed || (c->weight > 0 && c->credit < 1.0);
}

/* See report-internal.h. */
const char *
report_check_label(const struct check_outcome *c)
{
	return c->passed ? "not credited" : "failed check";
}

/* Hints come before details: the classic mistake is what the student needs
 * first, the diff only confirms it. */
char *
report_test_output(const struct test_outcome *t)
{
	struct strbuf b = { 0 };
	sb_append(&b, "", 0);
	if (report_error_banner(t))
		sb_puts(&b, error_banner);
	if (t->message && *t->message) {
		sb_puts(&b, t->message);
		if (t->message[strlen(t->message) - 1] != '\n')
			sb_puts(&b, "\n");
	}
	if (t->runs > 1) {
		char line[96];
		snprintf(line, sizeof(line), "passed %d of %d runs%s\n", t->passes, t->runs,
			 t->flaky ? " (flaky)" : "");
		sb_puts(&b, line);
	}
	/* Failures first (the causes), then the checks not credited because of them. */
	for (size_t i = 0; i < 2 * report_listed_checks(t); i++) {
		const struct check_outcome *c = &t->checks[i % t->nchecks];
		if (!report_check_lost(c) || c->passed != (i >= t->nchecks))
			continue;
		sb_puts(&b, report_check_label(c));
		sb_puts(&b, ": ");
		sb_puts(&b, c->name ? c->name : "(unnamed)");
		sb_puts(&b, "\n");
		if (c->hint && *c->hint) {
			sb_puts(&b, "  hint: ");
			sb_puts(&b, c->hint);
			sb_puts(&b, "\n");
		}
		if (c->detail)
			sb_indented(&b, "  ", c->detail);
	}
	if (t->output && *t->output) {
		sb_puts(&b, "program output:\n");
		sb_puts(&b, t->output);
		if (t->output[strlen(t->output) - 1] != '\n')
			sb_puts(&b, "\n");
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* The hidden tests collapse to "N hidden tests: X/Y" in student views. */
void
report_hidden_totals(const struct grade_report *r, size_t *n, double *score, double *max)
{
	*n = 0;
	*score = *max = 0;
	for (size_t i = 0; i < r->ntests; i++) {
		if (!report_test_hidden(&r->tests[i]))
			continue;
		(*n)++;
		*score += r->tests[i].score;
		*max += r->tests[i].max_score;
	}
}

/* Top-level output: what is not any one test's fault or merit (builds, errors). */
char *
report_summary(const struct grade_report *r)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);
	if (m == NULL)
		return NULL;
	char a[64], b[64];
	report_points(a, sizeof(a), r->score);
	report_points(b, sizeof(b), r->max_score);
	fprintf(m, "ipcgrade: %s \u2014 %s/%s\n", r->assignment ? r->assignment : "(unnamed assignment)", a, b);
	fprintf(m, "sandbox: %s\n", report_mode_name(r->mode));
	if (r->error)
		fprintf(m, "grading stopped early: %s\n", r->error);
	for (size_t i = 0; i < r->nbuilds; i++) {
		const struct build_outcome *bo = &r->builds[i];
		fprintf(m, "build %s: %s", bo->program ? bo->program : "?", bo->ok ? "ok" : "FAILED");
		if (bo->warnings)
			fprintf(m, " (%d warning%s)", bo->warnings, bo->warnings == 1 ? "" : "s");
		fputc('\n', m);
		for (const char *p = bo->log; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(m, "    %.*s\n", (int)n, p);
			p += n + (nl != NULL);
		}
	}
	if (fclose(m) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* Buffered writes fail late (ENOSPC shows at flush), so flush before judging. */
int
report_finish(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		return -1;
	return 0;
}

void
jb_put(struct json_build *b, json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		b->failed = true;
}

void
jb_append(struct json_build *b, json_t *arr, json_t *v)
{
	if (v == NULL || json_array_append_new(arr, v) != 0)
		b->failed = true;
}

json_t *
jb_real(double x)
{
	return json_real(isfinite(x) ? x : 0);
}
