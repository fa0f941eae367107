/* The known-bad submission catalogue (tests/submissions, docs/catalogue.md):
 * every case is graded through the CLI and its expect.yaml asserted exactly:
 * points lost where declared, full marks for valid variants, the cause named
 * in the text report. Malformed submissions must give a clear build log,
 * exit status 0 and no hang. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "report-load.h"
#include "report.h"

TestSuite(catalogue, .timeout = 1800);

#define MAX_LIST 16

/* One expect.yaml. */
struct expect {
	char *mistake;
	bool full_marks;
	bool memcheck;
	char *xfail;		/* reason, or NULL */
	char *lose[MAX_LIST], *keep[MAX_LIST], *words[MAX_LIST];
	size_t nlose, nkeep, nwords;
};

/* The build or source tree, from the test environment. */
static const char *
top(const char *var)
{
	const char *v = getenv(var);
	return v && *v ? v : ".";
}

/* Run argv with stdout/stderr to /dev/null; exit status, or 128 + signal,
 * or -1 when it had to be killed after limit seconds (a hang). */
static int
run(char *const argv[], int limit)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	time_t end = time(NULL) + limit;
	int st;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (time(NULL) > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(50000);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Read a flow or block list of scalars into v. */
static size_t
yaml_list(yaml_document_t *doc, yaml_node_t *n, char **v)
{
	size_t k = 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top && k < MAX_LIST; it++) {
		yaml_node_t *s = yaml_document_get_node(doc, *it);
		if (s && s->type == YAML_SCALAR_NODE)
			v[k++] = strdup((char *)s->data.scalar.value);
	}
	return k;
}

/* Load path into e; unknown keys are errors, as in the assignment specs. */
static void
expect_load(const char *path, struct expect *e)
{
	memset(e, 0, sizeof(*e));
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	yaml_parser_t p;
	yaml_document_t doc;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	cr_assert(yaml_parser_load(&p, &doc), "%s: YAML error: %s", path, p.problem ? p.problem : "?");
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	cr_assert(root && root->type == YAML_MAPPING_NODE, "%s: not a mapping", path);
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
		const char *key = (const char *)k->data.scalar.value;
		const char *val = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
		if (strcmp(key, "mistake") == 0)
			e->mistake = strdup(val);
		else if (strcmp(key, "full_marks") == 0)
			e->full_marks = strcmp(val, "true") == 0;
		else if (strcmp(key, "memcheck") == 0)
			e->memcheck = strcmp(val, "true") == 0;
		else if (strcmp(key, "xfail") == 0)
			e->xfail = strdup(val);
		else if (strcmp(key, "lose") == 0)
			e->nlose = yaml_list(&doc, v, e->lose);
		else if (strcmp(key, "keep") == 0)
			e->nkeep = yaml_list(&doc, v, e->keep);
		else if (strcmp(key, "words") == 0)
			e->nwords = yaml_list(&doc, v, e->words);
		else
			cr_assert_fail("%s: unknown key '%s'", path, key);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	fclose(f);
}

/* Release what expect_load allocated. */
static void
expect_free(struct expect *e)
{
	for (size_t i = 0; i < e->nlose; i++)
		free(e->lose[i]);
	for (size_t i = 0; i < e->nkeep; i++)
		free(e->keep[i]);
	for (size_t i = 0; i < e->nwords; i++)
		free(e->words[i]);
	free(e->mistake);
	free(e->xfail);
}

/* Copy the submission files of a case (not expect.yaml) to a fresh temp dir:
 * the grader must never write into the tree, which may be read-only. */
static char *
copy_case(const char *casedir)
{
	char tmpl[] = "/tmp/ipcgrade-catalogue.XXXXXX", cmd[8400];
	cr_assert_not_null(mkdtemp(tmpl));
	snprintf(cmd, sizeof(cmd), "cd '%s' && for f in *; do [ \"$f\" = expect.yaml ] || cp -p \"$f\" '%s'/; done",
		 casedir, tmpl);
	cr_assert_eq(system(cmd), 0, "cannot copy %s", casedir);
	return strdup(tmpl);
}

/* Remove a temp dir. */
static void
remove_dir(char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
	free(dir);
}

/* A graded case: the JSON tree and the text rendering of the same report. */
struct graded {
	int status;
	json_t *json;
	char *text;
	size_t textlen;
};

/* ipcgrade grade ASSIGNMENT DIR [--hidden H] [--no-memcheck] --format json;
 * the text report is rendered from the same JSON by the text writer. */
