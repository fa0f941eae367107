/* limits: resource limits of one student or reference process. */
#pragma once
#include <sys/resource.h>

struct proc_limits {
	rlim_t cpu_sec;        /* RLIMIT_CPU */
	rlim_t as_bytes;       /* RLIMIT_AS; 0 = unlimited (needed under valgrind) */
	rlim_t data_bytes;     /* RLIMIT_DATA; 0 = unlimited. Bounds valgrind, which needs a large address space */
	rlim_t fsize_bytes;    /* RLIMIT_FSIZE */
	rlim_t nofile;         /* RLIMIT_NOFILE */
	rlim_t nproc;          /* RLIMIT_NPROC: contains fork bombs */
	rlim_t stack_bytes;    /* RLIMIT_STACK */
	rlim_t msgqueue_bytes; /* RLIMIT_MSGQUEUE: modest, never 0 (mq labs need it) */
	rlim_t sigpending;     /* RLIMIT_SIGPENDING: modest, never 0 */
};

/* Defaults fit for the lecture's programs. */
void proc_limits_default(struct proc_limits *l);
/* Apply to the calling process (core is always 0). 0 or -errno. Async-signal-safe. */
int proc_limits_apply(const struct proc_limits *l);
/* The same in two halves, for a caller that still allocates in between
 * (RLIMIT_AS below what is already mapped makes every new mapping fail). */
int proc_limits_apply_except_as(const struct proc_limits *l);
/* The memory limits (RLIMIT_AS and RLIMIT_DATA), last. */
int proc_limits_apply_as(const struct proc_limits *l);
