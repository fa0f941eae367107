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

/* What a scan of the second place of the work-place kinds (tmp_dir)
 * emits: the object with its absolute name, to the real emit. */
struct tmp_emit {
	const char *dir;
	ipc_emit_fn emit;
	void *arg;
};

/* emit() of the tmp_dir scan: "x" becomes "/tmp/x". */
static int
emit_in_tmp(void *arg, const struct ipc_object *o)
{
	const struct tmp_emit *t = arg;
	struct ipc_object a = *o;
	int n = snprintf(a.name, sizeof(a.name), "%s/%s", t->dir, o->name);

	if (n < 0 || (size_t)n >= sizeof(a.name))
		return 0; /* a name too long to report is skipped, as in the work dir */
	return t->emit(t->arg, &a);
}

/* The directory and name relative to it that k's functions take for an
 * object named name: a work-place object with an absolute name under tmp_dir
 * lives there. NULL when there is no such place. */
static const char *
object_dir(const struct ipc_kind *k, const struct ipc_places *where, const char *name, const char **rel)
{
	*rel = name;
	if (k->place != IPC_PLACE_WORK || name[0] != '/')
		return ipc_kind_dir(k, where);
	size_t n = where && where->tmp_dir ? strlen(where->tmp_dir) : 0;
	if (n == 0 || strncmp(name, where->tmp_dir, n) != 0 || name[n] != '/')
		return NULL;
	*rel = name + n + 1;
	return where->tmp_dir;
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
		/* Every object left anywhere writable in the sandbox: FIFOs in /tmp too. */
		if (!err && k && k->place == IPC_PLACE_WORK && where && where->tmp_dir) {
			struct tmp_emit t = { where->tmp_dir, emit_add, out };
			err = where->tmp_flat ? ipc_fifo_scan_flat(k, where->tmp_dir, emit_in_tmp, &t)
					      : k->scan(k, where->tmp_dir, emit_in_tmp, &t);
		}
	}
	if (err) {
		ipc_snapshot_free(out);
		return err;
	}
	if (out->n > 1)
		qsort(out->objs, out->n, sizeof(*out->objs), obj_cmp);
	return 0;
}

/* A segment marked with IPC_RMID while still attached: the kernel has set its
 * key to IPC_PRIVATE, so a sample then sees key 0 and "dest". */
static bool
marked_private(const struct ipc_object *o)
{
	return o->marked_destroy && ipc_key_eq(o->key, 0);
}

/* Identity: SysV objects by (kind, id, key, cpid) because a freed id can be handed
 * out again for a different key or creator; everything else by (kind, name).
 * One object is one object across its life: the key a segment loses when it
 * is marked for removal (shmctl(IPC_RMID) before shmdt) does not make it a
 * new one; its id and creator still say which it is. */
static bool
same_object(const struct ipc_object *a, const struct ipc_object *b)
{
	const struct ipc_kind *k = ipc_kind(a->kind);

	if (a->kind != b->kind)
		return false;
	if (k && k->keyed)
		return a->id == b->id && a->cpid == b->cpid &&
		       (ipc_key_eq(a->key, b->key) || marked_private(a) || marked_private(b));
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
		struct ipc_object o = s->objs[i];
		const char *rel, *dir = k ? object_dir(k, where, s->objs[i].name, &rel) : NULL;

		if (!k)
			continue;
		memmove(o.name, rel, strlen(rel) + 1);
		if (k->remove(k, &o, dir))
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
	const char *rel, *dir = object_dir(k, where, name, &rel);
	return dir && k->exists(k, key, rel, dir);
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
