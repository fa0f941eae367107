/* cli: the `ipcgrade` command; only this layer decides exit codes. */
#pragma once
#include "scenario.h"

/* The exit contract: never confuse the student's fault with the grader's. */
enum {
	EXIT_GRADED = 0,	/* graded (or: ran and left nothing behind) */
	EXIT_BELOW = 1,		/* graded but below --fail-under (or: the program misbehaved) */
	EXIT_USAGE = 2,		/* usage or spec error */
	EXIT_INTERNAL = 3,	/* the grader failed */
};

int cmd_run(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_gradescope(int argc, char **argv);
int cmd_ci_template(int argc, char **argv);
/* True when running from the build tree (cli-grade.c). */
bool in_tree(void);
/* The assignment.yaml path of ASSIGNMENT (a bundled name, a folder or a file); malloc'd. */
char *resolve_assignment(const char *arg);
/* Print msg and the usage text on stderr; returns EXIT_USAGE. */
int usage_error(const char *usage, const char *msg);
int parse_ipc_target(const char *spec, struct step *s);
