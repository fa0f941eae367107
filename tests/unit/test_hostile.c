/* The hostile-submission suite: each program of tests/hostile/ is one attack.
 * Every attack is run through `ipcgrade run --json` (compiled here, with
 * attack-specific arguments) and graded as a submission through `ipcgrade
 * grade` (compiled by the grader from source, tests/hostile/assignment.yaml).
 * For each we assert that ipcgrade neither failed (exit 3) nor hung, that the
 * report parses and says what happened, and that the machine is as it was:
 * no process of the sandbox's uids, no work directory of ours, no SysV object
 * or /dev/shm file with the attacks' marker keys and names, no new mount.
 *
 * Hermetic: each test looks only at what it made, so a parallel `make check`,
 * a second one in another clone or a host that mounts things cannot fail it.
 * As root, each test runs in a mount and IPC namespace of its own with an
 * empty /dev/shm (private_host, test-helpers.h): the mount table, the SysV
 * objects and /dev/shm it checks are its own, and a sandbox that leaked into
 * them would still show. Processes count only when they descend from the
 * test (it reaps orphans: adopt_orphans) and run under the sandbox uids,
 * which in root mode derive from the harness's pid (harness/sandbox/sandbox.c,
 * sandbox_ids_for), and we know that pid - we forked the CLI. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test-helpers.h"

#define CAP          (8 << 20) /* bytes of each CLI stream kept */
#define CLI_DEADLINE 120       /* seconds before a CLI run counts as hung */
#define SECRET       "IPCGRADE-SECRET-MARKER-7f3a"

/* Run argv with extra environment entries, keeping the start of both streams;
 * killed after CLI_DEADLINE seconds (status 255). Release with outcome_free. */
static void
run(char *const argv[], char *const env[], struct outcome *o)
{
	run_capture(argv, env, CAP, CLI_DEADLINE, o);
}

/* A private scratch folder for this test process. */
static const char *
scratch(void)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/ipcgrade-hostile.XXXXXX");
		cr_assert_not_null(mkdtemp(dir));
		chmod(dir, 0755);
	}
	return dir;
}

