/* cli-grade: `ipcgrade grade`, `check`, `demo` and `list`. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "grade.h"
#include "report.h"
#include "spec.h"

/* Progress on a terminal only, so piped reports stay clean. */
static void
progress(const char *what, void *arg)
{
	(void)arg;
	fputs("\r\033[K", stderr);
	cli_error("  grading: %s", what);
	fflush(stderr);
}

/* Write the report to path atomically (temp file + rename), or to stdout. */
static int
emit(const char *path, int format, const struct grade_report *r, const struct report_opts *ro)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return report_write(stdout, format, r, ro);
	if (write_report(path, format, r, ro) != 0) {
		cli_error("ipcgrade: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Load the spec (and the instructor's hidden tests if asked); messages on stderr. */
static int
load(const char *arg, const char *hidden, struct assignment *a)
{
	char err[1024];
	char *path = resolve_assignment(arg);
	int rc = spec_load(path, a, err, sizeof(err));
	if (rc != 0) {
		struct stat st;
		if (stat(path, &st) != 0 && !strchr(arg, '/'))
			cli_error("ipcgrade: no assignment named '%s' (try 'ipcgrade list')\n", arg);
		else
			cli_error("ipcgrade: %s\n", err);
	} else if (hidden && spec_load_hidden(a, hidden, err, sizeof(err)) != 0) {
		cli_error("ipcgrade: %s\n", err);
		spec_free(a);
		rc = -1;
	}
	free(path);
	return rc;
}

static const char grade_usage[] =
	"usage: ipcgrade grade ASSIGNMENT SUBMISSION_DIR\n"
	"                      [--format text|json|gradescope|junit|markdown|github|prairielearn|autolab]\n"
	"                      [-o FILE] [--fail-under N] [--hidden FILE] [--test NAME] [--public-only]\n"
	"                      [--no-memcheck] [--mode root|userns|degraded] [--time-scale N]\n"
	"                      [--reference-dir DIR]\n"
	"  --reference-dir: the folder the spec's `reference:` binaries are relative to\n"
	"  (default: ASSIGNMENT/reference/ when it exists, else the bundled references)\n";

/* The shared body of grade and check. */
static double time_scale_override; /* --time-scale: 0 = the spec's */

static int
run_grade(const char *aname, const char *sub, int format, const char *outpath, double fail_under, bool has_fail,
	  const char *hidden, const char *only, bool public_only, bool memcheck, int forced, const char *cmd)
{
	struct stat st;
	if (stat(sub, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cli_error("ipcgrade: submission folder %s: %s\n", sub, errno ? strerror(errno) : "not a directory");
		return EXIT_USAGE;
	}
	struct assignment a;
	if (load(aname, hidden, &a) != 0)
		return EXIT_USAGE;
	if (time_scale_override > 0)
		a.time_scale = time_scale_override;
	if (only) {
		bool found = false;
		for (size_t i = 0; i < a.ntests; i++)
			found |= strcmp(a.tests[i].name, only) == 0;
		if (!found) {
			cli_error("ipcgrade: %s has no test named '%s'\n", a.name, only);
			spec_free(&a);
			return EXIT_USAGE;
		}
	}
	/* Every bundled assignment's folder, not only this one's (the spec's own
	 * folder and the references are grade_submission's to hide). */
	char herr[600];
	if (sandbox_hide(assignments_dir(), herr, sizeof(herr)) != 0) {
		fprintf(stderr, "ipcgrade: refusing to grade: %s\n", herr);
		spec_free(&a);
		return EXIT_INTERNAL;
	}
	struct sandbox_probe probe;
	sandbox_probe(&probe);
	char repro[8192], rdir[PATH_MAX];
	snprintf(repro, sizeof(repro), "ipcgrade %s %s %s", cmd, aname, sub);
	char *spath = resolve_assignment(aname);
	reference_dir_for(spath, rdir, sizeof(rdir));
	free(spath);
	struct grade_opts o = {
		.mode = forced >= 0 ? (enum sandbox_mode)forced : probe.mode,
		.reference_dir = rdir,
		.public_only = public_only,
		.only_test = only,
		.memcheck = memcheck,
		.repro = repro,
		.progress = isatty(2) ? progress : NULL,
	};
	struct grade_report r;
	int rc = grade_submission(&a, sub, &o, &r);
	if (isatty(2))
		fprintf(stderr, "\r\033[K");
	struct report_opts ro = { .color = format == FORMAT_TEXT && !outpath && isatty(1),
				  .show_hidden = !public_only };
	int wrc = emit(outpath, format, &r, &ro);
	/* The job page's step summary is the github writer's (report-github.c), written once. */
	int code = EXIT_GRADED;
	if (rc != 0) {
		cli_error("ipcgrade: internal error: %s\n", r.error ? r.error : "grading failed");
		code = EXIT_INTERNAL;
	} else if (wrc != 0) {
		code = EXIT_INTERNAL;
	} else if (has_fail && r.score < fail_under) {
		code = EXIT_BELOW;
	}
	grade_report_free(&r);
	spec_free(&a);
	return code;
}

int
cmd_grade(int argc, char **argv)
{
	const char *pos[2] = { 0 }, *outpath = NULL, *hidden = NULL, *only = NULL;
	int npos = 0, format = FORMAT_TEXT, forced = -1;
	double fail_under = 0;
	bool has_fail = false, public_only = false, memcheck = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(grade_usage, stdout);
			return EXIT_GRADED;
		} else if (v && strcmp(a, "--format") == 0) {
			if ((format = report_format_parse(v)) < 0)
				return usage_error(grade_usage, "unknown --format");
			i++;
		} else if (v && strcmp(a, "-o") == 0) {
			outpath = v;
			i++;
		} else if (v && strcmp(a, "--fail-under") == 0) {
			char *end;
			fail_under = strtod(v, &end);
			if (*end || end == v)
				return usage_error(grade_usage, "--fail-under needs a number");
			has_fail = true;
			i++;
		} else if (v && strcmp(a, "--hidden") == 0) {
			hidden = v;
			i++;
		} else if (v && strcmp(a, "--test") == 0) {
			only = v;
			i++;
		} else if (v && strcmp(a, "--reference-dir") == 0) {
			setenv("IPCGRADE_REFERENCE_DIR", v, 1); /* as the environment would: batch's children too */
			i++;
		} else if (v && strcmp(a, "--mode") == 0) {
			if ((forced = sandbox_mode_parse(v)) < 0)
				return usage_error(grade_usage, "--mode must be root, userns or degraded");
			i++;
		} else if (v && strcmp(a, "--time-scale") == 0) {
			char *end;
			time_scale_override = strtod(v, &end);
			if (*end || time_scale_override < 1)
				return usage_error(grade_usage, "--time-scale needs a number >= 1 (1 = real time)");
			i++;
		} else if (strcmp(a, "--public-only") == 0) {
			public_only = true;
		} else if (strcmp(a, "--no-memcheck") == 0) {
			memcheck = false;
		} else if (a[0] == '-' && a[1]) {
			cli_error("ipcgrade grade: unknown option '%s'\n", a);
			return usage_error(grade_usage, "bad usage");
		} else if (npos < 2) {
			pos[npos++] = a;
		} else {
			return usage_error(grade_usage, "too many arguments");
		}
	}
	if (npos != 2)
		return usage_error(grade_usage, "grade needs ASSIGNMENT and SUBMISSION_DIR");
	return run_grade(pos[0], pos[1], format, outpath, fail_under, has_fail, hidden, only, public_only, memcheck,
			 forced, "grade");
}

/* Names of the bundled assignments, sorted; returns the count. */
static int
list_names(char names[][128], int max)
{
	DIR *d = opendir(assignments_dir());
	int n = 0;
	if (d == NULL)
		return 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < max) {
		char p[PATH_MAX];
		snprintf(p, sizeof(p), "%s/%s/assignment.yaml", assignments_dir(), de->d_name);
		if (de->d_name[0] != '.' && access(p, R_OK) == 0)
			snprintf(names[n++], 128, "%.127s", de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, 128, (int (*)(const void *, const void *))strcmp);
	return n;
}

static const char check_usage[] = "usage: ipcgrade check [ASSIGNMENT] [--test NAME] [--no-memcheck] [--format FORMAT]\n"
				  "  grades the current directory with the public tests\n";

int
cmd_check(int argc, char **argv)
{
	const char *aname = NULL, *only = NULL;
	bool memcheck = true;
	int format = FORMAT_TEXT;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--test") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if ((format = report_format_parse(argv[++i])) < 0)
				return usage_error(check_usage, "unknown --format");
		} else if (strcmp(argv[i], "--no-memcheck") == 0)
			memcheck = false;
		else if (argv[i][0] == '-')
			return usage_error(check_usage, "unknown option");
		else if (aname == NULL)
			aname = argv[i];
		else
			return usage_error(check_usage, "too many arguments");
	}
	if (aname == NULL) { /* the assignment whose files are all here */
		char names[64][128];
		int n = list_names(names, 64), found = 0;
		for (int i = 0; i < n; i++) {
			struct assignment a;
			if (load(names[i], NULL, &a) != 0)
				continue;
			bool all = true;
			for (size_t p = 0; p < a.nprograms; p++)
				for (size_t s = 0; s < a.programs[p].nsources; s++)
					all &= access(a.programs[p].sources[s], F_OK) == 0;
			if (all) {
				aname = strdup(names[i]);
				found++;
			}
			spec_free(&a);
			if (found)
				break;
		}
		if (!found)
			return usage_error(check_usage,
					   "no assignment's files are in this directory: name the assignment");
	}
	return run_grade(aname, ".", format, NULL, 0, false, NULL, only, true, memcheck, -1, "check");
}

