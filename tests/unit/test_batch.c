/* Tests of the class-scale commands through the CLI: `ipcgrade batch`
 * (archives, hostile submissions, resume, --rerun-failed), shards with GNU
 * parallel merged == unsharded, the roll-up's defences against hostile
 * names, the Gradescope autograder in a fake /autograder root, the GitHub
 * Classroom workflow (YAML checked with libyaml) and `check --format github`. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test-helpers.h"
#include <yaml.h>

TestSuite(batch, .timeout = 300);

/* Run a shell command line, collecting the start of both streams. o starts
 * zeroed; each run releases the last one's buffers, outcome_free the final one. */
static void
sh(const char *cmd, struct outcome *o)
{
	outcome_free(o);
	run_sh(cmd, 65536, 240, o);
}

/* A fresh temporary folder; its path in buf. */
static void
tmpdir(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/ipcgrade-test-batch.XXXXXX");
	cr_assert_not_null(mkdtemp(buf));
}

/* A file's contents (small files), or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	static char buf[1 << 17];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strdup(buf);
}

/* The class: alice (folder, reference), bob (.zip of a wrapping folder),
 * dave (.tar.gz), carol (compile error), mallory (.tar.gz with a ../ entry). */
static void
make_class(const char *t)
{
	char cmd[8192];
	snprintf(cmd, sizeof(cmd),
		 "set -e; ref='%s/reference/shm-posix/shm_msg.c'; cd '%s'; mkdir -p subs/alice subs/carol w/bob w/dave "
		 "w/evil;"
		 "cp \"$ref\" subs/alice/; cp \"$ref\" w/bob/; cp \"$ref\" w/dave/;"
		 "{ cat \"$ref\"; echo 'this is not C'; } > subs/carol/shm_msg.c;"
		 "(cd w && zip -qr ../subs/bob.zip bob); tar -czf subs/dave.tar.gz -C w/dave shm_msg.c;"
		 "echo 'int main(void){return 0;}' > w/evil/shm_msg.c;"
		 "(cd w/evil && tar -czPf ../../subs/mallory.tar.gz shm_msg.c ../evil/shm_msg.c)",
		 top("IPCGRADE_TOP_SRCDIR"), t);
	struct outcome o = { 0 };
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "fixture: %s", o.err);
	outcome_free(&o);
}

/* The CSV row of student id (without the newline), or "" */
static void
csv_row(const char *csv, const char *id, char *row, size_t len)
{
	char key[128];
	snprintf(key, sizeof(key), "\n%s,", id);
	const char *p = strstr(csv, key);
	row[0] = '\0';
	if (p)
		snprintf(row, len, "%.*s", (int)strcspn(p + 1, "\n"), p + 1);
}

