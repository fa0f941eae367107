/* ipc-kinds: the table of IPC object kinds and the code that differs per kind.
 *
 * SysV objects are enumerated with the *_INFO / *_STAT_ANY control calls rather
 * than /proc/sysvipc, because /proc may not be mounted (or may belong to another
 * namespace) inside the sandbox; one scanner serves the three SysV kinds, each
 * giving only its control call and how its *_ds maps onto struct ipc_object.
 * POSIX objects and FIFOs are files, found by walking the directories named in
 * struct ipc_places. Nothing here keeps state: scanners hand every object to
 * an emit callback, so the snapshot code (ipc-audit.c) sits above this file. */
#include "ipc-kinds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "scalar.h"

#define ARRAY_LEN(a)     (sizeof(a) / sizeof((a)[0]))
/* The FIFO walk must terminate on hostile trees (deep nesting, huge dirs). */
#define FIFO_MAX_DEPTH   8
#define FIFO_MAX_ENTRIES 10000

/* ---- SysV: one scanner, a control-call adaptor per kind ----------------- */

/* glibc leaves this to the caller (SUSv4 requires the application to define it). */
union audit_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* Room for what any SysV control call reads or writes. */
union sysv_buf {
	struct shmid_ds shm;
	struct semid_ds sem;
	struct msqid_ds msg;
	struct shm_info shm_info;
	struct seminfo sem_info;
	struct msginfo msg_info;
};

struct sysv_ops {
	int info_cmd, stat_any_cmd, stat_cmd;                        /* *_INFO, *_STAT_ANY, *_STAT */
	int (*ctl)(int id, int cmd, union sysv_buf *buf);            /* shmctl, semctl, msgctl */
	void (*fill)(const union sysv_buf *b, struct ipc_object *o); /* from the *_STAT result */
};

/* A fresh object with the "unknown" values the header promises for non-SysV kinds. */
static void
obj_init(struct ipc_object *o, enum ipcobj_kind kind)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->id = -1;
}

/* The ownership fields every SysV kind shares. */
static void
fill_perm(const struct ipc_perm *p, struct ipc_object *o)
{
	o->key = p->__key;
	o->mode = p->mode & 0777;
	o->uid = p->uid;
	o->gid = p->gid;
	o->cuid = p->cuid;
}

/* shmctl with the buffer type the command wants. */
static int
shm_ctl(int id, int cmd, union sysv_buf *b)
{
	return shmctl(id, cmd, b ? &b->shm : NULL);
}

/* Segments: size in bytes, attaches, creator and last pid, IPC_RMID pending. */
static void
shm_fill(const union sysv_buf *b, struct ipc_object *o)
{
	fill_perm(&b->shm.shm_perm, o);
	o->size = b->shm.shm_segsz;
	o->cpid = b->shm.shm_cpid;
	o->lpid = b->shm.shm_lpid;
	o->nattch = b->shm.shm_nattch;
	o->marked_destroy = (b->shm.shm_perm.mode & SHM_DEST) != 0;
}

/* semctl takes its buffer as a union in the fourth argument. */
static int
sem_ctl(int id, int cmd, union sysv_buf *b)
{
	union audit_semun arg;

	arg.buf = b ? &b->sem : NULL;
	return semctl(id, 0, cmd, arg);
}

/* Semaphore sets; the kernel records no creator pid for a set, so cpid stays 0. */
static void
sem_fill(const union sysv_buf *b, struct ipc_object *o)
{
	fill_perm(&b->sem.sem_perm, o);
	o->size = b->sem.sem_nsems;
}

/* msgctl with the buffer type the command wants. */
static int
msg_ctl(int id, int cmd, union sysv_buf *b)
{
	return msgctl(id, cmd, b ? &b->msg : NULL);
}

/* Message queues; "size" is bytes queued and "nattch" messages queued, the two
 * figures that tell a grader whether a consumer ever drained the queue. */
