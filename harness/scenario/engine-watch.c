/* engine-watch: what the sandbox's init sees of the IPC objects.
 *
 * Two sources: samples (a snapshot every SAMPLE_EVERY and at every state
 * change, engine.c) and the seccomp user-notification watch: every removal of
 * an object and every exit_group of a program is held until we have looked,
 * so short-lived objects are seen, their remover is named, and the
 * descriptors a program still holds at its end are counted. The calls held
 * are the removal calls of the table of kinds (ipc-kinds.c). */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "engine-state.h"

/* Objects the harness's own tools make: libfaketime (time_scale) keeps its
 * shared clock in /dev/shm/faketime_shm_PID and sem.faketime_sem_PID. */
static bool
harness_object(const struct engine *e, const struct ipc_object *o)
{
	return e->sc->time_scale > 1.0 && ipc_kind(o->kind) && ipc_kind(o->kind)->place == IPC_PLACE_SHM &&
	       strncmp(o->name, "/faketime_", 10) == 0;
}

/* Degraded mode looks at the host's IPC: an object another host process made
 * during the run (another test suite, a second grading) would count as the
 * programs'. Run by root, the programs have a uid of their own, and an object
 * created under any other uid is not theirs. */
static bool
foreign_object(const struct engine *e, const struct ipc_object *o)
{
	return e->mode == SANDBOX_DEGRADED && sandbox_sets_uid(e->mode) && o->cuid != e->ids.student_uid;
}

/* glibc's sem_open() builds a semaphore as /dev/shm/sem.XXXXXX and links it
 * to its name: a sample may catch that temporary file for a microsecond. */
static bool
transient_object(const struct ipc_object *o)
{
	if (o->kind != IPCOBJ_POSIX_SEM || strlen(o->name) != 7)
		return false;
	for (int i = 1; i < 7; i++)
		if (!isalnum((unsigned char)o->name[i]))
			return false;
	return true;
}

/* See engine-state.h. */
void
engine_drop_harness_objects(struct engine *e, struct ipc_snapshot *s, bool unlink_them)
{
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (foreign_object(e, &s->objs[i]))
			continue; /* not ours to remove either */
		if (!harness_object(e, &s->objs[i])) {
			s->objs[k++] = s->objs[i];
			continue;
		}
		if (unlink_them) {
			struct ipc_snapshot one = { &s->objs[i], 1 };
			ipc_remove_all(&one, &e->places);
		}
	}
	s->n = k;
}

static void owner_name(struct engine *e, pid_t pid, char *buf, size_t len);

/* Monotonic seconds (engine_now's clock; this file does not call up into engine-core.c). */
static double
mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define SEEN_MAX          4096 /* objects recorded as seen: a report and a grading stay bounded */
#define REMOVAL_SHARE     0.25 /* of the run's time, at most, in snapshots for held removals */
#define REMOVAL_ALLOWANCE 0.05 /* seconds always allowed for them */

/* A hash of the fields of an object's identity that a held removal knows
 * (kind and id, or kind and name): equal objects hash equal (ipc-audit.c). */