static void
grade_dir(const char *assignment, const char *dir, bool hidden, bool memcheck, struct graded *g)
{
	char bin[4096], hid[4096], out[64];
	snprintf(bin, sizeof(bin), "%s/ipcgrade", top("IPCGRADE_TOP_BUILDDIR"));
	snprintf(hid, sizeof(hid), "%s/assignments/%s/hidden.yaml", top("IPCGRADE_TOP_SRCDIR"), assignment);
	snprintf(out, sizeof(out), "/tmp/ipcgrade-catalogue-%d-%ld.json", (int)getpid(), (long)random());
	char *argv[16] = { bin, "grade", (char *)assignment, (char *)dir, "--format", "json", "-o", out };
	int k = 8;
	if (hidden) {
		argv[k++] = "--hidden";
		argv[k++] = hid;
	}
	if (!memcheck)
		argv[k++] = "--no-memcheck";
	argv[k] = NULL;
	memset(g, 0, sizeof(*g));
	g->status = run(argv, 600);
	cr_assert_neq(g->status, -1, "%s: the grader hung (killed after 600 s)", dir);
	json_error_t je;
	g->json = json_load_file(out, 0, &je);
	cr_assert_not_null(g->json, "%s: no JSON report (exit %d): %s", dir, g->status, je.text);
	struct grade_report r;
	char err[256];
	cr_assert_eq(report_load_json(out, &r, err, sizeof(err)), 0, "%s", err);
	FILE *m = open_memstream(&g->text, &g->textlen);
	struct report_opts ro = { .color = false, .show_hidden = true };
	report_text(m, &r, &ro);
	fclose(m);
	grade_report_free(&r);
	unlink(out);
}

/* Release a graded case. */
static void
graded_free(struct graded *g)
{
	json_decref(g->json);
	free(g->text);
}

/* Check one graded case against its expectation; returns the number of
 * mismatches, each logged with the evidence. */
static int
judge(const char *name, const struct expect *e, const struct graded *g)
{
	/* an xfail case's mismatches are expected: information, not errors */
	enum criterion_severity sev = e->xfail ? CR_LOG_INFO : CR_LOG_ERROR;
	int bad = 0;
	double score = json_number_value(json_object_get(g->json, "score"));
	double max = json_number_value(json_object_get(g->json, "max_score"));
	json_t *tests = json_object_get(g->json, "tests");
	if (g->status != 0) {
		cr_log(sev, "%s: ipcgrade exited %d (0 expected: graded)", name, g->status);
		bad++;
	}
	if (e->full_marks && score < max - 1e-9) {
		cr_log(sev, "%s: valid variant scored %g of %g:\n%s", name, score, max, g->text);
		bad++;
	}
	if (!e->full_marks && score >= max - 1e-9) {
		cr_log(sev, "%s: known-bad case kept full marks (%g)", name, score);
		bad++;
	}
	/* lose: some test whose name contains the string lost points (pairings
	 * share a name; the one with your faulty program must lose). */
	for (size_t i = 0; i < e->nlose; i++) {
		size_t k, seen = 0, lost = 0;
		json_t *t;
		json_array_foreach(tests, k, t) {
			if (!strstr(json_string_value(json_object_get(t, "name")), e->lose[i]))
				continue;
			seen++;
			lost += json_number_value(json_object_get(t, "score")) <
				json_number_value(json_object_get(t, "max_score")) - 1e-9;
		}
		if (seen == 0 || lost == 0) {
			cr_log(sev, "%s: test '%s' should lose points (%zu such tests, %zu lost):\n%s", name, e->lose[i],
				     seen, lost, g->text);
			bad++;
		}
	}
	/* keep: every test whose name contains the string has full marks. */
	for (size_t i = 0; i < e->nkeep; i++) {
		size_t k;
		json_t *t;
		json_array_foreach(tests, k, t) {
			const char *tn = json_string_value(json_object_get(t, "name"));
			if (strstr(tn, e->keep[i]) &&
			    json_number_value(json_object_get(t, "score")) <
				    json_number_value(json_object_get(t, "max_score")) - 1e-9) {
				cr_log(sev, "%s: test '%s' should keep full marks:\n%s", name, tn, g->text);
				bad++;
			}
		}
	}
	for (size_t i = 0; i < e->nwords; i++)
		if (strstr(g->text, e->words[i]) == NULL) {
			cr_log(sev, "%s: the report does not say '%s':\n%s", name, e->words[i], g->text);
			bad++;
		}
	return bad;
}

/* Grade every case of one assignment folder; xfail cases must still fail
 * their expectation (an unexpected pass is reported, so the mark is removed). */
static void
catalogue(const char *assignment, const char *only_prefix)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/tests/submissions/%s", top("IPCGRADE_TOP_SRCDIR"), assignment);
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	cr_assert_gt(n, 0, "no cases in %s", dir);
	int cases = 0, failures = 0, xfails = 0;
	for (int i = 0; i < n; i++) {
		char casedir[4400], ex[4500], label[600];
		snprintf(casedir, sizeof(casedir), "%s/%s", dir, names[i]->d_name);
		snprintf(ex, sizeof(ex), "%s/expect.yaml", casedir);
		if (names[i]->d_name[0] == '.' || access(ex, R_OK) != 0 ||
		    (only_prefix && strncmp(names[i]->d_name, only_prefix, strlen(only_prefix)) != 0))
			continue;
		snprintf(label, sizeof(label), "%s/%s", assignment, names[i]->d_name);
		struct expect e;
		expect_load(ex, &e);
		char *sub = copy_case(casedir);
		struct graded g;
		grade_dir(assignment, sub, true, e.memcheck, &g);
		int bad = judge(label, &e, &g);
		cases++;
		if (e.xfail) {
			if (bad == 0)
				cr_log_warn("%s: XPASS (marked xfail: %s): remove the mark", label, e.xfail);
			else
				cr_log_info("%s: expected failure (%s)", label, e.xfail);
			xfails += bad > 0;
		} else {
			failures += bad > 0;
		}
		cr_log_info("%s: %g/%g%s", label, json_number_value(json_object_get(g.json, "score")),
			    json_number_value(json_object_get(g.json, "max_score")), bad ? " MISMATCH" : "");
		graded_free(&g);
		remove_dir(sub);
		expect_free(&e);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	cr_log_info("%s: %d cases, %d mismatches, %d expected failures", assignment, cases, failures, xfails);
	cr_assert_gt(cases, 0);
	cr_assert_eq(failures, 0, "%s: %d of %d cases do not match their expect.yaml", assignment, failures, cases);
}

