/* End-to-end tests of `ipcgrade grade` through the CLI: the contract outside
 * tools depend on (exit codes, JSON fields), full marks for every reference
 * solution, and reports that survive hostile output. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-helpers.h"

TestSuite(grade, .timeout = 600);

/* Run argv with extra environment assignments, collecting the start of both
 * streams; killed after 300 s. o starts zeroed; each run releases the last
 * one's buffers, outcome_free the final one. */
static void
run(char *const argv[], char *const env[], struct outcome *o)
{
	outcome_free(o);
	run_capture(argv, env, 8192, 300, o);
}

/* A fresh submission folder; the caller fills it. */
static char *
new_dir(void)
{
	return fresh_dir("test-sub");
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
	remove_tree(dir);
	if (report)
		unlink(report);
	free(dir);
}

/* ipcgrade grade NAME DIR --format FMT -o REPORT [extra...] */
static void
grade(const char *name, const char *dir, const char *fmt, const char *report, const char *extra1, const char *extra2,
      char *const env[], struct outcome *o)
{
	char *argv[16] = { (char *)ipcgrade_bin(), "grade", (char *)name, (char *)dir, "--format", (char *)fmt, "-o",
			   (char *)report };
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
	json_array_foreach(tests, i, t)
	{
		cr_assert(json_is_string(json_object_get(t, "name")));
		cr_assert(json_is_number(json_object_get(t, "score")));
		cr_assert(json_is_number(json_object_get(t, "max_score")));
		cr_assert(json_is_string(json_object_get(t, "status")));
		cr_assert_not_null(json_object_get(t, "output"));
	}
	return r;
}

/* Every assignment of the source tree (assignments/NAME/): drop-in. */
ParameterizedTestParameters(grade, reference_full_marks)
{
	return assignment_params();
}

/* Grade the reference sources of an assignment (every C file of reference/NAME/,
 * under its own name) with its hidden tests: every test must pass. */
ParameterizedTest(struct assignment_param *a, grade, reference_full_marks)
{
	if (getenv("IPCGRADE_UNDER_VALGRIND")) /* make check-valgrind: no seccomp, so no fault injection */
		cr_skip_test("the hidden tests inject faults with seccomp, which valgrind cannot load");
	const char *name = a->name;
	char *dir = new_dir(), report[4200], hidden[4096], refdir[4200];
	snprintf(report, sizeof(report), "%s.json", dir);
	snprintf(hidden, sizeof(hidden), "%s/assignments/%s/hidden.yaml", top("IPCGRADE_TOP_SRCDIR"), name);
	snprintf(refdir, sizeof(refdir), "%s/reference/%s", top("IPCGRADE_TOP_SRCDIR"), name);
	char **files = list_dir(refdir, keep_c);
	cr_assert_not_null(files[0], "%s: no reference/%s/*.c", name, name);
	for (size_t i = 0; files[i]; i++) {
		char rel[4400];
		snprintf(rel, sizeof(rel), "reference/%s/%s", name, files[i]);
		put(dir, files[i], rel);
	}
	list_free(files);
	struct outcome o = { 0 };
	grade(name, dir, "json", report, "--hidden", hidden, NULL, &o);
	cr_assert_eq(o.status, 0, "%s: exit %d, stderr: %s", name, o.status, o.err);
	outcome_free(&o);
	json_t *r = load_report(report);
	double score = json_number_value(json_object_get(r, "score"));
	double max = json_number_value(json_object_get(r, "max_score"));
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(r, "tests"), i, t) cr_expect_str_eq(
		json_string_value(json_object_get(t, "status")), "passed", "%s: %s: %s", name,
		json_string_value(json_object_get(t, "name")), json_string_value(json_object_get(t, "output")));
	cr_assert_gt(max, 0, "%s: no points", name);
	cr_assert_float_eq(score, max, 1e-9, "%s: reference scored %g of %g", name, score, max);
	json_decref(r);
	outcome_free(&o);
	cleanup(dir, report);
}

/* Discovery found the assignments (an empty list would pass vacuously). */
Test(grade, assignments_are_found)
{
	char **v = assignments();
	cr_assert_not_null(v[0], "no assignments/*/assignment.yaml under %s", top("IPCGRADE_TOP_SRCDIR"));
	list_free(v);
}

Test(grade, starter_and_mistakes_lose_points)
{
	const char *const cases[][2] = {
		{ "assignments/shm-posix/shm_msg.c", "starter" },
		{ "assignments/shm-posix/examples/mistakes/shm_msg.c", "mistakes" },
	};
	for (size_t c = 0; c < 2; c++) {
		char *dir = new_dir(), report[4200];
		snprintf(report, sizeof(report), "%s.json", dir);
		put(dir, "shm_msg.c", cases[c][0]);
		struct outcome o = { 0 };
		grade("shm-posix", dir, "json", report, "--no-memcheck", NULL, NULL, &o);
		cr_assert_eq(o.status, 0, "%s: exit %d, stderr: %s", cases[c][1], o.status, o.err);
		json_t *r = load_report(report);
		double score = json_number_value(json_object_get(r, "score"));
		double max = json_number_value(json_object_get(r, "max_score"));
		cr_assert_lt(score, max, "%s scored full marks", cases[c][1]);
		json_decref(r);
		outcome_free(&o);
		cleanup(dir, report);
	}
}

