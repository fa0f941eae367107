/* cli-validate: `ipcgrade validate ASSIGNMENT` - the reference against its
 * own spec before students see it. The reference sources are graded as the
 * submission (every test, every pairing, hidden tests included) in every
 * sandbox mode this machine offers; any point lost is a broken test or a
 * broken reference, named with its mode, and the exit status is 1.
 *
 * Where the reference sources are: beside the binaries (REFDIR/PROG.c, the
 * layout `ipcgrade new` makes, ASSIGNMENT/reference/), or in the source tree
 * (reference/NAME/PROG.c, the bundled assignments). A reference binary whose
 * source lies beside it is built when missing or older than its source. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archive.h"
#include "cli.h"
#include "grade.h"
#include "report.h"
#include "spec.h"

static const char validate_usage[] =
	"usage: ipcgrade validate ASSIGNMENT [--hidden FILE | --no-hidden] [--reference-dir DIR]\n"
	"                         [--mode root|userns|degraded] [--no-memcheck]\n"
	"  grades the reference programs as the submission, in every pairing and every sandbox\n"
	"  mode this machine offers; exit 0 when they get full marks everywhere, 1 when not\n"
	"  (every test that lost points is named with its mode), 2 on a spec or setup error.\n"
	"  ASSIGNMENT/hidden.yaml is included unless --no-hidden. --reference-dir: the folder\n"
	"  the spec's `reference:` paths are relative to (default ASSIGNMENT/reference/ when\n"
	"  it exists, else the bundled references).\n";

/* What one validation works with. */
struct validation {
	struct assignment a;
	char spec[PATH_MAX], refdir[PATH_MAX];
	char sub[64];  /* the temporary submission: the reference sources */
	char priv[64]; /* a 0700 folder holding a copy of the hidden tests */
	char hidden[PATH_MAX + 64];
	bool has_hidden, memcheck;
};

/* cp, so a file's bytes arrive whole; 0 or -1. */
static int
copy_file(const char *from, const char *to, mode_t mode)
{
	size_t n;
	char *text = slurp(from, &n);
	if (text == NULL)
		return -1;
	FILE *f = fopen(to, "we");
	int rc = f && fwrite(text, 1, n, f) == n ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	free(text);
	return rc == 0 ? chmod(to, mode) : -1;
}

/* The source of the reference binary of p into buf; false when none is found. */
static bool
reference_source(const struct validation *v, const struct spec_program *p, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.c", v->refdir, p->reference);
	if (access(buf, R_OK) == 0)
		return true;
	if (in_tree()) {
		snprintf(buf, len, "%s/reference/%s.c", ABS_TOP_SRCDIR, p->reference);
		if (access(buf, R_OK) == 0)
			return true;
	}
	return false;
}

/* Run argv and wait; the exit status, or -1. */
static int
run_wait(char *const argv[])
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		cli_error("ipcgrade validate: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A reference binary whose source is beside it is made as make would (the
 * flags of reference/local.mk's default build, the spec's libraries). 0, or -1
 * after saying why. */
