/* rollup: grades.csv, summary.md and summary.html from per-student reports.
 *
 * Everything here is a pure function of the reports and the id order, so a
 * merged set of shards writes byte-identical files to an unsharded run: no
 * timestamps, no hash-table order, columns in order of first appearance. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report-internal.h"
#include "report-load.h"
#include "rollup.h"
#include "text.h"

struct failure {
	char *test, *what; /* test name, and the failed check (or status) */
	int count;
};

struct col {
	char *name;
	double max;
	int graded, passed; /* students who had the test, and passed it */
	double points;      /* sum of points earned */
};

struct roll {
	struct grade_report *reports; /* per id, read by report_load_json */
	bool *loaded;                 /* per id: false when unreadable */
	char **notes;                 /* per id: the error note or NULL */
	struct col *cols;
	size_t ncols;
	struct failure *fails;
	size_t nfails;
	const char *assignment, *title;
};

/* Index of the column named name, added when new; -1 when out of memory. */
static long
col_index(struct roll *r, const char *name, double max)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i].name, name) == 0)
			return (long)i;
	struct col *nc = realloc(r->cols, (r->ncols + 1) * sizeof(*nc));
	if (nc == NULL)
		return -1;
	r->cols = nc;
	memset(&nc[r->ncols], 0, sizeof(*nc));
	if ((nc[r->ncols].name = strdup(name)) == NULL)
		return -1;
	nc[r->ncols].max = max;
	return (long)r->ncols++;
}

/* Count one more student failing test on what. */
static int
add_failure(struct roll *r, const char *test, const char *what)
{
	for (size_t i = 0; i < r->nfails; i++)
		if (strcmp(r->fails[i].test, test) == 0 && strcmp(r->fails[i].what, what) == 0) {
			r->fails[i].count++;
			return 0;
		}
	struct failure *nf = realloc(r->fails, (r->nfails + 1) * sizeof(*nf));
	if (nf == NULL)
		return -1;
	r->fails = nf;
	nf[r->nfails] = (struct failure){ strdup(test), strdup(what), 1 };
	if (!nf[r->nfails].test || !nf[r->nfails].what)
		return -1;
	r->nfails++;
	return 0;
}

/* Why a test failed, in one short line: its first failed check, else its
 * status and the first line of its message. */
static void
failure_reason(const struct test_outcome *t, char *buf, size_t len)
{
	for (size_t i = 0; i < t->nchecks; i++) {
		const struct check_outcome *c = &t->checks[i];
		if (!c->passed && c->name) {
			snprintf(buf, len, "%s", c->name);
			return;
		}
	}
	const char *st = report_status_name(t->status);
	const char *out = t->message; /* the rendered evidence (evidence_rendered) */
	snprintf(buf, len, "%s%s%.*s", st, out && *out ? ": " : "", out ? (int)strcspn(out, "\n") : 0, out ? out : "");
	if (strlen(buf) > 100)
		strcpy(buf + 97, "...");
}

/* Most frequent first; ties by test, then reason, for a stable order. */
static int
by_count(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;
	if (x->count != y->count)
		return y->count - x->count;
	int c = strcmp(x->test, y->test);
	return c ? c : strcmp(x->what, y->what);
}

/* Load every report and tally columns and failures. */
static int
gather(struct roll *r, const char *outdir, char *const *ids, size_t n)
{
	r->reports = calloc(n ? n : 1, sizeof(*r->reports));
	r->loaded = calloc(n ? n : 1, sizeof(*r->loaded));
	r->notes = calloc(n ? n : 1, sizeof(*r->notes));
	if (!r->reports || !r->loaded || !r->notes)
		return -1;
	for (size_t s = 0; s < n; s++) {
		char p[PATH_MAX], why[512];
		snprintf(p, sizeof(p), "%s/%s/report.json", outdir, ids[s]);
		struct grade_report *j = &r->reports[s];
		if (report_load_json(p, j, why, sizeof(why)) != 0) {
			if (asprintf(&r->notes[s], "no report: %s", why) < 0)
				return -1;
			continue;
		}
		r->loaded[s] = true;
		if (j->error && (r->notes[s] = strdup(j->error)) == NULL)
			return -1;
		if (!r->assignment)
			r->assignment = j->assignment;
		if (!r->title)
			r->title = j->title;
		for (size_t i = 0; i < j->ntests; i++) {
			const struct test_outcome *t = &j->tests[i];
			long c = col_index(r, t->name ? t->name : "?", t->max_score);
			if (c < 0)
				return -1;
			r->cols[c].graded++;
			r->cols[c].points += t->score;
			if (t->status == TEST_PASSED) {
				r->cols[c].passed++;
			} else {
				char why[512];
				failure_reason(t, why, sizeof(why));
				if (add_failure(r, r->cols[c].name, why) != 0)
					return -1;
			}
		}
	}
	qsort(r->fails, r->nfails, sizeof(*r->fails), by_count);
	return 0;
}

