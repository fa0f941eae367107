/* Unit tests for harness/assignment/spec.c: the assignment.yaml loader.
 *
 * Fixtures live in tests/specs/{good,bad,hidden}; they are found through
 * IPCGRADE_TOP_SRCDIR (set by `make check`, "." otherwise). Error messages are
 * compared whole: they are what an instructor reads, so a change in wording
 * should be a deliberate one. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec.h"

/* Not PATH_MAX: -Iharness makes <limits.h> resolve to harness/sandbox/proc-limits.h. */
#define PATHBUF 4096

/* Path of a fixture under tests/specs. */
static const char *
fixture(const char *rel)
{
	static char buf[4][PATHBUF];
	static int next;
	const char *top = getenv("IPCGRADE_TOP_SRCDIR");
	char *p = buf[next++ % 4];
	snprintf(p, PATHBUF, "%s/tests/specs/%s", top && *top ? top : ".", rel);
	return p;
}

/* Load a fixture that must be valid. */
static void
load_ok(const char *rel, struct assignment *a)
{
	char err[1024] = "";
	int rc = spec_load(fixture(rel), a, err, sizeof err);
	cr_assert_eq(rc, 0, "%s: %s", rel, err);
	cr_assert_str_eq(err, "");
}

/* Load a fixture that must fail with exactly "PATH" + suffix. */
static void
load_bad(const char *rel, const char *suffix)
{
	struct assignment a;
	char err[1024] = "", want[PATHBUF + 1024];
	const char *path = fixture(rel);
	cr_assert_eq(spec_load(path, &a, err, sizeof err), -1, "%s loaded", rel);
	snprintf(want, sizeof want, "%s%s", path, suffix);
	cr_assert_str_eq(err, want);
	cr_assert_null(a.tests, "failed load must leave nothing behind");
	cr_assert_eq(a.ntests, 0);
	spec_free(&a); /* harmless after a failed load */
}

/* A message that must start with PATH:LINE: and contain a phrase. */
static void
load_bad_like(const char *rel, const char *prefix, const char *phrase)
{
	struct assignment a;
	char err[1024] = "", want[PATHBUF + 64];
	const char *path = fixture(rel);
	cr_assert_eq(spec_load(path, &a, err, sizeof err), -1, "%s loaded", rel);
	snprintf(want, sizeof want, "%s%s", path, prefix);
	cr_assert_eq(strncmp(err, want, strlen(want)), 0, "got '%s', want prefix '%s'", err, want);
	cr_assert_not_null(strstr(err, phrase), "got '%s', want '%s' in it", err, phrase);
}

