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
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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

/* Record every IPC object seen now that was not seen before. */
void
engine_sample_ipc(struct engine *e)
{
	struct ipc_snapshot s = { 0 };
	if (ipc_snapshot_take(&s, &e->places) != 0)
		return;
	engine_drop_harness_objects(e, &s, false);
	for (size_t i = 0; i < s.n; i++) {
		if (transient_object(&s.objs[i]))
			continue;
		if (e->mode == SANDBOX_DEGRADED && ipc_snapshot_find(&e->before, &s.objs[i]))
			continue;
		ipc_snapshot_note(&e->res->seen, &s.objs[i]); /* new, or what it holds now */
	}
	ipc_snapshot_free(&s);
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

/* A started program is about to exit: count the descriptors it still holds. */
static void
observe_exit(struct engine *e, pid_t pid)
{
	int i = -1;
	for (size_t k = 0; k < e->res->nprocs; k++)
		if (e->res->procs[k].pid == pid && running(e, (int)k))
			i = (int)k;
	if (i < 0)
		return; /* a child of a program: inherited descriptors are normal there */
	struct proc_result *p = &e->res->procs[i];
	char dir[64], path[320], target[96];
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	p->fds_at_exit = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		int fd = atoi(de->d_name);
		if (de->d_name[0] == '.' || fd <= 2)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		if (strstr(target, "/dev/shm/faketime_"))
			continue; /* libfaketime's own, under time_scale */
		if (p->fds_at_exit++ == 0)
			snprintf(p->fd_example, sizeof(p->fd_example), "fd %d -> %s", fd, target);
	}
	closedir(d);
}

/* observe() callback of the watch: a snapshot while the call waits, and who
 * is removing what, or what an exiting program still holds. */
static void
observe_removal(void *arg, const struct held_call *call)
{
	struct engine *e = arg;
	struct ipc_object t;
	if (call->nr == SYS_exit_group) {
		observe_exit(e, call->pid);
		return;
	}
	engine_sample_ipc(e);
	if (!call_target(e, call, &t))
		return;
	struct ipc_snapshot *seen = &e->res->seen;
	for (size_t i = 0; i < seen->n; i++) {
		struct ipc_object *o = &seen->objs[i];
		bool match = o->kind == t.kind && (t.id >= 0 ? o->id == t.id : strcmp(o->name, t.name) == 0);
		if (match && o->removed_by[0] == '\0')
			owner_name(e, call->pid, o->removed_by, sizeof(o->removed_by));
	}
}

/* A program is about to remove something: record what exists, let it go on. */
void
engine_watch(struct engine *e, struct eproc *p, short revents)
{
	if ((revents & POLLIN) && seccomp_watch_one(p->watch_fd, observe_removal, e) == 0)
		return;
	if (revents & (POLLHUP | POLLERR | POLLNVAL) || !(revents & POLLIN)) {
		close(p->watch_fd); /* every process of that filter is gone */
		p->watch_fd = -1;
	}
}
