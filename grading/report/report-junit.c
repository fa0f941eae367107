/* report-junit: JUnit XML for CI dashboards (GitLab, Jenkins, test reporters). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "text.h"

struct xw {
	FILE *f;
	int err; /* ENOMEM while sanitising */
};

/* XML 1.0 allows neither C0 controls (bar tab, LF, CR) nor U+FFFE/U+FFFF,
 * even escaped, so they are dropped rather than encoded. In attributes, tab,
 * LF and CR are encoded because parsers would normalise them to spaces; in
 * text, CR is encoded because parsers would turn CRLF into LF. */
static void
xml(struct xw *w, const char *s, bool attr)
{
	if (s == NULL)
		return;
	char *u = text_utf8(s, strlen(s));
	if (u == NULL) {
		w->err = -1;
		return;
	}
	for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", w->f);
			continue;
		case '<':
			fputs("&lt;", w->f);
			continue;
		case '>':
			fputs("&gt;", w->f);
			continue;
		case '"':
			fputs("&quot;", w->f);
			continue;
		case '\'':
			fputs("&apos;", w->f);
			continue;
		case '\r':
			fputs("&#13;", w->f);
			continue;
		case '\n':
		case '\t':
			if (attr)
				fprintf(w->f, "&#%d;", *p);
			else
				fputc(*p, w->f);
			continue;
		}
		if (*p < 0x20)
			continue;
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			p += 2;
			continue;
		}
		fputc(*p, w->f);
	}
	free(u);
}

/* time="nan" breaks readers that parse it as a number, and an absurd value
 * would overflow the attribute buffer below. */
static double
secs(double x)
{
	if (!isfinite(x) || x < 0)
		return 0;
	return x > 1e9 ? 1e9 : x;
}

/* <failure>/<error> text: the output plus the rerun command. */
static void
body(struct xw *w, const struct test_outcome *t)
{
	char *out = report_test_output(t);
	if (out == NULL) {
		w->err = -1;
		return;
	}
	xml(w, out, false);
	free(out);
	if (t->repro && *t->repro) {
		fputs("rerun: ", w->f);
		xml(w, t->repro, false);
		fputc('\n', w->f);
	}
}

/* Counts appear on both <testsuites> and <testsuite>: readers differ in which
 * one they take. */
int
report_junit(FILE *f, const struct grade_report *r)
{
	struct xw w = { .f = f };
	size_t failures = 0, errors = 0, skipped = 0;
	for (size_t i = 0; i < r->ntests; i++) {
		failures += r->tests[i].status == TEST_FAILED;
		errors += r->tests[i].status == TEST_ERROR;
		skipped += r->tests[i].status == TEST_SKIPPED;
	}
	const char *suite = r->assignment ? r->assignment : "ipcgrade";
	char counts[160], pa[64], pb[64];
	snprintf(counts, sizeof(counts), "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
		 r->ntests, failures, errors, skipped, secs(r->wall_sec));

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"ipcgrade\" %s>\n", counts);
	fputs("  <testsuite name=\"", f);
	xml(&w, suite, true);
	fprintf(f, "\" %s>\n", counts);
	fputs("    <properties>\n", f);
	report_points(pa, sizeof(pa), r->score);
	report_points(pb, sizeof(pb), r->max_score);
	fprintf(f, "      <property name=\"score\" value=\"%s\"/>\n", pa);
	fprintf(f, "      <property name=\"max_score\" value=\"%s\"/>\n", pb);
	fprintf(f, "      <property name=\"sandbox\" value=\"%s\"/>\n", report_mode_name(r->mode));
	if (r->submission) {
		fputs("      <property name=\"submission\" value=\"", f);
		xml(&w, r->submission, true);
		fputs("\"/>\n", f);
	}
	fputs("    </properties>\n", f);
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		fputs("    <testcase classname=\"", f);
		xml(&w, suite, true);
		fputs("\" name=\"", f);
		xml(&w, t->name, true);
		fprintf(f, "\" time=\"%.3f\">\n", secs(t->wall_sec));
		report_points(pa, sizeof(pa), t->score);
		report_points(pb, sizeof(pb), t->max_score);
		char *out;
		switch (t->status) {
		case TEST_FAILED:
		case TEST_ERROR:
			fprintf(f, "      <%s message=\"%s/%s points", t->status == TEST_ERROR ? "error" : "failure",
				pa, pb);
			if (t->message && *t->message) {
				fputs(": ", f);
				xml(&w, t->message, true);
			}
			fprintf(f, "\" type=\"%s\">", t->status == TEST_ERROR ? "grader-error" : "failed");
			body(&w, t);
			fprintf(f, "</%s>\n", t->status == TEST_ERROR ? "error" : "failure");
			break;
		case TEST_SKIPPED:
			fputs("      <skipped", f);
			if (t->message && *t->message) {
				fputs(" message=\"", f);
				xml(&w, t->message, true);
				fputc('"', f);
			}
			fputs("/>\n", f);
			break;
		case TEST_PASSED:
			/* The failure body already carries the output; only passed
			 * tests need <system-out> to show theirs. */
			out = report_test_output(t);
			if (out == NULL)
				w.err = -1;
			else if (*out) {
				fputs("      <system-out>", f);
				xml(&w, out, false);
				fputs("</system-out>\n", f);
			}
			free(out);
			break;
		}
		fputs("    </testcase>\n", f);
	}
	char *sum = report_summary(r);
	if (sum == NULL)
		w.err = -1;
	else {
		fputs("    <system-out>", f);
		xml(&w, sum, false);
		fputs("</system-out>\n", f);
	}
	free(sum);
	if (r->error) {
		fputs("    <system-err>", f);
		xml(&w, r->error, false);
		fputs("</system-err>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
	if (report_finish(f) != 0 || w.err)
		return -1;
	return 0;
}
