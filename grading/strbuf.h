/* strbuf: growable strings and string vectors for building reports. */
#pragma once
#include <stddef.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

/* Append printf-style; on ENOMEM the buffer stays as it was. */
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_append(struct strbuf *b, const char *s, size_t n);
/* malloc'd printf; NULL on ENOMEM. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct strvec {
	char **v;		/* NULL-terminated */
	size_t n, cap;
};

void strvec_push(struct strvec *v, const char *s);
void strvec_free(struct strvec *v);