static void
msg_fill(const union sysv_buf *b, struct ipc_object *o)
{
	fill_perm(&b->msg.msg_perm, o);
	o->size = o->last_bytes = b->msg.msg_cbytes;
	o->lpid = b->msg.msg_lspid;
	o->rpid = b->msg.msg_lrpid;
	o->nattch = o->last_msgs = b->msg.msg_qnum;
	o->qlimit = b->msg.msg_qbytes;
}

static const struct sysv_ops shm_ops = { SHM_INFO, SHM_STAT_ANY, SHM_STAT, shm_ctl, shm_fill };
static const struct sysv_ops sem_ops = { SEM_INFO, SEM_STAT_ANY, SEM_STAT, sem_ctl, sem_fill };
static const struct sysv_ops msg_ops = { MSG_INFO, MSG_STAT_ANY, MSG_STAT, msg_ctl, msg_fill };

/* A kernel without SysV IPC has no objects of that kind rather than an error. */
static int
info_errno(void)
{
	return errno == ENOSYS ? 0 : -errno;
}

/* *_STAT_ANY ignores our read permission (Linux >= 4.17); *_STAT is the
 * fallback for older kernels, where _ANY is an unknown cmd. */
static int
scan_sysv(const struct ipc_kind *k, const char *dir, ipc_emit_fn emit, void *arg)
{
	const struct sysv_ops *ops = k->ops;
	union sysv_buf b;
	int maxidx;

	(void)dir;
	memset(&b, 0, sizeof(b));
	maxidx = ops->ctl(0, ops->info_cmd, &b);
	if (maxidx < 0)
		return info_errno();
	for (int i = 0; i <= maxidx; i++) {
		struct ipc_object o;
		int id, r;

		/* Zeroed so valgrind versions unaware of _ANY see defined memory. */
		memset(&b, 0, sizeof(b));
		id = ops->ctl(i, ops->stat_any_cmd, &b);
		if (id < 0) {
			memset(&b, 0, sizeof(b));
			id = ops->ctl(i, ops->stat_cmd, &b);
		}
		if (id < 0)
			continue; /* unused slot, or raced with a removal */
		obj_init(&o, k->kind);
		o.id = id;
		ops->fill(&b, &o);
		if ((r = emit(arg, &o)))
			return r;
	}
	return 0;
}

/* IPC_RMID by identifier. */
static bool
remove_sysv(const struct ipc_kind *k, const struct ipc_object *o, const char *dir)
{
	const struct sysv_ops *ops = k->ops;

	(void)dir;
	return ops->ctl(o->id, IPC_RMID, NULL) == 0;
}

/* emit() of exists_sysv: stop at the first object with the key. */
static int
key_found(void *arg, const struct ipc_object *o)
{
	return ipc_key_eq(o->key, *(const long long *)arg) ? 1 : 0;
}

/* Scans only the kind asked about. */
static bool
exists_sysv(const struct ipc_kind *k, long long key, const char *name, const char *dir)
{
	(void)name;
	return scan_sysv(k, dir, key_found, &key) == 1;
}

/* ---- files: POSIX objects and FIFOs ------------------------------------- */

struct file_ops {
	int (*unlink)(const char *name); /* the library call, when no directory is given */
	/* What the object holds when st_size is not it (size, messages, attributes); NULL: st_size. */
	void (*fill)(int dirfd, const char *file, struct ipc_object *o);
};

/* Opens a directory to scan; a missing one is "nothing there", reported as -ENOENT
 * so callers can tell it from real failures. */
static DIR *
open_dir_at(int dirfd, const char *path, int *err)
{
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;

	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		*err = -errno;
		close(fd);
	}
	return d;
}

/* Missing directories are not an error (the header says so): a sandbox without
 * an mqueue mount simply has nothing to report there. */
static bool
dir_missing(int err)
{
	return err == -ENOENT || err == -ENOTDIR;
}