int
cmd_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char names[64][128];
	int n = list_names(names, 64);
	if (n == 0) {
		cli_error("ipcgrade: no assignments found in %s\n", assignments_dir());
		return EXIT_INTERNAL;
	}
	for (int i = 0; i < n; i++) {
		struct assignment a;
		if (load(names[i], NULL, &a) != 0)
			continue;
		double pts = 0;
		for (size_t t = 0; t < a.ntests; t++)
			pts += a.tests[t].points;
		printf("%-24s %s (%zu public tests, %g points; files:", a.name, a.title ? a.title : "", a.ntests, pts);
		for (size_t p = 0; p < a.nprograms; p++)
			for (size_t s = 0; s < a.programs[p].nsources; s++)
				printf(" %s", a.programs[p].sources[s]);
		printf(")\n");
		spec_free(&a);
	}
	return EXIT_GRADED;
}

int
cmd_demo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const char *const cases[][2] = {
		{ "shm-posix", "good" },
		{ "shm-posix", "mistakes" },
	};
	int worst = EXIT_GRADED;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char sub[PATH_MAX];
		snprintf(sub, sizeof(sub), "%s/%s/examples/%s", assignments_dir(), cases[i][0], cases[i][1]);
		printf("=== ipcgrade grade %s %s\n", cases[i][0], sub);
		fflush(stdout);
		int rc = run_grade(cases[i][0], sub, FORMAT_TEXT, NULL, 0, false, NULL, NULL, false, true, -1, "grade");
		if (rc > worst)
			worst = rc;
		printf("\n");
	}
	return worst == EXIT_BELOW ? EXIT_GRADED : worst;
}
