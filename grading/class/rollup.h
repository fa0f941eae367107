/* rollup: a class's per-student JSON reports into the gradebook CSV and the
 * class summary (Markdown and a self-contained HTML page). */
#pragma once
#include <stddef.h>

/* Read OUTDIR/<id>/report.json for each id (in the order given: callers sort)
 * and write OUTDIR/grades.csv, OUTDIR/summary.md and OUTDIR/summary.html,
 * each atomically. A missing or unreadable report becomes a row with a note.
 * 0, or -1 with the reason in err. */
int rollup_write(const char *outdir, char *const *ids, size_t nids, char *err, size_t errlen);
