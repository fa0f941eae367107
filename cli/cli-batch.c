/* cli-batch: `ipcgrade batch` (a class's submissions, in parallel, resumable)
 * and `ipcgrade merge` (shard results into one roll-up).
 *
 * Each student is graded by a child that unpacks the submission and execs
 * `ipcgrade grade ... --format json`: a crash, a hang or a hostile archive
 * takes down that child only, and the JSON report it leaves is the one input
 * of everything after (other formats, grades.csv, summaries, merge). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "archive.h"
#include "cli.h"
#include "report-load.h"
#include "report.h"
#include "rollup.h"
#include "spec.h"

/* Exit status of a batch child whose submission was refused before grading. */
#define CHILD_REFUSED 20

static const char batch_usage[] =
	"usage: ipcgrade batch ASSIGNMENT SUBMISSIONS [-j N] [-o OUTDIR] [--format LIST]\n"
	"                      [--hidden FILE | --no-hidden] [--no-memcheck] [--mode MODE] [--time-scale N]\n"
	"                      [--force | --rerun-failed] [--shard K/N] [--timeout SEC]\n"
	"  SUBMISSIONS holds one folder, .zip or .tar.gz per student (the id is its name).\n"
	"  Writes OUTDIR/<id>/report.json (+ report.<ext> per --format: text,markdown,junit,\n"
	"  gradescope,github), OUTDIR/grades.csv, OUTDIR/summary.md and OUTDIR/summary.html.\n"
	"  Unchanged submissions are not graded again unless --force; --rerun-failed regrades\n"
	"  those below full marks or with an error. --shard K/N grades every N-th id from K.\n";

struct student {
	char id[NAME_MAX + 1];
	char src[PATH_MAX];		/* folder or archive */
	enum archive_kind kind;
	uint64_t hash;
	pid_t pid;			/* running child, or 0 */
	time_t started;
	bool timed_out;
};

struct batch {
	const char *aname, *outdir, *mode_name, *hidden, *mode, *time_scale;
	bool memcheck, force, rerun_failed;
	int jobs, timeout;
	int formats[8];
	size_t nformats;
	double max_score;		/* from the spec, for reports of failed gradings */
	char spec_name[128];		/* the spec's `name` */
	char self[PATH_MAX];		/* this executable */
	struct student *s;
	size_t n;
	size_t done, cached, errors, running;
	bool tty;
};

static volatile sig_atomic_t interrupted;

/* SIGINT/SIGTERM: stop starting gradings and kill the running ones. */
static void
on_signal(int sig)
{
	interrupted = sig;
}

/* Read a whole (small) file; malloc'd, NULL when unreadable. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t k = fread(buf + n, 1, cap - n - 1, f);
		n += k;
		if (k == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Write text to path atomically. */
static int
write_text(const char *path, const char *text)
{
	char tmp[PATH_MAX + 32];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "we");
	if (f == NULL)
		return -1;
	fputs(text, f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Byte order for student ids, so shards and merges agree whatever LANG is. */
static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct student *)a)->id, ((const struct student *)b)->id);
}

/* The submissions in dir, sorted by id; other files are reported and skipped. */
static int
list_submissions(const char *dir, struct batch *b)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "ipcgrade batch: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct dirent *de;
	size_t cap = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		struct student st = { 0 };
		struct stat sb;
		snprintf(st.src, sizeof(st.src), "%s/%s", dir, de->d_name);
		if (stat(st.src, &sb) != 0)
			continue;
		st.kind = archive_kind_of(de->d_name);
		if (!S_ISDIR(sb.st_mode) && !(S_ISREG(sb.st_mode) && st.kind != ARCHIVE_NONE)) {
			fprintf(stderr, "ipcgrade batch: skipping %s: not a folder, .zip or .tar.gz\n", de->d_name);
			continue;
		}
		if (S_ISDIR(sb.st_mode))
			st.kind = ARCHIVE_NONE;
		archive_student_id(de->d_name, st.id, sizeof(st.id));
		if (b->n == cap) {
			struct student *ns = realloc(b->s, (cap = cap * 2 + 16) * sizeof(*ns));
			if (ns == NULL) {
				closedir(d);
				return -1;
			}
			b->s = ns;
		}
		b->s[b->n++] = st;
	}
	closedir(d);
	qsort(b->s, b->n, sizeof(*b->s), by_id);
	/* alice/ and alice.zip: keep the first, say so. */
	size_t w = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (w > 0 && strcmp(b->s[w - 1].id, b->s[i].id) == 0) {
			fprintf(stderr, "ipcgrade batch: skipping %s: student %s already has %s\n", b->s[i].src,
				b->s[i].id, b->s[w - 1].src);
			continue;
		}
		b->s[w++] = b->s[i];
	}
	b->n = w;
	return 0;
}

