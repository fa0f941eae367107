/* Tests of the sandbox through the C API (scenario_run).
 *
 * Each test builds a short scenario, runs the helper programs of tests/progs in
 * a fresh sandbox and checks the struct scenario_result. Criterion runs tests
 * in parallel workers, so no test counts anything global that another test
 * changes: leaks are recognised by a per-worker marker key or name, processes
 * by their parent chain (each worker reaps its orphans, so an escaped one
 * stays in the chain) and the worker's own sandbox uid; the unprivileged
 * test runs as a uid of its own, not nobody. Processes, objects and uids of
 * another test run on the machine never count. Runs as root. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "test-helpers.h"

/* Not PATH_MAX: -Iharness makes <limits.h> resolve to harness/sandbox/proc-limits.h. */
#define PATHBUF 4096

/* Before each test, in its worker. Under valgrind --trace-children the
 * sandbox init runs on valgrind, which cannot load seccomp filters: every
 * program start fails with EPERM. Orphans of the sandboxes stay ours. */
static void
sandbox_init(void)
{
	if (getenv("IPCGRADE_UNDER_VALGRIND"))
		cr_skip_test("programs cannot start in a sandbox under valgrind (no seccomp)");
	adopt_orphans();
}

TestSuite(sandbox, .timeout = 120, .init = sandbox_init);

/* Per-worker state: Criterion runs each test in its own process. */
static char work_dir[64];

/* The host path of a helper program; a small ring of buffers so that one
 * scenario can name several programs. */
static char *
prog(const char *name)
{
	static char paths[8][PATHBUF];
	static int next;
	const char *top = getenv("IPCGRADE_TOP_BUILDDIR");
	char *p = paths[next++ % 8];
	snprintf(p, PATHBUF, "%s/tests/progs/%s", top && *top ? top : ".", name);
	return p;
}

/* nftw callback: remove whatever the programs left in the work dir. */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A fresh work directory, writable by any sandbox uid (tests differ in uid). */
static const char *
make_work(void)
{
	strcpy(work_dir, "/tmp/sbxtest.XXXXXX");
	cr_assert(mkdtemp(work_dir), "mkdtemp: %s", strerror(errno));
	cr_assert_eq(chmod(work_dir, 01777), 0);
	return work_dir;
}

/* Runs after every test, pass or fail: the work dir is on the host's /tmp. */
static void
cleanup_work(void)
{
	if (work_dir[0])
		nftw(work_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Defaults plus our steps, work dir and modest deadlines: a hang fails fast. */
static void
setup_scenario(struct scenario *sc, struct step *steps, size_t n)
{
	scenario_defaults(sc);
	sc->name = "test";
	sc->steps = steps;
	sc->nsteps = n;
	sc->workdir = work_dir[0] ? work_dir : make_work();
	sc->wall_limit = 20;
	sc->step_timeout = 10;
}

/* Run in root mode and insist that the sandbox itself worked. */
static void
run_root(const struct scenario *sc, struct scenario_result *res)
{
	int rc = scenario_run(sc, SANDBOX_ROOT, res);
	cr_assert_eq(rc, 0, "scenario_run: %s", res->message);
	cr_assert_neq(res->status, SCN_INTERNAL, "internal: %s", res->message);
}

/* The whole captured text of a stream (malloc'd). */
static char *
text_of(const struct capture *c)
{
	size_t len;
	char *t = capture_text(c, &len);
	cr_assert(t);
	return t;
}

/* Assert that a process's stdout contains needle. */
static void
assert_out_has(const struct scenario_result *res, const char *proc, const char *needle)
{
	const struct proc_result *p = scenario_proc(res, proc);
	cr_assert(p, "no process %s", proc);
	char *t = text_of(&p->out);
	bool ok = strstr(t, needle) != NULL;
	cr_expect(ok, "%s stdout lacks '%s'; it is: '%s'", proc, needle, t);
	free(t);
	cr_assert(ok);
}

/* The object of kind k with key (SysV) or name (others) in s, or NULL. */
static const struct ipc_object *
find_obj(const struct ipc_snapshot *s, enum ipcobj_kind k, long long key, const char *name)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct ipc_object *o = &s->objs[i];
		if (o->kind != k)
			continue;
		if (name ? strcmp(o->name, name) == 0 : (key_t)o->key == (key_t)key)
			return o;
	}
	return NULL;
}

/* Our processes running under uid (test-helpers.h). */
static int
count_uid_procs(uid_t uid)
{
	return own_procs(uid);
}

/* Processes whose parent chain leads to us. */
static int
count_descendants(void)
{
	return own_procs((uid_t)-1);
}

/* Entries of a directory whose name starts with prefix. */
static int
count_dir_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* Lines of /proc/sysvipc/FILE whose key (first column, decimal) is key. */
static int
count_sysv_key(const char *file, key_t key)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/sysvipc/%s", file);
	FILE *f = fopen(path, "re");
	int n = 0;
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		long long k;
		if (sscanf(line, "%lld", &k) == 1 && (key_t)k == key)
			n++;
	}
	fclose(f);
	return n;
}

/* Wait for pid at most secs seconds; SIGKILL it after that. The exit status. */
static int
bounded_wait(pid_t pid, double secs)
{
	int st = 0;
	for (int i = 0; i < (int)(secs * 100); i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/* Holding windows of the twins, in CLOCK_MONOTONIC ns (shared with the children). */
static long long *twin_times;

/* In a child: one hold_key sandbox that holds key 1234 and /my_shm for 2 s.
 * 0 if everything held, else the number of the check that failed (no
 * cr_assert in children); the holding window goes to twin_times[slot]. */
static int
twin_child(const char *token, int slot)
{
	char *argv[] = { "hold_key", (char *)token, NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "hold", .path = prog("hold_key"), .argv = argv, .keep_stdin = true },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "hold", .text = "READY" },
		{ .kind = STEP_SLEEP, .seconds = 2.0 },
		{ .kind = STEP_AUDIT },
		{ .kind = STEP_SEND, .proc = "hold", .text = "go\n" },
		{ .kind = STEP_WAIT_EXIT, .proc = "hold" },
	};
	struct scenario sc;
	struct scenario_result res;
	scenario_defaults(&sc);
	sc.steps = steps;
	sc.nsteps = 6;
	sc.workdir = work_dir;
	sc.wall_limit = 20;
	sc.step_timeout = 15;
	if (scenario_run(&sc, SANDBOX_ROOT, &res) != 0)
		return 1;
	int rc = 0;
	const struct proc_result *p = scenario_proc(&res, "hold");
	char *t = p ? capture_text(&p->out, NULL) : NULL;
	char *r = t ? strstr(t, "READY ") : NULL, *h = t ? strstr(t, "HELD") : NULL;
	if (res.status != SCN_OK)
		rc = 2;
	else if (!p || p->end != PROC_EXITED || p->code != 0)
		rc = 3;
	else if (!r || !h || !strstr(h, " at "))
		rc = 4;
	else if (res.naudits != 1 || res.audits[0].n != 2 || !find_obj(&res.audits[0], IPCOBJ_SYSV_SHM, 1234, NULL) ||
		 !find_obj(&res.audits[0], IPCOBJ_POSIX_SHM, 0, "/my_shm"))
		rc = 5; /* each sandbox sees exactly its own pair */
	else if (res.left.n != 0)
		rc = 6;
	if (rc == 0) {
		twin_times[2 * slot] = atoll(r + 6);
		twin_times[2 * slot + 1] = atoll(strstr(h, " at ") + 4);
	}
	if (rc)
		fprintf(stderr, "twin %s: check %d failed: %s\n%s\n", token, rc, res.message, t ? t : "");
	free(t);
	scenario_result_free(&res);
	return rc;
}

