/* cli-ci: `ipcgrade gradescope` (a Gradescope autograder zip) and
 * `ipcgrade ci-template` (the GitHub Classroom workflow).
 *
 * The zip carries the source tarball, not a binary: Gradescope's image is
 * not the machine the instructor builds on, so setup.sh compiles ipcgrade
 * there against the image's own libraries. */
#include <dirent.h>
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

/* Run argv (in dir when not NULL) and wait; the exit status, or -1. */
static int
run_in(const char *dir, char *const argv[])
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dir && chdir(dir) != 0)
			_exit(127);
		execvp(argv[0], argv);
		cli_error("ipcgrade: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static const char gs_usage[] = "usage: ipcgrade gradescope ASSIGNMENT -o autograder.zip [--source TARBALL]\n"
			       "                           [--hidden FILE | --no-hidden] [--no-memcheck]\n"
			       "  builds a Gradescope autograder: setup.sh (installs the dependencies and builds\n"
			       "  ipcgrade from the source tarball), run_autograder, and the assignment folder\n"
			       "  with its hidden tests. TARBALL: `make dist` output; default: `git archive HEAD`\n"
			       "  of the source tree (build tree only).\n";

int
cmd_gradescope(int argc, char **argv)
{
	const char *aname = NULL, *out = NULL, *source = NULL, *hidden = NULL;
	bool no_hidden = false, no_memcheck = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(gs_usage, stdout);
			return EXIT_GRADED;
		} else if (v && strcmp(a, "-o") == 0) {
			out = argv[++i];
		} else if (v && strcmp(a, "--source") == 0) {
			source = argv[++i];
		} else if (v && strcmp(a, "--hidden") == 0) {
			hidden = argv[++i];
		} else if (strcmp(a, "--no-hidden") == 0) {
			no_hidden = true;
		} else if (strcmp(a, "--no-memcheck") == 0) {
			no_memcheck = true;
		} else if (a[0] == '-') {
			return usage_error(gs_usage, "unknown option");
		} else if (aname == NULL) {
			aname = a;
		} else {
			return usage_error(gs_usage, "too many arguments");
		}
	}
	if (aname == NULL || out == NULL)
		return usage_error(gs_usage, "gradescope needs ASSIGNMENT and -o ZIP");
	char *spec = resolve_assignment(aname);
	if (spec == NULL || access(spec, R_OK) != 0) {
		cli_error("ipcgrade gradescope: no assignment %s (%s)\n", aname, spec ? spec : "?");
		free(spec);
		return EXIT_USAGE;
	}
	char adir[PATH_MAX], zip[2 * PATH_MAX + 2], cwd[PATH_MAX];
	snprintf(adir, sizeof(adir), "%s", spec);
	char *slash = strrchr(adir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(adir, sizeof(adir), ".");
	free(spec);
	if (out[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		snprintf(zip, sizeof(zip), "%s", out);
	else
		snprintf(zip, sizeof(zip), "%s/%s", cwd, out);

	char tmp[] = "/tmp/ipcgrade-gradescope.XXXXXX", p[PATH_MAX + 64], q[PATH_MAX + 8];
	if (mkdtemp(tmp) == NULL) {
		cli_error("ipcgrade gradescope: mkdtemp: %s\n", strerror(errno));
		return EXIT_INTERNAL;
	}
	int code = EXIT_INTERNAL;
	/* The assignment folder as is (spec, hidden tests, starter files). */
	snprintf(p, sizeof(p), "%s/assignment", tmp);
	snprintf(q, sizeof(q), "%s/.", adir);
	char *const cp_a[] = { "cp", "-R", q, p, NULL };
	if (mkdir(p, 0755) != 0 || run_in(NULL, cp_a) != 0) {
		cli_error("ipcgrade gradescope: cannot copy %s\n", adir);
		goto out;
	}
	snprintf(p, sizeof(p), "%s/assignment/hidden.yaml", tmp);
	if (no_hidden) {
		unlink(p);
	} else if (hidden) {
		char *const cp_h[] = { "cp", (char *)hidden, p, NULL };
		if (run_in(NULL, cp_h) != 0) {
			cli_error("ipcgrade gradescope: cannot copy %s\n", hidden);
			code = EXIT_USAGE;
			goto out;
		}
	}
	if (no_memcheck) {
		snprintf(p, sizeof(p), "%s/assignment/.no-memcheck", tmp);
		FILE *f = fopen(p, "we");
		if (f)
			fclose(f);
	}
	/* The two scripts Gradescope looks for at the root of the zip. */
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "run_autograder" : "setup.sh";
		char from[2 * PATH_MAX];
		snprintf(q, sizeof(q), "gradescope/%s", name);
		template_path(q, from, sizeof(from));
		snprintf(p, sizeof(p), "%s/%s", tmp, name);
		char *const cp_s[] = { "cp", from, p, NULL };
		if (run_in(NULL, cp_s) != 0 || chmod(p, 0755) != 0) {
			cli_error("ipcgrade gradescope: cannot copy %s\n", from);
			goto out;
		}
	}
	snprintf(p, sizeof(p), "%s/ipcgrade-src.tar.gz", tmp);
	if (source) {
		char *const cp_t[] = { "cp", (char *)source, p, NULL };
		if (run_in(NULL, cp_t) != 0) {
			cli_error("ipcgrade gradescope: cannot copy %s\n", source);
			code = EXIT_USAGE;
			goto out;
		}
	} else {
		char *const ga[] = { "git", "-C", ABS_TOP_SRCDIR, "archive", "--format=tar.gz", "--prefix=ipcgrade/",
				     "-o",  p,    "HEAD",         NULL };
		if (!in_tree() || run_in(NULL, ga) != 0) {
			cli_error("ipcgrade gradescope: no source tarball: give --source (the output of "
				  "`make dist`)\n");
			code = EXIT_USAGE;
			goto out;
		}
	}
	unlink(zip);
	char *const z[] = { "zip", "-q", "-r", "-X", zip, ".", NULL };
	if (run_in(tmp, z) != 0) {
		cli_error("ipcgrade gradescope: zip failed (apt-get install zip)\n");
		goto out;
	}
	cli_error("ipcgrade gradescope: wrote %s (upload it as the autograder; base image Ubuntu 24.04)\n", out);
	code = EXIT_GRADED;
out:
	remove_tree(tmp);
	return code;
}

int
cmd_ci_template(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		puts("usage: ipcgrade ci-template > .github/workflows/classroom.yml");
		return EXIT_GRADED;
	}
	if (argc > 1)
		return usage_error("usage: ipcgrade ci-template\n", "ci-template takes no arguments");
	char path[2 * PATH_MAX];
	template_path("classroom.yml", path, sizeof(path));
	FILE *f = fopen(path, "re");
	if (f == NULL) {
		cli_error("ipcgrade ci-template: %s: %s\n", path, strerror(errno));
		return EXIT_INTERNAL;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return fflush(stdout) == 0 ? EXIT_GRADED : EXIT_INTERNAL;
}