/* OUTDIR/<id>/name into buf. */
static void
student_path(const struct batch *b, const struct student *st, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s%s%s", b->outdir, st->id, name ? "/" : "", name ? name : "");
}

/* The file name a per-student format is written to. */
static const char *
format_file(int fmt)
{
	switch (fmt) {
	case FORMAT_TEXT: return "report.txt";
	case FORMAT_GRADESCOPE: return "results.json";
	case FORMAT_JUNIT: return "report.xml";
	case FORMAT_MARKDOWN: return "report.md";
	case FORMAT_GITHUB: return "report.github.log";
	default: return "report.json";
	}
}

/* True when the stored report says full marks without error (for --rerun-failed). */
static bool
report_full_marks(const char *path)
{
	json_t *j = json_load_file(path, 0, NULL);
	bool ok = json_is_object(j) && !json_is_string(json_object_get(j, "error")) &&
		  json_number_value(json_object_get(j, "score")) >=
			  json_number_value(json_object_get(j, "max_score")) - 1e-9;
	json_decref(j);
	return ok;
}

/* The child: unpack or check the submission, then become `ipcgrade grade`. */
static void
child(const struct batch *b, const struct student *st)
{
	char log[PATH_MAX], report[PATH_MAX], root[PATH_MAX], err[1024];
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	student_path(b, st, "grade.log", log, sizeof(log));
	student_path(b, st, "report.json", report, sizeof(report));
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int nul = open("/dev/null", O_RDONLY);
	if (fd < 0 || nul < 0)
		_exit(EXIT_INTERNAL);
	dup2(nul, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (st->kind != ARCHIVE_NONE) {
		char work[PATH_MAX];
		student_path(b, st, "submission", work, sizeof(work));
		if (remove_tree(work) != 0 || mkdir(work, 0755) != 0) {
			dprintf(1, "ipcgrade batch: cannot make %s: %s\n", work, strerror(errno));
			_exit(EXIT_INTERNAL);
		}
		if (archive_extract(st->src, st->kind, work, err, sizeof(err)) != 0) {
			dprintf(1, "%s\n", err);
			_exit(CHILD_REFUSED);
		}
		archive_submission_root(work, root, sizeof(root));
	} else {
		if (archive_check_tree(st->src, err, sizeof(err)) != 0) {
			dprintf(1, "%s\n", err);
			_exit(CHILD_REFUSED);
		}
		archive_submission_root(st->src, root, sizeof(root));
	}
	const char *argv[24];
	int k = 0;
	argv[k++] = "ipcgrade";
	argv[k++] = "grade";
	argv[k++] = b->aname;
	argv[k++] = root;
	argv[k++] = "--format";
	argv[k++] = "json";
	argv[k++] = "-o";
	argv[k++] = report;
	if (!b->memcheck)
		argv[k++] = "--no-memcheck";
	if (b->hidden) {
		argv[k++] = "--hidden";
		argv[k++] = b->hidden;
	}
	if (b->mode) {
		argv[k++] = "--mode";
		argv[k++] = b->mode;
	}
	if (b->time_scale) {
		argv[k++] = "--time-scale";
		argv[k++] = b->time_scale;
	}
	argv[k] = NULL;
	execv(b->self, (char *const *)argv);
	dprintf(1, "ipcgrade batch: cannot run %s: %s\n", b->self, strerror(errno));
	_exit(EXIT_INTERNAL);
}

/* The last non-empty line of the grading log: the grader's own words. */
static void
last_log_line(const struct batch *b, const struct student *st, char *buf, size_t len)
{
	char log[PATH_MAX];
	student_path(b, st, "grade.log", log, sizeof(log));
	buf[0] = '\0';
	char *text = slurp(log, NULL);
	if (text == NULL)
		return;
	char *end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	char *start = strrchr(text, '\n');
	start = start ? start + 1 : text;
	/* the terminal progress line ends with \r\033[K: keep what follows */
	char *cr = strrchr(start, '\r');
	snprintf(buf, len, "%.300s", cr ? cr + 1 : start);
	free(text);
}

/* A report for a grading that produced none: score 0 and the reason, so the
 * student still has a row and the roll-up reads one kind of file. */
static void
write_error_report(const struct batch *b, const struct student *st, const char *note)
{
	char path[PATH_MAX];
	student_path(b, st, "report.json", path, sizeof(path));
	json_t *j = json_pack("{s:f, s:f, s:s, s:n, s:s, s:s, s:n, s:s, s:[], s:[]}", "score", 0.0, "max_score",
			      b->max_score, "assignment", b->spec_name, "title", "submission", st->id, "mode",
			      b->mode_name ? b->mode_name : "root",
			      "wall_sec", "error", note, "builds", "tests");
	char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
	if (text == NULL || write_text(path, text) != 0)
		fprintf(stderr, "ipcgrade batch: cannot write %s\n", path);
	free(text);
	json_decref(j);
}

/* Render the per-student formats asked for from report.json. */
static void
render_formats(const struct batch *b, const struct student *st)
{
	char path[PATH_MAX], err[1024];
	struct grade_report r;
	if (b->nformats == 0)
		return;
	student_path(b, st, "report.json", path, sizeof(path));
	if (report_load_json(path, &r, err, sizeof(err)) != 0) {
		fprintf(stderr, "ipcgrade batch: %s\n", err);
		return;
	}
	struct report_opts ro = { .color = false, .show_hidden = true };
	for (size_t i = 0; i < b->nformats; i++) {
		char out[PATH_MAX], tmp[PATH_MAX + 32];
		student_path(b, st, format_file(b->formats[i]), out, sizeof(out));
		snprintf(tmp, sizeof(tmp), "%s.tmp.%d", out, (int)getpid());
		FILE *f = fopen(tmp, "we");
		int rc = f ? report_write(f, b->formats[i], &r, &ro) : -1;
		if (f && fclose(f) != 0)
			rc = -1;
		if (rc != 0 || rename(tmp, out) != 0) {
			fprintf(stderr, "ipcgrade batch: cannot write %s\n", out);
			unlink(tmp);
		}
	}
	grade_report_free(&r);
}

/* One line (or the bar) of progress. */
static void
show_progress(struct batch *b, const struct student *st, const char *what)
{
	size_t total = b->n, width = 30, filled = total ? b->done * width / total : width;
	if (b->tty) {
		char bar[64];
		for (size_t i = 0; i < width; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[width] = '\0';
		fprintf(stderr, "\r\033[K[%s] %zu/%zu graded, %zu running, %zu unchanged, %zu errors", bar, b->done,
			total, b->running, b->cached, b->errors);
	} else if (st) {
		fprintf(stderr, "batch: [%zu/%zu] %s: %s\n", b->done, total, st->id, what);
	}
	fflush(stderr);
}

/* Score line of a finished student, for the progress log. */
static void
describe(const struct batch *b, const struct student *st, char *buf, size_t len)
{
	char path[PATH_MAX];
	student_path(b, st, "report.json", path, sizeof(path));
	json_t *j = json_load_file(path, 0, NULL);
	const char *e = json_string_value(json_object_get(j, "error"));
	snprintf(buf, len, "%g/%g%s%.200s", json_number_value(json_object_get(j, "score")),
		 json_number_value(json_object_get(j, "max_score")), e ? " error: " : "", e ? e : "");
	json_decref(j);
}

/* A child ended: keep its report or write one that says why there is none. */
static void
finish(struct batch *b, struct student *st, int status)
{
	char path[PATH_MAX], note[512], line[400];
	student_path(b, st, "report.json", path, sizeof(path));
	json_t *j = json_load_file(path, 0, NULL);
	bool have = json_is_object(j);
	json_decref(j);
	if (!have) {
		last_log_line(b, st, line, sizeof(line));
		if (st->timed_out)
			snprintf(note, sizeof(note), "grading timed out after %d s", b->timeout);
		else if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_REFUSED)
			snprintf(note, sizeof(note), "%s", line);
		else if (WIFSIGNALED(status))
			snprintf(note, sizeof(note), "grader killed by signal %d%s%s", WTERMSIG(status),
				 line[0] ? ": " : "", line);
		else
			snprintf(note, sizeof(note), "grader failed (exit %d)%s%s", WEXITSTATUS(status),
				 line[0] ? ": " : "", line);
		write_error_report(b, st, note);
	}
	render_formats(b, st);
	char hash[32];
	snprintf(hash, sizeof(hash), "%016llx\n", (unsigned long long)st->hash);
	student_path(b, st, ".hash", path, sizeof(path));
	write_text(path, hash);
	b->done++;
	describe(b, st, line, sizeof(line));
	if (strstr(line, " error: "))
		b->errors++;
	show_progress(b, st, line);
}

/* Start the child grading st. */
static int
start(struct batch *b, struct student *st)
{
	char path[PATH_MAX];
	student_path(b, st, NULL, path, sizeof(path));
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "ipcgrade batch: cannot make %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* An old report must not pass for the new grading's. */
	student_path(b, st, "report.json", path, sizeof(path));
	unlink(path);
	student_path(b, st, ".hash", path, sizeof(path));
	unlink(path);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child(b, st);
	setpgid(pid, pid);
	st->pid = pid;
	st->started = time(NULL);
	b->running++;
	show_progress(b, NULL, NULL);
	return 0;
}

/* The hash of what decides a grade besides the submission: the spec, the
 * hidden tests, the options that change scores, and our version. */
static int
setup_hash(const struct batch *b, uint64_t *h)
{
	char *spec = resolve_assignment(b->aname);
	size_t n = 0;
	char *text = spec ? slurp(spec, &n) : NULL;
	free(spec);
	if (text == NULL)
		return -1;
	*h = fnv1a(FNV_OFFSET, text, n);
	free(text);
	if (b->hidden) {
		if ((text = slurp(b->hidden, &n)) == NULL)
			return -1;
		*h = fnv1a(*h, text, n);
		free(text);
	}
	char opts[256];
	snprintf(opts, sizeof(opts), "%s|%d|%s|%s", PACKAGE_VERSION, b->memcheck, b->mode ? b->mode : "",
		 b->time_scale ? b->time_scale : "");
	*h = fnv1a(*h, opts, strlen(opts));
	return 0;
}

/* Load the spec once: a spec error stops the batch before any grading. */
static int
check_spec(struct batch *b)
{
	char *path = resolve_assignment(b->aname), err[1024];
	struct assignment a;
	int rc = spec_load(path, &a, err, sizeof(err));
	if (rc == 0 && b->hidden && (rc = spec_load_hidden(&a, b->hidden, err, sizeof(err))) != 0)
		spec_free(&a);
	if (rc != 0) {
		fprintf(stderr, "ipcgrade batch: %s\n", err);
	} else {
		for (size_t i = 0; i < a.ntests; i++)
			b->max_score += a.tests[i].points;
		snprintf(b->spec_name, sizeof(b->spec_name), "%s", a.name ? a.name : b->aname);
		spec_free(&a);
	}
	free(path);
	return rc;
}

/* The hidden.yaml beside the assignment's spec, when there is one; malloc'd. */
static char *
default_hidden(const char *aname)
{
	char *spec = resolve_assignment(aname);
	if (spec == NULL)
		return NULL;
	char *slash = strrchr(spec, '/'), *p = NULL;
	if (asprintf(&p, "%.*s%shidden.yaml", slash ? (int)(slash - spec + 1) : 0, spec, "") < 0)
		p = NULL;
	free(spec);
	if (p && access(p, R_OK) != 0) {
		free(p);
		p = NULL;
	}
	return p;
}

/* Run the gradings, at most b->jobs at a time, killing those over the timeout. */
static void
run_all(struct batch *b, bool *todo)
{
	size_t next = 0;
	for (;;) {
		while (!interrupted && b->running < (size_t)b->jobs && next < b->n) {
			if (todo[next] && start(b, &b->s[next]) != 0) {
				write_error_report(b, &b->s[next], "could not start the grading (fork failed)");
				b->done++;
				b->errors++;
			}
			next++;
		}
		if (b->running == 0 && (next >= b->n || interrupted))
			break;
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0) {
			time_t now = time(NULL);
			for (size_t i = 0; i < b->n; i++) {
				struct student *st = &b->s[i];
				if (st->pid > 0 && (interrupted || (b->timeout > 0 && now - st->started > b->timeout))) {
					st->timed_out = !interrupted;
					kill(-st->pid, SIGKILL);
					kill(st->pid, SIGKILL);
				}
			}
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			continue;
		}
		for (size_t i = 0; i < b->n; i++)
			if (b->s[i].pid == pid) {
				b->s[i].pid = 0;
				b->running--;
				if (!interrupted)
					finish(b, &b->s[i], status);
				break;
			}
	}
}