Test(sandbox, same_names_in_two_sandboxes_do_not_collide, .fini = cleanup_work)
{
	make_work();
	/* Both twins hold key 1234 and /my_shm (created O_EXCL) for 2 s; their
	 * windows must overlap, proving both existed at the same moment. */
	twin_times = mmap(NULL, 4 * sizeof(long long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	cr_assert(twin_times != MAP_FAILED);
	pid_t a = fork();
	if (a == 0)
		_exit(twin_child("alpha", 0));
	pid_t b = fork();
	if (b == 0)
		_exit(twin_child("beta", 1));
	cr_assert(a > 0 && b > 0);
	int sa = bounded_wait(a, 60), sb = bounded_wait(b, 60);
	cr_assert(WIFEXITED(sa) && WEXITSTATUS(sa) == 0, "alpha: status %#x", sa);
	cr_assert(WIFEXITED(sb) && WEXITSTATUS(sb) == 0, "beta: status %#x", sb);
	long long start = twin_times[0] > twin_times[2] ? twin_times[0] : twin_times[2];
	long long end = twin_times[1] < twin_times[3] ? twin_times[1] : twin_times[3];
	cr_assert_lt(start, end, "the twins did not hold their objects at the same time");
	munmap(twin_times, 4 * sizeof(long long));
}

/* Open fds of this process. */
static int
count_fds(void)
{
	return count_dir_prefix("/proc/self/fd", "") - 2; /* "." and ".." */
}

Test(sandbox, two_hundred_sandboxes_leave_nothing, .fini = cleanup_work)
{
	key_t key = (key_t)(0x5b000000 | (getpid() & 0xffffff));
	char name[64], key_s[32], file_prefix[64];
	snprintf(name, sizeof(name), "/sbx200_%d", (int)getpid());
	snprintf(file_prefix, sizeof(file_prefix), "%s", name + 1);
	snprintf(key_s, sizeof(key_s), "%d", (int)key);
	char *a_shm[] = { "leak_shm", key_s, "64", NULL };
	char *a_px[] = { "leak_posix", name, "64", NULL };
	char *a_orph[] = { "orphan", "100", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "shm", .path = prog("leak_shm"), .argv = a_shm },
		{ .kind = STEP_START, .proc = "px", .path = prog("leak_posix"), .argv = a_px },
		{ .kind = STEP_START, .proc = "orphan", .path = prog("orphan"), .argv = a_orph },
		{ .kind = STEP_WAIT_EXIT, .proc = "shm" },
		{ .kind = STEP_WAIT_EXIT, .proc = "px" },
		{ .kind = STEP_WAIT_EXIT, .proc = "orphan" },
	};
	/* A private /tmp (only a mount namespace: IPC and /dev/shm stay the
	 * host's): whatever the harness leaves in /tmp is ours to count, and
	 * parallel tests' temp files are not. */
	cr_assert_eq(unshare(CLONE_NEWNS), 0, "unshare: %s", strerror(errno));
	cr_assert_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0);
	/* The build tree may itself live under /tmp (CI clones there): keep it
	 * visible through the private /tmp at the same path. */
	char build[4096];
	const char *top = getenv("IPCGRADE_TOP_BUILDDIR");
	cr_assert_not_null(realpath(top && *top ? top : ".", build));
	int bfd = open(build, O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_assert_geq(bfd, 0);
	cr_assert_eq(mount("tmpfs", "/tmp", "tmpfs", 0, "size=16m,mode=1777"), 0);
	if (strncmp(build, "/tmp/", 5) == 0) {
		char cmd[4200], src[64];
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", build);
		cr_assert_eq(system(cmd), 0);
		snprintf(src, sizeof(src), "/proc/self/fd/%d", bfd);
		cr_assert_eq(mount(src, build, "none", MS_BIND | MS_REC, NULL), 0, "bind %s: %s", build,
			     strerror(errno));
	}
	close(bfd);
	struct scenario sc;
	setup_scenario(&sc, steps, 6); /* the work dir is now in the private /tmp */
	struct sandbox_ids ids;
	sandbox_ids_for(SANDBOX_ROOT, &ids);

	int fds0 = count_fds(), kids0 = count_descendants();
	int tmp0 = count_dir_prefix("/tmp", "");
	cr_assert_eq(count_sysv_key("shm", key), 0);
	cr_assert_eq(count_dir_prefix("/dev/shm", file_prefix), 0);
	for (int i = 0; i < 200; i++) {
		struct scenario_result res;
		run_root(&sc, &res);
		cr_assert_eq(res.status, SCN_OK, "run %d: %s", i, res.message);
		cr_assert(find_obj(&res.left, IPCOBJ_SYSV_SHM, key, NULL), "run %d: shm not reported", i);
		cr_assert(find_obj(&res.left, IPCOBJ_POSIX_SHM, 0, name), "run %d: %s not reported", i, name);
		cr_assert_geq(res.nstrays, 1, "run %d: the orphan was not listed", i);
		scenario_result_free(&res);
	}
	cr_expect_eq(count_sysv_key("shm", key), 0, "a marker segment reached the host");
	cr_expect_eq(count_dir_prefix("/dev/shm", file_prefix), 0, "a marker /dev/shm file reached the host");
	cr_expect_eq(count_dir_prefix("/tmp", ""), tmp0, "temp entries appeared in /tmp");
	cr_expect_eq(count_dir_prefix(work_dir, ""), 2, "files appeared in the work dir");
	cr_expect_eq(count_fds(), fds0, "fds leaked");
	cr_expect_eq(count_descendants(), kids0, "processes survived");
	cr_expect_eq(count_uid_procs(ids.student_uid), 0, "student-uid processes survived");
}

Test(sandbox, leaked_objects_are_reported_with_properties, .fini = cleanup_work)
{
	char *a_shm[] = { "leak_shm", "1234", "4096", NULL };
	char *a_px[] = { "leak_posix", "/my_shm", "8192", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "shm", .path = prog("leak_shm"), .argv = a_shm },
		{ .kind = STEP_WAIT_EXIT, .proc = "shm" },
		{ .kind = STEP_START, .proc = "px", .path = prog("leak_posix"), .argv = a_px },
		{ .kind = STEP_WAIT_EXIT, .proc = "px" },
	};
	struct scenario sc;
	struct scenario_result res;
	struct sandbox_ids ids;
	setup_scenario(&sc, steps, 4);
	run_root(&sc, &res);
	sandbox_ids_for(SANDBOX_ROOT, &ids);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	cr_assert_eq(res.left.n, 2);
	const struct ipc_object *s = find_obj(&res.left, IPCOBJ_SYSV_SHM, 1234, NULL);
	cr_assert(s, "segment 1234 not reported");
	cr_expect_eq(s->size, 4096);
	cr_expect_eq(s->mode, 0640);
	cr_expect_eq(s->nattch, 0);
	cr_expect_eq(s->uid, ids.student_uid);
	cr_expect_eq(s->cuid, ids.student_uid);
	cr_expect_eq(s->cpid, scenario_proc(&res, "shm")->pid, "cpid %d", (int)s->cpid);
	cr_expect(!s->marked_destroy);
	const struct ipc_object *p = find_obj(&res.left, IPCOBJ_POSIX_SHM, 0, "/my_shm");
	cr_assert(p, "/my_shm not reported");
	cr_expect_eq(p->size, 8192);
	cr_expect_eq(p->mode, 0640);
	cr_expect_eq(p->uid, ids.student_uid);
	cr_expect(find_obj(&res.seen, IPCOBJ_SYSV_SHM, 1234, NULL) &&
		  find_obj(&res.seen, IPCOBJ_POSIX_SHM, 0, "/my_shm"));
	char line[512];
	ipc_object_describe(s, line, sizeof(line));
	cr_expect(strstr(line, "0x000004d2") && strstr(line, "size=4096"), "describe: %s", line);
	cr_expect_str_eq(ipcobj_remover(IPCOBJ_POSIX_SHM), "shm_unlink");
	scenario_result_free(&res);
}