/* Remove a folder tree. */
static void
rmtree(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

/* Compile tests/hostile/NAME.c into the scratch folder (world-readable, for
 * the sandbox's uid); returns the binary's path. */
static char *
compile(const char *name)
{
	static char bin[4096];
	char cmd[12000];
	snprintf(bin, sizeof(bin), "%s/%s", scratch(), name);
	snprintf(cmd, sizeof(cmd), "gcc -std=gnu11 -O1 -pthread -o '%s' '%s/tests/hostile/%s.c' -lrt", bin,
		 top("IPCGRADE_TOP_SRCDIR"), name);
	cr_assert_eq(system(cmd), 0, "cannot compile %s", name);
	return bin;
}

/* The sandbox's student uid for a harness pid (root mode). */
static uid_t
sandbox_uid(pid_t harness)
{
	return 200000 + 2 * (uid_t)(harness % 50000);
}

/* Is root mode what the CLI will use? (Other modes: fewer checks.) */
static bool
root_mode(void)
{
	const char *m = getenv("IPCGRADE_MODE");
	return geteuid() == 0 && (m == NULL || strcmp(m, "root") == 0);
}

/* Count our processes owned by uid or uid + 1 (the sandbox's student and
 * reference uids). */
static int
procs_of(uid_t uid)
{
	reap_orphans(); /* the CLI was waited for: what is left are orphans */
	return own_procs(uid) + own_procs(uid + 1);
}

/* Count /tmp/ipcgrade-work.* folders owned by uid. */
static int
workdirs_of(uid_t uid)
{
	DIR *d = opendir("/tmp");
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		char path[300];
		struct stat st;
		if (strncmp(de->d_name, "ipcgrade-work.", 14) != 0)
			continue;
		snprintf(path, sizeof(path), "/tmp/%s", de->d_name);
		if (stat(path, &st) == 0 && st.st_uid == uid)
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

/* SysV objects of our IPC namespace with the attacks' marker keys (0x1bad....). */
static int
marked_sysv(void)
{
	static const char *const f[] = { "/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg" };
	int n = 0;
	for (size_t i = 0; i < 3; i++) {
		FILE *fp = fopen(f[i], "r");
		char line[512];
		while (fp && fgets(line, sizeof(line), fp)) {
			long long key;
			if (sscanf(line, "%lld", &key) == 1 &&
			    ((unsigned long long)key & 0xffff0000ULL) == 0x1bad0000ULL)
				n++;
		}
		if (fp)
			fclose(fp);
	}
	return n;
}

/* Files of our /dev/shm with the attacks' marker name. */
static int
marked_shm(void)
{
	DIR *d = opendir("/dev/shm");
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "ipcgrade-hostile", 16) == 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

/* Is this test in a view of the machine of its own (hostile_init)? */
static bool isolated;

/* Lines of our mount table; -1 when it is the host's, which others change. */
static int
mounts(void)
{
	return isolated ? mount_count() : -1;
}

/* The machine is as it was after the CLI whose pid was harness ended. */
static void
machine_clean(pid_t harness, int mounts_before, const char *what)
{
	if (root_mode()) {
		uid_t uid = sandbox_uid(harness);
		int left = 0;
		for (int tries = 0; tries < 50 && (left = procs_of(uid)) > 0; tries++)
			usleep(100000); /* a namespace's teardown is asynchronous */
		cr_expect_eq(left, 0, "%s: %d processes of the sandbox uids %u/%u survive", what, left, (unsigned)uid,
			     (unsigned)uid + 1);
		cr_expect_eq(workdirs_of(uid), 0, "%s: a /tmp/ipcgrade-work.* folder of uid %u is left", what,
			     (unsigned)uid);
	}
	cr_expect_eq(marked_sysv(), 0, "%s: SysV objects with key 0x1bad.... left", what);
	cr_expect_eq(marked_shm(), 0, "%s: /dev/shm/ipcgrade-hostile* left", what);
	cr_expect_eq(mounts(), mounts_before, "%s: the mount table changed", what);
}

/* After each test, in its worker: remove the scratch folder. */
static void
cleanup_scratch(void)
{
	if (strncmp(scratch(), "/tmp/ipcgrade-hostile.", 22) == 0)
		rmtree(scratch());
}

/* Before each test, in its worker: as root, a view of the machine of its
 * own; always, the orphans of what it starts stay its own. */
static void
hostile_init(void)
{
	if (geteuid() == 0) {
		private_host();
		isolated = true;
	}
	adopt_orphans();
}

TestSuite(hostile, .timeout = 400, .init = hostile_init, .fini = cleanup_scratch);

/* ipcgrade run --json --timeout 3 -- BIN ARGS...: returns the parsed report. */
static json_t *
run_attack(const char *name, const char *const args[], struct outcome *o)
{
	char cli[4096];
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[32] = { cli, "run", "--json", "--timeout", "3", "--", compile(name) };
	int k = 7;
	for (int i = 0; args && args[i] && k < 31; i++)
		argv[k++] = (char *)args[i];
	argv[k] = NULL;
	int m = mounts();
	run(argv, NULL, o);
	cr_assert(o->status == 0 || o->status == 1, "%s: ipcgrade run exited %d: %.2000s", name, o->status, o->err);
	json_error_t je;
	json_t *r = json_loadb(o->out, o->nout, 0, &je);
	cr_assert_not_null(r, "%s: the run report is not JSON: %s", name, je.text);
	cr_assert_str_neq(json_string_value(json_object_get(r, "status")), "internal", "%s: %s", name,
			  json_string_value(json_object_get(r, "message")));
	machine_clean(o->pid, m, name);
	return r;
}

/* The report of the first (only) process. */
static json_t *
proc0(json_t *r)
{
	json_t *p = json_array_get(json_object_get(r, "processes"), 0);
	cr_assert_not_null(p, "no process in the report");
	return p;
}

/* That process's stdout text. */
static const char *
out_text(json_t *r)
{
	return json_string_value(json_object_get(json_object_get(proc0(r), "stdout"), "text"));
}

/* killed_by of that process, or "" when it ended by itself. */
static const char *
killed_by(json_t *r)
{
	const char *k = json_string_value(json_object_get(proc0(r), "killed_by"));
	return k ? k : "";
}

/* Where grade_attack's references are, when not the build tree. */
static const char *reference_dir_override;

/* Grade tests/hostile/NAME.c as the submission's attack.c against the
 * assignment in tests/hostile/SPEC_SUB ("" for tests/hostile itself): the
 * report must parse, the attack must not get full marks, the machine must be
 * clean. Returns the report's first test (a new reference). */
static json_t *
grade_attack_in(const char *spec_sub, const char *name)
{
	char sub[4096], report[4200], cmd[12000], cli[4096], spec[4200], refdir[4200];
	snprintf(sub, sizeof(sub), "%s/sub-%s", scratch(), name);
	snprintf(report, sizeof(report), "%s/report-%s.json", scratch(), name);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s/tests/hostile/%s.c' '%s/attack.c'", sub,
		 top("IPCGRADE_TOP_SRCDIR"), name, sub);
	cr_assert_eq(system(cmd), 0);
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(spec, sizeof(spec), "%s/tests/hostile%s%s", top("IPCGRADE_TOP_SRCDIR"), spec_sub[0] ? "/" : "",
		 spec_sub);
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s",
		 reference_dir_override ? reference_dir_override : top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[] = { cli, "grade", spec, sub, "--format", "json", "-o", report, NULL };
	char *env[] = { refdir, NULL };
	struct outcome o;
	int m = mounts();
	run(argv, env, &o);
	cr_assert(o.status == 0 || o.status == 1, "%s: ipcgrade grade exited %d: %.2000s", name, o.status, o.err);
	json_error_t je;
	json_t *r = json_load_file(report, 0, &je);
	cr_assert_not_null(r, "%s: the grade report is not JSON: %s", name, je.text);
	double score = json_number_value(json_object_get(r, "score"));
	double max = json_number_value(json_object_get(r, "max_score"));
	cr_expect(max > 0 && score < max, "%s: graded %g of %g", name, score, max);
	json_t *t = json_array_get(json_object_get(r, "tests"), 0);
	cr_assert_not_null(t, "%s: no test in the report", name);
	json_incref(t);
	json_decref(r);
	machine_clean(o.pid, m, name);
	outcome_free(&o);
	return t;
}

/* grade_attack_in the hostile assignment; returns the test output text (malloc'd). */
static char *
grade_attack(const char *name)
{
	json_t *t = grade_attack_in("", name);
	const char *text = json_string_value(json_object_get(t, "output"));
	char *copy = strdup(text ? text : "");
	json_decref(t);
	return copy;
}

/* Both ways for an attack that needs no arguments; returns the run report. */
static json_t *
attack(const char *name, struct outcome *o)
{
	free(grade_attack(name));
	return run_attack(name, NULL, o);
}

Test(hostile, fork_bomb)
{
	struct outcome o;
	json_t *r = attack("forkbomb", &o);
	cr_expect_neq(killed_by(r)[0], '\0', "the bomb was not killed");
	cr_expect_gt(json_array_size(json_object_get(r, "strays")), 0, "no stray process reported");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, exponential_fork_with_sleep)
{
	struct outcome o;
	json_t *r = attack("fork_sleep", &o);
	cr_expect_str_eq(killed_by(r), "wall deadline");
	cr_expect_gt(json_array_size(json_object_get(r, "strays")), 0, "no stray process reported");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, threads_bomb)
{
	struct outcome o;
	json_t *r = attack("threads_bomb", &o);
	long n = -1;
	cr_expect_eq(sscanf(out_text(r), "THREADS %ld", &n), 1, "stdout: %s", out_text(r));
	cr_expect(n >= 0 && n < 128, "%ld threads: RLIMIT_NPROC should stop them below 128", n);
	cr_expect_neq(killed_by(r)[0], '\0');
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, infinite_loop)
{
	struct outcome o;
	json_t *r = attack("spin", &o);
	cr_expect_str_eq(killed_by(r), "wall deadline");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, termination_signals_ignored)
{
	struct outcome o;
	json_t *r = attack("ignore_signals", &o);
	cr_expect(strstr(out_text(r), "IGNORING") != NULL);
	cr_expect_str_eq(killed_by(r), "wall deadline");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, stopped_by_itself)
{
	struct outcome o;
	json_t *r = attack("self_stop", &o);
	cr_expect(strstr(out_text(r), "STOPPING") != NULL);
	cr_expect(strstr(out_text(r), "CONTINUED") == NULL);
	cr_expect_str_eq(killed_by(r), "wall deadline");
	json_decref(r);
	outcome_free(&o);
}

/* 1 GB on one stream: killed at the output cap, capture bounded and cut. */
static void
flood(const char *stream)
{
	struct outcome o;
	const char *args[] = { strcmp(stream, "stdout") == 0 ? "out" : "err", NULL };
	json_t *r = run_attack("flood", args, &o);
	json_t *c = json_object_get(proc0(r), stream);
	cr_expect_str_eq(killed_by(r), "output limit");
	json_int_t bytes = json_integer_value(json_object_get(c, "bytes"));
	cr_expect(bytes >= (64 << 20) && bytes < (1LL << 30), "%s: %lld bytes", stream, (long long)bytes);
	cr_expect_gt(json_integer_value(json_object_get(c, "cut")), 0, "nothing reported as cut");
	cr_expect_lt(o.nout, (size_t)(4 << 20), "the JSON report is %zu bytes", o.nout);
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, gigabyte_to_stdout)
{
	free(grade_attack("flood"));
	flood("stdout");
}

Test(hostile, gigabyte_to_stderr)
{
	flood("stderr");
}

Test(hostile, one_line_without_newline)
{
	struct outcome o;
	json_t *r = attack("long_line", &o);
	cr_expect_str_eq(killed_by(r), "output limit");
	cr_expect_gt(json_integer_value(json_object_get(json_object_get(proc0(r), "stdout"), "cut")), 0);
	json_decref(r);
	outcome_free(&o);
}

/* No byte that drives a terminal reaches the text report. */
static void
terminal_safe(const char *name)
{
	char cli[4096];
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[] = { cli, "run", "--timeout", "3", "--", compile(name), NULL };
	struct outcome o;
	run(argv, NULL, &o);
	cr_assert(o.status == 0 || o.status == 1, "exit %d", o.status);
	for (size_t i = 0; i < o.nout; i++) {
		unsigned char c = (unsigned char)o.out[i];
		cr_assert(c == '\n' || c == '\t' || c >= 0x20, "%s: byte 0x%02x at %zu of the text report", name, c, i);
		cr_assert(c != 0x7f);
	}
	outcome_free(&o);
}

Test(hostile, binary_and_invalid_utf8_output)
{
	struct outcome o;
	json_t *r = attack("binary_output", &o); /* json_loadb checked the UTF-8 */
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(proc0(r), "stdout"), "bytes")), 4 * (256 + 20));
	json_decref(r);
	outcome_free(&o);
	terminal_safe("binary_output");
}

