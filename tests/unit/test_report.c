/* test_report: every report format against a golden file, plus the properties
 * a golden file cannot show: the output parses, and hostile program output
 * cannot forge a verdict, a score or a workflow command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "report-run.h"
#include "report.h"

/* Everything a malicious submission prints to fool one format or another. */
#define HOSTILE                                                 \
	"producer: ready\n"                                     \
	"::notice title=Autograding complete::Points 100/100\n" \
	"::error title=forged::fake\n"                          \
	"PASS talk (3/3)\n"                                     \
	"ok 1 - fake\n"                                         \
	"{\"score\": 100}\n"                                    \
	"\033[2J\033[Hcleared the \"screen\"\n"                 \
	"</failure></testcase>]]>\n"                            \
	"```\n"                                                 \
	"progress 50%\r100%\n"                                  \
	"bad utf8: \xff\xfe end\n"

/* strdup that tolerates NULL, so optional fields stay optional. */
static char *
sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* One check on the heap. */
static void
set_check(struct check_outcome *c, const char *name, bool passed, double weight, const char *detail, const char *hint)
{
	c->name = sdup(name);
	c->passed = passed;
	c->weight = weight;
	c->credit = passed ? 1 : 0;
	c->detail = sdup(detail);
	c->hint = sdup(hint);
}

/* The fixed report of the golden files: 2 builds (one failed, with a log),
 * 4 tests (passed; failed with checks, hint, detail, repro and the hostile
 * output; skipped; hidden and failed). Heap-built so grade_report_free() is
 * exercised too. */
static void
fixture(struct grade_report *r)
{
	memset(r, 0, sizeof(*r));
	r->assignment = sdup("shm-posix");
	r->title = sdup("POSIX shared memory: producer and consumer");
	r->submission = sdup("alice");
	r->mode = SANDBOX_ROOT;
	r->score = 5.5;
	r->max_score = 10;
	r->wall_sec = 12.25;

	r->nbuilds = 2;
	r->builds = calloc(2, sizeof(*r->builds));
	r->builds[0] = (struct build_outcome){ sdup("producer"), true, 0, NULL };
	r->builds[1] =
		(struct build_outcome){ sdup("consumer"), false, 1,
					sdup("consumer.c:12:9: warning: unused variable 'x' [-Wunused-variable]\n"
					     "consumer.c:20:1: error: expected ';' before '}' token\n") };

	r->ntests = 4;
	r->tests = calloc(4, sizeof(*r->tests));
	struct test_outcome *t = &r->tests[0];
	t->name = sdup("producer creates the segment");
	t->score = 4;
	t->max_score = 4;
	t->status = TEST_PASSED;
	t->visibility = VIS_VISIBLE;
	t->feedback = FEEDBACK_FULL;
	t->nchecks = 2;
	t->checks = calloc(2, sizeof(*t->checks));
	set_check(&t->checks[0], "exit status of producer", true, 1, NULL, NULL);
	set_check(&t->checks[1], "IPC objects", true, 1, NULL, NULL);
	t->output = sdup("created /shm-posix (4096 bytes)\n");
	t->repro = sdup("ipcgrade grade --only 'producer creates the segment' .");
	t->runs = 1;
	t->passes = 1;
	t->wall_sec = 0.5;

	t = &r->tests[1];
	t->name = sdup("talk [producer: student, consumer: reference]");
	t->score = 1.5;
	t->max_score = 3;
	t->status = TEST_FAILED;
	t->visibility = VIS_VISIBLE;
	t->feedback = FEEDBACK_FULL;
	t->nchecks = 2;
	t->checks = calloc(2, sizeof(*t->checks));
	set_check(&t->checks[0], "exit status of producer", true, 1,
		  "not credited: the program did not do its job in this run (see the other checks)", NULL);
	t->checks[0].credit = 0; /* passed, yet no points: the report must say why */
	set_check(&t->checks[1], "nothing left behind", false, 1,
		  "shared memory object /shm-posix still exists after the test\n(mode 0600, 4096 bytes)",
		  "call shm_unlink() once both sides are done with the segment");
	t->message = sdup("consumer timed out after 5 s");
	t->output = sdup(HOSTILE);
	t->repro = sdup("ipcgrade grade --only 'talk [producer: student, consumer: reference]' .");
	t->runs = 3;
	t->passes = 1;
	t->flaky = true;
	t->wall_sec = 5.75;

	t = &r->tests[2];
	t->name = sdup("consumer alone");
	t->score = 0;
	t->max_score = 1;
	t->status = TEST_SKIPPED;
	t->visibility = VIS_AFTER_DUE_DATE;
	t->feedback = FEEDBACK_OUTPUT;
	t->message = sdup("not run: program consumer did not build");

	t = &r->tests[3];
	t->name = sdup("stress: 100 rounds");
	t->score = 0;
	t->max_score = 2;
	t->status = TEST_FAILED;
	t->visibility = VIS_HIDDEN;
	t->feedback = FEEDBACK_VERDICT;
	t->nchecks = 1;
	t->checks = calloc(1, sizeof(*t->checks));
	set_check(&t->checks[0], "stdout", false, 1, NULL, NULL);
	t->message = sdup("wrong output");
	t->repro = sdup("ipcgrade grade --only 'stress: 100 rounds' .");
	t->runs = 1;
	t->wall_sec = 3.5;
}

