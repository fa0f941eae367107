/* try_escape PATH...: try to open each path (OPEN_OK/OPEN_FAIL per path), then
 * try the namespace and debugging calls a sandbox must refuse. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <unistd.h>

/* One verdict line per attempt, with the errno when it failed. */
static void
say(const char *what, const char *arg, int rc)
{
	if (rc == 0)
		printf("%s_OK %s\n", what, arg);
	else
		printf("%s_FAIL %s %s\n", what, arg, strerror(errno));
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		say("OPEN", argv[i], fd >= 0 ? 0 : -1);
		if (fd >= 0)
			close(fd);
	}
	say("UNSHARE", "newns", unshare(CLONE_NEWNS));
	say("UNSHARE", "newuser", unshare(CLONE_NEWUSER));
	say("MOUNT", "tmpfs", mount("none", "/tmp", "tmpfs", 0, NULL));
	say("PTRACE", "1", ptrace(PTRACE_ATTACH, 1, NULL, NULL) == 0 ? 0 : -1);
	return 0;
}
