/* work-copy: the host work directory into the sandbox's /work tmpfs and back. */
#pragma once
#include <stdbool.h>
#include <sys/types.h>

/* Copy the regular files and folders under host_fd into dst (owned by uid:gid
 * when own). 0 or -1 with errno. */
int work_copy_in(int host_fd, const char *dst, bool own, uid_t uid, gid_t gid);
/* Copy the regular files of /work/SUB whose names match one of the fnmatch
 * patterns (NULL-terminated) back into host_fd, at most budget bytes as read
 * (holes included); a file beyond the budget comes back empty. 0 or -1 with
 * errno. */
int work_copy_out(const char *sub, const char *const *names, long long budget, int host_fd);
