/* scalar: numbers as YAML 1.1 writes them, shared by the spec and the IPC
 * wait-target parser (so `ipcgrade run --after` reads keys as the spec does). */
#pragma once
#include <stdbool.h>

/* Integers: decimal, 0x hex, 0 or 0o octal (mode: 0666), optional sign. */
bool scalar_int(const char *s, long long *out);
/* Finite decimal numbers only: no inf, nan or hex floats. */
bool scalar_double(const char *s, double *out);