Test(spec_good, full_example)
{
	struct assignment a;
	load_ok("good/full.yaml", &a);
	cr_assert_str_eq(a.name, "shm-sysv-clientserver");
	cr_assert_str_eq(a.title, "System V shared memory: client and server");
	cr_assert_str_eq(a.file, fixture("good/full.yaml"));
	cr_assert_eq(strcmp(a.dir + strlen(a.dir) - strlen("tests/specs/good"), "tests/specs/good"), 0, "dir %s",
		     a.dir);

	cr_assert_eq(a.nprograms, 2);
	cr_assert_str_eq(a.programs[0].name, "server");
	cr_assert_eq(a.programs[0].nsources, 1);
	cr_assert_str_eq(a.programs[0].sources[0], "server.c");
	cr_assert_str_eq(a.programs[1].reference, "shm-sysv-clientserver/client");
	cr_assert_str_eq(a.programs[1].cflags, "");
	cr_assert_eq(spec_program(&a, "client"), &a.programs[1]);
	cr_assert_null(spec_program(&a, "clinet"));

	cr_assert_str_eq(a.cflags, "-std=gnu11 -Wall -Wextra -O1");
	cr_assert_str_eq(a.libs, "-lrt");
	cr_assert_eq(a.time_scale, 10);
	cr_assert_eq(a.timeout, 20);
	cr_assert_eq(a.limits.cpu_sec, 10);
	cr_assert_eq(a.limits.as_bytes, 512ULL << 20);
	cr_assert_eq(a.limits.nproc, 64);
	cr_assert_eq(a.limits.nofile, 64);
	cr_assert_eq(a.limits.fsize_bytes, 16ULL << 20);

	cr_assert_eq(a.nobjects, 1);
	cr_assert_eq(a.objects[0].kind, IPCOBJ_SYSV_SHM);
	cr_assert_eq(a.objects[0].key, 1234);
	cr_assert_eq(a.objects[0].size, 1);
	cr_assert_eq(a.objects[0].mode, 0666, "mode 0666 is YAML 1.1 octal, got %o", a.objects[0].mode);

	cr_assert_eq(a.ntests, 1);
	const struct spec_test *t = &a.tests[0];
	cr_assert_str_eq(t->name, "server and client talk");
	cr_assert_eq(t->line, 28);
	cr_assert_eq(t->file, a.file);
	cr_assert_not(t->hidden_file);
	cr_assert_eq(t->points, 10);
	cr_assert_eq(t->visibility, VIS_VISIBLE);
	cr_assert_eq(t->feedback, FEEDBACK_FULL);
	cr_assert(t->pairings);
	cr_assert_eq(t->runs, 1);
	cr_assert_eq(t->pass, 1);
	cr_assert_eq(t->timeout, 20);
	cr_assert_str_eq(t->hint, "The server must print every key the client sends, including q.");

	cr_assert_eq(t->nsteps, 12);
	const struct step *s = t->steps;
	cr_assert_eq(s[0].kind, STEP_START);
	cr_assert_str_eq(s[0].program, "server");
	cr_assert_str_eq(s[0].proc, "server");
	cr_assert_eq(s[0].role, ROLE_PAIRING);
	cr_assert_eq(s[0].line, 38);
	cr_assert_eq(s[1].kind, STEP_WAIT_IPC);
	cr_assert_eq(s[1].ipc_kind, IPCOBJ_SYSV_SHM);
	cr_assert_eq(s[1].key, 1234);
	cr_assert_eq(s[2].kind, STEP_START);
	cr_assert_eq(s[2].role, ROLE_STUDENT);
	cr_assert_eq(s[2].nargs, 0);
	cr_assert_eq(s[2].nenv, 1);
	cr_assert_str_eq(s[2].env[0], "X=1");
	cr_assert_eq(s[2].nfaults, 1);
	cr_assert_str_eq(s[2].faults[0].syscall, "shmget");
	cr_assert_eq(s[2].faults[0].err, ENOSPC);
	cr_assert(s[2].faults[0].has_arg0);
	cr_assert_eq(s[2].faults[0].arg0, 1234);
	cr_assert_eq(s[3].kind, STEP_SEND);
	cr_assert_str_eq(s[3].proc, "client");
	cr_assert_str_eq(s[3].text, "a\n");
	cr_assert_eq(s[4].kind, STEP_WAIT_OUTPUT);
	cr_assert_str_eq(s[4].proc, "server");
	cr_assert_str_eq(s[4].text, "You pressed a");
	cr_assert_eq(s[4].stream, 1);
	cr_assert_eq(s[4].seconds, 5);
	cr_assert_eq(s[6].kind, STEP_CLOSE_STDIN);
	cr_assert_str_eq(s[6].proc, "client");
	cr_assert_eq(s[7].kind, STEP_SIGNAL);
	cr_assert_eq(s[7].signo, SIGINT);
	cr_assert_eq(s[8].kind, STEP_SLEEP);
	cr_assert_eq(s[8].seconds, 0.5);
	cr_assert_eq(s[9].kind, STEP_AUDIT);
	cr_assert_eq(s[10].kind, STEP_WAIT_EXIT);
	cr_assert_str_eq(s[11].proc, "server");
	cr_assert_eq(s[11].line, 49);

	cr_assert_eq(t->nchecks, 9);
	const struct spec_check *c = t->checks;
	cr_assert_eq(c[0].kind, CHECK_EXIT);
	cr_assert_null(c[0].proc);
	cr_assert_eq(c[0].exit, EXPECT_REFERENCE);
	cr_assert_eq(c[0].weight, 1);
	cr_assert_eq(c[0].line, 51);
	cr_assert_eq(c[1].exit, EXPECT_ZERO);
	cr_assert_str_eq(c[1].proc, "client");
	cr_assert_eq(c[2].kind, CHECK_STDOUT);
	cr_assert_eq(c[3].kind, CHECK_STDERR);
	cr_assert_str_eq(c[3].expect, "nonempty");
	cr_assert_eq(c[4].kind, CHECK_IPC);
	cr_assert(c[4].match_key);
	cr_assert_eq(c[5].kind, CHECK_CLEANUP);
	cr_assert_eq(c[6].kind, CHECK_BUSY_WAIT);
	cr_assert_eq(c[7].kind, CHECK_MEMCHECK);
	cr_assert_eq(c[8].kind, CHECK_OUTPUT_MATCH);
	cr_assert_str_eq(c[8].expect, "You pressed q");
	cr_assert_eq(c[8].weight, 2);
	spec_free(&a);
	cr_assert_null(a.tests);
}