Test(catalogue, shm_sysv_fork) { catalogue("shm-sysv-fork", getenv("IPCGRADE_CATALOGUE_ONLY")); }
Test(catalogue, shm_sysv_clientserver) { catalogue("shm-sysv-clientserver", getenv("IPCGRADE_CATALOGUE_ONLY")); }
Test(catalogue, shm_ftok) { catalogue("shm-ftok", getenv("IPCGRADE_CATALOGUE_ONLY")); }
Test(catalogue, shm_posix) { catalogue("shm-posix", getenv("IPCGRADE_CATALOGUE_ONLY")); }

/* Malformed shm-posix submissions kept in the tree (public tests only: the
 * point is the build log, not the behaviour). */
Test(catalogue, malformed)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/tests/submissions/malformed", top("IPCGRADE_TOP_SRCDIR"));
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), failures = 0;
	cr_assert_gt(n, 0);
	unlink("/tmp/ipcgrade-catalogue-makefile-ran");
	unlink("/tmp/ipcgrade-catalogue-build-script-ran");
	for (int i = 0; i < n; i++) {
		char casedir[4400], ex[4500], label[600];
		snprintf(casedir, sizeof(casedir), "%s/%s", dir, names[i]->d_name);
		snprintf(ex, sizeof(ex), "%s/expect.yaml", casedir);
		if (names[i]->d_name[0] != '.' && access(ex, R_OK) == 0) {
			snprintf(label, sizeof(label), "malformed/%s", names[i]->d_name);
			struct expect e;
			expect_load(ex, &e);
			char *sub = copy_case(casedir);
			struct graded g;
			grade_dir("shm-posix", sub, false, false, &g);
			failures += judge(label, &e, &g) > 0;
			graded_free(&g);
			remove_dir(sub);
			expect_free(&e);
		}
		free(names[i]);
	}
	free(names);
	cr_expect_eq(access("/tmp/ipcgrade-catalogue-makefile-ran", F_OK), -1, "the submitted Makefile was run");
	cr_expect_eq(access("/tmp/ipcgrade-catalogue-build-script-ran", F_OK), -1, "the submitted build.sh was run");
	cr_assert_eq(failures, 0);
}

/* Malformed submissions made at test time: what cannot sit in the tree
 * (50 MB, symlinks out of the submission, a FIFO, a directory). Each must be
 * graded (exit 0, 0 points) with a clear reason, and never hang. */
static void
malformed_made(const char *label, const char *setup, const char *word)
{
	char tmpl[] = "/tmp/ipcgrade-catalogue-bad.XXXXXX", cmd[8192];
	cr_assert_not_null(mkdtemp(tmpl));
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", tmpl, setup);
	cr_assert_eq(system(cmd), 0, "%s: setup failed", label);
	struct expect e = { .full_marks = false, .nwords = 1 };
	e.words[0] = (char *)word;
	struct graded g;
	grade_dir("shm-posix", tmpl, false, false, &g);
	int bad = judge(label, &e, &g);
	graded_free(&g);
	remove_dir(strdup(tmpl));
	cr_assert_eq(bad, 0, "%s", label);
}

Test(catalogue, malformed_huge)
{
	/* 50 MB of valid C comment: refused by size before anything reads it */
	malformed_made("huge", "{ echo '/*'; head -c 52428800 /dev/zero | tr '\\0' x; echo '*/ int main(void){return 0;}'; } > shm_msg.c",
		       "too large");
}

Test(catalogue, malformed_symlink_outside)
{
	malformed_made("symlink", "ln -s /etc/passwd shm_msg.c", "symbolic link: refused");
}

Test(catalogue, malformed_symlinked_dir)
{
	/* the whole submission folder's file reached through a symlinked folder */
	malformed_made("symlink-dir", "mkdir -p real && ln -s /etc real/link && ln -s real/link/hostname shm_msg.c",
		       "symbolic link: refused");
}

Test(catalogue, malformed_fifo)
{
	/* a FIFO would block a reader forever: refused before it is opened */
	malformed_made("fifo", "mkfifo shm_msg.c", "not a regular file");
}

Test(catalogue, malformed_directory)
{
	malformed_made("directory", "mkdir shm_msg.c", "not a regular file");
}
