/* report-run: the account of a raw run, for `ipcgrade run`. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <jansson.h>

#include "report-run.h"
#include "text.h"

const char *
signal_name(int sig)
{
	static const struct {
		int n;
		const char *s;
	} t[] = {
		{ SIGHUP, "SIGHUP" },   { SIGINT, "SIGINT" },   { SIGQUIT, "SIGQUIT" }, { SIGILL, "SIGILL" },
		{ SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" },   { SIGFPE, "SIGFPE" },
		{ SIGKILL, "SIGKILL" }, { SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
		{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" }, { SIGCHLD, "SIGCHLD" },
		{ SIGCONT, "SIGCONT" }, { SIGSTOP, "SIGSTOP" }, { SIGTSTP, "SIGTSTP" }, { SIGXCPU, "SIGXCPU" },
		{ SIGXFSZ, "SIGXFSZ" }, { SIGSYS, "SIGSYS" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].n == sig)
			return t[i].s;
	return "signal";
}

void
proc_end_describe(const struct proc_result *p, char *buf, size_t len)
{
	switch (p->end) {
	case PROC_EXITED:
		snprintf(buf, len, "exited %d", p->code);
		break;
	case PROC_SIGNALED:
		if (p->killed_by)
			snprintf(buf, len, "killed by the harness (%s)", p->killed_by);
		else
			snprintf(buf, len, "killed by %s (%s)", signal_name(p->code), strsignal(p->code));
		break;
	case PROC_START_FAILED:
		snprintf(buf, len, "could not start: %s", strerror(p->exec_errno));
		break;
	default:
		snprintf(buf, len, "never started");
	}
}

void
proc_children_describe(const struct proc_result *p, char *buf, size_t len)
{
	buf[0] = '\0';
	if (p->child_signaled <= 0)
		return;
	int n = snprintf(buf, len, "a child of %s (pid %d) was killed by %s (%s)", p->name, (int)p->child_pid,
			 signal_name(p->child_signal), strsignal(p->child_signal));
	if (p->child_signaled > 1 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", and %d more process(es) of its tree", p->child_signaled - 1);
}

const char *
stray_describe(enum stray_kind k)
{
	switch (k) {
	case STRAY_ALIVE:
		return "still running after the programs ended (orphan or daemon), killed";
	case STRAY_ZOMBIE:
		return "zombie: exited but never waited for by its parent";
	case STRAY_REPARENTED:
		return "outlived its parent: nobody waited for it";
	}
	return "?";
}

size_t
run_leftovers(const struct scenario_result *r)
{
	return r->left.n + r->nstrays;
}

/* Print one stream, each line behind "    | ". */
static void
print_stream(FILE *f, const char *label, const struct capture *c)
{
	if (c->total == 0)
		return;
	size_t len;
	char *raw = capture_text(c, &len);
	char *safe = raw ? text_terminal(raw, len) : NULL;
	free(raw);
	if (safe == NULL)
		return;
	fprintf(f, "  %s (%llu bytes):\n", label, c->total);
	char *line = safe, *nl;
	while (*line) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		fprintf(f, "    | %s\n", line);
		if (!nl)
			break;
		line = nl + 1;
	}
	free(safe);
}

