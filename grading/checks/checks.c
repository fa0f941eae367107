/* checks: verdicts with evidence and a hint for the classic mistake behind each. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"
#include "queue-checks.h"
#include "report-run.h"
#include "strbuf.h"

/* CPU over wall above this is a busy wait. A process that sleeps between
 * looks uses a few per cent; a spinning one gets a whole core when the machine
 * is idle, but only a share of it when other gradings (or anything else) run
 * at the same time: 0.5 made verdicts depend on the load, 0.2 holds up to
 * five busy processes per core. */
#define BUSY_RATIO       0.2
#define BUSY_MIN_WALL    0.3 /* ... once a process ran at least this long */
/* The load-independent measure: the share of the engine's looks (every 20 ms)
 * that found the program's tree runnable. A spinner is runnable whether it
 * has a core or waits for one; a program that sleeps or blocks almost never. */
#define BUSY_RUNNABLE    0.8
#define BUSY_MIN_SAMPLES 10

/* Did p spin: CPU close to its wall time, or runnable at nearly every look? */
static bool
spins(const struct proc_result *p)
{
	if (p->wall_sec < BUSY_MIN_WALL)
		return false;
	if ((p->user_sec + p->sys_sec) / p->wall_sec > BUSY_RATIO)
		return true;
	return p->run_samples >= BUSY_MIN_SAMPLES &&
	       (double)p->runnable_samples / (double)p->run_samples > BUSY_RUNNABLE;
}

/* Does this check look at process p? */
static bool
applies(const struct spec_check *c, const struct proc_result *p)
{
	return c->proc == NULL || strcmp(c->proc, p->name) == 0;
}

/* "server (student)" */
static char *
who(const struct proc_result *p)
{
	return xasprintf("%s (%s)", p->name, p->trusted ? "reference" : "yours");
}

