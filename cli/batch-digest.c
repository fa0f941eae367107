/* batch-digest: what makes a student "unchanged" for `ipcgrade batch`. A
 * student is graded again only when the digest of the submission and of the
 * setup (spec, hidden tests, options, version) differs from the one stored
 * beside the report (OUTDIR/<id>/.hash). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "batch.h"
#include "cli-common.h"

/* Hash the spec and hidden files as bytes: any edit regrades everyone. */
int
batch_setup_digest(const struct batch *b, uint64_t *h)
{
	char *spec = resolve_assignment(b->aname);
	size_t n = 0;
	char *text = spec ? slurp(spec, &n) : NULL;
	free(spec);
	if (text == NULL)
		return -1;
	*h = fnv1a(FNV_OFFSET, text, n);
	free(text);
	if (b->hidden) {
		if ((text = slurp(b->hidden, &n)) == NULL)
			return -1;
		*h = fnv1a(*h, text, n);
		free(text);
	}
	char opts[256];
	snprintf(opts, sizeof(opts), "%s|%d|%s|%s", PACKAGE_VERSION, b->memcheck, b->mode ? b->mode : "",
		 b->time_scale ? b->time_scale : "");
	*h = fnv1a(*h, opts, strlen(opts));
	return 0;
}

/* An unreadable submission gets 0: always regraded, the child reports why. */
void
batch_student_digest(struct student *st, uint64_t setup)
{
	st->hash = setup;
	if (content_hash(st->src, &st->hash) != 0)
		st->hash = 0;
}

/* The stored form: 16 hex digits and a newline. */
static void
digest_text(const struct student *st, char *buf, size_t len)
{
	snprintf(buf, len, "%016llx\n", (unsigned long long)st->hash);
}

/* Same digest, and a report to show for it. */
bool
batch_unchanged(const struct batch *b, const struct student *st)
{
	char path[PATH_MAX], now[32];
	student_path(b, st, ".hash", path, sizeof(path));
	char *old = slurp(path, NULL);
	digest_text(st, now, sizeof(now));
	student_path(b, st, "report.json", path, sizeof(path));
	bool same = old && st->hash && strcmp(old, now) == 0 && access(path, R_OK) == 0;
	free(old);
	return same;
}

/* Written last, after the report: a crash in between only regrades. */
void
batch_digest_store(const struct batch *b, const struct student *st)
{
	char path[PATH_MAX], hash[32];
	digest_text(st, hash, sizeof(hash));
	student_path(b, st, ".hash", path, sizeof(path));
	write_text(path, hash);
}

/* Before a new grading: the old digest must not vouch for it. */
void
batch_digest_forget(const struct batch *b, const struct student *st)
{
	char path[PATH_MAX];
	student_path(b, st, ".hash", path, sizeof(path));
	unlink(path);
}
