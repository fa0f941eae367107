/* steps: the table of step kinds - per kind its name, how the spec writes it
 * (parse), what the engine does for it (run) and how a message names it
 * (describe). It sits above both the spec's YAML helpers and the engine's
 * state: the spec loader and the engine call into it, the step data
 * (step.h) sits below everything. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "seccomp-filter.h"
#include "step.h"

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
	struct yt_load *l;        /* the document, and where errors go */
	int idx;                  /* the step's number in the test, from 1 */
	char where[64];           /* "step 3 (send)", for messages */
	bool map;                 /* the value is a mapping (the long form) */
	struct step_procs *procs; /* started so far; start adds to it */
	/* The assignment's programs, through the spec (which sits above this file). */
	bool (*program_known)(void *arg, const char *name);
	void (*programs_list)(void *arg, char *buf, size_t len);
	void *arg;
};

struct step_kind_desc {
	enum step_kind kind;
	const char *name;    /* the spec's key and the reports' word: "wait_output" */
	bool addresses_proc; /* names a process an earlier start created */
	bool stdin_writer;   /* feeds the process's stdin (it then gets a pipe) */
	bool null_ok;        /* may be written with no value ("audit:") */
	/* The spec's value v of the step into s (kind, line, defaults already set);
	 * 0, or -1 with "file:line: ..." in p->l's err. */
	int (*parse)(struct step_parse *p, const struct yaml_node_s *v, struct step *s);
	/* Step si of the engine's scenario, addressing process i (-1 if none),
	 * begun at t0 with deadline until; 0, or -1 with status and message set. */
	int (*run)(struct engine *e, size_t si, int i, double t0, double until);
	/* One line naming a step of this kind (after the kind's name). */
	void (*describe)(const struct step *s, char *buf, size_t len);
	bool acts; /* changes what the programs see: the sandbox settles first (engine-settle.c) */
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
