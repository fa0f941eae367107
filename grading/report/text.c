/* text: sanitising untrusted bytes for JSON, XML and terminals. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	unsigned min;
	unsigned cp;
	if (c < 0x80)
		return c ? 1 : 0;
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Shared walk: copy valid UTF-8, replace the rest; escape controls if asked. */
static char *
sanitize(const char *s, size_t len, bool escape_controls)
{
	char *out = malloc(len * 4 + 1); /* \xNN is 4 bytes per input byte at most */
	size_t o = 0;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t n = utf8_seq(u, len - i);
		if (n == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3); /* U+FFFD */
			o += 3;
			i++;
			continue;
		}
		bool ctl = n == 1 && (u[0] < 0x20 || u[0] == 0x7f) && u[0] != '\n' && u[0] != '\t';
		bool c1 = n == 2 && u[0] == 0xc2 && u[1] < 0xa0; /* C1 controls, e.g. CSI */
		if (escape_controls && (ctl || c1)) {
			for (size_t k = 0; k < n; k++)
				o += (size_t)sprintf(out + o, "\\x%02x", u[k]);
		} else {
			memcpy(out + o, u, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

char *
text_utf8(const char *s, size_t len)
{
	return sanitize(s, len, false);
}

char *
text_terminal(const char *s, size_t len)
{
	return sanitize(s, len, true);
}