static uint64_t
ident_hash(enum ipcobj_kind kind, int id, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;
	const struct ipc_kind *k = ipc_kind(kind);
	if (k && k->keyed)
		return (h ^ (uint64_t)(unsigned)id) * 1099511628211ULL;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

/* Insert entry i of s into ix (which has room). */
static void
ix_put(struct seen_index *ix, const struct ipc_snapshot *s, size_t i)
{
	const struct ipc_object *o = &s->objs[i];
	for (size_t h = ident_hash(o->kind, o->id, o->name) & (ix->cap - 1);; h = (h + 1) & (ix->cap - 1))
		if (ix->slot[h] == 0) {
			ix->slot[h] = i + 1;
			return;
		}
}

/* Bring ix up to date with s, which only grows; false on ENOMEM. */
static bool
ix_sync(struct seen_index *ix, const struct ipc_snapshot *s)
{
	if (ix->count == s->n)
		return true;
	if (2 * s->n >= ix->cap) { /* rebuild at twice the size */
		size_t cap = ix->cap ? ix->cap : 64;
		while (2 * s->n >= cap)
			cap *= 2;
		size_t *slot = calloc(cap, sizeof(*slot));
		if (slot == NULL)
			return false;
		free(ix->slot);
		ix->slot = slot;
		ix->cap = cap;
		ix->count = 0;
	}
	for (; ix->count < s->n; ix->count++)
		ix_put(ix, s, ix->count);
	return true;
}

/* The entry of s with o's identity, through the index (linear if it cannot
 * be built), or NULL. */
static struct ipc_object *
ix_find(struct seen_index *ix, const struct ipc_snapshot *s, const struct ipc_object *o)
{
	if (!ix_sync(ix, s))
		return (struct ipc_object *)ipc_snapshot_find(s, o);
	if (ix->cap == 0)
		return NULL; /* nothing indexed: s is empty */
	for (size_t h = ident_hash(o->kind, o->id, o->name) & (ix->cap - 1); ix->slot[h]; h = (h + 1) & (ix->cap - 1)) {
		struct ipc_snapshot one = { &s->objs[ix->slot[h] - 1], 1 };
		if (ipc_snapshot_find(&one, o))
			return one.objs;
	}
	return NULL;
}

/* See engine-state.h: new objects are added; in a sample, seen ones get
 * what they hold now (a queue removed with messages in it is known by what
 * it held last). */
void
engine_note_seen(struct engine *e, const struct ipc_snapshot *s, bool sample)
{
	for (size_t i = 0; i < s->n; i++) {
		if (sample && transient_object(&s->objs[i]))
			continue;
		if (e->mode == SANDBOX_DEGRADED && ix_find(&e->before_ix, &e->before, &s->objs[i]))
			continue;
		struct ipc_object *had = ix_find(&e->seen_ix, &e->res->seen, &s->objs[i]);
		if (had && sample) { /* what it holds now (ipc_snapshot_note on that entry alone: it is found there) */
			struct ipc_snapshot one = { had, 1 };
			ipc_snapshot_note(&one, &s->objs[i]);
		} else if (!had && e->res->seen.n < SEEN_MAX) {
			ipc_snapshot_add(&e->res->seen, &s->objs[i]);
		}
	}
}

/* Record every IPC object seen now that was not seen before. */
void
engine_sample_ipc(struct engine *e)
{
	struct ipc_snapshot s = { 0 };
	double t0 = mono_now();
	if (e->res->seen.n >= SEEN_MAX) /* nothing more can be recorded: no need to look */
		return;
	if (ipc_snapshot_take(&s, &e->places) != 0)
		return;
	engine_drop_harness_objects(e, &s, false);
	engine_note_seen(e, &s, true);
	ipc_snapshot_free(&s);
	e->sample_cost = mono_now() - t0;
}

/* Mark the seen objects a held removal is about (every one with that kind
 * and id or name not yet marked) as removed by pid's program; false when
 * none is seen yet. O(1) through the index. */
static bool
mark_removed(struct engine *e, const struct ipc_object *t, pid_t pid)
{
	struct ipc_snapshot *seen = &e->res->seen;
	struct seen_index *ix = &e->seen_ix;
	bool found = false;
	if (!ix_sync(ix, seen) || ix->cap == 0)
		return false;
	for (size_t h = ident_hash(t->kind, t->id, t->name) & (ix->cap - 1); ix->slot[h]; h = (h + 1) & (ix->cap - 1)) {
		struct ipc_object *o = &seen->objs[ix->slot[h] - 1];
		bool match = o->kind == t->kind && (t->id >= 0 ? o->id == t->id : strcmp(o->name, t->name) == 0);
		if (!match)
			continue;
		found = true;
		if (o->removed_by[0] == '\0')
			owner_name(e, pid, o->removed_by, sizeof(o->removed_by));
	}
	return found;
}

void
engine_watch_free(struct engine *e)
{
	free(e->seen_ix.slot);
	free(e->before_ix.slot);
	memset(&e->seen_ix, 0, sizeof(e->seen_ix));
	memset(&e->before_ix, 0, sizeof(e->before_ix));
}

/* The running program whose tree holds pid (itself or an ancestor), or -1.
 * Parents come from list when given (a sample already read them), else from
 * /proc. */
static int
tree_owner(struct engine *e, const struct proc_info *list, int n, pid_t pid)
{
	for (int hops = 0; hops < 16 && pid > 1; hops++) {
		for (size_t i = 0; i < e->res->nprocs; i++)
			if (e->res->procs[i].pid == pid && running(e, (int)i))
				return (int)i;
		pid_t up = 0;
		for (int k = 0; k < n && up == 0; k++)
			if (list[k].pid == pid)
				up = list[k].ppid;
		struct proc_info pi = { 0 };
		if (list == NULL && proc_read_stat(pid, &pi) == 0)
			up = pi.ppid;
		pid = up;
	}
	return -1;
}

/* CPU time over wall time depends on the load (a spinner gets a share of a
 * core only); being runnable does not: a process that polls without pausing
 * is found in state R at nearly every look, a sleeping one almost never. */
void
engine_sample_procs(struct engine *e)
{
	enum {
		MAX_LOOK = 1024
	};
	struct proc_info *list = malloc(MAX_LOOK * sizeof(*list));
	int n = list ? sandbox_list_procs(e->mode, list, MAX_LOOK) : -1;
	if (n < 0) {
		free(list);
		return;
	}
	bool *busy = calloc(e->res->nprocs + 1, sizeof(*busy));
	for (int k = 0; k < n; k++)
		engine_channel_seen(e, list[k].pid); /* a valgrind process seen must report */
	for (int k = 0; busy && k < n; k++) {
		if (list[k].state != 'R')
			continue;
		int i = tree_owner(e, list, n, list[k].pid);
		if (i >= 0)
			busy[i] = true;
	}
	for (size_t i = 0; busy && i < e->res->nprocs; i++) {
		if (!running(e, (int)i))
			continue;
		e->res->procs[i].run_samples++;
		e->res->procs[i].runnable_samples += busy[i];
	}
	free(busy);
	free(list);
}

/* The name of the started program pid belongs to (itself or an ancestor),
 * or its own command name. */
static void
owner_name(struct engine *e, pid_t pid, char *buf, size_t len)
{
	int i = tree_owner(e, NULL, 0, pid);
	struct proc_info pi = { 0 };
	if (i >= 0)
		snprintf(buf, len, "%s", e->res->procs[i].name);
	else
		snprintf(buf, len, "%s", proc_read_stat(pid, &pi) == 0 && pi.comm[0] ? pi.comm : "?");
}

/* A string argument of a held call, read from the caller's memory. */
static bool
call_string(pid_t pid, unsigned long long addr, char *buf, size_t len)
{
	struct iovec local = { buf, len - 1 }, remote = { (void *)(uintptr_t)addr, len - 1 };
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* Which object a held removal is about: kind plus id or name, from the
 * removal calls in the table of kinds. A path is matched against the kind's
 * directory, whose files then tell the kinds sharing it apart (sem.x). */
static bool
call_target(const struct engine *e, const struct held_call *c, struct ipc_object *o)
{
	char path[256];
	memset(o, 0, sizeof(*o));
	o->id = -1;
	for (int i = 0; i < IPCOBJ_NKINDS; i++) {
		const struct ipc_kind *k = ipc_kind((enum ipcobj_kind)i);
		for (const struct ipc_removal_call *rc = k ? k->removal_calls : NULL; rc && rc->syscall; rc++) {
			if (rc->nr != c->nr)
				continue;
			unsigned long long arg = c->args[rc->target_arg];
			o->kind = k->kind;
			if (rc->target == IPC_CALL_ID) {
				o->id = (int)arg;
				return true;
			}
			if (rc->target == IPC_CALL_NAME) {
				/* glibc's mq_unlink("/q") makes the call with "q": the audit names it "/q". */
				o->name[0] = '/';
				if (!call_string(c->pid, arg, o->name + 1, sizeof(o->name) - 1))
					return false;
				if (o->name[1] == '/')
					memmove(o->name, o->name + 1, strlen(o->name + 1) + 1);
				return true;
			}
			const char *dir = ipc_kind_dir(k, &e->places);
			size_t dl = dir ? strlen(dir) : 0;
			if (!dir || !call_string(c->pid, arg, path, sizeof(path)) || strncmp(path, dir, dl) != 0 ||
			    path[dl] != '/')
				return false;
			const struct ipc_kind *fk = ipc_kind_of_file(k->place, path + dl + 1, o->name, sizeof(o->name));
			if (fk == NULL)
				return false;
			o->kind = fk->kind;
			return true;
		}
	}
	return false;
}

/* See engine-state.h. */
void
engine_child_ended(struct engine *e, pid_t pid, pid_t ppid, int st)
{
	if (!WIFSIGNALED(st))
		return;
	for (size_t k = 0; k < e->nended; k++)
		if (e->ended[k] == pid)
			return;
	pid_t *n = realloc(e->ended, (e->nended + 1) * sizeof(*n));
	if (n == NULL)
		return;
	e->ended = n;
	e->ended[e->nended++] = pid;
	/* The program whose tree it is: its parent's (an orphan's parent is gone,
	 * then its own pid finds nothing and the stray report names it). */
	int i = tree_owner(e, NULL, 0, ppid > 1 ? ppid : pid);
	if (i < 0 || e->res->procs[i].pid == pid)
		return;
	struct proc_result *p = &e->res->procs[i];
	if (WTERMSIG(st) == SIGKILL && p->killed_by)
		return; /* the harness ended the whole session */
	if (WTERMSIG(st) == SIGPIPE)
		return; /* a writer whose reader ended first: how `ls | sort | head` ends, in the shell too */
	if (p->child_signaled++ == 0) {
		p->child_signal = WTERMSIG(st);
		p->child_pid = pid;
	}
}

/* pid's state letter and, for a zombie, its wait status (field 52 of
 * /proc/PID/stat, "exit_code") and parent; '?' when it cannot be read. */
static char
child_state(pid_t pid, int *st, pid_t *ppid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	char *p = strrchr(buf, ')'), state = '?';
	if (p == NULL || sscanf(p + 1, " %c %d", &state, ppid) != 2)
		return '?';
	if (state != 'Z')
		return state;
	for (int field = 2; p && field < 52; field++) /* ')' ends field 2 */
		p = strchr(p + 1, ' ');
	return p && sscanf(p, " %d", st) == 1 ? 'Z' : '?';
}

/* Note how every zombie child of parent ended; true when the wait may go on:
 * a child has ended or stopped, or there is none (the call then returns
 * ECHILD), or the children cannot be read (never hold blindly). The
 * children of each thread are in /proc/PID/task/TID/children. */
static bool
wait_can_return(struct engine *e, pid_t parent)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/%d/task", (int)parent);
	DIR *d = opendir(path);
	if (d == NULL)
		return true;
	bool go = false, any = false;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/children", (int)parent, de->d_name);
		FILE *f = fopen(path, "re");
		if (f == NULL) {
			go = true;
			continue;
		}
		int child;
		while (fscanf(f, "%d", &child) == 1) {
			int st = 0;
			pid_t pp = 0;
			char state = child_state(child, &st, &pp);
			any = true;
			if (state == 'Z')
				engine_child_ended(e, child, pp, st);
			go |= state == 'Z' || state == 'T' || state == 't' || state == '?';
		}
		fclose(f);
	}
	closedir(d);
	return go || !any;
}

