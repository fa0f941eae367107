/* ipc-audit: list the IPC objects visible to the calling process and remove them.
 *
 * SysV objects are enumerated with the *_INFO / *_STAT_ANY control calls rather
 * than /proc/sysvipc, because /proc may not be mounted (or may belong to another
 * namespace) inside the sandbox. POSIX objects and FIFOs are files, found by
 * walking the directories named in struct ipc_places.
 *
 * Snapshots carry no capacity field, so the capacity is implied by n: it is 0
 * for n == 0, otherwise the smallest power of two >= max(n, SNAP_MIN_CAP).
 * Only arrays grown by ipc_snapshot_add (starting from an empty snapshot) may
 * therefore be passed to it. */
#include "ipc-audit.h"

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
#include <sys/msg.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAP_MIN_CAP 8
/* The FIFO walk must terminate on hostile trees (deep nesting, huge dirs). */
#define FIFO_MAX_DEPTH 8
#define FIFO_MAX_ENTRIES 10000

/* glibc leaves this to the caller (SUSv4 requires the application to define it). */
union audit_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* Whether n is a power of two: the points where the implied capacity is full. */
static bool is_pow2(size_t n)
{
	return n && !(n & (n - 1));
}

/* Appends by copy; the array doubles whenever n reaches the implied capacity. */
int ipc_snapshot_add(struct ipc_snapshot *s, const struct ipc_object *o)
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
void ipc_snapshot_free(struct ipc_snapshot *s)
{
	if (!s)
		return;
	free(s->objs);
	s->objs = NULL;
	s->n = 0;
}

/* A fresh object with the "unknown" values the header promises for non-SysV kinds. */
static void obj_init(struct ipc_object *o, enum ipcobj_kind kind)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->id = -1;
}

/* SysV keys are 32-bit key_t; compare in that width so a sign-extended
 * ftok() result and an unsigned spelling of the same key agree. */
static bool key_eq(long long a, long long b)
{
	return (key_t)a == (key_t)b;
}

/* SysV identity is numeric, the rest is by name. */
static bool is_sysv(enum ipcobj_kind k)
{
	return k == IPCOBJ_SYSV_SHM || k == IPCOBJ_SYSV_SEM || k == IPCOBJ_SYSV_MSG;
}

/* A kernel without SysV IPC has no objects of that kind rather than an error. */
static int info_errno(void)
{
	return errno == ENOSYS ? 0 : -errno;
}

/* Shared memory segments. SHM_STAT_ANY ignores our read permission (Linux >= 4.17);
 * SHM_STAT is the fallback for older kernels, where _ANY is an unknown cmd. */
static int scan_shm(struct ipc_snapshot *s)
{
	struct shm_info info;
	int maxidx;

	memset(&info, 0, sizeof(info));
	maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	if (maxidx < 0)
		return info_errno();
	for (int i = 0; i <= maxidx; i++) {
		struct shmid_ds ds;
		struct ipc_object o;
		int id;

		/* Zeroed so valgrind versions unaware of _ANY see defined memory. */
		memset(&ds, 0, sizeof(ds));
		id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id < 0) {
			memset(&ds, 0, sizeof(ds));
			id = shmctl(i, SHM_STAT, &ds);
		}
		if (id < 0)
			continue;	/* unused slot, or raced with a removal */
		obj_init(&o, IPCOBJ_SYSV_SHM);
		o.id = id;
		o.key = ds.shm_perm.__key;
		o.size = ds.shm_segsz;
		o.mode = ds.shm_perm.mode & 0777;
		o.uid = ds.shm_perm.uid;
		o.gid = ds.shm_perm.gid;
		o.cuid = ds.shm_perm.cuid;
		o.cpid = ds.shm_cpid;
		o.lpid = ds.shm_lpid;
		o.nattch = ds.shm_nattch;
		o.marked_destroy = (ds.shm_perm.mode & SHM_DEST) != 0;
		if (ipc_snapshot_add(s, &o))
			return -ENOMEM;
	}
	return 0;
}