Test(grade, compile_error_is_reported_and_scores_zero)
{
	char *dir = new_dir(), report[4200], src[4200];
	snprintf(report, sizeof(report), "%s.json", dir);
	snprintf(src, sizeof(src), "%s/shm_msg.c", dir);
	FILE *f = fopen(src, "w");
	cr_assert_not_null(f);
	fputs("int main(void) { return 0 }\n", f); /* missing ';' */
	fclose(f);
	struct outcome o = { 0 };
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
	outcome_free(&o);
	cleanup(dir, report);
}

Test(grade, exit_codes)
{
	char bin[4096], bad[4096];
	snprintf(bin, sizeof(bin), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(bad, sizeof(bad), "%s/tests/specs/bad/unknown-program.yaml", top("IPCGRADE_TOP_SRCDIR"));
	struct outcome o = { 0 };
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

	char *dir = new_dir(), report[4200];
	snprintf(report, sizeof(report), "%s.json", dir);
	put(dir, "shm_msg.c", "reference/shm-posix/shm_msg.c");
	grade("shm-posix", dir, "json", report, "--fail-under", "1000", NULL, &o);
	cr_assert_eq(o.status, 1, "below --fail-under: exit %d (%s)", o.status, o.err);
	char *env[] = { "IPCGRADE_REFERENCE_DIR=/nonexistent", NULL };
	unlink(report);
	grade("shm-posix", dir, "json", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 3, "missing reference: exit %d", o.status);
	json_t *r = load_report(report); /* a report is written all the same */
	cr_assert(json_is_string(json_object_get(r, "error")));
	json_decref(r);
	outcome_free(&o);
	cleanup(dir, report);
}

/* The hostile submission of tests/grading/hostile: exit passes, stdout fails. */
Test(grade, hostile_output_gives_valid_reports_and_the_right_score)
{
	char *dir = new_dir(), report[4200], spec[4096], refdir[4200];
	snprintf(report, sizeof(report), "%s.out", dir);
	snprintf(spec, sizeof(spec), "%s/tests/grading/hostile", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	put(dir, "noisy.c", "tests/grading/hostile/noisy.c");
	char *env[] = { refdir, NULL };
	struct outcome o = { 0 };
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
	char cmd[4300];
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
	outcome_free(&o);
	cleanup(dir, report);
}

/* Status, score and output of the test named name in report r. */
static json_t *
test_named(json_t *r, const char *name)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(r, "tests"), i, t)
	{
		if (!strcmp(json_string_value(json_object_get(t, "name")), name))
			return t;
	}
	cr_assert_fail("no test '%s' in the report", name);
	return NULL;
}

/* tests/grading/depends: "exits zero" depends on "prints hello". A program
 * that exits 0 but prints something else earns nothing for its exit status,
 * and the report says why; with the dependency met, both pay. */
Test(grade, a_test_whose_dependency_failed_earns_nothing)
{
	char *dir = new_dir(), report[4200], spec[4096], refdir[4200], src[4200];
	snprintf(report, sizeof(report), "%s.json", dir);
	snprintf(spec, sizeof(spec), "%s/tests/grading/depends", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(src, sizeof(src), "%s/noisy.c", dir);
	FILE *f = fopen(src, "w");
	cr_assert_not_null(f);
	fputs("#include <stdio.h>\nint main(void) { puts(\"bye\"); return 0; }\n", f);
	fclose(f);
	char *env[] = { refdir, NULL };
	struct outcome o = { 0 };
	grade(spec, dir, "json", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 0, "exit %d: %s", o.status, o.err);
	json_t *r = load_report(report);
	cr_assert_float_eq(json_number_value(json_object_get(r, "score")), 0.0, 1e-9);
	cr_assert_float_eq(json_number_value(json_object_get(r, "max_score")), 3.0, 1e-9);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r, "tests"), 0), "name")),
			 "exits zero", "the report keeps the spec's order");
	json_t *t = test_named(r, "exits zero");
	cr_assert_str_eq(json_string_value(json_object_get(t, "status")), "skipped");
	cr_assert_str_eq(json_string_value(json_object_get(t, "output")),
			 "not credited: depends on 'prints hello', which earned no points (not run)\n");
	json_decref(r);

	/* --test: the dependency is graded, but only the selected test is reported */
	grade(spec, dir, "json", report, "--test", "exits zero", env, &o);
	cr_assert_eq(o.status, 0, "exit %d: %s", o.status, o.err);
	r = load_report(report);
	cr_assert_eq(json_array_size(json_object_get(r, "tests")), 1);
	cr_assert_float_eq(json_number_value(json_object_get(r, "max_score")), 1.0, 1e-9);
	cr_assert_str_eq(json_string_value(json_object_get(test_named(r, "exits zero"), "status")), "skipped");
	json_decref(r);

	put(dir, "noisy.c", "tests/grading/quiet.c");
	grade(spec, dir, "json", report, NULL, NULL, env, &o);
	cr_assert_eq(o.status, 0, "exit %d: %s", o.status, o.err);
	r = load_report(report);
	cr_assert_float_eq(json_number_value(json_object_get(r, "score")), 3.0, 1e-9);
	cr_assert_str_eq(json_string_value(json_object_get(test_named(r, "exits zero"), "status")), "passed");
	json_decref(r);
	outcome_free(&o);
	cleanup(dir, report);
}
