/* ipcgrade: command-line entry point: the usage text and the command table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"

static const char usage[] =
	"usage: ipcgrade COMMAND [ARGS...]\n"
	"commands:\n"
	"  grade ASSIGNMENT SUBMISSION_DIR   grade a submission (see 'ipcgrade grade --help')\n"
	"  check [ASSIGNMENT]                self-check the current directory (public tests)\n"
	"  new NAME [DIR]                    scaffold an assignment (spec, README, starter, reference)\n"
	"  validate ASSIGNMENT               grade the reference against its own spec, every mode\n"
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

/* The command table: the top of the file graph, nothing calls into it. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "run", cmd_run },
	{ "grade", cmd_grade },
	{ "check", cmd_check },
	{ "list", cmd_list },
	{ "demo", cmd_demo },
	{ "batch", cmd_batch },
	{ "merge", cmd_merge },
	{ "gradescope", cmd_gradescope },
	{ "ci-template", cmd_ci_template },
	{ "doctor", cmd_doctor },
	{ "validate", cmd_validate },
	{ "new", cmd_new },
};

/* Dispatch argv[1]; each command sees itself as argv[0]. */
int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage, "missing command");
	const char *c = argv[1];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(c, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (strcmp(c, "help") == 0 || strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0) {
		fputs(usage, stdout);
		return EXIT_GRADED;
	}
	if (strcmp(c, "version") == 0 || strcmp(c, "--version") == 0) {
		printf("ipcgrade %s\n", PACKAGE_VERSION);
		return EXIT_GRADED;
	}
	cli_error("ipcgrade: unknown command '%s'\n", c);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
