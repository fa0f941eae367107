/* limits: resource limits of one student or reference process. See proc-limits.h.
 *
 * proc_limits_apply runs between fork and exec: it only calls setrlimit(2)
 * and touches no global state but errno, so it is async-signal-safe. */
#include "proc-limits.h"

#include <errno.h>
#include <stddef.h>

#define KIB                ((rlim_t)1024)
#define MIB                (KIB * 1024)
#define GIB                (MIB * 1024)

/* Linux's default RLIMIT_MSGQUEUE (MQ_BYTES_MAX) and a modest signal queue. */
#define DEFAULT_MSGQUEUE   ((rlim_t)819200)
#define DEFAULT_SIGPENDING ((rlim_t)1024)

void
proc_limits_default(struct proc_limits *l)
{
	l->cpu_sec = 10;
	l->as_bytes = 1 * GIB;
	l->data_bytes = 0; /* unlimited: RLIMIT_AS bounds it, but under valgrind (grade.c) */
	l->fsize_bytes = 64 * MIB;
	l->nofile = 256;
	l->nproc = 128;
	l->stack_bytes = 8 * MIB;
	l->msgqueue_bytes = DEFAULT_MSGQUEUE;
	l->sigpending = DEFAULT_SIGPENDING;
}

static int
set(int resource, rlim_t v)
{
	struct rlimit r = { .rlim_cur = v, .rlim_max = v };
	return setrlimit(resource, &r) == 0 ? 0 : -errno;
}

/* Every limit but the address space. */
int
proc_limits_apply_except_as(const struct proc_limits *l)
{
	/* Core first: no dumps even if a later limit cannot be set. */
	const struct {
		int resource;
		rlim_t value;
	} todo[] = {
		{ RLIMIT_CORE, 0 },
		{ RLIMIT_CPU, l->cpu_sec },
		{ RLIMIT_FSIZE, l->fsize_bytes },
		{ RLIMIT_NOFILE, l->nofile },
		{ RLIMIT_NPROC, l->nproc },
		{ RLIMIT_STACK, l->stack_bytes },
		/* never 0 (mq and signal labs need them): 0 means the default */
		{ RLIMIT_MSGQUEUE, l->msgqueue_bytes ? l->msgqueue_bytes : DEFAULT_MSGQUEUE },
		{ RLIMIT_SIGPENDING, l->sigpending ? l->sigpending : DEFAULT_SIGPENDING },
	};
	for (size_t i = 0; i < sizeof todo / sizeof todo[0]; i++) {
		int rc = set(todo[i].resource, todo[i].value);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The memory limits: the address space (0 = unlimited: valgrind reserves a
 * large one) and the data segment, which counts every private writable
 * mapping - malloc's heap and valgrind's shadow memory alike - so it still
 * bounds a program under valgrind. */
int
proc_limits_apply_as(const struct proc_limits *l)
{
	int rc = set(RLIMIT_AS, l->as_bytes ? l->as_bytes : RLIM_INFINITY);
	return rc < 0 ? rc : set(RLIMIT_DATA, l->data_bytes ? l->data_bytes : RLIM_INFINITY);
}

int
proc_limits_apply(const struct proc_limits *l)
{
	int rc = proc_limits_apply_except_as(l);
	return rc < 0 ? rc : proc_limits_apply_as(l);
}
