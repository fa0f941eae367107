/* report-markdown: a summary for pull requests and GitHub's job summary page. */
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "text.h"

struct mw {
	FILE *f;
	int err; /* ENOMEM while sanitising */
};

/* Inline text (names, titles): one line, and no character that Markdown or
 * HTML would act on, so a test name cannot add a table cell or a link (text.c). */
static void
inline_text(struct mw *w, const char *s)
{
	if (s && text_put_md_inline(w->f, s) != 0)
		w->err = -1;
}

/* A fenced block whose fence is longer than any backtick run inside, so the
 * content cannot close it (CommonMark: the closing fence must be at least as
 * long as the opening one). Controls are shown as \xNN: the file may be read
 * in a terminal, and GitHub renders escapes as garbage anyway. */
static void
fenced(struct mw *w, const char *s)
{
	char *t = text_terminal(s, strlen(s));
	if (t == NULL) {
		w->err = -1;
		return;
	}
	size_t run = 0, longest = 0;
	for (const char *p = t; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t n = longest < 3 ? 3 : longest + 1;
	for (size_t i = 0; i < n; i++)
		fputc('`', w->f);
	fputs("text\n", w->f);
	size_t len = strlen(t);
	fputs(t, w->f);
	if (len == 0 || t[len - 1] != '\n')
		fputc('\n', w->f);
	for (size_t i = 0; i < n; i++)
		fputc('`', w->f);
	fputs("\n\n", w->f);
	free(t);
}

/* "1.5/3" */
static void
points(struct mw *w, double score, double max)
{
	char a[64], b[64];
	report_points(a, sizeof(a), score);
	report_points(b, sizeof(b), max);
	fprintf(w->f, "%s/%s", a, b);
}

static const char *const result_word[] = {
	[TEST_PASSED] = "\u2705 passed",
	[TEST_FAILED] = "\u274c failed",
	[TEST_SKIPPED] = "\u23ed\ufe0f skipped",
	[TEST_ERROR] = "\u26a0\ufe0f grader error",
};

/* Overview table first, details of what failed after it. */
int
report_markdown(FILE *f, const struct grade_report *r, const struct report_opts *o)
{
	struct mw w = { .f = f };
	bool show_hidden = o && o->show_hidden;

	fputs("# ", f);
	inline_text(&w, r->assignment ? r->assignment : "ipcgrade");
	fputs(": ", f);
	points(&w, r->score, r->max_score);
	fputs("\n\n", f);
	if (r->title) {
		inline_text(&w, r->title);
		fputs("  \n", f);
	}
	if (r->submission) {
		fputs("Submission: ", f);
		inline_text(&w, r->submission);
		fputs("  \n", f);
	}
	fprintf(f, "Sandbox: %s\n\n", report_mode_name(r->mode));
	if (r->error) {
		fputs("> **Grading stopped early:** ", f);
		inline_text(&w, r->error);
		fputs("\n\n", f);
	}

	fputs("| Test | Result | Points |\n| --- | --- | --- |\n", f);
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (!show_hidden && report_test_hidden(t))
			continue;
		fputs("| ", f);
		inline_text(&w, t->name);
		fprintf(f, " | %s", result_word[t->status <= TEST_ERROR ? t->status : TEST_ERROR]);
		if (t->flaky)
			fputs(" (flaky)", f);
		fputs(" | ", f);
		points(&w, t->score, t->max_score);
		fputs(" |\n", f);
	}
	size_t nh;
	double hs, hm;
	report_hidden_totals(r, &nh, &hs, &hm);
	if (nh > 0 && !show_hidden) {
		fprintf(f, "| %zu hidden test%s | | ", nh, nh == 1 ? "" : "s");
		points(&w, hs, hm);
		fputs(" |\n", f);
	}
	fputc('\n', f);

	bool build_problems = false;
	for (size_t i = 0; i < r->nbuilds; i++)
		build_problems |= !r->builds[i].ok || r->builds[i].warnings > 0;
	if (build_problems) {
		fputs("## Build problems\n\n", f);
		for (size_t i = 0; i < r->nbuilds; i++) {
			const struct build_outcome *bo = &r->builds[i];
			if (bo->ok && bo->warnings == 0)
				continue;
			fputs("### ", f);
			inline_text(&w, bo->program);
			fprintf(f, ": %s", bo->ok ? "built" : "build failed");
			if (bo->warnings)
				fprintf(f, " (%d warning%s)", bo->warnings, bo->warnings == 1 ? "" : "s");
			fputs("\n\n", f);
			if (bo->log && *bo->log)
				fenced(&w, bo->log);
		}
	}

	bool heading = false;
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (t->status == TEST_PASSED || (!show_hidden && report_test_hidden(t)))
			continue;
		if (!heading) {
			fputs("## Details\n\n", f);
			heading = true;
		}
		fputs("### ", f);
		inline_text(&w, t->name);
		fputs(" (", f);
		points(&w, t->score, t->max_score);
		fputs(")\n\n", f);
		char *out = report_test_output(t);
		if (out == NULL)
			w.err = -1;
		else if (*out)
			fenced(&w, out);
		free(out);
		if (t->repro && *t->repro) {
			fputs("Rerun locally:\n\n", f);
			fenced(&w, t->repro);
		}
	}
	if (report_finish(f) != 0 || w.err)
		return -1;
	return 0;
}
