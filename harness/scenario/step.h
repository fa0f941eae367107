/* step: one step of a test, as the spec writes it and as the engine runs it.
 *
 * One structure for both: the spec loader fills the fields it reads from YAML,
 * the grader (grade.c) copies the step whole into a scenario and fills the
 * per-run fields (path, argv, trusted, keep_stdin). The table of step kinds
 * (steps.h, steps.c) gives each kind its name, its parser, its runner and its
 * one-line description. Adding a step: a value here and a row (with its
 * functions) in steps.c. This header is data only, so every stage can hold a
 * step without depending on the engine that runs it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "ipc-kinds.h"
#include "seccomp-filter.h"

#define STEP_MAX         200    /* steps of a test (and so processes it starts) */
#define SPEC_MAX_SECONDS 3600.0 /* longest wait, sleep or timeout a spec may give */

/* Who runs a started program. */
enum role {
	ROLE_PAIRING = -1,
	ROLE_STUDENT = 0,
	ROLE_REFERENCE = 1
};

enum step_kind {
	STEP_START,       /* start a program as process `proc` */
	STEP_SEND,        /* write text to its stdin */
	STEP_CLOSE_STDIN, /* end of input */
	STEP_SIGNAL,      /* send signo */
	STEP_WAIT_IPC,    /* until an IPC object exists */
	STEP_WAIT_OUTPUT, /* until its output matches a regex */
	STEP_WAIT_EXIT,   /* until it has exited */
	STEP_SLEEP,       /* let time pass */
	STEP_AUDIT,       /* record every IPC object now */
	STEP_WAIT_STOP,   /* until it is stopped (state T), e.g. after SIGSTOP */
	/* until the process catches or blocks signo */
	STEP_WAIT_SIGNAL_READY,
	STEP_NKINDS /* not a kind: the size of the table */
};

struct step {
	enum step_kind kind;
	char *proc; /* the process addressed; start: the new process's name (default: program) */
	/* STEP_START, as the spec gives it */
	char *program; /* which spec_program */
	int role;      /* enum role (spec.h); ROLE_PAIRING = decided by the pairing */
	char **args;   /* argv[1..] */
	size_t nargs;
	char **env; /* extra NAME=VALUE entries, NULL-terminated, may be NULL */
	size_t nenv;
	struct fault_rule *faults; /* injected failures */
	size_t nfaults;
	/* STEP_START, filled for one run (grade.c, build.c, cli-run.c) */
	char *path;      /* executable, as a host path */
	char **argv;     /* NULL-terminated; argv[0] is what the program sees */
	bool trusted;    /* a reference program: started non-dumpable (spawn_exec_only_copy) */
	bool keep_stdin; /* false: stdin is /dev/null unless SEND steps follow (set by the builder) */
	/* SEND: bytes; WAIT_OUTPUT: extended regex; WAIT_IPC: POSIX name */
	char *text;
	int stream;                /* WAIT_OUTPUT: 1 stdout, 2 stderr */
	enum ipcobj_kind ipc_kind; /* WAIT_IPC */
	long long key;             /* WAIT_IPC, keyed kinds */
	int signo;                 /* STEP_SIGNAL, STEP_WAIT_SIGNAL_READY */
	double seconds;            /* wait deadline, or SLEEP duration; 0 = default */
	bool no_settle;            /* an acting step that does not wait for the sandbox to rest */
	int line;                  /* where the step is in the spec file (0: not from a spec) */
};