Test(batch, class_resume_rerun_shards)
{
	char t[256], cmd[4096], path[512], row[1024];
	struct outcome o = { 0 };
	const char *ipcg = top("IPCGRADE_TOP_BUILDDIR");
	tmpdir(t, sizeof(t));
	make_class(t);

	snprintf(cmd, sizeof(cmd),
		 "'%s/ipcgrade' batch shm-posix '%s/subs' -j2 -o '%s/out' --no-memcheck "
		 "--format text,markdown,junit",
		 ipcg, t, t);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "batch: %s", o.err);
	snprintf(path, sizeof(path), "%s/out/grades.csv", t);
	char *csv = slurp(path);
	cr_assert_not_null(csv);
	cr_assert(strncmp(csv, "student,total,max,create then remove,", 37) == 0, "%s", csv);
	/* Totals from the spec (hidden tests included), not hard-coded. */
	static const char *const full[] = { "alice", "bob", "dave" };
	for (size_t i = 0; i < 3; i++) {
		double tot = -1, max = -2;
		csv_row(csv, full[i], row, sizeof(row));
		cr_assert(sscanf(row, "%*[^,],%lf,%lf,", &tot, &max) == 2 && tot == max && max > 14,
			  "%s: full marks expected (zip wraps a folder for bob): %s", full[i], csv);
	}
	csv_row(csv, "carol", row, sizeof(row));
	cr_assert(strncmp(row, "carol,0,", 8) == 0 && strstr(row, ",0,"), "compile error: %s", csv);
	csv_row(csv, "mallory", row, sizeof(row));
	cr_assert(strncmp(row, "mallory,0,", 10) == 0 && strstr(row, "refused"), "../ entry: %s", csv);
	free(csv);
	snprintf(path, sizeof(path), "%s/w/evil/shm_msg.c", t);
	cr_assert_eq(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/out/mallory/evil", t);
	cr_assert_neq(access(path, F_OK), 0, "nothing of the refused archive is graded");
	static const char *const files[] = { "alice/report.json", "alice/report.txt", "alice/report.md",
					     "bob/report.xml",    "summary.md",       "summary.html" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/out/%s", t, files[i]);
		cr_assert_eq(access(path, R_OK), 0, "%s missing", files[i]);
	}
	snprintf(path, sizeof(path), "%s/out/summary.md", t);
	char *md = slurp(path);
	cr_assert(strstr(md, "## Most common failures") && strstr(md, "did not compile"), "%s", md);
	free(md);
	snprintf(path, sizeof(path), "%s/out/summary.html", t);
	char *html = slurp(path);
	cr_assert(strstr(html, "<svg") && !strstr(html, "<script") && !strstr(html, "http-equiv"), "%s", html);
	free(html);

	/* Nothing changed: nothing graded again. */
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "%s", o.err);
	cr_assert(strstr(o.err, "0 graded, 5 unchanged"), "%s", o.err);
	/* --rerun-failed: carol and mallory only. */
	snprintf(cmd, sizeof(cmd),
		 "'%s/ipcgrade' batch shm-posix '%s/subs' -j2 -o '%s/out' --no-memcheck --rerun-failed", ipcg, t, t);
	sh(cmd, &o);
	cr_assert(strstr(o.err, "2 graded, 3 unchanged"), "%s", o.err);

	/* Shards on GNU parallel, merged: the same grades.csv, byte for byte. */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && parallel --halt now,fail=1 \"'%s/ipcgrade' batch shm-posix subs -o shard{} --shard {}/2 "
		 "--no-memcheck -j1\" ::: 1 2 && '%s/ipcgrade' merge shard1 shard2 -o merged && cmp merged/grades.csv "
		 "out/grades.csv && cmp merged/summary.md out/summary.md",
		 t, ipcg, ipcg);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "shards: %s %s", o.out, o.err);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}

/* merge refuses what would give a wrong roll-up, each with exit 2 and a
 * message naming the fault: a missing shard, the same shard twice (or the
 * same folder), shards graded with a different spec or other options, an
 * unfinished batch; the good merge equals the unsharded batch. */
Test(batch, merge_refuses_wrong_shards)
{
	char t[256], cmd[8192], path[512];
	struct outcome o = { 0 };
	const char *ipcg = top("IPCGRADE_TOP_BUILDDIR");
	tmpdir(t, sizeof(t));
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd '%s'; for s in ann ben cid; do mkdir -p subs/$s; cp '%s/reference/shm-posix/shm_msg.c' "
		 "subs/$s/; done; cp -R '%s/assignments/shm-posix' edited; echo '# edited' >> edited/assignment.yaml; "
		 "B='%s/ipcgrade batch'; $B shm-posix subs -o all --no-memcheck -j2; "
		 "for k in 1 2; do $B shm-posix subs -o s$k --shard $k/2 --no-memcheck -j2; done; "
		 "$B edited subs -o spec2 --shard 2/2 --no-memcheck -j2; "
		 "$B shm-posix subs -o time2 --shard 2/2 --no-memcheck --time-scale 3 -j2; cp -R s1 copy1",
		 t, top("IPCGRADE_TOP_SRCDIR"), top("IPCGRADE_TOP_SRCDIR"), ipcg);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "fixture: %s", o.err);
	static const struct {
		const char *ins, *why;
	} bad[] = {
		{ "s1", "shard 2/2 is missing" },
		{ "s1 s1", "s1 and s1 are the same folder" },
		{ "s1 copy1 s2", "shard 1/2 given twice: s1 and copy1" },
		{ "s1 spec2", "s1 and spec2 were graded with different specs" },
		{ "s1 time2", "s1 and time2 were graded with different options" },
		{ "s1 subs", "subs: not the output of a finished 'ipcgrade batch'" },
		{ "s1 all", "s1 is shard 1/2 but all is shard 1/1" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/ipcgrade' merge %s -o m%zu", t, ipcg, bad[i].ins, i);
		sh(cmd, &o);
		cr_assert_eq(o.status, 2, "merge %s: exit %d: %s", bad[i].ins, o.status, o.err);
		cr_assert(strstr(o.err, bad[i].why), "merge %s: wanted \"%s\" in: %s", bad[i].ins, bad[i].why, o.err);
		snprintf(path, sizeof(path), "%s/m%zu/grades.csv", t, i);
		cr_assert_neq(access(path, F_OK), 0, "merge %s wrote a roll-up", bad[i].ins);
	}
	/* the options are named, so the instructor sees which */
	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/ipcgrade' merge s1 time2 -o m", t, ipcg);
	sh(cmd, &o);
	cr_assert(strstr(o.err, "time scale from the spec") && strstr(o.err, "time scale 3"), "%s", o.err);
	/* An interrupted batch leaves no manifest: a stale one must not vouch for it. */
	snprintf(cmd, sizeof(cmd), "cd '%s' && rm s2/ben/report.json && '%s/ipcgrade' merge s1 s2 -o m", t, ipcg);
	sh(cmd, &o);
	cr_assert(o.status == 2 && strstr(o.err, "s2: student ben has no report.json"), "%d %s", o.status, o.err);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && '%s/ipcgrade' batch shm-posix subs -o s2 --shard 2/2 --no-memcheck && '%s/ipcgrade' merge "
		 "s2 s1 -o merged && cmp merged/grades.csv all/grades.csv && '%s/ipcgrade' merge merged -o again",
		 t, ipcg, ipcg, ipcg);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "good merge: %s", o.err);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}

