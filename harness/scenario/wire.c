/* wire: encoding of struct scenario_result between the init and the harness. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define WIRE_MAGIC 0x69706367u /* "ipcg" */

/* Grow and append raw bytes. */
static void
put(struct wbuf *b, const void *p, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (d == NULL) {
			b->failed = ENOMEM;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	if (n) /* p may be NULL for an empty field: memcpy(NULL) is UB */
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void
put_u64(struct wbuf *b, uint64_t v)
{
	put(b, &v, sizeof(v));
}
static void
put_i64(struct wbuf *b, int64_t v)
{
	put(b, &v, sizeof(v));
}
static void
put_f64(struct wbuf *b, double v)
{
	put(b, &v, sizeof(v));
}

/* Length-prefixed bytes; NULL is encoded apart from "". */
static void
put_bytes(struct wbuf *b, const char *s, size_t n, int present)
{
	put_i64(b, present ? (int64_t)n : -1);
	if (present)
		put(b, s, n);
}

static void
put_str(struct wbuf *b, const char *s)
{
	put_bytes(b, s, s ? strlen(s) : 0, s != NULL);
}

/* A capture travels as its visible text plus the counts. */
static void
put_capture(struct wbuf *b, const struct capture *c)
{
	put_u64(b, c->total);
	put_u64(b, c->head_cap);
	put_u64(b, c->tail_cap);
	put_bytes(b, c->head, c->head_len, 1);
	char *t = NULL;
	if (c->tail_len) {
		t = malloc(c->tail_len);
		if (t == NULL) {
			b->failed = ENOMEM;
			return;
		}
		size_t start = (c->tail_pos + c->tail_cap - c->tail_len) % c->tail_cap;
		for (size_t i = 0; i < c->tail_len; i++)
			t[i] = c->tail[(start + i) % c->tail_cap];
	}
	put_bytes(b, t, c->tail_len, 1);
	free(t);
}

static void
put_snapshot(struct wbuf *b, const struct ipc_snapshot *s)
{
	put_u64(b, s->n);
	put(b, s->objs, s->n * sizeof(*s->objs));
}

void
wire_encode(struct wbuf *b, const struct scenario_result *r)
{
	put_u64(b, WIRE_MAGIC);
	put_i64(b, r->status);
	put_i64(b, r->step_index);
	put(b, r->message, sizeof(r->message));
	put_i64(b, r->mode);
	put_f64(b, r->wall_sec);
	put_u64(b, r->nprocs);
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct proc_result *p = &r->procs[i];
		put_str(b, p->name);
		put_str(b, p->path);
		put_str(b, p->killed_by);
		put_i64(b, p->trusted);
		put_i64(b, p->pid);
		put_i64(b, p->end);
		put_i64(b, p->code);
		put_i64(b, p->exec_errno);
		put_f64(b, p->start_sec);
		put_f64(b, p->wall_sec);
		put_f64(b, p->user_sec);
		put_f64(b, p->sys_sec);
		put_i64(b, p->maxrss_kb);
		put_i64(b, p->fds_at_exit);
		put_i64(b, p->run_samples);
		put_i64(b, p->runnable_samples);
		put(b, p->fd_example, sizeof(p->fd_example));
		put_i64(b, p->child_fds_at_exit);
		put(b, p->child_fd_example, sizeof(p->child_fd_example));
		put_i64(b, p->child_signaled);
		put_i64(b, p->child_signal);
		put_i64(b, p->child_pid);
		put_capture(b, &p->out);
		put_capture(b, &p->err);
	}
	put_snapshot(b, &r->seen);
	put_snapshot(b, &r->left);
	put_u64(b, r->naudits);
	for (size_t i = 0; i < r->naudits; i++)
		put_snapshot(b, &r->audits[i]);
	put_u64(b, r->nstrays);
	put(b, r->strays, r->nstrays * sizeof(*r->strays));
	put_str(b, r->hang);
	put_u64(b, WIRE_MAGIC);
}

struct rbuf {
	const char *p;
	size_t left;
	int bad;
};

/* Take n bytes or mark the buffer bad. */
static const void *
take(struct rbuf *r, size_t n)
{
	if (r->bad || n > r->left) {
		r->bad = 1;
		return NULL;
	}
	const void *p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

static uint64_t
get_u64(struct rbuf *r)
{
	uint64_t v = 0;
	const void *p = take(r, 8);
	if (p)
		memcpy(&v, p, 8);
	return v;
}
static int64_t
get_i64(struct rbuf *r)
{
	int64_t v = 0;
	const void *p = take(r, 8);
	if (p)
		memcpy(&v, p, 8);
	return v;
}
static double
get_f64(struct rbuf *r)
{
	double v = 0;
	const void *p = take(r, 8);
	if (p)
		memcpy(&v, p, 8);
	return v;
}

/* A malloc'd NUL-terminated copy, or NULL for an absent string. */
static char *
get_bytes(struct rbuf *r, size_t *len)
{
	int64_t n = get_i64(r);
	if (n < 0 || r->bad) {
		if (len)
			*len = 0;
		return NULL;
	}
	const char *p = take(r, (size_t)n);
	if (p == NULL)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s == NULL) {
		r->bad = 1;
		return NULL;
	}
	memcpy(s, p, (size_t)n);
	s[n] = '\0';
	if (len)
		*len = (size_t)n;
	return s;
}

/* Rebuild a capture: the tail becomes a full ring starting at 0. */
static void
get_capture(struct rbuf *r, struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->total = get_u64(r);
	c->head_cap = get_u64(r);
	c->tail_cap = get_u64(r);
	size_t hl = 0, tl = 0;
	c->head = get_bytes(r, &hl);
	c->head_len = hl;
	c->tail = get_bytes(r, &tl);
	c->tail_len = tl;
	c->tail_pos = 0;
	if (tl > 0)
		c->tail_cap = tl; /* a full ring: position 0 is the oldest byte */
	if (hl > c->head_cap)
		c->head_cap = hl;
}

/* Snapshot bodies are raw structs: same binary on both ends. */
static void
get_snapshot(struct rbuf *r, struct ipc_snapshot *s)
{
	s->n = get_u64(r);
	s->objs = NULL;
	if (r->bad || s->n == 0 || s->n > r->left / sizeof(*s->objs)) {
		if (s->n)
			r->bad = 1;
		s->n = 0;
		return;
	}
	const void *p = take(r, s->n * sizeof(*s->objs));
	s->objs = malloc(s->n * sizeof(*s->objs));
	if (s->objs == NULL || p == NULL) {
		r->bad = 1;
		s->n = 0;
		return;
	}
	memcpy(s->objs, p, s->n * sizeof(*s->objs));
}

int
wire_decode(const char *data, size_t len, struct scenario_result *res)
{
	struct rbuf r = { data, len, 0 };
	memset(res, 0, sizeof(*res));
	if (get_u64(&r) != WIRE_MAGIC)
		return -1;
	res->status = (enum scenario_status)get_i64(&r);
	res->step_index = (int)get_i64(&r);
	const char *m = take(&r, sizeof(res->message));
	if (m)
		memcpy(res->message, m, sizeof(res->message));
	res->message[sizeof(res->message) - 1] = '\0';
	res->mode = (enum sandbox_mode)get_i64(&r);
	res->wall_sec = get_f64(&r);
	uint64_t np = get_u64(&r);
	if (np > 4096)
		r.bad = 1;
	if (!r.bad && np) {
		res->procs = calloc(np, sizeof(*res->procs));
		if (res->procs == NULL)
			r.bad = 1;
	}
	for (uint64_t i = 0; i < np && !r.bad; i++) {
		struct proc_result *p = &res->procs[i];
		res->nprocs = i + 1;
		p->name = get_bytes(&r, NULL);
		p->path = get_bytes(&r, NULL);
		p->killed_by = get_bytes(&r, NULL);
		p->trusted = get_i64(&r) != 0;
		p->pid = (pid_t)get_i64(&r);
		p->end = (enum proc_end)get_i64(&r);
		p->code = (int)get_i64(&r);
		p->exec_errno = (int)get_i64(&r);
		p->start_sec = get_f64(&r);
		p->wall_sec = get_f64(&r);
		p->user_sec = get_f64(&r);
		p->sys_sec = get_f64(&r);
		p->maxrss_kb = (long)get_i64(&r);
		p->fds_at_exit = (int)get_i64(&r);
		p->run_samples = (int)get_i64(&r);
		p->runnable_samples = (int)get_i64(&r);
		const char *fe = take(&r, sizeof(p->fd_example));
		if (fe)
			memcpy(p->fd_example, fe, sizeof(p->fd_example));
		p->fd_example[sizeof(p->fd_example) - 1] = '\0';
		p->child_fds_at_exit = (int)get_i64(&r);
		const char *cfe = take(&r, sizeof(p->child_fd_example));
		if (cfe)
			memcpy(p->child_fd_example, cfe, sizeof(p->child_fd_example));
		p->child_fd_example[sizeof(p->child_fd_example) - 1] = '\0';
		p->child_signaled = (int)get_i64(&r);
		p->child_signal = (int)get_i64(&r);
		p->child_pid = (pid_t)get_i64(&r);
		get_capture(&r, &p->out);
		get_capture(&r, &p->err);
	}
	get_snapshot(&r, &res->seen);
	get_snapshot(&r, &res->left);
	uint64_t na = get_u64(&r);
	if (na > 4096)
		r.bad = 1;
	if (!r.bad && na) {
		res->audits = calloc(na, sizeof(*res->audits));
		if (res->audits == NULL)
			r.bad = 1;
		for (uint64_t i = 0; i < na && !r.bad; i++) {
			get_snapshot(&r, &res->audits[i]);
			res->naudits = i + 1;
		}
	}
	uint64_t ns = get_u64(&r);
	if (!r.bad && ns) {
		const void *p = ns <= r.left / sizeof(*res->strays) ? take(&r, ns * sizeof(*res->strays)) : NULL;
		res->strays = p ? malloc(ns * sizeof(*res->strays)) : NULL;
		if (res->strays == NULL)
			r.bad = 1;
		else {
			memcpy(res->strays, p, ns * sizeof(*res->strays));
			res->nstrays = ns;
		}
	}
	res->hang = get_bytes(&r, NULL);
	if (get_u64(&r) != WIRE_MAGIC)
		r.bad = 1;
	return r.bad ? -1 : 0;
}
