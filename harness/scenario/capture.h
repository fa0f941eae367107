/* capture: bounded record of what a process printed on one stream.
 *
 * Keeps the first head_cap bytes and the last tail_cap bytes and counts the
 * rest, so a program that prints a gigabyte costs a few hundred KiB and the
 * report can still say where the cut is. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <regex.h>

struct capture {
	char *head;
	size_t head_len, head_cap;
	char *tail; /* ring buffer of the most recent bytes past the head */
	size_t tail_len, tail_pos, tail_cap;
	unsigned long long total;  /* bytes ever written */
	unsigned long long cursor; /* expect-style: where the next regex search starts */
};

void capture_init(struct capture *c, size_t head_cap, size_t tail_cap);
void capture_free(struct capture *c);
/* Record n more bytes. 0 or -ENOMEM. */
int capture_append(struct capture *c, const char *buf, size_t n);
/* Bytes dropped between the head and the tail. */
unsigned long long capture_cut(const struct capture *c);
/* The kept text as one NUL-terminated string (malloc'd); when bytes were cut,
 * a line "[... N bytes cut ...]" stands where they were. */
char *capture_text(const struct capture *c, size_t *len);
/* Search re in what was printed after the cursor; on a match move the cursor
 * past it and return true. */
bool capture_match(struct capture *c, const regex_t *re);
