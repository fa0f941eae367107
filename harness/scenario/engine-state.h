/* engine-state: the engine's state, shared by the step loop (engine.c)
 * and the IPC watch (engine-watch.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "ipc-audit.h"
#include "sandbox-internal.h"
#include "scenario.h"

struct rusage;

struct eproc {
	int in_fd, out_fd, err_fd;
	int watch_fd;  /* seccomp listener: removals held until we have looked */
	char *pending; /* stdin bytes not yet written */
	size_t pending_len, pending_off;
	bool close_after;
	bool reaped;
	double t0;
};

/* A parent's wait held by the seccomp watch until one of its children ends. */
struct held_wait {
	int listener;
	unsigned long long id;
	pid_t pid;
};

struct engine {
	const struct scenario *sc;
	enum sandbox_mode mode;
	struct scenario_result *res;
	struct eproc *ep;    /* parallel to res->procs */
	const int *exec_fds; /* per step */
	struct sandbox_ids ids;
	struct ipc_places places;
	struct ipc_snapshot before;
	int sigfd;
	double t_start, next_sample;
	char **env;
	char preload_nofake[1024]; /* LD_PRELOAD without libfaketime, for fault rules */
	struct held_wait *waits;   /* engine-watch.c: parents held in wait4/waitid */
	size_t nwaits;
	pid_t *ended; /* children whose end was recorded (a zombie is seen more than once) */
	size_t nended;
	/* the tool channel (engine-channel.c): our end, the programs' end, the sealed input */
	int chan_rd, chan_wr, chan_in;
	struct chan_stream *chan; /* per sending pid */
	size_t nchan, chan_bytes;
	struct chan_checked *checked; /* processes looked at: valgrind ones must report */
	size_t nchecked;
	bool chan_unwatched; /* an untrusted program ran without the exit watch */
	/* hash indexes of res->seen and before (engine-watch.c), and what looking costs */
	struct seen_index {
		size_t *slot; /* entry index + 1; 0 = empty */
		size_t cap;   /* a power of two, or 0 */
		size_t count; /* entries of the snapshot indexed so far (it only grows) */
	} seen_ix, before_ix;
	double sample_cost;  /* seconds the last full IPC snapshot took */
	double removal_cost; /* seconds spent in snapshots taken for held removals */
};

/* Is this process still running (started and not reaped)? */
static inline bool
running(struct engine *e, int i)
{
	return e->res->procs[i].end == PROC_RUNNING;
}

/* engine-core.c */
/* Monotonic seconds. */
double engine_now(void);
/* Index of the process named name, or -1. */
int engine_find_proc(struct engine *e, const char *name);
/* Kill a process's whole session (it is its own session leader), noting why. */
void engine_kill_proc(struct engine *e, int i, const char *why);
/* Note the end of process i from its wait status and resource usage. */
void engine_record_exit(struct engine *e, int i, int st, const struct rusage *ru);
/* Add a stray process to the result. */
void engine_add_stray(struct engine *e, enum stray_kind k, pid_t pid, pid_t ppid, const char *comm, int st);
/* Reap whatever has exited: our programs, or orphans handed to us. */
void engine_reap(struct engine *e);
/* Read what is available on one output fd into its capture. */
void engine_drain_fd(struct engine *e, int i, int *fd, struct capture *c);
/* Write pending stdin bytes; close stdin when asked and all is written. */
void engine_flush_stdin(struct engine *e, int i);
/* One turn of the loop: wait at most until `until` for any event. */
void engine_pump(struct engine *e, double until);
/* Has the whole scenario run out of time? */
bool engine_wall_expired(struct engine *e);
/* A NULL-terminated environment for step s: ours, then the step's (malloc'd array). */
char **engine_make_env(struct engine *e, const struct step *s);

/* engine-watch.c */
/* Record every IPC object seen now that was not seen before. */
void engine_sample_ipc(struct engine *e);
/* Add the objects of s not seen before (nor in `before`, degraded mode) to
 * res->seen, in O(1) each. A sample (sample true) also drops glibc's
 * sem_open temporaries and notes what seen objects hold now. */
void engine_note_seen(struct engine *e, const struct ipc_snapshot *s, bool sample);
/* Free the indexes. */
void engine_watch_free(struct engine *e);
/* Count, per running program, whether a process of its tree is runnable now. */
void engine_sample_procs(struct engine *e);
/* Drop the harness's own objects from s, unlinking them when unlink_them (they
 * must not outlive the run in degraded mode either). */
void engine_drop_harness_objects(struct engine *e, struct ipc_snapshot *s, bool unlink_them);
/* p's seccomp listener is readable (or gone): serve one held call. */
void engine_watch(struct engine *e, struct eproc *p, short revents);
/* Let held waits go on whose caller has a child that ended (noting how it
 * ended) or has none; drop those no longer waiting. */
void engine_check_waits(struct engine *e);
/* Note that a process of a program's tree (not the program) ended with wait
 * status st: a death by a signal is reported. */
void engine_child_ended(struct engine *e, pid_t pid, pid_t ppid, int st);

/* engine-channel.c: the trusted channel of scenario.channel_dir */
/* Set the channel up when the scenario asks for one (all fds -1 otherwise). 0 or -1. */
int engine_channel_open(struct engine *e);
/* Take up to max_msgs queued messages (-1: all). */
void engine_channel_read(struct engine *e, int max_msgs);
/* A held call (exit_group, kill and the like): valgrind's last act, or a SIGKILL? */
void engine_channel_call(struct engine *e, const struct held_call *c);
/* pid is (or was) a process of the sandbox: if it runs valgrind it must report. */
void engine_channel_seen(struct engine *e, pid_t pid);
/* With every process gone: write channel_dir/channel under the work dir. 0 or -1. */
int engine_channel_finish(struct engine *e);
void engine_channel_close(struct engine *e);

/* engine-hang.c */
/* Note in the result, per live process of the sandbox, what it is blocked in
 * and on what (proc-why.c). */
void engine_explain_hang(struct engine *e);

/* engine-settle.c */
/* Pump the loop until every thread of the sandbox is blocked or stopped and
 * has not run since the previous look, or limit seconds passed; settled? */
bool engine_settle(struct engine *e, double limit);
