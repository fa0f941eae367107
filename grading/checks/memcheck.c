/* memcheck: valgrind XML -> counts of errors and leaks. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memcheck.h"
#include "strbuf.h"

/* No --error-exitcode: it would change what the student's parent process
 * observes as its child's exit status (toolchain notes, section 2). */
static const char *const vg_argv[] = {
	"valgrind",
	"--tool=memcheck",
	"-q",
	"--leak-check=full",
	"--show-leak-kinds=definite,indirect",
	"--errors-for-leak-kinds=definite,indirect",
	"--trace-children=yes",
	"--trace-children-skip=/bin/*,/usr/bin/*,/usr/sbin/*",
	"--num-callers=12",
	"--xml=yes",
	"--xml-file=" MEMCHECK_DIR "/vg.%p.xml",
	"--suppressions=" MEMCHECK_DIR "/" MEMCHECK_SUPP,
};

/* Our own preloads are not the student's fault: libfaketime (time_scale)
 * branches on state valgrind cannot see as initialised. */
const char memcheck_supp[] = "{\n   ipcgrade-libfaketime-cond\n   Memcheck:Cond\n   ...\n   obj:*libfaketime*\n}\n"
			     "{\n   ipcgrade-libfaketime-value\n   Memcheck:Value8\n   ...\n   obj:*libfaketime*\n}\n"
			     "{\n   ipcgrade-libfaketime-leak\n   Memcheck:Leak\n   ...\n   obj:*libfaketime*\n}\n"
			     "{\n   ipcgrade-libstdbuf\n   Memcheck:Leak\n   ...\n   obj:*libstdbuf*\n}\n";

const char *const *
memcheck_argv(size_t *n)
{
	*n = sizeof(vg_argv) / sizeof(vg_argv[0]);
	return vg_argv;
}

/* Whole file, NUL-terminated; NULL on error. */
static char *
read_all(const char *path)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return NULL;
	struct strbuf b = { 0 };
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && b.len < 16 * 1024 * 1024)
		sb_append(&b, buf, n);
	fclose(f);
	return b.s ? b.s : strdup("");
}

/* Text between <tag> and </tag> starting the search at p, bounded by end. */
static char *
element(const char *p, const char *end, const char *tag)
{
	char open[64], close[64];
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	const char *a = strstr(p, open);
	if (a == NULL || a >= end)
		return NULL;
	a += strlen(open);
	const char *b = strstr(a, close);
	if (b == NULL || b > end)
		return NULL;
	return strndup(a, (size_t)(b - a));
}

/* Count the <error> records of one report. */
static void
read_one(const char *xml, struct vg_summary *v)
{
	for (const char *p = xml; (p = strstr(p, "<error>")) != NULL;) {
		const char *end = strstr(p, "</error>");
		if (end == NULL)
			break;
		char *kind = element(p, end, "kind");
		if (kind && strncmp(kind, "Leak_", 5) == 0) {
			v->leaks++;
			char *bytes = element(p, end, "leakedbytes");
			if (bytes)
				v->leaked_bytes += strtoull(bytes, NULL, 10);
			free(bytes);
		} else {
			v->errors++;
		}
		if (v->first == NULL) {
			char *what = element(p, end, "what");
			if (what == NULL)
				what = element(p, end, "text");
			char *fn = element(p, end, "fn");
			char *line = element(p, end, "line");
			char *file = element(p, end, "file");
			v->first = xasprintf("first: %s (%s) in %s%s%s%s%s", what ? what : "?", kind ? kind : "?",
					     fn ? fn : "?", file ? " at " : "", file ? file : "", line ? ":" : "",
					     line ? line : "");
			free(what);
			free(fn);
			free(line);
			free(file);
		}
		free(kind);
		p = end;
	}
}

void
memcheck_read(const char *dir, struct vg_summary *v)
{
	memset(v, 0, sizeof(*v));
	v->ran = true;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "vg.", 3) != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		char *xml = read_all(path);
		if (xml == NULL || strstr(xml, "</valgrindoutput>") == NULL) {
			v->unreadable++; /* killed mid-run: no verdict, not "clean" */
			free(xml);
			continue;
		}
		v->files++;
		read_one(xml, v);
		free(xml);
	}
	closedir(d);
}

void
vg_summary_free(struct vg_summary *v)
{
	free(v->first);
	free(v->incomplete);
	v->first = v->incomplete = NULL;
}
