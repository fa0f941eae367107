/* cli: the `ipcgrade` command; only this layer decides exit codes (the exit
 * contract is in cli-common.h, below every command). Each command is in its
 * cli-*.c, called only from the table in ipcgrade.c. */
#pragma once
#include "cli-common.h"
#include "scenario.h"

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
int cmd_validate(int argc, char **argv);
int cmd_new(int argc, char **argv);
int parse_ipc_target(const char *spec, struct step *s);
