/* scenario: a test as a short script of steps, run in one sandbox.
 *
 * The caller fills a struct scenario; scenario_run() forks the sandbox, whose
 * init runs the steps, watches the processes and the IPC objects, cleans up,
 * and sends a struct scenario_result back over a pipe. Nothing in the result
 * is a verdict: checks and points are grading/'s job. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "capture.h"
#include "ipc-audit.h"
#include "proc-limits.h"
#include "sandbox.h"
#include "seccomp-filter.h"
#include "step.h"

struct scenario {
	const char *name;
	struct step *steps;
	size_t nsteps;
	struct proc_limits limits;
	double wall_limit;           /* whole scenario, seconds (real time) */
	double step_timeout;         /* default deadline of a wait step */
	size_t out_head, out_tail;   /* bytes of each stream kept */
	unsigned long long out_kill; /* a process printing more is killed */
	const char *workdir;         /* host directory copied to /work (the cwd); see collect */
	double time_scale;           /* > 1: sleep() runs that much faster (libfaketime) */
	bool line_buffered;          /* stdout line-buffered as on a terminal (default true) */
	double settle_limit;         /* longest wait for the sandbox to come to rest before acting (0: never wait) */
	bool deny_network;
	size_t shm_bytes;    /* size of the private /dev/shm */
	size_t work_bytes;   /* size of the private /work */
	const char *collect; /* subdirectory of /work whose files are copied back to workdir ("." = all), or NULL */
	const char *const *collect_names; /* ... only these names (fnmatch patterns, NULL-terminated) */
	size_t collect_bytes;             /* ... at most this many bytes read in all (0: work_bytes) */
	/* A trusted channel for a tool that runs inside the untrusted programs
	 * (valgrind): when channel_dir is set, each untrusted program holds, at
	 * fd scenario_channel_fd(sc, false), a socket whose messages the init
	 * keeps per sending pid (the kernel names the sender), and at
	 * scenario_channel_fd(sc, true) a sealed read-only copy of channel_input.
	 * Both fds are valgrind's reserved ones, out of the program's reach. At
	 * the end, with every process gone, the init writes channel_dir/channel
	 * (under /work; see engine-channel.c). */
	const char *channel_dir;
	const char *channel_input;
};

/* The fd number of the channel (input: the sealed file): the top of the
 * programs' RLIMIT_NOFILE, which valgrind keeps for itself. */
int scenario_channel_fd(const struct scenario *sc, bool input);

/* Fill sc with defaults (limits, caps, deadlines). */
void scenario_defaults(struct scenario *sc);

enum proc_end {
	PROC_NOT_STARTED,
	PROC_START_FAILED, /* exec failed: exec_errno */
	PROC_RUNNING,      /* never seen to exit (only inside the engine) */
	PROC_EXITED,
	PROC_SIGNALED,
};

struct proc_result {
	char *name;
	char *path;
	bool trusted;
	pid_t pid; /* as seen inside the sandbox */
	enum proc_end end;
	int code; /* exit code or signal number */
	int exec_errno;
	char *killed_by; /* set when the harness killed it: "wall deadline", "output limit", "end of scenario" */
	double start_sec, wall_sec, user_sec, sys_sec; /* start relative to the scenario */
	long maxrss_kb;
	int fds_at_exit;      /* descriptors above 2 still open when it called exit; -1 unknown */
	int run_samples;      /* the engine's looks at its process tree while it ran */
	int runnable_samples; /* ... that found one of them runnable (state R): a spinner is, under any load */
	char fd_example[128]; /* one of them, "fd 3 -> /dev/shm/my_shm" */

	/* Its forked children (engine-watch.c: their exit_group and the parent's wait). */
	int child_fds_at_exit;      /* the most descriptors above 2 a forked child held at its exit */
	char child_fd_example[128]; /* one of them */
	int child_signaled;         /* processes of its tree (not itself) that ended by a signal */
	int child_signal;           /* ... the first one's signal, and its pid */
	pid_t child_pid;
	struct capture out, err;
};

enum stray_kind {
	STRAY_ALIVE,      /* still running after the scenario: orphan or daemon */
	STRAY_ZOMBIE,     /* exited, never waited for, parent still alive */
	STRAY_REPARENTED, /* outlived its parent and was reaped by our init */
};

struct stray_proc {
	enum stray_kind kind;
	pid_t pid, ppid;
	char comm[32];
	int wstatus; /* STRAY_REPARENTED */
};

enum scenario_status {
	SCN_OK,
	SCN_STEP_TIMEOUT, /* a wait step hit its deadline: step_index, message */
	SCN_WALL_TIMEOUT, /* the whole scenario hit wall_limit */
	SCN_STEP_ERROR,   /* a step could not be carried out (bad regex, unknown process) */
	SCN_INTERNAL,     /* the sandbox itself failed: never the student's fault */
};

struct scenario_result {
	enum scenario_status status;
	int step_index; /* the step that failed or was waiting; -1 */
	char message[1024];
	enum sandbox_mode mode;
	double wall_sec;
	struct proc_result *procs;
	size_t nprocs;
	struct ipc_snapshot seen;    /* every object observed while it existed (first sight) */
	struct ipc_snapshot left;    /* objects still there once every process was gone */
	struct ipc_snapshot *audits; /* one per STEP_AUDIT */
	size_t naudits;
	struct stray_proc *strays;
	size_t nstrays;
	char *hang; /* why the live processes had not ended when the scenario ended ("" or NULL: none were) */
};

void scenario_result_free(struct scenario_result *res);
/* Find a process result by name, or NULL. */
const struct proc_result *scenario_proc(const struct scenario_result *res, const char *name);
