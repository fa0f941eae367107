/* steps: the table of step kinds - per kind its name, how the spec writes it
 * (parse), what the engine does for it (run) and how a message names it
 * (describe). See steps.h (the table) and step.h (the data).
 *
 * It sits between the helpers it is written in (yaml-tree.c for parsing, the
 * engine's core services in engine-core.c and engine-watch.c for running) and
 * the two callers that dispatch through it: the spec's schema (spec.c) and the
 * engine's step loop (engine.c). */
#include "steps.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cleanup.h"
#include "engine-state.h"
#include "scalar.h"
#include "yaml-tree.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* "start server", "send server", ...: the kind and the process. */
static void
describe_proc(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %s", s->proc ? s->proc : "");
}

/* "wait_output server stderr /regex/" */
static void
describe_wait_output(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %s%s /%s/", s->proc ? s->proc : "", s->stream == 2 ? " stderr" : "",
		 s->text ? s->text : "");
}

/* "wait_ipc shm key 1234", "wait_ipc posix-shm /my_shm" */
static void
describe_wait_ipc(const struct step *s, char *buf, size_t len)
{
	const struct ipc_kind *k = ipc_kind(s->ipc_kind);
	if (k && k->keyed)
		snprintf(buf, len, " %s key %lld", k->name, s->key);
	else
		snprintf(buf, len, " %s %s", ipcobj_kind_name(s->ipc_kind), s->text ? s->text : "");
}

/* "sleep 0.50 s" */
static void
describe_sleep(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %.2f s", s->seconds);
}

/* "signal server Interrupt" */
static void
describe_signal(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %s %s", s->proc ? s->proc : "", strsignal(s->signo));
}

/* "audit": nothing more to say. */
static void
describe_nothing(const struct step *s, char *buf, size_t len)
{
	(void)s;
	if (len)
		buf[0] = '\0';
}

/* ---- parsing, from the spec ------------------------------------------ */

/* Was a process of this name started earlier in the test? */
bool
step_procs_has(const struct step_procs *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->names[i], name))
			return true;
	return false;
}

/* "server, client" for messages. */
void
step_procs_list(const struct step_procs *p, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < p->n; i++) {
		size_t k = strlen(buf);
		snprintf(buf + k, len - k, "%s%s", i ? ", " : "", p->names[i]);
	}
	if (!p->n)
		snprintf(buf, len, "none yet");
}

/* The process a step addresses: a scalar (short form) or key in the mapping. */
static int
step_proc(struct step_parse *p, const yaml_node_t *v, const char *key, struct step *s)
{
	int rc = v->type == YAML_MAPPING_NODE ? yt_need_str(p->l, v, key, p->where, &s->proc)
					      : yt_take_str(p->l, v, key, p->where, &s->proc);
	if (rc < 0)
		return -1;
	if (!step_procs_has(p->procs, s->proc)) {
		char list[256];
		step_procs_list(p->procs, list, sizeof list);
		return yt_fail(p->l, v,
			       "step %d addresses process '%s', which no earlier start step created (started: %s)",
			       p->idx, s->proc, list);
	}
	return 0;
}

/* A wait's deadline, "timeout:" in the long form. */
static int
step_timeout(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	if (v->type != YAML_MAPPING_NODE)
		return 0;
	return yt_get_num(p->l, v, "timeout", p->where, 0, SPEC_MAX_SECONDS, true, &s->seconds);
}

/* An acting step's "settle: false" (long form only): act without waiting for rest. */
static int
step_settle(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	bool settle = true;
	if (v->type != YAML_MAPPING_NODE)
		return 0;
	if (yt_get_bool(p->l, v, "settle", p->where, &settle, NULL) < 0)
		return -1;
	s->no_settle = !settle;
	return 0;
}

/* Signal by name (SIGINT, INT, case-insensitive) or number. */
static int
signal_parse(const char *s)
{
	static const struct {
		const char *name;
		int no;
	} sigs[] = {
		{ "HUP", SIGHUP },       { "INT", SIGINT },   { "QUIT", SIGQUIT },   { "ILL", SIGILL },
		{ "TRAP", SIGTRAP },     { "ABRT", SIGABRT }, { "BUS", SIGBUS },     { "FPE", SIGFPE },
		{ "KILL", SIGKILL },     { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },   { "USR2", SIGUSR2 },
		{ "PIPE", SIGPIPE },     { "ALRM", SIGALRM }, { "TERM", SIGTERM },   { "CHLD", SIGCHLD },
		{ "CONT", SIGCONT },     { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },   { "TTIN", SIGTTIN },
		{ "TTOU", SIGTTOU },     { "URG", SIGURG },   { "XCPU", SIGXCPU },   { "XFSZ", SIGXFSZ },
		{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO },
		{ "PWR", SIGPWR },       { "SYS", SIGSYS },
	};
	long long n;
	if (scalar_int(s, &n))
		return n >= 1 && n < NSIG ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		if (!strcasecmp(s, sigs[i].name))
			return sigs[i].no;
	return -1;
}