Test(hostile, memory_hog)
{
	struct outcome o;
	json_t *r = attack("memory_hog", &o);
	long mib = 0;
	if (sscanf(out_text(r), "HOG %ld MiB", &mib) == 1)
		cr_expect_leq(mib, 1024, "%ld MiB: RLIMIT_AS is 1 GiB", mib);
	else
		cr_expect_neq(killed_by(r)[0], '\0');
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, dev_shm_filled)
{
	struct outcome o;
	json_t *r = attack("devshm_fill", &o);
	long mib = -1;
	cr_expect_eq(sscanf(out_text(r), "SHM %ld MiB", &mib), 1, "stdout: %s", out_text(r));
	cr_expect(mib >= 0 && mib <= 64, "%ld MiB in a 64 MiB /dev/shm", mib);
	cr_expect_gt(json_array_size(json_object_get(r, "left")), 0, "the objects left are not reported");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, sysv_segment_as_large_as_allowed)
{
	struct outcome o;
	json_t *r = attack("sysv_big", &o);
	long mib = -1;
	char what[32] = "";
	cr_expect_eq(sscanf(out_text(r), "SYSV %ld MiB, 1 TiB segment %31s", &mib, what), 2, "stdout: %s", out_text(r));
	cr_expect(mib >= 0 && mib <= 64, "%ld MiB of SysV memory pinned: shmall should cap it at 64", mib);
	cr_expect_str_eq(what, "refused");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, thousands_of_ipc_objects)
{
	struct outcome o;
	json_t *r = attack("many_ipc", &o);
	int shm = -1, sem = -1, msg = -1;
	long bytes = -1;
	cr_assert_eq(sscanf(out_text(r), "SHM %d SEM %d MSG %d MSGBYTES %ld", &shm, &sem, &msg, &bytes), 4,
		     "stdout: %s", out_text(r));
	cr_expect_leq(sem, 256);
	cr_expect_leq(msg, 256);
	cr_expect_leq(bytes, 256L * 16384, "%ld bytes queued", bytes);
	cr_expect_gt(json_array_size(json_object_get(r, "left")), 1000, "the objects left are not all reported");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, disk_filled_in_the_work_directory)
{
	struct outcome o;
	json_t *r = attack("disk_fill", &o);
	long mib = -1;
	if (sscanf(out_text(r), "DISK %ld MiB", &mib) == 1)
		cr_log_info("disk_fill wrote %ld MiB to the work directory", mib);
	/* machine_clean checked that the work directory is gone */
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, huge_argv_and_environment)
{
	struct outcome o;
	json_t *r = attack("huge_args", &o);
	cr_expect(strstr(out_text(r), "TOO_BIG Argument list too long") != NULL, "stdout: %s", out_text(r));
	cr_expect(strstr(out_text(r), "REEXEC argc=701") != NULL, "stdout: %s", out_text(r));
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, setsid_double_fork_daemon)
{
	struct outcome o;
	json_t *r = attack("daemon", &o);
	json_t *s;
	size_t i;
	int alive = 0;
	json_array_foreach(json_object_get(r, "strays"), i, s) alive +=
		strcmp(json_string_value(json_object_get(s, "kind")), "alive") == 0;
	cr_expect_geq(alive, 1, "the daemon is not reported as a stray");
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, kill_minus_one)
{
	struct outcome o;
	json_t *r = attack("kill_all", &o);
	cr_expect(strstr(out_text(r), "SURVIVED") != NULL, "the init or the report died: %s", out_text(r));
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, signals_to_the_harness)
{
	free(grade_attack("signal_harness"));
	char me[32];
	snprintf(me, sizeof(me), "%d", (int)getpid());
	const char *args[] = { me, NULL };
	struct outcome o;
	json_t *r = run_attack("signal_harness", args, &o);
	const char *t = out_text(r);
	cr_expect(strstr(t, "DONE") != NULL, "stdout: %s", t);
	cr_expect(strstr(t, ": sent") == NULL, "a signal reached its target: %s", t);
	json_decref(r);
	outcome_free(&o);
}

