/* pipe_hang: the classic pipe bug - the child reads the pipe to end of file
 * but never closes its own copy of the write end, so it never gets there;
 * the parent waits for it forever. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	int fd[2];
	if (pipe(fd) != 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		char b[64];
		while (read(fd[0], b, sizeof(b)) > 0)
			;
		return 0;
	}
	close(fd[0]);
	if (write(fd[1], "hi\n", 3) != 3)
		return 1;
	close(fd[1]);
	waitpid(pid, NULL, 0);
	return 0;
}