/* start: the only step that creates a process name for later steps. */
static int
parse_start(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "program", "as", "name", "args", "env", "faults", "settle", NULL };
	const yaml_node_t *pv = v;
	s->role = ROLE_PAIRING;
	if (v->type == YAML_MAPPING_NODE) {
		if (yt_check_keys(p->l, v, keys, p->where) < 0 ||
		    yt_need_str(p->l, v, "program", p->where, &s->program) < 0 || step_settle(p, v, s) < 0)
			return -1;
		pv = yt_opt(p->l, v, "program");
	} else if (yt_take_str(p->l, v, "start", p->where, &s->program) < 0) {
		return -1;
	}
	if (!p->program_known(p->arg, s->program)) {
		char list[256];
		p->programs_list(p->arg, list, sizeof list);
		return yt_fail(p->l, pv, "step %d starts unknown program '%s' (programs: %s)", p->idx, s->program,
			       list);
	}
	if (v->type == YAML_MAPPING_NODE) {
		static const char *const roles[] = { "student", "reference" };
		if (yt_get_enum(p->l, v, "as", p->where, roles, ARRAY_LEN(roles), &s->role) < 0 ||
		    yt_get_str(p->l, v, "name", p->where, &s->proc) < 0 ||
		    yt_get_strlist(p->l, v, "args", p->where, &s->args, &s->nargs) < 0 ||
		    yt_get_strlist(p->l, v, "env", p->where, &s->env, &s->nenv) < 0)
			return -1;
		for (size_t i = 0; i < s->nenv; i++) {
			const char *eq = strchr(s->env[i], '=');
			if (!eq || eq == s->env[i])
				return yt_fail(p->l, yt_opt(p->l, v, "env"),
					       "step %d: env entry '%s' is not NAME=VALUE", p->idx, s->env[i]);
		}
		char **faults = NULL;
		size_t nfaults = 0;
		int rc = yt_get_strlist(p->l, v, "faults", p->where, &faults, &nfaults);
		if (rc == 0 && nfaults) {
			s->faults = calloc(nfaults, sizeof *s->faults);
			if (!s->faults)
				rc = yt_fail(p->l, v, "out of memory");
		}
		for (size_t i = 0; rc == 0 && i < nfaults; i++) {
			char msg[256];
			if (fault_rule_parse(faults[i], &s->faults[i], msg, sizeof msg) < 0)
				rc = yt_fail(p->l, yt_seq_at(p->l, yt_opt(p->l, v, "faults"), i),
					     "step %d: bad fault rule '%s': %s", p->idx, faults[i], msg);
			else
				s->nfaults = i + 1;
		}
		for (size_t i = 0; i < nfaults; i++)
			free(faults[i]);
		free(faults);
		if (rc < 0)
			return -1;
	}
	if (!s->proc && !(s->proc = strdup(s->program)))
		return yt_fail(p->l, v, "out of memory");
	if (!*s->proc)
		return yt_fail(p->l, v, "step %d: the process name must not be empty", p->idx);
	if (step_procs_has(p->procs, s->proc))
		return yt_fail(p->l, v, "step %d starts a second process named '%s' (give it another name:)", p->idx,
			       s->proc);
	p->procs->names[p->procs->n++] = s->proc;
	return 0;
}

/* send: { to: PROC, text: "..." } - bytes for its stdin */
static int
parse_send(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "to", "text", "settle", NULL };
	if (!p->map)
		return yt_fail(p->l, v, "%s must be a mapping { to: PROC, text: \"...\" }", p->where);
	if (yt_check_keys(p->l, v, keys, p->where) < 0 || step_proc(p, v, "to", s) < 0 || step_settle(p, v, s) < 0)
		return -1;
	yaml_node_t *t = yt_opt(p->l, v, "text");
	if (!t) { /* text: "" is a legitimate empty write, only absence is an error */
		for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++)
			if (!strcmp(yt_sval(yt_nd(p->l, q->key)), "text"))
				t = yt_nd(p->l, q->value);
		if (!t)
			return yt_fail(p->l, v, "missing required key 'text' in %s", p->where);
	}
	return yt_take_str(p->l, t, "text", p->where, &s->text);
}

