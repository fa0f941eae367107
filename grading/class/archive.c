/* archive: safe unpacking of student archives and content hashing. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archive.h"

/* Extraction limits: an archive is student data, so a bomb must not fill the disk. */
#define MAX_FILE_BYTES  (64L << 20)
#define MAX_TOTAL_BYTES (64L << 20)
#define MAX_ENTRIES     10000

/* True when name ends with suffix. */
static int
ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	return n > s && strcmp(name + n - s, suffix) == 0;
}

enum archive_kind
archive_kind_of(const char *name)
{
	if (ends_with(name, ".zip"))
		return ARCHIVE_ZIP;
	if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz"))
		return ARCHIVE_TARGZ;
	return ARCHIVE_NONE;
}

void
archive_student_id(const char *name, char *id, size_t len)
{
	snprintf(id, len, "%s", name);
	static const char *const ext[] = { ".tar.gz", ".tgz", ".zip" };
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ends_with(id, ext[i])) {
			id[strlen(id) - strlen(ext[i])] = '\0';
			break;
		}
}

/* Run argv with stdout into *out (malloc'd, may be NULL), stderr to /dev/null,
 * under a file-size limit; returns the exit status or -1. */
static int
run_tool(char *const argv[], char **out)
{
	int p[2];
	if (out && pipe2(p, O_CLOEXEC) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct rlimit rl = { MAX_FILE_BYTES, MAX_FILE_BYTES };
		setrlimit(RLIMIT_FSIZE, &rl);
		int dn = open("/dev/null", O_RDWR);
		dup2(dn, 0);
		dup2(out ? p[1] : dn, 1);
		dup2(dn, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	if (out) {
		close(p[1]);
		for (;;) {
			if (len + 4096 + 1 > cap) {
				char *nb = realloc(buf, cap = cap * 2 + 8192);
				if (nb == NULL)
					break;
				buf = nb;
			}
			ssize_t n = read(p[0], buf + len, cap - len - 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		close(p[0]);
		if (buf)
			buf[len] = '\0';
		*out = buf;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Bytes argv writes on stdout, counted as they come and cut at limit (the
 * tool is killed): limit + 1 when there were more, -1 when it failed. The
 * archive's contents decompressed for real, so lying headers do not count. */
static long long
stream_bytes(char *const argv[], long long limit)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		int dn = open("/dev/null", O_RDWR);
		dup2(dn, 0);
		dup2(p[1], 1);
		dup2(dn, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	char buf[65536];
	long long total = 0;
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
		if (total > limit) {
			kill(pid, SIGKILL);
			break;
		}
	}
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (total > limit)
		return limit + 1;
	return WIFEXITED(st) && (WEXITSTATUS(st) == 0 || (WEXITSTATUS(st) == 1 && strcmp(argv[0], "unzip") == 0))
		       ? total
		       : -1;
}

/* Empty dest again after a refusal: nothing of a refused archive stays. */
static void
empty_folder(const char *dest)
{
	DIR *d = opendir(dest);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char p[PATH_MAX];
		snprintf(p, sizeof(p), "%s/%s", dest, de->d_name);
		remove_tree(p);
	}
	if (d)
		closedir(d);
}

/* An entry name that would land outside the folder: absolute or with a `..` part. */
static int
entry_escapes(const char *e)
{
	if (e[0] == '/')
		return 1;
	for (const char *p = e; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == e || p[-1] == '/' || p[-1] == '\\') && (p[2] == '\0' || p[2] == '/' || p[2] == '\\'))
			return 1;
	return 0;
}

int
archive_extract(const char *archive, enum archive_kind kind, const char *dest, char *err, size_t errlen)
{
	char *list = NULL;
	char *const zl[] = { "unzip", "-Z1", (char *)archive, NULL };
	char *const tl[] = { "tar", "-tzf", (char *)archive, NULL };
	int rc = run_tool(kind == ARCHIVE_ZIP ? zl : tl, &list);
	if (rc != 0 || list == NULL) {
		snprintf(err, errlen, "cannot read the archive (%s exited %d)", kind == ARCHIVE_ZIP ? "unzip" : "tar",
			 rc);
		free(list);
		return -1;
	}
	/* Refuse before extracting: the tools' own defences differ by version. */
	int n = 0;
	for (char *save, *e = strtok_r(list, "\n", &save); e; e = strtok_r(NULL, "\n", &save), n++)
		if (entry_escapes(e)) {
			snprintf(err, errlen, "archive refused: entry '%.200s' would land outside the folder", e);
			free(list);
			return -1;
		}
	free(list);
	if (n > MAX_ENTRIES) {
		snprintf(err, errlen, "archive refused: more than %d entries", MAX_ENTRIES);
		return -1;
	}
	/* A 1 MB zip can hold 1 GB of zeros in files under the per-file limit:
	 * bound the total, decompressed for real, before anything is written. */
	char *const zp[] = { "unzip", "-p", (char *)archive, NULL };
	char *const tp[] = { "tar", "-xzOf", (char *)archive, NULL };
	long long total = stream_bytes(kind == ARCHIVE_ZIP ? zp : tp, MAX_TOTAL_BYTES);
	if (total > MAX_TOTAL_BYTES) {
		snprintf(err, errlen, "archive refused: its files hold more than %ld MiB", MAX_TOTAL_BYTES >> 20);
		return -1;
	}
	if (total < 0) {
		snprintf(err, errlen, "cannot read the archive (%s failed)", kind == ARCHIVE_ZIP ? "unzip" : "tar");
		return -1;
	}
	char *const zx[] = { "unzip", "-qq", "-o", (char *)archive, "-d", (char *)dest, NULL };
	char *const tx[] = {
		"tar", "-xzf", (char *)archive, "-C", (char *)dest, "--no-same-owner", "--no-same-permissions", NULL
	};
	rc = run_tool(kind == ARCHIVE_ZIP ? zx : tx, NULL);
	/* unzip exits 1 for warnings only (e.g. a stripped name): still usable. */
	if (rc != 0 && !(kind == ARCHIVE_ZIP && rc == 1)) {
		snprintf(err, errlen, "cannot unpack the archive (%s exited %d; a file over %ld MiB?)",
			 kind == ARCHIVE_ZIP ? "unzip" : "tar", rc, MAX_FILE_BYTES >> 20);
		empty_folder(dest);
		return -1;
	}
	if (archive_check_tree(dest, err, errlen) != 0) {
		empty_folder(dest);
		return -1;
	}
	return 0;
}

/* Walk dir below root, refusing what a submission must not contain. */
static int
check_walk(const char *root, const char *dir, int depth, char *err, size_t errlen)
{
	if (depth > 32) {
		snprintf(err, errlen, "submission refused: folders nested too deep");
		return -1;
	}
	DIR *d = opendir(dir);
	if (d == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char p[PATH_MAX], real[PATH_MAX];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (lstat(p, &st) != 0) {
			snprintf(err, errlen, "cannot stat %s: %s", p, strerror(errno));
			rc = -1;
		} else if (S_ISLNK(st.st_mode)) {
			size_t rl = strlen(root);
			/* A dangling link resolves nowhere: refused as well, it can
			 * only be an attempt or a mistake. */
			if (realpath(p, real) == NULL || strncmp(real, root, rl) != 0 ||
			    (real[rl] != '\0' && real[rl] != '/')) {
				snprintf(err, errlen,
					 "submission refused: symlink '%.200s' leads outside the submission",
					 p + rl + 1);
				rc = -1;
			}
		} else if (S_ISDIR(st.st_mode)) {
			rc = check_walk(root, p, depth + 1, err, errlen);
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "submission refused: '%.200s' is not a regular file",
				 p + strlen(root) + 1);
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

int
archive_check_tree(const char *dir, char *err, size_t errlen)
{
	char root[PATH_MAX];
	if (realpath(dir, root) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return check_walk(root, root, 0, err, errlen);
}

void
archive_submission_root(const char *dir, char *out, size_t len)
{
	snprintf(out, len, "%s", dir);
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	char only[NAME_MAX + 1] = "";
	int n = 0, dirs = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "__MACOSX") == 0)
			continue;
		char p[PATH_MAX];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		n++;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			dirs++;
			snprintf(only, sizeof(only), "%s", de->d_name);
		}
	}
	closedir(d);
	if (n == 1 && dirs == 1)
		snprintf(out, len, "%s/%s", dir, only);
}

uint64_t
fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Byte order, not the locale's: the hash must not depend on LANG. */
static int
by_bytes(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Hash one path (rel is its name within the hashed tree). */
static int
hash_path(const char *path, const char *rel, uint64_t *h, int depth)
{
	struct stat st;
	if (lstat(path, &st) != 0 || depth > 32)
		return -1;
	*h = fnv1a(*h, rel, strlen(rel) + 1);
	if (S_ISLNK(st.st_mode)) {
		char t[PATH_MAX];
		ssize_t n = readlink(path, t, sizeof(t));
		if (n < 0)
			return -1;
		*h = fnv1a(*h, "L", 1);
		*h = fnv1a(*h, t, (size_t)n);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		struct dirent **names;
		int n = scandir(path, &names, NULL, by_bytes), rc = 0;
		if (n < 0)
			return -1;
		*h = fnv1a(*h, "D", 1);
		for (int i = 0; i < n; i++) {
			const char *nm = names[i]->d_name;
			if (rc == 0 && strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
				char p[PATH_MAX], r[PATH_MAX];
				snprintf(p, sizeof(p), "%s/%s", path, nm);
				snprintf(r, sizeof(r), "%s/%s", rel, nm);
				rc = hash_path(p, r, h, depth + 1);
			}
			free(names[i]);
		}
		free(names);
		return rc;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return S_ISREG(st.st_mode) ? -1 : 0; /* fifos, devices: by name only */
	char buf[65536];
	ssize_t n;
	*h = fnv1a(*h, "F", 1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		*h = fnv1a(*h, buf, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

int
content_hash(const char *path, uint64_t *h)
{
	return hash_path(path, ".", h, 0);
}

/* nftw callback: remove one entry, children first. */
static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(p) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(p) == 0 || errno == ENOENT ? 0 : -1;
}

int
remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	/* Extracted trees may hold read-only folders: make them writable first. */
	char *const chm[] = { "chmod", "-R", "u+rwX", (char *)path, NULL };
	if (S_ISDIR(st.st_mode))
		run_tool(chm, NULL);
	return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}