static int
build_reference(const struct validation *v, const struct spec_program *p)
{
	char bin[PATH_MAX + 8], src[PATH_MAX + 16];
	snprintf(bin, sizeof(bin), "%s/%s", v->refdir, p->reference);
	snprintf(src, sizeof(src), "%s.c", bin);
	struct stat sb, ss;
	if (stat(src, &ss) != 0) /* no source beside it: the binary must be there */
		return 0;
	if (stat(bin, &sb) == 0 && sb.st_mtim.tv_sec > ss.st_mtim.tv_sec)
		return 0;
	cli_error("ipcgrade validate: building reference %s from %s\n", bin, src);
	char *argv[48] = { "cc", "-std=gnu11", "-O2", "-Wall", "-o", bin, src };
	int n = 7;
	char *libs = strdup(v->a.libs ? v->a.libs : "-lrt"), *save = NULL;
	for (char *w = libs ? strtok_r(libs, " \t", &save) : NULL; w && n < 46; w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	argv[n] = NULL;
	int rc = run_wait(argv);
	free(libs);
	if (rc != 0) {
		cli_error("ipcgrade validate: the reference %s does not compile (cc exit %d)\n", src, rc);
		return -1;
	}
	return 0;
}

/* The references exist (built when their source is beside them), and their
 * sources make the submission folder. 0, or -1 after saying why. */
static int
prepare(struct validation *v)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < v->a.nprograms; i++) {
		const struct spec_program *p = &v->a.programs[i];
		char bin[PATH_MAX + 8], src[PATH_MAX + 8], dst[PATH_MAX + 64];
		if (build_reference(v, p) != 0)
			return -1;
		snprintf(bin, sizeof(bin), "%s/%s", v->refdir, p->reference);
		if (access(bin, X_OK) != 0) {
			cli_error("ipcgrade validate: the reference of program %s is not at %s (%s): build it (make), "
				  "or name its folder with --reference-dir DIR\n",
				  p->name, bin, strerror(errno));
			return -1;
		}
		if (!reference_source(v, p, src, sizeof(src))) {
			cli_error(
				"ipcgrade validate: no source for the reference of program %s (looked for %s/%s.c%s): "
				"validate grades the reference sources as a submission\n",
				p->name, v->refdir, p->reference, in_tree() ? " and in the source tree" : "");
			return -1;
		}
		if (p->nsources == 0)
			continue;
		/* The student's first file is the reference's; the others, and
		 * the headers, come from the reference's folder. */
		snprintf(dst, sizeof(dst), "%s/%s", v->sub, p->sources[0]);
		rc = copy_file(src, dst, 0644);
		char *slash = strrchr(src, '/');
		*slash = '\0';
		for (size_t s = 1; rc == 0 && s < p->nsources; s++) {
			char from[2 * PATH_MAX];
			snprintf(from, sizeof(from), "%s/%s", src, p->sources[s]);
			snprintf(dst, sizeof(dst), "%s/%s", v->sub, p->sources[s]);
			if ((rc = copy_file(from, dst, 0644)) != 0)
				cli_error("ipcgrade validate: program %s needs %s: not in %s\n", p->name, p->sources[s],
					  src);
		}
		char cmd[3 * PATH_MAX];
		snprintf(cmd, sizeof(cmd), "for h in '%s'/*.h; do [ -f \"$h\" ] && cp \"$h\" '%s/'; done; true", src,
			 v->sub);
		if (rc == 0 && strchr(src, '\'') == NULL && system(cmd) != 0)
			rc = -1;
	}
	if (rc != 0)
		cli_error("ipcgrade validate: cannot copy the reference sources into %s\n", v->sub);
	return rc;
}

/* Points as the reports print them: 2.67, 4 (two decimals, no trailing zeros). */
static const char *
pts(char *buf, size_t len, double x)
{
	snprintf(buf, len, "%.2f", x);
	char *end = buf + strlen(buf);
	while (end > buf && end[-1] == '0')
		*--end = '\0';
	if (end > buf && end[-1] == '.')
		end[-1] = '\0';
	return buf;
}

/* The first lines of s, indented, so a long diff does not hide the next test. */
static void
print_lines(const char *indent, const char *s, int max)
{
	for (int n = 0; s && *s && n < max; n++) {
		size_t k = strcspn(s, "\n");
		printf("%s%.*s\n", indent, (int)k, s);
		s += k + (s[k] == '\n');
		if (n + 1 == max && *s)
			printf("%s...\n", indent);
	}
}

/* Print what the reference lost in one mode; the number of such tests. */
static size_t
report_losses(const struct grade_report *r, const char *mode)
{
	size_t bad = 0;
	for (size_t i = 0; i < r->nbuilds; i++)
		if (!r->builds[i].ok) {
			printf("FAIL [%s] the reference source of %s does not build:\n", mode, r->builds[i].program);
			print_lines("    ", r->builds[i].log, 8);
		}
	for (size_t i = 0; i < r->ntests; i++) {
		const struct test_outcome *t = &r->tests[i];
		if (t->status == TEST_PASSED && !(t->score < t->max_score - 1e-9))
			continue;
		bad++;
		char got[32], max[32];
		printf("FAIL [%s] %s (%s/%s)%s\n", mode, t->name, pts(got, sizeof(got), t->score),
		       pts(max, sizeof(max), t->max_score),
		       t->status == TEST_SKIPPED ? " not run"
		       : t->status == TEST_ERROR ? " grader error"
						 : "");
		print_lines("    ", t->message, 6);
		for (size_t c = 0; c < t->nchecks; c++) {
			if (t->checks[c].passed)
				continue;
			printf("    failed check: %s\n", t->checks[c].name ? t->checks[c].name : "?");
			print_lines("      ", t->checks[c].detail, 6);
		}
	}
	return bad;
}