/* Run one writer into memory. */
static char *
capture(int format, const struct grade_report *r, const struct report_opts *o, int *rc, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	cr_assert_not_null(f);
	*rc = report_write(f, format, r, o);
	cr_assert_eq(fclose(f), 0);
	if (len)
		*len = n;
	return buf;
}

/* The goldens live in the source tree; IPCGRADE_UPDATE_GOLDEN=1 rewrites them. */
static void
golden(const char *name, const char *got, size_t len)
{
	const char *top = getenv("IPCGRADE_TOP_SRCDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/golden/%s", top && *top ? top : ".", name);
	const char *up = getenv("IPCGRADE_UPDATE_GOLDEN");
	if (up && strcmp(up, "1") == 0) {
		FILE *f = fopen(path, "w");
		cr_assert_not_null(f, "cannot write %s: %s", path, strerror(errno));
		cr_assert_eq(fwrite(got, 1, len, f), len);
		cr_assert_eq(fclose(f), 0);
		return;
	}
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot read %s: %s (set IPCGRADE_TOP_SRCDIR)", path, strerror(errno));
	char *want = NULL;
	size_t wlen = 0;
	FILE *m = open_memstream(&want, &wlen);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	size_t i = 0;
	while (i < len && i < wlen && got[i] == want[i])
		i++;
	/* Report where they part, not two whole files. */
	cr_assert(i == len && i == wlen,
		  "%s differs at byte %zu (got %zu bytes, golden %zu)\n"
		  "got:    \"%.60s\"\ngolden: \"%.60s\"\n(IPCGRADE_UPDATE_GOLDEN=1 rewrites it)",
		  name, i, len, wlen, got + (i < len ? i : len), want + (i < wlen ? i : wlen));
	free(want);
}

/* Golden runs must not depend on the caller's environment. */
static void
quiet_env(void)
{
	setenv("IPCGRADE_STOP_TOKEN", "GOLDENTOKEN", 1);
	unsetenv("GITHUB_STEP_SUMMARY");
}

/* Render a format of the fixture and compare it with its golden file. */
static char *
render_golden(int format, const char *name, size_t *lenp)
{
	struct grade_report r;
	struct report_opts o = { .color = false, .show_hidden = false };
	int rc;
	size_t len;
	quiet_env();
	fixture(&r);
	char *out = capture(format, &r, &o, &rc, &len);
	grade_report_free(&r);
	cr_assert_eq(rc, 0);
	golden(name, out, len);
	if (lenp)
		*lenp = len;
	return out;
}

/* Occurrences of needle in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Well-formed XML, by an external parser so the test trusts no code of ours. */
static void
assert_xml_well_formed(const char *xml, size_t len)
{
	char path[] = "/tmp/test_report_XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, xml, len), (ssize_t)len);
	close(fd);
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "if command -v xmllint >/dev/null 2>&1; then xmllint --noout --huge '%s'; "
		 "else python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' '%s'; fi",
		 path, path);
	int st = system(cmd);
	unlink(path);
	cr_assert_eq(st, 0, "JUnit output is not well-formed XML");
}

/* Walk GitHub workflow output as the runner would: inside a stop-commands
 * fence nothing is a command; outside, every line must be a command we emit.
 * Returns how many times `forged` was seen inside fences, and sets *real to
 * the count of `genuine` lines outside them. */
