/* cli-batch: `ipcgrade batch` (a class's submissions, in parallel,
 * resumable): the options, the list of students, what to grade again, and
 * the run through the process pool (pool.c) with the job of batch-job.c.
 * Each student is graded by a child that execs `ipcgrade grade --format
 * json`; its JSON report is the one input of everything after (other
 * formats, grades.csv, summaries, `merge`). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "rollup.h"
#include "spec.h"

static const char batch_usage[] =
	"usage: ipcgrade batch ASSIGNMENT SUBMISSIONS [-j N] [-o OUTDIR] [--format LIST]\n"
	"                      [--hidden FILE | --no-hidden] [--no-memcheck] [--mode MODE] [--time-scale N]\n"
	"                      [--force | --rerun-failed] [--shard K/N] [--timeout SEC]\n"
	"  SUBMISSIONS holds one folder, .zip or .tar.gz per student (the id is its name).\n"
	"  Writes OUTDIR/<id>/report.json (+ report.<ext> per --format: text,markdown,junit,\n"
	"  gradescope,github,prairielearn,autolab), OUTDIR/grades.csv, OUTDIR/summary.md and\n"
	"  OUTDIR/summary.html.\n"
	"  Unchanged submissions are not graded again unless --force; --rerun-failed regrades\n"
	"  those below full marks or with an error. --shard K/N grades every N-th id from K.\n";

/* Byte order for student ids, so shards and merges agree whatever LANG is. */
static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct student *)a)->id, ((const struct student *)b)->id);
}

/* The submissions in dir, sorted by id; other files are reported and skipped. */
static int
list_submissions(const char *dir, struct batch *b)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		cli_error("ipcgrade batch: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct dirent *de;
	size_t cap = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		struct student st = { 0 };
		struct stat sb;
		snprintf(st.src, sizeof(st.src), "%s/%s", dir, de->d_name);
		if (stat(st.src, &sb) != 0)
			continue;
		st.kind = archive_kind_of(de->d_name);
		if (!S_ISDIR(sb.st_mode) && !(S_ISREG(sb.st_mode) && st.kind != ARCHIVE_NONE)) {
			cli_error("ipcgrade batch: skipping %s: not a folder, .zip or .tar.gz\n", de->d_name);
			continue;
		}
		if (S_ISDIR(sb.st_mode))
			st.kind = ARCHIVE_NONE;
		archive_student_id(de->d_name, st.id, sizeof(st.id));
		if (b->n == cap) {
			struct student *ns = realloc(b->s, (cap = cap * 2 + 16) * sizeof(*ns));
			if (ns == NULL) {
				closedir(d);
				return -1;
			}
			b->s = ns;
		}
		b->s[b->n++] = st;
	}
	closedir(d);
	qsort(b->s, b->n, sizeof(*b->s), by_id);
	/* alice/ and alice.zip: keep the first, say so. */
	size_t w = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (w > 0 && strcmp(b->s[w - 1].id, b->s[i].id) == 0) {
			cli_error("ipcgrade batch: skipping %s: student %s already has %s\n", b->s[i].src, b->s[i].id,
				  b->s[w - 1].src);
			continue;
		}
		b->s[w++] = b->s[i];
	}
	b->n = w;
	return 0;
}

/* Load the spec once: a spec error stops the batch before any grading. */
static int
check_spec(struct batch *b)
{
	char *path = resolve_assignment(b->aname), err[1024];
	struct assignment a;
	int rc = spec_load(path, &a, err, sizeof(err));
	if (rc == 0 && b->hidden && (rc = spec_load_hidden(&a, b->hidden, err, sizeof(err))) != 0)
		spec_free(&a);
	if (rc != 0) {
		cli_error("ipcgrade batch: %s\n", err);
	} else {
		for (size_t i = 0; i < a.ntests; i++)
			b->max_score += a.tests[i].points;
		snprintf(b->spec_name, sizeof(b->spec_name), "%s", a.name ? a.name : b->aname);
		spec_free(&a);
	}
	free(path);
	return rc;
}

/* The hidden.yaml beside the assignment's spec, when there is one; malloc'd. */
static char *
default_hidden(const char *aname)
{
	char *spec = resolve_assignment(aname);
	if (spec == NULL)
		return NULL;
	char *slash = strrchr(spec, '/'), *p = NULL;
	if (asprintf(&p, "%.*s%shidden.yaml", slash ? (int)(slash - spec + 1) : 0, spec, "") < 0)
		p = NULL;
	free(spec);
	if (p && access(p, R_OK) != 0) {
		free(p);
		p = NULL;
	}
	return p;
}

