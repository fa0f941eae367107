/* memcheck: valgrind XML -> counts of errors and leaks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memcheck.h"
#include "strbuf.h"

/* No --error-exitcode: it would change what the student's parent process
 * observes as its child's exit status (toolchain notes, section 2).
 * --command-line-only first: no ~/.valgrindrc, ./.valgrindrc or
 * VALGRIND_OPTS, which the programs could write (a suppression of
 * everything). No --trace-children-skip: a skipped program (env, sh, find)
 * runs natively and so does everything it starts. The report goes to the
 * scenario's channel (engine-channel.c), the suppressions come from it. */
static const char *const vg_argv[] = {
	"--command-line-only=yes",
	"--tool=memcheck",
	"-q",
	"--leak-check=full",
	"--show-leak-kinds=definite,indirect",
	"--errors-for-leak-kinds=definite,indirect",
	"--trace-children=yes",
	"--num-callers=12",
	"--xml=yes",
};

/* Our own preloads are not the student's fault: libfaketime (time_scale)
 * branches on state valgrind cannot see as initialised. */
const char memcheck_supp[] = "{\n   ipcgrade-libfaketime-cond\n   Memcheck:Cond\n   ...\n   obj:*libfaketime*\n}\n"
			     "{\n   ipcgrade-libfaketime-value\n   Memcheck:Value8\n   ...\n   obj:*libfaketime*\n}\n"
			     "{\n   ipcgrade-libfaketime-leak\n   Memcheck:Leak\n   ...\n   obj:*libfaketime*\n}\n"
			     "{\n   ipcgrade-libstdbuf\n   Memcheck:Leak\n   ...\n   obj:*libstdbuf*\n}\n";

void
memcheck_argv(struct strvec *v, const struct scenario *sc)
{
	char opt[64];
	strvec_push(v, "valgrind");
	for (size_t i = 0; i < sizeof(vg_argv) / sizeof(vg_argv[0]); i++)
		strvec_push(v, vg_argv[i]);
	snprintf(opt, sizeof(opt), "--xml-fd=%d", scenario_channel_fd(sc, false));
	strvec_push(v, opt);
	snprintf(opt, sizeof(opt), "--suppressions=/proc/self/fd/%d", scenario_channel_fd(sc, true));
	strvec_push(v, opt);
}

/* Whole file (at most 32 MiB), NUL-terminated, its length in *len; NULL on error. */
static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return NULL;
	struct strbuf b = { 0 };
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && b.len < 32 * 1024 * 1024)
		sb_append(&b, buf, n);
	fclose(f);
	*len = b.len;
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

/* One sender's stream: every record counts, whatever the documents around
 * it (appending cannot hide one); it is complete when it ends with
 * valgrind's closing tag, its process did not die of SIGKILL, and, where
 * ends were watched, valgrind's own last act was seen with nothing after it
 * (a program that faked the tag and got itself killed has none). */
static void
read_stream(const char *xml, size_t len, int pid, bool ended, bool killed, bool watched, bool cut, struct vg_summary *v)
{
	read_one(xml, v);
	size_t n = len;
	while (n > 0 && (xml[n - 1] == '\n' || xml[n - 1] == ' ' || xml[n - 1] == '\r'))
		n--;
	static const char end[] = "</valgrindoutput>";
	bool tail = n >= sizeof(end) - 1 && memcmp(xml + n - (sizeof(end) - 1), end, sizeof(end) - 1) == 0;
	const char *why = cut                 ? "it exceeded the size limit"
			  : len == 0          ? "valgrind sent none: the process was killed before its end"
			  : !tail             ? "it stops before valgrind's summary (killed, or out of memory?)"
			  : killed            ? "the process was killed (SIGKILL) before valgrind's summary"
			  : watched && !ended ? "the process did not end through valgrind (killed?)"
					      : NULL;
	if (why == NULL) {
		v->files++;
		return;
	}
	v->unreadable++;
	if (v->cut == NULL) {
		const char *last = NULL;
		for (const char *p = xml; (p = strstr(p, "<exe>")) != NULL; p += 5)
			last = p;
		char *exe = last ? element(last, xml + len, "exe") : NULL;
		v->cut = xasprintf("the report of pid %d%s%s%s is incomplete: %s", pid, exe ? " (" : "", exe ? exe : "",
				   exe ? ")" : "", why);
		free(exe);
	}
}

void
memcheck_read(const char *dir, struct vg_summary *v)
{
	memset(v, 0, sizeof(*v));
	v->ran = true;
	char path[4096];
	snprintf(path, sizeof(path), "%s/channel", dir);
	size_t len = 0;
	char *all = read_all(path, &len);
	int watched = 0;
	const char *p = all, *endp = all ? all + len : NULL;
	if (all == NULL || sscanf(all, "ipcgrade-channel 1 watched %d", &watched) != 1) {
		free(all);
		return; /* no channel: no report at all (files == 0) */
	}
	p = memchr(p, '\n', (size_t)(endp - p));
	while (p && ++p < endp) {
		int pid, ex, kd, cut;
		size_t n;
		if (sscanf(p, "pid %d ended %d killed %d cut %d bytes %zu", &pid, &ex, &kd, &cut, &n) != 5)
			break;
		const char *data = memchr(p, '\n', (size_t)(endp - p));
		if (data == NULL || n > (size_t)(endp - data - 1))
			break;
		data++;
		char *xml = strndup(data, n);
		if (xml == NULL)
			break;
		read_stream(xml, n, pid, ex != 0, kd != 0, watched != 0, cut != 0, v);
		free(xml);
		p = data + n; /* the newline after the data */
	}
	free(all);
}

void
vg_summary_free(struct vg_summary *v)
{
	free(v->first);
	free(v->incomplete);
	free(v->cut);
	v->first = v->incomplete = v->cut = NULL;
}
