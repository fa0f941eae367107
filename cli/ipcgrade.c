/* ipcgrade: command-line entry point. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "sandbox.h"

static const char usage[] =
	"usage: ipcgrade COMMAND [ARGS...]\n"
	"commands:\n"
	"  grade ASSIGNMENT SUBMISSION_DIR   grade a submission (see 'ipcgrade grade --help')\n"
	"  check [ASSIGNMENT]                self-check the current directory (public tests)\n"
	"  batch ASSIGNMENT SUBMISSIONS      grade a class in parallel: grades.csv, class summary\n"
	"  merge OUTDIR... -o OUTDIR         combine batch shards into one roll-up\n"
	"  gradescope ASSIGNMENT -o ZIP      build a Gradescope autograder\n"
	"  ci-template                       print the GitHub Classroom workflow\n"
	"  demo                              grade the bundled example submissions\n"
	"  list                              the bundled assignments\n"
	"  run [OPTIONS] -- PROG [ARGS...]   run programs in a private IPC world and report\n"
	"                                    what they printed and what they left behind\n"
	"  doctor                            which sandbox mode this machine allows, and why\n"
	"  help                              this text\n"
	"  version                           the version\n";

int
usage_error(const char *u, const char *msg)
{
	fprintf(stderr, "ipcgrade: %s\n%s", msg, u);
	return EXIT_USAGE;
}

int
cmd_doctor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct sandbox_probe p;
	sandbox_probe(&p);
	printf("mode: %s\n", sandbox_mode_name(p.mode));
	printf("why: %s\n", p.why);
	if (p.fix[0])
		printf("better: %s\n", p.fix);
	if (p.mode == SANDBOX_DEGRADED)
		printf("warning: degraded mode runs gradings one at a time and cannot hide hidden tests "
		       "or reference programs from student code\n");
	return EXIT_GRADED;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage, "missing command");
	const char *c = argv[1];
	if (strcmp(c, "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(c, "grade") == 0)
		return cmd_grade(argc - 1, argv + 1);
	if (strcmp(c, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(c, "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(c, "demo") == 0)
		return cmd_demo(argc - 1, argv + 1);
	if (strcmp(c, "batch") == 0)
		return cmd_batch(argc - 1, argv + 1);
	if (strcmp(c, "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(c, "gradescope") == 0)
		return cmd_gradescope(argc - 1, argv + 1);
	if (strcmp(c, "ci-template") == 0)
		return cmd_ci_template(argc - 1, argv + 1);
	if (strcmp(c, "doctor") == 0)
		return cmd_doctor(argc - 1, argv + 1);
	if (strcmp(c, "help") == 0 || strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0) {
		fputs(usage, stdout);
		return EXIT_GRADED;
	}
	if (strcmp(c, "version") == 0 || strcmp(c, "--version") == 0) {
		printf("ipcgrade %s\n", PACKAGE_VERSION);
		return EXIT_GRADED;
	}
	fprintf(stderr, "ipcgrade: unknown command '%s'\n", c);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