static int
github_walk(const char *out, const char *forged, const char *genuine, int *real)
{
	char token[256] = "";
	int inside = 0;
	*real = 0;
	char *copy = strdup(out);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (*token) {
			char end[300];
			snprintf(end, sizeof(end), "::%s::", token);
			if (strcmp(line, end) == 0)
				*token = '\0';
			else if (strcmp(line, forged) == 0)
				inside++;
			continue;
		}
		cr_assert(strncmp(line, "::", 2) == 0, "plain line outside a fence: %.80s", line);
		if (strncmp(line, "::stop-commands::", 17) == 0) {
			snprintf(token, sizeof(token), "%s", line + 17);
			cr_assert(*token, "empty stop token");
			continue;
		}
		cr_assert(strncmp(line, "::error ", 8) == 0 || strncmp(line, "::warning ", 10) == 0 ||
				  strncmp(line, "::notice ", 9) == 0 || strncmp(line, "::group::", 9) == 0 ||
				  strcmp(line, "::endgroup::") == 0,
			  "unexpected command outside a fence: %.80s", line);
		cr_assert_eq(strstr(line, forged), NULL, "forged command outside a fence");
		if (strcmp(line, genuine) == 0)
			(*real)++;
	}
	cr_assert_eq(*token, '\0', "fence left open");
	free(copy);
	return inside;
}

/* Markdown as CommonMark reads fences: returns how often `needle` appears
 * outside fenced code; asserts every fence is closed. */
static int
markdown_outside(const char *md, const char *needle, int *fences)
{
	size_t fence = 0;
	int outside = 0;
	*fences = 0;
	char *copy = strdup(md);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t ind = strspn(line, " ");
		size_t n = ind <= 3 ? strspn(line + ind, "`") : 0;
		if (fence == 0) {
			if (n >= 3) {
				fence = n;
				(*fences)++;
			} else if (strstr(line, needle))
				outside++;
		} else if (n >= fence && line[ind + n + strspn(line + ind + n, " \t")] == '\0')
			fence = 0;
	}
	cr_assert_eq(fence, 0, "a fenced block is never closed");
	free(copy);
	return outside;
}

/* Autolab's reading of an output: the last line, as JSON with "scores". */
static json_t *
autolab_scores(const char *out, size_t len)
{
	cr_assert(len > 0 && out[len - 1] == '\n', "output does not end with a newline");
	size_t start = len - 1;
	while (start > 0 && out[start - 1] != '\n')
		start--;
	json_error_t e;
	json_t *j = json_loadb(out + start, len - start, 0, &e);
	cr_assert_not_null(j, "last line is not JSON: %s: %.80s", e.text, out + start);
	cr_assert(json_is_object(json_object_get(j, "scores")));
	cr_assert_eq(json_array_size(json_object_get(j, "scoreboard")), 1);
	return j;
}

Test(report, format_parse)
{
	cr_assert_eq(report_format_parse("text"), FORMAT_TEXT);
	cr_assert_eq(report_format_parse("json"), FORMAT_JSON);
	cr_assert_eq(report_format_parse("gradescope"), FORMAT_GRADESCOPE);
	cr_assert_eq(report_format_parse("junit"), FORMAT_JUNIT);
	cr_assert_eq(report_format_parse("markdown"), FORMAT_MARKDOWN);
	cr_assert_eq(report_format_parse("github"), FORMAT_GITHUB);
	cr_assert_eq(report_format_parse("prairielearn"), FORMAT_PRAIRIELEARN);
	cr_assert_eq(report_format_parse("autolab"), FORMAT_AUTOLAB);
	cr_assert_eq(report_format_parse("JSON"), -1);
	cr_assert_eq(report_format_parse(""), -1);
	cr_assert_eq(report_format_parse(NULL), -1);
	struct grade_report r = { 0 };
	cr_assert_eq(report_write(stdout, 42, &r, NULL), -1);
	grade_report_free(&r);
	grade_report_free(NULL);
}

Test(report, text_golden)
{
	size_t len;
	char *out = render_golden(FORMAT_TEXT, "report.txt", &len);
	const char *head = "ipcgrade: shm-posix \u2014 5.5/10\nsandbox: root\n";
	cr_assert(strncmp(out, head, strlen(head)) == 0);
	cr_assert_eq(memchr(out, '\033', len), NULL, "raw escape reached the terminal");
	cr_assert_eq(strstr(out, "\nPASS talk"), NULL, "forged verdict line at line start");
	cr_assert_eq(count(out, "\nPASS "), 1);
	cr_assert_neq(strstr(out, "\n1 hidden test: 0/2\n"), NULL);
	cr_assert_eq(strstr(out, "stress"), NULL, "hidden test named");
	/* hint before detail before rerun */
	char *hint = strstr(out, "hint: call shm_unlink()");
	char *detail = strstr(out, "still exists");
	char *rerun = strstr(out, "rerun: ipcgrade grade --only 'talk");
	cr_assert(hint && detail && rerun && hint < detail && detail < rerun);
	free(out);
}

/* Every lost fraction of a point has its reason in every format: a check that
 * passed but was not credited is listed with its detail, like a failed one. */