/* Semaphore sets; the kernel records no creator pid for a set, so cpid stays 0. */
static int scan_sem(struct ipc_snapshot *s)
{
	struct seminfo info;
	union audit_semun arg;
	int maxidx;

	memset(&info, 0, sizeof(info));
	arg.__buf = &info;
	maxidx = semctl(0, 0, SEM_INFO, arg);
	if (maxidx < 0)
		return info_errno();
	for (int i = 0; i <= maxidx; i++) {
		struct semid_ds ds;
		struct ipc_object o;
		int id;

		memset(&ds, 0, sizeof(ds));
		arg.buf = &ds;
		id = semctl(i, 0, SEM_STAT_ANY, arg);
		if (id < 0) {
			memset(&ds, 0, sizeof(ds));
			id = semctl(i, 0, SEM_STAT, arg);
		}
		if (id < 0)
			continue;
		obj_init(&o, IPCOBJ_SYSV_SEM);
		o.id = id;
		o.key = ds.sem_perm.__key;
		o.size = ds.sem_nsems;
		o.mode = ds.sem_perm.mode & 0777;
		o.uid = ds.sem_perm.uid;
		o.gid = ds.sem_perm.gid;
		o.cuid = ds.sem_perm.cuid;
		if (ipc_snapshot_add(s, &o))
			return -ENOMEM;
	}
	return 0;
}

/* Message queues; "size" is bytes queued and "nattch" messages queued, the two
 * figures that tell a grader whether a consumer ever drained the queue. */
static int scan_msg(struct ipc_snapshot *s)
{
	struct msginfo info;
	int maxidx;

	memset(&info, 0, sizeof(info));
	maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);
	if (maxidx < 0)
		return info_errno();
	for (int i = 0; i <= maxidx; i++) {
		struct msqid_ds ds;
		struct ipc_object o;
		int id;

		memset(&ds, 0, sizeof(ds));
		id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id < 0) {
			memset(&ds, 0, sizeof(ds));
			id = msgctl(i, MSG_STAT, &ds);
		}
		if (id < 0)
			continue;
		obj_init(&o, IPCOBJ_SYSV_MSG);
		o.id = id;
		o.key = ds.msg_perm.__key;
		o.size = ds.msg_cbytes;
		o.mode = ds.msg_perm.mode & 0777;
		o.uid = ds.msg_perm.uid;
		o.gid = ds.msg_perm.gid;
		o.cuid = ds.msg_perm.cuid;
		o.lpid = ds.msg_lspid;
		o.nattch = ds.msg_qnum;
		if (ipc_snapshot_add(s, &o))
			return -ENOMEM;
	}
	return 0;
}

/* Opens a directory to scan; a missing one is "nothing there", reported as -ENOENT
 * so callers can tell it from real failures. */
static DIR *open_dir_at(int dirfd, const char *path, int *err)
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
static bool dir_missing(int err)
{
	return err == -ENOENT || err == -ENOTDIR;
}

/* Sets o->name to "/" + base; false if it does not fit (not recorded rather than
 * recorded under a wrong name that removal would then miss). */
static bool set_posix_name(struct ipc_object *o, const char *base)
{
	int n = snprintf(o->name, sizeof(o->name), "/%s", base);

	return n > 0 && (size_t)n < sizeof(o->name);
}

/* Fills the file-derived fields shared by every POSIX kind and FIFOs. */
static void fill_from_stat(struct ipc_object *o, const struct stat *st)
{
	o->size = (unsigned long long)st->st_size;
	o->mode = st->st_mode & 07777;
	o->uid = st->st_uid;
	o->cuid = st->st_uid;
	o->gid = st->st_gid;
}

/* POSIX shm and named semaphores: glibc keeps both as files in one tmpfs, the
 * semaphores under a "sem." prefix. Subdirectories cannot be shm_open names. */
static int scan_shm_dir(struct ipc_snapshot *s, const char *dir)
{
	struct dirent *de;
	int err = 0;
	DIR *d = open_dir_at(AT_FDCWD, dir, &err);

	if (!d)
		return dir_missing(err) ? 0 : err;
	while ((de = readdir(d))) {
		struct ipc_object o;
		struct stat st;
		const char *base = de->d_name;
		enum ipcobj_kind kind = IPCOBJ_POSIX_SHM;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
			continue;
		if (!strncmp(base, "sem.", 4) && base[4]) {
			kind = IPCOBJ_POSIX_SEM;
			base += 4;
		}
		obj_init(&o, kind);
		if (!set_posix_name(&o, base))
			continue;
		fill_from_stat(&o, &st);
		if (ipc_snapshot_add(s, &o)) {
			closedir(d);
			return -ENOMEM;
		}
	}
	closedir(d);
	return 0;
}

