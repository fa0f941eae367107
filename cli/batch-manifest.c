/* batch-manifest: OUTDIR/.batch.json, what a finished `ipcgrade batch` was:
 * the assignment and digests of its spec and hidden tests, the options that
 * change scores, the whole class (its size and a digest of its sorted ids),
 * which shard K/N it graded and the ids of that shard. `merge` reads it to
 * refuse a missing shard, a shard given twice and shards graded differently.
 * It is written last and removed first, so an interrupted batch has none. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "batch.h"
#include "cli-common.h"
#include "config.h"

#define MANIFEST ".batch.json"

/* The digest of a file's bytes; 0 when there is no file (no hidden tests). */
static uint64_t
file_digest(const char *path)
{
	size_t n = 0;
	char *text = path ? slurp(path, &n) : NULL;
	if (text == NULL)
		return 0;
	uint64_t h = fnv1a(FNV_OFFSET, text, n);
	free(text);
	return h;
}

/* Sorted ids (the batch sorts them): the same class gives the same digest on every machine. */
uint64_t
batch_class_digest(const struct student *s, size_t n)
{
	uint64_t h = FNV_OFFSET;
	for (size_t i = 0; i < n; i++)
		h = fnv1a(h, s[i].id, strlen(s[i].id) + 1);
	return h;
}

/* Before grading: an old manifest must not vouch for an unfinished run. */
void
batch_manifest_forget(const char *outdir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/" MANIFEST, outdir);
	unlink(path);
}

/* The options in words, so merge can say what differs. */
static void
options_text(const struct batch *b, char *buf, size_t len)
{
	snprintf(buf, len, "memcheck %s, mode %s, time scale %s, ipcgrade %s", b->memcheck ? "on" : "off",
		 b->mode ? b->mode : "auto", b->time_scale ? b->time_scale : "from the spec", PACKAGE_VERSION);
}

/* The manifest of batch b; m->ids points into b->s (free only the array). */
int
batch_manifest_of(const struct batch *b, uint64_t class_digest, size_t class_size, int shard_k, int shard_n,
		  struct batch_manifest *m)
{
	memset(m, 0, sizeof(*m));
	char *spec = resolve_assignment(b->aname);
	snprintf(m->assignment, sizeof(m->assignment), "%s", b->spec_name);
	snprintf(m->spec, sizeof(m->spec), "%016" PRIx64, file_digest(spec));
	snprintf(m->hidden, sizeof(m->hidden), "%016" PRIx64, file_digest(b->hidden));
	snprintf(m->class_digest, sizeof(m->class_digest), "%016" PRIx64, class_digest);
	free(spec);
	options_text(b, m->options, sizeof(m->options));
	m->class_size = class_size;
	m->shard = shard_n ? shard_k : 1;
	m->shards = shard_n ? shard_n : 1;
	m->ids = calloc(b->n + 1, sizeof(*m->ids));
	if (m->ids == NULL)
		return -1;
	for (size_t i = 0; i < b->n; i++)
		m->ids[i] = (char *)b->s[i].id;
	m->nids = b->n;
	return 0;
}

/* Written after the roll-up (batch) or the merge: the folder is complete. */
int
batch_manifest_write(const char *outdir, const struct batch_manifest *m)
{
	json_t *ids = json_array();
	for (size_t i = 0; ids && i < m->nids; i++)
		if (json_array_append_new(ids, json_string(m->ids[i])) != 0) {
			json_decref(ids);
			ids = NULL;
		}
	json_t *root = ids ? json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:o}", "assignment", m->assignment,
				       "spec", m->spec, "hidden", m->hidden, "options", m->options, "class",
				       m->class_digest, "class_size", (json_int_t)m->class_size, "shard", m->shard,
				       "shards", m->shards, "ids", ids)
			   : NULL;
	char *text = root ? json_dumps(root, JSON_INDENT(2)) : NULL;
	json_decref(root);
	if (text == NULL)
		return -1;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/" MANIFEST, outdir);
	int rc = write_text(path, text);
	free(text);
	return rc;
}

/* A string member copied into buf; false when absent. */
static bool
get_str(json_t *root, const char *key, char *buf, size_t len)
{
	const char *v = json_string_value(json_object_get(root, key));
	if (v == NULL)
		return false;
	snprintf(buf, len, "%s", v);
	return true;
}

/* 0, or -1 with what is wrong in err (the caller names the folder). */
int
batch_manifest_read(const char *dir, struct batch_manifest *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/" MANIFEST, dir);
	json_error_t e;
	json_t *root = json_load_file(path, 0, &e);
	if (root == NULL) {
		if (access(path, F_OK) != 0)
			snprintf(err, errlen,
				 "not the output of a finished 'ipcgrade batch' (no " MANIFEST
				 "): run the batch (again) to finish it");
		else
			snprintf(err, errlen, MANIFEST " is not valid JSON (%s, line %d)", e.text, e.line);
		return -1;
	}
	json_t *ids = json_object_get(root, "ids");
	bool ok = get_str(root, "assignment", m->assignment, sizeof(m->assignment)) &&
		  get_str(root, "spec", m->spec, sizeof(m->spec)) &&
		  get_str(root, "hidden", m->hidden, sizeof(m->hidden)) &&
		  get_str(root, "options", m->options, sizeof(m->options)) &&
		  get_str(root, "class", m->class_digest, sizeof(m->class_digest)) && json_is_array(ids) &&
		  json_is_integer(json_object_get(root, "shard")) && json_is_integer(json_object_get(root, "shards")) &&
		  json_is_integer(json_object_get(root, "class_size"));
	if (ok) {
		m->shard = (int)json_integer_value(json_object_get(root, "shard"));
		m->shards = (int)json_integer_value(json_object_get(root, "shards"));
		m->class_size = (size_t)json_integer_value(json_object_get(root, "class_size"));
		ok = m->shards >= 1 && m->shard >= 1 && m->shard <= m->shards;
	}
	if (ok) {
		m->nids = json_array_size(ids);
		m->ids = calloc(m->nids + 1, sizeof(*m->ids));
		for (size_t i = 0; m->ids && i < m->nids; i++) {
			const char *id = json_string_value(json_array_get(ids, i));
			ok &= id && *id && id[0] != '.' && !strchr(id, '/');
			m->ids[i] = strdup(id && ok ? id : "");
			ok &= m->ids[i] != NULL;
		}
		ok &= m->ids != NULL;
	}
	json_decref(root);
	if (!ok) {
		batch_manifest_free(m);
		snprintf(err, errlen, MANIFEST " lacks a field or has a wrong one");
		return -1;
	}
	return 0;
}

void
batch_manifest_free(struct batch_manifest *m)
{
	for (size_t i = 0; m->ids && i < m->nids; i++)
		free(m->ids[i]);
	free(m->ids);
	m->ids = NULL;
	m->nids = 0;
}