/* Parse "K/N" with 1 <= K <= N. */
static int
parse_shard(const char *v, int *k, int *n)
{
	char *end;
	long a = strtol(v, &end, 10);
	if (*end != '/')
		return -1;
	long c = strtol(end + 1, &end, 10);
	if (*end || a < 1 || c < 1 || a > c || c > 100000)
		return -1;
	*k = (int)a;
	*n = (int)c;
	return 0;
}

/* Comma-separated formats; json is always written and not listed again. */
static int
parse_formats(struct batch *b, const char *v)
{
	char *copy = strdup(v), *save;
	if (copy == NULL)
		return -1;
	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		int fmt = report_format_parse(f);
		if (fmt < 0) {
			free(copy);
			return -1;
		}
		if (fmt != FORMAT_JSON && b->nformats < sizeof(b->formats) / sizeof(b->formats[0]))
			b->formats[b->nformats++] = fmt;
	}
	free(copy);
	return 0;
}

int
cmd_batch(int argc, char **argv)
{
	struct batch b = { .outdir = "grades", .memcheck = true, .timeout = 900 };
	const char *pos[2] = { 0 };
	int npos = 0, shard_k = 0, shard_n = 0;
	bool no_hidden = false;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	b.jobs = ncpu > 0 ? (int)ncpu : 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(batch_usage, stdout);
			return EXIT_GRADED;
		} else if ((v && strcmp(a, "-j") == 0) || (strncmp(a, "-j", 2) == 0 && a[2])) {
			const char *num = a[2] ? a + 2 : v;
			char *end;
			long j = strtol(num, &end, 10);
			if (*end || end == num || j < 1 || j > 256)
				return usage_error(batch_usage, "-j needs a number from 1 to 256");
			b.jobs = (int)j;
			i += a[2] ? 0 : 1;
		} else if (v && strcmp(a, "-o") == 0) {
			b.outdir = argv[++i];
		} else if (v && strcmp(a, "--format") == 0) {
			if (parse_formats(&b, v) != 0)
				return usage_error(batch_usage, "unknown --format (text,json,gradescope,junit,markdown,github)");
			i++;
		} else if (v && strcmp(a, "--hidden") == 0) {
			b.hidden = argv[++i];
		} else if (strcmp(a, "--no-hidden") == 0) {
			no_hidden = true;
		} else if (v && strcmp(a, "--mode") == 0) {
			if (sandbox_mode_parse(v) < 0)
				return usage_error(batch_usage, "--mode must be root, userns or degraded");
			b.mode = argv[++i];
		} else if (v && strcmp(a, "--time-scale") == 0) {
			b.time_scale = argv[++i];
		} else if (v && strcmp(a, "--timeout") == 0) {
			char *end;
			long t = strtol(v, &end, 10);
			if (*end || t < 0)
				return usage_error(batch_usage, "--timeout needs seconds (0: none)");
			b.timeout = (int)t;
			i++;
		} else if (v && strcmp(a, "--shard") == 0) {
			if (parse_shard(v, &shard_k, &shard_n) != 0)
				return usage_error(batch_usage, "--shard needs K/N with 1 <= K <= N");
			i++;
		} else if (strcmp(a, "--no-memcheck") == 0) {
			b.memcheck = false;
		} else if (strcmp(a, "--force") == 0) {
			b.force = true;
		} else if (strcmp(a, "--rerun-failed") == 0) {
			b.rerun_failed = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "ipcgrade batch: unknown option '%s'\n", a);
			return usage_error(batch_usage, "bad usage");
		} else if (npos < 2) {
			pos[npos++] = a;
		} else {
			return usage_error(batch_usage, "too many arguments");
		}
	}
	if (npos != 2)
		return usage_error(batch_usage, "batch needs ASSIGNMENT and SUBMISSIONS");
	b.aname = pos[0];
	char *auto_hidden = NULL;
	if (!b.hidden && !no_hidden && (auto_hidden = default_hidden(b.aname)) != NULL) {
		b.hidden = auto_hidden;
		fprintf(stderr, "ipcgrade batch: with the hidden tests of %s (--no-hidden: without)\n", b.hidden);
	}
	int code = EXIT_GRADED;
	uint64_t setup;
	bool *todo = NULL;
	char **ids = NULL;
	if (check_spec(&b) != 0) {
		code = EXIT_USAGE;
		goto out;
	}
	if (setup_hash(&b, &setup) != 0) {
		fprintf(stderr, "ipcgrade batch: cannot read the spec or the hidden tests\n");
		code = EXIT_USAGE;
		goto out;
	}
	ssize_t sn = readlink("/proc/self/exe", b.self, sizeof(b.self) - 1);
	if (sn <= 0) {
		fprintf(stderr, "ipcgrade batch: cannot find my own executable\n");
		code = EXIT_INTERNAL;
		goto out;
	}
	b.self[sn] = '\0';
	if (mkdir(b.outdir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "ipcgrade batch: cannot make %s: %s\n", b.outdir, strerror(errno));
		code = EXIT_USAGE;
		goto out;
	}
	if (list_submissions(pos[1], &b) != 0) {
		code = EXIT_USAGE;
		goto out;
	}
	if (shard_n > 0) {	/* every N-th of the sorted ids: the same slice on every machine */
		size_t w = 0;
		for (size_t i = 0; i < b.n; i++)
			if (i % (size_t)shard_n == (size_t)(shard_k - 1))
				b.s[w++] = b.s[i];
		b.n = w;
	}
	/* Degraded mode cannot isolate gradings from each other: one at a time. */
	struct sandbox_probe probe;
	sandbox_probe(&probe);
	enum sandbox_mode mode = b.mode ? (enum sandbox_mode)sandbox_mode_parse(b.mode) : probe.mode;
	b.mode_name = sandbox_mode_name(mode);
	if (mode == SANDBOX_DEGRADED && b.jobs > 1) {
		fprintf(stderr, "ipcgrade batch: degraded sandbox: grading one submission at a time\n");
		b.jobs = 1;
	}
	todo = calloc(b.n ? b.n : 1, sizeof(*todo));
	ids = calloc(b.n ? b.n : 1, sizeof(*ids));
	if (!todo || !ids) {
		code = EXIT_INTERNAL;
		goto out;
	}
	b.tty = isatty(2);
	size_t ntodo = 0;
	for (size_t i = 0; i < b.n; i++) {
		struct student *st = &b.s[i];
		ids[i] = st->id;
		st->hash = setup;
		if (content_hash(st->src, &st->hash) != 0)
			st->hash = 0;	/* unreadable: always regrade, the child reports why */
		char path[PATH_MAX], *old;
		student_path(&b, st, ".hash", path, sizeof(path));
		old = slurp(path, NULL);
		char now[32];
		snprintf(now, sizeof(now), "%016llx\n", (unsigned long long)st->hash);
		student_path(&b, st, "report.json", path, sizeof(path));
		bool same = old && st->hash && strcmp(old, now) == 0 && access(path, R_OK) == 0;
		free(old);
		todo[i] = b.force || !same || (b.rerun_failed && !report_full_marks(path));
		if (!todo[i]) {
			b.cached++;
			b.done++;
			render_formats(&b, st);
			if (!b.tty)
				fprintf(stderr, "batch: [%zu/%zu] %s: unchanged, not graded again\n", b.done, b.n, st->id);
		}
		ntodo += todo[i];
	}
	fprintf(stderr, "ipcgrade batch: %zu submissions, %zu to grade, %d at a time\n", b.n, ntodo, b.jobs);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run_all(&b, todo);
	if (b.tty)
		fprintf(stderr, "\r\033[K");
	if (interrupted) {
		fprintf(stderr, "ipcgrade batch: interrupted; run again to resume (finished gradings are kept)\n");
		code = EXIT_INTERNAL;
		goto out;
	}
	char err[1024];
	if (rollup_write(b.outdir, ids, b.n, err, sizeof(err)) != 0) {
		fprintf(stderr, "ipcgrade batch: %s\n", err);
		code = EXIT_INTERNAL;
		goto out;
	}
	fprintf(stderr, "ipcgrade batch: %zu graded, %zu unchanged, %zu with errors; %s/grades.csv, %s/summary.md, "
			"%s/summary.html\n", b.n - b.cached, b.cached, b.errors, b.outdir, b.outdir, b.outdir);