/* Fills the file-derived fields shared by every POSIX kind and FIFOs. */
static void
fill_from_stat(struct ipc_object *o, const struct stat *st)
{
	o->size = (unsigned long long)st->st_size;
	o->mode = st->st_mode & 07777;
	o->uid = st->st_uid;
	o->cuid = st->st_uid;
	o->gid = st->st_gid;
}

/* Bytes queued, from the "QSIZE:n ..." status text the mqueue fs shows as file
 * contents (st_size there is meaningless); messages queued and the attributes
 * from mq_getattr on the same descriptor: a file of the mqueue fs opened with
 * open() is a queue descriptor, and the status text has no message count.
 * Reading the status consumes no message. 0 where unreadable. */
static void
mq_fill(int dirfd, const char *name, struct ipc_object *o)
{
	char buf[256];
	ssize_t r;
	const char *p;
	struct mq_attr attr;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	o->size = 0;
	if (fd < 0)
		return;
	if (mq_getattr(fd, &attr) == 0) {
		o->nattch = o->last_msgs = (unsigned long long)attr.mq_curmsgs;
		o->qlimit = (unsigned long long)attr.mq_maxmsg;
		o->msgsize = (unsigned long long)attr.mq_msgsize;
	}
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return;
	buf[r] = '\0';
	p = strstr(buf, "QSIZE:");
	o->size = o->last_bytes = p ? strtoull(p + 6, NULL, 10) : 0;
}

/* POSIX objects: the regular files of the kind's directory that belong to the
 * kind (glibc keeps shm and named semaphores in one tmpfs, the semaphores under
 * a "sem." prefix). Subdirectories cannot be shm_open names. */
static int
scan_files(const struct ipc_kind *k, const char *dir, ipc_emit_fn emit, void *arg)
{
	const struct file_ops *ops = k->ops;
	struct dirent *de;
	int err = 0, r = 0;
	DIR *d = open_dir_at(AT_FDCWD, dir, &err);

	if (!d)
		return dir_missing(err) ? 0 : err;
	while (!r && (de = readdir(d))) {
		struct ipc_object o;
		struct stat st;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
			continue;
		obj_init(&o, k->kind);
		/* a name that does not fit is not recorded rather than recorded under
		 * a wrong name that removal would then miss */
		if (ipc_kind_of_file(k->place, de->d_name, o.name, sizeof(o.name)) != k)
			continue;
		fill_from_stat(&o, &st);
		if (ops->fill)
			ops->fill(dirfd(d), de->d_name, &o);
		r = emit(arg, &o);
	}
	closedir(d);
	return r;
}

/* A POSIX name usable as a single file name: "/x", no other slash, not . or .. */
static bool
file_name_ok(const char *name)
{
	const char *b = name + 1;

	return name[0] == '/' && b[0] && !strchr(b, '/') && strcmp(b, ".") && strcmp(b, "..");
}

/* Path of a POSIX object's file inside its directory, e.g. "sem.x" for "/x". */
static bool
posix_file(const struct ipc_kind *k, const char *name, char *buf, size_t len)
{
	int n;

	if (!file_name_ok(name))
		return false;
	n = snprintf(buf, len, "%s%s", k->file_prefix, name + 1);
	return n > 0 && (size_t)n < len;
}

/* unlinkat relative to a directory given by path. */
static int
unlink_in(const char *dir, const char *file)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = unlinkat(fd, file, 0);
	close(fd);
	return r;
}

/* lstat relative to a directory given by path; 0 or -1. */
static int
stat_in(const char *dir, const char *file, struct stat *st)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fstatat(fd, file, st, AT_SYMLINK_NOFOLLOW);
	close(fd);
	return r;
}

/* Unlinking in the given directory rather than calling shm_unlink/mq_unlink keeps
 * removal aimed at the same place the snapshot looked (the library calls always
 * act on /dev/shm and our own IPC namespace). */
