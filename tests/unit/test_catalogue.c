/* The known-bad submission catalogue (tests/submissions, docs/catalogue.md):
 * every case is graded through the CLI and its expect.yaml asserted exactly:
 * points lost where declared, full marks for valid variants, the cause named
 * in the text report. Malformed submissions must give a clear build log,
 * exit status 0 and no hang.
 *
 * Drop-in: the cases are found at run time (tests/submissions/DIR/CASE/
 * expect.yaml), and each is one parameter of catalogue::cases. Criterion's
 * TAP line of a parameterised test names the test only, so every message of
 * a case starts with DIR/CASE. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "report-load.h"
#include "report.h"
#include "test-helpers.h"

TestSuite(catalogue, .timeout = 900);

#define MAX_LIST 16

/* One expect.yaml. */
struct expect {
	char *mistake;
	char *assignment; /* graded as (default: the case's folder) */
	bool hidden;      /* with the hidden tests (default true) */
	bool full_marks;
	double max_percent; /* the score may be at most this share of the maximum (-1: no bound) */
	bool memcheck;
	char *xfail; /* reason, or NULL */
	char *lose[MAX_LIST], *keep[MAX_LIST], *words[MAX_LIST];
	char *not_words[MAX_LIST]; /* wrong blame the report must not give */
	size_t nlose, nkeep, nwords, nnot_words;
};

/* Run argv with stdout/stderr collected and dropped; exit status, or 128 +
 * signal, or -1 when it had to be killed after limit seconds (a hang). */
static int
run(char *const argv[], int limit)
{
	struct outcome o;
	run_capture(argv, NULL, 0, limit, &o);
	outcome_free(&o);
	return o.hung ? -1 : o.status;
}

/* Read a flow or block list of scalars into v. */
static size_t
yaml_list(yaml_document_t *doc, yaml_node_t *n, char **v)
{
	size_t k = 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top && k < MAX_LIST;
	     it++) {
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
	e->hidden = true;
	e->max_percent = -1;
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
		else if (strcmp(key, "assignment") == 0)
			e->assignment = strdup(val);
		else if (strcmp(key, "hidden") == 0)
			e->hidden = strcmp(val, "false") != 0;
		else if (strcmp(key, "load_sensitive") == 0)
			; /* tests/determinism.sh's subset */
		else if (strcmp(key, "full_marks") == 0)
			e->full_marks = strcmp(val, "true") == 0;
		else if (strcmp(key, "max_percent") == 0) {
			char *end;
			e->max_percent = strtod(val, &end);
			cr_assert(*val && *end == '\0' && e->max_percent >= 0, "%s: max_percent '%s' is no number >= 0",
				  path, val);
		} else if (strcmp(key, "memcheck") == 0)
			e->memcheck = strcmp(val, "true") == 0;
		else if (strcmp(key, "xfail") == 0)
			e->xfail = strdup(val);
		else if (strcmp(key, "lose") == 0)
			e->nlose = yaml_list(&doc, v, e->lose);
		else if (strcmp(key, "keep") == 0)
			e->nkeep = yaml_list(&doc, v, e->keep);
		else if (strcmp(key, "words") == 0)
			e->nwords = yaml_list(&doc, v, e->words);
		else if (strcmp(key, "not_words") == 0)
			e->nnot_words = yaml_list(&doc, v, e->not_words);
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
	for (size_t i = 0; i < e->nnot_words; i++)
		free(e->not_words[i]);
	free(e->mistake);
	free(e->assignment);
	free(e->xfail);
}

/* Copy the submission files of a case (not expect.yaml) to a fresh temp dir:
 * the grader must never write into the tree, which may be read-only. A file
 * that names @MARK@ (a Makefile that must never run, say) gets mark, this
 * run's own folder for its traces, instead. */