/* One CSV field (text.c: controls marked, formulas defused). */
static void
csv_field(FILE *f, const char *s)
{
	if (text_put_csv(f, s) != 0)
		fputs("?", f);
}

/* The test named name in a report, or NULL when it has no such test. */
static const struct test_outcome *
find_test(const struct grade_report *rep, const char *name)
{
	for (size_t i = 0; i < rep->ntests; i++)
		if (rep->tests[i].name && strcmp(rep->tests[i].name, name) == 0)
			return &rep->tests[i];
	return NULL;
}

/* grades.csv: student,total,max,<one column per test>,note. */
static void
write_csv(FILE *f, const struct roll *r, char *const *ids, size_t n)
{
	char a[64];
	fputs("student,total,max", f);
	for (size_t c = 0; c < r->ncols; c++) {
		fputc(',', f);
		csv_field(f, r->cols[c].name);
	}
	fputs(",note\n", f);
	for (size_t s = 0; s < n; s++) {
		const struct grade_report *j = r->loaded[s] ? &r->reports[s] : NULL;
		csv_field(f, ids[s]);
		report_points(a, sizeof(a), j ? j->score : 0);
		fprintf(f, ",%s", a);
		if (j) {
			report_points(a, sizeof(a), j->max_score);
			fprintf(f, ",%s", a);
		} else {
			fputc(',', f);
		}
		for (size_t c = 0; c < r->ncols; c++) {
			const struct test_outcome *t = j ? find_test(j, r->cols[c].name) : NULL;
			fputc(',', f);
			if (t) {
				report_points(a, sizeof(a), t->score);
				fputs(a, f);
			}
		}
		fputc(',', f);
		csv_field(f, r->notes[s] ? r->notes[s] : "");
		fputc('\n', f);
	}
}

/* Markdown-safe text: no table breaks, no HTML, no code spans (text.c). */
static void
md_text(FILE *f, const char *s)
{
	if (s && text_put_md_inline(f, s) != 0)
		fputs("?", f);
}

/* HTML-escaped text, attribute-safe too (text.c). */
static void
html_text(FILE *f, const char *s)
{
	if (s && text_put_html(f, s) != 0)
		fputs("?", f);
}

/* Class statistics shared by both summaries. */
struct stats {
	size_t graded, errors, full;
	double mean, median, max;
};

/* Compare doubles for qsort. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Mean and median over the students with a report. */
static void
class_stats(const struct roll *r, size_t n, struct stats *st)
{
	memset(st, 0, sizeof(*st));
	double *v = calloc(n ? n : 1, sizeof(*v));
	for (size_t s = 0; s < n; s++) {
		if (r->notes[s])
			st->errors++;
		if (!r->loaded[s])
			continue;
		double sc = r->reports[s].score, mx = r->reports[s].max_score;
		if (mx > st->max)
			st->max = mx;
		if (mx > 0 && sc >= mx - 1e-9)
			st->full++;
		st->mean += sc;
		if (v)
			v[st->graded] = sc;
		st->graded++;
	}
	if (st->graded) {
		st->mean /= (double)st->graded;
		if (v) {
			qsort(v, st->graded, sizeof(*v), cmp_double);
			st->median =
				st->graded % 2 ? v[st->graded / 2] : (v[st->graded / 2 - 1] + v[st->graded / 2]) / 2;
		}
	}
	free(v);
}

