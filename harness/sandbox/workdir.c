/* workdir: temporary work directories handed to sandboxes. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "workdir.h"

/* nftw callback: remove everything, deepest first. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void
workdir_remove(const char *dir)
{
	if (dir && *dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* Hand a path to the sandbox's student uid, when that is not ours (as root). */
static int
give(const char *path, int fd, enum sandbox_mode mode)
{
	if (!sandbox_sets_uid(mode))
		return 0;
	struct sandbox_ids ids;
	sandbox_ids_for(mode, &ids);
	int r = fd >= 0 ? fchown(fd, ids.student_uid, ids.student_gid) : chown(path, ids.student_uid, ids.student_gid);
	return r == 0 ? 0 : -errno;
}

char *
workdir_make(enum sandbox_mode mode)
{
	char tmpl[] = "/tmp/ipcgrade-work.XXXXXX";
	if (mkdtemp(tmpl) == NULL)
		return NULL;
	if (give(tmpl, -1, mode) != 0) {
		rmdir(tmpl);
		return NULL;
	}
	return strdup(tmpl);
}

int
workdir_mkdir(const char *dir, enum sandbox_mode mode)
{
	if (mkdir(dir, 0755) != 0)
		return -errno;
	return give(dir, -1, mode);
}

int
workdir_copy(const char *src, const char *dst, mode_t perm, enum sandbox_mode mode)
{
	/* src came back from a sandbox (work_copy_out makes regular files only):
	 * a link there, or at dst, is nothing of ours to follow. */
	int in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -errno;
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, perm);
	if (out < 0) {
		int e = -errno;
		close(in);
		return e;
	}
	char buf[65536];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -EIO;
			break;
		}
	if (n < 0)
		rc = -errno;
	if (rc == 0)
		rc = give(dst, out, mode);
	if (rc == 0 && fchmod(out, perm) != 0)
		rc = -errno;
	close(out);
	close(in);
	return rc;
}