Test(spec_good, defaults)
{
	struct assignment a;
	load_ok("good/minimal.yaml", &a);
	cr_assert_str_eq(a.title, "minimal", "title defaults to the name");
	cr_assert_str_eq(a.cflags, "-std=gnu11 -Wall -Wextra -O1");
	cr_assert_str_eq(a.libs, "-lrt");
	cr_assert_eq(a.time_scale, 1);
	cr_assert_eq(a.timeout, 20);
	struct proc_limits def;
	proc_limits_default(&def);
	cr_assert_eq(memcmp(&a.limits, &def, sizeof def), 0, "limits are proc_limits_default()");
	cr_assert_eq(a.nobjects, 0);
	const struct spec_test *t = &a.tests[0];
	cr_assert_eq(t->points, 1);
	cr_assert_eq(t->runs, 1);
	cr_assert_eq(t->pass, 1);
	cr_assert_eq(t->visibility, VIS_VISIBLE);
	cr_assert_eq(t->feedback, FEEDBACK_FULL);
	cr_assert_not(t->pairings, "one program: no pairings");
	cr_assert_eq(t->timeout, 20);
	cr_assert_null(t->hint);
	cr_assert_eq(t->steps[1].kind, STEP_WAIT_EXIT);
	cr_assert_eq(t->steps[1].seconds, 0);
	cr_assert_eq(t->checks[0].exit, EXPECT_REFERENCE);
	spec_free(&a);
}