/* The first stray of kind k with this comm, or NULL. */
static const struct stray_proc *
find_stray(const struct scenario_result *res, enum stray_kind k, const char *comm)
{
	for (size_t i = 0; i < res->nstrays; i++)
		if (res->strays[i].kind == k && strcmp(res->strays[i].comm, comm) == 0)
			return &res->strays[i];
	return NULL;
}

Test(sandbox, setsid_orphan_is_killed_and_reported, .fini = cleanup_work)
{
	char *argv[] = { "orphan", "100", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "orphan", .path = prog("orphan"), .argv = argv },
		{ .kind = STEP_WAIT_EXIT, .proc = "orphan" },
	};
	struct scenario sc;
	struct scenario_result res;
	struct sandbox_ids ids;
	setup_scenario(&sc, steps, 2);
	sandbox_ids_for(SANDBOX_ROOT, &ids);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	const struct proc_result *p = scenario_proc(&res, "orphan");
	cr_assert(p->end == PROC_EXITED && p->code == 0);
	const struct stray_proc *s = find_stray(&res, STRAY_ALIVE, "orphan");
	cr_assert(s, "the sleeping orphan is not in the stray list (%zu strays)", res.nstrays);
	cr_expect_eq(s->ppid, 1, "an orphan belongs to the sandbox init");
	cr_expect_neq(s->pid, p->pid);
	/* Killed, not waited for: its sleep(100) did not hold the run up. */
	cr_expect_lt(res.wall_sec, 5.0);
	cr_expect_eq(count_uid_procs(ids.student_uid), 0, "the orphan survived");
	scenario_result_free(&res);
}

Test(sandbox, zombie_and_reparented_strays_are_listed, .fini = cleanup_work)
{
	char *a_z[] = { "zombie", NULL };
	char *a_o[] = { "orphan", "1", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "zombie", .path = prog("zombie"), .argv = a_z },
		{ .kind = STEP_START, .proc = "orphan", .path = prog("orphan"), .argv = a_o },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "zombie", .text = "READY" },
		{ .kind = STEP_WAIT_EXIT, .proc = "orphan" },
		{ .kind = STEP_SLEEP, .seconds = 1.5 }, /* the orphan's child ends meanwhile */
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 5);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	const struct proc_result *z = scenario_proc(&res, "zombie");
	const struct stray_proc *s = find_stray(&res, STRAY_ZOMBIE, "zombie");
	cr_assert(s, "the unreaped child is not listed as a zombie");
	cr_expect_eq(s->ppid, z->pid, "the zombie's parent is the program");
	cr_expect_str_eq(z->killed_by ? z->killed_by : "", "end of scenario");
	const struct stray_proc *r = find_stray(&res, STRAY_REPARENTED, "orphan");
	cr_assert(r, "the child that outlived its parent is not listed as reparented");
	cr_expect(WIFEXITED(r->wstatus) && WEXITSTATUS(r->wstatus) == 0, "wstatus %#x", r->wstatus);
	scenario_result_free(&res);
}

