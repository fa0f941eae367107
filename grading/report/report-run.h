/* report-run: what `ipcgrade run` prints about one sandboxed run. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "scenario.h"

/* "exited 0", "killed by SIGSEGV", "could not start: No such file or directory" */
void proc_end_describe(const struct proc_result *p, char *buf, size_t len);
/* "a child of NAME (pid 7) was killed by SIGSEGV (Segmentation fault)", "and 2 more",
 * or "" when no process of p's tree but p ended by a signal. */
void proc_children_describe(const struct proc_result *p, char *buf, size_t len);
/* Signal number to its name: 11 -> "SIGSEGV". */
const char *signal_name(int sig);
/* "orphan still running", "zombie never waited for", "outlived its parent" */
const char *stray_describe(enum stray_kind k);
/* How many things the run left behind: IPC objects plus stray processes. */
size_t run_leftovers(const struct scenario_result *r);
/* Human-readable account of the run. */
void report_run_text(FILE *f, const struct scenario_result *r, bool color);
/* The same as one JSON object (schema in docs/cli.md). 0 or -1. */
int report_run_json(FILE *f, const struct scenario_result *r);