Test(spec_good, short_and_long_forms)
{
	struct assignment a;
	load_ok("good/forms.yaml", &a);
	cr_assert_eq(a.programs[0].nsources, 2);
	cr_assert_str_eq(a.programs[0].sources[1], "common.c");
	cr_assert_str_eq(a.programs[0].cflags, "-DWRITER");
	cr_assert_eq(a.limits.as_bytes, 0, "memory: 0 is unlimited");
	cr_assert_eq(a.limits.nofile, 32);
	cr_assert_eq(a.objects[0].kind, IPCOBJ_POSIX_SHM);
	cr_assert_str_eq(a.objects[0].name, "/forms_shm");
	cr_assert_eq(a.objects[0].mode, 0600, "quoted \"0600\" is octal too");
	cr_assert_eq(a.objects[1].kind, IPCOBJ_SYSV_SEM);
	cr_assert_eq(a.objects[1].key, 0x4d2);
	cr_assert_eq(a.objects[1].mode, 0640);

	const struct spec_test *t = &a.tests[0];
	cr_assert(t->pairings, "two programs started: pairings by default");
	cr_assert_eq(t->runs, 5);
	cr_assert_eq(t->pass, 5, "pass defaults to runs");
	const struct step *s = t->steps;
	cr_assert_eq(s[1].ipc_kind, IPCOBJ_POSIX_SHM);
	cr_assert_str_eq(s[1].text, "/forms_shm");
	cr_assert_eq(s[1].seconds, 3);
	cr_assert_eq(s[3].signo, SIGUSR1);
	cr_assert_eq(s[4].signo, SIGINT);
	cr_assert(s[4].no_settle, "settle: false acts at once");
	cr_assert_not(s[3].no_settle, "an acting step settles by default");
	cr_assert_eq(s[5].kind, STEP_CLOSE_STDIN);
	cr_assert_str_eq(s[5].proc, "reader");
	cr_assert_eq(s[6].stream, 2);
	cr_assert_eq(s[7].seconds, 2);
	cr_assert_eq(s[8].kind, STEP_AUDIT);
	cr_assert_eq(s[9].seconds, 4.5);
	cr_assert_not(t->checks[0].match_key);
	cr_assert_eq(t->checks[1].exit, EXPECT_NONZERO);
	cr_assert_eq(t->checks[1].weight, 0.5);
	cr_assert_null(t->checks[2].expect, "stderr without expect: against the reference");

	t = &a.tests[1];
	cr_assert_not(t->pairings, "the same program twice: no pairings");
	cr_assert_eq(t->points, 2.5);
	cr_assert_eq(t->visibility, VIS_AFTER_DUE_DATE);
	cr_assert_eq(t->feedback, FEEDBACK_VERDICT);
	cr_assert_eq(t->runs, 3);
	cr_assert_eq(t->pass, 2);
	cr_assert_eq(t->timeout, 7);
	s = t->steps;
	cr_assert_str_eq(s[0].proc, "first");
	cr_assert_str_eq(s[0].program, "writer");
	cr_assert_eq(s[0].role, ROLE_REFERENCE);
	cr_assert_eq(s[0].nargs, 2);
	cr_assert_str_eq(s[0].args[0], "--count");
	cr_assert_str_eq(s[0].args[1], "3");
	cr_assert_str_eq(s[1].proc, "second");
	cr_assert_eq(s[2].ipc_kind, IPCOBJ_SYSV_SEM);
	cr_assert_eq(s[2].key, 1234);
	cr_assert_eq(s[3].ipc_kind, IPCOBJ_POSIX_MQ);
	cr_assert_str_eq(s[3].text, "/forms_mq");
	cr_assert_eq(t->checks[1].kind, CHECK_OUTPUT_MATCH);
	cr_assert_str_eq(t->checks[1].expect, "ok [0-9]+");
	spec_free(&a);
}

/* wait_signal_ready: the process, the signal by name, the deadline. */
Test(spec_good, wait_signal_ready)
{
	struct assignment a;
	load_ok("good/wait-signal-ready.yaml", &a);
	const struct step *s = &a.tests[0].steps[1];
	cr_assert_eq(s->kind, STEP_WAIT_SIGNAL_READY);
	cr_assert_str_eq(s->proc, "server");
	cr_assert_eq(s->signo, SIGUSR1);
	cr_assert_float_eq(s->seconds, 2.0, 1e-9);
	spec_free(&a);
}

Test(spec_good, names)
{
	cr_assert_str_eq(visibility_name(VIS_AFTER_PUBLISHED), "after_published");
	cr_assert_str_eq(feedback_name(FEEDBACK_OUTPUT), "output");
	cr_assert_str_eq(check_kind_name(CHECK_BUSY_WAIT), "busy_wait");
	cr_assert_str_eq(check_kind_name(CHECK_OUTPUT_MATCH), "output_match");
}