/* Grade the references in mode m; the exit status this mode asks for. */
static int
validate_mode(struct validation *v, enum sandbox_mode m)
{
	const char *mode = sandbox_mode_name(m);
	struct assignment *a = &v->a;
	bool public_only = false;
	if (m == SANDBOX_DEGRADED && v->has_hidden && !sandbox_sets_uid(m)) {
		/* Degraded mode as a user cannot keep the hidden tests from the
		 * programs, so grade refuses them: validate what grade would run. */
		printf("note [%s] hidden tests not run: degraded mode as a user refuses them (grade as root)\n", mode);
		public_only = true;
	}
	cli_error("ipcgrade validate: grading the reference in %s mode\n", mode);
	char repro[PATH_MAX + 64];
	snprintf(repro, sizeof(repro), "ipcgrade validate %s --mode %s", v->spec, mode);
	struct grade_opts o = {
		.mode = m,
		.reference_dir = v->refdir,
		.public_only = public_only,
		.memcheck = v->memcheck,
		.repro = repro,
	};
	struct grade_report r;
	int rc = grade_submission(a, v->sub, &o, &r);
	size_t bad = report_losses(&r, mode);
	int code = EXIT_GRADED;
	char got[32], max[32];
	pts(got, sizeof(got), r.score);
	pts(max, sizeof(max), r.max_score);
	if (rc != 0 && r.ntests == 0) {
		printf("FAIL [%s] grading stopped: %s\n", mode, r.error ? r.error : "?");
		code = EXIT_INTERNAL;
	} else if (bad || rc != 0 || r.score < r.max_score - 1e-9) {
		if (r.error && !bad)
			printf("FAIL [%s] %s\n", mode, r.error);
		printf("[%s] the reference got %s/%s: %zu of %zu tests lost points\n", mode, got, max, bad, r.ntests);
		code = EXIT_BELOW;
	} else {
		printf("ok [%s] %s/%s, %zu tests (pairings counted)%s\n", mode, got, max, r.ntests,
		       public_only ? ", public tests only" : "");
	}
	grade_report_free(&r);
	return code;
}

/* The modes to validate in: the one asked for, else every mode that works
 * here (IPCGRADE_MODE, as everywhere, forces one). */
static size_t
modes_here(int forced, enum sandbox_mode *out)
{
	const char *env = getenv("IPCGRADE_MODE");
	if (forced < 0 && env && *env)
		forced = sandbox_mode_parse(env);
	if (forced >= 0) {
		out[0] = (enum sandbox_mode)forced;
		return 1;
	}
	size_t n = 0;
	static const enum sandbox_mode all[] = { SANDBOX_ROOT, SANDBOX_USERNS, SANDBOX_DEGRADED };
	for (size_t i = 0; i < 3; i++) {
		char why[240] = "";
		if (sandbox_mode_works(all[i], why, sizeof(why)))
			out[n++] = all[i];
		else
			printf("skip [%s] %s\n", sandbox_mode_name(all[i]), why);
	}
	return n;
}

/* Load the spec and the hidden tests (from a private copy, so degraded mode
 * as root can keep them from the programs' uid). 0 or an exit status. */
static int
load(struct validation *v, const char *arg, const char *hidden, bool no_hidden)
{
	char err[1024];
	char *path = resolve_assignment(arg);
	snprintf(v->spec, sizeof(v->spec), "%s", path);
	free(path);
	if (spec_load(v->spec, &v->a, err, sizeof(err)) != 0) {
		struct stat st;
		if (stat(v->spec, &st) != 0 && !strchr(arg, '/'))
			cli_error("ipcgrade: no assignment named '%s' (try 'ipcgrade list')\n", arg);
		else
			cli_error("ipcgrade validate: %s\n", err);
		return EXIT_USAGE;
	}
	char beside[PATH_MAX + 16];
	snprintf(beside, sizeof(beside), "%s/hidden.yaml", v->a.dir ? v->a.dir : ".");
	if (!hidden && !no_hidden && access(beside, R_OK) == 0)
		hidden = beside;
	if (hidden == NULL)
		return 0;
	snprintf(v->hidden, sizeof(v->hidden), "%s/hidden.yaml", v->priv);
	if (copy_file(hidden, v->hidden, 0600) != 0) {
		cli_error("ipcgrade validate: cannot read %s: %s\n", hidden, strerror(errno));
		return EXIT_USAGE;
	}
	if (spec_load_hidden(&v->a, v->hidden, err, sizeof(err)) != 0) {
		cli_error("ipcgrade validate: %s (%s)\n", err, hidden);
		return EXIT_USAGE;
	}
	v->has_hidden = true;
	printf("with the hidden tests of %s\n", hidden);
	return 0;
}