void
report_run_text(FILE *f, const struct scenario_result *r, bool color)
{
	const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "", *off = color ? "\033[0m" : "";
	char d[256], obj[512];
	fprintf(f, "sandbox: %s\n", sandbox_mode_name(r->mode));
	if (sandbox_mq_unseen(r->mode)) /* a queue left behind would pass for "nothing" */
		fprintf(f, "note: POSIX message queues are not seen in this run: %s\n", sandbox_mq_unseen(r->mode));
	if (r->status != SCN_OK)
		fprintf(f, "%sproblem:%s %s\n", red, off, r->message);
	if (r->hang && *r->hang) {
		fprintf(f, "still running at the end (what each process was blocked in):\n");
		for (const char *p = r->hang; *p;) {
			size_t n = strcspn(p, "\n");
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct proc_result *p = &r->procs[i];
		proc_end_describe(p, d, sizeof(d));
		fprintf(f, "%s (%s): %s after %.3f s (cpu %.3f s, peak memory %.1f MiB)\n", p->name, p->path, d,
			p->wall_sec, p->user_sec + p->sys_sec, (double)p->maxrss_kb / 1024.0);
		proc_children_describe(p, d, sizeof(d));
		if (d[0])
			fprintf(f, "  %s%s%s\n", red, d, off);
		print_stream(f, "stdout", &p->out);
		print_stream(f, "stderr", &p->err);
	}
	if (r->seen.n) {
		fprintf(f, "IPC objects seen while running:\n");
		for (size_t i = 0; i < r->seen.n; i++) {
			const struct ipc_object *o = &r->seen.objs[i];
			ipc_object_describe(o, obj, sizeof(obj));
			char *by = o->removed_by[0] ? text_terminal(o->removed_by, strlen(o->removed_by)) : NULL;
			char q[128];
			/* a queue removed with messages still in it: what it held at the removal */
			bool lost = !ipc_snapshot_find(&r->left, o) &&
				    ipc_queue_unreceived(o->kind, o->last_msgs, o->last_bytes, q, sizeof(q));
			fprintf(f, "  %s%s%s%s%s%s\n", obj, by ? " (removed by " : "", by ? by : "",
				by && lost ? " with " : "", lost ? q : "", by ? ")" : "");
			free(by);
		}
	}
	for (size_t i = 0; i < r->naudits; i++) {
		fprintf(f, "audit %zu: %zu object(s)\n", i + 1, r->audits[i].n);
		for (size_t k = 0; k < r->audits[i].n; k++) {
			ipc_object_describe(&r->audits[i].objs[k], obj, sizeof(obj));
			fprintf(f, "  %s\n", obj);
		}
	}
	if (r->left.n == 0 && r->nstrays == 0) {
		fprintf(f, "%sleft behind: nothing%s\n", green, off);
		return;
	}
	fprintf(f, "%sleft behind:%s\n", red, off);
	for (size_t i = 0; i < r->left.n; i++) {
		const struct ipc_object *o = &r->left.objs[i];
		char q[128];
		ipc_object_describe(o, obj, sizeof(obj));
		fprintf(f, "  %s - never removed: call %s", obj, ipcobj_remover(o->kind));
		if (ipc_queue_unreceived(o->kind, o->nattch, o->size, q, sizeof(q)))
			fprintf(f, "; %s", q);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nstrays; i++) {
		const struct stray_proc *s = &r->strays[i];
		char *comm = text_terminal(s->comm, strlen(s->comm));
		fprintf(f, "  process %d (%s), parent %d: %s", (int)s->pid, comm ? comm : "?", (int)s->ppid,
			stray_describe(s->kind));
		if (s->kind == STRAY_REPARENTED && WIFSIGNALED(s->wstatus) && WTERMSIG(s->wstatus) != SIGKILL)
			fprintf(f, "; it was killed by %s (%s)", signal_name(WTERMSIG(s->wstatus)),
				strsignal(WTERMSIG(s->wstatus)));
		fputc('\n', f);
		free(comm);
	}
}

/* A capture as a JSON string (valid UTF-8) plus its byte counts. */
static json_t *
capture_json(const struct capture *c)
{
	size_t len;
	char *raw = capture_text(c, &len);
	char *u = raw ? text_utf8(raw, len) : NULL;
	free(raw);
	json_t *o = json_pack("{s:s, s:I, s:I}", "text", u ? u : "", "bytes", (json_int_t)c->total, "cut",
			      (json_int_t)capture_cut(c));
	free(u);
	return o;
}

/* One IPC object as JSON. */
static json_t *
object_json(const struct ipc_object *o)
{
	char mode[8];
	snprintf(mode, sizeof(mode), "%04o", o->mode);
	char *name = text_utf8(o->name, strlen(o->name));
	json_t *j = json_pack("{s:s, s:I, s:I, s:s, s:I, s:s, s:i, s:i, s:i, s:i, s:I, s:b}", "kind",
			      ipcobj_kind_name(o->kind), "id", (json_int_t)o->id, "key", (json_int_t)o->key, "name",
			      name ? name : "", "size", (json_int_t)o->size, "mode", mode, "uid", (int)o->uid, "cuid",
			      (int)o->cuid, "cpid", (int)o->cpid, "lpid", (int)o->lpid, "nattch", (json_int_t)o->nattch,
			      "marked_destroy", o->marked_destroy);
	free(name);
	const struct ipc_kind *k = ipc_kind(o->kind);
	if (j && k && k->unreceived_hint) { /* a queue: its attributes, and what it held at its last look */
		json_object_set_new(j, "qlimit", json_integer((json_int_t)o->qlimit));
		if (k->msgsize_label)
			json_object_set_new(j, "msgsize", json_integer((json_int_t)o->msgsize));
		json_object_set_new(j, "last_msgs", json_integer((json_int_t)o->last_msgs));
		json_object_set_new(j, "last_bytes", json_integer((json_int_t)o->last_bytes));
	}
	if (j && o->removed_by[0]) {
		char *by = text_utf8(o->removed_by, strlen(o->removed_by));
		json_object_set_new(j, "removed_by", json_string(by ? by : ""));
		free(by);
	}
	return j;
}

/* A snapshot as a JSON array. */
static json_t *
snapshot_json(const struct ipc_snapshot *s)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(a, object_json(&s->objs[i]));
	return a;
}