/* A parent calls wait4/waitid: note the children that have ended; hold a
 * blocking call until one does (checked by engine_check_waits), so its end
 * is seen before the parent reaps it. True: held. */
static bool
observe_wait(struct engine *e, const struct held_call *call, int listener)
{
	unsigned long long options = call->nr == SYS_wait4 ? call->args[2] : call->args[3];
	if (wait_can_return(e, call->pid) || (options & WNOHANG))
		return false;
	struct held_wait *n = realloc(e->waits, (e->nwaits + 1) * sizeof(*n));
	if (n == NULL)
		return false;
	e->waits = n;
	e->waits[e->nwaits++] = (struct held_wait){ listener, call->id, call->pid };
	return true;
}

/* See engine-state.h. */
void
engine_check_waits(struct engine *e)
{
	size_t k = 0;
	for (size_t i = 0; i < e->nwaits; i++) {
		struct held_wait *w = &e->waits[i];
		if (!seccomp_watch_pending(w->listener, w->id))
			continue; /* interrupted (restarted as a new call) or its caller died */
		if (wait_can_return(e, w->pid)) {
			seccomp_watch_release(w->listener, w->id);
			continue;
		}
		e->waits[k++] = *w;
	}
	e->nwaits = k;
}

/* The descriptors above 2 that pid holds, and one of them ("fd 3 ->
 * /dev/shm/x") in example; -1 when they cannot be read. */
