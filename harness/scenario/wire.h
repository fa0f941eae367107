/* wire: the scenario result as bytes, from the sandbox's init to the harness.
 *
 * A flat length-prefixed encoding: the init and the harness are the same
 * binary, and program output may be any bytes (so not JSON). */
#pragma once
#include <stddef.h>

#include "scenario.h"

struct wbuf {
	char *data;
	size_t len, cap;
	int failed;
};

/* Append the whole result; check b->failed afterwards. */
void wire_encode(struct wbuf *b, const struct scenario_result *res);
/* Rebuild a result from bytes; 0, or -1 if they are truncated or corrupt. */
int wire_decode(const char *data, size_t len, struct scenario_result *res);
