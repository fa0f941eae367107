/* workdir: the per-run directory a sandbox sees as /work. */
#pragma once
#include "sandbox.h"

/* A fresh, empty directory under /tmp that the mode's student uid may write. malloc'd path or NULL. */
char *workdir_make(enum sandbox_mode mode);
/* Remove a directory tree (never following symlinks). */
void workdir_remove(const char *dir);
/* Copy file src to dst with mode, owned by the student uid of the mode. 0 or -errno. */
int workdir_copy(const char *src, const char *dst, mode_t perm, enum sandbox_mode mode);
/* mkdir dir owned by the student uid. 0 or -errno. */
int workdir_mkdir(const char *dir, enum sandbox_mode mode);
