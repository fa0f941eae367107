/* libFuzzer target: everything that turns a student's output into report
 * text - capture (head + tail), address masking, UTF-8 repair, terminal
 * escaping. The bytes are the student's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "checks.h"
#include "text.h"

/* One input through every normaliser; the outputs must be C strings. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct capture c;
	capture_init(&c, 64, 32); /* small: exercise the cut */
	for (size_t off = 0; off < size; off += 7)
		capture_append(&c, s + off, size - off < 7 ? size - off : 7);
	size_t len = 0;
	char *t = capture_text(&c, &len);
	if (t) {
		char *n = output_normalize(t, len);
		char *u = text_utf8(t, len);
		char *term = text_terminal(t, len);
		if (n && u && term && strlen(u) + strlen(term) + strlen(n) == (size_t)-1)
			abort(); /* keeps the strlen calls: they read to the NUL */
		free(n);
		free(u);
		free(term);
		free(t);
	}
	capture_free(&c);
	char *n = output_normalize(s, size), *u = text_utf8(s, size), *term = text_terminal(s, size);
	free(n);
	free(u);
	free(term);
	return 0;
}