static bool
remove_file(const struct ipc_kind *k, const struct ipc_object *o, const char *dir)
{
	const struct file_ops *ops = k->ops;
	char file[300];

	if (!posix_file(k, o->name, file, sizeof(file)))
		return false;
	return (dir ? unlink_in(dir, file) : ops->unlink(o->name)) == 0;
}

/* A regular file of the kind's name in its directory. */
static bool
exists_file(const struct ipc_kind *k, long long key, const char *name, const char *dir)
{
	struct stat st;
	char file[300];

	(void)key;
	if (!dir || strlen(name) >= sizeof(((struct ipc_object *)0)->name) || !posix_file(k, name, file, sizeof(file)))
		return false;
	return stat_in(dir, file, &st) == 0 && S_ISREG(st.st_mode);
}

/* Walk state, so the entry budget is shared by the whole recursion. */
struct fifo_walk {
	const struct ipc_kind *k;
	ipc_emit_fn emit;
	void *arg;
	size_t entries;
	char rel[4096]; /* path of the current dir relative to fifo_dir, "" at top */
};

/* Depth-first FIFO search. Symlinks are never followed (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW)
 * so a student's "ln -s .. loop" cannot make us loop or escape the work dir. */
static int
walk_fifos(struct fifo_walk *w, DIR *d, int depth)
{
	struct dirent *de;
	size_t rlen = strlen(w->rel);

	while ((de = readdir(d))) {
		struct stat st;
		int n;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (++w->entries > FIFO_MAX_ENTRIES)
			return 0;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		n = snprintf(w->rel + rlen, sizeof(w->rel) - rlen, "%s%s", rlen ? "/" : "", de->d_name);
		if (n < 0 || (size_t)n >= sizeof(w->rel) - rlen) {
			w->rel[rlen] = '\0';
			continue;
		}
		if (S_ISFIFO(st.st_mode)) {
			struct ipc_object o;
			int r;

			obj_init(&o, w->k->kind);
			if (strlen(w->rel) < sizeof(o.name)) {
				strcpy(o.name, w->rel);
				fill_from_stat(&o, &st);
				if ((r = w->emit(w->arg, &o)))
					return r;
			}
		} else if (S_ISDIR(st.st_mode) && depth < FIFO_MAX_DEPTH) {
			int err = 0;
			DIR *sub = open_dir_at(dirfd(d), de->d_name, &err);

			if (sub) {
				err = walk_fifos(w, sub, depth + 1);
				closedir(sub);
				if (err)
					return err;
			}
		}
		w->rel[rlen] = '\0';
	}
	return 0;
}

/* Entry point of the FIFO walk; unreadable subdirectories are skipped, since a
 * student can chmod 000 their own dirs and that must not fail the audit. */
static int
scan_fifos(const struct ipc_kind *k, const char *dir, ipc_emit_fn emit, void *arg)
{
	struct fifo_walk *w;
	int err = 0;
	DIR *d = open_dir_at(AT_FDCWD, dir, &err);

	if (!d)
		return dir_missing(err) ? 0 : err;
	/* Heap, not stack: 4 KiB per walk is fine, per frame it would not be. */
	w = calloc(1, sizeof(*w));
	if (!w) {
		closedir(d);
		return -ENOMEM;
	}
	w->k = k;
	w->emit = emit;
	w->arg = arg;
	err = walk_fifos(w, d, 0);
	free(w);
	closedir(d);
	return err;
}

int
ipc_fifo_scan_flat(const struct ipc_kind *k, const char *dir, ipc_emit_fn emit, void *arg)
{
	int err = 0, r = 0;
	DIR *d = open_dir_at(AT_FDCWD, dir, &err);
	struct dirent *de;
	size_t entries = 0;

	if (!d)
		return dir_missing(err) ? 0 : err;
	while (!r && (de = readdir(d)) && ++entries <= FIFO_MAX_ENTRIES) {
		struct stat st;
		struct ipc_object o;

		if (strlen(de->d_name) >= sizeof(o.name) || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISFIFO(st.st_mode))
			continue;
		obj_init(&o, k->kind);
		strcpy(o.name, de->d_name);
		fill_from_stat(&o, &st);
		r = emit(arg, &o);
	}
	closedir(d);
	return r;
}