/* Write a file with the secret marker; returns its path (static). */
static const char *
secret_file(const char *dir, const char *name)
{
	static char paths[8][4200];
	static int k;
	char *p = paths[k++ % 8];
	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f);
	fprintf(f, "%s\n", SECRET);
	fclose(f);
	return p;
}

Test(hostile, grader_files_neither_read_nor_written)
{
	/* a batch's grader files: hidden tests, expected output, a report being
	 * written, another student's submission, reference source and binary */
	char other[4300], refsrc[4200], refbin[4200];
	snprintf(other, sizeof(other), "%s/other-student", scratch());
	mkdir(other, 0755);
	snprintf(refsrc, sizeof(refsrc), "%s/tests/grading/quiet.c", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refbin, sizeof(refbin), "%s/tests/grading/quiet", top("IPCGRADE_TOP_BUILDDIR"));
	const char *args[] = { secret_file(scratch(), "hidden.yaml"),
			       secret_file(scratch(), "expected.txt"),
			       secret_file(scratch(), "report.json"),
			       secret_file(other, "attack.c"),
			       refsrc,
			       refbin,
			       NULL };
	struct stat before[6];
	for (int i = 0; i < 6; i++)
		cr_assert_eq(stat(args[i], &before[i]), 0);
	struct outcome o;
	json_t *r = run_attack("read_secrets", args, &o);
	const char *t = out_text(r);
	cr_expect(strstr(t, "DONE") != NULL, "stdout: %s", t);
	cr_expect(strstr(t, SECRET) == NULL, "a secret leaked: %s", t);
	cr_expect(strstr(t, "READ_OK") == NULL && strstr(t, "WRITE_OK") == NULL && strstr(t, "UNLINK_OK") == NULL,
		  "stdout: %s", t);
	for (int i = 0; i < 6; i++) {
		struct stat now;
		cr_expect_eq(stat(args[i], &now), 0, "%s is gone", args[i]);
		cr_expect(now.st_size == before[i].st_size && now.st_mtime == before[i].st_mtime, "%s changed",
			  args[i]);
	}
	json_decref(r);
	outcome_free(&o);
	char *g = grade_attack("read_secrets");
	cr_expect(strstr(g, SECRET) == NULL, "a secret leaked into the grade report");
	free(g);
}