Test(sandbox, fork_bomb_is_contained_and_reported, .fini = cleanup_work)
{
	char *argv[] = { "forkbomb", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "bomb", .path = prog("forkbomb"), .argv = argv },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "bomb", .text = "fork failed", .seconds = 8 },
		{ .kind = STEP_SLEEP, .seconds = 0.2 },
	};
	struct scenario sc;
	struct scenario_result res;
	struct sandbox_ids ids;
	setup_scenario(&sc, steps, 3);
	sc.limits.nproc = 40;
	sandbox_ids_for(SANDBOX_ROOT, &ids);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	assert_out_has(&res, "bomb", "fork failed: Resource temporarily unavailable");
	const struct proc_result *p = scenario_proc(&res, "bomb");
	cr_expect_str_eq(p->killed_by ? p->killed_by : "", "end of scenario");
	cr_expect_eq(p->end, PROC_SIGNALED);
	size_t alive = 0;
	for (size_t i = 0; i < res.nstrays; i++)
		alive += res.strays[i].kind == STRAY_ALIVE;
	cr_expect_geq(alive, 10, "only %zu bomb children listed", alive);
	cr_expect_leq(res.nstrays, 40, "more processes than RLIMIT_NPROC allows: %zu", res.nstrays);
	cr_expect_lt(res.wall_sec, 10.0);
	cr_expect_eq(count_uid_procs(ids.student_uid), 0, "bomb processes survived");
	scenario_result_free(&res);
}

Test(sandbox, timeout_names_the_waiting_step, .fini = cleanup_work)
{
	char *argv[] = { "print_lines", "something else", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "server", .path = prog("print_lines"), .argv = argv },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "server", .text = "You pressed q", .seconds = 0.5 },
		{ .kind = STEP_WAIT_EXIT, .proc = "server" },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 3);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_STEP_TIMEOUT, "status %d: %s", res.status, res.message);
	cr_expect_eq(res.step_index, 1);
	cr_expect(strstr(res.message, "step 2") && strstr(res.message, "wait_output server /You pressed q/"),
		  "message: %s", res.message);
	const struct proc_result *p = scenario_proc(&res, "server");
	cr_expect_str_eq(p->killed_by ? p->killed_by : "", "step timeout");
	cr_expect_lt(res.wall_sec, 5.0);
	scenario_result_free(&res);

	/* The whole-scenario deadline wins over a longer step deadline. */
	steps[1] = (struct step){ .kind = STEP_WAIT_EXIT, .proc = "server", .seconds = 10 };
	sc.nsteps = 2;
	sc.wall_limit = 0.5;
	run_root(&sc, &res);
	cr_expect_eq(res.status, SCN_WALL_TIMEOUT, "status %d: %s", res.status, res.message);
	cr_expect_eq(res.step_index, 1);
	cr_expect(strstr(res.message, "wait_exit server"), "message: %s", res.message);
	p = scenario_proc(&res, "server");
	cr_expect_str_eq(p->killed_by ? p->killed_by : "", "wall deadline");
	scenario_result_free(&res);
}

Test(sandbox, injected_shmget_failure_reaches_the_program, .fini = cleanup_work)
{
	struct fault_rule rule = { .syscall = "shmget", .err = ENOSPC, .has_arg0 = true, .arg0 = 1234 };
	char *a_hit[] = { "leak_shm", "1234", NULL };
	char *a_miss[] = { "leak_shm", "999", NULL };
	struct step steps[] = {
		{ .kind = STEP_START,
		  .proc = "hit",
		  .path = prog("leak_shm"),
		  .argv = a_hit,
		  .faults = &rule,
		  .nfaults = 1 },
		{ .kind = STEP_START,
		  .proc = "miss",
		  .path = prog("leak_shm"),
		  .argv = a_miss,
		  .faults = &rule,
		  .nfaults = 1 },
		{ .kind = STEP_WAIT_EXIT, .proc = "hit" },
		{ .kind = STEP_WAIT_EXIT, .proc = "miss" },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 4);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	assert_out_has(&res, "hit", "errno=28");
	cr_expect_eq(scenario_proc(&res, "hit")->code, 1);
	assert_out_has(&res, "miss", "shm id="); /* another key: the rule does not apply */
	cr_expect(!find_obj(&res.left, IPCOBJ_SYSV_SHM, 1234, NULL));
	cr_expect(find_obj(&res.left, IPCOBJ_SYSV_SHM, 999, NULL));
	scenario_result_free(&res);
}

/* Why nobody_child failed, in memory shared with the test. */
static char *nobody_why;
/* A folder the unprivileged uid can read, holding copies of the programs it runs. */
static char nobody_bin[4096];

/* In a child that has dropped to uid: one user-namespace sandbox. 0 if it
 * worked, else the number of the failed check. */
static int
nobody_child(uid_t uid)
{
	if (setgroups(0, NULL) != 0 || setgid(uid) != 0 || setuid(uid) != 0)
		return 1;
	/* A user's shell starts dumpable; setuid() above cleared the flag. */
	prctl(PR_SET_DUMPABLE, 1);
	char *a_shm[] = { "leak_shm", "1234", NULL };
	char *a_id[] = { "whoami_caps", NULL };
	/* Copies made by the parent: the build tree may not be reachable by
	 * the unprivileged uid (CI builds in a mode-0700 temporary folder). */
	char p_shm[4200], p_id[4200];
	snprintf(p_shm, sizeof(p_shm), "%s/leak_shm", nobody_bin);
	snprintf(p_id, sizeof(p_id), "%s/whoami_caps", nobody_bin);
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "shm", .path = p_shm, .argv = a_shm },
		{ .kind = STEP_START, .proc = "id", .path = p_id, .argv = a_id },
		{ .kind = STEP_WAIT_EXIT, .proc = "shm" },
		{ .kind = STEP_WAIT_EXIT, .proc = "id" },
	};
	struct scenario sc;
	struct scenario_result res;
	scenario_defaults(&sc);
	sc.steps = steps;
	sc.nsteps = 4;
	sc.workdir = work_dir;
	sc.wall_limit = 10;
	int rc = 0;
	if (scenario_run(&sc, SANDBOX_USERNS, &res) != 0)
		rc = 2;
	const struct proc_result *id = rc ? NULL : scenario_proc(&res, "id");
	char *t = id ? capture_text(&id->out, NULL) : NULL;
	if (rc == 0 && (res.status != SCN_OK || res.mode != SANDBOX_USERNS))
		rc = 3;
	else if (rc == 0 && (!find_obj(&res.left, IPCOBJ_SYSV_SHM, 1234, NULL) || res.left.n != 1))
		rc = 4;
	else if (rc == 0 && (!t || !strstr(t, "uid=1000") || !strstr(t, "CapEff:\t0000000000000000")))
		rc = 5;
	if (rc) {
		char objs[512] = "";
		for (size_t i = 0; i < res.left.n && strlen(objs) < 300; i++) {
			char one[200];
			ipc_object_describe(&res.left.objs[i], one, sizeof(one));
			strncat(objs, one, sizeof(objs) - strlen(objs) - 2);
			strcat(objs, ";");
		}
		const struct proc_result *sh = scenario_proc(&res, "shm");
		char *se = sh ? capture_text(&sh->err, NULL) : NULL;
		/* The parent's assertion shows this: TAP output hides our stderr. */
		snprintf(nobody_why, 1024,
			 "check %d: %.200s | left: %.300s | shm: end %d code %d err %.150s | id: %.150s", rc,
			 res.message, objs, sh ? (int)sh->end : -1, sh ? sh->code : -1, se ? se : "", t ? t : "");
		free(se);
	}
	free(t);
	scenario_result_free(&res);
	return rc;
}

