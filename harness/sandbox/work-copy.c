/* work-copy: the sandbox's /work is a size-limited tmpfs, so a submission
 * cannot fill the host's disk; its files come in before the programs start and
 * the few the harness needs back (compiled binaries, valgrind reports) go out
 * after every process is gone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "work-copy.h"

#define COPY_MAX_FILES 256
#define COPY_MAX_BYTES (64LL * 1024 * 1024)
#define COPY_MAX_DEPTH 8

/* Copy the bytes of one open file into another, at most COPY_MAX_BYTES. */
static int
copy_fd(int in, int out)
{
	char buf[65536];
	long long total = 0;
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		total += n;
		if (total > COPY_MAX_BYTES || write(out, buf, (size_t)n) != n)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

/* Regular files and directories of src_fd into dst_fd, owned by uid/gid. */
static int
copy_tree(int src_fd, int dst_fd, bool own, uid_t uid, gid_t gid, int depth, int *count)
{
	DIR *d = fdopendir(dup(src_fd));
	if (d == NULL)
		return -1;
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (++*count > COPY_MAX_FILES)
			break;
		struct stat st;
		if (fstatat(src_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < COPY_MAX_DEPTH) {
			int s = openat(src_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (s < 0 || mkdirat(dst_fd, de->d_name, st.st_mode & 07777) != 0) {
				if (s >= 0)
					close(s);
				rc = -1;
				break;
			}
			int t = openat(dst_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (t < 0 || (own && fchown(t, uid, gid) != 0) ||
			    copy_tree(s, t, own, uid, gid, depth + 1, count) != 0)
				rc = -1;
			close(s);
			if (t >= 0)
				close(t);
		} else if (S_ISREG(st.st_mode)) {
			autofd int in = openat(src_fd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
			autofd int out =
				openat(dst_fd, de->d_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				       st.st_mode & 07777);
			if (in < 0 || out < 0 || copy_fd(in, out) != 0 || (own && fchown(out, uid, gid) != 0) ||
			    fchmod(out, st.st_mode & 07777) != 0)
				rc = -1;
		}
	}
	closedir(d);
	return rc;
}

/* Fill the sandbox's /work from the host work directory. */
int
work_copy_in(int host_fd, const char *dst, bool own, uid_t uid, gid_t gid)
{
	int t = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t < 0)
		return -1;
	int count = 0;
	int rc = copy_tree(host_fd, t, own, uid, gid, 0, &count);
	close(t);
	return rc;
}

/* Is name one of the patterns (fnmatch, NULL-terminated)? */
static bool
asked_for(const char *name, const char *const *names)
{
	for (size_t i = 0; names && names[i]; i++)
		if (fnmatch(names[i], name, FNM_PATHNAME | FNM_PERIOD) == 0)
			return true;
	return false;
}

/* Sort names bytewise: the budget is spent in the same order every run. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copy one regular file of s into t, spending its bytes from *budget. A file
 * that does not fit (sparse files count their holes: read() returns them as
 * zeros) comes back empty, so a reader sees it cut short rather than a
 * missing name or gigabytes on the host's disk. 0 or -1. */
static int
copy_out_one(int s, int t, const char *name, long long *budget)
{
	struct stat st;
	autofd int in = openat(s, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;     /* gone or not a file: nothing to bring back */
	unlinkat(t, name, 0); /* replace, never write through */
	autofd int out = openat(t, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
	if (out < 0)
		return -1;
	if (st.st_size > *budget)
		return 0;
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (n > *budget) {
			/* it grew: the processes are gone, so only a race of ours */
			return ftruncate(out, 0);
		}
		*budget -= n;
		if (write(out, buf, (size_t)n) != n)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

/* Bring back what the caller asked for, and nothing else. */
int
work_copy_out(const char *sub, const char *const *names, long long budget, int host_fd)
{
	char path[4096];
	snprintf(path, sizeof(path), "/work/%s", sub);
	/* What the programs left is theirs: never follow a link they planted. */
	autofd int s = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s < 0)
		return errno == ENOENT ? 0 : -1;
	autofd int t = strcmp(sub, ".") == 0 ? dup(host_fd)
					     : openat(host_fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (t < 0 && errno == ENOENT && mkdirat(host_fd, sub, 0755) == 0)
		t = openat(host_fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int fd = t >= 0 ? dup(s) : -1;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char *picked[COPY_MAX_FILES];
	size_t n = 0;
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < COPY_MAX_FILES)
		if (asked_for(de->d_name, names) && (picked[n] = strdup(de->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(picked, n, sizeof(*picked), by_name);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && copy_out_one(s, t, picked[i], &budget) != 0)
			rc = -1;
		free(picked[i]);
	}
	return rc;
}
