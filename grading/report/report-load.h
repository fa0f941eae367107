/* report-load: our JSON report back into a struct grade_report; the one
 * owner of reading the schema (batch, merge and the roll-up read through it). */
#pragma once
#include <jansson.h>

#include "report.h"

/* Fill *r from a parsed JSON report; 0, or -1 (r is then empty). Tests keep
 * their rendered evidence as message (evidence_rendered) and their checks
 * as verdicts. */
int report_from_json(json_t *root, struct grade_report *r);
/* Load path; 0, or -1 with the reason in err (without the path: callers
 * name the file as they need). */
int report_load_json(const char *path, struct grade_report *r, char *err, size_t errlen);
