/* Attack: re-execute ourselves with a huge argument vector and environment
 * (beyond the kernel's limit, then just under it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A vector of n copies of a len-byte string. */
static char **
vec(const char *first, size_t n, size_t len, char fill)
{
	char **v = calloc(n + 2, sizeof(*v));
	char *s = malloc(len + 1);
	if (v == NULL || s == NULL)
		exit(2);
	memset(s, fill, len);
	s[len] = '\0';
	s[0] = 'E';
	s[1] = '=';
	size_t k = 0;
	if (first)
		v[k++] = (char *)first;
	for (size_t i = 0; i < n; i++)
		v[k++] = s;
	return v;
}

int
main(int argc, char **argv)
{
	if (argc > 1) {
		printf("REEXEC argc=%d\n", argc);
		return 0;
	}
	/* 64 MiB of arguments: the kernel must refuse (E2BIG) */
	execve("/proc/self/exe", vec(argv[0], 65536, 1024, 'a'), vec(NULL, 65536, 1024, 'b'));
	printf("TOO_BIG %s\n", strerror(errno));
	fflush(stdout);
	/* about 1.5 MiB in all: allowed with an 8 MiB stack */
	execve("/proc/self/exe", vec(argv[0], 700, 1024, 'a'), vec(NULL, 700, 1024, 'b'));
	printf("FAILED %s\n", strerror(errno));
	return 1;
}
