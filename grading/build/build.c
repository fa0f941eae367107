/* build: submission sources -> binaries, compiled inside the sandbox. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "run.h"
#include "strbuf.h"

#define GCC             "/usr/bin/gcc"
/* Memory of each compiler process (RLIMIT_AS): cc1 on any honest source
 * needs a fraction of it. */
#define BUILD_MEM_BYTES ((rlim_t)2 << 30)

/* Open name below the folder dfd without following a link at any step
 * (openat with O_NOFOLLOW component by component): the submission is the
 * student's, and a link in it could lead to the reference. -1 with errno
 * (ELOOP for a link). */
static int
open_beneath(int dfd, const char *name)
{
	char part[4096];
	int at = dup(dfd);
	for (const char *p = name; at >= 0;) {
		size_t n = strcspn(p, "/");
		bool last = p[n] == '\0';
		if (n == 0 || n >= sizeof(part)) {
			close(at);
			errno = ENOENT;
			return -1;
		}
		memcpy(part, p, n);
		part[n] = '\0';
		int next = openat(at, part, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? O_NONBLOCK : O_DIRECTORY));
		int e = errno;
		close(at);
		errno = e;
		if (last || next < 0)
			return next;
		at = next;
		p += n + 1;
	}
	return -1;
}

/* Copy one submitted file into the work directory, refusing anything odd.
 * Read through the folder's descriptor (opened once, never through a link).
 * Returns NULL on success or a malloc'd message. */
static char *
copy_source(int subfd, const char *name, const char *workdir, uid_t uid, gid_t gid, bool chown_it)
{
	char dst[4096], *msg = NULL;
	struct stat st;
	snprintf(dst, sizeof(dst), "%s/%s", workdir, name);
	int in = open_beneath(subfd, name);
	if (in < 0 && errno == ELOOP)
		return xasprintf("%s is or lies behind a symbolic link: refused (submit the file itself)", name);
	if (in < 0)
		return xasprintf("%s: %s (the submission must contain %s)", name,
				 errno == ENOENT || errno == ENOTDIR ? "missing file" : strerror(errno), name);
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return xasprintf("%s is not a regular file: refused", name);
	}
	if (st.st_size > SOURCE_MAX_BYTES) {
		close(in);
		return xasprintf("%s is %lld bytes: too large (the limit is %d bytes)", name, (long long)st.st_size,
				 SOURCE_MAX_BYTES);
	}
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		msg = xasprintf("cannot copy %s: %s", name, strerror(errno));
		close(in);
		return msg;
	}
	char buf[65536];
	ssize_t n;
	long long total = 0;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		total += n;
		if (total > SOURCE_MAX_BYTES || write(out, buf, (size_t)n) != n) {
			msg = xasprintf("cannot copy %s: %s", name,
					total > SOURCE_MAX_BYTES ? "it grew past the size limit" : strerror(errno));
			break;
		}
	}
	if (n < 0 && msg == NULL)
		msg = xasprintf("cannot read %s: %s", name, strerror(errno));
	if (chown_it && fchown(out, uid, gid) != 0 && msg == NULL)
		msg = xasprintf("cannot hand %s to the sandbox user: %s", name, strerror(errno));
	close(out);
	close(in);
	return msg;
}

/* The submission folder, opened once: never through a link, so a folder that
 * is a link to the reference is refused rather than compiled. -1 and a
 * malloc'd message in *why. */
static int
open_submission(const char *subdir, char **why)
{
	/* "hw/" and "hw/." would follow hw: drop them, O_NOFOLLOW sees hw */
	char path[4096];
	snprintf(path, sizeof(path), "%s", subdir);
	for (size_t n = strlen(path); n > 1;) {
		if (path[n - 1] == '/')
			path[--n] = '\0';
		else if (n > 2 && path[n - 1] == '.' && path[n - 2] == '/')
			path[n -= 2] = '\0';
		else
			break;
	}
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		*why = xasprintf("the submission folder %s is a symbolic link: refused (give the folder itself)\n",
				 subdir);
	else
		*why = xasprintf("cannot open the submission folder %s: %s\n", subdir, strerror(errno));
	return -1;
}

/* Split a flag string on blanks into argv entries appended to v. */
static void
split_flags(struct strvec *v, const char *flags)
{
	if (flags == NULL)
		return;
	char *copy = strdup(flags), *save = NULL;
	for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		strvec_push(v, t);
	free(copy);
}

/* Is name one of the sources the spec names? */
static bool
is_source(const struct assignment *a, const char *name)
{
	for (size_t i = 0; i < a->nprograms; i++)
		for (size_t k = 0; k < a->programs[i].nsources; k++)
			if (strcmp(a->programs[i].sources[k], name) == 0)
				return true;
	return false;
}

/* A note listing submitted files that were not used (Makefiles are never run). */
static char *
unused_files(const struct assignment *a, int subfd)
{
	int fd = dup(subfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL && fd >= 0)
		close(fd);
	if (d == NULL)
		return NULL;
	struct strbuf b = { 0 };
	struct dirent *de;
	int n = 0;
	while ((de = readdir(d)) != NULL && n < 20) {
		if (de->d_name[0] == '.' || is_source(a, de->d_name))
			continue;
		sb_printf(&b, "%s%s", n++ ? ", " : "", de->d_name);
	}
	closedir(d);
	if (n == 0) {
		free(b.s);
		return NULL;
	}
	char *msg = xasprintf("note: not used (only the files the assignment names are compiled; nothing is run): %s\n",
			      b.s);
	free(b.s);
	return msg;
}

