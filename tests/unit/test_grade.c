/* End-to-end tests of `ipcgrade grade` through the CLI: the contract outside
 * tools depend on (exit codes, JSON fields), full marks for every reference
 * solution, and reports that survive hostile output. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture-streams.h"

TestSuite(grade, .timeout = 600);

/* The build or source tree, from the test environment. */
static const char *
top(const char *var)
{
	const char *v = getenv(var);
	return v && *v ? v : ".";
}

struct outcome {
	int status;		/* exit status, or 128 + signal */
	char out[8192];		/* start of stdout */
	char err[8192];		/* start of stderr */
};

/* Run argv with extra environment assignments, collecting the start of both
 * streams; killed after 300 s. */
static void
run(char *const argv[], char *const env[], struct outcome *o)
{
	int po[2], pe[2];
	memset(o, 0, sizeof(*o));
	cr_assert_eq(pipe(po), 0);
	cr_assert_eq(pipe(pe), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	size_t no = 0, ne = 0;
	if (!collect_streams(po[0], pe[0], o->out, &no, o->err, &ne, sizeof(o->out) - 1, 300))
		kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A fresh submission folder; the caller fills it. */
static char *
new_dir(void)
{
	char tmpl[] = "/tmp/ipcgrade-test-sub.XXXXXX";
	cr_assert_not_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

/* Copy a file from the source tree into dir under name. */
static void
put(const char *dir, const char *name, const char *src_rel)
{
	char src[4096], dst[4096], cmd[9000];
	snprintf(src, sizeof(src), "%s/%s", top("IPCGRADE_TOP_SRCDIR"), src_rel);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, dst);
	cr_assert_eq(system(cmd), 0, "cannot copy %s", src);
}

/* Remove a submission folder and a report file. */
static void
cleanup(char *dir, const char *report)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
	if (report)
		unlink(report);
	free(dir);
}

/* ipcgrade grade NAME DIR --format FMT -o REPORT [extra...] */
static void
grade(const char *name, const char *dir, const char *fmt, const char *report, const char *extra1,
      const char *extra2, char *const env[], struct outcome *o)
{
	char bin[4096];
	snprintf(bin, sizeof(bin), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[16] = { bin, "grade", (char *)name, (char *)dir, "--format", (char *)fmt, "-o", (char *)report };
	int k = 8;
	if (extra1)
		argv[k++] = (char *)extra1;
	if (extra2)
		argv[k++] = (char *)extra2;
	argv[k] = NULL;
	run(argv, env, o);
}

/* Load a JSON report and check the contract's top-level fields. */
static json_t *
load_report(const char *path)
{
	json_error_t je;
	json_t *r = json_load_file(path, 0, &je);
	cr_assert_not_null(r, "%s is not valid JSON: %s (line %d)", path, je.text, je.line);
	cr_assert(json_is_number(json_object_get(r, "score")));
	cr_assert(json_is_number(json_object_get(r, "max_score")));
	json_t *tests = json_object_get(r, "tests");
	cr_assert(json_is_array(tests));
	size_t i;
	json_t *t;
	json_array_foreach(tests, i, t) {
		cr_assert(json_is_string(json_object_get(t, "name")));
		cr_assert(json_is_number(json_object_get(t, "score")));
		cr_assert(json_is_number(json_object_get(t, "max_score")));
		cr_assert(json_is_string(json_object_get(t, "status")));
		cr_assert_not_null(json_object_get(t, "output"));
	}
	return r;
}

/* Grade the reference sources of an assignment with its hidden tests: every test must pass. */
static void
reference_full_marks(const char *name, const char *const files[][2], size_t nfiles)
{
	if (getenv("IPCGRADE_UNDER_VALGRIND"))	/* make check-valgrind: no seccomp, so no fault injection */
		cr_skip_test("the hidden tests inject faults with seccomp, which valgrind cannot load");
	char *dir = new_dir(), report[64], hidden[4096];
	snprintf(report, sizeof(report), "/tmp/ipcgrade-test-%d.json", (int)getpid());
	snprintf(hidden, sizeof(hidden), "%s/assignments/%s/hidden.yaml", top("IPCGRADE_TOP_SRCDIR"), name);
	for (size_t i = 0; i < nfiles; i++)
		put(dir, files[i][0], files[i][1]);
	struct outcome o;
	grade(name, dir, "json", report, "--hidden", hidden, NULL, &o);
	cr_assert_eq(o.status, 0, "exit %d, stderr: %s", o.status, o.err);
	json_t *r = load_report(report);
	double score = json_number_value(json_object_get(r, "score"));
	double max = json_number_value(json_object_get(r, "max_score"));
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(r, "tests"), i, t)
		cr_expect_str_eq(json_string_value(json_object_get(t, "status")), "passed", "%s: %s",
				 json_string_value(json_object_get(t, "name")),
				 json_string_value(json_object_get(t, "output")));
	cr_assert_gt(max, 0);
	cr_assert_float_eq(score, max, 1e-9, "%s: reference scored %g of %g", name, score, max);
	json_decref(r);
	cleanup(dir, report);
}

Test(grade, reference_shm_sysv_fork)
{
	static const char *const f[][2] = { { "shm_fork.c", "reference/shm-sysv-fork/shm_fork.c" } };
	reference_full_marks("shm-sysv-fork", f, 1);
}

Test(grade, reference_shm_sysv_clientserver)
{
	static const char *const f[][2] = { { "server.c", "reference/shm-sysv-clientserver/server.c" },
					    { "client.c", "reference/shm-sysv-clientserver/client.c" } };
	reference_full_marks("shm-sysv-clientserver", f, 2);
}

Test(grade, reference_shm_ftok)
{
	static const char *const f[][2] = { { "shm_ftok.c", "reference/shm-ftok/shm_ftok.c" } };
	reference_full_marks("shm-ftok", f, 1);
}

Test(grade, reference_shm_posix)
{
	static const char *const f[][2] = { { "shm_msg.c", "reference/shm-posix/shm_msg.c" } };
	reference_full_marks("shm-posix", f, 1);
}

Test(grade, starter_and_mistakes_lose_points)
{
	const char *const cases[][2] = {
		{ "assignments/shm-posix/shm_msg.c", "starter" },
		{ "assignments/shm-posix/examples/mistakes/shm_msg.c", "mistakes" },
	};
	for (size_t c = 0; c < 2; c++) {
		char *dir = new_dir(), report[64];
		snprintf(report, sizeof(report), "/tmp/ipcgrade-test-%d.json", (int)getpid());
		put(dir, "shm_msg.c", cases[c][0]);
		struct outcome o;
		grade("shm-posix", dir, "json", report, "--no-memcheck", NULL, NULL, &o);
		cr_assert_eq(o.status, 0, "%s: exit %d, stderr: %s", cases[c][1], o.status, o.err);
		json_t *r = load_report(report);
		double score = json_number_value(json_object_get(r, "score"));
		double max = json_number_value(json_object_get(r, "max_score"));
		cr_assert_lt(score, max, "%s scored full marks", cases[c][1]);
		json_decref(r);
		cleanup(dir, report);
	}
}

Test(grade, compile_error_is_reported_and_scores_zero)
{
	char *dir = new_dir(), report[64], src[4200];
	snprintf(report, sizeof(report), "/tmp/ipcgrade-test-%d.json", (int)getpid());
	snprintf(src, sizeof(src), "%s/shm_msg.c", dir);
	FILE *f = fopen(src, "w");
	cr_assert_not_null(f);
	fputs("int main(void) { return 0 }\n", f);	/* missing ';' */
	fclose(f);
	struct outcome o;
	grade("shm-posix", dir, "json", report, NULL, NULL, NULL, &o);
	cr_assert_eq(o.status, 0, "exit %d: %s", o.status, o.err);
	json_t *r = load_report(report);
	cr_assert_float_eq(json_number_value(json_object_get(r, "score")), 0, 1e-9);
	json_t *b = json_array_get(json_object_get(r, "builds"), 0);
	cr_assert(json_is_false(json_object_get(b, "ok")));
	cr_assert_not_null(strstr(json_string_value(json_object_get(b, "log")), "error"));
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(r, "tests"), i, t)
		cr_assert_str_eq(json_string_value(json_object_get(t, "status")), "skipped");
	json_decref(r);
	cleanup(dir, report);
}

