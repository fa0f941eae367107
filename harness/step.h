/* step: one step of a test, as the spec writes it and as the engine runs it.
 *
 * One structure for both: the spec loader fills the fields it reads from YAML,
 * the grader (grade.c) copies the step whole into a scenario and fills the
 * per-run fields (path, argv, trusted, keep_stdin). The table of step kinds
 * (step.c) gives each kind its name, its parser, its runner and its one-line
 * description. Adding a step: a value here and a row (with its functions) in
 * step.c. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "ipc-kinds.h"
#include "seccomp-filter.h"

#define STEP_MAX 200		/* steps of a test (and so processes it starts) */
#define SPEC_MAX_SECONDS 3600.0	/* longest wait, sleep or timeout a spec may give */

/* Who runs a started program. */
enum role { ROLE_PAIRING = -1, ROLE_STUDENT = 0, ROLE_REFERENCE = 1 };

enum step_kind {
	STEP_START,		/* start a program as process `proc` */
	STEP_SEND,		/* write text to its stdin */
	STEP_CLOSE_STDIN,	/* end of input */
	STEP_SIGNAL,		/* send signo */
	STEP_WAIT_IPC,		/* until an IPC object exists */
	STEP_WAIT_OUTPUT,	/* until its output matches a regex */
	STEP_WAIT_EXIT,		/* until it has exited */
	STEP_SLEEP,		/* let time pass */
	STEP_AUDIT,		/* record every IPC object now */
	STEP_NKINDS		/* not a kind: the size of the table */
};

struct step {
	enum step_kind kind;
	char *proc;		/* the process addressed; start: the new process's name (default: program) */
	/* STEP_START, as the spec gives it */
	char *program;		/* which spec_program */
	int role;		/* enum role (spec.h); ROLE_PAIRING = decided by the pairing */
	char **args;		/* argv[1..] */
	size_t nargs;
	char **env;		/* extra NAME=VALUE entries, NULL-terminated, may be NULL */
	size_t nenv;
	struct fault_rule *faults;	/* injected failures */
	size_t nfaults;
	/* STEP_START, filled for one run (grade.c, build.c, cli-run.c) */
	char *path;		/* executable, as a host path */
	char **argv;		/* NULL-terminated; argv[0] is what the program sees */
	bool trusted;		/* a reference program: its own uid */
	bool keep_stdin;	/* false: stdin is /dev/null unless SEND steps follow (set by the builder) */
	/* SEND: bytes; WAIT_OUTPUT: extended regex; WAIT_IPC: POSIX name */
	char *text;
	int stream;		/* WAIT_OUTPUT: 1 stdout, 2 stderr */
	enum ipcobj_kind ipc_kind;	/* WAIT_IPC */
	long long key;		/* WAIT_IPC, keyed kinds */
	int signo;		/* STEP_SIGNAL */
	double seconds;		/* wait deadline, or SLEEP duration; 0 = default */
	int line;		/* where the step is in the spec file (0: not from a spec) */
};

/* Processes started so far in one test, for "addresses an unknown process". */
struct step_procs {
	const char *names[STEP_MAX];
	size_t n;
};

struct yt_load;
struct yaml_node_s;
struct engine;

/* What parsing one step of the spec needs besides its value. */
struct step_parse {
	struct yt_load *l;	/* the document, and where errors go */
	int idx;		/* the step's number in the test, from 1 */
	char where[64];		/* "step 3 (send)", for messages */
	bool map;		/* the value is a mapping (the long form) */
	struct step_procs *procs;	/* started so far; start adds to it */
	/* The assignment's programs, through the spec (which sits above this file). */
	bool (*program_known)(void *arg, const char *name);
	void (*programs_list)(void *arg, char *buf, size_t len);
	void *arg;
};

struct step_kind_desc {
	enum step_kind kind;
	const char *name;		/* the spec's key and the reports' word: "wait_output" */
	bool addresses_proc;		/* names a process an earlier start created */
	bool stdin_writer;		/* feeds the process's stdin (it then gets a pipe) */
	bool null_ok;			/* may be written with no value ("audit:") */
	/* The spec's value v of the step into s (kind, line, defaults already set);
	 * 0, or -1 with "file:line: ..." in p->l's err. */
	int (*parse)(struct step_parse *p, const struct yaml_node_s *v, struct step *s);
	/* Step si of the engine's scenario, addressing process i (-1 if none),
	 * begun at t0 with deadline until; 0, or -1 with status and message set. */
	int (*run)(struct engine *e, size_t si, int i, double t0, double until);
	/* One line naming a step of this kind (after the kind's name). */
	void (*describe)(const struct step *s, char *buf, size_t len);
};

/* The row of kind k, or NULL outside the enum. */
const struct step_kind_desc *step_kind(enum step_kind k);
/* The row named name, or NULL. */
const struct step_kind_desc *step_kind_by_name(const char *name);
/* "start", "wait_ipc", ...; "?" for a value outside the enum. */
const char *step_kind_name(enum step_kind k);
/* One line naming a step, e.g. "wait_output server /You pressed q/" */
void step_describe(const struct step *s, char *buf, size_t len);
/* Was a process of this name started earlier in the test? */
bool step_procs_has(const struct step_procs *p, const char *name);
/* "server, client" (or "none yet") for messages. */
void step_procs_list(const struct step_procs *p, char *buf, size_t len);
/* Run step si of the engine's scenario through its row; 0, or -1 with the
 * result's status and message set. */
int step_run(struct engine *e, size_t si);
/* The system-call filter options of a START step. */
void step_filter(const struct step *s, bool deny_network, struct seccomp_opts *o);
