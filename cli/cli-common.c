/* cli-common: helpers every command shares; see cli-common.h. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-common.h"
#include "text.h"

/* Format, defuse and write to fd: the one way messages reach a terminal. */
static void
safe_vdprintf(int fd, const char *fmt, va_list ap)
{
	char *raw = NULL;
	int n = vasprintf(&raw, fmt, ap);
	if (n < 0)
		return;
	char *safe = text_terminal(raw, (size_t)n);
	if (safe)
		dprintf(fd, "%s", safe);
	free(safe);
	free(raw);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stderr);
	va_start(ap, fmt);
	safe_vdprintf(2, fmt, ap);
	va_end(ap);
}

void
cli_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	safe_vdprintf(fd, fmt, ap);
	va_end(ap);
}

/* One wording for every command's usage mistakes. */
int
usage_error(const char *u, const char *msg)
{
	cli_error("ipcgrade: %s\n%s", msg, u);
	return EXIT_USAGE;
}

/* Where ipcgrade runs from: the build tree (./ipcgrade after make) or an install. */
bool
in_tree(void)
{
	char exe[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	return realpath(ABS_TOP_BUILDDIR, dir) && strcmp(dir, exe) == 0;
}

/* The environment first, so tests and instructors can point elsewhere. */
const char *
assignments_dir(void)
{
	const char *e = getenv("IPCGRADE_ASSIGNMENTS");
	if (e && *e)
		return e;
	return in_tree() ? ABS_TOP_SRCDIR "/assignments" : PKGDATADIR "/assignments";
}

/* The built reference programs: in the build tree, or under pkglibexecdir. */
const char *
reference_dir(void)
{
	const char *e = getenv("IPCGRADE_REFERENCE_DIR");
	if (e && *e)
		return e;
	return in_tree() ? ABS_TOP_BUILDDIR "/reference" : PKGLIBEXECDIR "/reference";
}

/* An instructor's own assignment keeps its references beside its spec
 * (ASSIGNMENT/reference/, what `ipcgrade new` makes): used when neither
 * --reference-dir nor $IPCGRADE_REFERENCE_DIR names a folder. */
void
reference_dir_for(const char *spec, char *buf, size_t len)
{
	const char *e = getenv("IPCGRADE_REFERENCE_DIR");
	struct stat st;
	const char *slash = spec ? strrchr(spec, '/') : NULL;
	if (!(e && *e) && spec) {
		snprintf(buf, len, "%.*s%sreference", slash ? (int)(slash - spec) : 0, spec, slash ? "/" : "");
		char abs[PATH_MAX];
		if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (realpath(buf, abs) && strlen(abs) < len)
				strcpy(buf, abs);
			return;
		}
	}
	snprintf(buf, len, "%s", reference_dir());
}

/* From the source tree when run from the build tree, from pkgdatadir when installed. */
void
template_path(const char *name, char *buf, size_t len)
{
	if (in_tree())
		snprintf(buf, len, "%s/docs/%s", ABS_TOP_SRCDIR, name);
	else
		snprintf(buf, len, "%s/%s", PKGDATADIR, name);
}

/* ASSIGNMENT may be a name among the bundled ones, a folder or a yaml file. */
char *
resolve_assignment(const char *arg)
{
	struct stat st;
	char path[PATH_MAX];
	if (strchr(arg, '/') || stat(arg, &st) == 0) {
		if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(path, sizeof(path), "%s/assignment.yaml", arg);
			return strdup(path);
		}
		return strdup(arg);
	}
	snprintf(path, sizeof(path), "%s/%s/assignment.yaml", assignments_dir(), arg);
	return strdup(path);
}

/* Doubling buffer; the caller closes f. */
char *
slurp_stream(FILE *f, size_t *len)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);
			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		size_t k = fread(buf + n, 1, cap - n - 1, f);
		n += k;
		if (k == 0)
			break;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Report files, hashes, logs and specs: all small. */
char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return NULL;
	char *buf = slurp_stream(f, len);
	fclose(f);
	return buf;
}

/* A reader never sees half a file, and a failed write leaves the old one. */
int
write_atomic(const char *path, int (*fill)(FILE *f, void *arg), void *arg)
{
	char tmp[PATH_MAX + 32];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "we");
	if (f == NULL)
		return -1;
	int rc = fill(f, arg);
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
	}
	return rc;
}

/* write_atomic's fill for a C string. */
static int
put_text(FILE *f, void *arg)
{
	return fputs(arg, f) == EOF ? -1 : 0;
}

/* Hashes and error reports: one string each. */
int
write_text(const char *path, const char *text)
{
	return write_atomic(path, put_text, (void *)text);
}

/* What write_report() hands write_atomic(). */
struct report_arg {
	int format;
	const struct grade_report *r;
	const struct report_opts *ro;
};

/* write_atomic's fill: one report in one format. */
static int
put_report(FILE *f, void *arg)
{
	const struct report_arg *x = arg;
	return report_write(f, x->format, x->r, x->ro);
}

/* Reports written by grade -o and by batch: never half a file. */
int
write_report(const char *path, int format, const struct grade_report *r, const struct report_opts *ro)
{
	struct report_arg x = { format, r, ro };
	return write_atomic(path, put_report, &x);
}