static int
count_fds(pid_t pid, char *example, size_t len)
{
	char dir[64], path[320], target[96];
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		int fd = atoi(de->d_name);
		if (de->d_name[0] == '.' || fd <= 2)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ssize_t k = readlink(path, target, sizeof(target) - 1);
		target[k > 0 ? k : 0] = '\0';
		if (strstr(target, "/dev/shm/faketime_"))
			continue; /* libfaketime's own, under time_scale */
		if (n++ == 0)
			snprintf(example, len, "fd %d -> %s", fd, target);
	}
	closedir(d);
	return n;
}

/* A process is about to exit: count the descriptors it still holds. A
 * started program's are its own; a forked child's count for its program's
 * tree (the most any child left), compared with the reference's children. */
static void
observe_exit(struct engine *e, pid_t pid)
{
	int i = -1;
	for (size_t k = 0; k < e->res->nprocs; k++)
		if (e->res->procs[k].pid == pid && running(e, (int)k))
			i = (int)k;
	if (i >= 0) {
		struct proc_result *p = &e->res->procs[i];
		int n = count_fds(pid, p->fd_example, sizeof(p->fd_example));
		if (n >= 0)
			p->fds_at_exit = n;
		return;
	}
	i = tree_owner(e, NULL, 0, pid);
	if (i < 0)
		return;
	struct proc_result *p = &e->res->procs[i];
	char example[sizeof(p->child_fd_example)] = "";
	int n = count_fds(pid, example, sizeof(example));
	/* A reference's child is not dumpable: in userns mode its /proc/PID/fd
	 * belongs to a uid the init cannot map, so the count is unknown, not 0. */
	if (n < 0 && p->child_fds_at_exit == 0)
		p->child_fds_at_exit = -1;
	if (n > p->child_fds_at_exit) {
		p->child_fds_at_exit = n;
		memcpy(p->child_fd_example, example, sizeof(example));
	}
}

