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

#define GCC "/usr/bin/gcc"

/* Copy one submitted file into the work directory, refusing anything odd.
 * Returns NULL on success or a malloc'd message. */
static char *
copy_source(const char *subdir, const char *name, const char *workdir, uid_t uid, gid_t gid, bool chown_it)
{
	char src[4096], dst[4096], *msg = NULL;
	struct stat st;
	snprintf(src, sizeof(src), "%s/%s", subdir, name);
	snprintf(dst, sizeof(dst), "%s/%s", workdir, name);
	if (lstat(src, &st) != 0)
		return xasprintf("%s: %s (the submission must contain %s)", name,
				 errno == ENOENT ? "missing file" : strerror(errno), name);
	if (S_ISLNK(st.st_mode))
		return xasprintf("%s is a symbolic link: refused (submit the file itself)", name);
	if (!S_ISREG(st.st_mode))
		return xasprintf("%s is not a regular file: refused", name);
	if (st.st_size > SOURCE_MAX_BYTES)
		return xasprintf("%s is %lld bytes: too large (the limit is %d bytes)", name, (long long)st.st_size,
				 SOURCE_MAX_BYTES);
	int in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return xasprintf("cannot read %s: %s", name, strerror(errno));
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		msg = xasprintf("cannot copy %s: %s", name, strerror(errno));
		close(in);
		return msg;
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			msg = xasprintf("cannot copy %s: %s", name, strerror(errno));
			break;
		}
	if (n < 0 && msg == NULL)
		msg = xasprintf("cannot read %s: %s", name, strerror(errno));
	if (chown_it && fchown(out, uid, gid) != 0 && msg == NULL)
		msg = xasprintf("cannot hand %s to the sandbox user: %s", name, strerror(errno));
	close(out);
	close(in);
	return msg;
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
unused_files(const struct assignment *a, const char *subdir)
{
	DIR *d = opendir(subdir);
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

int
build_submission(const struct assignment *a, const char *subdir, const char *workdir, enum sandbox_mode mode,
		 struct build_outcome *out)
{
	struct sandbox_ids ids;
	sandbox_ids_for(mode, &ids);
	struct scenario sc;
	scenario_defaults(&sc);
	sc.workdir = workdir;
	sc.collect = "."; /* the binaries */
	sc.wall_limit = 180;
	sc.step_timeout = 120;
	sc.line_buffered = false;
	sc.limits.cpu_sec = 60;
	sc.limits.as_bytes = 0; /* cc1 on a large file needs room */
	sc.limits.nproc = 64;
	struct strvec *argvs = calloc(a->nprograms, sizeof(*argvs));
	struct step *steps = calloc(2 * a->nprograms, sizeof(*steps));
	char *note = unused_files(a, subdir);
	int *built = calloc(a->nprograms, sizeof(*built));
	size_t ns = 0;
	if (argvs == NULL || steps == NULL || built == NULL) {
		free(argvs);
		free(steps);
		free(note);
		free(built);
		return -1;
	}
	for (size_t i = 0; i < a->nprograms; i++) {
		const struct spec_program *p = &a->programs[i];
		struct strbuf log = { 0 };
		out[i].program = strdup(p->name);
		out[i].ok = false;
		if (note)
			sb_printf(&log, "%s", note);
		bool sources_ok = true;
		for (size_t k = 0; k < p->nsources; k++) {
			char *m = copy_source(subdir, p->sources[k], workdir, ids.student_uid, ids.student_gid,
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
	for (size_t i = 0; i < a->nprograms; i++)
		strvec_free(&argvs[i]);
	free(argvs);
	free(steps);
	free(built);
	return rc;
}