int
cmd_validate(int argc, char **argv)
{
	const char *aname = NULL, *hidden = NULL, *refdir = NULL;
	bool no_hidden = false, memcheck = true;
	int forced = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(validate_usage, stdout);
			return EXIT_GRADED;
		} else if (v && strcmp(a, "--hidden") == 0) {
			hidden = argv[++i];
		} else if (strcmp(a, "--no-hidden") == 0) {
			no_hidden = true;
		} else if (v && strcmp(a, "--reference-dir") == 0) {
			refdir = argv[++i];
		} else if (v && strcmp(a, "--mode") == 0) {
			if ((forced = sandbox_mode_parse(v)) < 0)
				return usage_error(validate_usage, "--mode must be root, userns or degraded");
			i++;
		} else if (strcmp(a, "--no-memcheck") == 0) {
			memcheck = false;
		} else if (a[0] == '-' && a[1]) {
			cli_error("ipcgrade validate: unknown option '%s'\n", a);
			return usage_error(validate_usage, "bad usage");
		} else if (aname == NULL) {
			aname = a;
		} else {
			return usage_error(validate_usage, "too many arguments");
		}
	}
	if (aname == NULL)
		return usage_error(validate_usage, "validate needs ASSIGNMENT");
	if (hidden && no_hidden)
		return usage_error(validate_usage, "--hidden and --no-hidden together");
	if (refdir)
		setenv("IPCGRADE_REFERENCE_DIR", refdir, 1);
	struct validation *v = calloc(1, sizeof(*v));
	if (v == NULL)
		return EXIT_INTERNAL;
	v->memcheck = memcheck;
	snprintf(v->sub, sizeof(v->sub), "/tmp/ipcgrade-validate.XXXXXX");
	snprintf(v->priv, sizeof(v->priv), "/tmp/ipcgrade-validate-hidden.XXXXXX");
	if (mkdtemp(v->sub) == NULL || mkdtemp(v->priv) == NULL || chmod(v->sub, 0755) != 0) {
		cli_error("ipcgrade validate: mkdtemp: %s\n", strerror(errno));
		free(v);
		return EXIT_INTERNAL;
	}
	int code = load(v, aname, hidden, no_hidden);
	bool loaded = code == EXIT_GRADED;
	if (code == EXIT_GRADED) {
		reference_dir_for(v->spec, v->refdir, sizeof(v->refdir));
		printf("validate %s (%s), references in %s\n", v->a.name, v->spec, v->refdir);
		if (prepare(v) != 0)
			code = EXIT_USAGE;
	}
	enum sandbox_mode modes[3];
	size_t nmodes = code == EXIT_GRADED ? modes_here(forced, modes) : 0;
	int worst = code;
	for (size_t i = 0; i < nmodes; i++) {
		int rc = validate_mode(v, modes[i]);
		if (rc > worst)
			worst = rc;
	}
	if (code == EXIT_GRADED) {
		char names[64] = "";
		for (size_t i = 0; i < nmodes; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? ", " : "",
				 sandbox_mode_name(modes[i]));
		if (worst == EXIT_GRADED)
			printf("validate: the reference of %s gets full marks in every test and pairing (%s)\n",
			       v->a.name, names);
		else
			printf("validate: FAILED: the reference of %s does not get full marks (modes: %s); students "
			       "would lose these points too\n",
			       v->a.name, names);
	}
	remove_tree(v->sub);
	remove_tree(v->priv);
	if (loaded)
		spec_free(&v->a);
	free(v);
	return worst;
}
