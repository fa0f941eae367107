/* text: making untrusted program output safe to show or to embed. */
#pragma once
#include <stddef.h>

/* A copy that is valid UTF-8: each invalid byte becomes U+FFFD. NUL bytes
 * become U+FFFD too, so the result is a C string. malloc'd, NULL on ENOMEM. */
char *text_utf8(const char *s, size_t len);
/* A copy safe for a terminal: control characters other than \n and \t are
 * shown as \xNN, so escape sequences cannot rewrite the screen; invalid UTF-8
 * as in text_utf8(). */
char *text_terminal(const char *s, size_t len);
