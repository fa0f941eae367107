/* report-text: the terminal report, hints first, every untrusted byte defused. */
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "text.h"

/* Program output beyond this is cut in the terminal view: a megabyte of it
 * scrolls the hints away. The json format keeps everything. */
#define TEXT_OUTPUT_MAX 8192

#define RED             "\033[31m"
#define GREEN           "\033[32m"
#define YELLOW          "\033[33m"
#define BOLD            "\033[1m"
#define RESET           "\033[0m"

struct tw {
	FILE *f;
	bool color;
	int err; /* ENOMEM while sanitising: the report would be incomplete */
};

/* Our own escape codes, only when colour was asked for. */
static void
paint(struct tw *w, const char *code, const char *word)
{
	if (w->color)
		fprintf(w->f, "%s%s%s", code, word, RESET);
	else
		fputs(word, w->f);
}

/* Untrusted text goes through text_terminal() so escapes print as \x1b. */
static void
put(struct tw *w, const char *s)
{
	if (s == NULL)
		return;
	char *safe = text_terminal(s, strlen(s));
	if (safe == NULL) {
		w->err = -1;
		return;
	}
	fputs(safe, w->f);
	free(safe);
}

/* Each line of s indented, so nothing untrusted can start a line of its own
 * and pass for a verdict ("PASS talk (10/10)"). */
static void
put_indented(struct tw *w, const char *indent, const char *s, size_t len)
{
	char *safe = text_terminal(s, len);
	if (safe == NULL) {
		w->err = -1;
		return;
	}
	for (char *p = safe; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fputs(indent, w->f);
		fwrite(p, 1, n, w->f);
		fputc('\n', w->f);
		p += n + (nl != NULL);
	}
	free(safe);
}

/* "(1.5/3)" */
static void
put_points(struct tw *w, double score, double max)
{
	char a[64], b[64];
	report_points(a, sizeof(a), score);
	report_points(b, sizeof(b), max);
	fprintf(w->f, "(%s/%s)", a, b);
}

/* Program output, cut at a character boundary past TEXT_OUTPUT_MAX. */
static void
put_output(struct tw *w, const char *out)
{
	size_t len = strlen(out), shown = len;
	if (len > TEXT_OUTPUT_MAX) {
		shown = TEXT_OUTPUT_MAX;
		while (shown > 0 && ((unsigned char)out[shown] & 0xc0) == 0x80)
			shown--;
	}
	fputs("  program output:\n", w->f);
	put_indented(w, "    ", out, shown);
	if (shown < len)
		fprintf(w->f, "    [... %zu more bytes not shown]\n", len - shown);
}

/* A failed, errored or skipped test with everything the student can act on. */
static void
put_problem(struct tw *w, const struct test_outcome *t)
{
	switch (t->status) {
	case TEST_FAILED:
		paint(w, BOLD RED, "FAIL");
		break;
	case TEST_ERROR:
		paint(w, BOLD YELLOW, "ERROR");
		break;
	default:
		paint(w, YELLOW, "SKIP");
	}
	fputc(' ', w->f);
	put(w, t->name);
	fputc(' ', w->f);
	put_points(w, t->score, t->max_score);
	if (t->runs > 1)
		fprintf(w->f, ", passed %d of %d runs", t->passes, t->runs);
	if (t->flaky)
		fputs(", flaky", w->f);
	fputc('\n', w->f);
	if (report_error_banner(t))
		fputs("  grader error (not your fault; tell your instructor)\n", w->f);
	if (t->message && *t->message)
		put_indented(w, "  ", t->message, strlen(t->message));
	/* Failures first (the causes), then the checks not credited because of them. */
	for (size_t i = 0; i < 2 * report_listed_checks(t); i++) {
		const struct check_outcome *c = &t->checks[i % t->nchecks];
		if (!report_check_lost(c) || c->passed != (i >= t->nchecks))
			continue;
		fprintf(w->f, "  %s: ", report_check_label(c));
		put(w, c->name);
		fputc('\n', w->f);
		if (c->hint && *c->hint) {
			fputs("    ", w->f);
			paint(w, YELLOW, "hint:");
			fputc(' ', w->f);
			put(w, c->hint);
			fputc('\n', w->f);
		}
		if (c->detail && *c->detail)
			put_indented(w, "    ", c->detail, strlen(c->detail));
	}
	if (t->output && *t->output)
		put_output(w, t->output);
	if (t->repro && *t->repro) {
		fputs("  rerun: ", w->f);
		put(w, t->repro);
		fputc('\n', w->f);
	}
}

/* Order: what needs fixing first (builds, failures), then what passed. */
int
report_text(FILE *f, const struct grade_report *r, const struct report_opts *o)
{
	struct tw w = { .f = f, .color = o && o->color };
	bool show_hidden = o && o->show_hidden;

	fputs("ipcgrade: ", f);
	put(&w, r->assignment ? r->assignment : "(unnamed assignment)");
	fputs(" \u2014 ", f);
	char a[64], b[64];
	report_points(a, sizeof(a), r->score);
	report_points(b, sizeof(b), r->max_score);
	fprintf(f, "%s/%s\n", a, b);
	fprintf(f, "sandbox: %s\n", report_mode_name(r->mode));
	if (r->error) {
		paint(&w, BOLD RED, "error:");
		fputc(' ', f);
		put(&w, r->error);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nbuilds; i++) {
		const struct build_outcome *bo = &r->builds[i];
		/* A clean build with a log still has something to say: the note
		 * listing submitted files that were not used (a Makefile is never run). */
		if (bo->ok && bo->warnings == 0 && (bo->log == NULL || strstr(bo->log, "note:") == NULL))
			continue;
		fputs("build ", f);
		put(&w, bo->program);
		fputs(": ", f);
		if (!bo->ok)
			paint(&w, BOLD RED, "FAILED");
		else
			paint(&w, YELLOW, "ok");
		if (bo->warnings)
			fprintf(f, " (%d warning%s)", bo->warnings, bo->warnings == 1 ? "" : "s");
		fputc('\n', f);
		if (bo->log && *bo->log)
			put_indented(&w, "    ", bo->log, strlen(bo->log));
	}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if ((t->status == TEST_FAILED || t->status == TEST_ERROR) && (show_hidden || !report_test_hidden(t)))
			put_problem(&w, t);
	}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (t->status == TEST_SKIPPED && (show_hidden || !report_test_hidden(t)))
			put_problem(&w, t);
	}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (t->status != TEST_PASSED || (!show_hidden && report_test_hidden(t)))
			continue;
		paint(&w, GREEN, "PASS");
		fputc(' ', f);
		put(&w, t->name);
		fputc(' ', f);
		put_points(&w, t->score, t->max_score);
		if (t->runs > 1)
			fprintf(f, ", passed %d of %d runs", t->passes, t->runs);
		if (t->flaky)
			fputs(", flaky", f);
		fputc('\n', f);
	}
	size_t nh;
	double hs, hm;
	report_hidden_totals(r, &nh, &hs, &hm);
	if (nh > 0 && !show_hidden) {
		report_points(a, sizeof(a), hs);
		report_points(b, sizeof(b), hm);
		fprintf(f, "%zu hidden test%s: %s/%s\n", nh, nh == 1 ? "" : "s", a, b);
	}
	if (report_finish(f) != 0 || w.err)
		return -1;
	return 0;
}
