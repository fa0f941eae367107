/* batch: what the files of `ipcgrade batch` share. cli-batch.c parses the
 * options and runs the class through the pool (pool.c) with the job of
 * batch-job.c; batch-digest.c decides what is unchanged; batch-render.c
 * reads and writes the per-student reports and the progress lines. */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "archive.h"
#include "pool.h"
#include "report.h"
#include "sandbox.h"

/* Exit status of a batch child whose submission was refused before grading. */
#define CHILD_REFUSED 20

struct student {
	char id[NAME_MAX + 1];
	char src[PATH_MAX]; /* folder or archive */
	enum archive_kind kind;
	uint64_t hash; /* digest of the submission and the setup; 0: unreadable */
};

struct batch {
	const char *aname, *outdir, *hidden, *mode, *time_scale;
	enum sandbox_mode sandbox; /* the mode the gradings run in */
	bool memcheck, force, rerun_failed;
	int jobs, timeout;
	int formats[8];
	size_t nformats;
	double max_score;    /* from the spec, for reports of failed gradings */
	char spec_name[128]; /* the spec's `name` */
	char self[PATH_MAX]; /* this executable */
	struct student *s;
	size_t n;
	size_t done, cached, errors;
	const struct pool *pool; /* while grading: how many run */
	bool tty;
};

/* OUTDIR/<id>/name into buf (OUTDIR/<id> when name is NULL). */
static inline void
student_path(const struct batch *b, const struct student *st, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s%s%s", b->outdir, st->id, name ? "/" : "", name ? name : "");
}

/* batch-job.c: grading one student as a pool job (job i is b->s[i]). */
extern const struct pool_ops batch_job_ops;

/* batch-digest.c */
/* The digest of what decides a grade besides the submission: the spec, the
 * hidden tests, the options that change scores, and our version. */
int batch_setup_digest(const struct batch *b, uint64_t *h);
/* st->hash: the setup digest extended with the submission's content. */
void batch_student_digest(struct student *st, uint64_t setup);
/* True when st was graded with this very digest and its report is there. */
bool batch_unchanged(const struct batch *b, const struct student *st);
/* Remember st->hash beside its report, or forget the old one. */
void batch_digest_store(const struct batch *b, const struct student *st);
void batch_digest_forget(const struct batch *b, const struct student *st);

/* batch-manifest.c: OUTDIR/.batch.json, what merge checks shards by. */
struct batch_manifest {
	char assignment[128], spec[24], hidden[24], options[512], class_digest[24];
	size_t class_size; /* the whole class, before --shard */
	int shard, shards; /* 1/1 unsharded */
	char **ids;        /* the students of this folder */
	size_t nids;
};
/* Digest of the sorted ids of the whole class. */
uint64_t batch_class_digest(const struct student *s, size_t n);
/* b's manifest; m->ids points into b->s (free(m->ids) only). 0 or -1 (ENOMEM). */
int batch_manifest_of(const struct batch *b, uint64_t class_digest, size_t class_size, int shard_k, int shard_n,
		      struct batch_manifest *m);
int batch_manifest_write(const char *outdir, const struct batch_manifest *m);
/* 0, or -1 with the reason in err; batch_manifest_free releases m. */
int batch_manifest_read(const char *dir, struct batch_manifest *m, char *err, size_t errlen);
void batch_manifest_free(struct batch_manifest *m);
/* Remove OUTDIR's manifest before grading into it. */
void batch_manifest_forget(const char *outdir);

/* batch-render.c */
/* Read OUTDIR/<id>/report.json; 0, or -1 with the reason in err (r empty). */
int batch_load(const struct batch *b, const struct student *st, struct grade_report *r, char *err, size_t errlen);
/* A report for a grading that produced none: score 0 and the reason. */
void batch_error_report(const struct batch *b, const struct student *st, const char *note);
/* The per-student formats asked for, from r (or from the stored report). */
void batch_render_formats(const struct batch *b, const struct student *st, const struct grade_report *r);
void batch_render_stored(const struct batch *b, const struct student *st);
/* True when the stored report says full marks without error (--rerun-failed). */
bool batch_full_marks(const struct batch *b, const struct student *st);
/* The last non-empty line of the student's grading log: the grader's own words. */
void batch_last_log_line(const struct batch *b, const struct student *st, char *buf, size_t len);
/* The score line of a report, for the progress log. */
void batch_describe(const struct grade_report *r, char *buf, size_t len);
/* One line (or the bar) of progress; st and what may be NULL (bar only). */
void batch_progress(const struct batch *b, const struct student *st, const char *what);
