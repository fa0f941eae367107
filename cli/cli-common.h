/* cli-common: what every command shares (usage errors, where the bundled
 * files are, whole-file reads and atomic writes). The bottom of cli/: it
 * calls no command. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* The exit contract: never confuse the student's fault with the grader's. */
enum {
	EXIT_GRADED = 0,   /* graded (or: ran and left nothing behind) */
	EXIT_BELOW = 1,    /* graded but below --fail-under (or: the program misbehaved) */
	EXIT_USAGE = 2,    /* usage or spec error */
	EXIT_INTERNAL = 3, /* the grader failed */
};

/* printf to stderr with every byte that drives a terminal shown as \xNN and
 * bidi or invisible characters as \uNNNN (text_terminal): messages carry
 * names, paths and errors that students chose. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same to a descriptor (a grading's log, which the instructor may cat). */
void cli_dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print msg and the usage text on stderr; returns EXIT_USAGE (cli-common.c). */
int usage_error(const char *usage, const char *msg);

/* True when running from the build tree (./ipcgrade after make). */
bool in_tree(void);
/* The folder of the bundled assignments ($IPCGRADE_ASSIGNMENTS first). */
const char *assignments_dir(void);
/* The folder the specs' `reference:` paths are relative to ($IPCGRADE_REFERENCE_DIR first). */
const char *reference_dir(void);
/* The reference folder for the spec at spec: $IPCGRADE_REFERENCE_DIR, else
 * the spec's own reference/ folder when there is one, else reference_dir(). */
void reference_dir_for(const char *spec, char *buf, size_t len);
/* A shipped template file (docs/NAME in the tree, pkgdatadir installed) into buf. */
void template_path(const char *name, char *buf, size_t len);
/* The assignment.yaml path of ASSIGNMENT (a bundled name, a folder or a file); malloc'd. */
char *resolve_assignment(const char *arg);
/* The rest of f into memory, NUL-terminated; malloc'd, NULL on ENOMEM. */
char *slurp_stream(FILE *f, size_t *len);
/* A whole (small) file; malloc'd, NULL (errno set) when unreadable. */
char *slurp(const char *path, size_t *len);
/* Write path atomically (a temporary file beside it, then rename): fill
 * writes the content and returns 0 or -1. 0, or -1 with errno set and no
 * file left behind. */
int write_atomic(const char *path, int (*fill)(FILE *f, void *arg), void *arg);
/* write_atomic of a C string. */
int write_text(const char *path, const char *text);
/* write_atomic of a report in one format (report_write). */
int write_report(const char *path, int format, const struct grade_report *r, const struct report_opts *ro);