#define TOP_FAILURES 10

/* summary.md: the class at a glance, for a course page or an issue. */
static void
write_md(FILE *f, const struct roll *r, char *const *ids, size_t n)
{
	struct stats st;
	char a[64], b[64], c[64];
	class_stats(r, n, &st);
	fputs("# Class summary: ", f);
	md_text(f, r->assignment ? r->assignment : "assignment");
	if (r->title) {
		fputs(" — ", f);
		md_text(f, r->title);
	}
	report_points(a, sizeof(a), st.mean);
	report_points(b, sizeof(b), st.median);
	report_points(c, sizeof(c), st.max);
	fprintf(f,
		"\n\n%zu students, %zu graded, %zu with grader errors or notes; "
		"mean %s/%s, median %s/%s; %zu with full marks.\n\n",
		n, st.graded, st.errors, a, c, b, c, st.full);
	fputs("## Pass rate per test\n\n| test | passed | pass rate | mean points |\n|---|---:|---:|---:|\n", f);
	for (size_t i = 0; i < r->ncols; i++) {
		const struct col *co = &r->cols[i];
		fputs("| ", f);
		md_text(f, co->name);
		report_points(a, sizeof(a), co->graded ? co->points / co->graded : 0);
		report_points(b, sizeof(b), co->max);
		fprintf(f, " | %d/%d | %.0f%% | %s/%s |\n", co->passed, co->graded,
			co->graded ? 100.0 * co->passed / co->graded : 0, a, b);
	}
	fputs("\n## Most common failures\n\n", f);
	if (r->nfails == 0)
		fputs("None: every graded test passed.\n", f);
	else
		fputs("| test | failed on | students |\n|---|---|---:|\n", f);
	for (size_t i = 0; i < r->nfails && i < TOP_FAILURES; i++) {
		fputs("| ", f);
		md_text(f, r->fails[i].test);
		fputs(" | ", f);
		md_text(f, r->fails[i].what);
		fprintf(f, " | %d |\n", r->fails[i].count);
	}
	if (st.errors) {
		fputs("\n## Grader errors and notes\n\n| student | note |\n|---|---|\n", f);
		for (size_t s = 0; s < n; s++)
			if (r->notes[s]) {
				fputs("| ", f);
				md_text(f, ids[s]);
				fputs(" | ", f);
				md_text(f, r->notes[s]);
				fputs(" |\n", f);
			}
	}
}

/* summary.html: one file, inline CSS and an inline SVG bar chart, nothing
 * fetched, every string escaped (names and notes come from students). */