int
report_run_json(FILE *f, const struct scenario_result *r)
{
	static const char *const status[] = { "ok", "step_timeout", "wall_timeout", "step_error", "internal" };
	static const char *const ends[] = { "not_started", "start_failed", "running", "exited", "signaled" };
	json_t *procs = json_array(), *strays = json_array(), *audits = json_array();
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct proc_result *p = &r->procs[i];
		json_t *jp =
			json_pack("{s:s, s:s, s:b, s:i, s:s, s:i, s:f, s:f, s:f, s:f, s:I, s:o, s:o}", "name", p->name,
				  "path", p->path, "reference", p->trusted, "pid", (int)p->pid, "end", ends[p->end],
				  "code", p->code, "start_sec", p->start_sec, "wall_sec", p->wall_sec, "user_sec",
				  p->user_sec, "sys_sec", p->sys_sec, "maxrss_kb", (json_int_t)p->maxrss_kb, "stdout",
				  capture_json(&p->out), "stderr", capture_json(&p->err));
		if (p->end == PROC_SIGNALED)
			json_object_set_new(jp, "signal", json_string(signal_name(p->code)));
		if (p->killed_by)
			json_object_set_new(jp, "killed_by", json_string(p->killed_by));
		if (p->end == PROC_START_FAILED)
			json_object_set_new(jp, "start_error", json_string(strerror(p->exec_errno)));
		if (p->child_signaled > 0)
			json_object_set_new(jp, "children_signaled",
					    json_pack("{s:i, s:s, s:i}", "count", p->child_signaled, "signal",
						      signal_name(p->child_signal), "pid", (int)p->child_pid));
		json_array_append_new(procs, jp);
	}
	for (size_t i = 0; i < r->nstrays; i++) {
		static const char *const kinds[] = { "alive", "zombie", "reparented" };
		char *comm = text_utf8(r->strays[i].comm, strlen(r->strays[i].comm));
		json_array_append_new(strays, json_pack("{s:s, s:i, s:i, s:s}", "kind", kinds[r->strays[i].kind], "pid",
							(int)r->strays[i].pid, "ppid", (int)r->strays[i].ppid, "comm",
							comm ? comm : ""));
		free(comm);
	}
	for (size_t i = 0; i < r->naudits; i++)
		json_array_append_new(audits, snapshot_json(&r->audits[i]));
	char *msg = text_utf8(r->message, strlen(r->message));
	json_t *root =
		json_pack("{s:s, s:s, s:s, s:i, s:f, s:o, s:o, s:o, s:o, s:o, s:b}", "mode", sandbox_mode_name(r->mode),
			  "status", status[r->status], "message", msg ? msg : "", "step", r->step_index + 1, "wall_sec",
			  r->wall_sec, "processes", procs, "seen", snapshot_json(&r->seen), "left",
			  snapshot_json(&r->left), "strays", strays, "audits", audits, "clean", run_leftovers(r) == 0);
	free(msg);
	if (root && r->hang && *r->hang)
		json_object_set_new(root, "hang", json_string(r->hang));
	if (root == NULL)
		return -1;
	int rc = json_dumpf(root, f, JSON_INDENT(2)) == 0 ? 0 : -1;
	fputc('\n', f);
	json_decref(root);
	return rc;
}
