/* ipc-audit: snapshots of the IPC objects visible to the calling process.
 *
 * The kinds' own code (how to scan, remove and probe each) is in ipc-kinds.c;
 * this file keeps the snapshots: taking, comparing, describing and removing
 * them, by walking the kinds' table.
 *
 * Snapshots carry no capacity field, so the capacity is implied by n: it is 0
 * for n == 0, otherwise the smallest power of two >= max(n, SNAP_MIN_CAP).
 * Only arrays grown by ipc_snapshot_add (starting from an empty snapshot) may
 * therefore be passed to it. */
#include "ipc-audit.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>

#define SNAP_MIN_CAP 8

/* Whether n is a power of two: the points where the implied capacity is full. */
static bool
is_pow2(size_t n)
{
	return n && !(n & (n - 1));
}

/* Appends by copy; the array doubles whenever n reaches the implied capacity. */
int
ipc_snapshot_add(struct ipc_snapshot *s, const struct ipc_object *o)
{
	size_t ncap = 0;

	if (s->n == 0)
		ncap = SNAP_MIN_CAP;
	else if (s->n >= SNAP_MIN_CAP && is_pow2(s->n)) {
		if (s->n > SIZE_MAX / 2 / sizeof(*s->objs))
			return -ENOMEM;
		ncap = s->n * 2;
	}
	if (ncap) {
		struct ipc_object *p = realloc(s->objs, ncap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		s->objs = p;
	}
	s->objs[s->n++] = *o;
	return 0;
}

/* Releases the array and leaves s valid-and-empty so a double free is harmless. */
void
ipc_snapshot_free(struct ipc_snapshot *s)
{
	if (!s)
		return;
	free(s->objs);
	s->objs = NULL;
	s->n = 0;
}

/* emit() of the scanners: append to the snapshot. */
static int
emit_add(void *arg, const struct ipc_object *o)
{
	return ipc_snapshot_add(arg, o) ? -ENOMEM : 0;
}

/* Total order used for snapshots, so transcripts do not depend on readdir order. */
static int
obj_cmp(const void *a, const void *b)
{
	const struct ipc_object *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Every kind of the table, in its own place; on any failure out is left empty,
 * as the header promises. */
int
ipc_snapshot_take(struct ipc_snapshot *out, const struct ipc_places *where)
{
	int err = 0;

	out->objs = NULL;
	out->n = 0;
	for (int i = 0; i < IPCOBJ_NKINDS && !err; i++) {
		const struct ipc_kind *k = ipc_kind((enum ipcobj_kind)i);
		const char *dir = k ? ipc_kind_dir(k, where) : NULL;

		if (k && (k->keyed || dir))
			err = k->scan(k, dir, emit_add, out);
	}
	if (err) {
		ipc_snapshot_free(out);
		return err;
	}
	if (out->n > 1)
		qsort(out->objs, out->n, sizeof(*out->objs), obj_cmp);
	return 0;
}

/* Identity: SysV objects by (kind, id, key, cpid) because a freed id can be handed
 * out again for a different key or creator; everything else by (kind, name). */
static bool
same_object(const struct ipc_object *a, const struct ipc_object *b)
{
	const struct ipc_kind *k = ipc_kind(a->kind);

	if (a->kind != b->kind)
		return false;
	if (k && k->keyed)
		return a->id == b->id && ipc_key_eq(a->key, b->key) && a->cpid == b->cpid;
	return !strcmp(a->name, b->name);
}

/* Linear search: snapshots are tens of objects, never worth an index. */
const struct ipc_object *
ipc_snapshot_find(const struct ipc_snapshot *s, const struct ipc_object *o)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (same_object(&s->objs[i], o))
			return &s->objs[i];
	return NULL;
}

/* A fresh look at o: recorded if new, else what it holds now is noted, so a
 * queue removed with messages in it is known by what it held last. */
int
ipc_snapshot_note(struct ipc_snapshot *s, const struct ipc_object *o)
{
	for (size_t i = 0; i < s->n; i++)
		if (same_object(&s->objs[i], o)) {
			const struct ipc_kind *k = ipc_kind(o->kind);

			s->objs[i].last_msgs = o->nattch;
			s->objs[i].last_bytes = o->size;
			if (k && k->unreceived_hint) { /* a queue: its last sender and receiver too */
				s->objs[i].lpid = o->lpid;
				s->objs[i].rpid = o->rpid;
			}
			return 0;
		}
	return ipc_snapshot_add(s, o);
}

/* Quadratic, for the same reason as find; out owns copies, not pointers into after. */
int
ipc_snapshot_diff(const struct ipc_snapshot *before, const struct ipc_snapshot *after, struct ipc_snapshot *out)
{
	out->objs = NULL;
	out->n = 0;
	for (size_t i = 0; after && i < after->n; i++) {
		if (ipc_snapshot_find(before, &after->objs[i]))
			continue;
		if (ipc_snapshot_add(out, &after->objs[i])) {
			ipc_snapshot_free(out);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Best effort: one stubborn object must not keep the rest alive. */
int
ipc_remove_all(const struct ipc_snapshot *s, const struct ipc_places *where)
{
	int removed = 0;

	for (size_t i = 0; s && i < s->n; i++) {
		const struct ipc_kind *k = ipc_kind(s->objs[i].kind);

		if (k && k->remove(k, &s->objs[i], ipc_kind_dir(k, where)))
			removed++;
	}
	return removed;
}

/* Scans only what is needed to answer, so probing a FIFO does not walk /dev/shm. */
bool
ipc_object_exists(enum ipcobj_kind kind, long long key, const char *name, const struct ipc_places *where)
{
	const struct ipc_kind *k = ipc_kind(kind);

	if (!k)
		return false;
	if (k->keyed)
		return k->exists(k, key, name, NULL);
	if (!name || !where)
		return false;
	return k->exists(k, key, name, ipc_kind_dir(k, where));
}

/* Golden transcripts depend on these formats: change them only together with the
 * transcripts. Keys print as the 32-bit key_t, like ipcs does. Which figures a
 * kind shows, and under what label, is in its row of the table. */
void
ipc_object_describe(const struct ipc_object *o, char *buf, size_t len)
{
	const struct ipc_kind *k = ipc_kind(o->kind);
	unsigned key = (unsigned)(key_t)o->key;
	size_t n = 0;

	if (!buf || !len)
		return;
	buf[0] = '\0';
#define PUT(...) (n += (size_t)snprintf(buf + (n < len ? n : len - 1), n < len ? len - n : 1, __VA_ARGS__))
	if (k && k->keyed)
		PUT("%s key=0x%08x id=%d", k->name, key, o->id);
	else
		PUT("%s %s", k ? k->name : "unknown", o->name);
	if (k && k->size_label)
		PUT(" %s=%llu", k->size_label, o->size);
	if (k && k->count_label)
		PUT(" %s=%llu", k->count_label, o->nattch);
	if (k && k->qlimit_label && o->qlimit)
		PUT(" %s=%llu", k->qlimit_label, o->qlimit);
	if (k && k->msgsize_label && o->msgsize)
		PUT(" %s=%llu", k->msgsize_label, o->msgsize);
	PUT(" mode=%04o", o->mode);
	if (k && k->attach_label)
		PUT(" %s=%llu", k->attach_label, o->nattch);
	if (k && k->creator == IPC_CREATOR_PID)
		PUT(" cpid=%d", (int)o->cpid);
	if (o->marked_destroy)
		PUT(" dest");
#undef PUT
}
