/* capture: bounded head + tail record of a process's output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

/* Set up an empty capture; buffers are allocated on first use. */
void
capture_init(struct capture *c, size_t head_cap, size_t tail_cap)
{
	memset(c, 0, sizeof(*c));
	c->head_cap = head_cap;
	c->tail_cap = tail_cap;
}

/* Release the buffers; the capture may be re-initialised afterwards. */
void
capture_free(struct capture *c)
{
	free(c->head);
	free(c->tail);
	c->head = c->tail = NULL;
	c->head_len = c->tail_len = c->tail_pos = 0;
}

/* Record bytes: fill the head first, then keep the newest in the ring. */
int
capture_append(struct capture *c, const char *buf, size_t n)
{
	c->total += n;
	if (c->head_len < c->head_cap) {
		size_t k = c->head_cap - c->head_len;
		if (k > n)
			k = n;
		if (c->head == NULL && (c->head = malloc(c->head_cap)) == NULL)
			return -ENOMEM;
		memcpy(c->head + c->head_len, buf, k);
		c->head_len += k;
		buf += k;
		n -= k;
	}
	if (n == 0 || c->tail_cap == 0)
		return 0;
	if (c->tail == NULL && (c->tail = malloc(c->tail_cap)) == NULL)
		return -ENOMEM;
	if (n >= c->tail_cap) { /* only the last tail_cap bytes survive */
		memcpy(c->tail, buf + n - c->tail_cap, c->tail_cap);
		c->tail_pos = 0;
		c->tail_len = c->tail_cap;
		return 0;
	}
	while (n > 0) {
		size_t k = c->tail_cap - c->tail_pos;
		if (k > n)
			k = n;
		memcpy(c->tail + c->tail_pos, buf, k);
		c->tail_pos = (c->tail_pos + k) % c->tail_cap;
		if (c->tail_len < c->tail_cap)
			c->tail_len = c->tail_len + k > c->tail_cap ? c->tail_cap : c->tail_len + k;
		buf += k;
		n -= k;
	}
	return 0;
}

/* How many bytes are in neither the head nor the tail. */
unsigned long long
capture_cut(const struct capture *c)
{
	return c->total - c->head_len - c->tail_len;
}

/* Copy the ring in order into dst (tail_len bytes). */
static void
tail_linear(const struct capture *c, char *dst)
{
	size_t start = (c->tail_pos + c->tail_cap - c->tail_len) % (c->tail_cap ? c->tail_cap : 1);
	size_t first = c->tail_cap - start;
	if (first > c->tail_len)
		first = c->tail_len;
	if (c->tail_len == 0)
		return;
	memcpy(dst, c->tail + start, first);
	memcpy(dst + first, c->tail, c->tail_len - first);
}

/* Head, cut marker, tail: what a report shows of the stream. */
char *
capture_text(const struct capture *c, size_t *len)
{
	char mark[80] = "";
	unsigned long long cut = capture_cut(c);
	if (cut > 0 || c->tail_len > 0)
		snprintf(mark, sizeof(mark), "%s[... %llu bytes cut ...]\n",
			 c->head_len && c->head[c->head_len - 1] != '\n' ? "\n" : "", cut);
	if (cut == 0)
		mark[0] = '\0';
	size_t ml = strlen(mark);
	size_t n = c->head_len + ml + c->tail_len;
	char *s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	if (c->head_len)
		memcpy(s, c->head, c->head_len);
	memcpy(s + c->head_len, mark, ml);
	tail_linear(c, s + c->head_len + ml);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

/* regexec over [from, len) of s with REG_STARTEND, so NUL bytes don't stop it. */
static bool
match_span(const regex_t *re, const char *s, size_t from, size_t len, size_t *end)
{
	regmatch_t m[1];
	m[0].rm_so = (regoff_t)from;
	m[0].rm_eo = (regoff_t)len;
	if (regexec(re, s, 1, m, REG_STARTEND | (from > 0 ? REG_NOTBOL : 0)) != 0)
		return false;
	*end = (size_t)m[0].rm_eo;
	return true;
}

/* Expect-style search: only output after the previous match counts. */
bool
capture_match(struct capture *c, const regex_t *re)
{
	size_t end;
	unsigned long long tail_start = c->total - c->tail_len;
	if (c->cursor < c->head_len) {
		if (c->tail_len == 0 && match_span(re, c->head, c->cursor, c->head_len, &end)) {
			c->cursor = end;
			return true;
		}
		if (c->tail_len > 0) { /* search head + tail as one text */
			char *both = malloc(c->head_len + c->tail_len + 1);
			if (both == NULL)
				return false;
			memcpy(both, c->head, c->head_len);
			tail_linear(c, both + c->head_len);
			bool ok = match_span(re, both, c->cursor, c->head_len + c->tail_len, &end);
			free(both);
			if (ok) {
				c->cursor = end <= c->head_len ? end : tail_start + (end - c->head_len);
				return true;
			}
		}
		return false;
	}
	if (c->tail_len == 0)
		return false;
	char *t = malloc(c->tail_len + 1);
	if (t == NULL)
		return false;
	tail_linear(c, t);
	size_t from = c->cursor > tail_start ? (size_t)(c->cursor - tail_start) : 0;
	bool ok = match_span(re, t, from, c->tail_len, &end);
	free(t);
	if (ok)
		c->cursor = tail_start + end;
	return ok;
}
