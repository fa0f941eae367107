/* cli-merge: `ipcgrade merge` - batch shards into one roll-up. The students'
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

#include "cli.h"
#include "rollup.h"

static const char merge_usage[] = "usage: ipcgrade merge OUTDIR... -o OUTDIR\n"
				  "  combines the per-student reports of batch runs (e.g. shards) into one roll-up\n";

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

int
cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	const char **ins = calloc((size_t)argc, sizeof(*ins));
	size_t nin = 0, nids = 0, cap = 0;
	char **ids = NULL;
	int code = EXIT_GRADED;
	if (ins == NULL)
		return EXIT_INTERNAL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(merge_usage, stdout);
			free(ins);
			return EXIT_GRADED;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-') {
			free(ins);
			return usage_error(merge_usage, "unknown option");
		} else {
			ins[nin++] = argv[i];
		}
	}
	if (out == NULL || nin == 0) {
		free(ins);
		return usage_error(merge_usage, "merge needs OUTDIRs and -o OUTDIR");
	}
	if (mkdir(out, 0755) != 0 && errno != EEXIST) {
		cli_error("ipcgrade merge: cannot make %s: %s\n", out, strerror(errno));
		free(ins);
		return EXIT_USAGE;
	}
	char rout[PATH_MAX];
	if (realpath(out, rout) == NULL)
		rout[0] = '\0';
	for (size_t k = 0; k < nin && code == EXIT_GRADED; k++) {
		struct dirent **names;
		int n = scandir(ins[k], &names, NULL, alphasort);
		if (n < 0) {
			cli_error("ipcgrade merge: %s: %s\n", ins[k], strerror(errno));
			code = EXIT_USAGE;
			break;
		}
		char rin[PATH_MAX];
		bool same = realpath(ins[k], rin) && strcmp(rin, rout) == 0;
		for (int i = 0; i < n; i++) {
			const char *id = names[i]->d_name;
			char rep[PATH_MAX + NAME_MAX + 16], from[PATH_MAX + NAME_MAX + 2], to[PATH_MAX + NAME_MAX + 2];
			snprintf(rep, sizeof(rep), "%s/%s/report.json", ins[k], id);
			bool dup = false;
			for (size_t j = 0; j < nids; j++)
				dup |= strcmp(ids[j], id) == 0;
			if (id[0] == '.' || access(rep, R_OK) != 0 || dup) {
				if (dup && id[0] != '.')
					cli_error("ipcgrade merge: %s/%s: student already merged, skipped\n", ins[k],
						  id);
				free(names[i]);
				continue;
			}
			snprintf(from, sizeof(from), "%s/%s", ins[k], id);
			snprintf(to, sizeof(to), "%s/%s", out, id);
			if (!same && copy_student(from, to) != 0) {
				cli_error("ipcgrade merge: cannot copy %s to %s\n", from, to);
				code = EXIT_INTERNAL;
			}
			if (nids == cap) {
				char **ni = realloc(ids, (cap = cap * 2 + 16) * sizeof(*ni));
				if (ni == NULL)
					code = EXIT_INTERNAL;
				else
					ids = ni;
			}
			if (nids < cap)
				ids[nids++] = strdup(id);
			free(names[i]);
		}
		free(names);
	}
	if (code == EXIT_GRADED) {
		qsort(ids, nids, sizeof(*ids), cmp_str);
		char err[1024];
		if (rollup_write(out, ids, nids, err, sizeof(err)) != 0) {
			cli_error("ipcgrade merge: %s\n", err);
			code = EXIT_INTERNAL;
		} else {
			cli_error("ipcgrade merge: %zu students; %s/grades.csv, %s/summary.md, %s/summary.html\n", nids,
				  out, out, out);
		}
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(ins);
	return code;
}
