/* check: the table of check kinds, as the spec knows them.
 *
 * A row gives a kind its name, the syntax of its options in the spec and
 * whether it is about hygiene; the spec loader (spec.c) parses by the row.
 * Evaluating a check is grading's job: grading/checks/checks.c keeps, per kind, the
 * function that judges a run (the harness never depends on grading/). Adding
 * a check: a value here, a row in check.c, an evaluator in grading/checks/checks.c. */
#pragma once
#include <stdbool.h>

enum check_kind {
	CHECK_EXIT,         /* exit status / signal */
	CHECK_STDOUT,       /* stdout against the reference run, normalised */
	CHECK_STDERR,       /* stderr: against the reference, or only "non-empty" (see `expect`) */
	CHECK_IPC,          /* IPC objects seen: key/name, size, mode against the reference run */
	CHECK_CLEANUP,      /* nothing left behind: objects, orphans, zombies */
	CHECK_BUSY_WAIT,    /* CPU time against wall time */
	CHECK_MEMCHECK,     /* valgrind memcheck of student processes */
	CHECK_OUTPUT_MATCH, /* stdout of `proc` matches regex `expect` (no reference needed) */
	CHECK_NKINDS        /* not a kind: the size of the table */
};

/* CHECK_EXIT's choices of expect:, in the order of its row. */
enum exit_expect {
	EXPECT_REFERENCE,
	EXPECT_ZERO,
	EXPECT_NONZERO
};

struct check_kind_desc {
	enum check_kind kind;
	const char *name;           /* the spec's and the reports' word */
	bool hygiene;               /* passes vacuously when a program does nothing: credited
					 * only in a run that did its job */
	bool regex_expect;          /* expect: a regex, required (so no bare-name form) */
	const char *const *choices; /* else expect: one of these, NULL-terminated, the first
					 * the default; NULL: the check takes no expect */
	bool match_key;             /* takes match_key: */
};

/* The row of kind k, or NULL outside the enum. */
const struct check_kind_desc *check_kind(enum check_kind k);
/* The row named name, or NULL. */
const struct check_kind_desc *check_kind_by_name(const char *name);
/* The YAML spelling, as in the reports; "?" outside the enum. */
const char *check_kind_name(enum check_kind k);
