/* grade: one submission through build -> scenarios -> checks -> score. */
#pragma once
#include <stdbool.h>

#include "report.h"
#include "scenario.h"
#include "spec.h"

struct grade_opts {
	enum sandbox_mode mode;
	const char *reference_dir; /* folder holding the reference binaries (spec `reference:` is relative to it) */
	bool public_only;          /* a student's self-check: visible tests only */
	const char *only_test;     /* grade just the test of this name (reproducing one failure) */
	bool memcheck;             /* run the memcheck checks (valgrind) */
	const char *repro;         /* how to rerun: "ipcgrade grade shm-posix sub/"; --test NAME is appended */
	void (*progress)(const char *what, void *arg);
	void *progress_arg;
};

/* Grade subdir against a. Always fills *out (a report is written even when
 * grading stops early: out->error says why). 0, or -1 on a grader error. */
int grade_submission(const struct assignment *a, const char *subdir, const struct grade_opts *o,
		     struct grade_report *out);