/* close_stdin: PROC - end of its input */
static int
parse_close_stdin(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "proc", "settle", NULL };
	if (p->map && yt_check_keys(p->l, v, keys, p->where) < 0)
		return -1;
	return step_proc(p, v, "proc", s) < 0 ? -1 : step_settle(p, v, s);
}

/* signal: { to: PROC, signal: SIGINT } */
static int
parse_signal(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "to", "signal", "settle", NULL };
	if (!p->map)
		return yt_fail(p->l, v, "%s must be a mapping { to: PROC, signal: SIGINT }", p->where);
	if (yt_check_keys(p->l, v, keys, p->where) < 0 || step_proc(p, v, "to", s) < 0 || step_settle(p, v, s) < 0)
		return -1;
	yaml_node_t *sig = yt_req(p->l, v, "signal", p->where);
	if (!sig || yt_want_scalar(p->l, sig, "signal", p->where) < 0)
		return -1;
	if ((s->signo = signal_parse(yt_sval(sig))) < 0)
		return yt_fail(p->l, sig, "%s: unknown signal '%s' (a name like SIGINT or INT, or a number)", p->where,
			       yt_sval(sig));
	return 0;
}

/* wait_signal_ready: { proc: PROC, signal: SIGUSR1, timeout: S } */
static int
parse_wait_signal_ready(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "proc", "signal", "timeout", NULL };
	if (!p->map)
		return yt_fail(p->l, v, "%s must be a mapping { proc: PROC, signal: SIGUSR1 }", p->where);
	if (yt_check_keys(p->l, v, keys, p->where) < 0 || step_proc(p, v, "proc", s) < 0 || step_timeout(p, v, s) < 0)
		return -1;
	yaml_node_t *sig = yt_req(p->l, v, "signal", p->where);
	if (!sig || yt_want_scalar(p->l, sig, "signal", p->where) < 0)
		return -1;
	if ((s->signo = signal_parse(yt_sval(sig))) < 0 || s->signo == SIGKILL || s->signo == SIGSTOP)
		return yt_fail(p->l, sig, "%s: '%s' is not a signal a program can catch or block", p->where,
			       yt_sval(sig));
	return 0;
}

/* wait_ipc: TARGET, or { target: TARGET, timeout: S } */
static int
parse_wait_ipc(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "target", "timeout", NULL };
	const yaml_node_t *t = v;
	if (p->map) {
		if (yt_check_keys(p->l, v, keys, p->where) < 0 || !(t = yt_req(p->l, v, "target", p->where)) ||
		    step_timeout(p, v, s) < 0)
			return -1;
	}
	if (yt_want_scalar(p->l, t, "target", p->where) < 0)
		return -1;
	const char *name;
	if (ipc_kind_parse_target(yt_sval(t), &s->ipc_kind, &s->key, &name) < 0)
		return yt_fail(p->l, t,
			       "%s: bad ipc target '%s' (shm:KEY, sem:KEY, msg:KEY, /NAME, "
			       "posix-sem:/NAME or mq:/NAME)",
			       p->where, yt_sval(t));
	if (name && !(s->text = strdup(name)))
		return yt_fail(p->l, t, "out of memory");
	return 0;
}

/* wait_output: { from: PROC, regex: "...", stream: stderr, timeout: S } */
static int
parse_wait_output(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "from", "regex", "stream", "timeout", NULL };
	static const char *const streams[] = { "stdout", "stderr" };
	int stream = 0;
	if (!p->map)
		return yt_fail(p->l, v, "%s must be a mapping { from: PROC, regex: \"...\" }", p->where);
	if (yt_check_keys(p->l, v, keys, p->where) < 0 || step_proc(p, v, "from", s) < 0 ||
	    yt_need_str(p->l, v, "regex", p->where, &s->text) < 0 ||
	    yt_get_enum(p->l, v, "stream", p->where, streams, 2, &stream) < 0 || step_timeout(p, v, s) < 0)
		return -1;
	s->stream = stream + 1;
	snprintf(p->where, sizeof p->where, "step %d", p->idx);
	return yt_check_regex(p->l, yt_opt(p->l, v, "regex"), p->where, s->text);
}