/* Bytes queued, from the "QSIZE:n ..." status text the mqueue fs shows as file
 * contents (st_size there is meaningless). 0 when unreadable. */
static unsigned long long mq_qsize(int dirfd, const char *name)
{
	char buf[256];
	ssize_t r;
	const char *p;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return 0;
	buf[r] = '\0';
	p = strstr(buf, "QSIZE:");
	return p ? strtoull(p + 6, NULL, 10) : 0;
}

/* POSIX message queues, as files of an mqueue mount. */
static int scan_mq_dir(struct ipc_snapshot *s, const char *dir)
{
	struct dirent *de;
	int err = 0;
	DIR *d = open_dir_at(AT_FDCWD, dir, &err);

	if (!d)
		return dir_missing(err) ? 0 : err;
	while ((de = readdir(d))) {
		struct ipc_object o;
		struct stat st;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
			continue;
		obj_init(&o, IPCOBJ_POSIX_MQ);
		if (!set_posix_name(&o, de->d_name))
			continue;
		fill_from_stat(&o, &st);
		o.size = mq_qsize(dirfd(d), de->d_name);
		if (ipc_snapshot_add(s, &o)) {
			closedir(d);
			return -ENOMEM;
		}
	}
	closedir(d);
	return 0;
}

/* Walk state, so the entry budget is shared by the whole recursion. */
struct fifo_walk {
	struct ipc_snapshot *s;
	size_t entries;
	char rel[4096];		/* path of the current dir relative to fifo_dir, "" at top */
};

/* Depth-first FIFO search. Symlinks are never followed (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW)
 * so a student's "ln -s .. loop" cannot make us loop or escape the work dir. */
static int walk_fifos(struct fifo_walk *w, DIR *d, int depth)
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
		n = snprintf(w->rel + rlen, sizeof(w->rel) - rlen, "%s%s",
			     rlen ? "/" : "", de->d_name);
		if (n < 0 || (size_t)n >= sizeof(w->rel) - rlen) {
			w->rel[rlen] = '\0';
			continue;
		}
		if (S_ISFIFO(st.st_mode)) {
			struct ipc_object o;

			obj_init(&o, IPCOBJ_FIFO);
			if (strlen(w->rel) < sizeof(o.name)) {
				strcpy(o.name, w->rel);
				fill_from_stat(&o, &st);
				if (ipc_snapshot_add(w->s, &o))
					return -ENOMEM;
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
static int scan_fifos(struct ipc_snapshot *s, const char *dir)
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
	w->s = s;
	err = walk_fifos(w, d, 0);
	free(w);
	closedir(d);
	return err;
}

/* Total order used for snapshots, so transcripts do not depend on readdir order. */
static int obj_cmp(const void *a, const void *b)
{
	const struct ipc_object *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* SysV first, then files; on any failure out is left empty, as the header promises. */
int ipc_snapshot_take(struct ipc_snapshot *out, const struct ipc_places *where)
{
	int err;

	out->objs = NULL;
	out->n = 0;
	if ((err = scan_shm(out)) || (err = scan_sem(out)) || (err = scan_msg(out)))
		goto fail;
	if (where && where->shm_dir && (err = scan_shm_dir(out, where->shm_dir)))
		goto fail;
	if (where && where->mq_dir && (err = scan_mq_dir(out, where->mq_dir)))
		goto fail;
	if (where && where->fifo_dir && (err = scan_fifos(out, where->fifo_dir)))
		goto fail;
	if (out->n > 1)
		qsort(out->objs, out->n, sizeof(*out->objs), obj_cmp);
	return 0;
fail:
	ipc_snapshot_free(out);
	return err;
}

/* Identity: SysV objects by (kind, id, key, cpid) because a freed id can be handed
 * out again for a different key or creator; everything else by (kind, name). */
static bool same_object(const struct ipc_object *a, const struct ipc_object *b)
{
	if (a->kind != b->kind)
		return false;
	if (is_sysv(a->kind))
		return a->id == b->id && key_eq(a->key, b->key) && a->cpid == b->cpid;
	return !strcmp(a->name, b->name);
}

/* Linear search: snapshots are tens of objects, never worth an index. */
const struct ipc_object *ipc_snapshot_find(const struct ipc_snapshot *s, const struct ipc_object *o)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (same_object(&s->objs[i], o))
			return &s->objs[i];
	return NULL;
}

/* Quadratic, for the same reason as find; out owns copies, not pointers into after. */
int ipc_snapshot_diff(const struct ipc_snapshot *before, const struct ipc_snapshot *after,
		      struct ipc_snapshot *out)
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

/* A POSIX name usable as a single file name: "/x", no other slash, not . or .. */
static bool posix_name_ok(const char *name)
{
	const char *b = name + 1;

	return name[0] == '/' && b[0] && !strchr(b, '/') && strcmp(b, ".") && strcmp(b, "..");
}

/* A FIFO name that stays inside fifo_dir: relative, no ".." component. */
static bool rel_path_ok(const char *p)
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

/* Path of a POSIX object's file inside its directory, e.g. "sem.x" for "/x". */
static bool posix_file(const struct ipc_object *o, char *buf, size_t len)
{
	int n;

	if (!posix_name_ok(o->name))
		return false;
	n = snprintf(buf, len, "%s%s", o->kind == IPCOBJ_POSIX_SEM ? "sem." : "", o->name + 1);
	return n > 0 && (size_t)n < len;
}

/* unlinkat relative to a directory given by path. */
static int unlink_in(const char *dir, const char *file)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = unlinkat(fd, file, 0);
	close(fd);
	return r;
}