Test(hostile, forged_verdicts)
{
	char *g = grade_attack("forged_verdicts"); /* not full marks: asserted there */
	free(g);
	struct outcome o;
	json_t *r = run_attack("forged_verdicts", NULL, &o);
	cr_expect(strstr(out_text(r), "Score: 100/100") != NULL, "the output is reported as printed");
	json_decref(r);
	outcome_free(&o);
	terminal_safe("forged_verdicts");
}

Test(hostile, network_loopback_and_outside)
{
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	cr_assert_geq(ls, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	cr_assert_eq(bind(ls, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(ls, 8), 0);
	cr_assert_eq(getsockname(ls, (struct sockaddr *)&a, &al), 0);
	char port[16];
	snprintf(port, sizeof(port), "%d", ntohs(a.sin_port));
	const char *args[] = { port, NULL };
	struct outcome o;
	json_t *r = run_attack("net_connect", args, &o);
	const char *t = out_text(r);
	cr_expect(strstr(t, "_OK") == NULL, "stdout: %s", t);
	cr_expect_lt(accept(ls, NULL, NULL), 0, "the sandbox reached our loopback listener");
	close(ls);
	json_decref(r);
	outcome_free(&o);
	free(grade_attack("net_connect"));
}

Test(hostile, ptrace_of_a_sibling)
{
	struct outcome o;
	json_t *r = attack("ptrace_sibling", &o);
	const char *t = out_text(r);
	cr_expect(strstr(t, "PTRACE_ATTACH_SIBLING_FAIL") && strstr(t, "PTRACE_SEIZE_SIBLING_FAIL") &&
			  strstr(t, "PTRACE_ATTACH_INIT_FAIL") && strstr(t, "VM_READV_INIT_FAIL") &&
			  strstr(t, "PROC_MEM_INIT_FAIL"),
		  "stdout: %s", t);
	json_decref(r);
	outcome_free(&o);
}

Test(hostile, unshare_and_mount)
{
	struct outcome o;
	json_t *r = attack("unshare_mount", &o);
	const char *t = out_text(r);
	cr_expect(strstr(t, "CLONE3_FAIL") != NULL, "stdout: %s", t);
	cr_expect(strstr(t, "_OK") == NULL, "stdout: %s", t);
	json_decref(r);
	outcome_free(&o);
}

/* Grade tests/hostile/NAME.c under valgrind (tests/hostile/memcheck): the
 * test is graded, not an error, and its memcheck check fails. Returns that
 * check's detail (malloc'd). */
static char *
memcheck_attack(const char *name)
{
	json_t *t = grade_attack_in("memcheck", name);
	const char *st = json_string_value(json_object_get(t, "status"));
	cr_expect(st && strcmp(st, "error") != 0, "%s: the test is a grader error: %s", name,
		  json_string_value(json_object_get(t, "message")));
	json_t *c;
	size_t i;
	char *detail = NULL;
	json_array_foreach(json_object_get(t, "checks"), i, c)
	{
		const char *cn = json_string_value(json_object_get(c, "name"));
		if (cn == NULL || strncmp(cn, "memcheck", 8) != 0)
			continue;
		const char *d = json_string_value(json_object_get(c, "detail"));
		detail = strdup(d ? d : "");
		cr_expect(!json_is_true(json_object_get(c, "passed")), "%s: memcheck passed: %s", name, detail);
	}
	cr_expect_not_null(detail, "%s: no memcheck check in the report", name);
	json_decref(t);
	return detail ? detail : strdup("");
}

Test(hostile, memcheck_report_replaced)
{
	char *d = memcheck_attack("vg_forge_report");
	cr_expect(strstr(d, "(InvalidWrite)") != NULL, "the invalid write is not reported: %s", d);
	free(d);
}

Test(hostile, memcheck_escape_through_env)
{
	char *d = memcheck_attack("vg_env_escape");
	cr_expect(strstr(d, "(InvalidWrite)") != NULL, "the child's invalid write is not reported: %s", d);
	free(d);
}

Test(hostile, memcheck_fake_end_then_kill)
{
	char *d = memcheck_attack("vg_fake_end");
	cr_expect(strstr(d, "incomplete") != NULL || strstr(d, "no complete report") != NULL,
		  "the killed process is not reported as such: %s", d);
	free(d);
}

Test(hostile, memcheck_child_killed_before_its_report)
{
	char *d = memcheck_attack("vg_kill_child");
	cr_expect(strstr(d, "incomplete") != NULL, "the killed child is not reported as such: %s", d);
	free(d);
}

Test(hostile, fatal_on_stderr_under_valgrind)
{
	char *d = memcheck_attack("vg_fatal");
	cr_expect(strstr(d, "(InvalidWrite)") != NULL, "%s", d);
	free(d);
}

Test(hostile, memory_hog_under_valgrind)
{
	/* limits: memory 256 MiB; under valgrind RLIMIT_DATA is twice that */
	char *d = memcheck_attack("vg_memory_hog");
	unsigned long long bytes = 0;
	const char *p = strstr(d, "leak(s) (");
	cr_expect(p && sscanf(p, "leak(s) (%llu bytes", &bytes) == 1, "no leak size reported: %s", d);
	cr_expect(bytes > 0 && bytes <= (512ULL << 20), "%llu MiB allocated under valgrind", bytes >> 20);
	free(d);
}

Test(hostile, compiler_include_dev_zero)
{
	char sub[4096], report[4200], cmd[12000], cli[4096], spec[4200];
	snprintf(sub, sizeof(sub), "%s/sub-dev-zero", scratch());
	snprintf(report, sizeof(report), "%s/report-dev-zero.json", scratch());
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && printf '#include \"/dev/zero\"\\n' > '%s/attack.c'", sub, sub);
	cr_assert_eq(system(cmd), 0);
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(spec, sizeof(spec), "%s/tests/hostile", top("IPCGRADE_TOP_SRCDIR"));
	char refdir[4200];
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[] = { cli, "grade", spec, sub, "--format", "json", "-o", report, NULL };
	char *env[] = { refdir, NULL };
	struct outcome o;
	int m = mounts();
	run(argv, env, &o);
	cr_assert(o.status == 0 || o.status == 1, "ipcgrade grade exited %d: %.2000s", o.status, o.err);
	json_error_t je;
	json_t *r = json_load_file(report, 0, &je);
	cr_assert_not_null(r, "the grade report is not JSON: %s", je.text);
	json_t *b = json_array_get(json_object_get(r, "builds"), 0);
	const char *log = json_string_value(json_object_get(b, "log"));
	cr_expect(log && strstr(log, "compiler ran out of memory (limit") != NULL, "build log: %s", log ? log : "");
	json_decref(r);
	machine_clean(o.pid, m, "dev-zero");
	outcome_free(&o);
}

Test(hostile, removals_among_twenty_thousand_objects)
{
	struct outcome o;
	json_t *r = run_attack("devshm_unlink_loop", NULL, &o);
	cr_expect(strstr(out_text(r), "MADE 20000 GONE 20000") != NULL || killed_by(r)[0] != '\0', "stdout: %s",
		  out_text(r));
	/* --timeout 3: the init keeps its deadlines while the removals are held */
	double wall = json_number_value(json_object_get(r, "wall_sec"));
	cr_expect_leq(wall, 5.0, "the run took %.1f s for a 3 s deadline", wall);
	json_decref(r);
	outcome_free(&o);
	free(grade_attack("devshm_unlink_loop"));
}

/* Grade tests/hostile/beside with attack_reference.c as the student program,
 * in sandbox mode mode; returns the test's output text (malloc'd). */
static char *
grade_beside(const char *mode)
{
	char sub[4096], report[4200], cmd[20000], cli[4096], spec[4096], refdir[4200], modev[64];
	snprintf(sub, sizeof(sub), "%s/sub-beside-%s", scratch(), mode);
	snprintf(report, sizeof(report), "%s/report-beside-%s.json", scratch(), mode);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s' && cp '%s/tests/hostile/attack_reference.c' '%s/attack.c' && cp "
		 "'%s/tests/grading/victim.c' '%s/'",
		 sub, top("IPCGRADE_TOP_SRCDIR"), sub, top("IPCGRADE_TOP_SRCDIR"), sub);
	cr_assert_eq(system(cmd), 0);
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(spec, sizeof(spec), "%s/tests/hostile/beside", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(modev, sizeof(modev), "IPCGRADE_MODE=%s", mode);
	char *argv[] = { cli, "grade", spec, sub, "--format", "json", "-o", report, "--no-memcheck", NULL };
	char *env[] = { refdir, modev, NULL };
	struct outcome o;
	run(argv, env, &o);
	if (o.status == 3 && strcmp(mode, "userns") == 0 && geteuid() == 0) {
		cr_log_info("userns mode refused as root: %.500s", o.err);
		outcome_free(&o);
		return NULL;
	}
	cr_assert(o.status == 0 || o.status == 1, "%s: ipcgrade grade exited %d: %.2000s", mode, o.status, o.err);
	json_error_t je;
	json_t *r = json_load_file(report, 0, &je);
	cr_assert_not_null(r, "%s: the grade report is not JSON: %s", mode, je.text);
	json_t *t = json_array_get(json_object_get(r, "tests"), 0);
	cr_assert_not_null(t, "%s: no test in the report", mode);
	const char *text = json_string_value(json_object_get(t, "output"));
	char *copy = strdup(text ? text : "");
	json_decref(r);
	outcome_free(&o);
	return copy;
}

/* Student and reference share a uid in every mode (one user's permissions on
 * IPC objects); the reference is still out of the student's reach. */
Test(hostile, reference_beside_the_student)
{
	static const char *const modes[] = { "root", "userns" };
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(modes[i], "root") == 0 && geteuid() != 0)
			continue;
		char *t = grade_beside(modes[i]);
		if (!t)
			continue;
		cr_expect(strstr(t, "DONE") != NULL, "%s: the attack did not finish: %s", modes[i], t);
		cr_expect(strstr(t, "_OK") == NULL, "%s: the student reached the reference: %s", modes[i], t);
		cr_expect(strstr(t, "INJECTED") == NULL, "%s: a line reached the reference's stdout: %s", modes[i], t);
		cr_expect(strstr(t, "victim done") != NULL, "%s: the reference did not survive: %s", modes[i], t);
		free(t);
	}
}