/* wait_exit: PROC, or { proc: PROC, timeout: S }; wait_stopped alike */
static int
parse_wait_exit(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "proc", "timeout", NULL };
	if (p->map && yt_check_keys(p->l, v, keys, p->where) < 0)
		return -1;
	return step_proc(p, v, "proc", s) < 0 ? -1 : step_timeout(p, v, s);
}

/* sleep: S, or { seconds: S } */
static int
parse_sleep(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	static const char *const keys[] = { "seconds", NULL };
	if (p->map) {
		if (yt_check_keys(p->l, v, keys, p->where) < 0 || !yt_req(p->l, v, "seconds", p->where))
			return -1;
		return yt_get_num(p->l, v, "seconds", p->where, 0, SPEC_MAX_SECONDS, false, &s->seconds);
	}
	if (yt_want_scalar(p->l, v, "sleep", p->where) < 0)
		return -1;
	if (!scalar_double(yt_sval(v), &s->seconds) || s->seconds < 0 || s->seconds > SPEC_MAX_SECONDS)
		return yt_fail(p->l, v, "%s: '%s' is not a number of seconds from 0 to %g", p->where, yt_sval(v),
			       SPEC_MAX_SECONDS);
	return 0;
}

/* audit: {} - no arguments */
static int
parse_audit(struct step_parse *p, const yaml_node_t *v, struct step *s)
{
	(void)s;
	if (!yt_is_null(v) && !(p->map && v->data.mapping.pairs.top == v->data.mapping.pairs.start))
		return yt_fail(p->l, v, "%s takes no arguments: write audit: {}", p->where);
	return 0;
}

/* ---- running, in the engine ------------------------------------------- */

