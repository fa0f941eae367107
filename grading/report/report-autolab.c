/* report-autolab: what an Autolab autograder prints. Autolab shows the whole
 * output to the student and reads the scores from its last line only:
 * {"scores": {"test name": points, ...}, "scoreboard": [total]}. The text
 * report comes first; every line of it is the text writer's (untrusted output
 * indented), and the JSON is written last, so nothing a program prints can be
 * the line Autolab reads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-internal.h"
#include "text.h"

/* A key that is valid UTF-8 and unique: a second test of the same name gets
 * " (2)", so no score is silently dropped. */
static int
put_score(json_t *scores, const char *name, double points)
{
	char *u = text_utf8(name ? name : "", name ? strlen(name) : 0);
	if (u == NULL)
		return -1;
	char *key = strdup(u);
	for (int k = 2; key && json_object_get(scores, key); k++) {
		free(key);
		if (asprintf(&key, "%s (%d)", u, k) < 0)
			key = NULL;
	}
	free(u);
	int rc = key ? json_object_set_new(scores, key, json_real(isfinite(points) ? points : 0)) : -1;
	free(key);
	return rc;
}

/* Hidden tests are one score, "hidden tests", as the text report above shows
 * them: the instructor's Autolab problem of that name receives their total. */
int
report_autolab(FILE *f, const struct grade_report *r, const struct report_opts *o)
{
	(void)o; /* the student reads it: never colour, never the hidden tests */
	struct report_opts plain = { .color = false, .show_hidden = false };
	if (report_text(f, r, &plain) != 0)
		return -1;
	json_t *root = json_object(), *scores = json_object(), *board = json_array();
	int rc = root && scores && board ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < r->ntests; i++)
		if (!report_test_hidden(&r->tests[i]))
			rc = put_score(scores, r->tests[i].name, r->tests[i].score);
	size_t nh;
	double hs, hm;
	report_hidden_totals(r, &nh, &hs, &hm);
	if (rc == 0 && nh > 0)
		rc = put_score(scores, "hidden tests", hs);
	if (rc == 0 && json_array_append_new(board, json_real(isfinite(r->score) ? r->score : 0)) != 0)
		rc = -1;
	if (rc == 0 &&
	    (json_object_set(root, "scores", scores) != 0 || json_object_set(root, "scoreboard", board) != 0))
		rc = -1;
	char *line = rc == 0 ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
	if (line == NULL || fprintf(f, "%s\n", line) < 0)
		rc = -1;
	free(line);
	json_decref(scores);
	json_decref(board);
	json_decref(root);
	if (report_finish(f) != 0)
		rc = -1;
	return rc;
}