Test(report, not_credited_in_every_format)
{
	static const int formats[] = { FORMAT_TEXT,  FORMAT_JSON,       FORMAT_MARKDOWN,     FORMAT_GITHUB,
				       FORMAT_JUNIT, FORMAT_GRADESCOPE, FORMAT_PRAIRIELEARN, FORMAT_AUTOLAB };
	struct grade_report r;
	struct report_opts o = { .color = false, .show_hidden = false };
	quiet_env();
	fixture(&r);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		int rc;
		char *out = capture(formats[i], &r, &o, &rc, NULL);
		cr_assert(out && strstr(out, "not credited: exit status of producer"), "format %d: %s", formats[i],
			  out ? out : "(null)");
		cr_assert(strstr(out, "did not do its job"), "format %d hides the reason", formats[i]);
		free(out);
	}
	grade_report_free(&r);
}

Test(report, text_color_and_hidden)
{
	struct grade_report r;
	struct report_opts o = { .color = true, .show_hidden = true };
	int rc;
	fixture(&r);
	char *out = capture(FORMAT_TEXT, &r, &o, &rc, NULL);
	grade_report_free(&r);
	cr_assert_eq(rc, 0);
	cr_assert_neq(strstr(out, "\033[1m\033[31mFAIL\033[0m talk"), NULL);
	cr_assert_neq(strstr(out, "\033[32mPASS\033[0m producer"), NULL);
	cr_assert_neq(strstr(out, "FAIL\033[0m stress: 100 rounds (0/2)"), NULL);
	cr_assert_eq(strstr(out, "hidden test:"), NULL);
	/* the student's escapes are still defused */
	cr_assert_eq(strstr(out, "\033[2J"), NULL);
	cr_assert_neq(strstr(out, "\\x1b[2J"), NULL);
	free(out);
}

Test(report, json_golden_and_parse)
{
	size_t len;
	char *out = render_golden(FORMAT_JSON, "report.json", &len);
	json_error_t e;
	json_t *j = json_loadb(out, len, 0, &e);
	cr_assert_not_null(j, "invalid JSON: %s at line %d", e.text, e.line);
	cr_assert(json_is_real(json_object_get(j, "score")));
	cr_assert_eq(json_real_value(json_object_get(j, "score")), 5.5);
	cr_assert_eq(json_real_value(json_object_get(j, "max_score")), 10.0);
	cr_assert_str_eq(json_string_value(json_object_get(j, "assignment")), "shm-posix");
	cr_assert_str_eq(json_string_value(json_object_get(j, "mode")), "root");
	cr_assert(json_is_null(json_object_get(j, "error")));
	json_t *builds = json_object_get(j, "builds");
	cr_assert_eq(json_array_size(builds), 2);
	cr_assert(json_is_false(json_object_get(json_array_get(builds, 1), "ok")));
	cr_assert(json_is_null(json_object_get(json_array_get(builds, 0), "log")));
	json_t *tests = json_object_get(j, "tests");
	cr_assert_eq(json_array_size(tests), 4);
	static const char *status[] = { "passed", "failed", "skipped", "failed" };
	static const char *vis[] = { "visible", "visible", "after_due_date", "hidden" };
	for (size_t i = 0; i < 4; i++) {
		json_t *t = json_array_get(tests, i);
		cr_assert_str_eq(json_string_value(json_object_get(t, "status")), status[i]);
		cr_assert_str_eq(json_string_value(json_object_get(t, "visibility")), vis[i]);
		cr_assert(json_is_real(json_object_get(t, "max_score")));
	}
	json_t *t1 = json_array_get(tests, 1);
	const char *o1 = json_string_value(json_object_get(t1, "output"));
	cr_assert_neq(strstr(o1, "::notice title=Autograding complete::Points 100/100"), NULL);
	cr_assert_neq(strstr(o1, "bad utf8: \xef\xbf\xbd\xef\xbf\xbd end"), NULL);
	cr_assert_neq(strstr(o1, "\033[2J"), NULL, "json keeps the output as the student sees it");
	cr_assert_eq(json_integer_value(json_object_get(t1, "runs")), 3);
	cr_assert(json_is_true(json_object_get(t1, "flaky")));
	json_t *c = json_array_get(json_object_get(t1, "checks"), 1);
	cr_assert_str_eq(json_string_value(json_object_get(c, "hint")),
			 "call shm_unlink() once both sides are done with the segment");
	cr_assert(json_is_false(json_object_get(c, "passed")));
	cr_assert(json_is_null(json_object_get(json_array_get(tests, 2), "repro")));
	json_decref(j);
	free(out);
}

