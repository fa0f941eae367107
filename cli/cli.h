/* cli: the `ipcgrade` command; only this layer decides exit codes. Each
 * command is in its cli-*.c, called only from the table in ipcgrade.c. */
#pragma once
#include "cli-common.h"
#include "scenario.h"

/* The exit contract: never confuse the student's fault with the grader's. */
enum {
	EXIT_GRADED = 0,   /* graded (or: ran and left nothing behind) */
	EXIT_BELOW = 1,    /* graded but below --fail-under (or: the program misbehaved) */
	EXIT_USAGE = 2,    /* usage or spec error */
	EXIT_INTERNAL = 3, /* the grader failed */
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
/* Print msg and the usage text on stderr; returns EXIT_USAGE (cli-common.c). */
int usage_error(const char *usage, const char *msg);
int parse_ipc_target(const char *spec, struct step *s);
