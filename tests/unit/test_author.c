/* Tests of authoring through the CLI: `ipcgrade new` scaffolds a folder that
 * `ipcgrade validate` accepts as it is (in every sandbox mode this machine
 * offers), validate fails loudly, naming test and mode, for a spec the
 * reference cannot pass and for a reference that cannot pass its own
 * pairings, the bundled references pass theirs, and `--reference-dir` names
 * a reference folder kept elsewhere. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-helpers.h"

TestSuite(author, .timeout = 300);

/* Run a shell command line (in the folder t) with the build tree's ipcgrade
 * as $G, collecting the start of both streams; o starts zeroed. */
static void
sh(const char *t, const char *cmd, struct outcome *o)
{
	char line[8192];
	snprintf(line, sizeof(line), "cd '%s' && G='%s' && %s", t, ipcgrade_bin(), cmd);
	outcome_free(o);
	run_sh(line, 65536, 240, o);
}

/* A fresh temporary folder; its path in buf. Where it can (root with
 * CAP_SYS_ADMIN), the test's view of the machine is made its own first:
 * degraded mode sees the host's IPC objects, and the other tests' workers
 * create some (Criterion's /bxfi_*). */
static void
tmpdir(char *buf, size_t len)
{
	if (geteuid() == 0 && unshare(CLONE_NEWNS | CLONE_NEWIPC) == 0) {
		cr_assert_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0, "%s", strerror(errno));
		cr_assert_eq(mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777"), 0,
			     "tmpfs on /dev/shm: %s", strerror(errno));
	} else {
		cr_log_warn("no private IPC view (%s): degraded mode may see other processes' objects",
			    strerror(errno));
	}
	snprintf(buf, len, "/tmp/ipcgrade-test-author.XXXXXX");
	cr_assert_not_null(mkdtemp(buf));
}

/* Every mode is either validated ("ok [MODE]") or skipped with a reason; degraded always runs. */
static void
assert_every_mode(const char *out, const char *word)
{
	static const char *const modes[] = { "root", "userns", "degraded" };
	for (size_t i = 0; i < 3; i++) {
		char a[64], b[64];
		snprintf(a, sizeof(a), "%s [%s]", word, modes[i]);
		snprintf(b, sizeof(b), "skip [%s] ", modes[i]);
		cr_assert(strstr(out, a) || (i < 2 && strstr(out, b)), "mode %s neither %s nor skipped:\n%s", modes[i],
			  word, out);
	}
}

Test(author, new_then_validate_out_of_the_box)
{
	char t[256];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	sh(t, "$G new my-shm course/my-shm", &o);
	cr_assert_eq(o.status, 0, "new: %s", o.err);
	static const char *const files[] = { "assignment.yaml", "README.md", "my_shm.c", "reference/my_shm.c" };
	for (size_t i = 0; i < 4; i++) {
		char p[512];
		snprintf(p, sizeof(p), "%s/course/my-shm/%s", t, files[i]);
		cr_assert_eq(access(p, R_OK), 0, "%s not scaffolded", files[i]);
	}
	/* The folder as it is: validate builds the reference and passes. */
	sh(t, "$G validate course/my-shm", &o);
	cr_assert_eq(o.status, 0, "validate: %s\n%s", o.out, o.err);
	assert_every_mode(o.out, "ok");
	cr_assert(strstr(o.out, "gets full marks in every test and pairing"), "%s", o.out);
	cr_assert(strstr(o.err, "building reference"), "%s", o.err);
	/* grade finds the reference beside the spec; the starter is not a solution. */
	sh(t,
	   "mkdir good starter && cp course/my-shm/reference/my_shm.c good/ && cp course/my-shm/my_shm.c starter/ && "
	   "$G grade course/my-shm good --no-memcheck && $G grade course/my-shm starter --no-memcheck --fail-under 4",
	   &o);
	cr_assert_eq(o.status, 1, "the reference passes, the starter fails: %s\n%s", o.out, o.err);
	const char *full = strstr(o.out, "my-shm \u2014 4/4");
	cr_assert(full && !strstr(full + 1, "my-shm \u2014 4/4") && strstr(o.out, "FAIL write, read back and remove"),
		  "%s", o.out);
	/* The LMS formats of the same grading: full marks read as PrairieLearn and Autolab read them. */
	sh(t,
	   "$G grade course/my-shm good --no-memcheck --format prairielearn -o pl.json && "
	   "$G grade course/my-shm good --no-memcheck --format autolab | tail -n 1",
	   &o);
	cr_assert_eq(o.status, 0, "%s", o.err);
	cr_assert(strncmp(o.out, "{\"scores\":{\"write, read back and remove\":4.0},\"scoreboard\":[4.0]}", 60) == 0,
		  "autolab's last line: %s", o.out);
	char pl[512];
	snprintf(pl, sizeof(pl), "%s/pl.json", t);
	FILE *f = fopen(pl, "r");
	cr_assert_not_null(f);
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert(strstr(buf, "\"gradable\": true") && strstr(buf, "\"score\": 1.0") &&
			  strstr(buf, "\"max_points\": 4.0"),
		  "%s", buf);
	/* Scaffolding never overwrites, and NAME must be usable as a file and object name. */
	sh(t, "$G new my-shm course/my-shm", &o);
	cr_assert(o.status == 2 && strstr(o.err, "already exists"), "%d %s", o.status, o.err);
	sh(t, "$G new '../x y' z", &o);
	cr_assert_eq(o.status, 2, "%s", o.err);
	/* References kept elsewhere: named with --reference-dir, for validate and grade. */
	sh(t, "mv course/my-shm/reference refs && $G validate course/my-shm --mode degraded", &o);
	cr_assert(o.status == 2 && strstr(o.err, "--reference-dir"), "missing reference: %d %s", o.status, o.err);
	sh(t,
	   "$G validate course/my-shm --reference-dir refs --mode degraded && "
	   "$G grade course/my-shm good --reference-dir refs --no-memcheck",
	   &o);
	cr_assert_eq(o.status, 0, "--reference-dir: %s\n%s", o.out, o.err);
	cr_assert(strstr(o.out, "ok [degraded]") && strstr(o.out, "my-shm \u2014 4/4"), "%s", o.out);
	sh(t, "cd .. && rm -rf \"$OLDPWD\"", &o);
	outcome_free(&o);
}

