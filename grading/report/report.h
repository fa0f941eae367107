/* report: the result of grading one submission, and every writer of it.
 *
 * One structure, many formats. Writers never see the scenario results: the
 * grader (grade.c) renders each test's evidence into text first, so a format
 * cannot leak what the test's feedback level hides. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "sandbox.h"
#include "spec.h"

enum test_status {
	TEST_PASSED,
	TEST_FAILED,  /* the submission's fault */
	TEST_SKIPPED, /* not run: a build it needs failed, or a test it depends on (spec depends:) */
	TEST_ERROR,   /* the grader could not run it: never the student's fault */
};

struct check_outcome {
	char *name; /* "exit status of client", "nothing left behind" */
	bool passed;
	double weight;
	char *detail;  /* what was wrong, already cut to the feedback level; may be NULL */
	char *hint;    /* the classic mistake behind it; may be NULL */
	double credit; /* 0..1 share of the weight earned (memcheck deducts in steps) */
};

struct test_outcome {
	char *name; /* test name, with the pairing: "talk [server: student, client: reference]" */
	double score, max_score;
	enum test_status status;
	enum visibility visibility;
	enum feedback feedback;
	struct check_outcome *checks;
	size_t nchecks;
	char *message;    /* timeout / step error text, or NULL */
	char *output;     /* program output shown to the student (per feedback level), or NULL */
	char *repro;      /* copy-paste command that reruns this test locally */
	int runs, passes; /* repeats */
	bool flaky;
	double wall_sec;
	/* Read back from a JSON report (report-load.c): message is the evidence
	 * as rendered then (grader-error line, failed checks, output), so writers
	 * show it as it is and list no check again; checks carry the verdicts. */
	bool evidence_rendered;
};

struct build_outcome {
	char *program;
	bool ok;
	int warnings;
	char *log; /* compiler messages, or NULL */
};

struct grade_report {
	char *assignment, *title;
	char *submission;
	enum sandbox_mode mode;
	double score, max_score;
	struct build_outcome *builds;
	size_t nbuilds;
	struct test_outcome *tests;
	size_t ntests;
	double wall_sec;
	char *error; /* a grader error that stopped grading early, or NULL */
};

struct report_opts {
	bool color;       /* text: ANSI colours (only on a tty) */
	bool show_hidden; /* text/markdown: include hidden tests (instructor view) */
};

void grade_report_free(struct grade_report *r);

/* Each writer returns 0, or -1 when writing failed. */
int report_text(FILE *f, const struct grade_report *r, const struct report_opts *o);
int report_json(FILE *f, const struct grade_report *r);
int report_gradescope(FILE *f, const struct grade_report *r);
int report_junit(FILE *f, const struct grade_report *r);
int report_markdown(FILE *f, const struct grade_report *r, const struct report_opts *o);
int report_github(FILE *f, const struct grade_report *r);
int report_prairielearn(FILE *f, const struct grade_report *r);
int report_autolab(FILE *f, const struct grade_report *r, const struct report_opts *o);
/* "text", "json", ... -> writer; -1 if unknown */
int report_format_parse(const char *name);
int report_write(FILE *f, int format, const struct grade_report *r, const struct report_opts *o);
enum {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_GRADESCOPE,
	FORMAT_JUNIT,
	FORMAT_MARKDOWN,
	FORMAT_GITHUB,
	FORMAT_PRAIRIELEARN,
	FORMAT_AUTOLAB
};
