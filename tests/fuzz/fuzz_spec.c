/* libFuzzer target: the assignment spec loader on arbitrary bytes. The file
 * is what an instructor (or a student, via `ipcgrade check`) hands us. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec.h"

/* One input: written to a temp file, loaded, freed; errors are fine. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/ipcgrade-fuzz-spec.%d.yaml", (int)getpid());
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct assignment a;
	char err[1024];
	if (spec_load(path, &a, err, sizeof(err)) == 0)
		spec_free(&a); /* on failure spec_load leaves nothing to free */
	unlink(path);
	return 0;
}
