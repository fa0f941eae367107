/* report-github: GitHub Actions workflow commands, as GitHub Classroom reads them.
 *
 * The runner executes any stdout line that looks like "::command::", so the
 * one rule here is that no byte the student controls (program output,
 * compiler messages, which quote the source) ever reaches stdout outside a
 * ::stop-commands:: fence with an unguessable token. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report-internal.h"
#include "text.h"

struct gw {
	FILE *f;
	char token[64];
	int err;
};

/* 16 bytes of /dev/urandom as hex: output written before the grader ran
 * cannot know it, so it cannot end the fence early. */
static int
random_token(char *buf, size_t len)
{
	unsigned char raw[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, raw, sizeof(raw));
	close(fd);
	if (n != (ssize_t)sizeof(raw) || len < 2 * sizeof(raw) + 1)
		return -1;
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(buf + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* IPCGRADE_STOP_TOKEN fixes the token for golden tests; anything that could
 * itself break a command line is ignored in favour of a random one. */
static int
pick_token(char *buf, size_t len)
{
	const char *env = getenv("IPCGRADE_STOP_TOKEN");
	if (env && *env && strlen(env) < len &&
	    strspn(env, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(env)) {
		strcpy(buf, env);
		return 0;
	}
	return random_token(buf, len);
}

/* Workflow command escaping: data escapes % CR LF; properties also : and ,
 * (GitHub's toolkit, escapeData/escapeProperty). */
static void
escaped(struct gw *w, const char *s, bool property)
{
	if (s == NULL)
		return;
	char *u = text_utf8(s, strlen(s));
	if (u == NULL) {
		w->err = -1;
		return;
	}
	for (const char *p = u; *p; p++) {
		switch (*p) {
		case '%':
			fputs("%25", w->f);
			break;
		case '\r':
			fputs("%0D", w->f);
			break;
		case '\n':
			fputs("%0A", w->f);
			break;
		case ':':
			fputs(property ? "%3A" : ":", w->f);
			break;
		case ',':
			fputs(property ? "%2C" : ",", w->f);
			break;
		default:
			fputc(*p, w->f);
		}
	}
	free(u);
}

/* Untrusted text between ::stop-commands::TOKEN and ::TOKEN::. Controls are
 * shown as \xNN: the log viewer renders ANSI colours, and a lone CR could hide
 * a line from a reader. */
static void
fence(struct gw *w, const char *s)
{
	char *t = text_terminal(s, strlen(s));
	if (t == NULL) {
		w->err = -1;
		return;
	}
	/* Only reachable with a fixed test token: never fence with a known end. */
	if (strstr(t, w->token) && random_token(w->token, sizeof(w->token)) != 0) {
		free(t);
		w->err = -1;
		return;
	}
	fprintf(w->f, "::stop-commands::%s\n", w->token);
	size_t len = strlen(t);
	fputs(t, w->f);
	if (len == 0 || t[len - 1] != '\n')
		fputc('\n', w->f);
	fprintf(w->f, "::%s::\n", w->token);
	free(t);
}

/* A collapsible log section holding one fence. */
static void
group(struct gw *w, const char *title, const char *what, const char *body)
{
	fputs("::group::", w->f);
	escaped(w, title, false);
	escaped(w, what, false);
	fputc('\n', w->f);
	fence(w, body);
	fputs("::endgroup::\n", w->f);
}

/* "1.5/3" into buf. */
static void
fraction(char *buf, size_t len, double score, double max)
{
	char a[64], b[64];
	report_points(a, sizeof(a), score);
	report_points(b, sizeof(b), max);
	snprintf(buf, len, "%s/%s", a, b);
}

/* Annotations for what needs attention, then the two notices GitHub Classroom
 * parses; hidden tests collapse to one line, as in the text report, since
 * students read this log. */
int
report_github(FILE *f, const struct grade_report *r)
{
	struct gw w = { .f = f };
	char pts[140];
	if (pick_token(w.token, sizeof(w.token)) != 0)
		return -1;

	if (r->error) {
		fputs("::error title=Grading stopped early::", f);
		escaped(&w, r->error, false);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nbuilds; i++) {
		const struct build_outcome *bo = &r->builds[i];
		if (bo->ok)
			continue;
		fputs("::error title=", f);
		escaped(&w, "Build failed: ", true);
		escaped(&w, bo->program, true);
		fputs("::", f);
		escaped(&w, bo->program, false);
		fputs(" did not compile; the compiler log follows\n", f);
		if (bo->log && *bo->log)
			group(&w, bo->program, ": compiler log", bo->log);
	}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (t->status == TEST_PASSED || report_test_hidden(t))
			continue;
		fraction(pts, sizeof(pts), t->score, t->max_score);
		fprintf(f, "::%s title=", t->status == TEST_SKIPPED ? "warning" : "error");
		escaped(&w, t->name, true);
		fputs(" (", f);
		escaped(&w, pts, true);
		fputs(")::", f);
		if (t->status == TEST_SKIPPED)
			fputs("skipped: ", f);
		else if (t->status == TEST_ERROR)
			fputs("grader error (not your fault): ", f);
		escaped(&w, t->message && *t->message ? t->message : "failed", false);
		fputc('\n', f);
		char *out = report_test_output(t);
		if (out == NULL) {
			w.err = -1;
			continue;
		}
		if (t->repro && *t->repro) {
			char *more = NULL;
			if (asprintf(&more, "%srerun: %s\n", out, t->repro) < 0) {
				w.err = -1;
				more = NULL;
			}
			free(out);
			out = more;
		}
		if (out && *out)
			group(&w, t->name, ": details", out);
		free(out);
	}
	size_t nh, nh_failed = 0;
	double hs, hm;
	report_hidden_totals(r, &nh, &hs, &hm);
	for (size_t i = 0; i < r->ntests; i++)
		nh_failed += report_test_hidden(&r->tests[i]) && r->tests[i].status != TEST_PASSED;
	if (nh_failed > 0) {
		fraction(pts, sizeof(pts), hs, hm);
		fprintf(f, "::error title=Hidden tests::%zu of %zu hidden test%s failed (%s points)\n", nh_failed, nh,
			nh == 1 ? "" : "s", pts);
	}

	/* Every test on one plain list, fenced too: names embed pairings. */
	char *list = NULL;
	size_t listlen = 0;
	FILE *m = open_memstream(&list, &listlen);
	if (m == NULL)
		return -1;
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (report_test_hidden(t))
			continue;
		fraction(pts, sizeof(pts), t->score, t->max_score);
		fprintf(m, "%s %s (%s)\n", report_status_name(t->status), t->name ? t->name : "", pts);
	}
	if (nh > 0) {
		fraction(pts, sizeof(pts), hs, hm);
		fprintf(m, "%zu hidden test%s: %s\n", nh, nh == 1 ? "" : "s", pts);
	}
	if (fclose(m) != 0) {
		free(list);
		return -1;
	}
	group(&w, "Test results", "", list);
	free(list);

	char a[64], b[64];
	report_points(a, sizeof(a), r->score);
	report_points(b, sizeof(b), r->max_score);
	fprintf(f, "::notice title=Autograding complete::Points %s/%s\n", a, b);
	fprintf(f, "::notice title=Autograding report::{\"totalPoints\":%s,\"maxPoints\":%s}\n", a, b);
	int rc = report_finish(f) != 0 || w.err ? -1 : 0;

	/* The job summary page: same report as the markdown format, student view. */
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	if (path && *path) {
		FILE *s = fopen(path, "a");
		struct report_opts o = { .color = false, .show_hidden = false };
		if (s == NULL)
			return -1;
		if (report_markdown(s, r, &o) != 0)
			rc = -1;
		if (fclose(s) != 0)
			rc = -1;
	}
	return rc;
}