Test(report, gradescope_golden_and_parse)
{
	size_t len;
	char *out = render_golden(FORMAT_GRADESCOPE, "report.gradescope.json", &len);
	json_error_t e;
	json_t *j = json_loadb(out, len, 0, &e);
	cr_assert_not_null(j, "invalid JSON: %s at line %d", e.text, e.line);
	cr_assert_eq(json_real_value(json_object_get(j, "score")), 5.5);
	cr_assert(json_is_integer(json_object_get(j, "execution_time")));
	cr_assert_eq(json_integer_value(json_object_get(j, "execution_time")), 12);
	cr_assert_str_eq(json_string_value(json_object_get(j, "stdout_visibility")), "hidden");
	cr_assert_neq(strstr(json_string_value(json_object_get(j, "output")), "expected ';'"), NULL);
	json_t *tests = json_object_get(j, "tests");
	cr_assert_eq(json_array_size(tests), 4);
	static const char *status[] = { "passed", "failed", "failed", "failed" };
	static const char *vis[] = { "visible", "visible", "after_due_date", "hidden" };
	static const double max[] = { 4, 3, 1, 2 };
	for (size_t i = 0; i < 4; i++) {
		json_t *t = json_array_get(tests, i);
		cr_assert_str_eq(json_string_value(json_object_get(t, "status")), status[i]);
		cr_assert_str_eq(json_string_value(json_object_get(t, "visibility")), vis[i]);
		cr_assert_eq(json_real_value(json_object_get(t, "max_score")), max[i]);
		cr_assert_str_eq(json_string_value(json_object_get(t, "output_format")), "text");
	}
	json_decref(j);
	free(out);
}

Test(report, prairielearn_golden_and_parse)
{
	size_t len;
	char *out = render_golden(FORMAT_PRAIRIELEARN, "report.prairielearn.json", &len);
	json_error_t e;
	json_t *j = json_loadb(out, len, 0, &e);
	cr_assert_not_null(j, "invalid JSON: %s at line %d", e.text, e.line);
	/* score is the fraction PrairieLearn wants, not points */
	cr_assert_eq(json_real_value(json_object_get(j, "score")), 5.5 / 10);
	cr_assert(json_is_true(json_object_get(j, "gradable")), "a compile error is the student's: gradable");
	cr_assert_neq(strstr(json_string_value(json_object_get(j, "output")), "expected ';'"), NULL);
	json_t *tests = json_object_get(j, "tests");
	/* three visible tests, then the hidden one as a total without its name */
	cr_assert_eq(json_array_size(tests), 4);
	static const double pts[] = { 4, 1.5, 0, 0 }, max[] = { 4, 3, 1, 2 };
	for (size_t i = 0; i < 4; i++) {
		json_t *t = json_array_get(tests, i);
		cr_assert_eq(json_real_value(json_object_get(t, "points")), pts[i]);
		cr_assert_eq(json_real_value(json_object_get(t, "max_points")), max[i]);
		cr_assert(json_is_string(json_object_get(t, "output")) &&
			  json_is_string(json_object_get(t, "message")));
	}
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(tests, 3), "name")), "1 hidden test");
	const char *o1 = json_string_value(json_object_get(json_array_get(tests, 1), "output"));
	cr_assert_neq(strstr(o1, "hint: call shm_unlink()"), NULL);
	cr_assert_neq(strstr(o1, "rerun: ipcgrade grade --only 'talk"), NULL);
	cr_assert_eq(strstr(o1, "\033"), NULL, "a raw escape reached the browser");
	cr_assert_eq(strstr(out, "stress"), NULL, "hidden test named");
	json_decref(j);
	free(out);
}

Test(report, autolab_golden_and_last_line)
{
	size_t len;
	char *out = render_golden(FORMAT_AUTOLAB, "report.autolab.txt", &len);
	json_t *j = autolab_scores(out, len);
	json_t *sc = json_object_get(j, "scores");
	cr_assert_eq(json_object_size(sc), 4);
	cr_assert_eq(json_real_value(json_object_get(sc, "producer creates the segment")), 4);
	cr_assert_eq(json_real_value(json_object_get(sc, "talk [producer: student, consumer: reference]")), 1.5);
	cr_assert_eq(json_real_value(json_object_get(sc, "consumer alone")), 0);
	cr_assert_eq(json_real_value(json_object_get(sc, "hidden tests")), 0);
	cr_assert_eq(json_real_value(json_array_get(json_object_get(j, "scoreboard"), 0)), 5.5);
	/* the program's forged {"score": 100} is indented inside the text, never a line of its own */
	cr_assert_eq(strstr(out, "\n{\"score\": 100}"), NULL);
	cr_assert_eq(strstr(out, "stress"), NULL, "hidden test named");
	cr_assert_eq(memchr(out, '\033', len), NULL);
	json_decref(j);
	free(out);
}