/* As an unprivileged user: a uid of this test's own (test-helpers.h), not
 * nobody, whose processes other runs and the host share. Skipped with the
 * reason where the machine refuses it user namespaces (a chroot, a sysctl). */
Test(sandbox, unprivileged_mode_works_as_nobody, .fini = cleanup_work)
{
	uid_t uid = own_uid();
	char why[256];
	if (!userns_granted(uid, uid, why, sizeof(why)))
		cr_skip_test("%s", why);
	make_work();
	cr_assert_eq(chown(work_dir, uid, uid), 0);
	cr_assert_eq(chmod(work_dir, 0700), 0);
	char *bin = fresh_dir("nobody-bin");
	snprintf(nobody_bin, sizeof(nobody_bin), "%s", bin);
	free(bin);
	char cmd[32768];
	snprintf(cmd, sizeof(cmd), "chmod 0755 '%s' && cp '%s' '%s' '%s/' && chmod 0755 '%s'/*", nobody_bin,
		 prog("leak_shm"), prog("whoami_caps"), nobody_bin, nobody_bin);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	nobody_why = mmap(NULL, 1024, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	cr_assert(nobody_why != MAP_FAILED);
	nobody_why[0] = '\0';
	pid_t pid = fork();
	if (pid == 0)
		_exit(nobody_child(uid));
	cr_assert(pid > 0);
	int st = bounded_wait(pid, 40);
	nobody_why[1023] = '\0';
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", nobody_bin);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", nobody_bin);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x: %s", st, nobody_why);
	munmap(nobody_why, 1024);
}

/* Remove the pre-existing objects of the degraded test. */
static void
degraded_fini(void)
{
	int id = shmget(0x5151, 0, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	unlink("/dev/shm/pre_shm");
	cleanup_work();
}

Test(sandbox, degraded_mode_leaves_preexisting_objects, .fini = degraded_fini)
{
	/* Our own "host": degraded mode sees the caller's namespaces, and
	 * key 1234 and /my_shm of the real host must not be touched. */
	cr_assert_eq(unshare(CLONE_NEWIPC | CLONE_NEWNS), 0, "unshare: %s", strerror(errno));
	cr_assert_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0);
	cr_assert_eq(mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=4m,mode=1777"), 0);
	int pre = shmget(0x5151, 1000, IPC_CREAT | IPC_EXCL | 0600);
	cr_assert_geq(pre, 0);
	int fd = open("/dev/shm/pre_shm", O_CREAT | O_EXCL | O_WRONLY, 0600);
	cr_assert_geq(fd, 0);
	close(fd);

	char *a_shm[] = { "leak_shm", "1234", NULL };
	char *a_px[] = { "leak_posix", "/my_shm", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "shm", .path = prog("leak_shm"), .argv = a_shm },
		{ .kind = STEP_START, .proc = "px", .path = prog("leak_posix"), .argv = a_px },
		{ .kind = STEP_WAIT_EXIT, .proc = "shm" },
		{ .kind = STEP_WAIT_EXIT, .proc = "px" },
		{ .kind = STEP_AUDIT },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 5);
	cr_assert_eq(scenario_run(&sc, SANDBOX_DEGRADED, &res), 0, "%s", res.message);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	cr_expect_eq(res.mode, SANDBOX_DEGRADED);
	cr_expect_eq(res.left.n, 2, "left: %zu objects", res.left.n);
	cr_expect(find_obj(&res.left, IPCOBJ_SYSV_SHM, 1234, NULL));
	cr_expect(find_obj(&res.left, IPCOBJ_POSIX_SHM, 0, "/my_shm"));
	cr_expect(!find_obj(&res.seen, IPCOBJ_SYSV_SHM, 0x5151, NULL), "a pre-existing segment was reported");
	cr_expect(!find_obj(&res.seen, IPCOBJ_POSIX_SHM, 0, "/pre_shm"), "a pre-existing file was reported");
	cr_assert_eq(res.naudits, 1);
	cr_expect_eq(res.audits[0].n, 2, "the audit lists only new objects");
	scenario_result_free(&res);
	struct shmid_ds ds;
	cr_expect_eq(shmctl(pre, IPC_STAT, &ds), 0, "the pre-existing segment is gone");
	cr_expect_eq(access("/dev/shm/pre_shm", F_OK), 0, "the pre-existing file is gone");
	cr_expect_lt(shmget(1234, 0, 0), 0, "the leaked segment was not removed");
	cr_expect_neq(access("/dev/shm/my_shm", F_OK), 0, "the leaked file was not removed");
}

/* Remove what degraded_mode_ignores_other_uids made. */
static void
foreign_fini(void)
{
	int id = shmget(0x5252, 0, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	unlink("/dev/shm/host_made");
	cleanup_work();
}

Test(sandbox, degraded_mode_ignores_other_uids, .fini = foreign_fini)
{
	/* Degraded mode shares the host's IPC: what another host process makes
	 * while the programs run (here: root, as a test suite would) is not the
	 * programs'. Run by root, the programs have a uid of their own. */
	if (geteuid() != 0)
		cr_skip_test("the programs have a uid of their own only when the grader is root");
	cr_assert_eq(unshare(CLONE_NEWIPC | CLONE_NEWNS), 0, "unshare: %s", strerror(errno));
	cr_assert_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0);
	cr_assert_eq(mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=4m,mode=1777"), 0);
	pid_t host = fork();
	if (host == 0) {
		usleep(200000); /* after the run's first snapshot, before its audit */
		int fd = open("/dev/shm/host_made", O_CREAT | O_EXCL | O_WRONLY, 0600);
		_exit(shmget(0x5252, 100, IPC_CREAT | IPC_EXCL | 0600) >= 0 && fd >= 0 ? 0 : 1);
	}
	cr_assert_gt(host, 0);
	char *a_shm[] = { "leak_shm", "1234", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "shm", .path = prog("leak_shm"), .argv = a_shm },
		{ .kind = STEP_WAIT_EXIT, .proc = "shm" },
		{ .kind = STEP_SLEEP, .seconds = 0.6 },
		{ .kind = STEP_AUDIT },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 4);
	cr_assert_eq(scenario_run(&sc, SANDBOX_DEGRADED, &res), 0, "%s", res.message);
	int st = bounded_wait(host, 10);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the host process could not make its objects");
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	cr_expect(find_obj(&res.left, IPCOBJ_SYSV_SHM, 1234, NULL), "the program's segment is not listed");
	cr_expect(!find_obj(&res.seen, IPCOBJ_SYSV_SHM, 0x5252, NULL), "a root-made segment was reported");
	cr_expect(!find_obj(&res.seen, IPCOBJ_POSIX_SHM, 0, "/host_made"), "a root-made file was reported");
	cr_assert_eq(res.naudits, 1);
	cr_expect_eq(res.audits[0].n, 1, "the audit lists only the program's object");
	scenario_result_free(&res);
	cr_expect_eq(access("/dev/shm/host_made", F_OK), 0, "the host's file was removed");
	cr_expect_geq(shmget(0x5252, 0, 0), 0, "the host's segment was removed");
}