/* The listener being served, for observe_removal (one at a time). */
static int serving_listener = -1;

/* observe() callback of the watch: who is removing what, or what an exiting
 * program still holds, or how a waiting parent's children ended. A removal
 * of an object already seen costs a lookup; only one of an object not seen
 * yet (made since the last sample) needs a snapshot, and those get at most
 * REMOVAL_SHARE of the run's time: a loop of removals among thousands of
 * objects cannot stall the init. True: the call stays held. */
static bool
observe_removal(void *arg, const struct held_call *call)
{
	struct engine *e = arg;
	struct ipc_object t;
	if (call->nr == SYS_exit_group) {
		engine_channel_call(e, call);
		observe_exit(e, call->pid);
		return false;
	}
	if (call->nr == SYS_wait4 || call->nr == SYS_waitid)
		return observe_wait(e, call, serving_listener);
	if (call->nr == SYS_kill || call->nr == SYS_tkill || call->nr == SYS_tgkill ||
	    call->nr == SYS_rt_sigqueueinfo || call->nr == SYS_rt_tgsigqueueinfo || call->nr == SYS_pidfd_send_signal) {
		engine_channel_call(e, call);
		return false;
	}
	bool known = call_target(e, call, &t);
	/* a queue's last contents matter (queue-checks.c): look at it once more */
	const struct ipc_kind *k = known ? ipc_kind(t.kind) : NULL;
	bool queue = k && k->unreceived_hint;
	if (known && !queue && mark_removed(e, &t, call->pid))
		return false;
	double t0 = mono_now();
	if (e->removal_cost <= REMOVAL_SHARE * (t0 - e->t_start) + REMOVAL_ALLOWANCE) {
		engine_sample_ipc(e);
		e->removal_cost += mono_now() - t0;
	}
	if (known)
		mark_removed(e, &t, call->pid);
	return false;
}

/* A program is about to remove something: record what exists, let it go on. */
void
engine_watch(struct engine *e, struct eproc *p, short revents)
{
	serving_listener = p->watch_fd;
	if ((revents & POLLIN) && seccomp_watch_one(p->watch_fd, observe_removal, e) == 0)
		return;
	if (revents & (POLLHUP | POLLERR | POLLNVAL) || !(revents & POLLIN)) {
		close(p->watch_fd); /* every process of that filter is gone */
		p->watch_fd = -1;
	}
}
