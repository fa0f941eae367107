/* checks: one spec check, evaluated on a run against the reference run. */
#pragma once
#include "report.h"
#include "scenario.h"
#include "spec.h"

/* What valgrind found in the student processes of one run (memcheck.c). */
struct vg_summary {
	bool ran;   /* a memcheck run took place */
	int files;  /* XML files read (one per process) */
	int errors; /* memory error records (invalid read/write, uninitialised...) */
	int leaks;  /* definitely/indirectly lost records */
	unsigned long long leaked_bytes;
	int unreadable;   /* reports cut short: no verdict for that process, a failure */
	char *cut;        /* the first of them: which process, why */
	char *first;      /* the first error, one line with its stack top, or NULL */
	char *incomplete; /* the valgrind run did not reach its end: why (no verdict) */
};

struct check_ctx {
	const struct spec_test *test;
	const struct scenario_result *run;    /* the submission's run */
	const struct scenario_result *oracle; /* the same scenario with reference programs only */
	enum feedback feedback;
	const struct vg_summary *vg;
};

/* Evaluate c; fills every field of out (strings malloc'd). */
void check_eval(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *out);
/* Mask what differs between runs of correct programs: addresses (hex words
 * of 6-16 digits holding a digit, with or without 0x) become <ADDR>. */
char *output_normalize(const char *s, size_t len);
/* `diff -u` of two texts (diffutils), at most max_lines lines; malloc'd. */
char *output_diff(const char *expected, const char *actual, int max_lines);
