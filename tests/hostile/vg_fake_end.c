/* Attack: a child leaks, steals valgrind's report descriptor (SCM_RIGHTS on
 * a socket pair lets the kernel copy a descriptor valgrind keeps from us),
 * writes a clean end of report on it, as valgrind would after a fatal
 * signal, and is killed (SIGKILL) by its parent before valgrind's leak
 * check can report the leak. */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>

/* A copy of fd through a socket pair, or -1. */
static int
smuggle(int sv[2], int fd)
{
	char b = 'x';
	struct iovec iov = { &b, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr a;
	} u, r;
	memset(&u, 0, sizeof(u));
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sv[0], &mh, 0) != 1)
		return -1;
	struct msghdr rh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = r.buf, .msg_controllen = sizeof(r.buf) };
	if (recvmsg(sv[1], &rh, 0) != 1 || (c = CMSG_FIRSTHDR(&rh)) == NULL)
		return -1;
	int got;
	memcpy(&got, CMSG_DATA(c), sizeof(int));
	return got;
}

int
main(void)
{
	static const char end[] =
		"\n<fatal_signal>\n  <tid>1</tid>\n  <signo>15</signo>\n  <signame>SIGTERM</signame>\n"
		"</fatal_signal>\n<status>\n  <state>FINISHED</state>\n</status>\n<errorcounts>\n"
		"</errorcounts>\n<suppcounts>\n</suppcounts>\n</valgrindoutput>\n\n";
	int ready[2];
	if (pipe(ready) != 0)
		return 1;
	pid_t c = fork();
	if (c == 0) {
		volatile char *leak = malloc(4242);
		leak[0] = 1;
		leak = NULL;
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0)
			for (int fd = 3; fd < 1024; fd++) {
				int got = smuggle(sv, fd);
				if (got >= 0 && got != fd) {
					(void)!write(got, end, sizeof(end) - 1);
					close(got);
				}
			}
		(void)!write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	char b;
	(void)!read(ready[0], &b, 1);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	puts("hello");
	return 0;
}