/* The references installed under /usr (as `make install` puts them) are out
 * of every sandbox, the build's included: a student that execs the installed
 * reference must not score. */
Test(hostile, installed_references_out_of_the_sandbox)
{
	if (!isolated)
		cr_skip_test("needs root: the test mounts its own /usr/local/lib in a mount namespace of its own");
	cr_assert_eq(mount("tmpfs", "/usr/local/lib", "tmpfs", 0, "size=8m,mode=0755"), 0, "mount: %s",
		     strerror(errno));
	char cmd[9000];
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p /usr/local/lib/ipcgrade/reference/tests/grading && cp '%s/tests/grading/quiet' "
		 "/usr/local/lib/ipcgrade/reference/tests/grading/",
		 top("IPCGRADE_TOP_BUILDDIR"));
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	reference_dir_override = "/usr/local/lib/ipcgrade/reference";
	char *g = grade_attack("exec_installed_reference");
	reference_dir_override = NULL;
	cr_expect(strstr(g, "EXEC_FAIL") != NULL, "the installed reference ran in the sandbox: %s", g);
	cr_expect(strstr(g, "_OK") == NULL, "the installed reference is visible: %s", g);
	free(g);
	umount2("/usr/local/lib", MNT_DETACH);
}

/* --mode userns as root: the sandbox user must not be host root (who owns
 * /etc/shadow). The grader refuses the mode rather than run it. */
