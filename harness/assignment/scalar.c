/* scalar: number parsing without libyaml. See scalar.h. */
#include "scalar.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Integers as YAML 1.1 writes them: decimal, 0x hex, 0 or 0o octal (mode: 0666). */
bool
scalar_int(const char *s, long long *out)
{
	const char *p = s;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && p[1])
		base = 8, p += 1;
	if (!*p || *p == '+' || *p == '-' || *p == ' ')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(p, &end, base);
	if (*end || errno || v > (unsigned long long)INT64_MAX)
		return false;
	*out = neg ? -(long long)v : (long long)v;
	return true;
}

/* Finite decimal numbers only: no inf, nan or hex floats. */
bool
scalar_double(const char *s, double *out)
{
	const char *p = s + (*s == '+' || *s == '-');
	if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')))
		return false;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return false;
	*out = v;
	return true;
}
