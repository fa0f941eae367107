/* ipc-kinds: the one table of IPC object kinds.
 *
 * Everything that differs between shared memory segments, semaphore sets,
 * message queues, POSIX objects and FIFOs is a row of this table: names, how
 * an object is found, removed, named in hints and described. The rest of the
 * harness (the audit, the spec, the engine, the seccomp filter, the checks)
 * asks the table and never switches over the kind. Adding a kind: a value in
 * enum ipcobj_kind and a row in ipc-kinds.c (plus, for a SysV-like kind, its
 * *_STAT adaptor there). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum ipcobj_kind {
	IPCOBJ_SYSV_SHM,
	IPCOBJ_SYSV_SEM,
	IPCOBJ_SYSV_MSG,
	IPCOBJ_POSIX_SHM, /* a file in the shm dir (/dev/shm) */
	IPCOBJ_POSIX_SEM, /* sem.NAME in the shm dir */
	IPCOBJ_POSIX_MQ,  /* a file in the mqueue dir (/dev/mqueue) */
	IPCOBJ_FIFO,      /* a FIFO under the work directory or the sandbox's /tmp */
	IPCOBJ_NKINDS     /* not a kind: the size of the table */
};

struct ipc_object {
	enum ipcobj_kind kind;
	int id;                  /* SysV identifier; -1 for the others */
	long long key;           /* SysV key (0 = IPC_PRIVATE); 0 for the others */
	char name[256];          /* "/my_shm" for POSIX objects; for FIFOs the path relative to the work
				  * dir, or the absolute path of one in tmp_dir ("/tmp/myfifo") */
	unsigned long long size; /* shm: bytes; sem: nsems; msg: bytes queued; POSIX: file size */
	unsigned mode;           /* permission bits (07777) */
	uid_t uid, cuid;
	gid_t gid;
	pid_t cpid, lpid;          /* SysV creator / last operator pid; 0 if unknown */
	unsigned long long nattch; /* shm: attaches; msg, mqueue: messages queued; 0 otherwise */
	bool marked_destroy;       /* SysV shm marked with IPC_RMID but still attached */
	char removed_by[64];       /* the process that removed it, when the sandbox saw the call */

	/* Queues: what they were created with, and what they held at the last look
	 * (a sample, or the removal held until we looked): messages never received. */
	unsigned long long qlimit;     /* msg: msg_qbytes; mqueue: mq_maxmsg; 0 otherwise */
	unsigned long long msgsize;    /* mqueue: mq_msgsize; 0 otherwise */
	pid_t rpid;                    /* msg: last msgrcv pid; 0 if unknown */
	unsigned long long last_msgs;  /* nattch at the last look */
	unsigned long long last_bytes; /* size at the last look */
};

/* Where to look. NULL fields are skipped. */
struct ipc_places {
	const char *shm_dir;  /* usually "/dev/shm" */
	const char *mq_dir;   /* usually "/dev/mqueue" */
	const char *fifo_dir; /* work directory scanned (recursively) for FIFOs */
	const char *tmp_dir;  /* further place of FIFOs (the sandbox's /tmp), names absolute; or NULL */
	bool tmp_flat;        /* only tmp_dir's own entries (the host's /tmp: degraded mode) */
};

/* Which field of struct ipc_places a named kind lives in. */
enum ipc_place {
	IPC_PLACE_NONE,
	IPC_PLACE_SHM,
	IPC_PLACE_MQ,
	IPC_PLACE_WORK
};

/* How the creator of an object is known. */
enum ipc_creator {
	IPC_CREATOR_PID,   /* the kernel records the creating pid (cpid) */
	IPC_CREATOR_UID,   /* only the creating uid (cuid); no pid */
	IPC_CREATOR_OWNER, /* a file: its owner */
};

/* What a held removal call's target argument is. */
enum ipc_call_target {
	IPC_CALL_ID,   /* a SysV identifier */
	IPC_CALL_NAME, /* a POSIX name, "/x" */
	IPC_CALL_PATH, /* a file path, matched against the kind's directory */
};

/* A system call that removes an object of a kind. */
struct ipc_removal_call {
	const char *syscall; /* as libseccomp names it: "shmctl" */
	int nr;              /* its number on this architecture */
	int cmd_arg;         /* index of the argument that must be IPC_RMID, or -1 */
	int target_arg;      /* index of the id, name or path argument */
	enum ipc_call_target target;
};

/* Called by a scanner for every object it finds; nonzero stops the scan. */
typedef int (*ipc_emit_fn)(void *arg, const struct ipc_object *o);