static void
write_html(FILE *f, const struct roll *r, char *const *ids, size_t n)
{
	struct stats st;
	char a[64], b[64], c[64];
	class_stats(r, n, &st);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Class summary: ", f);
	html_text(f, r->assignment ? r->assignment : "assignment");
	fputs("</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em "
	      ".6em;text-align:left}\n"
	      "td.n{text-align:right}.bar{fill:#3b7dd8}.bg{fill:#eee}svg text{font-size:12px}\n</style></head><body>\n",
	      f);
	fputs("<h1>Class summary: ", f);
	html_text(f, r->assignment ? r->assignment : "assignment");
	if (r->title) {
		fputs(" — ", f);
		html_text(f, r->title);
	}
	report_points(a, sizeof(a), st.mean);
	report_points(b, sizeof(b), st.median);
	report_points(c, sizeof(c), st.max);
	fprintf(f,
		"</h1>\n<p>%zu students, %zu graded, %zu with grader errors or notes; mean %s/%s, median %s/%s; "
		"%zu with full marks.</p>\n",
		n, st.graded, st.errors, a, c, b, c, st.full);
	/* The chart: one bar per test, pass rate 0..100 % over 400 px. */
	const int row = 22, left = 300, width = 400;
	fprintf(f,
		"<h2>Pass rate per test</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"role=\"img\" aria-label=\"pass rate per test\">\n",
		left + width + 60, (int)r->ncols * row + 4);
	for (size_t i = 0; i < r->ncols; i++) {
		const struct col *co = &r->cols[i];
		double rate = co->graded ? (double)co->passed / co->graded : 0;
		int y = (int)i * row + 2;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y + 14);
		html_text(f, co->name);
		fprintf(f,
			"</text><rect class=\"bg\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
			"<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%d\"/>"
			"<text x=\"%d\" y=\"%d\">%.0f%%</text>\n",
			left, y, width, row - 6, left, y, rate * width, row - 6, left + width + 6, y + 14, rate * 100);
	}
	fputs("</svg>\n<table><tr><th>test</th><th>passed</th><th>mean points</th></tr>\n", f);
	for (size_t i = 0; i < r->ncols; i++) {
		const struct col *co = &r->cols[i];
		fputs("<tr><td>", f);
		html_text(f, co->name);
		report_points(a, sizeof(a), co->graded ? co->points / co->graded : 0);
		report_points(b, sizeof(b), co->max);
		fprintf(f, "</td><td class=\"n\">%d/%d</td><td class=\"n\">%s/%s</td></tr>\n", co->passed, co->graded,
			a, b);
	}
	fputs("</table>\n<h2>Most common failures</h2>\n", f);
	if (r->nfails == 0)
		fputs("<p>None: every graded test passed.</p>\n", f);
	else
		fputs("<table><tr><th>test</th><th>failed on</th><th>students</th></tr>\n", f);
	for (size_t i = 0; i < r->nfails && i < TOP_FAILURES; i++) {
		fputs("<tr><td>", f);
		html_text(f, r->fails[i].test);
		fputs("</td><td>", f);
		html_text(f, r->fails[i].what);
		fprintf(f, "</td><td class=\"n\">%d</td></tr>\n", r->fails[i].count);
	}
	if (r->nfails)
		fputs("</table>\n", f);
	fputs("<h2>Students</h2>\n<table><tr><th>student</th><th>total</th><th>note</th></tr>\n", f);
	for (size_t s = 0; s < n; s++) {
		fputs("<tr><td>", f);
		html_text(f, ids[s]);
		report_points(a, sizeof(a), r->loaded[s] ? r->reports[s].score : 0);
		report_points(b, sizeof(b), r->loaded[s] ? r->reports[s].max_score : 0);
		fprintf(f, "</td><td class=\"n\">%s/%s</td><td>", a, b);
		html_text(f, r->notes[s]);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</body></html>\n", f);
}

/* Write one roll-up file atomically with writer. */
static int
write_file(const char *outdir, const char *name, const struct roll *r, char *const *ids, size_t n,
	   void (*writer)(FILE *, const struct roll *, char *const *, size_t), char *err, size_t errlen)
{
	char path[PATH_MAX + 64], tmp[PATH_MAX + 128];
	snprintf(path, sizeof(path), "%.*s/%s", PATH_MAX - 1, outdir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "we");
	if (f == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	writer(f, r, ids, n);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
rollup_write(const char *outdir, char *const *ids, size_t nids, char *err, size_t errlen)
{
	struct roll r = { 0 };
	int rc = gather(&r, outdir, ids, nids);
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	if (rc == 0)
		rc = write_file(outdir, "grades.csv", &r, ids, nids, write_csv, err, errlen);
	if (rc == 0)
		rc = write_file(outdir, "summary.md", &r, ids, nids, write_md, err, errlen);
	if (rc == 0)
		rc = write_file(outdir, "summary.html", &r, ids, nids, write_html, err, errlen);
	for (size_t s = 0; s < nids; s++) {
		if (r.reports)
			grade_report_free(&r.reports[s]);
		if (r.notes)
			free(r.notes[s]);
	}
	for (size_t i = 0; i < r.ncols; i++)
		free(r.cols[i].name);
	for (size_t i = 0; i < r.nfails; i++) {
		free(r.fails[i].test);
		free(r.fails[i].what);
	}
	free(r.reports);
	free(r.loaded);
	free(r.notes);
	free(r.cols);
	free(r.fails);
	return rc;
}