Test(batch, rollup_defuses_hostile_names)
{
	char t[256], cmd[4096], path[512];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	/* Reports written by hand: the roll-up must escape what students control. */
	snprintf(
		cmd, sizeof(cmd),
		"set -e; cd '%s'; mkdir -p in/=HYPERLINK in/'<b>x'; "
		"printf '%%s' '{\"score\":1.5,\"max_score\":2.0,\"assignment\":\"a\",\"title\":\"<script>t</script>\","
		"\"error\":\"<img src=x onerror=alert(1)>\",\"builds\":[],\"tests\":[{\"name\":\"t|<i>\",\"score\":1.5,"
		"\"max_score\":2.0,\"status\":\"failed\",\"output\":\"x\",\"checks\":[{\"name\":\"<script>c\","
		"\"passed\":false}]}]}' > in/=HYPERLINK/report.json; cp in/=HYPERLINK/report.json "
		"'in/<b>x/report.json'; "
		"printf '%%s' '{\"assignment\":\"a\",\"spec\":\"0\",\"hidden\":\"0\",\"options\":\"o\",\"class\":\"0\","
		"\"class_size\":2,\"shard\":1,\"shards\":1,\"ids\":[\"<b>x\",\"=HYPERLINK\"]}' > in/.batch.json",
		t);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "%s", o.err);
	snprintf(cmd, sizeof(cmd), "'%s/ipcgrade' merge '%s/in' -o '%s/out'", top("IPCGRADE_TOP_BUILDDIR"), t, t);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "%s", o.err);
	snprintf(path, sizeof(path), "%s/out/summary.html", t);
	char *html = slurp(path);
	cr_assert_not_null(html);
	cr_assert(!strstr(html, "<script") && !strstr(html, "<img") && !strstr(html, "<b>x") && !strstr(html, "<i>"),
		  "%s", html);
	cr_assert(strstr(html, "&lt;script&gt;"), "%s", html);
	free(html);
	snprintf(path, sizeof(path), "%s/out/grades.csv", t);
	char *csv = slurp(path);
	cr_assert(strstr(csv, "\n\"'=HYPERLINK\",1.5,2,1.5,") != NULL, "formula defused: %s", csv);
	free(csv);
	snprintf(path, sizeof(path), "%s/out/summary.md", t);
	char *md = slurp(path);
	cr_assert(!strstr(md, "<script") && !strstr(md, "<img") && strstr(md, "t\\|&lt;i&gt;"), "%s", md);
	free(md);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}

