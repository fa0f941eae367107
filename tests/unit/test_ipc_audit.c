/* Unit tests for harness/audit/ipc-audit.c.
 *
 * Criterion runs every test in its own worker process, in parallel; each worker
 * moves into a private IPC + mount namespace first (see sandbox_enter), so the
 * objects one test creates are invisible to the others and to the host. Needs
 * root (CAP_SYS_ADMIN) for unshare and mount. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <mqueue.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc-audit.h"

/* Not PATH_MAX: -Iharness makes <limits.h> resolve to harness/sandbox/proc-limits.h. */
#define PATHBUF 4096

/* Per-worker state: each test runs in a fresh process, so statics are per test. */
static char shm_dir[64], mq_dir[64], work_dir[64];
static bool shm_over_devshm;
static struct ipc_places places;

/* Private namespaces plus fresh tmpfs/mqueue mounts. The tmpfs is also bound
 * over /dev/shm because glibc's shm_open/sem_open always use /dev/shm. The
 * kernel ignores the fstype of propagation/bind mounts, but valgrind flags NULL. */
static void
sandbox_enter(void)
{
	cr_assert_eq(unshare(CLONE_NEWIPC | CLONE_NEWNS), 0, "unshare: %s (run as root)", strerror(errno));
	cr_assert_eq(mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0, "mount private: %s", strerror(errno));
	umask(0);
	strcpy(shm_dir, "/tmp/ipcaudit-shm.XXXXXX");
	strcpy(mq_dir, "/tmp/ipcaudit-mq.XXXXXX");
	strcpy(work_dir, "/tmp/ipcaudit-work.XXXXXX");
	cr_assert(mkdtemp(shm_dir) && mkdtemp(mq_dir) && mkdtemp(work_dir), "mkdtemp: %s", strerror(errno));
	cr_assert_eq(mount("tmpfs", shm_dir, "tmpfs", 0, "mode=1777"), 0, "tmpfs: %s", strerror(errno));
	cr_assert_eq(mount(shm_dir, "/dev/shm", "none", MS_BIND, NULL), 0, "bind /dev/shm: %s", strerror(errno));
	shm_over_devshm = true;
	cr_assert_eq(mount("mqueue", mq_dir, "mqueue", 0, NULL), 0, "mqueue: %s", strerror(errno));
	places = (struct ipc_places){ .shm_dir = shm_dir, .mq_dir = mq_dir, .fifo_dir = work_dir };
}

/* nftw callback: remove whatever the test left in the work dir. */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* The mounts die with the worker's namespace, but the directories are on the
 * host's /tmp and must be removed explicitly. */
