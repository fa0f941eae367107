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

/* The code point of the valid n-byte sequence at u. */
static unsigned
utf8_cp(const unsigned char *u, size_t n)
{
	static const unsigned char lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned cp = u[0] & lead[n];
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (u[i] & 0x3f);
	return cp;
}

/* Characters that show nothing or reorder what follows: bidi embeddings,
 * overrides, isolates and marks, zero-width spaces and joiners, line and
 * paragraph separators, fillers, tags. In a terminal or a rendered page they
 * make a line read other than its bytes ("Trojan source"). */
static bool
invisible(unsigned cp)
{
	return cp == 0x00ad || cp == 0x061c || cp == 0x115f || cp == 0x1160 || cp == 0x180e ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	       cp == 0x3164 || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe007f);
}

/* Shared walk: copy valid UTF-8, replace the rest; escape controls if asked. */
static char *
sanitize(const char *s, size_t len, bool escape_controls)
{
	char *out = malloc(len * 4 + 1); /* \xNN is 4 bytes per input byte at most, \uNNNN 6 of 3, \UNNNNNN 8 of 4 */
	size_t o = 0;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t n = utf8_seq(u, len - i);
		if (n == 0 && escape_controls && u[0] == 0) {
			memcpy(out + o, "\\x00", 4); /* shown, and the rest of the text with it */
			o += 4;
			i++;
			continue;
		}
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
		} else if (escape_controls && n >= 2 && invisible(utf8_cp(u, n))) {
			o += (size_t)sprintf(out + o, n == 4 ? "\\U%06x" : "\\u%04x", utf8_cp(u, n));
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

/* Markdown inline text (a table cell, a heading): one line, controls and
 * invisible characters shown as in text_terminal(), HTML's specials as
 * entities and Markdown's as backslash escapes, so a test or student name
 * can add no cell, link, image, emphasis or tag. 0, or -1 on ENOMEM. */
int
text_put_md_inline(FILE *f, const char *s)
{
	char *t = text_terminal(s ? s : "", s ? strlen(s) : 0);
	if (t == NULL)
		return -1;
	for (const char *p = t; *p; p++) {
		if (*p == '<')
			fputs("&lt;", f);
		else if (*p == '>')
			fputs("&gt;", f);
		else if (*p == '&')
			fputs("&amp;", f);
		else if (*p == '\n' || *p == '\t')
			fputc(' ', f);
		else if (strchr("\\`*_{}[]()#|~!", *p))
			fprintf(f, "\\%c", *p);
		else
			fputc(*p, f);
	}
	free(t);
	return 0;
}

/* HTML text or attribute value: controls and invisible characters as in
 * text_terminal(), then < > & " ' as entities. 0, or -1 on ENOMEM. */
int
text_put_html(FILE *f, const char *s)
{
	char *t = text_terminal(s ? s : "", s ? strlen(s) : 0);
	if (t == NULL)
		return -1;
	for (const char *p = t; *p; p++) {
		switch (*p) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*p, f);
		}
	}
	free(t);
	return 0;
}

/* One CSV field: controls and invisible characters as in text_terminal(),
 * newlines and tabs as spaces, quoted when needed, and a leading = + - @
 * defused so a spreadsheet never evaluates a student-chosen name as a
 * formula. 0, or -1 on ENOMEM. */
int
text_put_csv(FILE *f, const char *s)
{
	char *t = text_terminal(s ? s : "", s ? strlen(s) : 0);
	if (t == NULL)
		return -1;
	bool formula = t[0] && strchr("=+-@\t", t[0]);
	if (!formula && !strpbrk(t, ",\"\n\t")) {
		fputs(t, f);
		free(t);
		return 0;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (const char *p = t; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p == '\n' || *p == '\t' ? ' ' : *p, f);
	}
	fputc('"', f);
	free(t);
	return 0;
}
