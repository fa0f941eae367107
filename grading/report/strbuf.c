/* strbuf: small string helpers shared by the grader's modules. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Append n bytes, doubling the buffer as needed. */
void
sb_append(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (ns == NULL) {
			b->failed = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append a C string. */
void
sb_puts(struct strbuf *b, const char *s)
{
	sb_append(b, s, strlen(s));
}

/* Append printf-style output. */
void
sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		sb_append(b, s, (size_t)n);
		free(s);
	} else {
		b->failed = true;
	}
}

/* Aborts rather than return NULL: see strbuf.h. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("ipcgrade: out of memory\n", stderr);
		abort();
	}
	return s;
}

/* Append a copy of s, keeping the vector NULL-terminated. */
void
strvec_push(struct strvec *v, const char *s)
{
	if (v->n + 2 > v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		char **nv = realloc(v->v, cap * sizeof(*nv));
		if (nv == NULL)
			return;
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = strdup(s);
	v->v[v->n] = NULL;
}

/* Free every string and the vector. */
void
strvec_free(struct strvec *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}
