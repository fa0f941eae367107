/* memcheck: reading valgrind's XML reports (one file per process). */
#pragma once
#include "checks.h"

#include "strbuf.h"

/* Push the valgrind argv prefix for a student program of sc onto v: the
 * report goes to sc's channel (sc->channel_dir = MEMCHECK_DIR), the
 * suppressions come from it (sc->channel_input = memcheck_supp). */
void memcheck_argv(struct strvec *v, const struct scenario *sc);
#define MEMCHECK_DIR ".ipcgrade-vg"
#define VALGRIND     "/usr/bin/valgrind"
/* Suppressions for the harness's own preload libraries. */
extern const char memcheck_supp[];

/* Read the channel file under dir (one report stream per process) into v
 * (v->ran = true). */
void memcheck_read(const char *dir, struct vg_summary *v);
void vg_summary_free(struct vg_summary *v);