/* Count gcc's "warning:" lines. */
static int
count_warnings(const char *log)
{
	int n = 0;
	for (const char *p = log; (p = strstr(p, "warning:")) != NULL; p += 8)
		n++;
	return n;
}

/* Did gcc or one of its passes say it could not get memory? */
static bool
out_of_memory(const char *log)
{
	static const char *const says[] = { "out of memory", "virtual memory exhausted", "Cannot allocate memory",
					    "std::bad_alloc" };
	for (size_t i = 0; i < sizeof(says) / sizeof(says[0]); i++)
		if (strstr(log, says[i]))
			return true;
	return false;
}

int
build_submission(const struct assignment *a, const char *subdir, const char *workdir, enum sandbox_mode mode,
		 struct build_outcome *out)
{
	struct sandbox_ids ids;
	sandbox_ids_for(mode, &ids);
	struct scenario sc;
	scenario_defaults(&sc);
	sc.workdir = workdir;
	struct strvec bins = { 0 };
	for (size_t i = 0; i < a->nprograms; i++)
		strvec_push(&bins, a->programs[i].name);
	sc.collect = "."; /* the binaries, and nothing else */
	sc.collect_names = (const char *const *)bins.v;
	sc.wall_limit = 180;
	sc.step_timeout = 120;
	sc.line_buffered = false;
	sc.limits.cpu_sec = 60;
	sc.limits.as_bytes = BUILD_MEM_BYTES; /* #include "/dev/zero" must not take the machine */
	sc.limits.nproc = 64;
	struct strvec *argvs = calloc(a->nprograms, sizeof(*argvs));
	struct step *steps = calloc(2 * a->nprograms, sizeof(*steps));
	char *refused = NULL;
	int subfd = open_submission(subdir, &refused);
	char *note = subfd >= 0 ? unused_files(a, subfd) : refused;
	int *built = calloc(a->nprograms, sizeof(*built));
	size_t ns = 0;
	if (argvs == NULL || steps == NULL || built == NULL) {
		free(argvs);
		free(steps);
		free(note);
		free(built);
		strvec_free(&bins);
		if (subfd >= 0)
			close(subfd);
		return -1;
	}
	for (size_t i = 0; i < a->nprograms; i++) {
		const struct spec_program *p = &a->programs[i];
		struct strbuf log = { 0 };
		out[i].program = strdup(p->name);
		out[i].ok = false;
		if (note)
			sb_printf(&log, "%s", note);
		bool sources_ok = subfd >= 0;
		for (size_t k = 0; subfd >= 0 && k < p->nsources; k++) {
			char *m = copy_source(subfd, p->sources[k], workdir, ids.student_uid, ids.student_gid,
					      sandbox_sets_uid(mode));
			if (m) {
				sb_printf(&log, "%s\n", m);
				free(m);
				sources_ok = false;
			}
		}
		out[i].log = log.s;
		if (!sources_ok)
			continue;
		struct strvec *v = &argvs[i];
		strvec_push(v, "gcc");
		split_flags(v, a->cflags);
		split_flags(v, p->cflags);
		strvec_push(v, "-o");
		strvec_push(v, p->name);
		for (size_t k = 0; k < p->nsources; k++)
			strvec_push(v, p->sources[k]);
		split_flags(v, a->libs);
		steps[ns].kind = STEP_START;
		steps[ns].proc = p->name;
		steps[ns].path = GCC;
		steps[ns].argv = v->v;
		ns++;
		steps[ns].kind = STEP_WAIT_EXIT;
		steps[ns].proc = p->name;
		ns++;
		built[i] = 1;
	}
	free(note);
	if (subfd >= 0)
		close(subfd);
	sc.steps = steps;
	sc.nsteps = ns;
	int rc = 0;
	if (ns > 0) {
		struct scenario_result res;
		rc = scenario_run(&sc, mode, &res);
		for (size_t i = 0; i < a->nprograms; i++) {
			if (!built[i])
				continue;
			const struct proc_result *pr = scenario_proc(&res, a->programs[i].name);
			struct strbuf log = { .s = out[i].log, .len = out[i].log ? strlen(out[i].log) : 0 };
			if (pr == NULL) {
				sb_printf(&log, "the compiler was not run: %s\n", res.message);
			} else {
				size_t n;
				char *t = capture_text(&pr->err, &n);
				char *o = capture_text(&pr->out, &n);
				sb_printf(&log, "%s%s", o ? o : "", t ? t : "");
				free(t);
				free(o);
				out[i].warnings = count_warnings(log.s ? log.s : "");
				if (pr->end != PROC_EXITED || pr->code != 0) {
					if (out_of_memory(log.s ? log.s : ""))
						sb_printf(&log, "compiler ran out of memory (limit %llu MiB)\n",
							  (unsigned long long)(BUILD_MEM_BYTES >> 20));
				}
				char bin[4096];
				snprintf(bin, sizeof(bin), "%s/%s", workdir, a->programs[i].name);
				out[i].ok = pr->end == PROC_EXITED && pr->code == 0 && access(bin, F_OK) == 0;
				if (pr->end == PROC_START_FAILED)
					sb_printf(&log, "cannot run the compiler: %s\n", strerror(pr->exec_errno));
				else if (pr->end == PROC_SIGNALED)
					sb_printf(&log, "the compiler was killed (%s)\n",
						  pr->killed_by ? pr->killed_by : strsignal(pr->code));
			}
			out[i].log = log.s;
		}
		scenario_result_free(&res);
	}
	strvec_free(&bins);
	for (size_t i = 0; i < a->nprograms; i++)
		strvec_free(&argvs[i]);
	free(argvs);
	free(steps);
	free(built);
	return rc;
}