static char *
copy_case(const char *casedir, const char *mark)
{
	char *dir = fresh_dir("catalogue"), cmd[13000];
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && for f in *; do [ \"$f\" = expect.yaml ] && continue; "
		 "if grep -q @MARK@ \"$f\"; then sed 's|@MARK@|%s|g' \"$f\" > '%s'/\"$f\" && "
		 "chmod --reference=\"$f\" '%s'/\"$f\"; else cp -p \"$f\" '%s'/; fi || exit 1; done",
		 casedir, mark, dir, dir, dir);
	cr_assert_eq(system(cmd), 0, "cannot copy %s", casedir);
	return dir;
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
	char src[4096], hid[4200], out[4200];
	snprintf(src, sizeof(src), "%s/assignments/%s/hidden.yaml", top("IPCGRADE_TOP_SRCDIR"), assignment);
	snprintf(out, sizeof(out), "%s.json", dir); /* dir is ours (mkdtemp): so is this name */
	/* A copy only we can read: in degraded mode the grader refuses hidden
	 * tests the programs' uid could read. */
	snprintf(hid, sizeof(hid), "%s.hidden.yaml", dir);
	if (hidden)
		copy_private(src, hid);
	char *argv[16] = {
		(char *)ipcgrade_bin(), "grade", (char *)assignment, (char *)dir, "--format", "json", "-o", out
	};
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
	unlink(hid);
}

/* Release a graded case. */
static void
graded_free(struct graded *g)
{
	json_decref(g->json);
	free(g->text);
}

/* Check one graded case against its expectation; returns the number of
 * mismatches, each described with the evidence on why (the assertion that
 * fails the case shows them: TAP shows assertion messages, not logs). */
static int
judge(const char *name, const struct expect *e, const struct graded *g, FILE *why)
{
	int bad = 0;
	double score = json_number_value(json_object_get(g->json, "score"));
	double max = json_number_value(json_object_get(g->json, "max_score"));
	json_t *tests = json_object_get(g->json, "tests");
	if (g->status != 0) {
		fprintf(why, "%s: ipcgrade exited %d (0 expected: graded)\n", name, g->status);
		bad++;
	}
	if (e->full_marks && score < max - 1e-9) {
		fprintf(why, "%s: valid variant scored %g of %g:\n%s\n", name, score, max, g->text);
		bad++;
	}
	if (e->max_percent >= 0 && score > max * e->max_percent / 100 + 1e-9) {
		fprintf(why, "%s: scored %g of %g, more than %g %%:\n%s\n", name, score, max, e->max_percent, g->text);
		bad++;
	}
	if (!e->full_marks && score >= max - 1e-9) {
		fprintf(why, "%s: known-bad case kept full marks (%g)\n", name, score);
		bad++;
	}
	/* lose: some test whose name contains the string lost points (pairings
	 * share a name; the one with your faulty program must lose). */
	for (size_t i = 0; i < e->nlose; i++) {
		size_t k, seen = 0, lost = 0;
		json_t *t;
		json_array_foreach(tests, k, t)
		{
			if (!strstr(json_string_value(json_object_get(t, "name")), e->lose[i]))
				continue;
			seen++;
			lost += json_number_value(json_object_get(t, "score")) <
				json_number_value(json_object_get(t, "max_score")) - 1e-9;
		}
		if (seen == 0 || lost == 0) {
			fprintf(why, "%s: test '%s' should lose points (%zu such tests, %zu lost):\n%s\n", name,
				e->lose[i], seen, lost, g->text);
			bad++;
		}
	}
	/* keep: every test whose name contains the string has full marks. */
	for (size_t i = 0; i < e->nkeep; i++) {
		size_t k;
		json_t *t;
		json_array_foreach(tests, k, t)
		{
			const char *tn = json_string_value(json_object_get(t, "name"));
			if (strstr(tn, e->keep[i]) &&
			    json_number_value(json_object_get(t, "score")) <
				    json_number_value(json_object_get(t, "max_score")) - 1e-9) {
				fprintf(why, "%s: test '%s' should keep full marks:\n%s\n", name, tn, g->text);
				bad++;
			}
		}
	}
	for (size_t i = 0; i < e->nwords; i++)
		if (strstr(g->text, e->words[i]) == NULL) {
			fprintf(why, "%s: the report does not say '%s':\n%s\n", name, e->words[i], g->text);
			bad++;
		}
	for (size_t i = 0; i < e->nnot_words; i++)
		if (strstr(g->text, e->not_words[i]) != NULL) {
			fprintf(why, "%s: the report says '%s', which is not true of this case:\n%s\n", name,
				e->not_words[i], g->text);
			bad++;
		}
	return bad;
}

