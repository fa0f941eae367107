/* proc-why: what a process that has not ended is doing, from kernel facts.
 *
 * For a process still alive when a test gave up on it, one line: the system
 * call it is blocked in and on what (read on a pipe whose write end is still
 * open in someone, open of a FIFO nobody opened for the other side, msgrcv on
 * a queue, sem_wait on a named semaphore, sleep, waitpid), or that it is
 * running, stopped or a zombie. Everything comes from /proc/PID/{stat,
 * syscall,fd,fdinfo,maps} and /proc/sysvipc of the caller's namespaces: the
 * caller must be able to read them (the sandbox's init can). */
#pragma once
#include <stddef.h>
#include <sys/types.h>

/* A process of the sandbox as the explanation names it. */
struct why_proc {
	pid_t pid, ppid;
	char state;    /* as in /proc/PID/stat */
	char name[64]; /* "server", "child of server" */
};

/* One line about procs[i], in buf ("" when it has ended); holders of the
 * other end of a pipe or FIFO are looked for among all n. */
void why_blocked(const struct why_proc *procs, size_t n, size_t i, char *buf, size_t len);