Test(report, junit_golden_and_well_formed)
{
	size_t len;
	char *out = render_golden(FORMAT_JUNIT, "report.junit.xml", &len);
	assert_xml_well_formed(out, len);
	cr_assert_neq(strstr(out, "tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\""), NULL);
	cr_assert_eq(count(out, "</failure>"), 2, "forged </failure> got through");
	cr_assert_eq(memchr(out, '\033', len), NULL);
	free(out);
}

Test(report, markdown_golden_and_fences)
{
	char *out = render_golden(FORMAT_MARKDOWN, "report.md", NULL);
	int fences;
	cr_assert_eq(markdown_outside(out, "{\"score\": 100}", &fences), 0, "student output escaped its fence");
	cr_assert_eq(markdown_outside(out, "bad utf8", &fences), 0);
	/* build log, failed test + rerun, skipped test */
	cr_assert_eq(fences, 4);
	cr_assert_neq(strstr(out, "\n````text\n"), NULL, "fence not longer than the content's ```");
	cr_assert_eq(strstr(out, "stress"), NULL, "hidden test named");
	cr_assert_neq(strstr(out, "| 1 hidden test | | 0/2 |"), NULL);
	free(out);
}

Test(report, github_golden_and_fence)
{
	char *out = render_golden(FORMAT_GITHUB, "report.github.txt", NULL);
	int real;
	int forged = github_walk(out, "::notice title=Autograding complete::Points 100/100",
				 "::notice title=Autograding complete::Points 5.5/10", &real);
	cr_assert_eq(forged, 1, "forged notice not found inside the fence");
	cr_assert_eq(real, 1);
	cr_assert_eq(count(out, "::notice title=Autograding report::{\"totalPoints\":5.5,\"maxPoints\":10}\n"), 1);
	cr_assert_neq(strstr(out, "::error title=talk [producer%3A student%2C consumer%3A reference] (1.5/3)::consumer "
				  "timed out after 5 s\n"),
		      NULL);
	cr_assert_eq(strstr(out, "stress"), NULL, "hidden test named");
	free(out);
}

Test(report, github_random_token)
{
	struct grade_report r;
	int rc;
	unsetenv("IPCGRADE_STOP_TOKEN");
	unsetenv("GITHUB_STEP_SUMMARY");
	fixture(&r);
	char *a = capture(FORMAT_GITHUB, &r, NULL, &rc, NULL);
	cr_assert_eq(rc, 0);
	char *b = capture(FORMAT_GITHUB, &r, NULL, &rc, NULL);
	cr_assert_eq(rc, 0);
	/* A token that could break the command line is not taken from the environment. */
	setenv("IPCGRADE_STOP_TOKEN", "x\n::notice::", 1);
	char *c = capture(FORMAT_GITHUB, &r, NULL, &rc, NULL);
	cr_assert_eq(rc, 0);
	grade_report_free(&r);
	char ta[64], tb[64], tc[64];
	char *fa = strstr(a, "::stop-commands::"), *fb = strstr(b, "::stop-commands::"),
	     *fc = strstr(c, "::stop-commands::");
	cr_assert(fa && fb && fc, "no stop-commands fence");
	cr_assert_eq(sscanf(fa, "::stop-commands::%63s", ta), 1);
	cr_assert_eq(sscanf(fb, "::stop-commands::%63s", tb), 1);
	cr_assert_eq(sscanf(fc, "::stop-commands::%63s", tc), 1);
	cr_assert_eq(strlen(ta), 32);
	cr_assert_eq(strspn(ta, "0123456789abcdef"), 32);
	cr_assert_str_neq(ta, tb);
	cr_assert_eq(strlen(tc), 32);
	free(a);
	free(b);
	free(c);
}

Test(report, github_known_token_in_output)
{
	/* With a fixed token the student could print it; the writer must notice. */
	struct grade_report r;
	int rc, real;
	fixture(&r);
	free(r.tests[1].output);
	r.tests[1].output = strdup("::KNOWN::\n::notice title=Autograding complete::Points 100/100\n");
	setenv("IPCGRADE_STOP_TOKEN", "KNOWN", 1);
	unsetenv("GITHUB_STEP_SUMMARY");
	char *out = capture(FORMAT_GITHUB, &r, NULL, &rc, NULL);
	grade_report_free(&r);
	cr_assert_eq(rc, 0);
	cr_assert_eq(github_walk(out, "::notice title=Autograding complete::Points 100/100",
				 "::notice title=Autograding complete::Points 5.5/10", &real),
		     1);
	cr_assert_eq(real, 1);
	free(out);
}

