/* ipc-audit: what IPC objects exist right now, and removing them.
 *
 * Everything here looks at the IPC namespace and mount namespace of the
 * calling process; inside a sandbox that is the test's private world. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum ipcobj_kind {
	IPCOBJ_SYSV_SHM,
	IPCOBJ_SYSV_SEM,
	IPCOBJ_SYSV_MSG,
	IPCOBJ_POSIX_SHM,	/* a file in the shm dir (/dev/shm) */
	IPCOBJ_POSIX_SEM,	/* sem.NAME in the shm dir */
	IPCOBJ_POSIX_MQ,	/* a file in the mqueue dir (/dev/mqueue) */
	IPCOBJ_FIFO,		/* a FIFO under the work directory */
};

struct ipc_object {
	enum ipcobj_kind kind;
	int id;			/* SysV identifier; -1 for the others */
	long long key;		/* SysV key (0 = IPC_PRIVATE); 0 for the others */
	char name[256];		/* "/my_shm" for POSIX objects, path relative to the work dir for FIFOs */
	unsigned long long size;	/* shm: bytes; sem: nsems; msg: bytes queued; POSIX: file size */
	unsigned mode;		/* permission bits (07777) */
	uid_t uid, cuid;
	gid_t gid;
	pid_t cpid, lpid;	/* SysV creator / last operator pid; 0 if unknown */
	unsigned long long nattch;	/* shm: attaches; msg: messages queued; 0 otherwise */
	bool marked_destroy;	/* SysV shm marked with IPC_RMID but still attached */
	char removed_by[64];	/* the process that removed it, when the sandbox saw the call */
};

struct ipc_snapshot {
	struct ipc_object *objs;
	size_t n;
};

/* Where to look. NULL fields are skipped. */
struct ipc_places {
	const char *shm_dir;	/* usually "/dev/shm" */
	const char *mq_dir;	/* usually "/dev/mqueue" */
	const char *fifo_dir;	/* work directory scanned (recursively) for FIFOs */
};

/* Fill *out with every object that exists now. 0 on success, -errno on failure
 * (out is then empty). Missing directories are not an error. */
int ipc_snapshot_take(struct ipc_snapshot *out, const struct ipc_places *where);
void ipc_snapshot_free(struct ipc_snapshot *s);
/* Objects of after that are not in before (same kind and id, or same kind and name). */
int ipc_snapshot_diff(const struct ipc_snapshot *before, const struct ipc_snapshot *after,
		      struct ipc_snapshot *out);
/* Append o to s (copy). 0 or -ENOMEM. */
int ipc_snapshot_add(struct ipc_snapshot *s, const struct ipc_object *o);
/* The entry of s with the same identity as o, or NULL. */
const struct ipc_object *ipc_snapshot_find(const struct ipc_snapshot *s, const struct ipc_object *o);
/* Remove every object of s (IPC_RMID, shm_unlink/unlink, mq_unlink, unlink of FIFOs).
 * Returns how many were removed; errors on single objects are skipped. */
int ipc_remove_all(const struct ipc_snapshot *s, const struct ipc_places *where);
/* Does an object of this kind exist with this key (SysV) or name (POSIX, "/x")? */
bool ipc_object_exists(enum ipcobj_kind kind, long long key, const char *name,
		       const struct ipc_places *where);
/* "shm", "sem", "msg", "posix-shm", "posix-sem", "mqueue", "fifo" */
const char *ipcobj_kind_name(enum ipcobj_kind kind);
/* The call that should have removed an object of this kind, for hints:
 * "shmctl(IPC_RMID)", "shm_unlink", "mq_unlink", "unlink", ... */
const char *ipcobj_remover(enum ipcobj_kind kind);
/* One line describing o, e.g. "shm key=0x000004d2 id=0 size=1 mode=0666 nattch=0 cpid=3" */
void ipc_object_describe(const struct ipc_object *o, char *buf, size_t len);