struct ipc_kind {
	enum ipcobj_kind kind;
	const char *name;               /* "shm": reports, describe(), the spec's `kind:` */
	const char *const *aliases;     /* further wait target prefixes ("mq" for "mqueue"), NULL-terminated */
	bool keyed;                     /* SysV: identified by key and id; else by name */
	bool wait_target;               /* accepted by wait_ipc / --after */
	bool bare_target;               /* a target "/NAME" without prefix is of this kind */
	enum ipc_place place;           /* named kinds: which directory */
	const char *file_prefix;        /* file of "/x" in that directory is PREFIX x ("sem.") */
	const char *remover;            /* the call, for hints: "shmctl(IPC_RMID)" */
	const char *never_removed_hint; /* hint for a leftover of this kind */
	enum ipc_creator creator;
	bool size_compared;       /* the ipc check compares size with the reference's */
	const char *size_means;   /* what size counts: "bytes of the segment" */
	const char *size_label;   /* describe(): "size", "nsems", or NULL (not shown) */
	const char *size_hint;    /* hint for a size that differs from the reference's */
	const char *count_label;  /* describe(): nattch shown as this before mode ("msgs"), or NULL */
	const char *attach_label; /* describe(): nattch shown as this after mode ("nattch"), or NULL */
	/* Queue attributes, compared with the reference's by the ipc check and shown by
	 * describe() under these labels; NULL: the kind has no such attribute. */
	const char *qlimit_label;    /* "qbytes" (msg_qbytes), "maxmsg" (mq_maxmsg) */
	const char *msgsize_label;   /* "msgsize" (mq_msgsize) */
	const char *attr_hint;       /* hint for an attribute that differs from the reference's */
	const char *unreceived_hint; /* a kind that holds messages: hint for messages never received */

	const struct ipc_removal_call *removal_calls; /* terminated by a NULL syscall */
	/* Every object of the kind in dir (NULL for keyed kinds); 0 or -errno. */
	int (*scan)(const struct ipc_kind *k, const char *dir, ipc_emit_fn emit, void *arg);
	/* Remove o, found in dir; true when it is gone. */
	bool (*remove)(const struct ipc_kind *k, const struct ipc_object *o, const char *dir);
	/* Is there an object of the kind with this key or name in dir? */
	bool (*exists)(const struct ipc_kind *k, long long key, const char *name, const char *dir);
	const void *ops; /* the scanner's own data (SysV control calls) */
};

/* The row of kind k, or NULL for a value outside the enum. */
const struct ipc_kind *ipc_kind(enum ipcobj_kind k);
/* The row named name (its name only, not an alias), or NULL. */
const struct ipc_kind *ipc_kind_by_name(const char *name);
/* The directory of k in where, or NULL (keyed kinds, a place not given). */
const char *ipc_kind_dir(const struct ipc_kind *k, const struct ipc_places *where);
/* The kind of a file base name found in the directory of place, and the
 * object's name ("/x") in name; NULL when no kind lives there. */
const struct ipc_kind *ipc_kind_of_file(enum ipc_place place, const char *base, char *name, size_t len);
/* Parse a wait target: shm:KEY sem:KEY msg:KEY /NAME posix-shm:/NAME posix-sem:/NAME
 * mq:/NAME mqueue:/NAME (every kind's name and aliases). Keys are integers as YAML
 * writes them (decimal, 0x hex, 0o or 0 octal) within 32 bits; *name points into s.
 * 0, or -1 when s is not a target. */
int ipc_kind_parse_target(const char *s, enum ipcobj_kind *kind, long long *key, const char **name);
/* The FIFOs directly in dir (no descent), as objects of kind k named by
 * their file name: the host's /tmp in degraded mode, where the work
 * directories of gradings live below. 0 or -errno. */
int ipc_fifo_scan_flat(const struct ipc_kind *k, const char *dir, ipc_emit_fn emit, void *arg);
/* POSIX IPC names: "/x", one slash, at most 255 bytes. */
bool ipc_posix_name_ok(const char *name);
/* Same SysV key? Compared as the 32-bit key_t, so 0xdeadbeef and its
 * sign-extended spelling agree. */
bool ipc_key_eq(long long a, long long b);
/* "shm", "sem", "msg", "posix-shm", "posix-sem", "mqueue", "fifo" */
const char *ipcobj_kind_name(enum ipcobj_kind kind);
/* The call that should have removed an object of this kind, for hints:
 * "shmctl(IPC_RMID)", "shm_unlink", "mq_unlink", "unlink", ... */
const char *ipcobj_remover(enum ipcobj_kind kind);
/* "2 messages (510 bytes) never received" for a queue that held msgs messages of
 * bytes bytes when it was removed or at the end; false (buf "") for other kinds or
 * an empty queue. */
bool ipc_queue_unreceived(enum ipcobj_kind kind, unsigned long long msgs, unsigned long long bytes, char *buf,
			  size_t len);
