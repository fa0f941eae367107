/* The checks on made-up runs: which program is blamed, what is said of the
 * others, and what a reference program's removal or a child's crash gives.
 * No sandbox: the runs are built here, as the engine would report them. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "checks.h"

/* One process of a made-up run. */
static void
proc(struct proc_result *p, const char *name, bool trusted, enum proc_end end, int code, double end_sec,
     const char *out, const char *err)
{
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	p->trusted = trusted;
	p->end = end;
	p->code = code;
	p->wall_sec = end_sec;
	p->fds_at_exit = -1;
	capture_init(&p->out, 4096, 0);
	capture_init(&p->err, 4096, 0);
	if (out)
		capture_append(&p->out, out, strlen(out));
	if (err)
		capture_append(&p->err, err, strlen(err));
}

/* The segment of key 1234, as the audit reports it. */
static struct ipc_object
segment(const char *removed_by)
{
	struct ipc_object o = { .kind = IPCOBJ_SYSV_SHM, .id = 0, .key = 1234, .size = 1, .mode = 0666, .cpid = 2 };
	snprintf(o.removed_by, sizeof(o.removed_by), "%s", removed_by ? removed_by : "");
	return o;
}

/* The reference run of a client/server session: both exit 0, the server
 * reports the character and removes the segment. */
static void
oracle_session(struct scenario_result *r)
{
	memset(r, 0, sizeof(*r));
	r->nprocs = 2;
	r->procs = calloc(2, sizeof(*r->procs));
	proc(&r->procs[0], "server", true, PROC_EXITED, 0, 1.5, "You pressed a\n", NULL);
	proc(&r->procs[1], "client", true, PROC_EXITED, 0, 1.2, NULL, NULL);
	struct ipc_object o = segment("server");
	ipc_snapshot_add(&r->seen, &o);
}

/* [server: reference, client: yours] with a client whose shmget fails:
 * the server waits until the harness kills it and leaves the segment. */
static void
run_client_fails(struct scenario_result *r)
{
	memset(r, 0, sizeof(*r));
	r->nprocs = 2;
	r->procs = calloc(2, sizeof(*r->procs));
	proc(&r->procs[0], "server", true, PROC_SIGNALED, SIGKILL, 4.0, NULL, NULL);
	r->procs[0].killed_by = strdup("step timeout");
	proc(&r->procs[1], "client", false, PROC_EXITED, 1, 0.1, NULL, "shmget: Invalid argument\n");
	struct ipc_object o = segment(NULL);
	ipc_snapshot_add(&r->seen, &o);
	ipc_snapshot_add(&r->left, &o);
}

/* Evaluate one check of kind k on run against oracle. */
static void
eval(enum check_kind k, const struct scenario_result *run, const struct scenario_result *oracle,
     struct check_outcome *o)
{
	struct spec_check c = { .kind = k, .match_key = true };
	struct check_ctx x = { NULL, run, oracle, FEEDBACK_FULL, NULL };
	check_eval(&c, &x, o);
}

/* Release an outcome's strings. */
static void
outcome_free(struct check_outcome *o)
{
	free(o->name);
	free(o->detail);
	free(o->hint);
}

/* The client went wrong first: the reference server's timeout is its
 * consequence, and the hint is about the client's EINVAL. */
Test(checks, the_first_program_to_depart_is_blamed)
{
	struct scenario_result oracle, run;
	struct check_outcome o;
	oracle_session(&oracle);
	run_client_fails(&run);
	eval(CHECK_EXIT, &run, &oracle, &o);
	cr_assert_not(o.passed);
	cr_assert(strstr(o.detail, "server (reference) killed by the harness (step timeout); expected exited 0 - a "
				   "consequence: client (yours) went wrong first (see client)"),
		  "%s", o.detail);
	cr_assert(o.hint && strstr(o.hint, "EINVAL from shmget"), "%s", o.hint ? o.hint : "(no hint)");
	outcome_free(&o);
	eval(CHECK_STDOUT, &run, &oracle, &o);
	cr_assert_not(o.passed);
	cr_assert(strstr(o.detail, "a consequence: client (yours)"), "%s", o.detail);
	cr_assert_null(o.hint, "a hint about the reference server: %s", o.hint);
	outcome_free(&o);
	scenario_result_free(&run);
	scenario_result_free(&oracle);
}

/* The segment the killed server never got to remove: not "Missing shmctl". */
Test(checks, a_leftover_of_a_killed_remover_is_a_consequence)
{
	struct scenario_result oracle, run;
	struct check_outcome o;
	oracle_session(&oracle);
	run_client_fails(&run);
	eval(CHECK_CLEANUP, &run, &oracle, &o);
	cr_assert_not(o.passed);
	cr_assert(strstr(o.detail, "server (reference) removes it in the reference run, but here it was killed by "
				   "the harness (step timeout) before it could"),
		  "%s", o.detail);
	cr_assert(o.hint == NULL || strstr(o.hint, "Missing") == NULL, "%s", o.hint);
	outcome_free(&o);
	scenario_result_free(&run);
	scenario_result_free(&oracle);
}