/* A file with known content at a host path made from tmpl (modified). */
static void
make_secret(char *tmpl)
{
	int fd = mkstemp(tmpl);
	cr_assert_geq(fd, 0, "mkstemp %s: %s", tmpl, strerror(errno));
	cr_assert_eq(write(fd, "expected output\n", 16), 16);
	cr_assert_eq(fchmod(fd, 0644), 0); /* readable by anyone: only the root hides it */
	close(fd);
}

Test(sandbox, host_files_are_hidden_from_students, .fini = cleanup_work)
{
	char in_root[] = "/root/sbx-hidden.XXXXXX", in_vartmp[] = "/var/tmp/sbx-hidden.XXXXXX";
	char ref_path[PATHBUF], visible[128];
	make_secret(in_root);
	make_secret(in_vartmp);
	snprintf(ref_path, sizeof(ref_path), "%s", prog("whoami_caps"));
	make_work();
	snprintf(visible, sizeof(visible), "%s/visible.txt", work_dir);
	close(open(visible, O_CREAT | O_WRONLY, 0644));
	cr_assert_eq(access(ref_path, R_OK), 0, "the reference must exist on the host");

	char *a_ref[] = { "ref", NULL };
	char *a_esc[] = { "try_escape", in_root, in_vartmp, ref_path, "/work/visible.txt", "/etc/passwd", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "ref", .path = ref_path, .argv = a_ref, .trusted = true },
		{ .kind = STEP_START, .proc = "esc", .path = prog("try_escape"), .argv = a_esc },
		{ .kind = STEP_WAIT_EXIT, .proc = "ref" },
		{ .kind = STEP_WAIT_EXIT, .proc = "esc" },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 4);
	run_root(&sc, &res);
	unlink(in_root);
	unlink(in_vartmp);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	char want[PATHBUF + 32];
	const char *hidden[] = { in_root, in_vartmp, ref_path };
	for (int i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "OPEN_FAIL %s ", hidden[i]);
		assert_out_has(&res, "esc", want);
	}
	/* Positive controls: the program can open what it is meant to see. */
	assert_out_has(&res, "esc", "OPEN_OK /work/visible.txt");
	assert_out_has(&res, "esc", "OPEN_OK /etc/passwd");
	assert_out_has(&res, "esc", "UNSHARE_FAIL newns");
	assert_out_has(&res, "esc", "UNSHARE_FAIL newuser");
	assert_out_has(&res, "esc", "MOUNT_FAIL tmpfs");
	assert_out_has(&res, "esc", "PTRACE_FAIL 1");
	/* The reference ran although its host path is invisible inside. */
	const struct proc_result *ref = scenario_proc(&res, "ref");
	cr_expect(ref->end == PROC_EXITED && ref->code == 0);
	assert_out_has(&res, "ref", "uid=");
	scenario_result_free(&res);
}

/* The uid a whoami_caps process printed, or -1. */
static long
printed_uid(const struct scenario_result *res, const char *proc)
{
	char *t = text_of(&scenario_proc(res, proc)->out);
	long uid = -1;
	char *u = strstr(t, "uid=");
	if (u)
		uid = strtol(u + 4, NULL, 10);
	free(t);
	return uid;
}

Test(sandbox, reference_and_student_one_uid_no_privileges, .fini = cleanup_work)
{
	char *a_ref[] = { "ref", NULL };
	char *a_stu[] = { "stu", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "ref", .path = prog("whoami_caps"), .argv = a_ref, .trusted = true },
		{ .kind = STEP_START, .proc = "stu", .path = prog("whoami_caps"), .argv = a_stu },
		{ .kind = STEP_WAIT_EXIT, .proc = "ref" },
		{ .kind = STEP_WAIT_EXIT, .proc = "stu" },
	};
	struct scenario sc;
	struct scenario_result res;
	struct sandbox_ids ids;
	setup_scenario(&sc, steps, 4);
	sandbox_ids_for(SANDBOX_ROOT, &ids);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	long ru = printed_uid(&res, "ref"), su = printed_uid(&res, "stu");
	/* One user, as on a student's machine (objects of mode 0600 work across a
	 * pairing); the reference is protected by being non-dumpable instead. */
	cr_expect_eq(ru, su, "reference uid %ld, student uid %ld", ru, su);
	cr_expect_neq(su, 0);
	assert_out_has(&res, "ref", "dumpable=0");
	assert_out_has(&res, "stu", "dumpable=1");
	cr_expect_eq(su, (long)ids.student_uid, "student uid %ld, harness expected %u", su, (unsigned)ids.student_uid);
	cr_expect_eq(ru, (long)ids.reference_uid);
	assert_out_has(&res, "stu", "CapEff:\t0000000000000000");
	assert_out_has(&res, "stu", "NoNewPrivs:\t1");
	assert_out_has(&res, "ref", "CapEff:\t0000000000000000");
	scenario_result_free(&res);
}