/* Parse "K/N" with 1 <= K <= N. */
static int
parse_shard(const char *v, int *k, int *n)
{
	char *end;
	long a = strtol(v, &end, 10);
	if (*end != '/')
		return -1;
	long c = strtol(end + 1, &end, 10);
	if (*end || a < 1 || c < 1 || a > c || c > 100000)
		return -1;
	*k = (int)a;
	*n = (int)c;
	return 0;
}

/* Comma-separated formats; json is always written and not listed again. */
static int
parse_formats(struct batch *b, const char *v)
{
	char *copy = strdup(v), *save;
	if (copy == NULL)
		return -1;
	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		int fmt = report_format_parse(f);
		if (fmt < 0) {
			free(copy);
			return -1;
		}
		if (fmt != FORMAT_JSON && b->nformats < sizeof(b->formats) / sizeof(b->formats[0]))
			b->formats[b->nformats++] = fmt;
	}
	free(copy);
	return 0;
}

int
cmd_batch(int argc, char **argv)
{
	struct batch b = { .outdir = "grades", .memcheck = true, .timeout = 900 };
	const char *pos[2] = { 0 };
	int npos = 0, shard_k = 0, shard_n = 0;
	bool no_hidden = false;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	b.jobs = ncpu > 0 ? (int)ncpu : 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(batch_usage, stdout);
			return EXIT_GRADED;
		} else if ((v && strcmp(a, "-j") == 0) || (strncmp(a, "-j", 2) == 0 && a[2])) {
			const char *num = a[2] ? a + 2 : v;
			char *end;
			long j = strtol(num, &end, 10);
			if (*end || end == num || j < 1 || j > 256)
				return usage_error(batch_usage, "-j needs a number from 1 to 256");
			b.jobs = (int)j;
			i += a[2] ? 0 : 1;
		} else if (v && strcmp(a, "-o") == 0) {
			b.outdir = argv[++i];
		} else if (v && strcmp(a, "--format") == 0) {
			if (parse_formats(&b, v) != 0)
				return usage_error(batch_usage,
						   "unknown --format "
						   "(text,json,gradescope,junit,markdown,github,prairielearn,autolab)");
			i++;
		} else if (v && strcmp(a, "--hidden") == 0) {
			b.hidden = argv[++i];
		} else if (strcmp(a, "--no-hidden") == 0) {
			no_hidden = true;
		} else if (v && strcmp(a, "--mode") == 0) {
			if (sandbox_mode_parse(v) < 0)
				return usage_error(batch_usage, "--mode must be root, userns or degraded");
			b.mode = argv[++i];
		} else if (v && strcmp(a, "--time-scale") == 0) {
			b.time_scale = argv[++i];
		} else if (v && strcmp(a, "--timeout") == 0) {
			char *end;
			long t = strtol(v, &end, 10);
			if (*end || t < 0)
				return usage_error(batch_usage, "--timeout needs seconds (0: none)");
			b.timeout = (int)t;
			i++;
		} else if (v && strcmp(a, "--shard") == 0) {
			if (parse_shard(v, &shard_k, &shard_n) != 0)
				return usage_error(batch_usage, "--shard needs K/N with 1 <= K <= N");
			i++;
		} else if (strcmp(a, "--no-memcheck") == 0) {
			b.memcheck = false;
		} else if (strcmp(a, "--force") == 0) {
			b.force = true;
		} else if (strcmp(a, "--rerun-failed") == 0) {
			b.rerun_failed = true;
		} else if (a[0] == '-' && a[1]) {
			cli_error("ipcgrade batch: unknown option '%s'\n", a);
			return usage_error(batch_usage, "bad usage");
		} else if (npos < 2) {
			pos[npos++] = a;
		} else {
			return usage_error(batch_usage, "too many arguments");
		}
	}
	if (npos != 2)
		return usage_error(batch_usage, "batch needs ASSIGNMENT and SUBMISSIONS");
	b.aname = pos[0];
	char *auto_hidden = NULL;
	if (!b.hidden && !no_hidden && (auto_hidden = default_hidden(b.aname)) != NULL) {
		b.hidden = auto_hidden;
		cli_error("ipcgrade batch: with the hidden tests of %s (--no-hidden: without)\n", b.hidden);
	}
	int code = EXIT_GRADED;
	uint64_t setup;
	bool *todo = NULL;
	char **ids = NULL;
	if (check_spec(&b) != 0) {
		code = EXIT_USAGE;
		goto out;
	}
	if (batch_setup_digest(&b, &setup) != 0) {
		cli_error("ipcgrade batch: cannot read the spec or the hidden tests\n");
		code = EXIT_USAGE;
		goto out;
	}
	ssize_t sn = readlink("/proc/self/exe", b.self, sizeof(b.self) - 1);
	if (sn <= 0) {
		cli_error("ipcgrade batch: cannot find my own executable\n");
		code = EXIT_INTERNAL;
		goto out;
	}
	b.self[sn] = '\0';
	if (mkdir(b.outdir, 0755) != 0 && errno != EEXIST) {
		cli_error("ipcgrade batch: cannot make %s: %s\n", b.outdir, strerror(errno));
		code = EXIT_USAGE;
		goto out;
	}
	if (list_submissions(pos[1], &b) != 0) {
		code = EXIT_USAGE;
		goto out;
	}
	uint64_t class_digest = batch_class_digest(b.s, b.n);
	size_t class_size = b.n;
	batch_manifest_forget(b.outdir);
	if (shard_n > 0) { /* every N-th of the sorted ids: the same slice on every machine */
		size_t w = 0;
		for (size_t i = 0; i < b.n; i++)
			if (i % (size_t)shard_n == (size_t)(shard_k - 1))
				b.s[w++] = b.s[i];
		b.n = w;
	}
	/* Degraded mode cannot isolate gradings from each other: one at a time. */
	struct sandbox_probe probe;
	sandbox_probe(&probe);
	b.sandbox = b.mode ? (enum sandbox_mode)sandbox_mode_parse(b.mode) : probe.mode;
	if (sandbox_mode_refused(b.sandbox)) {
		cli_error("ipcgrade batch: %s\n", sandbox_mode_refused(b.sandbox));
		code = EXIT_INTERNAL;
		goto out;
	}
	if (b.sandbox == SANDBOX_DEGRADED && b.jobs > 1) {
		cli_error("ipcgrade batch: degraded sandbox: grading one submission at a time\n");
		b.jobs = 1;
	}
	todo = calloc(b.n ? b.n : 1, sizeof(*todo));
	ids = calloc(b.n ? b.n : 1, sizeof(*ids));
	if (!todo || !ids) {
		code = EXIT_INTERNAL;
		goto out;
	}
	b.tty = isatty(2);
	size_t ntodo = 0;
	for (size_t i = 0; i < b.n; i++) {
		struct student *st = &b.s[i];
		ids[i] = st->id;
		batch_student_digest(st, setup);
		todo[i] = b.force || !batch_unchanged(&b, st) || (b.rerun_failed && !batch_full_marks(&b, st));
		if (!todo[i]) {
			b.cached++;
			b.done++;
			batch_render_stored(&b, st);
			if (!b.tty)
				cli_error("batch: [%zu/%zu] %s: unchanged, not graded again\n", b.done, b.n, st->id);
		}
		ntodo += todo[i];
	}
	cli_error("ipcgrade batch: %zu submissions, %zu to grade, %d at a time\n", b.n, ntodo, b.jobs);
	struct pool pool = {
		.n = b.n,
		.todo = todo,
		.jobs = (size_t)b.jobs,
		.timeout = b.timeout,
		.ops = &batch_job_ops,
		.ctx = &b,
	};
	b.pool = &pool;
	int stopped = pool_run(&pool);
	b.pool = NULL;
	if (b.tty)
		cli_error("\r\033[K");
	if (stopped < 0) {
		code = EXIT_INTERNAL;
		goto out;
	}
	if (stopped) {
		cli_error("ipcgrade batch: interrupted; run again to resume (finished gradings are kept)\n");
		code = EXIT_INTERNAL;
		goto out;
	}
	char err[1024];
	if (rollup_write(b.outdir, ids, b.n, err, sizeof(err)) != 0) {
		cli_error("ipcgrade batch: %s\n", err);
		code = EXIT_INTERNAL;
		goto out;
	}
	struct batch_manifest man;
	if (batch_manifest_of(&b, class_digest, class_size, shard_k, shard_n, &man) != 0 ||
	    batch_manifest_write(b.outdir, &man) != 0) {
		cli_error("ipcgrade batch: cannot write %s/.batch.json: %s\n", b.outdir, strerror(errno));
		free(man.ids);
		code = EXIT_INTERNAL;
		goto out;
	}
	free(man.ids);
	cli_error("ipcgrade batch: %zu graded, %zu unchanged, %zu with errors; %s/grades.csv, %s/summary.md, "
		  "%s/summary.html\n",
		  b.n - b.cached, b.cached, b.errors, b.outdir, b.outdir, b.outdir);
out:
	free(todo);
	free(ids);
	free(b.s);
	free(auto_hidden);
	return code;
}