/* One case of the catalogue, a parameter of catalogue::cases (fixed size:
 * the runner hands parameters to the test's worker). */
struct case_param {
	char dir[128];  /* tests/submissions/DIR: an assignment, or malformed */
	char name[128]; /* the case's folder */
};

/* list_dir filter: a folder of cases (not a file). */
static bool
keep_folder(const char *dir, const char *name)
{
	char path[8800];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return name[0] != '.' && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* list_dir filter: a case (a folder with an expect.yaml). */
static bool
keep_case(const char *dir, const char *name)
{
	char path[8800];
	snprintf(path, sizeof(path), "%s/%s/expect.yaml", dir, name);
	return name[0] != '.' && access(path, R_OK) == 0;
}

/* Is a case selected by IPCGRADE_CATALOGUE_ONLY, a list of prefixes separated
 * by spaces or commas (unset or empty: every case)? */
static bool
selected(const char *only, const char *name, const char *label)
{
	if (!only || !*only)
		return true;
	for (const char *p = only; *p;) {
		size_t n = strcspn(p, " ,");
		if (n && (strncmp(name, p, n) == 0 || strncmp(label, p, n) == 0))
			return true;
		p += n;
		p += strspn(p, " ,");
	}
	return false;
}

/* Every tests/submissions/DIR/CASE/expect.yaml, sorted; with
 * IPCGRADE_CATALOGUE_ONLY="PREFIX ..." only the cases whose CASE or DIR/CASE
 * starts with one of the prefixes. */
ParameterizedTestParameters(catalogue, cases)
{
	const char *only = getenv("IPCGRADE_CATALOGUE_ONLY");
	char root[4200];
	snprintf(root, sizeof(root), "%s/tests/submissions", top("IPCGRADE_TOP_SRCDIR"));
	char **dirs = list_dir(root, keep_folder);
	struct case_param *p = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; dirs[i]; i++) {
		char dir[4400];
		snprintf(dir, sizeof(dir), "%s/%s", root, dirs[i]);
		char **cases = list_dir(dir, keep_case);
		for (size_t k = 0; cases[k]; k++) {
			char label[300];
			snprintf(label, sizeof(label), "%s/%s", dirs[i], cases[k]);
			if (!selected(only, cases[k], label))
				continue;
			if (n == cap) {
				struct case_param *q = cr_malloc(sizeof(*q) * (cap = cap ? 2 * cap : 64));
				if (q == NULL)
					abort();
				if (p)
					memcpy(q, p, sizeof(*p) * n);
				cr_free(p);
				p = q;
			}
			snprintf(p[n].dir, sizeof(p[n].dir), "%s", dirs[i]);
			snprintf(p[n].name, sizeof(p[n].name), "%s", cases[k]);
			n++;
		}
		list_free(cases);
	}
	list_free(dirs);
	return cr_make_param_array(struct case_param, p, n, NULL);
}

/* Grade one case and judge it against its expect.yaml. An xfail case must
 * still fail its expectation: an unexpected pass fails the case, so the
 * mark is removed when the grader gap is fixed. */
