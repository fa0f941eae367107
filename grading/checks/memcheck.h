/* memcheck: reading valgrind's XML reports (one file per process). */
#pragma once
#include "checks.h"

/* The valgrind argv prefix for a student program: argv[0..n) of a static
 * array ending before the program; xml_dir is relative to the work dir. */
const char *const *memcheck_argv(size_t *n);
#define MEMCHECK_DIR  ".ipcgrade-vg"
#define VALGRIND      "/usr/bin/valgrind"
#define MEMCHECK_SUPP "ipcgrade.supp"
/* Suppressions for the harness's own preload libraries (written into MEMCHECK_DIR). */
extern const char memcheck_supp[];

/* Read every vg.*.xml under dir into v (v->ran = true). */
void memcheck_read(const char *dir, struct vg_summary *v);
void vg_summary_free(struct vg_summary *v);