Test(spec_hidden, appends)
{
	struct assignment a;
	char err[1024] = "";
	load_ok("good/minimal.yaml", &a);
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/extra.yaml"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(a.ntests, 3);
	cr_assert_str_eq(a.tests[0].name, "runs");
	cr_assert_not(a.tests[0].hidden_file);
	cr_assert_str_eq(a.tests[1].name, "secret");
	cr_assert(a.tests[1].hidden_file);
	cr_assert_eq(a.tests[1].visibility, VIS_HIDDEN, "hidden file: hidden by default");
	cr_assert_str_eq(a.tests[1].file, fixture("hidden/extra.yaml"));
	cr_assert_eq(a.tests[1].line, 3);
	cr_assert_eq(a.tests[1].checks[0].kind, CHECK_STDOUT);
	cr_assert_eq(a.tests[2].visibility, VIS_AFTER_PUBLISHED);
	cr_assert_eq(a.tests[2].timeout, a.timeout);
	spec_free(&a);
}

Test(spec_hidden, duplicate_name_with_main_file)
{
	struct assignment a;
	char err[1024] = "", want[PATHBUF * 2];
	load_ok("good/minimal.yaml", &a);
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/dup.yaml"), err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2: duplicate test name 'runs' (first at %s:8)", fixture("hidden/dup.yaml"),
		 fixture("good/minimal.yaml"));
	cr_assert_str_eq(err, want);
	cr_assert_eq(a.ntests, 1, "a failed hidden load appends nothing");
	spec_free(&a);
}

Test(spec_hidden, only_tests_allowed)
{
	struct assignment a;
	char err[1024] = "", want[PATHBUF + 256];
	load_ok("good/minimal.yaml", &a);
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/extra-key.yaml"), err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1: unknown key 'name' in the hidden tests file (allowed: tests)",
		 fixture("hidden/extra-key.yaml"));
	cr_assert_str_eq(err, want);
	spec_free(&a);
}

Test(spec_hidden, all_or_nothing)
{
	struct assignment a;
	char err[1024] = "", want[PATHBUF + 256];
	load_ok("good/minimal.yaml", &a);
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/unknown-program.yaml"), err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:9: step 1 starts unknown program 'server' (programs: prog)",
		 fixture("hidden/unknown-program.yaml"));
	cr_assert_str_eq(err, want);
	cr_assert_eq(a.ntests, 1, "the valid first test is not appended either");
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/missing.yaml"), err, sizeof err), -1);
	cr_assert_eq(a.ntests, 1);
	spec_free(&a);
}

Test(spec_good, depends)
{
	struct assignment a;
	load_ok("good/depends.yaml", &a);
	const struct spec_test *t = &a.tests[0];
	cr_assert_eq(t->ndeps, 2);
	cr_assert_str_eq(t->deps[0].test, "session");
	cr_assert_null(t->deps[0].program);
	cr_assert_eq(t->deps[0].index, 1, "a test may depend on a later one");
	cr_assert_str_eq(t->deps[1].program, "client");
	cr_assert_eq(t->deps[1].index, 1);
	cr_assert_eq(t->deps[1].line, 12);
	cr_assert_eq(a.tests[1].ndeps, 0);
	spec_free(&a);
}

