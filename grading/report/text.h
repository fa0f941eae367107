/* text: making untrusted program output safe to show or to embed. */
#pragma once
#include <stddef.h>
#include <stdio.h>

/* One function per kind of sink, each on top of text_terminal() (or
 * text_utf8() for data formats, which keep every byte JSON- or XML-escaped
 * for the writers that render them): terminal and logs, Markdown inline
 * text, HTML, CSV. Writers call these rather than escaping by themselves. */

/* A copy that is valid UTF-8: each invalid byte becomes U+FFFD. NUL bytes
 * become U+FFFD too, so the result is a C string. malloc'd, NULL on ENOMEM. */
char *text_utf8(const char *s, size_t len);
/* A copy safe for a terminal: control characters other than \n and \t
 * (NUL included: the rest of the text is still shown) are shown as \xNN, so
 * escape sequences cannot rewrite the screen; characters that are invisible
 * or reorder the line (bidi controls, zero-width spaces and joiners, line
 * separators) as \uNNNN; invalid UTF-8 as in text_utf8(). */
char *text_terminal(const char *s, size_t len);
/* s as Markdown inline text (one line; no cell, link, tag or emphasis). 0 or -1. */
int text_put_md_inline(FILE *f, const char *s);
/* s as HTML text or attribute value. 0 or -1. */
int text_put_html(FILE *f, const char *s);
/* s as one CSV field (quoted when needed, formulas defused). 0 or -1. */
int text_put_csv(FILE *f, const char *s);
