/* capture-streams: the CLI tests' shared reader of a child's stdout and stderr. */
#pragma once
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Read both pipes until they close or `seconds` pass, keeping the first cap
 * bytes of each in out/err (which hold cap + 1 and stay NUL-terminated).
 * True when both closed in time; otherwise the fds still open are closed. */
static inline bool
collect_streams(int out_fd, int err_fd, char *out, size_t *nout, char *err, size_t *nerr, size_t cap, int seconds)
{
	struct pollfd pf[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	time_t end = time(NULL) + seconds;
	while ((pf[0].fd >= 0 || pf[1].fd >= 0) && time(NULL) < end) {
		if (poll(pf, 2, 1000) <= 0)
			continue;
		for (int k = 0; k < 2; k++) {
			if (pf[k].fd < 0 || !pf[k].revents)
				continue;
			char buf[65536];
			ssize_t n = read(pf[k].fd, buf, sizeof(buf));
			if (n <= 0) {
				close(pf[k].fd);
				pf[k].fd = -1;
				continue;
			}
			char *dst = k ? err : out;
			size_t *len = k ? nerr : nout;
			size_t c = (size_t)n < cap - *len ? (size_t)n : cap - *len;
			memcpy(dst + *len, buf, c);
			*len += c;
			dst[*len] = '\0';
		}
	}
	bool done = pf[0].fd < 0 && pf[1].fd < 0;
	for (int k = 0; k < 2; k++)
		if (pf[k].fd >= 0)
			close(pf[k].fd);
	return done;
}