Test(hostile, userns_mode_as_root)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: userns mode from an unprivileged user maps to that user");
	char cli[4096];
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[] = { cli, "run", "--mode", "userns", "--timeout", "3", "--", compile("root_files"), NULL };
	struct outcome o;
	int m = mounts();
	run(argv, NULL, &o);
	cr_expect(strstr(o.out, "READ_OK") == NULL, "a root-only file was read: %s", o.out);
	cr_expect_eq(o.status, 3, "userns mode as root ran (exit %d): %s", o.status, o.out);
	cr_expect(strstr(o.err, "host root") != NULL, "no clear refusal: %s", o.err);
	machine_clean(o.pid, m, "root_files");
	outcome_free(&o);
	/* grade too: refused as the grader's error, not the student's failed build */
	char sub[4200], cmd[12000], spec[4096], refdir[4200];
	snprintf(sub, sizeof(sub), "%s/sub-root-files", scratch());
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s/tests/hostile/root_files.c' '%s/attack.c'", sub,
		 top("IPCGRADE_TOP_SRCDIR"), sub);
	cr_assert_eq(system(cmd), 0);
	snprintf(spec, sizeof(spec), "%s/tests/hostile", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	char *gargv[] = { cli, "grade", spec, sub, "--no-memcheck", NULL };
	char *env[] = { refdir, "IPCGRADE_MODE=userns", NULL };
	run(gargv, env, &o);
	cr_expect(strstr(o.out, "READ_OK") == NULL, "a root-only file was read: %s", o.out);
	cr_expect_eq(o.status, 3, "userns grading as root ran (exit %d): %s", o.status, o.out);
	cr_expect(strstr(o.err, "host root") != NULL, "no clear refusal: %s", o.err);
	outcome_free(&o);
}

/* Grade the folder sub (a path the test prepared) with the hostile spec;
 * returns the parsed JSON report. The machine must be clean after. */
