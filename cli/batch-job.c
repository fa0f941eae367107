/* batch-job: grading one student, as the pool's job. The child unpacks or
 * checks the submission and execs `ipcgrade grade ... --format json`: a
 * crash, a hang or a hostile archive takes down that child only, and the
 * JSON report it leaves is the one input of everything after. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"

/* OUTDIR/<id>/ exists, and an old report must not pass for the new grading's. */
static int
job_prepare(void *ctx, size_t i)
{
	struct batch *b = ctx;
	const struct student *st = &b->s[i];
	char path[PATH_MAX];
	student_path(b, st, NULL, path, sizeof(path));
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		cli_error("ipcgrade batch: cannot make %s: %s\n", path, strerror(errno));
		return -1;
	}
	student_path(b, st, "report.json", path, sizeof(path));
	unlink(path);
	batch_digest_forget(b, st);
	return 0;
}

/* The child: unpack or check the submission, then become `ipcgrade grade`. */
static void
job_child(void *ctx, size_t i)
{
	const struct batch *b = ctx;
	const struct student *st = &b->s[i];
	char log[PATH_MAX], report[PATH_MAX], root[PATH_MAX], err[1024];
	student_path(b, st, "grade.log", log, sizeof(log));
	student_path(b, st, "report.json", report, sizeof(report));
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int nul = open("/dev/null", O_RDONLY);
	if (fd < 0 || nul < 0)
		_exit(EXIT_INTERNAL);
	dup2(nul, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (st->kind != ARCHIVE_NONE) {
		char work[PATH_MAX];
		student_path(b, st, "submission", work, sizeof(work));
		if (remove_tree(work) != 0 || mkdir(work, 0755) != 0) {
			cli_dprintf(1, "ipcgrade batch: cannot make %s: %s\n", work, strerror(errno));
			_exit(EXIT_INTERNAL);
		}
		if (archive_extract(st->src, st->kind, work, err, sizeof(err)) != 0) {
			cli_dprintf(1, "%s\n", err);
			_exit(CHILD_REFUSED);
		}
		archive_submission_root(work, root, sizeof(root));
	} else {
		if (archive_check_tree(st->src, err, sizeof(err)) != 0) {
			cli_dprintf(1, "%s\n", err);
			_exit(CHILD_REFUSED);
		}
		archive_submission_root(st->src, root, sizeof(root));
	}
	const char *argv[24];
	int k = 0;
	argv[k++] = "ipcgrade";
	argv[k++] = "grade";
	argv[k++] = b->aname;
	argv[k++] = root;
	argv[k++] = "--format";
	argv[k++] = "json";
	argv[k++] = "-o";
	argv[k++] = report;
	if (!b->memcheck)
		argv[k++] = "--no-memcheck";
	if (b->hidden) {
		argv[k++] = "--hidden";
		argv[k++] = b->hidden;
	}
	if (b->mode) {
		argv[k++] = "--mode";
		argv[k++] = b->mode;
	}
	if (b->time_scale) {
		argv[k++] = "--time-scale";
		argv[k++] = b->time_scale;
	}
	argv[k] = NULL;
	execv(b->self, (char *const *)argv);
	cli_dprintf(1, "ipcgrade batch: cannot run %s: %s\n", b->self, strerror(errno));
	_exit(EXIT_INTERNAL);
}

/* The bar counts the new child. */
static void
job_started(void *ctx, size_t i)
{
	(void)i;
	batch_progress(ctx, NULL, NULL);
}

/* No child, no report: write one that says so. */
static void
job_failed(void *ctx, size_t i)
{
	struct batch *b = ctx;
	batch_error_report(b, &b->s[i], "could not start the grading (fork failed)");
	b->done++;
	b->errors++;
}

/* Why a child left no report, from its status and its log's last line. */
static void
why_no_report(const struct batch *b, const struct student *st, int status, bool timed_out, char *note, size_t len)
{
	char line[400];
	batch_last_log_line(b, st, line, sizeof(line));
	if (timed_out)
		snprintf(note, len, "grading timed out after %d s", b->timeout);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_REFUSED)
		snprintf(note, len, "%s", line);
	else if (WIFSIGNALED(status))
		snprintf(note, len, "grader killed by signal %d%s%s", WTERMSIG(status), line[0] ? ": " : "", line);
	else
		snprintf(note, len, "grader failed (exit %d)%s%s", WEXITSTATUS(status), line[0] ? ": " : "", line);
}

/* A child ended: keep its report or write one that says why there is none,
 * render the formats asked for, remember the digest. */
static void
job_finished(void *ctx, size_t i, int status, bool timed_out)
{
	struct batch *b = ctx;
	struct student *st = &b->s[i];
	struct grade_report r;
	char err[2048], line[400];
	int loaded = batch_load(b, st, &r, err, sizeof(err));
	if (loaded != 0) {
		char note[512];
		why_no_report(b, st, status, timed_out, note, sizeof(note));
		batch_error_report(b, st, note);
		loaded = batch_load(b, st, &r, err, sizeof(err));
	}
	if (loaded == 0)
		batch_render_formats(b, st, &r);
	else if (b->nformats > 0)
		cli_error("ipcgrade batch: %s\n", err);
	batch_digest_store(b, st);
	b->done++;
	batch_describe(&r, line, sizeof(line));
	if (r.error)
		b->errors++;
	batch_progress(b, st, line);
	grade_report_free(&r);
}

const struct pool_ops batch_job_ops = {
	.prepare = job_prepare,
	.child = job_child,
	.started = job_started,
	.failed = job_failed,
	.finished = job_finished,
};
