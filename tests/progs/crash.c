/* crash segv | exit N: die of SIGSEGV or exit with a chosen code. */
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "segv") == 0) {
		volatile int *p = NULL;
		return *p;
	}
	return argc > 2 ? atoi(argv[2]) : 0;
}