Test(author, validate_fails_loudly)
{
	char t[256];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	/* A spec the reference cannot pass: it expects a failing exit. */
	sh(t,
	   "$G new a >/dev/null && sed -i 's/{ check: exit, expect: zero }/{ check: exit, expect: nonzero }/' "
	   "a/assignment.yaml && grep -q 'expect: nonzero' a/assignment.yaml && $G validate a",
	   &o);
	cr_assert_eq(o.status, 1, "broken spec: %d %s\n%s", o.status, o.out, o.err);
	assert_every_mode(o.out, "FAIL");
	cr_assert(strstr(o.out, "FAIL [degraded] write, read back and remove (") && strstr(o.out, "failed check: exit"),
		  "%s", o.out);
	cr_assert(strstr(o.out, "validate: FAILED"), "%s", o.out);
	/* A reference that cannot pass its own pairings: what it prints differs
	 * from run to run (5 digits: longer numbers are masked as addresses), so
	 * the student run does not match the oracle. */
	sh(t,
	   "$G new b >/dev/null && sed -i -e 's|#include <unistd.h>|#include <unistd.h>\\n#include <time.h>|' -e "
	   "'s|printf(\"removed %s\\\\n\", SHM_NAME);|struct timespec ts; clock_gettime(CLOCK_MONOTONIC, \\&ts); "
	   "printf(\"removed %s at %ld\\\\n\", SHM_NAME, ts.tv_nsec % 100000);|' b/reference/b.c && grep -q tv_nsec "
	   "b/reference/b.c && $G validate b --mode degraded",
	   &o);
	cr_assert_eq(o.status, 1, "nondeterministic reference: %d %s\n%s", o.status, o.out, o.err);
	cr_assert(strstr(o.out, "FAIL [degraded] write, read back and remove") && strstr(o.out, "failed check: stdout"),
		  "%s", o.out);
	/* Not an assignment: a usage error, not a verdict. */
	sh(t, "$G validate no-such-assignment", &o);
	cr_assert(o.status == 2 && strstr(o.err, "no assignment named"), "%d %s", o.status, o.err);
	sh(t, "cd .. && rm -rf \"$OLDPWD\"", &o);
	outcome_free(&o);
}

Test(author, bundled_references_validate)
{
	/* A bundled assignment by name: its reference sources from the source
	 * tree, hidden tests included, every pairing. */
	char t[256];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	sh(t, "$G validate shm-sysv-clientserver --no-memcheck --mode degraded", &o);
	cr_assert_eq(o.status, 0, "%s\n%s", o.out, o.err);
	cr_assert(strstr(o.out, "with the hidden tests of") && strstr(o.out, "ok [degraded]"), "%s", o.out);
	sh(t, "cd .. && rm -rf \"$OLDPWD\"", &o);
	outcome_free(&o);
}