Test(spec_hidden, depends_on_the_main_file)
{
	struct assignment a;
	char err[1024] = "", want[PATHBUF + 256];
	load_ok("good/minimal.yaml", &a);
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/depends.yaml"), err, sizeof err), 0, "%s", err);
	cr_assert_eq(a.tests[1].deps[0].index, 0);
	cr_assert_eq(spec_load_hidden(&a, fixture("hidden/depends-loop.yaml"), err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:4: test 'hidden loop' depends on itself: 'hidden loop' -> 'hidden loop'",
		 fixture("hidden/depends-loop.yaml"));
	cr_assert_str_eq(err, want);
	cr_assert_eq(a.ntests, 2, "a failed hidden load appends nothing");
	spec_free(&a);
}

Test(spec_bad, depends)
{
	load_bad("bad/depends-unknown.yaml", ":11: test 'errors' depends on 'mian', which is no test of this file (a "
					     "test of the main file cannot depend on a hidden one)");
	load_bad("bad/depends-cycle.yaml", ":12: test 'b' depends on itself: 'b' -> 'a' -> 'c' -> 'b'");
	load_bad("bad/depends-self.yaml", ":8: test 'a' depends on itself: 'a' -> 'a'");
	load_bad("bad/depends-program.yaml", ":14: test 'errors' depends on 'server alone' for program 'client', "
					     "which that test never starts as the student's");
	load_bad("bad/depends-program-typo.yaml",
		 ":14: test 2: depends entry 1 names unknown program 'clinet' (programs: server, client)");
}

Test(spec_bad, unknown_top_level_key)
{
	load_bad("bad/unknown-top-key.yaml", ":9: unknown key 'colour' in the assignment (allowed: name, title, "
					     "programs, build, time_scale, timeout, limits, objects, tests)");
}

Test(spec_bad, missing_name)
{
	load_bad("bad/missing-name.yaml", ":1: missing required key 'name' in the assignment");
}

Test(spec_bad, program_without_sources)
{
	load_bad("bad/program-no-sources.yaml", ":6: missing required key 'sources' in program 2");
}

Test(spec_bad, start_of_unknown_program)
{
	load_bad("bad/unknown-program.yaml", ":13: step 2 starts unknown program 'clinet' (programs: server, client)");
}

Test(spec_bad, step_addresses_unknown_process)
{
	load_bad("bad/unknown-process.yaml",
		 ":13: step 2 addresses process 'clinet', which no earlier start step created (started: server)");
	load_bad("bad/process-before-start.yaml",
		 ":12: step 1 addresses process 'server', which no earlier start step created (started: none yet)");
}

Test(spec_bad, bad_settle)
{
	load_bad("bad/bad-settle.yaml", ":10: 'settle' in step 2 (close_stdin) must be true or false, not 'maybe'");
}

Test(spec_bad, bad_regex)
{
	load_bad_like("bad/bad-regex.yaml", ":13: step 2: bad regex 'x(': ", "(");
}

Test(spec_bad, bad_fault_rule)
{
	load_bad("bad/bad-fault.yaml", ":14: step 1: bad fault rule 'shmgett=ENOSPC': unknown system call 'shmgett'");
}

Test(spec_bad, pass_more_than_runs)
{
	load_bad("bad/pass-gt-runs.yaml", ":12: test 1: pass (3) is more than runs (2)");
}

Test(spec_bad, duplicate_test_names)
{
	char suffix[PATHBUF + 128];
	snprintf(suffix, sizeof suffix, ":13: duplicate test name 't' (first at %s:10)",
		 fixture("bad/duplicate-test.yaml"));
	load_bad("bad/duplicate-test.yaml", suffix);
}

Test(spec_bad, unknown_check_kind)
{
	load_bad("bad/unknown-check.yaml", ":14: check 2: unknown check kind 'stdot' (kinds: exit, stdout, stderr, "
					   "ipc, cleanup, busy_wait, memcheck, output_match)");
}

Test(spec_bad, output_match_without_expect)
{
	load_bad("bad/output-match-no-expect.yaml", ":14: missing required key 'expect' in check 2 (output_match)");
	load_bad("bad/output-match-short.yaml",
		 ":13: check 1 (output_match) needs expect: a regex; use the mapping form");
}

Test(spec_bad, empty_file)
{
	load_bad("bad/empty.yaml", ": empty file: expected a mapping with name:, programs: and tests:");
	load_bad("bad/comments-only.yaml", ": empty file: expected a mapping with name:, programs: and tests:");
}

Test(spec_bad, missing_file)
{
	load_bad("bad/no-such-file.yaml", ": cannot open: No such file or directory");
	load_bad("bad", ": not a regular file");
}

Test(spec_bad, garbage_bytes)
{
	load_bad("bad/garbage.bin", ":2: not a text file: control characters are not allowed");
}

Test(spec_bad, mapping_where_a_list_is_expected)
{
	load_bad("bad/mapping-for-list.yaml", ":3: 'programs' in the assignment must be a list, not a mapping");
}

Test(spec_bad, document_not_a_mapping)
{
	load_bad("bad/not-mapping.yaml", ":1: the document must be a mapping (key: value lines), not a list");
}

Test(spec_bad, zero_tests)
{
	load_bad("bad/zero-tests.yaml", ":9: the assignment has no tests");
}

Test(spec_bad, negative_points)
{
	load_bad("bad/negative-points.yaml", ":11: 'points' in test 1 must be a number >= 0 and <= 1e+06, not '-1'");
}

Test(spec_bad, bad_ipc_target)
{
	load_bad_like("bad/bad-ipc-target.yaml", ":13: step 2 (wait_ipc): bad ipc target 'shm:abc'", "shm:KEY");
}

Test(spec_bad, more_validation)
{
	load_bad_like("bad/syntax-error.yaml", ":12: YAML syntax error: ", "flow sequence started at line 11");
	load_bad("bad/alias.yaml", ":12: aliases (*name) are not supported: write the value out");
	load_bad("bad/bad-bool.yaml", ":11: 'pairings' in test 1 must be true or false, not 'maybe'");
	load_bad("bad/duplicate-key.yaml", ":12: duplicate key 'name' (first at line 10)");
	load_bad_like("bad/step-two-keys.yaml", ":12: step 1 must be a mapping with exactly one key: ", "wait_exit");
	load_bad_like("bad/bad-signal.yaml", ":13: step 2 (signal): unknown signal 'SIGFOO'", "SIGINT");
	load_bad("bad/wait-signal-ready-kill.yaml",
		 ":13: step 2 (wait_signal_ready): 'SIGKILL' is not a signal a program can catch or block");
	load_bad_like("bad/wait-signal-ready-short.yaml", ":13: step 2 (wait_signal_ready) must be a mapping",
		      "signal: SIGUSR1");
	load_bad("bad/bad-exit-expect.yaml",
		 ":13: 'expect' in check 1 (exit) must be one of reference, zero, nonzero, not 'zeroo'");
}

/* Write len bytes to a fresh temporary file; the caller unlinks it. */
static void
write_tmp(char *path, const void *buf, size_t len)
{
	strcpy(path, "/tmp/test_spec.XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
	cr_assert_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

Test(spec_bad, ten_megabytes)
{
	size_t len = 10 << 20;
	char *big = malloc(len), path[64], err[1024] = "", want[128];
	struct assignment a;
	cr_assert_not_null(big);
	for (size_t i = 0; i < len; i++)
		big[i] = i % 64 == 63 ? '\n' : 'a';
	write_tmp(path, big, len);
	free(big);
	int rc = spec_load(path, &a, err, sizeof err);
	unlink(path);
	cr_assert_eq(rc, -1);
	snprintf(want, sizeof want, "%s: file too large (%zu bytes; at most %d)", path, len, SPEC_MAX_BYTES);
	cr_assert_str_eq(err, want);
}

/* Every prefix of a valid file: a bad spec may fail but never crash, leak or hang. */
Test(spec_bad, every_truncation, .timeout = 120)
{
	FILE *f = fopen(fixture("good/full.yaml"), "rb");
	cr_assert_not_null(f);
	char text[8192];
	size_t len = fread(text, 1, sizeof text, f);
	fclose(f);
	size_t step = getenv("IPCGRADE_UNDER_VALGRIND") ? 97 : 1;
	for (size_t cut = 0; cut < len; cut += step) {
		char path[64], err[1024] = "";
		struct assignment a;
		write_tmp(path, text, cut);
		int rc = spec_load(path, &a, err, sizeof err);
		unlink(path);
		if (rc == 0)
			spec_free(&a);
		else
			cr_assert_eq(strncmp(err, path, strlen(path)), 0, "cut %zu: '%s'", cut, err);
	}
}