char *
output_normalize(const char *s, size_t len)
{
	struct strbuf b = { 0 };
	sb_append(&b, "", 0);
	size_t i = 0;
	while (i < len) {
		size_t j = i, start = i;
		bool prefix = false;
		if (s[i] == '0' && i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
		    (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
			prefix = true;
			j = i + 2;
		}
		size_t h = j;
		bool digit = false;
		while (h < len && isxdigit((unsigned char)s[h])) {
			digit |= isdigit((unsigned char)s[h]) != 0;
			h++;
		}
		bool word_start = start == 0 || !isalnum((unsigned char)s[start - 1]);
		bool word_end = h == len || !isalnum((unsigned char)s[h]);
		size_t nd = h - j;
		if (word_start && word_end && digit && ((nd >= 6 && nd <= 16) || (prefix && nd >= 1))) {
			sb_append(&b, "<ADDR>", 6);
			i = h;
			continue;
		}
		if (isalnum((unsigned char)s[i])) { /* copy the whole word: no match inside it */
			size_t w = i;
			while (w < len && isalnum((unsigned char)s[w]))
				w++;
			sb_append(&b, s + i, w - i);
			i = w;
			continue;
		}
		sb_append(&b, s + i, 1);
		i++;
	}
	return b.s;
}

/* Write s to a fresh temp file; its path goes in path. */
static int
temp_with(const char *s, char *path)
{
	strcpy(path, "/tmp/ipcgrade-diff.XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	size_t n = strlen(s), off = 0;
	while (off < n) {
		ssize_t w = write(fd, s + off, n - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

char *
output_diff(const char *expected, const char *actual, int max_lines)
{
	char a[64], b[64];
	if (temp_with(expected, a) != 0)
		return NULL;
	if (temp_with(actual, b) != 0) {
		unlink(a);
		return NULL;
	}
	int p[2];
	struct strbuf out = { 0 };
	if (pipe2(p, O_CLOEXEC) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			dup2(p[1], 1);
			execl("/usr/bin/diff", "diff", "-u", "--label", "expected (reference)", "--label", "yours", a,
			      b, (char *)NULL);
			_exit(127);
		}
		close(p[1]);
		char buf[8192];
		ssize_t n;
		while ((n = read(p[0], buf, sizeof(buf))) > 0)
			if (out.len < 256 * 1024)
				sb_append(&out, buf, (size_t)n);
		close(p[0]);
		if (pid > 0)
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
	}
	unlink(a);
	unlink(b);
	if (out.s == NULL)
		return strdup("(diff unavailable)\n");
	int lines = 0;
	for (size_t i = 0; i < out.len; i++)
		if (out.s[i] == '\n' && ++lines == max_lines) {
			out.s[i + 1] = '\0';
			out.len = i + 1;
			sb_printf(&out, "... (diff cut at %d lines)\n", max_lines);
			break;
		}
	return out.s;
}

/* Normalised text of one stream. */
static char *
stream_text(const struct proc_result *p, int stream)
{
	size_t n;
	char *raw = capture_text(stream == 2 ? &p->err : &p->out, &n);
	char *norm = raw ? output_normalize(raw, n) : NULL;
	free(raw);
	return norm ? norm : strdup("");
}

/* Set a hint once: the first classic mistake found wins. */
static void
hint(struct check_outcome *o, const char *h)
{
	if (o->hint == NULL && h)
		o->hint = strdup(h);
}

/* A failed queue call reported on stderr by one of the student's programs
 * names the mistake better than the symptom another program shows. */
static void
queue_stderr_hint(struct check_outcome *o, const struct check_ctx *x)
{
	for (size_t i = 0; i < x->run->nprocs && !o->hint; i++) {
		size_t n;
		char *err = x->run->procs[i].trusted ? NULL : capture_text(&x->run->procs[i].err, &n);
		hint(o, queue_error_hint(err));
		free(err);
	}
}

/* How many lines of s start with the n bytes at w? */
static int
line_starts(const char *s, const char *w, size_t n)
{
	int k = 0;
	for (const char *q = s; q && *q; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : NULL)
		k += strncmp(q, w, n) == 0;
	return k;
}

/* A fork() that failed for lack of processes: children forking in a loop. */
static void
forkbomb_hint(struct check_outcome *o, const struct check_ctx *x)
{
	for (size_t i = 0; i < x->run->nprocs; i++) {
		size_t n;
		char *err = x->run->procs[i].trusted ? NULL : capture_text(&x->run->procs[i].err, &n);
		if (err && strstr(err, "Resource temporarily unavailable"))
			hint(o,
			     "fork() failed with EAGAIN: the process limit was reached. A fork bomb: a child that "
			     "forks again (fork() in a loop the child also runs). The child must leave with _exit().");
		free(err);
	}
}

/* Does actual repeat a line of expected more often than expected does? */
static bool
duplicated_lines(const char *expected, const char *actual)
{
	char *copy = strdup(expected), *save = NULL;
	bool dup = false;
	for (char *l = strtok_r(copy, "\n", &save); l && !dup; l = strtok_r(NULL, "\n", &save)) {
		size_t ll = strlen(l);
		int ne = 0, na = 0;
		for (const char *q = expected; (q = strstr(q, l)) != NULL; q += ll)
			ne++;
		for (const char *q = actual; (q = strstr(q, l)) != NULL; q += ll)
			na++;
		dup = ll > 0 && na > ne;
		/* Half a line left in the buffer at fork() comes out twice glued to
		 * another line ("Writing: Reading: ..."): compare the line's first
		 * word at line starts too. */
		size_t wl = strcspn(l, " ");
		if (!dup && wl >= 3 && wl < ll)
			dup = line_starts(actual, l, wl + 1) > line_starts(expected, l, wl + 1);
	}
	free(copy);
	return dup;
}

/* The reference run's process of the same name. */
static const struct proc_result *
oracle_proc(const struct check_ctx *x, const struct proc_result *p)
{
	return x->oracle ? scenario_proc(x->oracle, p->name) : NULL;
}

static bool same_object(const struct ipc_object *a, const struct ipc_object *b, bool match_key);

/* The reference run's counterpart of the i-th object seen: a scenario may
 * create the same key or name several times, so the n-th such object of each
 * run are paired. NULL when the reference run has no such one. */
static const struct ipc_object *
oracle_object(const struct check_ctx *x, size_t i)
{
	const struct ipc_object *g = &x->run->seen.objs[i];
	size_t rank = 0, seen_rank = 0;
	for (size_t k = 0; k < i; k++)
		rank += same_object(g, &x->run->seen.objs[k], true);
	for (size_t k = 0; k < x->oracle->seen.n; k++)
		if (same_object(g, &x->oracle->seen.objs[k], true) && seen_rank++ == rank)
			return &x->oracle->seen.objs[k];
	return NULL;
}

/* Did p remove an object that another program removes in the reference run
 * (a client that unlinks the server's queue)? */
static bool
removes_others(const struct check_ctx *x, const struct proc_result *p)
{
	for (size_t i = 0; i < x->run->seen.n; i++) {
		const struct ipc_object *g = &x->run->seen.objs[i], *w = NULL;
		if (strcmp(g->removed_by, p->name) == 0 && (w = oracle_object(x, i)) != NULL && w->removed_by[0] &&
		    strcmp(w->removed_by, p->name) != 0)
			return true;
	}
	return false;
}

/* Does p behave unlike its counterpart r of the reference run: how it
 * ended, what it printed, whether it wrote to stderr? */
static bool
departs(const struct proc_result *p, const struct proc_result *r)
{
	if (p->end != r->end || p->code != r->code || !p->killed_by != !r->killed_by ||
	    !p->err.total != !r->err.total || (p->child_signaled > 0) != (r->child_signaled > 0))
		return true;
	char *a = stream_text(p, 1), *b = stream_text(r, 1);
	bool differ = strcmp(a, b) != 0;
	free(a);
	free(b);
	return differ;
}

/* The program whose behaviour departs first from the reference run, by the
 * time it ended (a crash or a failed shmget ends early; a server left waiting
 * for what never came ends last, killed by the harness); or NULL. One of
 * yours wins a tie: a reference program only reacts to yours. */
static const struct proc_result *
first_departure(const struct check_ctx *x)
{
	const struct proc_result *first = NULL;
	for (size_t i = 0; x->oracle && i < x->run->nprocs; i++) {
		const struct proc_result *p = &x->run->procs[i], *r = oracle_proc(x, p);
		if (r == NULL || (!departs(p, r) && !removes_others(x, p)))
			continue;
		double end = p->start_sec + p->wall_sec, fend = first ? first->start_sec + first->wall_sec : 0;
		if (first == NULL || end < fend - 1e-3 || (end < fend + 1e-3 && first->trusted && !p->trusted))
			first = p;
	}
	return first;
}

/* Why p's departure is not p's own fault, to follow its line of evidence, or
 * "" (static): a reference program's is always a consequence of yours; one
 * of yours that went wrong after another of yours is named as possibly one. */
static const char *
consequence(const struct check_ctx *x, const struct proc_result *p)
{
	static char buf[512];
	const struct proc_result *f = first_departure(x);
	buf[0] = '\0';
	if (f && f != p && !f->trusted)
		snprintf(buf, sizeof(buf), " - %s %s (yours) went wrong first (see %s)",
			 p->trusted ? "a consequence:" : "after", f->name, f->name);
	else if (p->trusted)
		snprintf(buf, sizeof(buf),
			 " - a consequence of what your programs did: the reference program only "
			 "reacts to them");
	return buf;
}

/* May p's own failures give hints? Not a reference program's (it reacted to
 * yours), nor one of yours that went wrong after another of yours did (it
 * waited for what never came, or found the queue gone): the hints name the
 * first cause. Its own mistakes show in the pairing where it is alone with
 * the reference programs. */
static bool
hints_from(const struct check_ctx *x, const struct proc_result *p)
{
	const struct proc_result *f = first_departure(x);
	if (p->trusted)
		return false;
	return f == NULL || f == p || f->trusted;
}

/* Indices of the run's programs, the first to depart from the reference run
 * first: its hints are the ones shown (a hint names one cause). */
static void
blame_order(const struct check_ctx *x, size_t *order)
{
	const struct proc_result *f = first_departure(x);
	size_t k = 0;
	if (f)
		order[k++] = (size_t)(f - x->run->procs);
	for (size_t i = 0; i < x->run->nprocs; i++)
		if (&x->run->procs[i] != f)
			order[k++] = i;
}

/* exit status / terminating signal */
static void
check_exit(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	size_t *order = calloc(x->run->nprocs + 1, sizeof(*order));
	if (order)
		blame_order(x, order);
	for (size_t j = 0; j < x->run->nprocs; j++) {
		const struct proc_result *p = &x->run->procs[order ? order[j] : j];
		if (!applies(c, p))
			continue;
		const struct proc_result *r = oracle_proc(x, p);
		char got[256], want[256] = "";
		proc_end_describe(p, got, sizeof(got));
		bool ok;
		if (c->choice == EXPECT_ZERO) {
			ok = p->end == PROC_EXITED && p->code == 0;
			snprintf(want, sizeof(want), "exit 0");
		} else if (c->choice == EXPECT_NONZERO) {
			ok = p->end == PROC_EXITED && p->code != 0;
			snprintf(want, sizeof(want), "a non-zero exit status (and no crash)");
		} else {
			if (r == NULL)
				continue;
			ok = p->end == r->end && p->code == r->code && !p->killed_by == !r->killed_by;
			proc_end_describe(r, want, sizeof(want));
		}
		/* A process of its tree killed by a signal, where the reference's
		 * ends well, is a crash too, whatever the parent's own status. */
		bool kid_crash = p->child_signaled > 0 && !(r && r->child_signaled > 0);
		if (ok && !kid_crash)
			continue;
		o->passed = false;
		char *w = who(p);
		if (!ok)
			sb_printf(d, "%s %s; expected %s%s\n", w, got, want, consequence(x, p));
		if (kid_crash) {
			sb_printf(d, "a child of %s (pid %d) was killed by %s (%s)", w, (int)p->child_pid,
				  signal_name(p->child_signal), strsignal(p->child_signal));
			if (p->child_signaled > 1)
				sb_printf(d, ", and %d more process(es) of its tree", p->child_signaled - 1);
			sb_printf(d, "; expected no process to crash%s\n", consequence(x, p));
		}
		free(w);
		if (kid_crash && hints_from(x, p) && p->child_signal == SIGSEGV)
			hint(o, "SIGSEGV in a child: a forked child crashed (wait(&status) and WIFSIGNALED(status) "
				"tell the parent). Check every shmat() result against (void *) -1, do not write "
				"through a SHM_RDONLY attach, and stay inside the segment's size.");
		else if (kid_crash && hints_from(x, p))
			hint(o, "A forked child was killed by a signal: look at what the child does after fork() "
				"(wait(&status) and WIFSIGNALED(status) tell the parent).");
		queue_stderr_hint(o, x);
		if (!hints_from(x, p))
			continue; /* it reacted to another program: its hints would blame the wrong one */
		if (p->end == PROC_SIGNALED && !p->killed_by && p->code == SIGBUS)
			hint(o, "SIGBUS: the program touched a mapping beyond the end of its object. After "
				"shm_open(O_CREAT) "
				"the object is 0 bytes long: call ftruncate(fd, SIZE) before mmap and use it.");
		if (p->end == PROC_SIGNALED && !p->killed_by && p->code == SIGSEGV)
			hint(o, "SIGSEGV: check every shmat() result against (void *) -1 and mmap() against MAP_FAILED "
				"before using the pointer, and stay inside the segment's size.");
		if (p->killed_by && strcmp(p->killed_by, "output limit") != 0)
			hint(o,
			     "The program never finished: it must stop at end of input (getchar()/fgets() report EOF) "
			     "and when it reads 'q', and must not wait for something that never comes.");
		if (p->end == PROC_EXITED && p->code == 0 && c->choice == EXPECT_NONZERO)
			hint(o, "A failure must be reported with a non-zero exit status (exit(EXIT_FAILURE)), "
				"e.g. a usage error, an object that already exists (O_EXCL / IPC_EXCL) or one that "
				"does not.");
		size_t n;
		char *err = capture_text(&p->err, &n);
		if (err && strstr(err, "shmget") && strstr(err, "Invalid argument"))
			hint(o, "EINVAL from shmget: asking for more bytes than the existing segment has fails "
				"(the lecture's client asks 1024 bytes of the server's 1-byte segment).");
		else if (err && strstr(err, "Invalid argument"))
			hint(o, "EINVAL (Invalid argument): the call named in the error message refused one of its "
				"arguments; check each against its manual page (e.g. msgsnd needs an mtype > 0).");
		if (err && strstr(err, "Permission denied"))
			hint(o,
			     "EACCES (Permission denied): the object belongs to another user and its mode does not let "
			     "you write it (0644: others may only read). Attach read-only (shmat(..., SHM_RDONLY)) "
			     "when you only read, and remove only what you created.");
		if (err && strstr(err, "File exists"))
			hint(o, "EEXIST: the object was already there; with O_EXCL/IPC_EXCL that is the expected "
				"failure only for 'create twice'.");
		free(err);
	}
	free(order);
}

/* stdout (or stderr against the reference) */
static void
check_stream(const struct spec_check *c, const struct check_ctx *x, int stream, struct check_outcome *o,
	     struct strbuf *d)
{
	size_t *order = calloc(x->run->nprocs + 1, sizeof(*order));
	if (order)
		blame_order(x, order);
	for (size_t j = 0; j < x->run->nprocs; j++) {
		const struct proc_result *p = &x->run->procs[order ? order[j] : j];
		const struct proc_result *r = oracle_proc(x, p);
		if (!applies(c, p) || r == NULL)
			continue;
		if (stream == 2) { /* messages may differ; their presence may not */
			bool want = c->expect && strcmp(c->expect, "nonempty") == 0 ? true : r->err.total > 0;
			bool have = p->err.total > 0;
			if (want == have)
				continue;
			o->passed = false;
			char *w = who(p);
			sb_printf(d, "%s %s on stderr; expected %s%s\n", w,
				  have ? "printed something" : "printed nothing", want ? "an error message" : "nothing",
				  consequence(x, p));
			free(w);
			queue_stderr_hint(o, x);
			forkbomb_hint(o, x);
			if (!hints_from(x, p))
				continue;
			hint(o, want ? "Report errors on stderr (perror(\"shmget\") or fprintf(stderr, ...)), not on "
				       "stdout."
				     : "Nothing should go to stderr when all goes well.");
			continue;
		}
		char *exp = stream_text(r, 1), *act = stream_text(p, 1);
		if (strcmp(exp, act) != 0) {
			o->passed = false;
			char *w = who(p);
			if (x->feedback == FEEDBACK_FULL) {
				char *df = output_diff(exp, act, 60);
				sb_printf(d,
					  "%s: stdout differs from the reference's (addresses masked as <ADDR>)%s:\n%s",
					  w, consequence(x, p), df ? df : "");
				free(df);
			} else {
				sb_printf(d, "%s: stdout differs from the reference's%s\n", w, consequence(x, p));
			}
			free(w);
			queue_stderr_hint(o, x);
			forkbomb_hint(o, x);
			if (!hints_from(x, p))
				; /* it reacted to another program: its hints would blame the wrong one */
			else if (act[0] == '\0' && exp[0] != '\0' && p->err.total > 0)
				hint(o, "Nothing reached stdout, and the program wrote to stderr: it failed before "
					"printing (see its error message below, under program output).");
			else if (duplicated_lines(exp, act))
				hint(o, "Some lines come out twice: stdio buffers are copied by fork(). Call "
					"fflush(stdout) "
					"before fork(), and end children with _exit() (or flush before exit).");
			else if (act[0] == '\0' && exp[0] != '\0')
				hint(o, "Nothing reached stdout: was the output still in the stdio buffer when the "
					"process "
					"was killed or crashed? Print whole lines and flush.");
			else /* the test's own hint names its classic mistake better than a generic one */
				hint(o, x->test && x->test->hint ? x->test->hint
								 : "Print exactly what the lecture prints: same words, "
								   "spaces, letter case and newlines.");
		}
		free(exp);
		free(act);
	}
	free(order);
}

/* stdout against the reference's */
static void
check_stdout(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	check_stream(c, x, 1, o, d);
}

/* stderr: present when the reference's is (or when expect: nonempty) */
static void
check_stderr(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	check_stream(c, x, 2, o, d);
}

/* Same object? kind plus key (SysV) or name (the rest). */
static bool
same_object(const struct ipc_object *a, const struct ipc_object *b, bool match_key)
{
	if (a->kind != b->kind)
		return false;
	if (!match_key)
		return true;
	if (ipc_kind(a->kind) && ipc_kind(a->kind)->keyed)
		return (unsigned)a->key == (unsigned)b->key;
	return strcmp(a->name, b->name) == 0;
}

/* IPC objects seen: identity, size and permission bits like the reference's. */
static void
check_ipc(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	const struct ipc_snapshot *want = &x->oracle->seen, *got = &x->run->seen;
	bool *used = calloc(got->n + 1, sizeof(*used));
	char a[512], b[512];
	for (size_t i = 0; i < want->n; i++) {
		const struct ipc_object *w = &want->objs[i];
		const struct ipc_object *g = NULL;
		for (size_t k = 0; k < got->n && !g; k++)
			if (!used[k] && same_object(w, &got->objs[k], c->match_key)) {
				g = &got->objs[k];
				used[k] = true;
			}
		ipc_object_describe(w, a, sizeof(a));
		if (g == NULL) {
			o->passed = false;
			sb_printf(d, "the reference creates %s; your programs never did\n", a);
			hint(o, "Create the object exactly as the assignment says (same key or name).");
			continue;
		}
		const struct ipc_kind *k = ipc_kind(w->kind);
		if (g->size != w->size && k && k->size_compared) {
			o->passed = false;
			sb_printf(d, "%s %s: size %llu, the reference's is %llu\n", k->name,
				  k->keyed ? "segment" : g->name, g->size, w->size);
			hint(o, k->size_hint);
		}
		if (k && queue_attrs_differ(g, w, d)) {
			o->passed = false;
			hint(o, k->attr_hint);
		}
		if ((g->mode & 0777) != (w->mode & 0777)) {
			o->passed = false;
			sb_printf(d, "%s: permission bits %04o, the reference's are %04o\n", ipcobj_kind_name(g->kind),
				  g->mode & 0777, w->mode & 0777);
			hint(o, "Permission bits: pass the mode the lecture uses (e.g. 0666, or S_IRUSR | S_IWUSR).");
		}
	}
	for (size_t k = 0; k < got->n; k++) {
		if (used[k])
			continue;
		o->passed = false;
		ipc_object_describe(&got->objs[k], b, sizeof(b));
		sb_printf(d, "your programs created %s, which the reference does not\n", b);
		hint(o, "Use the key or name the assignment gives (key 1234, \"/my_shm\"), and create nothing else.");
	}
	free(used);
}

/* Nothing left behind that the reference does not leave; and only worth
 * anything when the programs created something (as the reference does). */
static void
check_cleanup(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	(void)c;
	char a[512];
	if (x->oracle->seen.n > 0 && x->run->seen.n == 0) {
		o->passed = false;
		sb_printf(d,
			  "not credited: your programs created no IPC object (the reference creates %zu), so there "
			  "was nothing to clean up\n",
			  x->oracle->seen.n);
		return;
	}
	const char *unreceived = queue_unreceived(x->run, x->oracle, d);
	if (unreceived) {
		o->passed = false;
		hint(o, unreceived);
	}
	for (size_t i = 0; i < x->run->left.n; i++) {
		const struct ipc_object *g = &x->run->left.objs[i];
		bool also_ref = false;
		for (size_t k = 0; k < x->oracle->left.n; k++)
			also_ref |= same_object(g, &x->oracle->left.objs[k], true);
		if (also_ref)
			continue;
		o->passed = false;
		ipc_object_describe(g, a, sizeof(a));
		/* Who removes it in the reference run, and whether that program
		 * got the chance here (the seccomp watch names removers). */
		const struct proc_result *rp = NULL;
		for (size_t k = 0; k < x->oracle->seen.n && !rp; k++)
			if (x->oracle->seen.objs[k].removed_by[0] && same_object(g, &x->oracle->seen.objs[k], true))
				rp = scenario_proc(x->run, x->oracle->seen.objs[k].removed_by);
		if (rp && rp->end == PROC_SIGNALED) {
			char end[256];
			proc_end_describe(rp, end, sizeof(end));
			char *w = who(rp);
			sb_printf(d,
				  "left behind: %s - %s removes it in the reference run, but here it was %s before "
				  "it could%s\n",
				  a, w, end, consequence(x, rp));
			free(w);
			continue; /* no "missing shmctl": the exit check names why it never got there */
		}
		sb_printf(d, "left behind: %s - never removed: call %s\n", a, ipcobj_remover(g->kind));
		hint(o, ipc_kind(g->kind) ? ipc_kind(g->kind)->never_removed_hint : NULL);
	}
	/* Removed, but by the wrong program: e.g. a client that removes the
	 * server's segment under it. Compared with who removes it in the reference run. */
	for (size_t i = 0; i < x->run->seen.n; i++) {
		const struct ipc_object *g = &x->run->seen.objs[i];
		const struct ipc_object *w = g->removed_by[0] ? oracle_object(x, i) : NULL;
		if (w == NULL || !w->removed_by[0] || strcmp(g->removed_by, w->removed_by) == 0)
			continue;
		/* Only a program of yours removing it is your doing: when a
		 * reference program removes the one object there is (yours
		 * created nothing, say), the checks of what yours did tell. */
		const struct proc_result *rm = scenario_proc(x->run, g->removed_by);
		if (rm && rm->trusted)
			continue;
		o->passed = false;
		ipc_object_describe(g, a, sizeof(a));
		sb_printf(d, "%s was removed by %s (yours); in the reference run %s removes it\n", a, g->removed_by,
			  w->removed_by);
		hint(o, queue_removed_hint(g->kind));
		char *h = xasprintf("Only the program that owns an object removes it, once nobody needs it any more: "
				    "a client that calls %s pulls the object from under the server.",
				    ipcobj_remover(g->kind));
		hint(o, h);
		free(h);
	}
	/* Descriptors still open at exit, beyond what the reference leaves open
	 * (our preload libraries may hold some: both sides have them). */
	for (size_t i = 0; i < x->run->nprocs; i++) {
		const struct proc_result *p = &x->run->procs[i];
		const struct proc_result *r = oracle_proc(x, p);
		if (p->trusted || r == NULL || p->fds_at_exit < 0 || r->fds_at_exit < 0 ||
		    p->fds_at_exit <= r->fds_at_exit)
			continue;
		o->passed = false;
		sb_printf(d, "%s left %d descriptor(s) open when it exited (%s); the reference leaves %d\n", p->name,
			  p->fds_at_exit, p->fd_example, r->fds_at_exit);
		hint(o, "Descriptor leak: close() every descriptor you open once you are done with it "
			"(dup() makes another one to close; the fd of shm_open can be closed right after mmap; the "
			"mapping stays).");
	}
	/* ... and by the children they fork: a process of the scenario too. */
	for (size_t i = 0; i < x->run->nprocs; i++) {
		const struct proc_result *p = &x->run->procs[i];
		const struct proc_result *r = oracle_proc(x, p);
		if (p->trusted || r == NULL || r->child_fds_at_exit < 0 || p->child_fds_at_exit <= r->child_fds_at_exit)
			continue;
		o->passed = false;
		sb_printf(d, "a child of %s left %d descriptor(s) open when it exited (%s); the reference's leave %d\n",
			  p->name, p->child_fds_at_exit, p->child_fd_example, r->child_fds_at_exit);
		hint(o, "Descriptor leak: close() every descriptor you open (dup() makes another one to close) "
			"once you are done with it, in the child as in the parent.");
	}
	size_t ref_strays = x->oracle->nstrays;
	for (size_t i = 0; i < x->run->nstrays; i++) {
		const struct stray_proc *s = &x->run->strays[i];
		if (i < ref_strays)
			continue; /* the reference leaves as many: not the submission's doing */
		o->passed = false;
		sb_printf(d, "left behind: process %d (%s), parent %d: %s", (int)s->pid, s->comm, (int)s->ppid,
			  stray_describe(s->kind));
		/* An orphan's end is seen by the sandbox's init, which reaps it. */
		if (s->kind == STRAY_REPARENTED && WIFSIGNALED(s->wstatus) && WTERMSIG(s->wstatus) != SIGKILL)
			sb_printf(d, "; it was killed by %s (%s)", signal_name(WTERMSIG(s->wstatus)),
				  strsignal(WTERMSIG(s->wstatus)));
		sb_printf(d, "\n");
		if (s->kind == STRAY_ZOMBIE || s->kind == STRAY_REPARENTED || (s->kind == STRAY_ALIVE && s->ppid == 1))
			hint(o, "Child not waited for: the parent must wait()/waitpid() for every child it forks "
				"before it exits, or the child becomes an orphan (or a zombie).");
		else
			hint(o, "A process was still running after the programs ended: don't leave background "
				"processes or daemons behind.");
	}
}

/* CPU time close to wall time while waiting is a busy loop. */
static void
check_busy(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	for (size_t i = 0; i < x->run->nprocs; i++) {
		const struct proc_result *p = &x->run->procs[i];
		if (!applies(c, p) || p->trusted)
			continue;
		const struct proc_result *r = oracle_proc(x, p);
		/* Not spinning is worth something only in a program that waited. */
		if (r && r->wall_sec >= BUSY_MIN_WALL && p->wall_sec < BUSY_MIN_WALL) {
			o->passed = false;
			sb_printf(d,
				  "not credited: %s ran %.2f s and never waited (the reference waits %.2f s), so there "
				  "was no waiting to judge\n",
				  p->name, p->wall_sec, r->wall_sec);
			continue;
		}
		if (!spins(p))
			continue;
		double cpu = p->user_sec + p->sys_sec;
		/* The reference excuses only if it too waited long enough to be judged
		 * (a 30 ms reference run is mostly start-up CPU, not a busy loop). */
		if (r && spins(r))
			continue;
		o->passed = false;
		sb_printf(d,
			  "%s used %.2f s of CPU in %.2f s and was runnable at %d of %d looks: it spins instead of "
			  "waiting\n",
			  p->name, cpu, p->wall_sec, p->runnable_samples, p->run_samples);
		hint(o, queue_busy_hint(x->run));
		hint(o, "Busy waiting: a loop that polls shared memory without pausing burns a whole CPU. "
			"Sleep between checks (sleep(1) as the lecture does) or block (semaphore, pipe, signal).");
	}
}

/* stdout of c->proc matches c->expect */
static void
check_match(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	regex_t re;
	if (regcomp(&re, c->expect ? c->expect : "", REG_EXTENDED | REG_NEWLINE | REG_NOSUB) != 0) {
		o->passed = false;
		sb_printf(d, "bad regex in the spec\n");
		return;
	}
	for (size_t i = 0; i < x->run->nprocs; i++) {
		const struct proc_result *p = &x->run->procs[i];
		if (!applies(c, p))
			continue;
		size_t n;
		char *t = capture_text(&p->out, &n);
		if (t == NULL || regexec(&re, t, 0, NULL, 0) != 0) {
			o->passed = false;
			sb_printf(d, "%s: stdout does not match /%s/\n", p->name,
				  x->feedback == FEEDBACK_VERDICT ? "..." : c->expect);
		}
		free(t);
	}
	regfree(&re);
}

/* valgrind memcheck: deduct in steps of a fifth per finding. */
static void
check_memcheck(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d)
{
	(void)c;
	const struct vg_summary *v = x->vg;
	if (v == NULL || !v->ran) { /* --no-memcheck: the check does not count either way */
		o->weight = 0;
		o->credit = 1;
		sb_printf(d, "memcheck was not run (--no-memcheck)\n");
		return;
	}
	int findings = v->errors + v->leaks;
	o->credit = findings >= 5 ? 0.0 : 1.0 - 0.2 * findings;
	if (v->incomplete) { /* a run cut short under valgrind: no verdict is not "clean" */
		o->credit = 0;
		sb_printf(d, "the run under valgrind did not complete: %s\n", v->incomplete);
	} else if (v->unreadable) { /* one process without a verdict: it may be where the errors were */
		o->credit = 0;
		sb_printf(d, "%s\n", v->cut ? v->cut : "a valgrind report is incomplete");
	} else if (v->files == 0) {
		o->credit = 0;
		sb_printf(
			d,
			"valgrind produced no complete report (was the program killed or timed out under valgrind?)\n");
	}
	o->passed = o->credit >= 1.0;
	if (findings)
		sb_printf(d,
			  "valgrind: %d memory error(s), %d leak(s) (%llu bytes definitely or indirectly lost)\n%s%s",
			  v->errors, v->leaks, v->leaked_bytes, v->first ? v->first : "", v->first ? "\n" : "");
	if (v->errors)
		hint(o, queue_memcheck_hint(v->first));
	if (v->leaks)
		hint(o, "Heap leak: free() what you malloc(), on every path, before the process exits.");
	if (v->errors)
		hint(o, "Memory error: reading or writing outside what you allocated, or using uninitialised bytes.");
}

/* The evaluator of each check kind of the harness's table (check.h). */
static const struct {
	void (*eval)(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o, struct strbuf *d);
	bool own_credit; /* sets o->credit itself (partial credit); else all or nothing */
} evaluators[CHECK_NKINDS] = {
	[CHECK_EXIT] = { check_exit, false },        [CHECK_STDOUT] = { check_stdout, false },
	[CHECK_STDERR] = { check_stderr, false },    [CHECK_IPC] = { check_ipc, false },
	[CHECK_CLEANUP] = { check_cleanup, false },  [CHECK_BUSY_WAIT] = { check_busy, false },
	[CHECK_MEMCHECK] = { check_memcheck, true }, [CHECK_OUTPUT_MATCH] = { check_match, false },
};

void
check_eval(const struct spec_check *c, const struct check_ctx *x, struct check_outcome *o)
{
	struct strbuf d = { 0 };
	memset(o, 0, sizeof(*o));
	o->passed = true;
	o->weight = c->weight > 0 ? c->weight : 1;
	const char *k = check_kind_name(c->kind);
	o->name = c->proc ? xasprintf("%s of %s", k, c->proc) : strdup(k);
	bool own_credit = false;
	if ((unsigned)c->kind < CHECK_NKINDS && evaluators[c->kind].eval) {
		evaluators[c->kind].eval(c, x, o, &d);
		own_credit = evaluators[c->kind].own_credit;
	}
	if (!own_credit)
		o->credit = o->passed ? 1.0 : 0.0;
	if (x->feedback == FEEDBACK_VERDICT && !o->passed) {
		free(d.s);
		d.s = strdup("does not behave like the reference");
	}
	o->detail = d.s;
}