ParameterizedTest(struct case_param *c, catalogue, cases)
{
	char casedir[4400], ex[4500], label[300];
	snprintf(label, sizeof(label), "%s/%s", c->dir, c->name);
	snprintf(casedir, sizeof(casedir), "%s/tests/submissions/%s/%s", top("IPCGRADE_TOP_SRCDIR"), c->dir, c->name);
	snprintf(ex, sizeof(ex), "%s/expect.yaml", casedir);
	struct expect e;
	expect_load(ex, &e);
	const char *assignment = e.assignment ? e.assignment : c->dir;
	cr_assert(is_assignment(assignment), "%s: no assignment '%s' (set `assignment:` in its expect.yaml)", label,
		  assignment);
	char *mark = fresh_dir("catalogue-mark"), *sub = copy_case(casedir, mark);
	struct graded g;
	grade_dir(assignment, sub, e.hidden, e.memcheck, &g);
	char *why = NULL;
	size_t whylen = 0;
	FILE *w = open_memstream(&why, &whylen);
	cr_assert_not_null(w);
	int bad = judge(label, &e, &g, w);
	char **traces = list_dir(mark, NULL);
	for (size_t i = 0; traces[i]; i++, bad++)
		fprintf(w, "%s: a file of the submission was run: it left %s\n", label, traces[i]);
	list_free(traces);
	fclose(w);
	cr_log_info("%s: %g/%g%s", label, json_number_value(json_object_get(g.json, "score")),
		    json_number_value(json_object_get(g.json, "max_score")), bad ? " MISMATCH" : "");
	graded_free(&g);
	remove_tree(sub);
	remove_tree(mark);
	free(sub);
	free(mark);
	if (e.xfail) {
		cr_expect_gt(bad, 0,
			     "%s: XPASS (marked xfail: %s): the case now meets its expect.yaml, remove the mark", label,
			     e.xfail);
		if (bad)
			cr_log_info("%s: expected failure (%s):\n%s", label, e.xfail, why);
	} else {
		cr_expect_eq(bad, 0, "%s: %d mismatches with its expect.yaml:\n%s", label, bad, why);
	}
	free(why);
	expect_free(&e);
}

/* Discovery found cases, and every assignment has some (an empty list
 * would pass vacuously; a new assignment comes with its catalogue). */
Test(catalogue, every_assignment_has_cases)
{
	char **v = assignments();
	cr_assert_not_null(v[0], "no assignments/*/assignment.yaml under %s", top("IPCGRADE_TOP_SRCDIR"));
	for (size_t i = 0; v[i]; i++) {
		char dir[4400];
		snprintf(dir, sizeof(dir), "%s/tests/submissions/%s", top("IPCGRADE_TOP_SRCDIR"), v[i]);
		char **cases = list_dir(dir, keep_case);
		cr_expect_not_null(cases[0], "assignment %s has no case in tests/submissions/%s/*/expect.yaml", v[i],
				   v[i]);
		list_free(cases);
	}
	list_free(v);
}

/* Malformed submissions made at test time: what cannot sit in the tree
 * (50 MB, symlinks out of the submission, a FIFO, a directory). Each must be
 * graded (exit 0, 0 points) with a clear reason, and never hang. */
static void
malformed_made(const char *label, const char *setup, const char *word)
{
	char *tmpl = fresh_dir("catalogue-bad"), cmd[8192];
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", tmpl, setup);
	cr_assert_eq(system(cmd), 0, "%s: setup failed", label);
	struct expect e = { .full_marks = false, .nwords = 1 };
	e.words[0] = (char *)word;
	struct graded g;
	grade_dir("shm-posix", tmpl, false, false, &g);
	char *why = NULL;
	size_t whylen = 0;
	FILE *w = open_memstream(&why, &whylen);
	cr_assert_not_null(w);
	int bad = judge(label, &e, &g, w);
	fclose(w);
	graded_free(&g);
	remove_tree(tmpl);
	free(tmpl);
	cr_assert_eq(bad, 0, "%s", why);
	free(why);
}

Test(catalogue, malformed_huge)
{
	/* 50 MB of valid C comment: refused by size before anything reads it */
	malformed_made("huge",
		       "{ echo '/*'; head -c 52428800 /dev/zero | tr '\\0' x; echo '*/ int main(void){return 0;}'; } > "
		       "shm_msg.c",
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