Test(batch, gradescope_autograder_in_fake_root)
{
	char t[256], cmd[8192], path[512];
	struct outcome o = { 0 };
	const char *ipcg = top("IPCGRADE_TOP_BUILDDIR");
	tmpdir(t, sizeof(t));
	/* A stand-in source tarball: setup.sh (apt, build) is not run here. */
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd '%s'; tar -czf src.tar.gz -C '%s' README.md;"
		 "'%s/ipcgrade' gradescope shm-posix -o ag.zip --source src.tar.gz --no-memcheck;"
		 "mkdir -p root/autograder/source root/autograder/submission/mywork;"
		 "unzip -q ag.zip -d root/autograder/source; cp root/autograder/source/run_autograder root/autograder/;"
		 "test -x root/autograder/source/setup.sh; test -s root/autograder/source/ipcgrade-src.tar.gz;"
		 "test -s root/autograder/source/assignment/hidden.yaml;"
		 "cp '%s/reference/shm-posix/shm_msg.c' root/autograder/submission/mywork/;"
		 "AUTOGRADER_ROOT=\"$PWD/root\" IPCGRADE='%s/ipcgrade' root/autograder/run_autograder",
		 t, top("IPCGRADE_TOP_SRCDIR"), ipcg, top("IPCGRADE_TOP_SRCDIR"), ipcg);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "%s\n%s", o.out, o.err);
	snprintf(path, sizeof(path), "%s/root/autograder/results/results.json", t);
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	cr_assert_not_null(j, "%s", je.text);
	double score = json_number_value(json_object_get(j, "score"));
	double max = 0;
	size_t i, hidden = 0;
	json_t *tt;
	json_array_foreach(json_object_get(j, "tests"), i, tt)
	{
		max += json_number_value(json_object_get(tt, "max_score"));
		const char *v = json_string_value(json_object_get(tt, "visibility"));
		hidden += v && strcmp(v, "hidden") == 0;
	}
	cr_assert(max > 14 && score == max, "full marks with the hidden tests: %g/%g", score, max);
	cr_assert_gt(hidden, 0, "hidden tests keep their visibility");
	json_decref(j);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}

/* The value of key in a YAML mapping node, or NULL. */
static yaml_node_t *
map_get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

Test(batch, classroom_workflow_is_valid_yaml)
{
	char cmd[1024];
	struct outcome o = { 0 };
	snprintf(cmd, sizeof(cmd), "'%s/ipcgrade' ci-template", top("IPCGRADE_TOP_BUILDDIR"));
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "%s", o.err);
	yaml_parser_t p;
	yaml_document_t d;
	cr_assert(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)o.out, strlen(o.out));
	cr_assert(yaml_parser_load(&p, &d), "YAML error: %s at line %zu", p.problem, p.problem_mark.line + 1);
	yaml_node_t *root = yaml_document_get_root_node(&d);
	cr_assert_not_null(map_get(&d, root, "on"), "no 'on'");
	yaml_node_t *jobs = map_get(&d, root, "jobs");
	cr_assert(jobs && jobs->type == YAML_MAPPING_NODE &&
		  jobs->data.mapping.pairs.top > jobs->data.mapping.pairs.start);
	yaml_node_t *job = yaml_document_get_node(&d, jobs->data.mapping.pairs.start->value);
	yaml_node_t *runs_on = map_get(&d, job, "runs-on");
	cr_assert(runs_on && strcmp((char *)runs_on->data.scalar.value, "ubuntu-24.04") == 0);
	yaml_node_t *steps = map_get(&d, job, "steps");
	cr_assert(steps && steps->type == YAML_SEQUENCE_NODE);
	bool sysctl = false, check = false;
	for (yaml_node_item_t *it = steps->data.sequence.items.start; it < steps->data.sequence.items.top; it++) {
		yaml_node_t *run = map_get(&d, yaml_document_get_node(&d, *it), "run");
		if (run == NULL || run->type != YAML_SCALAR_NODE)
			continue;
		const char *s = (const char *)run->data.scalar.value;
		sysctl |= strstr(s, "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0") != NULL;
		check |= strstr(s, "ipcgrade check --format github") != NULL;
	}
	cr_assert(sysctl && check, "steps: sysctl %d, check %d", sysctl, check);
	yaml_document_delete(&d);
	yaml_parser_delete(&p);
	outcome_free(&o);
}

