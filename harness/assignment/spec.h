/* spec: an assignment as the instructor writes it (assignments/NAME/assignment.yaml).
 *
 * Parsed with libyaml into these structs, then validated; every error names
 * the file and line at fault. Field-by-field reference: docs/spec.md (which
 * also says why libyaml and not libcyaml's schema loader). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "ipc-audit.h"
#include "scenario.h"
#include "seccomp-filter.h"

enum visibility {
	VIS_VISIBLE,
	VIS_HIDDEN,
	VIS_AFTER_DUE_DATE,
	VIS_AFTER_PUBLISHED
};
enum feedback {
	FEEDBACK_FULL,
	FEEDBACK_OUTPUT,
	FEEDBACK_VERDICT
};
/* enum role: step.h */

struct spec_program {
	char *name;     /* "server": what steps call it */
	char **sources; /* student files, relative to the submission: "server.c" */
	size_t nsources;
	char *reference; /* reference binary, relative to the reference directory: "shm-sysv-clientserver/server" */
	char *cflags;    /* extra flags for this program (appended to the assignment's) */
};

struct spec_check {
	enum check_kind kind;
	char *proc;    /* NULL: every process of the test */
	double weight; /* share of the test's points (default 1) */
	union {        /* expect: as an index into the kind's choices (check.h) */
		int choice;
		enum exit_expect exit; /* CHECK_EXIT: the same index, by name */
	};
	char *expect;   /* CHECK_OUTPUT_MATCH: regex; a choice but the default: its text ("nonempty"), else NULL */
	bool match_key; /* CHECK_IPC: compare keys/names too (default true; false for ftok keys) */
	int line;
};

/* A test this test needs (check50's dependencies): it earns nothing, and is not
 * run, unless that test passed (docs/spec.md, "depends"). */
struct spec_dep {
	char *test;    /* the test depended on, by name */
	char *program; /* NULL: every run of it must pass; else the runs where this program is the student's */
	size_t index;  /* of that test in assignment.tests, resolved at load */
	int line;
};

struct spec_test {
	char *name;
	double points;
	enum visibility visibility;
	enum feedback feedback;
	bool pairings;      /* run every student/reference pairing (default: true when >1 program starts) */
	int runs, pass;     /* repeats: pass `pass` of `runs` (default 1 of 1) */
	double timeout;     /* wall limit of one run, seconds (default: assignment's) */
	char *hint;         /* shown when the test fails */
	struct step *steps; /* the spec fields of each (step.h) */
	size_t nsteps;
	struct spec_check *checks;
	size_t nchecks;
	struct spec_dep *deps; /* depends: tests that must pass first (no cycle: checked at load) */
	size_t ndeps;
	bool hidden_file; /* came from the instructor's private file */
	const char *file; /* the spec file it came from */
	int line;
};

struct spec_object { /* the IPC object the assignment requires, as documented */
	enum ipcobj_kind kind;
	long long key;
	char *name;
	unsigned long long size;
	unsigned mode;
};

struct assignment {
	char *name, *title;
	char *dir;  /* folder of assignment.yaml */
	char *file; /* path of assignment.yaml */
	struct spec_program *programs;
	size_t nprograms;
	char *cflags;      /* default "-std=gnu11 -Wall -Wextra -O1" */
	char *libs;        /* default "-lrt" */
	double time_scale; /* > 1: sleep() accelerated (libfaketime) */
	double timeout;    /* default wall limit of a test run */
	struct proc_limits limits;
	struct spec_object *objects;
	size_t nobjects;
	struct spec_test *tests;
	size_t ntests;
	char **hidden_files; /* paths given to spec_load_hidden: what spec_test.file points into */
	size_t nhidden_files;
};

#define SPEC_MAX_BYTES (1024 * 1024) /* a bigger spec file is refused, not parsed (yaml-tree's YT_MAX_BYTES) */

/* Load and validate path. 0, or -1 with "file:line: what is wrong" in err. */
int spec_load(const char *path, struct assignment *a, char *err, size_t errlen);
/* Append the tests of an instructor's private file (same schema, `tests:` only
 * required); they are marked hidden_file. 0 or -1 as above. */
int spec_load_hidden(struct assignment *a, const char *path, char *err, size_t errlen);
void spec_free(struct assignment *a);
const struct spec_program *spec_program(const struct assignment *a, const char *name);
const char *visibility_name(enum visibility v);
const char *feedback_name(enum feedback f);
