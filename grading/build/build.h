/* build: copy a submission's sources into a work directory and compile them
 * inside a sandbox, with the assignment's fixed flags. */
#pragma once
#include <stdbool.h>

#include "report.h"
#include "spec.h"

#define SOURCE_MAX_BYTES (1024 * 1024)

/* Fill out[i] (one per program of a) and leave binaries in workdir/NAME. A
 * missing, unreadable, oversized or symlinked source fails that program's
 * build with a message; files the spec does not name are not used (and said
 * so), never run. 0, or -1 if the sandbox itself failed (out[].log says why). */
int build_submission(const struct assignment *a, const char *subdir, const char *workdir, enum sandbox_mode mode,
		     struct build_outcome *out);