/* One print_lines run, killed at the end; what its stdout captured (malloc'd). */
static char *
print_then_die(bool line_buffered)
{
	char *argv[] = { "print_lines", "captured before death", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "p", .path = prog("print_lines"), .argv = argv },
		{ .kind = STEP_SLEEP, .seconds = 0.4 },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 2);
	sc.line_buffered = line_buffered;
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	const struct proc_result *p = scenario_proc(&res, "p");
	cr_expect_str_eq(p->killed_by ? p->killed_by : "", "end of scenario");
	cr_expect(p->end == PROC_SIGNALED && p->code == SIGKILL);
	char *t = text_of(&p->out);
	scenario_result_free(&res);
	return t;
}

Test(sandbox, stdout_is_line_buffered, .fini = cleanup_work)
{
	char *t = print_then_die(true);
	cr_expect_str_eq(t, "captured before death\n");
	free(t);
	t = print_then_die(false); /* the control: a full buffer dies with the process */
	cr_expect_str_eq(t, "");
	free(t);
}

Test(sandbox, output_cap_counts_cuts_and_kills, .fini = cleanup_work)
{
	char *argv[] = { "flood", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "flood", .path = prog("flood"), .argv = argv },
		{ .kind = STEP_WAIT_EXIT, .proc = "flood", .seconds = 8 },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 2);
	sc.out_head = 4096;
	sc.out_tail = 2048;
	sc.out_kill = 1 << 20;
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	const struct proc_result *p = scenario_proc(&res, "flood");
	cr_expect(p->end == PROC_SIGNALED && p->code == SIGKILL, "end %d code %d", p->end, p->code);
	cr_expect_str_eq(p->killed_by ? p->killed_by : "", "output limit");
	cr_expect_gt(p->out.total, sc.out_kill);
	cr_expect_lt(p->out.total, 64ULL << 20, "the kill came late: %llu bytes", p->out.total);
	cr_expect_eq(p->out.head_len, 4096);
	cr_expect_eq(capture_cut(&p->out), p->out.total - 4096 - 2048);
	char *t = text_of(&p->out), cut[64];
	snprintf(cut, sizeof(cut), "[... %llu bytes cut ...]", capture_cut(&p->out));
	cr_expect(strstr(t, cut), "the cut is not stated");
	free(t);
	scenario_result_free(&res);
}

Test(sandbox, wait_ipc_wait_output_and_stdin, .fini = cleanup_work)
{
	char *a_hold[] = { "hold_key", "solo", NULL };
	char *a_cnt[] = { "count_stdin", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "hold", .path = prog("hold_key"), .argv = a_hold, .keep_stdin = true },
		{ .kind = STEP_WAIT_IPC, .proc = "hold", .ipc_kind = IPCOBJ_SYSV_SHM, .key = 1234 },
		{ .kind = STEP_WAIT_IPC, .proc = "hold", .ipc_kind = IPCOBJ_POSIX_SHM, .text = "/my_shm" },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "hold", .text = "^READ[Y] [0-9]+$" },
		{ .kind = STEP_AUDIT },
		{ .kind = STEP_SLEEP, .seconds = 0.1 }, /* > SAMPLE_EVERY: `seen` must catch them */
		{ .kind = STEP_SEND, .proc = "hold", .text = "go\n" },
		{ .kind = STEP_WAIT_EXIT, .proc = "hold" },
		{ .kind = STEP_START, .proc = "cnt", .path = prog("count_stdin"), .argv = a_cnt, .keep_stdin = true },
		{ .kind = STEP_SEND, .proc = "cnt", .text = "one\ntwo\n" },
		{ .kind = STEP_CLOSE_STDIN, .proc = "cnt" },
		{ .kind = STEP_WAIT_EXIT, .proc = "cnt", .seconds = 5 },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 12);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	assert_out_has(&res, "hold", "HELD sysv=solo posix=solo");
	cr_expect_eq(scenario_proc(&res, "hold")->code, 0);
	cr_assert_eq(res.naudits, 1);
	cr_expect(find_obj(&res.audits[0], IPCOBJ_SYSV_SHM, 1234, NULL));
	cr_expect(find_obj(&res.audits[0], IPCOBJ_POSIX_SHM, 0, "/my_shm"));
	cr_expect(find_obj(&res.seen, IPCOBJ_SYSV_SHM, 1234, NULL) &&
			  find_obj(&res.seen, IPCOBJ_POSIX_SHM, 0, "/my_shm"),
		  "objects alive for 100 ms are missing from seen");
	cr_expect_eq(res.left.n, 0, "hold_key removes what it made");
	assert_out_has(&res, "cnt", "EOF after 2 lines");
	scenario_result_free(&res);
}

Test(sandbox, signals_and_exit_statuses_are_recorded, .fini = cleanup_work)
{
	char *a_ign[] = { "ignore_term", NULL };
	char *a_pl[] = { "print_lines", "up", NULL };
	char *a_segv[] = { "crash", "segv", NULL };
	char *a_exit[] = { "crash", "exit", "42", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "ign", .path = prog("ignore_term"), .argv = a_ign },
		{ .kind = STEP_START, .proc = "term", .path = prog("print_lines"), .argv = a_pl },
		{ .kind = STEP_START, .proc = "segv", .path = prog("crash"), .argv = a_segv },
		{ .kind = STEP_START, .proc = "exit", .path = prog("crash"), .argv = a_exit },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "ign", .text = "READY" },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "term", .text = "up" },
		{ .kind = STEP_SIGNAL, .proc = "ign", .signo = SIGTERM },
		{ .kind = STEP_SIGNAL, .proc = "term", .signo = SIGTERM },
		{ .kind = STEP_SLEEP, .seconds = 0.1 },
		{ .kind = STEP_SIGNAL, .proc = "ign", .signo = SIGUSR1 },
		{ .kind = STEP_WAIT_EXIT, .proc = "ign" },
		{ .kind = STEP_WAIT_EXIT, .proc = "term" },
		{ .kind = STEP_WAIT_EXIT, .proc = "segv" },
		{ .kind = STEP_WAIT_EXIT, .proc = "exit" },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 14);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	const struct proc_result *p = scenario_proc(&res, "ign");
	cr_expect(p->end == PROC_EXITED && p->code == 3, "ignore_term: end %d code %d", p->end, p->code);
	assert_out_has(&res, "ign", "GOT USR1");
	p = scenario_proc(&res, "term");
	cr_expect(p->end == PROC_SIGNALED && p->code == SIGTERM, "term: end %d code %d", p->end, p->code);
	cr_expect_null(p->killed_by, "a signal step is not a harness kill");
	p = scenario_proc(&res, "segv");
	cr_expect(p->end == PROC_SIGNALED && p->code == SIGSEGV, "segv: end %d code %d", p->end, p->code);
	p = scenario_proc(&res, "exit");
	cr_expect(p->end == PROC_EXITED && p->code == 42, "exit: end %d code %d", p->end, p->code);
	scenario_result_free(&res);
}