static json_t *
grade_folder(const char *sub, const char *what)
{
	char report[4200], cli[4096], spec[4096], refdir[4200];
	snprintf(report, sizeof(report), "%s/report-%s.json", scratch(), what);
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(spec, sizeof(spec), "%s/tests/hostile", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[] = { cli, "grade", spec, (char *)sub, "--no-memcheck", "--format", "json", "-o", report, NULL };
	char *env[] = { refdir, NULL };
	struct outcome o;
	int m = mounts();
	run(argv, env, &o);
	cr_assert(o.status == 0 || o.status == 1, "%s: ipcgrade grade exited %d: %.2000s", what, o.status, o.err);
	json_error_t je;
	json_t *r = json_load_file(report, 0, &je);
	cr_assert_not_null(r, "%s: the grade report is not JSON: %s", what, je.text);
	machine_clean(o.pid, m, what);
	outcome_free(&o);
	return r;
}

/* The build log of the report's first program. */
static const char *
build_log(json_t *r)
{
	const char *l = json_string_value(json_object_get(json_array_get(json_object_get(r, "builds"), 0), "log"));
	return l ? l : "";
}

/* A submission folder that is a link to the reference's folder (given with
 * and without a trailing slash), and a source that is a link to the
 * reference's file: neither is compiled as the student's. */
Test(hostile, symlinked_submission_folder)
{
	char ref[4200], link[4200], cmd[40000], withslash[4300], inner[4200];
	snprintf(ref, sizeof(ref), "%s/reference-folder", scratch());
	snprintf(link, sizeof(link), "%s/hw", scratch());
	snprintf(inner, sizeof(inner), "%s/inner", scratch());
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s' '%s' && cp '%s/tests/grading/quiet.c' '%s/attack.c' && ln -s '%s' '%s' && "
		 "ln -s '%s/attack.c' '%s/attack.c'",
		 ref, inner, top("IPCGRADE_TOP_SRCDIR"), ref, ref, link, ref, inner);
	cr_assert_eq(system(cmd), 0);
	json_t *r = grade_folder(ref, "reference-folder"); /* the fixture is right: the real folder scores */
	cr_assert_eq(json_number_value(json_object_get(r, "score")), json_number_value(json_object_get(r, "max_score")),
		     "the reference's source should score full marks: %s", build_log(r));
	json_decref(r);
	snprintf(withslash, sizeof(withslash), "%s/", link);
	const char *subs[] = { link, withslash, inner };
	for (size_t i = 0; i < 3; i++) {
		r = grade_folder(subs[i], "linked");
		cr_expect_eq(json_number_value(json_object_get(r, "score")), 0, "%s: the link was followed: %g",
			     subs[i], json_number_value(json_object_get(r, "score")));
		cr_expect(strstr(build_log(r), "symbolic link") != NULL, "%s: no clear refusal: %s", subs[i],
			  build_log(r));
		json_decref(r);
	}
}

/* Does some line of text, once its indentation is dropped, start with head? */
static bool
line_starts_with(const char *text, const char *head)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *p = l + strspn(l, " \t");
		if (strncmp(p, head, strlen(head)) == 0)
			return true;
	}
	return false;
}

/* Escape sequences, a NUL, bidi and zero-width characters and forged output
 * headers: in the terminal report and in the JSON report's output, each is
 * shown or marked, nothing is cut at the NUL, and no student line reads as
 * a header of the report's own. */
Test(hostile, terminal_tricks_and_forged_headers)
{
	char sub[4200], cmd[12000], cli[4096], spec[4096], refdir[4200];
	snprintf(sub, sizeof(sub), "%s/sub-terminal", scratch());
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s/tests/hostile/terminal_tricks.c' '%s/attack.c'", sub,
		 top("IPCGRADE_TOP_SRCDIR"), sub);
	cr_assert_eq(system(cmd), 0);
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(spec, sizeof(spec), "%s/tests/hostile", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(refdir, sizeof(refdir), "IPCGRADE_REFERENCE_DIR=%s", top("IPCGRADE_TOP_BUILDDIR"));
	char *argv[] = { cli, "grade", spec, sub, "--no-memcheck", NULL };
	char *env[] = { refdir, NULL };
	struct outcome o;
	run(argv, env, &o);
	cr_assert(o.status == 0 || o.status == 1, "ipcgrade grade exited %d: %.2000s", o.status, o.err);
	const char *why = raw_trick(o.out, o.nout);
	cr_expect_null(why, "the text report holds a raw %s: %s", why, o.out);
	cr_expect(strstr(o.out, "AFTER_NUL_MARKER") != NULL, "the NUL cut the output: %s", o.out);
	cr_expect(strstr(o.out, "\\u202e") != NULL, "the bidi override is not marked: %s", o.out);
	cr_expect(!line_starts_with(o.out, "--- attack (reference)"), "a forged header passes: %s", o.out);
	cr_expect(line_starts_with(o.out, "--- attack (yours) stdout ---"), "the real header is missing: %s", o.out);
	outcome_free(&o);
	json_t *r = grade_folder(sub, "terminal");
	const char *out = json_string_value(json_object_get(json_array_get(json_object_get(r, "tests"), 0), "output"));
	cr_assert_not_null(out);
	cr_expect(strstr(out, "AFTER_NUL_MARKER") != NULL, "the NUL cut the stored output: %s", out);
	cr_expect(!line_starts_with(out, "--- attack (reference)"), "a forged header is stored: %s", out);
	json_decref(r);
}

/* A student-chosen name full of escapes reaches no message raw. */
Test(hostile, escapes_in_names_reach_no_message_raw)
{
	char cli[4096], spec[4096], sub[4200];
	snprintf(cli, sizeof(cli), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(spec, sizeof(spec), "%s/tests/hostile", top("IPCGRADE_TOP_SRCDIR"));
	snprintf(sub, sizeof(sub), "%s/missing\033]0;pwned\007\033[2J\xe2\x80\xae", scratch());
	char *argv[] = { cli, "grade", spec, sub, "--no-memcheck", NULL };
	struct outcome o;
	run(argv, NULL, &o);
	cr_expect_neq(o.status, 0);
	const char *why = raw_trick(o.err, o.nerr);
	cr_expect_null(why, "stderr holds a raw %s: %s", why, o.err);
	cr_expect(strstr(o.err, "\\x1b]0;pwned") != NULL, "the name is not shown escaped: %s", o.err);
	outcome_free(&o);
}
