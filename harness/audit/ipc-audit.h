/* ipc-audit: what IPC objects exist right now, and removing them.
 *
 * Everything here looks at the IPC namespace and mount namespace of the
 * calling process; inside a sandbox that is the test's private world. What
 * differs per kind of object is in the table of ipc-kinds.h. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ipc-kinds.h"

struct ipc_snapshot {
	struct ipc_object *objs;
	size_t n;
};

/* Fill *out with every object that exists now. 0 on success, -errno on failure
 * (out is then empty). Missing directories are not an error. */
int ipc_snapshot_take(struct ipc_snapshot *out, const struct ipc_places *where);
void ipc_snapshot_free(struct ipc_snapshot *s);
/* Objects of after that are not in before (same kind and id, or same kind and name). */
int ipc_snapshot_diff(const struct ipc_snapshot *before, const struct ipc_snapshot *after, struct ipc_snapshot *out);
/* Append o to s (copy). 0 or -ENOMEM. */
int ipc_snapshot_add(struct ipc_snapshot *s, const struct ipc_object *o);
/* Add o to s, or, when s has it, note what it holds now (last_msgs, last_bytes). 0 or -ENOMEM. */
int ipc_snapshot_note(struct ipc_snapshot *s, const struct ipc_object *o);
/* The entry of s with the same identity as o, or NULL. */
const struct ipc_object *ipc_snapshot_find(const struct ipc_snapshot *s, const struct ipc_object *o);
/* Remove every object of s (IPC_RMID, shm_unlink/unlink, mq_unlink, unlink of FIFOs).
 * Returns how many were removed; errors on single objects are skipped. */
int ipc_remove_all(const struct ipc_snapshot *s, const struct ipc_places *where);
/* Does an object of this kind exist with this key (SysV) or name (POSIX, "/x")? */
bool ipc_object_exists(enum ipcobj_kind kind, long long key, const char *name, const struct ipc_places *where);
/* One line describing o, e.g. "shm key=0x000004d2 id=0 size=1 mode=0666 nattch=0 cpid=3" */
void ipc_object_describe(const struct ipc_object *o, char *buf, size_t len);