/* STEP_START: pipes, spawn, bookkeeping. */
static int
start_proc(struct engine *e, size_t si, const struct step *s)
{
	struct scenario_result *r = e->res;
	if (engine_find_proc(e, s->proc) >= 0) {
		snprintf(r->message, sizeof(r->message), "a process named '%s' was already started", s->proc);
		return -1;
	}
	struct proc_result *np = realloc(r->procs, (r->nprocs + 1) * sizeof(*np));
	struct eproc *ne = np ? realloc(e->ep, (r->nprocs + 1) * sizeof(*ne)) : NULL;
	if (np)
		r->procs = np;
	if (ne == NULL)
		return -1;
	e->ep = ne;
	int i = (int)r->nprocs++;
	struct proc_result *p = &r->procs[i];
	struct eproc *ep = &e->ep[i];
	memset(p, 0, sizeof(*p));
	memset(ep, 0, sizeof(*ep));
	ep->in_fd = ep->out_fd = ep->err_fd = ep->watch_fd = -1;
	p->name = strdup(s->proc);
	p->path = strdup(s->path ? s->path : "");
	p->trusted = s->trusted;
	p->end = PROC_NOT_STARTED;
	p->fds_at_exit = -1;
	capture_init(&p->out, e->sc->out_head, e->sc->out_tail);
	capture_init(&p->err, e->sc->out_head, e->sc->out_tail);

	/* Every exit closes what is still held: our ends until they are handed to
	 * ep, the child's ends once the child has its copies. */
	autopipe in[2] = { -1, -1 };
	autopipe out[2] = { -1, -1 };
	autopipe err[2] = { -1, -1 };
	if (s->keep_stdin) {
		if (pipe2(in, O_CLOEXEC) != 0)
			return -1;
	} else if ((in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
		return -1;
	char *argv0[] = { s->proc, NULL };
	autofree char **env = engine_make_env(e, s);
	struct spawn_req req = {
		.exec_fd = e->exec_fds[si],
		.path = s->path,
		.argv = s->argv ? s->argv : argv0,
		.envp = env,
		.in_fd = in[0],
		.out_fd = out[1],
		.err_fd = err[1],
		.set_ids = sandbox_sets_uid(e->mode),
		.uid = s->trusted ? e->ids.reference_uid : e->ids.student_uid,
		.gid = s->trusted ? e->ids.reference_gid : e->ids.student_gid,
		.limits = &e->sc->limits,

		.cwd = sandbox_workdir(e->mode, e->sc->workdir),
		.die_with_parent = e->mode == SANDBOX_DEGRADED,
		.keep_fd = { s->trusted ? -1 : e->chan_wr, s->trusted ? -1 : e->chan_in },
		.keep_at = { scenario_channel_fd(e->sc, false), scenario_channel_fd(e->sc, true) },
	};
	step_filter(s, e->sc->deny_network, &req.sec);
	ep->t0 = engine_now();
	p->start_sec = ep->t0 - e->t_start;
	int xe = 0;
	pid_t pid = e->exec_fds[si] >= 0 ? spawn_proc(&req, &xe, &ep->watch_fd) : (xe = -e->exec_fds[si], -1);
	/* The child's ends go now: EOF on its output must mean that it closed them. */
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&err[1]);
	ep->in_fd = steal_fd(&in[1]);
	ep->out_fd = steal_fd(&out[0]);
	ep->err_fd = steal_fd(&err[0]);
	if (ep->in_fd >= 0)
		fcntl(ep->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(ep->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(ep->err_fd, F_SETFL, O_NONBLOCK);
	if (pid < 0) {
		p->end = PROC_START_FAILED;
		p->exec_errno = xe;
		ep->reaped = true;
		return 0; /* the program's failure, reported, not the engine's */
	}
	p->pid = pid;
	p->end = PROC_RUNNING;
	e->chan_unwatched |= !s->trusted && ep->watch_fd < 0; /* its exits are not seen (engine-channel.c) */
	return 0;
}

/* Text for a timeout: the step, and how long it waited. */
static void
timeout_message(struct engine *e, size_t si, double waited, const char *extra)
{
	char d[256];
	step_describe(&e->sc->steps[si], d, sizeof(d));
	/* With a reason, the wait ended early because it could never succeed. */
	snprintf(e->res->message, sizeof(e->res->message), "step %zu (%s) %s after %.1f s%s%s", si + 1, d,
		 extra ? "gave up" : "timed out", waited, extra ? ": " : "", extra ? extra : "");
}

/* Do the output fds of process i still have a writer? */
static bool
output_open(struct engine *e, int i)
{
	return e->ep[i].out_fd >= 0 || e->ep[i].err_fd >= 0;
}

/* The status of a wait that ended without its condition. */
static int
wait_failed(struct engine *e)
{
	e->res->status = engine_wall_expired(e) ? SCN_WALL_TIMEOUT : SCN_STEP_TIMEOUT;
	return -1;
}

/* start: a new process; failing to start it is the step's error. */
static int
run_start(struct engine *e, size_t si, int i, double t0, double until)
{
	const struct step *s = &e->sc->steps[si];
	struct scenario_result *r = e->res;
	(void)i, (void)t0, (void)until;
	if (start_proc(e, si, s) != 0) {
		if (!r->message[0])
			snprintf(r->message, sizeof(r->message), "step %zu: could not start '%s': %s", si + 1, s->proc,
				 strerror(errno));
		r->status = SCN_STEP_ERROR;
		return -1;
	}
	return 0;
}

/* send: queue the bytes, write what the pipe takes now. */
static int
run_send(struct engine *e, size_t si, int i, double t0, double until)
{
	const struct step *s = &e->sc->steps[si];
	struct eproc *p = &e->ep[i];
	(void)t0, (void)until;
	size_t n = strlen(s->text ? s->text : "");
	char *np = realloc(p->pending, p->pending_len + n + 1);
	if (np == NULL)
		return -1;
	memcpy(np + p->pending_len, s->text ? s->text : "", n);
	p->pending = np;
	p->pending_len += n;
	engine_flush_stdin(e, i);
	return 0;
}

/* close_stdin: now, or once the queued bytes are written. */
static int
run_close_stdin(struct engine *e, size_t si, int i, double t0, double until)
{
	(void)si, (void)t0, (void)until;
	e->ep[i].close_after = true;
	if (e->ep[i].pending == NULL && e->ep[i].in_fd >= 0) {
		close(e->ep[i].in_fd);
		e->ep[i].in_fd = -1;
	}
	return 0;
}

/* signal: only to a process still running (its pid may be reused otherwise). */
static int
run_signal(struct engine *e, size_t si, int i, double t0, double until)
{
	(void)t0, (void)until;
	if (running(e, i))
		kill(e->res->procs[i].pid, e->sc->steps[si].signo);
	return 0;
}

/* sleep: the loop keeps running meanwhile. */
static int
run_sleep(struct engine *e, size_t si, int i, double t0, double until)
{
	(void)i;
	until = t0 + e->sc->steps[si].seconds;
	while (engine_now() < until && !engine_wall_expired(e))
		engine_pump(e, until);
	return 0;
}

/* audit: a snapshot now (in degraded mode, what was not there before). */
static int
run_audit(struct engine *e, size_t si, int i, double t0, double until)
{
	struct scenario_result *r = e->res;
	struct ipc_snapshot snap = { 0 }, *na;
	(void)si, (void)i, (void)t0, (void)until;
	ipc_snapshot_take(&snap, &e->places);
	engine_drop_harness_objects(e, &snap, false);
	if (e->mode == SANDBOX_DEGRADED) {
		struct ipc_snapshot d = { 0 };
		ipc_snapshot_diff(&e->before, &snap, &d);
		ipc_snapshot_free(&snap);
		snap = d;
	}
	na = realloc(r->audits, (r->naudits + 1) * sizeof(*na));
	if (na == NULL) {
		ipc_snapshot_free(&snap);
		return -1;
	}
	r->audits = na;
	r->audits[r->naudits++] = snap;
	return 0;
}

/* wait_ipc: until the object exists; gives up once every program is gone. */
static int
run_wait_ipc(struct engine *e, size_t si, int i, double t0, double until)
{
	const struct step *s = &e->sc->steps[si];
	struct scenario_result *r = e->res;
	(void)i;
	for (;;) {
		if (ipc_object_exists(s->ipc_kind, s->key, s->text, &e->places))
			return 0;
		bool any = false;
		for (size_t j = 0; j < r->nprocs; j++)
			any |= running(e, (int)j);
		if (!any) {
			timeout_message(e, si, engine_now() - t0,
					"every program had exited and the object never appeared");
			break;
		}
		if (engine_now() >= until || engine_wall_expired(e)) {
			timeout_message(e, si, engine_now() - t0, NULL);
			break;
		}
		engine_pump(e, until);
	}
	return wait_failed(e);
}

/* wait_output: until the stream matches; gives up once the process and its pipes are done. */
static int
run_wait_output(struct engine *e, size_t si, int i, double t0, double until)
{
	const struct step *s = &e->sc->steps[si];
	struct scenario_result *r = e->res;
	regex_t re;
	int rc = regcomp(&re, s->text ? s->text : "", REG_EXTENDED | REG_NEWLINE);
	if (rc != 0) {
		char m[128];
		regerror(rc, &re, m, sizeof(m));
		snprintf(r->message, sizeof(r->message), "step %zu: bad regex /%s/: %s", si + 1, s->text, m);
		r->status = SCN_STEP_ERROR;
		return -1;
	}
	struct capture *c = s->stream == 2 ? &r->procs[i].err : &r->procs[i].out;
	for (;;) {
		if (capture_match(c, &re)) {
			regfree(&re);
			return 0;
		}
		if (!running(e, i) && !output_open(e, i)) {
			timeout_message(e, si, engine_now() - t0, "the process ended without printing it");
			break;
		}
		if (engine_now() >= until || engine_wall_expired(e)) {
			timeout_message(e, si, engine_now() - t0, NULL);
			break;
		}
		engine_pump(e, until);
	}
	regfree(&re);
	return wait_failed(e);
}

/* wait_exit: until it is reaped, then what is left in its pipes. */
static int
run_wait_exit(struct engine *e, size_t si, int i, double t0, double until)
{
	struct scenario_result *r = e->res;
	while (running(e, i)) {
		if (engine_now() >= until || engine_wall_expired(e)) {
			timeout_message(e, si, engine_now() - t0, NULL);
			return wait_failed(e);
		}
		engine_pump(e, until);
	}
	/* Its output may still be in the pipes: take what is there. */
	if (e->ep[i].out_fd >= 0)
		engine_drain_fd(e, i, &e->ep[i].out_fd, &r->procs[i].out);
	if (e->ep[i].err_fd >= 0)
		engine_drain_fd(e, i, &e->ep[i].err_fd, &r->procs[i].err);
	return 0;
}

/* The hex mask of field name ("SigCgt:", "SigBlk:") in a /proc/PID/status text. */
static unsigned long long
status_mask(const char *status, const char *name)
{
	const char *f = strstr(status, name);
	return f ? strtoull(f + strlen(name), NULL, 16) : 0;
}

/* Is pid blocked in sigwaitinfo/sigtimedwait for a set holding bit? While it
 * waits, the kernel takes the awaited signals out of its SigBlk (they must
 * wake it), so the set is read from its memory; unreadable counts as yes. */
static bool
in_sigtimedwait_for(pid_t pid, unsigned long long bit)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	autofd int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *end;
	long nr = strtol(buf, &end, 10);
	unsigned long long set = 0, addr = strtoull(end, NULL, 16);
	if (end == buf || nr != SYS_rt_sigtimedwait)
		return false;
	struct iovec l = { &set, sizeof(set) }, r = { (void *)(uintptr_t)addr, sizeof(set) };
	if (process_vm_readv(pid, &l, 1, &r, 1, 0) != (ssize_t)sizeof(set))
		return true;
	return (set & bit) != 0;
}

/* Does process pid catch signo (a handler: SigCgt) or block it (sigwaitinfo,
 * signalfd, sigsuspend's caller: SigBlk; or waits for it in sigwaitinfo), in
 * any of its threads? -1: no such process. */
static int
signal_ready(pid_t pid, int signo)
{
	char path[64], buf[4096];
	unsigned long long bit = 1ULL << (signo - 1);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	autofd int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (status_mask(buf, "\nSigCgt:") & bit)
		return 1;
	if (status_mask(buf, "\nSigBlk:") & bit)
		return 1;
	if (in_sigtimedwait_for(pid, bit))
		return 1;
	/* SigBlk is the main thread's: a program whose signal thread blocks it is ready too. */
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	int ready = 0;
	for (struct dirent *t; d && !ready && (t = readdir(d));) {
		if (t->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/status", (int)pid, t->d_name);
		autofd int tf = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t m = tf >= 0 ? read(tf, buf, sizeof(buf) - 1) : -1;
		if (m <= 0)
			continue;
		buf[m] = '\0';
		ready = (status_mask(buf, "\nSigBlk:") & bit) != 0;
	}
	if (d)
		closedir(d);
	return ready;
}

/* wait_signal_ready: until the process could take the signal without dying of
 * it, so that a later signal step tests the program, not the race with its start. */
static int
run_wait_signal_ready(struct engine *e, size_t si, int i, double t0, double until)
{
	const struct step *s = &e->sc->steps[si];
	const char *name = s->proc ? s->proc : "";
	char sig[32];
	if (sigabbrev_np(s->signo))
		snprintf(sig, sizeof(sig), "SIG%s", sigabbrev_np(s->signo));
	else
		snprintf(sig, sizeof(sig), "signal %d", s->signo);
	for (;;) {
		if (running(e, i) && signal_ready(e->res->procs[i].pid, s->signo) == 1)
			return 0;
		if (!running(e, i)) {
			char why[256];
			snprintf(why, sizeof(why), "%s ended before it installed a handler for %s or blocked it", name,
				 sig);
			timeout_message(e, si, engine_now() - t0, why);
			break;
		}
		if (engine_now() >= until || engine_wall_expired(e)) {
			snprintf(e->res->message, sizeof(e->res->message),
				 "step %zu (wait_signal_ready %s %s) timed out after %.1f s: %s never installed a "
				 "handler for %s (sigaction) nor blocked it for sigwaitinfo/signalfd, so the signal "
				 "would kill it",
				 si + 1, name, sig, engine_now() - t0, name, sig);
			break;
		}
		engine_pump(e, until);
	}
	return wait_failed(e);
}

/* wait_stopped: until /proc says the process is stopped (T, or t under a
 * tracer): a SIGSTOP is sent at once but takes effect when the process next
 * runs, and only then is a receiver off the queue's wait list. */
static int
run_wait_stopped(struct engine *e, size_t si, int i, double t0, double until)
{
	for (;;) {
		struct proc_info pi = { 0 };
		if (running(e, i) && proc_read_stat(e->res->procs[i].pid, &pi) == 0 &&
		    (pi.state == 'T' || pi.state == 't'))
			return 0;
		if (!running(e, i)) {
			timeout_message(e, si, engine_now() - t0, "the process ended without stopping");
			break;
		}
		if (engine_now() >= until || engine_wall_expired(e)) {
			timeout_message(e, si, engine_now() - t0, NULL);
			break;
		}
		engine_pump(e, engine_now() + 0.005 < until ? engine_now() + 0.005 : until);
	}
	return wait_failed(e);
}

/* Indexed by the enum; the spec lists the kinds in this order in messages. */
static const struct step_kind_desc kinds[STEP_NKINDS] = {
	[STEP_START] = { STEP_START, "start", false, false, false, parse_start, run_start, describe_proc, true },
	[STEP_SEND] = { STEP_SEND, "send", true, true, false, parse_send, run_send, describe_proc, true },
	[STEP_CLOSE_STDIN] = { STEP_CLOSE_STDIN, "close_stdin", true, true, false, parse_close_stdin, run_close_stdin,
			       describe_proc, true },
	[STEP_SIGNAL] = { STEP_SIGNAL, "signal", true, false, false, parse_signal, run_signal, describe_signal, true },
	[STEP_WAIT_IPC] = { STEP_WAIT_IPC, "wait_ipc", false, false, false, parse_wait_ipc, run_wait_ipc,
			    describe_wait_ipc },
	[STEP_WAIT_OUTPUT] = { STEP_WAIT_OUTPUT, "wait_output", true, false, false, parse_wait_output, run_wait_output,
			       describe_wait_output },
	[STEP_WAIT_EXIT] = { STEP_WAIT_EXIT, "wait_exit", true, false, false, parse_wait_exit, run_wait_exit,
			     describe_proc },
	[STEP_SLEEP] = { STEP_SLEEP, "sleep", false, false, false, parse_sleep, run_sleep, describe_sleep },
	[STEP_AUDIT] = { STEP_AUDIT, "audit", false, false, true, parse_audit, run_audit, describe_nothing },
	[STEP_WAIT_STOP] = { STEP_WAIT_STOP, "wait_stopped", true, false, false, parse_wait_exit, run_wait_stopped,
			     describe_proc },
	[STEP_WAIT_SIGNAL_READY] = { STEP_WAIT_SIGNAL_READY, "wait_signal_ready", true, false, false,
				     parse_wait_signal_ready, run_wait_signal_ready, describe_signal },
};

/* A hole in the table (a kind without a row) reads as an unknown kind. */
const struct step_kind_desc *
step_kind(enum step_kind k)
{
	if ((unsigned)k >= ARRAY_LEN(kinds) || !kinds[k].name || kinds[k].kind != k)
		return NULL;
	return &kinds[k];
}

/* Linear: a handful of rows. */
const struct step_kind_desc *
step_kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(kinds); i++)
		if (kinds[i].name && strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/* The YAML spelling, as in reports and messages. */
const char *
step_kind_name(enum step_kind k)
{
	const struct step_kind_desc *d = step_kind(k);
	return d ? d->name : "?";
}

/* The kind's name, then what its row says about this step. */
void
step_describe(const struct step *s, char *buf, size_t len)
{
	const struct step_kind_desc *d = step_kind(s->kind);
	char rest[1024] = "";
	if (d)
		d->describe(s, rest, sizeof(rest));
	else
		snprintf(rest, sizeof(rest), " %s", s->proc ? s->proc : "");
	snprintf(buf, len, "%s%s", step_kind_name(s->kind), rest);
}

/* Every program: no escape, the scenario's network rule, its faults, removals watched. */
void
step_filter(const struct step *s, bool deny_network, struct seccomp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->deny_escape = true;
	o->deny_network = deny_network;
	o->faults = s->faults;
	o->nfaults = s->nfaults;
	o->watch_removals = true;
}

/* The checks every step shares (its process exists), the sandbox at rest
 * before an acting step, then its row's run. */
int
step_run(struct engine *e, size_t si)
{
	const struct step *s = &e->sc->steps[si];
	const struct step_kind_desc *d = step_kind(s->kind);
	struct scenario_result *r = e->res;
	if (d && d->acts && !s->no_settle && e->sc->settle_limit > 0)
		engine_settle(e, e->sc->settle_limit);
	double t0 = engine_now(), limit = s->seconds > 0 ? s->seconds : e->sc->step_timeout;
	int i = d && d->addresses_proc ? engine_find_proc(e, s->proc) : -1;
	if (d && d->addresses_proc && i < 0) {
		snprintf(r->message, sizeof(r->message), "step %zu (%s): no process named '%s' was started", si + 1,
			 step_kind_name(s->kind), s->proc ? s->proc : "");
		r->status = SCN_STEP_ERROR;
		return -1;
	}
	return d ? d->run(e, si, i, t0, t0 + limit) : 0;
}