out:
	free(todo);
	free(ids);
	free(b.s);
	free(auto_hidden);
	return code;
}

static const char merge_usage[] = "usage: ipcgrade merge OUTDIR... -o OUTDIR\n"
				  "  combines the per-student reports of batch runs (e.g. shards) into one roll-up\n";

/* Copy the regular files of one student's folder (reports, hash, log). */
static int
copy_student(const char *from, const char *to)
{
	if (mkdir(to, 0755) != 0 && errno != EEXIST)
		return -1;
	DIR *d = opendir(from);
	if (d == NULL)
		return -1;
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char s[2 * PATH_MAX], t[2 * PATH_MAX];
		struct stat st;
		snprintf(s, sizeof(s), "%s/%s", from, de->d_name);
		snprintf(t, sizeof(t), "%s/%s", to, de->d_name);
		if (lstat(s, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t n;
		char *text = slurp(s, &n);
		FILE *f = text ? fopen(t, "we") : NULL;
		if (f == NULL || fwrite(text, 1, n, f) != n)
			rc = -1;
		if (f && fclose(f) != 0)
			rc = -1;
		free(text);
	}
	closedir(d);
	return rc;
}

/* Compare C strings for qsort over char *. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	const char **ins = calloc((size_t)argc, sizeof(*ins));
	size_t nin = 0, nids = 0, cap = 0;
	char **ids = NULL;
	int code = EXIT_GRADED;
	if (ins == NULL)
		return EXIT_INTERNAL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(merge_usage, stdout);
			free(ins);
			return EXIT_GRADED;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-') {
			free(ins);
			return usage_error(merge_usage, "unknown option");
		} else {
			ins[nin++] = argv[i];
		}
	}
	if (out == NULL || nin == 0) {
		free(ins);
		return usage_error(merge_usage, "merge needs OUTDIRs and -o OUTDIR");
	}
	if (mkdir(out, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "ipcgrade merge: cannot make %s: %s\n", out, strerror(errno));
		free(ins);
		return EXIT_USAGE;
	}
	char rout[PATH_MAX];
	if (realpath(out, rout) == NULL)
		rout[0] = '\0';
	for (size_t k = 0; k < nin && code == EXIT_GRADED; k++) {
		struct dirent **names;
		int n = scandir(ins[k], &names, NULL, alphasort);
		if (n < 0) {
			fprintf(stderr, "ipcgrade merge: %s: %s\n", ins[k], strerror(errno));
			code = EXIT_USAGE;
			break;
		}
		char rin[PATH_MAX];
		bool same = realpath(ins[k], rin) && strcmp(rin, rout) == 0;
		for (int i = 0; i < n; i++) {
			const char *id = names[i]->d_name;
			char rep[PATH_MAX + NAME_MAX + 16], from[PATH_MAX + NAME_MAX + 2], to[PATH_MAX + NAME_MAX + 2];
			snprintf(rep, sizeof(rep), "%s/%s/report.json", ins[k], id);
			bool dup = false;
			for (size_t j = 0; j < nids; j++)
				dup |= strcmp(ids[j], id) == 0;
			if (id[0] == '.' || access(rep, R_OK) != 0 || dup) {
				if (dup && id[0] != '.')
					fprintf(stderr, "ipcgrade merge: %s/%s: student already merged, skipped\n", ins[k], id);
				free(names[i]);
				continue;
			}
			snprintf(from, sizeof(from), "%s/%s", ins[k], id);
			snprintf(to, sizeof(to), "%s/%s", out, id);
			if (!same && copy_student(from, to) != 0) {
				fprintf(stderr, "ipcgrade merge: cannot copy %s to %s\n", from, to);
				code = EXIT_INTERNAL;
			}
			if (nids == cap) {
				char **ni = realloc(ids, (cap = cap * 2 + 16) * sizeof(*ni));
				if (ni == NULL)
					code = EXIT_INTERNAL;
				else
					ids = ni;
			}
			if (nids < cap)
				ids[nids++] = strdup(id);
			free(names[i]);
		}
		free(names);
	}
	if (code == EXIT_GRADED) {
		qsort(ids, nids, sizeof(*ids), cmp_str);
		char err[1024];
		if (rollup_write(out, ids, nids, err, sizeof(err)) != 0) {
			fprintf(stderr, "ipcgrade merge: %s\n", err);
			code = EXIT_INTERNAL;
		} else {
			fprintf(stderr, "ipcgrade merge: %zu students; %s/grades.csv, %s/summary.md, %s/summary.html\n",
				nids, out, out, out);
		}
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(ins);
	return code;
}