Test(grade, exit_codes)
{
	char bin[4096], bad[4096];
	snprintf(bin, sizeof(bin), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(bad, sizeof(bad), "%s/tests/specs/bad/unknown-program.yaml", top("IPCGRADE_TOP_SRCDIR"));
	struct outcome o;
	char *usage[] = { bin, "grade", NULL };
	run(usage, NULL, &o);
	cr_assert_eq(o.status, 2, "usage: exit %d", o.status);
	char *unknown[] = { bin, "grade", "no-such-assignment", "/tmp", NULL };
	run(unknown, NULL, &o);
	cr_assert_eq(o.status, 2);
	cr_assert_not_null(strstr(o.err, "no-such-assignment"), "%s", o.err);
	char *badspec[] = { bin, "grade", bad, "/tmp", NULL };
	run(badspec, NULL, &o);
	cr_assert_eq(o.status, 2, "bad spec: exit %d", o.status);
	cr_assert_not_null(strstr(o.err, "unknown-program.yaml:"), "no file:line in: %s", o.err);

	char *dir = new_dir(), report[64];
	snprintf(report, sizeof(report), "/tmp/ipcgrade-test-%d.json", (int)getpid());
	put(dir, "shm_msg.c", "reference/shm-posix/shm_msg.c");
	grade("shm-posix", dir, "json", report, "--fail-under", "1000", NULL, &o);
	cr_assert_eq(o.status, 1, "below --fail-under: exit %d (%s)", o.status, o.err);
	char *env[] = { "IPCGRADE_REFERENCE_DIR=/nonexistent", NULL };
	unlink(report);
	grade("shm-posix", dir, "json", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 3, "missing reference: exit %d", o.status);
	json_t *r = load_report(report);	/* a report is written all the same */
	cr_assert(json_is_string(json_object_get(r, "error")));
	json_decref(r);
	cleanup(dir, report);
}

/* The hostile submission of tests/grading/hostile: exit passes, stdout fails. */
Test(grade, hostile_output_gives_valid_reports_and_the_right_score)
{
	char *dir = new_dir(), report[64], spec[4096], refdir[4200];
	snprintf(report, sizeof(report), "/tmp/ipcgrade-test-%d.out", (int)getpid());
	snprintf(spec, sizeof(spec), "%s/tests/grading/hostile", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	put(dir, "noisy.c", "tests/grading/hostile/noisy.c");
	char *env[] = { refdir, NULL };
	struct outcome o;
	grade(spec, dir, "json", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 0, "exit %d: %s", o.status, o.err);
	json_t *r = load_report(report);
	cr_assert_float_eq(json_number_value(json_object_get(r, "score")), 2.0, 1e-9);
	cr_assert_float_eq(json_number_value(json_object_get(r, "max_score")), 4.0, 1e-9);
	json_decref(r);

	grade(spec, dir, "gradescope", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 0);
	json_error_t je;
	r = json_load_file(report, 0, &je);
	cr_assert_not_null(r, "gradescope results.json invalid: %s", je.text);
	cr_assert_float_eq(json_number_value(json_object_get(r, "score")), 2.0, 1e-9);
	json_decref(r);

	grade(spec, dir, "junit", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 0);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", report);
	cr_assert_eq(system(cmd), 0, "JUnit XML is not well-formed");

	grade(spec, dir, "github", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 0);
	FILE *f = fopen(report, "r");
	cr_assert_not_null(f);
	char line[65536];
	int real_points = 0;
	bool fenced = false;
	char token[256] = "";
	while (fgets(line, sizeof(line), f)) {
		if (!fenced && strncmp(line, "::stop-commands::", 17) == 0) {
			snprintf(token, sizeof(token), "::%.200s", line + 17);
			token[strcspn(token, "\n")] = '\0';
			strcat(token, "::");
			fenced = true;
			continue;
		}
		if (fenced) {
			if (strncmp(line, token, strlen(token)) == 0)
				fenced = false;
			continue;
		}
		if (strstr(line, "::notice title=Autograding complete::"))
			real_points += strstr(line, "Points 2/4") != NULL ? 1 : 100;
	}
	fclose(f);
	cr_assert_eq(real_points, 1, "expected exactly one real 'Points 2/4' notice outside fences");
	cleanup(dir, report);
}