Test(batch, check_format_github)
{
	char t[256], cmd[4096], path[512];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && cp '%s/reference/shm-posix/shm_msg.c' . && GITHUB_STEP_SUMMARY='%s/summary.md' "
		 "'%s/ipcgrade' check shm-posix --format github --no-memcheck",
		 t, top("IPCGRADE_TOP_SRCDIR"), t, top("IPCGRADE_TOP_BUILDDIR"));
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "%s", o.err);
	const char *pts = strstr(o.out, "::notice title=Autograding complete::Points ");
	double got = -1, max = -2;
	cr_assert(pts && sscanf(pts, "::notice title=Autograding complete::Points %lf/%lf", &got, &max) == 2 &&
			  got == max && max > 0,
		  "%s", o.out);
	snprintf(path, sizeof(path), "%s/summary.md", t);
	char *md = slurp(path);
	cr_assert(md && strstr(md, "shm-posix"), "step summary: %s", md ? md : "(none)");
	free(md);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}

/* A zip bomb: three files of 40 MiB of zeros (each under the per-file limit,
 * 120 MiB in all) in a zip of a few hundred KB. Refused before anything is
 * written: nothing of it is left under OUTDIR/<id>/submission. */
Test(batch, zip_bomb_refused_before_extraction)
{
	char t[256], cmd[4096], path[512], row[1024];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd '%s'; mkdir -p w subs; cp '%s/reference/shm-posix/shm_msg.c' w/; "
		 "for i in 1 2 3; do truncate -s 40M w/zeros$i; done; (cd w && zip -q ../subs/bomb.zip *); "
		 "rm -rf w; test $(stat -c %%s subs/bomb.zip) -lt 2000000",
		 t, top("IPCGRADE_TOP_SRCDIR"));
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "fixture: %s", o.err);
	snprintf(cmd, sizeof(cmd), "'%s/ipcgrade' batch shm-posix '%s/subs' -j1 -o '%s/out' --no-memcheck",
		 top("IPCGRADE_TOP_BUILDDIR"), t, t);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "batch: %s", o.err);
	snprintf(path, sizeof(path), "%s/out/grades.csv", t);
	char *csv = slurp(path);
	cr_assert_not_null(csv);
	csv_row(csv, "bomb", row, sizeof(row));
	cr_expect(strncmp(row, "bomb,0,", 7) == 0 && strstr(row, "refused") && strstr(row, "MiB"), "%s", csv);
	free(csv);
	snprintf(cmd, sizeof(cmd), "du -sk '%s/out/bomb/submission' | cut -f1", t);
	sh(cmd, &o);
	long kb = -1;
	cr_expect(sscanf(o.out, "%ld", &kb) == 1 && kb < 1024, "%ld KiB left under out/bomb/submission", kb);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}

/* A student folder named with escape sequences and a bidi override: the
 * progress lines, grades.csv, summary.md and summary.html show the name
 * escaped, never raw (test-helpers.h: raw_trick). */
Test(batch, escapes_in_student_names_are_defused)
{
	char t[256], cmd[4096], path[512];
	struct outcome o = { 0 };
	tmpdir(t, sizeof(t));
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd '%s'; d=\"subs/$(printf 'ev\\033]0;pwned\\007il\\033[2J\\342\\200\\256x')\"; mkdir -p "
		 "\"$d\"; "
		 "cp '%s/reference/shm-posix/shm_msg.c' \"$d/\"",
		 t, top("IPCGRADE_TOP_SRCDIR"));
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "fixture: %s", o.err);
	snprintf(cmd, sizeof(cmd), "'%s/ipcgrade' batch shm-posix '%s/subs' -j1 -o '%s/out' --no-memcheck",
		 top("IPCGRADE_TOP_BUILDDIR"), t, t);
	sh(cmd, &o);
	cr_assert_eq(o.status, 0, "batch: %s", o.err);
	const char *why = raw_trick(o.err, o.nerr);
	cr_expect_null(why, "the progress lines hold a raw %s: %s", why, o.err);
	static const char *const files[] = { "grades.csv", "summary.md", "summary.html" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/out/%s", t, files[i]);
		char *text = slurp(path);
		cr_assert_not_null(text, "%s missing", files[i]);
		why = raw_trick(text, strlen(text));
		cr_expect_null(why, "%s holds a raw %s", files[i], why);
		/* summary.md names students only beside notes; this one has none */
		cr_expect(i == 1 || strstr(text, "x1b]0;pwned") != NULL, "%s does not show the name escaped: %s",
			  files[i], text);
		free(text);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
	sh(cmd, &o);
	outcome_free(&o);
}