Test(report, github_step_summary)
{
	char path[] = "/tmp/test_report_summary_XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "previous step\n", 14), 14);
	close(fd);
	setenv("GITHUB_STEP_SUMMARY", path, 1);
	setenv("IPCGRADE_STOP_TOKEN", "GOLDENTOKEN", 1);
	struct grade_report r;
	struct report_opts o = { 0 };
	int rc;
	size_t mlen;
	fixture(&r);
	char *gh = capture(FORMAT_GITHUB, &r, NULL, &rc, NULL);
	cr_assert_eq(rc, 0);
	char *md = capture(FORMAT_MARKDOWN, &r, &o, &rc, &mlen);
	cr_assert_eq(rc, 0);
	grade_report_free(&r);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	char *got = calloc(1, mlen + 64);
	size_t n = fread(got, 1, mlen + 63, f);
	fclose(f);
	unlink(path);
	cr_assert_eq(n, 14 + mlen, "summary not appended exactly once");
	cr_assert(strncmp(got, "previous step\n", 14) == 0);
	cr_assert(memcmp(got + 14, md, mlen) == 0);
	/* an unwritable summary is a write error */
	setenv("GITHUB_STEP_SUMMARY", "/nonexistent-dir/summary.md", 1);
	fixture(&r);
	char *again = capture(FORMAT_GITHUB, &r, NULL, &rc, NULL);
	grade_report_free(&r);
	cr_assert_eq(rc, -1);
	free(again);
	free(got);
	free(md);
	free(gh);
}

