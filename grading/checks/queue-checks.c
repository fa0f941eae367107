/* queue-checks: message queues in the checks (see queue-checks.h).
 *
 * A queue's contents at its end are exact: a removal is held by the seccomp
 * watch until the engine has looked (ipc_snapshot_note keeps what the queue
 * held then), and a queue left behind is in the final snapshot. So "never
 * received" compares two measured figures, the run's and the reference's. */
#include "queue-checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Same key (keyed kinds) or name. */
static bool
same_queue(const struct ipc_object *a, const struct ipc_object *b)
{
	const struct ipc_kind *k = ipc_kind(a->kind);

	if (a->kind != b->kind || !k)
		return false;
	return k->keyed ? ipc_key_eq(a->key, b->key) : strcmp(a->name, b->name) == 0;
}

/* What the i-th seen object of r held at its end: the final snapshot when it
 * was left behind, else the last look (the removal held). */
static void
queue_end(const struct scenario_result *r, size_t i, unsigned long long *msgs, unsigned long long *bytes)
{
	const struct ipc_object *g = &r->seen.objs[i], *l = ipc_snapshot_find(&r->left, g);

	*msgs = l ? l->nattch : g->last_msgs;
	*bytes = l ? l->size : g->last_bytes;
}

/* The reference's counterpart of the run's i-th seen object: the n-th object
 * of the same key or name in each run (a scenario may create one several times). */
static long
counterpart(const struct scenario_result *run, size_t i, const struct scenario_result *ref)
{
	size_t rank = 0, k = 0;

	for (size_t j = 0; j < i; j++)
		rank += same_queue(&run->seen.objs[i], &run->seen.objs[j]);
	for (size_t j = 0; ref && j < ref->seen.n; j++)
		if (same_queue(&run->seen.objs[i], &ref->seen.objs[j]) && k++ == rank)
			return (long)j;
	return -1;
}

/* The program of r whose pid is pid, as "name (yours)", into buf; false if none. */
static bool
pid_name(const struct scenario_result *r, pid_t pid, char *buf, size_t len)
{
	for (size_t i = 0; pid > 0 && i < r->nprocs; i++)
		if (r->procs[i].pid == pid) {
			snprintf(buf, len, "%s (%s)", r->procs[i].name, r->procs[i].trusted ? "reference" : "yours");
			return true;
		}
	return false;
}

/* Who is to blame, as far as the kernel tells: the last sender and receiver
 * (SysV records both pids), else the run's own programs. */
static void
blame(const struct scenario_result *r, const struct ipc_object *g, struct strbuf *d)
{
	char who[128];
	bool any = false;

	if (pid_name(r, g->lpid, who, sizeof(who))) {
		sb_printf(d, "; last sent by %s", who);
		any = true;
	}
	if (g->lpid > 0 && !g->rpid) {
		sb_printf(d, "; nobody ever received from it");
		any = true;
	} else if (pid_name(r, g->rpid, who, sizeof(who))) {
		sb_printf(d, "; last received by %s", who);
		any = true;
	}
	if (any)
		return;
	for (size_t i = 0; i < r->nprocs; i++) {
		bool dup = false;

		for (size_t j = 0; j < i; j++)
			dup |= strcmp(r->procs[i].name, r->procs[j].name) == 0 && !r->procs[j].trusted;
		if (r->procs[i].trusted || dup)
			continue;
		sb_printf(d, "%s%s", any ? ", " : "; your programs in this run: ", r->procs[i].name);
		any = true;
	}
}

const char *
queue_unreceived(const struct scenario_result *run, const struct scenario_result *oracle, struct strbuf *d)
{
	const char *h = NULL;
	char what[512], lost[128];

	for (size_t i = 0; run && i < run->seen.n; i++) {
		const struct ipc_object *g = &run->seen.objs[i];
		const struct ipc_kind *k = ipc_kind(g->kind);
		unsigned long long msgs, bytes, rmsgs = 0, rbytes = 0;
		long w;

		if (!k || !k->unreceived_hint)
			continue;
		queue_end(run, i, &msgs, &bytes);
		w = counterpart(run, i, oracle);
		if (w >= 0)
			queue_end(oracle, (size_t)w, &rmsgs, &rbytes);
		if (msgs <= rmsgs || !ipc_queue_unreceived(g->kind, msgs, bytes, lost, sizeof(lost)))
			continue;
		if (k->keyed)
			snprintf(what, sizeof(what), "%s key=0x%08x", k->name, (unsigned)(key_t)g->key);
		else
			snprintf(what, sizeof(what), "%s %s", k->name, g->name);
		sb_printf(d, "%s: %s", what, lost);
		const struct ipc_object *l = ipc_snapshot_find(&run->left, g);
		if (l)
			g = l; /* its last sender and receiver */
		if (l)
			sb_printf(d, ", left in the queue at the end");
		else if (g->removed_by[0])
			sb_printf(d, ", removed with them by %s", g->removed_by);
		blame(run, g, d);
		if (w < 0)
			sb_printf(d, "; the reference run never has this queue\n");
		else
			sb_printf(d, "; in the reference run %llu\n", rmsgs);
		if (!h)
			h = k->unreceived_hint;
	}
	return h;
}