/* wait_stopped returns once SIGSTOP has taken effect (state T), long before
 * its deadline, and gives up at once on a process that ends instead. */
Test(sandbox, wait_stopped_sees_state_t, .fini = cleanup_work)
{
	char *a_ign[] = { "ignore_term", NULL };
	char *a_exit[] = { "crash", "exit", "42", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "ign", .path = prog("ignore_term"), .argv = a_ign },
		{ .kind = STEP_WAIT_OUTPUT, .proc = "ign", .text = "READY" },
		{ .kind = STEP_SIGNAL, .proc = "ign", .signo = SIGSTOP },
		{ .kind = STEP_WAIT_STOP, .proc = "ign", .seconds = 5 },
		{ .kind = STEP_SIGNAL, .proc = "ign", .signo = SIGCONT },
		{ .kind = STEP_SIGNAL, .proc = "ign", .signo = SIGUSR1 },
		{ .kind = STEP_WAIT_EXIT, .proc = "ign" },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 7);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	cr_expect_lt(res.wall_sec, 2.0, "wait_stopped waited for its deadline");
	const struct proc_result *p = scenario_proc(&res, "ign");
	cr_expect(p->end == PROC_EXITED && p->code == 3, "ignore_term: end %d code %d", p->end, p->code);
	scenario_result_free(&res);

	struct step ends[] = {
		{ .kind = STEP_START, .proc = "exit", .path = prog("crash"), .argv = a_exit },
		{ .kind = STEP_WAIT_STOP, .proc = "exit", .seconds = 5 },
	};
	setup_scenario(&sc, ends, 2);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_STEP_TIMEOUT, "status %d: %s", res.status, res.message);
	cr_expect(strstr(res.message, "wait_stopped exit") && strstr(res.message, "ended without stopping"),
		  "message: %s", res.message);
	cr_expect_lt(res.wall_sec, 2.0);
	scenario_result_free(&res);
}

/* A program that hangs on a pipe whose write end its own child still holds:
 * the result says who is blocked in what, and who holds the other end. */
Test(sandbox, why_a_program_hangs, .fini = cleanup_work)
{
	char *argv[] = { "pipe_hang", NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "pipe_hang", .path = prog("pipe_hang"), .argv = argv },
		{ .kind = STEP_WAIT_EXIT, .proc = "pipe_hang", .seconds = 1 },
	};
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 2);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_STEP_TIMEOUT, "%s", res.message);
	cr_assert_not_null(res.hang, "no explanation of the hang");
	cr_expect(strstr(res.hang, "pipe_hang (pid ") &&
			  strstr(res.hang, "waitpid, for its children: child of pipe_hang"),
		  "the parent: %s", res.hang);
	cr_expect(strstr(res.hang, "child of pipe_hang (pid ") &&
			  strstr(res.hang,
				 "no end of file while the write end is still open in: child of pipe_hang (fd 4)"),
		  "the child and who holds the write end: %s", res.hang);
	scenario_result_free(&res);

	/* A program that ends has nothing to explain. */
	char *a2[] = { "true", NULL };
	struct step s2[] = {
		{ .kind = STEP_START, .proc = "p", .path = "/bin/true", .argv = a2 },
		{ .kind = STEP_WAIT_EXIT, .proc = "p" },
	};
	setup_scenario(&sc, s2, 2);
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	cr_expect(res.hang == NULL || !*res.hang, "explained a program that ended: %s", res.hang);
	scenario_result_free(&res);
}

/* Copy-out brings back only the names asked for, under a byte budget that
 * counts what is read: sparse files ftruncate'd to 64 MiB cost nothing in
 * the sandbox's tmpfs and must not become 64 MiB each on the host (issue 12). */
Test(sandbox, copy_out_only_named_files_under_a_budget, .fini = cleanup_work)
{
	char *argv[] = { "sh", "-c",
			 "mkdir -p d && for i in 1 2 3 4; do truncate -s 64M d/vg.$i.xml; done && "
			 "echo hello > d/vg.small.xml && echo no > d/other.txt && ln -s /etc/passwd d/vg.link.xml",
			 NULL };
	struct step steps[] = {
		{ .kind = STEP_START, .proc = "sh", .path = "/bin/sh", .argv = argv },
		{ .kind = STEP_WAIT_EXIT, .proc = "sh" },
	};
	static const char *const names[] = { "vg.*.xml", NULL };
	struct scenario sc;
	struct scenario_result res;
	setup_scenario(&sc, steps, 2);
	sc.collect = "d";
	sc.collect_names = names;
	sc.collect_bytes = 1 << 20;
	run_root(&sc, &res);
	cr_assert_eq(res.status, SCN_OK, "%s", res.message);
	const struct proc_result *p = scenario_proc(&res, "sh");
	cr_assert(p->end == PROC_EXITED && p->code == 0, "sh: end %d code %d", p->end, p->code);
	scenario_result_free(&res);
	char path[PATHBUF], buf[64] = "";
	struct stat st;
	long long total = 0;
	DIR *d = opendir(strcat(strcpy(path, work_dir), "/d"));
	cr_assert_not_null(d, "nothing came back");
	for (struct dirent *de; (de = readdir(d)) != NULL;) {
		snprintf(path, sizeof(path), "%s/d/%s", work_dir, de->d_name);
		cr_assert_eq(lstat(path, &st), 0);
		cr_expect(!S_ISLNK(st.st_mode), "a link came back: %s", de->d_name);
		if (S_ISREG(st.st_mode))
			total += st.st_size;
	}
	closedir(d);
	cr_expect_leq(total, 1 << 20, "%lld bytes came back for a budget of 1 MiB", total);
	snprintf(path, sizeof(path), "%s/d/other.txt", work_dir);
	cr_expect_neq(access(path, F_OK), 0, "a file that was not asked for came back");
	snprintf(path, sizeof(path), "%s/d/vg.1.xml", work_dir);
	cr_expect(stat(path, &st) == 0 && st.st_size == 0, "an over-budget file should come back empty");
	snprintf(path, sizeof(path), "%s/d/vg.small.xml", work_dir);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "the file within budget did not come back");
	cr_expect(fgets(buf, sizeof(buf), f) && strcmp(buf, "hello\n") == 0, "vg.small.xml: '%s'", buf);
	fclose(f);
}