/* shm-ftok: your writer created nothing, so the one segment there is is the
 * reference writer's, removed by the reference remover: not your doing. */
Test(checks, a_removal_by_a_reference_program_is_not_yours)
{
	struct scenario_result oracle = { 0 }, run = { 0 };
	struct check_outcome o;
	oracle.nprocs = run.nprocs = 2;
	oracle.procs = calloc(2, sizeof(*oracle.procs));
	run.procs = calloc(2, sizeof(*run.procs));
	proc(&oracle.procs[0], "remover", true, PROC_EXITED, 0, 0.5, "Removed\n", NULL);
	proc(&oracle.procs[1], "ref_remover", true, PROC_EXITED, 0, 1.0, "Removed\n", NULL);
	proc(&run.procs[0], "remover", false, PROC_EXITED, 0, 0.5, "Removed\n", NULL);
	proc(&run.procs[1], "ref_remover", true, PROC_EXITED, 0, 1.0, "Removed\n", NULL);
	struct ipc_object first = segment("remover"), second = segment("ref_remover");
	ipc_snapshot_add(&oracle.seen, &first);
	ipc_snapshot_add(&oracle.seen, &second);
	ipc_snapshot_add(&run.seen, &second); /* only the reference writer's segment */
	eval(CHECK_CLEANUP, &run, &oracle, &o);
	cr_assert(o.passed, "%s", o.detail ? o.detail : "");
	outcome_free(&o);
	/* ... while your remover removing the server's object is. */
	struct ipc_object yours = segment("remover");
	run.seen.objs[0] = yours;
	oracle.seen.objs[0] = segment("ref_remover");
	eval(CHECK_CLEANUP, &run, &oracle, &o);
	cr_assert_not(o.passed);
	cr_assert(strstr(o.detail, "was removed by remover (yours)"), "%s", o.detail);
	outcome_free(&o);
	scenario_result_free(&run);
	scenario_result_free(&oracle);
}

/* A forked child killed by SIGSEGV fails the exit check of a parent that
 * exited 0, and names the signal. */
Test(checks, a_crashed_child_is_reported)
{
	struct scenario_result oracle = { 0 }, run = { 0 };
	struct check_outcome o;
	oracle.nprocs = run.nprocs = 1;
	oracle.procs = calloc(1, sizeof(*oracle.procs));
	run.procs = calloc(1, sizeof(*run.procs));
	proc(&oracle.procs[0], "shm_fork", true, PROC_EXITED, 0, 0.5, "Writing\n", NULL);
	proc(&run.procs[0], "shm_fork", false, PROC_EXITED, 0, 0.5, "Writing\n", NULL);
	run.procs[0].child_signaled = 1;
	run.procs[0].child_signal = SIGSEGV;
	run.procs[0].child_pid = 3;
	eval(CHECK_EXIT, &run, &oracle, &o);
	cr_assert_not(o.passed);
	cr_assert(strstr(o.detail, "a child of shm_fork (yours) (pid 3) was killed by SIGSEGV"), "%s", o.detail);
	cr_assert(o.hint && strstr(o.hint, "SIGSEGV in a child"), "%s", o.hint ? o.hint : "(no hint)");
	outcome_free(&o);
	run.procs[0].child_signaled = 0;
	eval(CHECK_EXIT, &run, &oracle, &o);
	cr_assert(o.passed, "%s", o.detail ? o.detail : "");
	outcome_free(&o);
	scenario_result_free(&run);
	scenario_result_free(&oracle);
}

/* An orphan the sandbox's init reaped after a SIGSEGV: the stray's line says so. */
Test(checks, a_crashed_orphan_is_reported)
{
	struct scenario_result oracle = { 0 }, run = { 0 };
	struct check_outcome o;
	oracle.nprocs = run.nprocs = 1;
	oracle.procs = calloc(1, sizeof(*oracle.procs));
	run.procs = calloc(1, sizeof(*run.procs));
	proc(&oracle.procs[0], "shm_fork", true, PROC_EXITED, 0, 0.5, NULL, NULL);
	proc(&run.procs[0], "shm_fork", false, PROC_EXITED, 0, 0.5, NULL, NULL);
	run.nstrays = 1;
	run.strays = calloc(1, sizeof(*run.strays));
	run.strays[0] = (struct stray_proc){
		.kind = STRAY_REPARENTED, .pid = 3, .ppid = 1, .comm = "shm_fork", .wstatus = SIGSEGV
	};
	eval(CHECK_CLEANUP, &run, &oracle, &o);
	cr_assert_not(o.passed);
	cr_assert(strstr(o.detail, "it was killed by SIGSEGV"), "%s", o.detail);
	outcome_free(&o);
	scenario_result_free(&run);
	scenario_result_free(&oracle);
}