bool
queue_attrs_differ(const struct ipc_object *g, const struct ipc_object *w, struct strbuf *d)
{
	const struct ipc_kind *k = ipc_kind(g->kind);
	const char *name = k && k->keyed ? "queue" : g->name;
	bool differ = false;

	if (k && k->qlimit_label && g->qlimit != w->qlimit) {
		sb_printf(d, "%s %s: %s %llu, the reference's is %llu\n", k->name, name, k->qlimit_label, g->qlimit,
			  w->qlimit);
		differ = true;
	}
	if (k && k->msgsize_label && g->msgsize != w->msgsize) {
		sb_printf(d, "%s %s: %s %llu, the reference's is %llu\n", k->name, name, k->msgsize_label, g->msgsize,
			  w->msgsize);
		differ = true;
	}
	return differ;
}

/* The classic failures of queue calls, by the call perror names and the
 * strerror text that follows it. */
static const struct {
	const char *call, *error, *hint;
} call_hints[] = {
	{ "msgrcv", "Argument list too long",
	  "E2BIG from msgrcv: the message is longer than the msgsz you passed. Pass sizeof(m.mtext) (256, the "
	  "text part only), or add MSG_NOERROR to have a longer message cut." },
	{ "msgsnd", "Invalid argument",
	  "EINVAL from msgsnd: mtype must be greater than 0 (type 1 for a line, 2 for the end), and msgsz the "
	  "text part only, at most the queue's size." },
	{ "msgrcv", "Invalid argument",
	  "EINVAL from msgrcv: msgsz must not be negative and the queue must exist (was it removed under you?)." },
	{ "mq_receive", "Message too long",
	  "EMSGSIZE from mq_receive: the buffer must be at least mq_msgsize (256) bytes; size it with "
	  "mq_getattr() or pass sizeof(buf) of a 256-byte buffer." },
	{ "mq_send", "Message too long",
	  "EMSGSIZE from mq_send: a message longer than mq_msgsize (256) is refused; cut the line to 255 bytes "
	  "(plus its NUL)." },
	{ "mq_send", "Bad file descriptor",
	  "EBADF from mq_send: open the queue for writing (O_WRONLY) in the client, and check mq_open's "
	  "result ((mqd_t) -1) before using it." },
	{ "mq_receive", "Bad file descriptor",
	  "EBADF from mq_receive: open the queue for reading (O_RDONLY) in the server, and check mq_open's "
	  "result ((mqd_t) -1) before using it." },
	{ "msgsnd", "Identifier removed",
	  "EIDRM: the queue was removed while a program still used it; only the receiver removes it, after the "
	  "end message." },
	{ "msgrcv", "Identifier removed",
	  "EIDRM: the queue was removed while a program still used it; only the receiver removes it, after the "
	  "end message." },
};

const char *
queue_error_hint(const char *err)
{
	for (size_t i = 0; err && i < sizeof(call_hints) / sizeof(call_hints[0]); i++) {
		const char *c = strstr(err, call_hints[i].call);
		/* the error on the same line as the call's name */
		while (c) {
			const char *nl = strchr(c, '\n'), *e = strstr(c, call_hints[i].error);

			if (e && (!nl || e < nl))
				return call_hints[i].hint;
			c = strstr(c + 1, call_hints[i].call);
		}
	}
	return NULL;
}

const char *
queue_removed_hint(enum ipcobj_kind kind)
{
	const struct ipc_kind *k = ipc_kind(kind);

	if (!k || !k->unreceived_hint)
		return NULL;
	return k->keyed ? "Only the receiver removes the queue (msgctl(IPC_RMID)), after the type-2 end message: a "
			  "sender that removes it pulls it from under the receiver, and the next sender finds none."
			: "Only the server removes the queue (mq_unlink), after quit: a client that calls mq_unlink "
			  "pulls it from under the server, and the next client (quit) finds no queue.";
}

const char *
queue_busy_hint(const struct scenario_result *run)
{
	for (size_t i = 0; run && i < run->seen.n; i++) {
		const struct ipc_kind *k = ipc_kind(run->seen.objs[i].kind);

		if (k && k->unreceived_hint)
			return k->keyed ? "Busy waiting on a queue: msgrcv without IPC_NOWAIT blocks until a message "
					  "comes; a loop of msgrcv(..., IPC_NOWAIT) that retries on ENOMSG burns a "
					  "whole CPU."
					: "Busy waiting on a queue: mq_receive on a queue opened without O_NONBLOCK "
					  "blocks "
					  "until a message comes; a loop that retries on EAGAIN burns a whole CPU.";
	}
	return NULL;
}

const char *
queue_memcheck_hint(const char *first)
{
	if (first && strstr(first, "msgsnd"))
		return "msgsnd reads past your message: its size is the text part only (sizeof(m.mtext), or "
		       "strlen + 1), not sizeof(struct msg), which also counts the long mtype.";
	if (first && strstr(first, "mq_send"))
		return "mq_send reads past your buffer: pass the length of the text you send (at most 256), not "
		       "more than the buffer holds.";
	return NULL;
}
