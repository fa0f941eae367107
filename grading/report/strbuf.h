/* strbuf: growable strings and string vectors for building reports. */
#pragma once
#include <stddef.h>

#include <stdbool.h>

struct strbuf {
	char *s;
	size_t len, cap;
	bool failed; /* an append ran out of memory: the text has a hole */
};

/* Append printf-style; on ENOMEM the buffer stays as it was and failed is set. */
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_append(struct strbuf *b, const char *s, size_t n);
void sb_puts(struct strbuf *b, const char *s);
/* malloc'd printf that never returns NULL: it aborts on ENOMEM (x as in
 * xmalloc). Its callers build messages and details a report cannot do
 * without, and a grader out of memory has no honest report to give. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2), returns_nonnull));

struct strvec {
	char **v; /* NULL-terminated */
	size_t n, cap;
};

void strvec_push(struct strvec *v, const char *s);
void strvec_free(struct strvec *v);
