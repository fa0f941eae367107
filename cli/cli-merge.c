/* cli-merge: `ipcgrade merge` - batch shards into one roll-up. Each input's
 * manifest (batch-manifest.c) must say it is a finished shard of the same
 * class graded alike, and all N shards must be there. The students'
 * folders are copied as they are; the roll-up (grading/class/rollup.c) reads their
 * reports through report_load_json, so merged shards equal an unsharded run
 * byte for byte. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "rollup.h"

static const char merge_usage[] =
	"usage: ipcgrade merge OUTDIR... -o OUTDIR\n"
	"  combines the shards of one batch (--shard 1/N ... N/N) into one roll-up; refuses a\n"
	"  missing shard, a shard given twice, and shards graded with different specs or options\n";

/* Copy the regular files of one student's folder (reports, hash, log). */
static int
copy_student(const char *from, const char *to)
{
	if (mkdir(to, 0755) != 0 && errno != EEXIST)
		return -1;
	DIR *d = opendir(from);
	if (d == NULL)
		return -1;
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char s[2 * PATH_MAX], t[2 * PATH_MAX];
		struct stat st;
		snprintf(s, sizeof(s), "%s/%s", from, de->d_name);
		snprintf(t, sizeof(t), "%s/%s", to, de->d_name);
		if (lstat(s, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t n;
		char *text = slurp(s, &n);
		FILE *f = text ? fopen(t, "we") : NULL;
		if (f == NULL || fwrite(text, 1, n, f) != n)
			rc = -1;
		if (f && fclose(f) != 0)
			rc = -1;
		free(text);
	}
	closedir(d);
	return rc;
}

/* Compare C strings for qsort over char *. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether two manifests were graded alike; else the message, naming both. */
static bool
same_grading(const char *a, const struct batch_manifest *x, const char *b, const struct batch_manifest *y)
{
	if (strcmp(x->assignment, y->assignment) != 0)
		cli_error("ipcgrade merge: %s graded assignment '%s' but %s graded '%s'\n", a, x->assignment, b,
			  y->assignment);
	else if (strcmp(x->spec, y->spec) != 0)
		cli_error("ipcgrade merge: %s and %s were graded with different specs (assignment.yaml of '%s' "
			  "changed between them): grade every shard with the same spec\n",
			  a, b, x->assignment);
	else if (strcmp(x->hidden, y->hidden) != 0)
		cli_error("ipcgrade merge: %s and %s were graded with different hidden tests (hidden.yaml differs, "
			  "or one was graded without it)\n",
			  a, b);
	else if (strcmp(x->options, y->options) != 0)
		cli_error("ipcgrade merge: %s and %s were graded with different options:\n  %s: %s\n  %s: %s\n", a, b,
			  a, x->options, b, y->options);
	else if (strcmp(x->class_digest, y->class_digest) != 0 || x->class_size != y->class_size)
		cli_error("ipcgrade merge: %s and %s are slices of different classes (%zu and %zu submissions, or "
			  "other ids): shard one SUBMISSIONS folder\n",
			  a, b, x->class_size, y->class_size);
	else if (x->shards != y->shards)
		cli_error("ipcgrade merge: %s is shard %d/%d but %s is shard %d/%d: one --shard K/N count\n", a,
			  x->shard, x->shards, b, y->shard, y->shards);
	else
		return true;
	return false;
}

/* Refuse inputs that would give a wrong roll-up: not a finished batch, the
 * same folder or shard twice, a missing shard, shards graded differently, a
 * student without a report. 0, or EXIT_USAGE after saying why. */
static int
check_shards(const char **ins, size_t nin, struct batch_manifest *ms)
{
	char err[512];
	char **real = calloc(nin, sizeof(*real));
	int rc = real ? 0 : EXIT_INTERNAL;
	for (size_t k = 0; rc == 0 && k < nin; k++) {
		if ((real[k] = realpath(ins[k], NULL)) == NULL) {
			cli_error("ipcgrade merge: %s: %s\n", ins[k], strerror(errno));
			rc = EXIT_USAGE;
			break;
		}
		for (size_t j = 0; j < k; j++)
			if (strcmp(real[j], real[k]) == 0) {
				cli_error("ipcgrade merge: %s and %s are the same folder\n", ins[j], ins[k]);
				rc = EXIT_USAGE;
			}
		if (rc == 0 && batch_manifest_read(ins[k], &ms[k], err, sizeof(err)) != 0) {
			cli_error("ipcgrade merge: %s: %s\n", ins[k], err);
			rc = EXIT_USAGE;
		}
		if (rc == 0 && k > 0 && !same_grading(ins[0], &ms[0], ins[k], &ms[k]))
			rc = EXIT_USAGE;
		for (size_t j = 0; rc == 0 && j < k; j++)
			if (ms[j].shard == ms[k].shard) {
				cli_error("ipcgrade merge: shard %d/%d given twice: %s and %s\n", ms[k].shard,
					  ms[k].shards, ins[j], ins[k]);
				rc = EXIT_USAGE;
			}
		for (size_t i = 0; rc == 0 && i < ms[k].nids; i++) {
			char rep[2 * PATH_MAX];
			snprintf(rep, sizeof(rep), "%s/%s/report.json", ins[k], ms[k].ids[i]);
			if (access(rep, R_OK) != 0) {
				cli_error("ipcgrade merge: %s: student %s has no report.json (the folder is "
					  "incomplete)\n",
					  ins[k], ms[k].ids[i]);
				rc = EXIT_USAGE;
			}
		}
	}
	if (rc == 0 && (int)nin < ms[0].shards) {
		for (int s = 1; s <= ms[0].shards; s++) {
			bool have = false;
			for (size_t k = 0; k < nin; k++)
				have |= ms[k].shard == s;
			if (!have)
				cli_error("ipcgrade merge: shard %d/%d is missing (grade it with --shard %d/%d)\n", s,
					  ms[0].shards, s, ms[0].shards);
		}
		rc = EXIT_USAGE;
	}
	size_t total = 0;
	for (size_t k = 0; rc == 0 && k < nin; k++)
		total += ms[k].nids;
	if (rc == 0 && total != ms[0].class_size) {
		cli_error("ipcgrade merge: the shards hold %zu students but the class had %zu\n", total,
			  ms[0].class_size);
		rc = EXIT_USAGE;
	}
	for (size_t k = 0; real && k < nin; k++)
		free(real[k]);
	free(real);
	return rc;
}

int
cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	const char **ins = calloc((size_t)argc, sizeof(*ins));
	struct batch_manifest *ms = calloc((size_t)argc, sizeof(*ms));
	size_t nin = 0, nids = 0, cap = 0;
	char **ids = NULL;
	int code = EXIT_GRADED;
	if (ins == NULL || ms == NULL) {
		free(ins);
		free(ms);
		return EXIT_INTERNAL;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(merge_usage, stdout);
			goto done;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-') {
			code = usage_error(merge_usage, "unknown option");
			goto done;
		} else {
			ins[nin++] = argv[i];
		}
	}
	if (out == NULL || nin == 0) {
		code = usage_error(merge_usage, "merge needs OUTDIRs and -o OUTDIR");
		goto done;
	}
	if ((code = check_shards(ins, nin, ms)) != EXIT_GRADED)
		goto done;
	if (mkdir(out, 0755) != 0 && errno != EEXIST) {
		cli_error("ipcgrade merge: cannot make %s: %s\n", out, strerror(errno));
		code = EXIT_USAGE;
		goto done;
	}
	char rout[PATH_MAX];
	if (realpath(out, rout) == NULL)
		rout[0] = '\0';
	batch_manifest_forget(out);
	for (size_t k = 0; k < nin && code == EXIT_GRADED; k++) {
		char rin[PATH_MAX];
		bool same = realpath(ins[k], rin) && strcmp(rin, rout) == 0;
		for (size_t i = 0; i < ms[k].nids && code == EXIT_GRADED; i++) {
			const char *id = ms[k].ids[i];
			char from[PATH_MAX + NAME_MAX + 2], to[PATH_MAX + NAME_MAX + 2];
			bool dup = false;
			for (size_t j = 0; j < nids; j++)
				dup |= strcmp(ids[j], id) == 0;
			if (dup) {
				cli_error("ipcgrade merge: %s/%s: student in two shards\n", ins[k], id);
				code = EXIT_USAGE;
				break;
			}
			snprintf(from, sizeof(from), "%s/%s", ins[k], id);
			snprintf(to, sizeof(to), "%s/%s", out, id);
			if (!same && copy_student(from, to) != 0) {
				cli_error("ipcgrade merge: cannot copy %s to %s\n", from, to);
				code = EXIT_INTERNAL;
			}
			if (nids == cap) {
				char **ni = realloc(ids, (cap = cap * 2 + 16) * sizeof(*ni));
				if (ni == NULL) {
					code = EXIT_INTERNAL;
					break;
				}
				ids = ni;
			}
			ids[nids++] = strdup(id);
		}
	}
	if (code == EXIT_GRADED) {
		qsort(ids, nids, sizeof(*ids), cmp_str);
		char err[1024];
		struct batch_manifest whole = ms[0];
		whole.shard = whole.shards = 1;
		whole.ids = ids;
		whole.nids = nids;
		if (rollup_write(out, ids, nids, err, sizeof(err)) != 0) {
			cli_error("ipcgrade merge: %s\n", err);
			code = EXIT_INTERNAL;
		} else if (batch_manifest_write(out, &whole) != 0) {
			cli_error("ipcgrade merge: cannot write %s/.batch.json: %s\n", out, strerror(errno));
			code = EXIT_INTERNAL;
		} else {
			cli_error("ipcgrade merge: %zu students; %s/grades.csv, %s/summary.md, %s/summary.html\n", nids,
				  out, out, out);
		}
	}
done:
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	for (size_t k = 0; k < nin; k++)
		batch_manifest_free(&ms[k]);
	free(ms);
	free(ins);
	return code;
}
