/* batch-render: the per-student report files of `ipcgrade batch` (read
 * through report_load_json, written by the report writers) and its progress
 * lines. report.json is the one input: every other format is rendered from
 * it, so a student graded once renders any format later. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli-common.h"
#include "report-load.h"

/* The file name a per-student format is written to. */
static const char *
format_file(int fmt)
{
	switch (fmt) {
	case FORMAT_TEXT:
		return "report.txt";
	case FORMAT_GRADESCOPE:
		return "results.json";
	case FORMAT_JUNIT:
		return "report.xml";
	case FORMAT_MARKDOWN:
		return "report.md";
	case FORMAT_GITHUB:
		return "report.github.log";
	case FORMAT_PRAIRIELEARN:
		return "results.prairielearn.json";
	case FORMAT_AUTOLAB:
		return "report.autolab.txt";
	default:
		return "report.json";
	}
}

/* Through the schema's one reader (grading/report/report-load.c). */
int
batch_load(const struct batch *b, const struct student *st, struct grade_report *r, char *err, size_t errlen)
{
	char path[PATH_MAX], why[1024];
	student_path(b, st, "report.json", path, sizeof(path));
	if (report_load_json(path, r, why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", path, why);
	return -1;
}

/* Written by the JSON writer like every report, so the student still has a
 * row and the roll-up reads one kind of file; wall_sec NaN is written null. */
void
batch_error_report(const struct batch *b, const struct student *st, const char *note)
{
	char path[PATH_MAX];
	student_path(b, st, "report.json", path, sizeof(path));
	struct grade_report r = {
		.assignment = (char *)b->spec_name,
		.submission = (char *)st->id,
		.mode = b->sandbox,
		.score = 0,
		.max_score = b->max_score,
		.wall_sec = NAN,
		.error = (char *)note,
	};
	if (write_report(path, FORMAT_JSON, &r, NULL) != 0)
		cli_error("ipcgrade batch: cannot write %s\n", path);
}

/* Instructor view (hidden tests shown), no colour: these are files. */
void
batch_render_formats(const struct batch *b, const struct student *st, const struct grade_report *r)
{
	struct report_opts ro = { .color = false, .show_hidden = true };
	for (size_t i = 0; i < b->nformats; i++) {
		char out[PATH_MAX];
		student_path(b, st, format_file(b->formats[i]), out, sizeof(out));
		if (write_report(out, b->formats[i], r, &ro) != 0)
			cli_error("ipcgrade batch: cannot write %s\n", out);
	}
}

/* For the unchanged students: the formats asked for this time. */
void
batch_render_stored(const struct batch *b, const struct student *st)
{
	char err[2048];
	struct grade_report r;
	if (b->nformats == 0)
		return;
	if (batch_load(b, st, &r, err, sizeof(err)) != 0) {
		cli_error("ipcgrade batch: %s\n", err);
		return;
	}
	batch_render_formats(b, st, &r);
	grade_report_free(&r);
}

/* An error counts as not full, whatever the score says. */
bool
batch_full_marks(const struct batch *b, const struct student *st)
{
	char err[2048];
	struct grade_report r;
	bool ok = batch_load(b, st, &r, err, sizeof(err)) == 0 && r.error == NULL && r.score >= r.max_score - 1e-9;
	grade_report_free(&r);
	return ok;
}

/* The log ends with the grader's message when it gave up. */
void
batch_last_log_line(const struct batch *b, const struct student *st, char *buf, size_t len)
{
	char log[PATH_MAX];
	student_path(b, st, "grade.log", log, sizeof(log));
	buf[0] = '\0';
	char *text = slurp(log, NULL);
	if (text == NULL)
		return;
	char *end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	char *start = strrchr(text, '\n');
	start = start ? start + 1 : text;
	/* the terminal progress line ends with \r\033[K: keep what follows */
	char *cr = strrchr(start, '\r');
	snprintf(buf, len, "%.300s", cr ? cr + 1 : start);
	free(text);
}

/* "7.5/10", or "0/10 error: why". */
void
batch_describe(const struct grade_report *r, char *buf, size_t len)
{
	const char *e = r->error;
	snprintf(buf, len, "%g/%g%s%.200s", r->score, r->max_score, e ? " error: " : "", e ? e : "");
}

/* A bar on a terminal, one line per student in a log. */
void
batch_progress(const struct batch *b, const struct student *st, const char *what)
{
	size_t total = b->n, width = 30, filled = total ? b->done * width / total : width;
	size_t running = b->pool ? b->pool->running : 0;
	if (b->tty) {
		char bar[64];
		for (size_t i = 0; i < width; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[width] = '\0';
		fprintf(stderr, "\r\033[K[%s] %zu/%zu graded, %zu running, %zu unchanged, %zu errors", bar, b->done,
			total, running, b->cached, b->errors);
	} else if (st) {
		cli_error("batch: [%zu/%zu] %s: %s\n", b->done, total, st->id, what);
	}
	fflush(stderr);
}