/* Removes one object. Unlinking in the given directory rather than calling
 * shm_unlink/mq_unlink keeps removal aimed at the same place the snapshot looked
 * (the library calls always act on /dev/shm and our own IPC namespace). */
static bool remove_one(const struct ipc_object *o, const struct ipc_places *where)
{
	char file[300];
	const char *shm_dir = where ? where->shm_dir : NULL;
	const char *mq_dir = where ? where->mq_dir : NULL;
	const char *fifo_dir = where ? where->fifo_dir : NULL;

	switch (o->kind) {
	case IPCOBJ_SYSV_SHM:
		return shmctl(o->id, IPC_RMID, NULL) == 0;
	case IPCOBJ_SYSV_SEM:
		return semctl(o->id, 0, IPC_RMID) == 0;
	case IPCOBJ_SYSV_MSG:
		return msgctl(o->id, IPC_RMID, NULL) == 0;
	case IPCOBJ_POSIX_SHM:
	case IPCOBJ_POSIX_SEM:
		if (!posix_file(o, file, sizeof(file)))
			return false;
		if (shm_dir)
			return unlink_in(shm_dir, file) == 0;
		return (o->kind == IPCOBJ_POSIX_SEM ? sem_unlink(o->name) : shm_unlink(o->name)) == 0;
	case IPCOBJ_POSIX_MQ:
		if (!posix_file(o, file, sizeof(file)))
			return false;
		return (mq_dir ? unlink_in(mq_dir, file) : mq_unlink(o->name)) == 0;
	case IPCOBJ_FIFO: {
		struct stat st;
		int fd, r;

		if (!fifo_dir || !rel_path_ok(o->name))
			return false;
		fd = open(fifo_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return false;
		/* Only ever unlink a FIFO: the snapshot may be stale. */
		r = fstatat(fd, o->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISFIFO(st.st_mode)
			&& unlinkat(fd, o->name, 0) == 0;
		close(fd);
		return r;
	}
	}
	return false;
}

/* Best effort: one stubborn object must not keep the rest alive. */
int ipc_remove_all(const struct ipc_snapshot *s, const struct ipc_places *where)
{
	int removed = 0;

	for (size_t i = 0; s && i < s->n; i++)
		if (remove_one(&s->objs[i], where))
			removed++;
	return removed;
}

/* lstat relative to a directory given by path; 0 or -1. */
static int stat_in(const char *dir, const char *file, struct stat *st)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fstatat(fd, file, st, AT_SYMLINK_NOFOLLOW);
	close(fd);
	return r;
}

/* Scans only what is needed to answer, so probing a FIFO does not walk /dev/shm. */
bool ipc_object_exists(enum ipcobj_kind kind, long long key, const char *name,
		       const struct ipc_places *where)
{
	struct ipc_object o;
	struct stat st;
	char file[300];
	const char *dir;
	bool found = false;

	if (is_sysv(kind)) {
		struct ipc_snapshot s = { NULL, 0 };
		int err = kind == IPCOBJ_SYSV_SHM ? scan_shm(&s)
			: kind == IPCOBJ_SYSV_SEM ? scan_sem(&s) : scan_msg(&s);

		for (size_t i = 0; !err && i < s.n && !found; i++)
			found = s.objs[i].kind == kind && key_eq(s.objs[i].key, key);
		ipc_snapshot_free(&s);
		return found;
	}
	if (!name || !where)
		return false;
	obj_init(&o, kind);
	if (strlen(name) >= sizeof(o.name))
		return false;
	strcpy(o.name, name);
	if (kind == IPCOBJ_FIFO) {
		if (!where->fifo_dir || !rel_path_ok(name))
			return false;
		dir = where->fifo_dir;
		snprintf(file, sizeof(file), "%s", name);
	} else {
		dir = kind == IPCOBJ_POSIX_MQ ? where->mq_dir : where->shm_dir;
		if (!dir || !posix_file(&o, file, sizeof(file)))
			return false;
	}
	if (stat_in(dir, file, &st))
		return false;
	return kind == IPCOBJ_FIFO ? S_ISFIFO(st.st_mode) : S_ISREG(st.st_mode);
}

/* Short names used in reports and describe(); part of the transcript format. */
const char *ipcobj_kind_name(enum ipcobj_kind kind)
{
	switch (kind) {
	case IPCOBJ_SYSV_SHM: return "shm";
	case IPCOBJ_SYSV_SEM: return "sem";
	case IPCOBJ_SYSV_MSG: return "msg";
	case IPCOBJ_POSIX_SHM: return "posix-shm";
	case IPCOBJ_POSIX_SEM: return "posix-sem";
	case IPCOBJ_POSIX_MQ: return "mqueue";
	case IPCOBJ_FIFO: return "fifo";
	}
	return "unknown";
}

/* The call a student should have made, quoted in hints. */
const char *ipcobj_remover(enum ipcobj_kind kind)
{
	switch (kind) {
	case IPCOBJ_SYSV_SHM: return "shmctl(IPC_RMID)";
	case IPCOBJ_SYSV_SEM: return "semctl(IPC_RMID)";
	case IPCOBJ_SYSV_MSG: return "msgctl(IPC_RMID)";
	case IPCOBJ_POSIX_SHM: return "shm_unlink";
	case IPCOBJ_POSIX_SEM: return "sem_unlink";
	case IPCOBJ_POSIX_MQ: return "mq_unlink";
	case IPCOBJ_FIFO: return "unlink";
	}
	return "unknown";
}

/* Golden transcripts depend on these formats: change them only together with the
 * transcripts. Keys print as the 32-bit key_t, like ipcs does. A POSIX semaphore's
 * file size is sizeof(sem_t), an ABI detail, so it is left out. */
void ipc_object_describe(const struct ipc_object *o, char *buf, size_t len)
{
	const char *k = ipcobj_kind_name(o->kind);
	unsigned key = (unsigned)(key_t)o->key;

	if (!buf || !len)
		return;
	switch (o->kind) {
	case IPCOBJ_SYSV_SHM:
		snprintf(buf, len, "%s key=0x%08x id=%d size=%llu mode=%04o nattch=%llu cpid=%d%s",
			 k, key, o->id, o->size, o->mode, o->nattch, (int)o->cpid,
			 o->marked_destroy ? " dest" : "");
		break;
	case IPCOBJ_SYSV_SEM:
		snprintf(buf, len, "%s key=0x%08x id=%d nsems=%llu mode=%04o",
			 k, key, o->id, o->size, o->mode);
		break;
	case IPCOBJ_SYSV_MSG:
		snprintf(buf, len, "%s key=0x%08x id=%d size=%llu msgs=%llu mode=%04o",
			 k, key, o->id, o->size, o->nattch, o->mode);
		break;
	case IPCOBJ_POSIX_SHM:
	case IPCOBJ_POSIX_MQ:
		snprintf(buf, len, "%s %s size=%llu mode=%04o", k, o->name, o->size, o->mode);
		break;
	case IPCOBJ_POSIX_SEM:
	case IPCOBJ_FIFO:
	default:
		snprintf(buf, len, "%s %s mode=%04o", k, o->name, o->mode);
		break;
	}
}