static void
sandbox_leave(void)
{
	if (shm_over_devshm)
		umount2("/dev/shm", MNT_DETACH);
	if (shm_dir[0]) {
		umount2(shm_dir, MNT_DETACH);
		rmdir(shm_dir);
	}
	if (mq_dir[0]) {
		umount2(mq_dir, MNT_DETACH);
		rmdir(mq_dir);
	}
	if (work_dir[0])
		nftw(work_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(ipc_audit, .init = sandbox_enter, .fini = sandbox_leave);

/* Snapshot that must succeed. */
static struct ipc_snapshot
take(void)
{
	struct ipc_snapshot s;

	cr_assert_eq(ipc_snapshot_take(&s, &places), 0);
	return s;
}

/* The only object of a kind in s (asserting there is exactly one). */
static const struct ipc_object *
only(const struct ipc_snapshot *s, enum ipcobj_kind kind)
{
	const struct ipc_object *found = NULL;
	int n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->objs[i].kind == kind) {
			found = &s->objs[i];
			n++;
		}
	cr_assert_eq(n, 1, "%d objects of kind %s", n, ipcobj_kind_name(kind));
	return found;
}

/* Number of lines (minus header) in a /proc/sysvipc file: an independent count. */
static int
proc_sysvipc_count(const char *file)
{
	char path[64], line[512];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

/* mkdir -p for the relative path p under the work dir. */
static void
mkdirs(const char *p)
{
	char path[PATHBUF];

	snprintf(path, sizeof(path), "%s/%s", work_dir, p);
	for (char *c = path + strlen(work_dir) + 1; *c; c++)
		if (*c == '/') {
			*c = '\0';
			mkdir(path, 0755);
			*c = '/';
		}
	cr_assert(mkdir(path, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", path, strerror(errno));
}

/* mkfifo at a path relative to the work dir. */
static void
make_fifo(const char *rel, mode_t mode)
{
	char path[PATHBUF];

	snprintf(path, sizeof(path), "%s/%s", work_dir, rel);
	cr_assert_eq(mkfifo(path, mode), 0, "mkfifo %s: %s", path, strerror(errno));
}

/* A POSIX shm object of the given size. */
static void
make_posix_shm(const char *name, off_t size)
{
	int fd = shm_open(name, O_CREAT | O_RDWR, 0666);

	cr_assert_geq(fd, 0, "shm_open: %s", strerror(errno));
	cr_assert_eq(ftruncate(fd, size), 0);
	close(fd);
}

/* A named semaphore, closed again (the name stays). */
static void
make_posix_sem(const char *name)
{
	sem_t *s = sem_open(name, O_CREAT, 0644, 1);

	cr_assert_neq(s, SEM_FAILED, "sem_open: %s", strerror(errno));
	sem_close(s);
}

/* A POSIX message queue with one 5-byte message queued. */
static void
make_mq(const char *name)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mqd_t q = mq_open(name, O_CREAT | O_RDWR, 0600, &a);

	cr_assert_neq(q, (mqd_t)-1, "mq_open: %s", strerror(errno));
	cr_assert_eq(mq_send(q, "hello", 5, 0), 0);
	mq_close(q);
}

/* A fresh namespace and empty dirs: nothing at all. */
Test(ipc_audit, empty_namespace)
{
	struct ipc_snapshot s = take();

	cr_assert_eq(s.n, 0);
	ipc_snapshot_free(&s);
	cr_assert_null(s.objs);
}

/* Missing directories mean "nothing there", not failure; NULL places is SysV only. */
Test(ipc_audit, missing_dirs_and_null_places)
{
	struct ipc_places nowhere = { "/nonexistent/a", "/nonexistent/b", "/nonexistent/c", NULL, false };
	struct ipc_snapshot s;

	cr_assert_geq(shmget(1, 1, IPC_CREAT | 0600), 0);
	cr_assert_eq(ipc_snapshot_take(&s, &nowhere), 0);
	cr_assert_eq(s.n, 1);
	ipc_snapshot_free(&s);
	cr_assert_eq(ipc_snapshot_take(&s, NULL), 0);
	cr_assert_eq(s.n, 1);
	ipc_snapshot_free(&s);
}

/* The canonical student leak: shmget(1234, 1, IPC_CREAT|0666) never removed. */
Test(ipc_audit, sysv_shm)
{
	int id = shmget(1234, 1, IPC_CREAT | 0666);
	struct ipc_snapshot s;
	const struct ipc_object *o;

	cr_assert_geq(id, 0);
	s = take();
	cr_assert_eq(s.n, 1);
	o = only(&s, IPCOBJ_SYSV_SHM);
	cr_assert_eq(o->id, id);
	cr_assert_eq(o->key, 1234);
	cr_assert_eq(o->size, 1);
	cr_assert_eq(o->mode, 0666);
	cr_assert_eq(o->nattch, 0);
	cr_assert_eq(o->cpid, getpid());
	cr_assert_eq(o->uid, getuid());
	cr_assert_eq(o->cuid, getuid());
	cr_assert_eq(o->gid, getgid());
	cr_assert_not(o->marked_destroy);
	cr_assert_eq(proc_sysvipc_count("shm"), 1);
	ipc_snapshot_free(&s);
}

/* Objects without read permission for us are still listed (SHM_STAT_ANY). */
Test(ipc_audit, sysv_unreadable_objects)
{
	struct ipc_snapshot s;

	cr_assert_geq(shmget(7, 4096, IPC_CREAT | 0), 0);
	cr_assert_geq(semget(7, 1, IPC_CREAT | 0), 0);
	cr_assert_geq(msgget(7, IPC_CREAT | 0), 0);
	s = take();
	cr_assert_eq(s.n, 3);
	cr_assert_eq(only(&s, IPCOBJ_SYSV_SHM)->mode, 0);
	cr_assert_eq(only(&s, IPCOBJ_SYSV_SEM)->key, 7);
	cr_assert_eq(only(&s, IPCOBJ_SYSV_MSG)->key, 7);
	ipc_snapshot_free(&s);
}

/* IPC_RMID while attached: the segment stays, keyless and marked, until shmdt. */
Test(ipc_audit, shm_marked_destroy)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p;
	struct ipc_snapshot s;
	const struct ipc_object *o;
	char line[256];

	cr_assert_geq(id, 0);
	p = shmat(id, NULL, 0);
	cr_assert_neq(p, (void *)-1);
	cr_assert_eq(shmctl(id, IPC_RMID, NULL), 0);
	s = take();
	o = only(&s, IPCOBJ_SYSV_SHM);
	cr_assert(o->marked_destroy);
	cr_assert_eq(o->nattch, 1);
	cr_assert_eq(o->key, 0);
	cr_assert_eq(o->lpid, getpid());
	ipc_object_describe(o, line, sizeof(line));
	cr_assert(strstr(line, " nattch=1 ") && strstr(line, " dest"), "%s", line);
	ipc_snapshot_free(&s);
	cr_assert_eq(shmdt(p), 0);
	s = take();
	cr_assert_eq(s.n, 0);
	ipc_snapshot_free(&s);
}

/* shmctl(IPC_RMID) before shmdt: the kernel turns the key into IPC_PRIVATE,
 * and the segment seen before and after is still one object (found, not new). */
Test(ipc_audit, shm_marked_destroy_same_object)
{
	int id = shmget(0x4d2, 64, IPC_CREAT | 0666);
	struct ipc_snapshot before, after, d;
	void *p;

	cr_assert_geq(id, 0);
	p = shmat(id, NULL, 0);
	cr_assert_neq(p, (void *)-1);
	before = take();
	cr_assert_eq(only(&before, IPCOBJ_SYSV_SHM)->key, 0x4d2);
	cr_assert_eq(shmctl(id, IPC_RMID, NULL), 0);
	after = take();
	cr_assert_eq(only(&after, IPCOBJ_SYSV_SHM)->key, 0);
	cr_assert(only(&after, IPCOBJ_SYSV_SHM)->marked_destroy);
	cr_assert_eq(ipc_snapshot_find(&before, &after.objs[0]), &before.objs[0]);
	cr_assert_eq(ipc_snapshot_diff(&before, &after, &d), 0);
	cr_assert_eq(d.n, 0, "the marked segment was listed as a new object");
	ipc_snapshot_free(&d);
	cr_assert_eq(shmdt(p), 0);
	ipc_snapshot_free(&before);
	ipc_snapshot_free(&after);
}

/* A FIFO in the second place (the sandbox's /tmp) is listed by its absolute
 * path, found by it, and removed: every object left anywhere is. */
Test(ipc_audit, fifo_in_tmp_dir)
{
	char tmp[PATHBUF], name[PATHBUF + 16], path[PATHBUF + 32];
	struct ipc_snapshot s;
	const struct ipc_object *o;

	snprintf(tmp, sizeof(tmp), "%s/tmp", work_dir);
	cr_assert_eq(mkdir(tmp, 0777), 0);
	places.tmp_dir = tmp;
	snprintf(path, sizeof(path), "%s/myfifo", tmp);
	cr_assert_eq(mkfifo(path, 0600), 0);
	places.fifo_dir = shm_dir; /* not below the work dir: only tmp_dir finds it */
	s = take();
	o = only(&s, IPCOBJ_FIFO);
	snprintf(name, sizeof(name), "%s/myfifo", tmp);
	cr_assert_str_eq(o->name, name);
	cr_assert(ipc_object_exists(IPCOBJ_FIFO, 0, name, &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_FIFO, 0, "/elsewhere/myfifo", &places));
	cr_assert_eq(ipc_remove_all(&s, &places), 1);
	cr_assert_neq(access(path, F_OK), 0, "the FIFO in tmp_dir was not removed");
	ipc_snapshot_free(&s);
}

/* Semaphore set size is nsems. */
Test(ipc_audit, sysv_sem)
{
	int id = semget(42, 3, IPC_CREAT | 0600);
	struct ipc_snapshot s;
	const struct ipc_object *o;

	cr_assert_geq(id, 0);
	s = take();
	o = only(&s, IPCOBJ_SYSV_SEM);
	cr_assert_eq(o->id, id);
	cr_assert_eq(o->key, 42);
	cr_assert_eq(o->size, 3);
	cr_assert_eq(o->mode, 0600);
	cr_assert_eq(o->nattch, 0);
	cr_assert_eq(proc_sysvipc_count("sem"), 1);
	ipc_snapshot_free(&s);
}

/* A message queue reports bytes and messages still queued. */
Test(ipc_audit, sysv_msg)
{
	struct {
		long type;
		char text[16];
	} m = { 1, "0123456789abcdef" };
	int id = msgget(43, IPC_CREAT | 0640);
	struct ipc_snapshot s;
	const struct ipc_object *o;

	cr_assert_geq(id, 0);
	cr_assert_eq(msgsnd(id, &m, 5, 0), 0);
	cr_assert_eq(msgsnd(id, &m, 11, 0), 0);
	s = take();
	o = only(&s, IPCOBJ_SYSV_MSG);
	cr_assert_eq(o->id, id);
	cr_assert_eq(o->key, 43);
	cr_assert_eq(o->size, 16);
	cr_assert_eq(o->nattch, 2);
	cr_assert_eq(o->mode, 0640);
	cr_assert_eq(o->lpid, getpid());
	cr_assert_eq(o->rpid, 0, "nobody received yet");
	cr_assert_gt(o->qlimit, 0, "msg_qbytes is the queue's limit");
	cr_assert_eq(o->last_msgs, 2);
	cr_assert_eq(o->last_bytes, 16);
	cr_assert_eq(proc_sysvipc_count("msg"), 1);
	ipc_snapshot_free(&s);
}

/* A queue seen again: note() keeps the first look and what it holds now,
 * so a queue drained (or not) before its removal is known by its last look. */
Test(ipc_audit, note_keeps_last_contents)
{
	struct {
		long type;
		char text[8];
	} m = { 1, "abcdefg" };
	int id = msgget(44, IPC_CREAT | 0600);
	struct ipc_snapshot seen = { 0 }, s;
	char buf[128];

	cr_assert_geq(id, 0);
	s = take();
	cr_assert_eq(ipc_snapshot_note(&seen, only(&s, IPCOBJ_SYSV_MSG)), 0);
	ipc_snapshot_free(&s);
	cr_assert_eq(msgsnd(id, &m, 8, 0), 0);
	cr_assert_eq(msgsnd(id, &m, 8, 0), 0);
	s = take();
	cr_assert_eq(ipc_snapshot_note(&seen, only(&s, IPCOBJ_SYSV_MSG)), 0);
	ipc_snapshot_free(&s);
	cr_assert_eq(seen.n, 1);
	cr_assert_eq(seen.objs[0].nattch, 0, "the first look");
	cr_assert_eq(seen.objs[0].last_msgs, 2);
	cr_assert_eq(seen.objs[0].last_bytes, 16);
	cr_assert_eq(seen.objs[0].lpid, getpid(), "the last sender");
	cr_assert(ipc_queue_unreceived(IPCOBJ_SYSV_MSG, 2, 510, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "2 messages (510 bytes) never received");
	cr_assert(ipc_queue_unreceived(IPCOBJ_POSIX_MQ, 1, 1, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "1 message (1 byte) never received");
	cr_assert_not(ipc_queue_unreceived(IPCOBJ_POSIX_MQ, 0, 0, buf, sizeof(buf)), "an empty queue");
	cr_assert_not(ipc_queue_unreceived(IPCOBJ_SYSV_SHM, 2, 5, buf, sizeof(buf)), "not a queue");
	ipc_snapshot_free(&seen);
}

/* shm_open + ftruncate shows up as a file of that size in the shm dir. */
Test(ipc_audit, posix_shm)
{
	struct ipc_snapshot s;
	const struct ipc_object *o;

	make_posix_shm("/my_shm", 8196);
	s = take();
	cr_assert_eq(s.n, 1);
	o = only(&s, IPCOBJ_POSIX_SHM);
	cr_assert_str_eq(o->name, "/my_shm");
	cr_assert_eq(o->size, 8196);
	cr_assert_eq(o->mode, 0666);
	cr_assert_eq(o->id, -1);
	cr_assert_eq(o->key, 0);
	ipc_snapshot_free(&s);
}

/* sem_open's sem.NAME file is a semaphore, not a shm object. */
Test(ipc_audit, posix_sem)
{
	struct ipc_snapshot s;
	const struct ipc_object *o;

	make_posix_sem("/my_sem");
	s = take();
	cr_assert_eq(s.n, 1);
	o = only(&s, IPCOBJ_POSIX_SEM);
	cr_assert_str_eq(o->name, "/my_sem");
	cr_assert_eq(o->mode, 0644);
	ipc_snapshot_free(&s);
}

/* mq_open in the namespace appears in its mqueue mount, size = bytes queued. */
Test(ipc_audit, posix_mq)
{
	struct ipc_snapshot s;
	const struct ipc_object *o;

	make_mq("/my_mq");
	s = take();
	cr_assert_eq(s.n, 1);
	o = only(&s, IPCOBJ_POSIX_MQ);
	cr_assert_str_eq(o->name, "/my_mq");
	cr_assert_eq(o->size, 5);
	cr_assert_eq(o->mode, 0600);
	/* mq_getattr on the file opened in the mount: count and attributes */
	cr_assert_eq(o->nattch, 1);
	cr_assert_eq(o->qlimit, 4);
	cr_assert_eq(o->msgsize, 64);
	ipc_snapshot_free(&s);
	s = take();
	cr_assert_eq(only(&s, IPCOBJ_POSIX_MQ)->nattch, 1, "looking receives nothing");
	ipc_snapshot_free(&s);
}

/* FIFOs are found recursively, named relative to the work dir; symlinks are not followed. */
Test(ipc_audit, fifo_nested)
{
	struct ipc_snapshot s;
	char link[PATHBUF];

	mkdirs("a/b");
	make_fifo("a/b/f", 0620);
	make_fifo("top", 0600);
	snprintf(link, sizeof(link), "%s/a/loop", work_dir);
	cr_assert_eq(symlink("..", link), 0);
	s = take();
	cr_assert_eq(s.n, 2);
	/* Sorted by name. */
	cr_assert_eq(s.objs[0].kind, IPCOBJ_FIFO);
	cr_assert_str_eq(s.objs[0].name, "a/b/f");
	cr_assert_eq(s.objs[0].mode, 0620);
	cr_assert_str_eq(s.objs[1].name, "top");
	ipc_snapshot_free(&s);
}

/* The walk stops at depth 8 so hostile trees cannot make it run forever. */
Test(ipc_audit, fifo_depth_bound)
{
	struct ipc_snapshot s;

	mkdirs("1/2/3/4/5/6/7/8/9");
	make_fifo("1/2/3/4/5/6/7/8/in", 0600);
	make_fifo("1/2/3/4/5/6/7/8/9/out", 0600);
	s = take();
	cr_assert_eq(s.n, 1);
	cr_assert_str_eq(s.objs[0].name, "1/2/3/4/5/6/7/8/in");
	ipc_snapshot_free(&s);
}

/* diff returns exactly what appeared between two snapshots. */
Test(ipc_audit, diff_finds_new_objects)
{
	struct ipc_snapshot before, after, d;

	cr_assert_geq(shmget(1, 1, IPC_CREAT | 0600), 0);
	make_posix_shm("/old", 1);
	before = take();
	cr_assert_eq(before.n, 2);
	cr_assert_geq(semget(2, 1, IPC_CREAT | 0600), 0);
	make_mq("/new_q");
	make_fifo("new_fifo", 0600);
	after = take();
	cr_assert_eq(after.n, 5);
	cr_assert_eq(ipc_snapshot_diff(&before, &after, &d), 0);
	cr_assert_eq(d.n, 3);
	cr_assert_eq(only(&d, IPCOBJ_SYSV_SEM)->key, 2);
	cr_assert_str_eq(only(&d, IPCOBJ_POSIX_MQ)->name, "/new_q");
	cr_assert_str_eq(only(&d, IPCOBJ_FIFO)->name, "new_fifo");
	ipc_snapshot_free(&d);
	/* Nothing disappears from before's point of view in the reverse diff. */
	cr_assert_eq(ipc_snapshot_diff(&after, &before, &d), 0);
	cr_assert_eq(d.n, 0);
	ipc_snapshot_free(&d);
	ipc_snapshot_free(&before);
	ipc_snapshot_free(&after);
}

/* SysV identity includes the key, so a reused id with another key is a new object. */
Test(ipc_audit, find_identity)
{
	struct ipc_snapshot s = { NULL, 0 };
	struct ipc_object a = { .kind = IPCOBJ_SYSV_SHM, .id = 5, .key = 10 };
	struct ipc_object b = { .kind = IPCOBJ_POSIX_SHM, .id = -1, .name = "/x" };
	struct ipc_object q = a;

	cr_assert_eq(ipc_snapshot_add(&s, &a), 0);
	cr_assert_eq(ipc_snapshot_add(&s, &b), 0);
	cr_assert_eq(ipc_snapshot_find(&s, &q), &s.objs[0]);
	q.size = 99; /* attributes do not matter */
	cr_assert_eq(ipc_snapshot_find(&s, &q), &s.objs[0]);
	q.key = 11;
	cr_assert_null(ipc_snapshot_find(&s, &q));
	q = a;
	q.kind = IPCOBJ_SYSV_SEM;
	cr_assert_null(ipc_snapshot_find(&s, &q));
	q = b;
	cr_assert_eq(ipc_snapshot_find(&s, &q), &s.objs[1]);
	strcpy(q.name, "/y");
	cr_assert_null(ipc_snapshot_find(&s, &q));
	q = b;
	q.kind = IPCOBJ_POSIX_SEM;
	cr_assert_null(ipc_snapshot_find(&s, &q));
	ipc_snapshot_free(&s);
}

/* Growth by doubling keeps every element intact. */
Test(ipc_audit, add_many)
{
	struct ipc_snapshot s = { NULL, 0 };

	for (int i = 0; i < 1000; i++) {
		struct ipc_object o = { .kind = IPCOBJ_SYSV_MSG, .id = i, .key = i * 3 };

		cr_assert_eq(ipc_snapshot_add(&s, &o), 0);
	}
	cr_assert_eq(s.n, 1000);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(s.objs[i].id, i);
	ipc_snapshot_free(&s);
	ipc_snapshot_free(&s); /* double free is harmless */
}

/* remove_all removes every kind and reports the count. */
Test(ipc_audit, remove_all)
{
	struct {
		long type;
		char text[4];
	} m = { 1, "abc" };
	struct ipc_snapshot s;
	int msq;

	cr_assert_geq(shmget(1234, 1, IPC_CREAT | 0666), 0);
	cr_assert_geq(semget(1235, 3, IPC_CREAT | 0600), 0);
	msq = msgget(1236, IPC_CREAT | 0600);
	cr_assert_geq(msq, 0);
	cr_assert_eq(msgsnd(msq, &m, 3, 0), 0);
	make_posix_shm("/my_shm", 8196);
	make_posix_sem("/my_sem");
	make_mq("/my_mq");
	mkdirs("x/y");
	make_fifo("x/y/f", 0600);
	s = take();
	cr_assert_eq(s.n, 7);
	cr_assert_eq(ipc_remove_all(&s, &places), 7);
	/* A stale snapshot removes nothing the second time. */
	cr_assert_eq(ipc_remove_all(&s, &places), 0);
	ipc_snapshot_free(&s);
	s = take();
	cr_assert_eq(s.n, 0);
	ipc_snapshot_free(&s);
	cr_assert_eq(proc_sysvipc_count("shm"), 0);
	cr_assert_eq(proc_sysvipc_count("sem"), 0);
	cr_assert_eq(proc_sysvipc_count("msg"), 0);
	cr_assert_eq(sem_open("/my_sem", 0), SEM_FAILED);
	cr_assert_eq(mq_open("/my_mq", O_RDONLY), (mqd_t)-1);
}

/* Without directories, POSIX objects are removed with the library calls. */
Test(ipc_audit, remove_without_dirs)
{
	struct ipc_snapshot s;
	struct ipc_places none = { NULL, NULL, NULL, NULL, false };

	make_posix_shm("/a", 1);
	make_posix_sem("/b");
	make_mq("/c");
	s = take();
	cr_assert_eq(s.n, 3);
	cr_assert_eq(ipc_remove_all(&s, &none), 3);
	ipc_snapshot_free(&s);
	s = take();
	cr_assert_eq(s.n, 0);
	ipc_snapshot_free(&s);
}

/* A stale FIFO entry never unlinks something that is no longer a FIFO. */
Test(ipc_audit, remove_fifo_only_if_fifo)
{
	struct ipc_snapshot s = { NULL, 0 };
	struct ipc_object o = { .kind = IPCOBJ_FIFO, .id = -1, .name = "plain" };
	struct ipc_object esc = { .kind = IPCOBJ_FIFO, .id = -1, .name = "../escape" };
	char path[PATHBUF];
	int fd;

	snprintf(path, sizeof(path), "%s/plain", work_dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(ipc_snapshot_add(&s, &o), 0);
	cr_assert_eq(ipc_snapshot_add(&s, &esc), 0);
	cr_assert_eq(ipc_remove_all(&s, &places), 0);
	cr_assert_eq(access(path, F_OK), 0);
	ipc_snapshot_free(&s);
}

/* exists() by key for SysV, by name for the rest. */
Test(ipc_audit, exists)
{
	cr_assert_not(ipc_object_exists(IPCOBJ_SYSV_SHM, 1234, NULL, &places));
	cr_assert_geq(shmget(1234, 1, IPC_CREAT | 0666), 0);
	cr_assert_geq(semget((key_t)0xdeadbeef, 1, IPC_CREAT | 0600), 0);
	cr_assert(ipc_object_exists(IPCOBJ_SYSV_SHM, 1234, NULL, &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_SYSV_SHM, 4321, NULL, &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_SYSV_SEM, 1234, NULL, &places));
	cr_assert(ipc_object_exists(IPCOBJ_SYSV_SEM, (key_t)0xdeadbeef, NULL, &places));
	cr_assert(ipc_object_exists(IPCOBJ_SYSV_SEM, 0xdeadbeefLL, NULL, &places));

	make_posix_shm("/s", 1);
	make_posix_sem("/s");
	make_mq("/q");
	mkdirs("d");
	make_fifo("d/f", 0600);
	cr_assert(ipc_object_exists(IPCOBJ_POSIX_SHM, 0, "/s", &places));
	cr_assert(ipc_object_exists(IPCOBJ_POSIX_SEM, 0, "/s", &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_POSIX_SHM, 0, "/q", &places));
	cr_assert(ipc_object_exists(IPCOBJ_POSIX_MQ, 0, "/q", &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_POSIX_MQ, 0, "/s", &places));
	cr_assert(ipc_object_exists(IPCOBJ_FIFO, 0, "d/f", &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_FIFO, 0, "d", &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_FIFO, 0, "../x", &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_POSIX_SHM, 0, "s", &places));
	cr_assert_not(ipc_object_exists(IPCOBJ_POSIX_SHM, 0, "/s", NULL));
	cr_assert_not(ipc_object_exists(IPCOBJ_POSIX_SHM, 0, NULL, &places));
}

/* describe() formats are golden: transcripts depend on them byte for byte. */
Test(ipc_audit, describe_golden)
{
	struct ipc_object shm = {
		.kind = IPCOBJ_SYSV_SHM, .id = 0, .key = 1234, .size = 1, .mode = 0666, .nattch = 0, .cpid = 3
	};
	struct ipc_object dest = { .kind = IPCOBJ_SYSV_SHM,
				   .id = 32769,
				   .key = 0,
				   .size = 4096,
				   .mode = 0600,
				   .nattch = 2,
				   .cpid = 7,
				   .marked_destroy = true };
	struct ipc_object sem = { .kind = IPCOBJ_SYSV_SEM, .id = 1, .key = (key_t)0xdeadbeef, .size = 3, .mode = 0600 };
	struct ipc_object msg = { .kind = IPCOBJ_SYSV_MSG, .id = 2, .key = 43, .size = 16, .nattch = 2, .mode = 0640 };
	struct ipc_object pshm = { .kind = IPCOBJ_POSIX_SHM, .id = -1, .name = "/my_shm", .size = 8196, .mode = 0666 };
	struct ipc_object psem = { .kind = IPCOBJ_POSIX_SEM, .id = -1, .name = "/my_sem", .size = 32, .mode = 0644 };
	struct ipc_object mq = { .kind = IPCOBJ_POSIX_MQ, .id = -1, .name = "/my_mq", .size = 5, .mode = 0600 };
	struct ipc_object mq2 = { .kind = IPCOBJ_POSIX_MQ,
				  .id = -1,
				  .name = "/q",
				  .size = 9,
				  .nattch = 2,
				  .qlimit = 10,
				  .msgsize = 256,
				  .mode = 0666 };
	struct ipc_object msg2 = {
		.kind = IPCOBJ_SYSV_MSG, .id = 0, .key = 1234, .size = 510, .nattch = 2, .qlimit = 16384, .mode = 0666
	};
	struct ipc_object fifo = { .kind = IPCOBJ_FIFO, .id = -1, .name = "a/b/f", .mode = 0620 };
	char buf[256], small[8];

	ipc_object_describe(&shm, buf, sizeof(buf));
	cr_assert_str_eq(buf, "shm key=0x000004d2 id=0 size=1 mode=0666 nattch=0 cpid=3");
	ipc_object_describe(&dest, buf, sizeof(buf));
	cr_assert_str_eq(buf, "shm key=0x00000000 id=32769 size=4096 mode=0600 nattch=2 cpid=7 dest");
	ipc_object_describe(&sem, buf, sizeof(buf));
	cr_assert_str_eq(buf, "sem key=0xdeadbeef id=1 nsems=3 mode=0600");
	ipc_object_describe(&msg, buf, sizeof(buf));
	cr_assert_str_eq(buf, "msg key=0x0000002b id=2 size=16 msgs=2 mode=0640");
	ipc_object_describe(&pshm, buf, sizeof(buf));
	cr_assert_str_eq(buf, "posix-shm /my_shm size=8196 mode=0666");
	ipc_object_describe(&psem, buf, sizeof(buf));
	cr_assert_str_eq(buf, "posix-sem /my_sem mode=0644");
	ipc_object_describe(&mq, buf, sizeof(buf));
	cr_assert_str_eq(buf, "mqueue /my_mq size=5 msgs=0 mode=0600");
	ipc_object_describe(&mq2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "mqueue /q size=9 msgs=2 maxmsg=10 msgsize=256 mode=0666");
	ipc_object_describe(&msg2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "msg key=0x000004d2 id=0 size=510 msgs=2 qbytes=16384 mode=0666");
	ipc_object_describe(&fifo, buf, sizeof(buf));
	cr_assert_str_eq(buf, "fifo a/b/f mode=0620");
	ipc_object_describe(&shm, small, sizeof(small));
	cr_assert_str_eq(small, "shm key");
}

/* describe() of a live object, so the formats match what take() fills in. */
Test(ipc_audit, describe_live_shm)
{
	struct ipc_snapshot s;
	char buf[256], want[256];

	cr_assert_eq(shmget(1234, 1, IPC_CREAT | 0666), 0, "first id in a fresh namespace is 0");
	s = take();
	ipc_object_describe(only(&s, IPCOBJ_SYSV_SHM), buf, sizeof(buf));
	snprintf(want, sizeof(want), "shm key=0x000004d2 id=0 size=1 mode=0666 nattch=0 cpid=%d", (int)getpid());
	cr_assert_str_eq(buf, want);
	ipc_snapshot_free(&s);
}

/* Names used in reports and hints. */
Test(ipc_audit, kind_and_remover_names)
{
	static const struct {
		enum ipcobj_kind k;
		const char *name, *remover;
	} t[] = {
		{ IPCOBJ_SYSV_SHM, "shm", "shmctl(IPC_RMID)" },
		{ IPCOBJ_SYSV_SEM, "sem", "semctl(IPC_RMID)" },
		{ IPCOBJ_SYSV_MSG, "msg", "msgctl(IPC_RMID)" },
		{ IPCOBJ_POSIX_SHM, "posix-shm", "shm_unlink" },
		{ IPCOBJ_POSIX_SEM, "posix-sem", "sem_unlink" },
		{ IPCOBJ_POSIX_MQ, "mqueue", "mq_unlink" },
		{ IPCOBJ_FIFO, "fifo", "unlink" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cr_assert_str_eq(ipcobj_kind_name(t[i].k), t[i].name);
		cr_assert_str_eq(ipcobj_remover(t[i].k), t[i].remover);
	}
	cr_assert_str_eq(ipcobj_kind_name((enum ipcobj_kind)99), "unknown");
}