/* A FIFO name that stays inside fifo_dir: relative, no ".." component. */
static bool
rel_path_ok(const char *p)
{
	if (!p[0] || p[0] == '/')
		return false;
	for (const char *c = p; c; c = strchr(c, '/')) {
		if (*c == '/')
			c++;
		if (!strncmp(c, "..", 2) && (c[2] == '/' || !c[2]))
			return false;
	}
	return true;
}

/* Only ever unlink a FIFO: the snapshot may be stale. */
static bool
remove_fifo(const struct ipc_kind *k, const struct ipc_object *o, const char *dir)
{
	struct stat st;
	int fd;
	bool r;

	(void)k;
	if (!dir || !rel_path_ok(o->name))
		return false;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = fstatat(fd, o->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISFIFO(st.st_mode) &&
	    unlinkat(fd, o->name, 0) == 0;
	close(fd);
	return r;
}

/* A FIFO at that path below the work directory. */
static bool
exists_fifo(const struct ipc_kind *k, long long key, const char *name, const char *dir)
{
	struct stat st;

	(void)k;
	(void)key;
	if (!dir || strlen(name) >= sizeof(((struct ipc_object *)0)->name) || !rel_path_ok(name))
		return false;
	return stat_in(dir, name, &st) == 0 && S_ISFIFO(st.st_mode);
}

static const struct file_ops pshm_ops = { shm_unlink, NULL };
static const struct file_ops psem_ops = { sem_unlink, NULL };
static const struct file_ops mq_ops = { mq_unlink, mq_fill };

/* ---- the table ----------------------------------------------------------- */

#define CALL(name) #name, SYS_##name
/* glibc passes IPC commands with IPC_64 (0x100) or'ed in: the filter compares the low byte. */
static const struct ipc_removal_call shm_calls[] = { { CALL(shmctl), 1, 0, IPC_CALL_ID }, { NULL, 0, 0, 0, 0 } };
static const struct ipc_removal_call sem_calls[] = { { CALL(semctl), 2, 0, IPC_CALL_ID }, { NULL, 0, 0, 0, 0 } };
static const struct ipc_removal_call msg_calls[] = { { CALL(msgctl), 1, 0, IPC_CALL_ID }, { NULL, 0, 0, 0, 0 } };
/* shm_unlink and sem_unlink are unlink in glibc; the path tells the kinds apart. */
static const struct ipc_removal_call shm_file_calls[] = { { CALL(unlink), -1, 0, IPC_CALL_PATH },
							  { CALL(unlinkat), -1, 1, IPC_CALL_PATH },
							  { NULL, 0, 0, 0, 0 } };
static const struct ipc_removal_call mq_calls[] = { { CALL(mq_unlink), -1, 0, IPC_CALL_NAME }, { NULL, 0, 0, 0, 0 } };
static const struct ipc_removal_call no_calls[] = { { NULL, 0, 0, 0, 0 } };
#undef CALL

static const char *const no_aliases[] = { NULL };
static const char *const mq_aliases[] = { "mq", NULL };

static const char segment_size_hint[] =
	"Segment size mismatch: create it with the size the assignment gives; shmget() on an "
	"existing key with a larger size fails with EINVAL.";
static const char msg_attr_hint[] =
	"Queue attributes differ from the reference's: leave msg_qbytes as msgget() creates it "
	"(no msgctl(IPC_SET)).";
static const char mq_attr_hint[] =
	"Queue attributes differ from the reference's: pass a struct mq_attr with mq_maxmsg 10 and "
	"mq_msgsize 256 to mq_open(..., O_CREAT | O_EXCL, 0666, &attr); with NULL the system's defaults "
	"(usually 10 and 8192) apply.";
static const char object_size_hint[] =
	"Object size mismatch: after shm_open(O_CREAT), ftruncate(fd, SIZE) with the size the "
	"assignment gives (a new object is 0 bytes long).";

/* Indexed by the enum: kinds[k].kind == k (checked by ipc_kind()). */
static const struct ipc_kind kinds[IPCOBJ_NKINDS] = {
	[IPCOBJ_SYSV_SHM] = {
		.kind = IPCOBJ_SYSV_SHM, .name = "shm", .aliases = no_aliases, .keyed = true, .wait_target = true,
		.remover = "shmctl(IPC_RMID)",
		.never_removed_hint = "Missing shmctl(shmid, IPC_RMID, NULL): a System V segment outlives every "
			"process until it is removed. Remove it once all processes are done (after the last shmdt).",
		.creator = IPC_CREATOR_PID, .size_compared = true, .size_means = "bytes of the segment",
		.size_label = "size", .size_hint = segment_size_hint, .attach_label = "nattch",
		.removal_calls = shm_calls, .scan = scan_sysv, .remove = remove_sysv, .exists = exists_sysv,
		.ops = &shm_ops,
	},
	[IPCOBJ_SYSV_SEM] = {
		.kind = IPCOBJ_SYSV_SEM, .name = "sem", .aliases = no_aliases, .keyed = true, .wait_target = true,
		.remover = "semctl(IPC_RMID)",
		.never_removed_hint = "Missing semctl(semid, 0, IPC_RMID): semaphore sets outlive their processes.",
		.creator = IPC_CREATOR_UID, .size_compared = true, .size_means = "semaphores in the set",
		.size_label = "nsems", .size_hint = segment_size_hint,
		.removal_calls = sem_calls, .scan = scan_sysv, .remove = remove_sysv, .exists = exists_sysv,
		.ops = &sem_ops,
	},
	[IPCOBJ_SYSV_MSG] = {
		.kind = IPCOBJ_SYSV_MSG, .name = "msg", .aliases = no_aliases, .keyed = true, .wait_target = true,
		.remover = "msgctl(IPC_RMID)",
		.never_removed_hint = "Missing msgctl(msqid, IPC_RMID, NULL): message queues outlive their processes.",
		/* bytes queued at the first look depend on timing: not compared; the
		 * queue's limit is, and what is left at the end (cleanup) */
		.creator = IPC_CREATOR_UID, .size_compared = false, .size_means = "bytes queued (msgs: messages queued)",
		.size_label = "size", .size_hint = segment_size_hint, .count_label = "msgs",
		.qlimit_label = "qbytes", .attr_hint = msg_attr_hint,
		.unreceived_hint = "Messages never received: the receiver must read every message (msgrcv until the "
			"type-2 end message) before it removes the queue, and the sender must open the receiver's "
			"queue without IPC_CREAT (msgget(1234, 0666)): with IPC_CREAT and no receiver it creates a "
			"queue nobody reads.",
		.removal_calls = msg_calls, .scan = scan_sysv, .remove = remove_sysv, .exists = exists_sysv,
		.ops = &msg_ops,
	},
	[IPCOBJ_POSIX_SHM] = {
		.kind = IPCOBJ_POSIX_SHM, .name = "posix-shm", .aliases = no_aliases, .wait_target = true,
		.bare_target = true, .place = IPC_PLACE_SHM, .file_prefix = "", .remover = "shm_unlink",
		.never_removed_hint = "Missing shm_unlink(name): a POSIX shared memory object stays in /dev/shm "
			"until it is unlinked.",
		.creator = IPC_CREATOR_OWNER, .size_compared = true, .size_means = "bytes of the object",
		.size_label = "size", .size_hint = object_size_hint,
		.removal_calls = shm_file_calls, .scan = scan_files, .remove = remove_file, .exists = exists_file,
		.ops = &pshm_ops,
	},
	[IPCOBJ_POSIX_SEM] = {
		/* the file size is sizeof(sem_t), an ABI detail: neither compared nor shown */
		.kind = IPCOBJ_POSIX_SEM, .name = "posix-sem", .aliases = no_aliases, .wait_target = true,
		.place = IPC_PLACE_SHM, .file_prefix = "sem.", .remover = "sem_unlink",
		.never_removed_hint = "Missing sem_unlink(name): a named semaphore stays until it is unlinked.",
		.creator = IPC_CREATOR_OWNER, .size_compared = false, .size_means = "sizeof(sem_t)",
		.size_hint = object_size_hint,
		.removal_calls = shm_file_calls, .scan = scan_files, .remove = remove_file, .exists = exists_file,
		.ops = &psem_ops,
	},
	[IPCOBJ_POSIX_MQ] = {
		.kind = IPCOBJ_POSIX_MQ, .name = "mqueue", .aliases = mq_aliases, .wait_target = true,
		.place = IPC_PLACE_MQ, .file_prefix = "", .remover = "mq_unlink",
		.never_removed_hint = "Missing mq_unlink(name): a message queue stays until it is unlinked.",
		.creator = IPC_CREATOR_OWNER, .size_compared = false, .size_means = "bytes queued (msgs: messages queued)",
		.size_label = "size", .size_hint = object_size_hint, .count_label = "msgs",
		.qlimit_label = "maxmsg", .msgsize_label = "msgsize", .attr_hint = mq_attr_hint,
		.unreceived_hint = "Messages never received: the server must mq_receive every message until quit "
			"before it unlinks the queue, and the client must open the server's queue with O_WRONLY only "
			"(no O_CREAT): with O_CREAT and no server it creates a queue nobody reads.",
		.removal_calls = mq_calls, .scan = scan_files, .remove = remove_file, .exists = exists_file,
		.ops = &mq_ops,
	},
	[IPCOBJ_FIFO] = {
		/* not a wait target: the spec has no syntax for one yet */
		.kind = IPCOBJ_FIFO, .name = "fifo", .aliases = no_aliases, .place = IPC_PLACE_WORK,
		.file_prefix = "", .remover = "unlink",
		.never_removed_hint = "Missing unlink(path) of the FIFO you created with mkfifo.",
		.creator = IPC_CREATOR_OWNER, .size_compared = true, .size_means = "nothing (always 0)",
		.size_hint = object_size_hint,
		.removal_calls = no_calls, .scan = scan_fifos, .remove = remove_fifo, .exists = exists_fifo,
	},
};

/* A hole in the table (a kind without a row) reads as an unknown kind. */
const struct ipc_kind *
ipc_kind(enum ipcobj_kind k)
{
	if ((unsigned)k >= ARRAY_LEN(kinds) || !kinds[k].name || kinds[k].kind != k)
		return NULL;
	return &kinds[k];
}

/* Linear: seven rows. */
const struct ipc_kind *
ipc_kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(kinds); i++)
		if (kinds[i].name && !strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

/* The places field a kind's directory is in. */
const char *
ipc_kind_dir(const struct ipc_kind *k, const struct ipc_places *where)
{
	if (!k || !where)
		return NULL;
	switch (k->place) {
	case IPC_PLACE_SHM:
		return where->shm_dir;
	case IPC_PLACE_MQ:
		return where->mq_dir;
	case IPC_PLACE_WORK:
		return where->fifo_dir;
	case IPC_PLACE_NONE:
		break;
	}
	return NULL;
}

/* The longest prefix wins, so "sem.x" is a semaphore and "x" a segment; a file
 * that is only the prefix ("sem.") belongs to the kind without one. */
const struct ipc_kind *
ipc_kind_of_file(enum ipc_place place, const char *base, char *name, size_t len)
{
	const struct ipc_kind *best = NULL;
	size_t blen = 0;
	int n;

	for (size_t i = 0; place != IPC_PLACE_NONE && i < ARRAY_LEN(kinds); i++) {
		const struct ipc_kind *k = &kinds[i];
		size_t pl = k->file_prefix ? strlen(k->file_prefix) : 0;

		if (!k->name || k->place != place || strncmp(base, k->file_prefix ? k->file_prefix : "", pl) ||
		    (pl && !base[pl]) || (best && pl <= blen))
			continue;
		best = k;
		blen = pl;
	}
	if (!best)
		return NULL;
	n = snprintf(name, len, "%s%s", place == IPC_PLACE_WORK ? "" : "/", base + blen);
	return n > 0 && (size_t)n < len ? best : NULL;
}

/* POSIX IPC names: "/x", one slash, at most 255 bytes. */
bool
ipc_posix_name_ok(const char *s)
{
	return s[0] == '/' && s[1] && !strchr(s + 1, '/') && strlen(s) < 256;
}

/* SysV keys are 32-bit key_t; compare in that width so a sign-extended
 * ftok() result and an unsigned spelling of the same key agree. */
bool
ipc_key_eq(long long a, long long b)
{
	return (key_t)a == (key_t)b;
}

/* Does s start with word followed by ':'? Then the rest is in *rest. */
static bool
has_prefix(const char *s, const char *word, const char **rest)
{
	size_t n = strlen(word);

	if (strncmp(s, word, n) || s[n] != ':')
		return false;
	*rest = s + n + 1;
	return true;
}

/* The value part of a target: a 32-bit key or a POSIX name. */
static int
target_value(const struct ipc_kind *k, const char *v, long long *key, const char **name)
{
	if (k->keyed)
		return scalar_int(v, key) && *key >= INT32_MIN && *key <= UINT32_MAX ? 0 : -1;
	*name = v;
	return ipc_posix_name_ok(v) ? 0 : -1;
}

/* See ipc-kinds.h: one parser for the spec's wait_ipc and the CLI's --after. */
int
ipc_kind_parse_target(const char *s, enum ipcobj_kind *kind, long long *key, const char **name)
{
	*name = NULL;
	*key = 0;
	for (size_t i = 0; s && i < ARRAY_LEN(kinds); i++) {
		const struct ipc_kind *k = &kinds[i];
		const char *rest = NULL;

		if (!k->name || !k->wait_target)
			continue;
		if (k->bare_target && s[0] == '/')
			rest = s;
		for (const char *const *a = k->aliases; !rest && a && *a; a++)
			has_prefix(s, *a, &rest);
		if (!rest && !has_prefix(s, k->name, &rest))
			continue;
		*kind = k->kind;
		return target_value(k, rest, key, name);
	}
	return -1;
}

/* Short names used in reports and describe(); part of the transcript format. */
const char *
ipcobj_kind_name(enum ipcobj_kind kind)
{
	const struct ipc_kind *k = ipc_kind(kind);

	return k ? k->name : "unknown";
}

/* The call a student should have made, quoted in hints. */
const char *
ipcobj_remover(enum ipcobj_kind kind)
{
	const struct ipc_kind *k = ipc_kind(kind);

	return k ? k->remover : "unknown";
}

/* Only kinds that hold messages have something never received. */
bool
ipc_queue_unreceived(enum ipcobj_kind kind, unsigned long long msgs, unsigned long long bytes, char *buf, size_t len)
{
	const struct ipc_kind *k = ipc_kind(kind);

	if (len)
		buf[0] = '\0';
	if (!k || !k->unreceived_hint || msgs == 0)
		return false;
	snprintf(buf, len, "%llu message%s (%llu byte%s) never received", msgs, msgs == 1 ? "" : "s", bytes,
		 bytes == 1 ? "" : "s");
	return true;
}
