/* cli-run: `ipcgrade run` - audit programs in a sandbox, no assignment needed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report-run.h"
#include "run.h"
#include "workdir.h"

/* Append a step (zeroed, then filled by the caller). */
static struct step *
add_step(struct scenario *sc, enum step_kind k, const char *proc)
{
	struct step *n = realloc(sc->steps, (sc->nsteps + 1) * sizeof(*n));
	if (n == NULL)
		return NULL;
	sc->steps = n;
	struct step *s = &n[sc->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = k;
	s->proc = (char *)proc;
	return s;
}

/* Whole file into memory (stdin for "-"); NULL + errno on failure. */
static char *
read_input(const char *path)
{
	char *buf = strcmp(path, "-") == 0 ? slurp_stream(stdin, NULL) : slurp(path, NULL);
	return buf;
}

/* "shm:1234", "sem:1234", "msg:0x4d2", "/my_shm", "posix-shm:/x", "mq:/q" -> a WAIT_IPC step
 * (the library's parser, the one the spec's wait_ipc uses). */
int
parse_ipc_target(const char *spec, struct step *s)
{
	const char *name;
	if (ipc_kind_parse_target(spec, &s->ipc_kind, &s->key, &name) != 0)
		return -1;
	s->text = (char *)name;
	return 0;
}

static const char run_usage[] =
	"usage: ipcgrade run [--json] [--timeout SEC] [--mode root|userns|degraded]\n"
	"                    [PROGRAM-OPTIONS] -- PROG [ARGS...] [:: [PROGRAM-OPTIONS] -- PROG2 [ARGS...]]...\n"
	"program options:\n"
	"  --stdin FILE      feed FILE ('-' = our stdin) to the program, then end of input\n"
	"  --after TARGET    start only once an IPC object exists: shm:KEY, sem:KEY, msg:KEY,\n"
	"                    /NAME (POSIX shm), posix-sem:/NAME, mq:/NAME\n"
	"  --fault SPEC      inject a failure: SYSCALL=ERRNO[@ARG0], e.g. shmget=ENOSPC@1234\n"
	"  --name NAME       name shown in the report (default: the program's basename)\n";

int
cmd_run(int argc, char **argv)
{
	struct scenario sc;
	scenario_defaults(&sc);
	sc.wall_limit = 10;
	bool json = false;
	int forced = -1, rc = EXIT_INTERNAL;
	char *inputs[64] = { 0 };
	size_t ninputs = 0, nprogs = 0;
	char *names[64];
	int i = 1;
	while (i < argc) {
		const char *stdin_file = NULL, *after = NULL, *name = NULL;
		struct fault_rule *faults = NULL;
		size_t nfaults = 0;
		for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
			const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
			if (strcmp(a, "--json") == 0) {
				json = true;
			} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
				fputs(run_usage, stdout);
				return EXIT_GRADED;
			} else if (v && strcmp(a, "--timeout") == 0) {
				sc.wall_limit = atof(v);
				i++;
				if (sc.wall_limit <= 0)
					return usage_error(run_usage, "--timeout needs a positive number of seconds");
			} else if (v && strcmp(a, "--mode") == 0) {
				if ((forced = sandbox_mode_parse(v)) < 0)
					return usage_error(run_usage, "--mode must be root, userns or degraded");
				i++;
			} else if (v && strcmp(a, "--stdin") == 0) {
				stdin_file = v;
				i++;
			} else if (v && strcmp(a, "--after") == 0) {
				after = v;
				i++;
			} else if (v && strcmp(a, "--name") == 0) {
				name = v;
				i++;
			} else if (v && strcmp(a, "--fault") == 0) {
				char err[128];
				struct fault_rule *nf = realloc(faults, (nfaults + 1) * sizeof(*nf));
				if (nf == NULL)
					return EXIT_INTERNAL;
				faults = nf;
				if (fault_rule_parse(v, &faults[nfaults], err, sizeof(err)) != 0) {
					cli_error("ipcgrade run: --fault %s: %s\n", v, err);
					return EXIT_USAGE;
				}
				nfaults++;
				i++;
			} else {
				cli_error("ipcgrade run: unknown option '%s'\n", a);
				fputs(run_usage, stderr);
				return EXIT_USAGE;
			}
		}
		if (i >= argc || i + 1 >= argc)
			return usage_error(run_usage, "missing '-- PROG'");
		i++; /* skip "--" */
		int start = i;
		while (i < argc && strcmp(argv[i], "::") != 0)
			i++;
		if (nprogs == 64)
			return usage_error(run_usage, "at most 64 programs");
		argv[i < argc ? i : argc] = NULL; /* terminate this program's argv */
		const char *prog = argv[start];
		const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
		char *pname = strdup(name ? name : base);
		for (size_t k = 0; k < nprogs; k++)
			if (strcmp(names[k], pname) == 0) { /* two of the same: number them */
				char *n2 = malloc(strlen(pname) + 8);
				sprintf(n2, "%s#%zu", pname, nprogs + 1);
				free(pname);
				pname = n2;
				break;
			}
		names[nprogs++] = pname;
		if (after) {
			struct step *w = add_step(&sc, STEP_WAIT_IPC, pname);
			if (parse_ipc_target(after, w) != 0)
				return usage_error(run_usage, "bad --after target");
		}
		struct step *s = add_step(&sc, STEP_START, pname);
		s->path = argv[start];
		s->argv = &argv[start];
		s->faults = faults;
		s->nfaults = nfaults;
		if (stdin_file) {
			char *text = read_input(stdin_file);
			if (text == NULL) {
				cli_error("ipcgrade run: cannot read %s: %s\n", stdin_file, strerror(errno));
				return EXIT_USAGE;
			}
			inputs[ninputs++] = text;
			s->keep_stdin = true;
			add_step(&sc, STEP_SEND, pname)->text = text;
			add_step(&sc, STEP_CLOSE_STDIN, pname);
		}
		if (access(prog, X_OK) != 0) {
			cli_error("ipcgrade run: %s: %s\n", prog, strerror(errno));
			return EXIT_USAGE;
		}
		i++; /* skip "::" */
	}
	if (nprogs == 0)
		return usage_error(run_usage, "nothing to run");
	for (size_t k = 0; k < nprogs; k++)
		add_step(&sc, STEP_WAIT_EXIT, names[k])->seconds = sc.wall_limit;
	sc.step_timeout = sc.wall_limit;

	struct sandbox_probe probe;
	sandbox_probe(&probe);
	enum sandbox_mode mode = forced >= 0 ? (enum sandbox_mode)forced : probe.mode;
	struct scenario_result res;
	memset(&res, 0, sizeof(res));
	char *work = NULL;
	/* Every way out below frees what the options made (LeakSanitizer runs the CLI). */
	if (sandbox_mode_refused(mode)) {
		cli_error("ipcgrade run: %s\n", sandbox_mode_refused(mode));
		rc = EXIT_INTERNAL;
		goto done;
	}
	if ((work = workdir_make(mode)) == NULL) {
		cli_error("ipcgrade run: cannot create a work directory: %s\n", strerror(errno));
		rc = EXIT_INTERNAL;
		goto done;
	}
	sc.workdir = work;
	int r = scenario_run(&sc, mode, &res);
	if (json)
		report_run_json(stdout, &res);
	else
		report_run_text(stdout, &res, isatty(1));
	if (r != 0 || res.status == SCN_INTERNAL) {
		cli_error("ipcgrade run: internal error: %s\n", res.message);
		rc = EXIT_INTERNAL;
	} else {
		bool ok = res.status == SCN_OK && run_leftovers(&res) == 0;
		for (size_t k = 0; k < res.nprocs; k++)
			ok &= res.procs[k].end == PROC_EXITED && res.procs[k].code == 0;
		rc = ok ? EXIT_GRADED : EXIT_BELOW;
	}
done:
	scenario_result_free(&res);
	if (work) {
		workdir_remove(work);
		free(work);
	}
	for (size_t k = 0; k < ninputs; k++)
		free(inputs[k]);
	for (size_t k = 0; k < nprogs; k++)
		free(names[k]);
	for (size_t k = 0; k < sc.nsteps; k++)
		if (sc.steps[k].kind == STEP_START)
			free(sc.steps[k].faults);
	free(sc.steps);
	return rc;
}