Test(report, huge_hostile_output)
{
	/* 2 MB of output with the hostile lines at both ends: every format
	 * must stay valid, and the terminal view must stay short. */
	size_t big = 2 * 1024 * 1024;
	char *s = malloc(big + sizeof(HOSTILE) * 2);
	strcpy(s, HOSTILE);
	size_t o = strlen(s);
	while (o < big) {
		memcpy(s + o, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`\n", 41);
		o += 41;
	}
	strcpy(s + o, HOSTILE);
	struct grade_report r;
	struct report_opts opts = { 0 };
	fixture(&r);
	free(r.tests[1].output);
	r.tests[1].output = s;
	setenv("IPCGRADE_STOP_TOKEN", "GOLDENTOKEN", 1);
	unsetenv("GITHUB_STEP_SUMMARY");
	for (int fmt = FORMAT_TEXT; fmt <= FORMAT_AUTOLAB; fmt++) {
		int rc, fences, real;
		size_t len;
		char *out = capture(fmt, &r, &opts, &rc, &len);
		cr_assert_eq(rc, 0, "format %d failed", fmt);
		json_t *j;
		switch (fmt) {
		case FORMAT_TEXT:
			cr_assert_lt(len, 32 * 1024, "terminal report not cut");
			cr_assert_neq(strstr(out, "more bytes not shown]"), NULL);
			break;
		case FORMAT_JSON:
		case FORMAT_GRADESCOPE:
			j = json_loadb(out, len, 0, NULL);
			cr_assert_not_null(j);
			cr_assert_gt(strlen(json_string_value(json_object_get(
					     json_array_get(json_object_get(j, "tests"), 1), "output"))),
				     big);
			json_decref(j);
			break;
		case FORMAT_JUNIT:
			assert_xml_well_formed(out, len);
			break;
		case FORMAT_MARKDOWN:
			cr_assert_eq(markdown_outside(out, "{\"score\": 100}", &fences), 0);
			break;
		case FORMAT_GITHUB:
			cr_assert_eq(github_walk(out, "::notice title=Autograding complete::Points 100/100",
						 "::notice title=Autograding complete::Points 5.5/10", &real),
				     2);
			cr_assert_eq(real, 1);
			break;
		case FORMAT_PRAIRIELEARN:
			j = json_loadb(out, len, 0, NULL);
			cr_assert_not_null(j);
			cr_assert_eq(json_real_value(json_object_get(j, "score")), 0.55);
			json_decref(j);
			break;
		case FORMAT_AUTOLAB:
			j = autolab_scores(out, len);
			cr_assert_eq(json_real_value(json_array_get(json_object_get(j, "scoreboard"), 0)), 5.5);
			json_decref(j);
			break;
		}
		free(out);
	}
	grade_report_free(&r);
}

Test(report, null_fields)
{
	/* Everything optional left NULL, plus a grader error and a TEST_ERROR. */
	struct grade_report r = { 0 };
	r.error = strdup("reference binaries missing");
	r.nbuilds = 1;
	r.builds = calloc(1, sizeof(*r.builds));
	r.ntests = 2;
	r.tests = calloc(2, sizeof(*r.tests));
	r.tests[0].status = TEST_ERROR;
	r.tests[0].nchecks = 1;
	r.tests[0].checks = calloc(1, sizeof(*r.tests[0].checks));
	r.tests[1].status = TEST_FAILED;
	struct report_opts o = { .color = true, .show_hidden = true };
	setenv("IPCGRADE_STOP_TOKEN", "T", 1);
	unsetenv("GITHUB_STEP_SUMMARY");
	for (int fmt = FORMAT_TEXT; fmt <= FORMAT_AUTOLAB; fmt++) {
		int rc;
		size_t len;
		char *out = capture(fmt, &r, fmt == FORMAT_GITHUB ? NULL : &o, &rc, &len);
		cr_assert_eq(rc, 0, "format %d failed", fmt);
		if (fmt == FORMAT_JSON || fmt == FORMAT_GRADESCOPE || fmt == FORMAT_PRAIRIELEARN) {
			json_t *j = json_loadb(out, len, 0, NULL);
			cr_assert_not_null(j);
			if (fmt == FORMAT_PRAIRIELEARN)
				cr_assert(json_is_false(json_object_get(j, "gradable")), "a grader error is gradable");
			json_decref(j);
		}
		if (fmt == FORMAT_AUTOLAB)
			json_decref(autolab_scores(out, len));
		if (fmt == FORMAT_JUNIT) {
			assert_xml_well_formed(out, len);
			cr_assert_neq(strstr(out, "errors=\"1\""), NULL);
			cr_assert_neq(strstr(out, "<error message="), NULL);
		}
		free(out);
	}
	grade_report_free(&r);
}

Test(report, write_errors)
{
	struct grade_report r;
	struct report_opts o = { 0 };
	setenv("IPCGRADE_STOP_TOKEN", "T", 1);
	unsetenv("GITHUB_STEP_SUMMARY");
	fixture(&r);
	for (int fmt = FORMAT_TEXT; fmt <= FORMAT_AUTOLAB; fmt++) {
		FILE *f = fopen("/dev/full", "w");
		cr_assert_not_null(f);
		cr_assert_eq(report_write(f, fmt, &r, &o), -1, "format %d: ENOSPC not reported", fmt);
		fclose(f);
		f = fopen("/dev/null", "r");
		cr_assert_not_null(f);
		cr_assert_eq(report_write(f, fmt, &r, &o), -1, "format %d: read-only stream not reported", fmt);
		fclose(f);
	}
	grade_report_free(&r);
}

/* `ipcgrade run`'s account of queues: a queue left behind, and one removed
 * while it still held messages, say how many messages and bytes were never
 * received; the JSON carries the attributes and the last look. */
Test(report, run_summarises_queue_contents)
{
	struct ipc_object left = { .kind = IPCOBJ_SYSV_MSG,
				   .id = 0,
				   .key = 1234,
				   .size = 510,
				   .nattch = 2,
				   .qlimit = 16384,
				   .mode = 0666,
				   .last_msgs = 2,
				   .last_bytes = 510 };
	struct ipc_object gone = { .kind = IPCOBJ_POSIX_MQ,
				   .id = -1,
				   .name = "/my_mq",
				   .qlimit = 10,
				   .msgsize = 256,
				   .mode = 0666,
				   .last_msgs = 3,
				   .last_bytes = 12,
				   .removed_by = "mq_client" };
	struct ipc_object seen[] = { left, gone };
	struct scenario_result r;
	memset(&r, 0, sizeof(r));
	r.mode = SANDBOX_ROOT;
	r.seen = (struct ipc_snapshot){ seen, 2 };
	r.left = (struct ipc_snapshot){ &left, 1 };
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	report_run_text(f, &r, false);
	report_run_json(f, &r);
	fclose(f);
	cr_expect(strstr(buf, "msg key=0x000004d2 id=0 size=510 msgs=2 qbytes=16384 mode=0666 - never removed: call "
			      "msgctl(IPC_RMID); 2 messages (510 bytes) never received\n"),
		  "%s", buf);
	cr_expect(strstr(buf, "mqueue /my_mq size=0 msgs=0 maxmsg=10 msgsize=256 mode=0666 (removed by mq_client with "
			      "3 messages (12 bytes) never received)\n"),
		  "%s", buf);
	cr_expect(strstr(buf, "\"last_msgs\": 3") && strstr(buf, "\"msgsize\": 256") &&
			  strstr(buf, "\"qlimit\": 16384"),
		  "%s", buf);
	free(buf);
}
