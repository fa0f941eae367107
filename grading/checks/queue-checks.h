/* queue-checks: what the checks say about message queues (SysV msg, POSIX mqueue):
 * messages never received, attributes against the reference's, and hints for
 * the classic mistakes of queue calls. Called from checks.c, below it: it takes
 * the runs, not the check's context. */
#pragma once
#include <stdbool.h>

#include "scenario.h"
#include "strbuf.h"

/* One line per queue of the run that was removed or left behind holding more
 * messages than its counterpart in the reference run ("msg key=0x000004d2: 2
 * messages (510 bytes) never received ..."), naming the programs. Returns the
 * hint for the first such queue, or NULL when there is none. */
const char *queue_unreceived(const struct scenario_result *run, const struct scenario_result *oracle, struct strbuf *d);
/* Lines for queue attributes of g (the run's) that differ from w's (the
 * reference's): msg_qbytes, mq_maxmsg, mq_msgsize. True when one differs. */
bool queue_attrs_differ(const struct ipc_object *g, const struct ipc_object *w, struct strbuf *d);
/* The hint for a failed queue call a program reported on stderr (perror's
 * "msgrcv: Argument list too long"), or NULL. */
const char *queue_error_hint(const char *err);
/* The hint for a queue removed by another program than in the reference run
 * (a client that unlinks the server's queue), or NULL for other kinds. */
const char *queue_removed_hint(enum ipcobj_kind kind);
/* The busy-wait hint when the run used a message queue (polling with
 * IPC_NOWAIT or O_NONBLOCK instead of blocking), or NULL. */
const char *queue_busy_hint(const struct scenario_result *run);
/* The hint for valgrind's first finding when it is about a queue call, or NULL. */
const char *queue_memcheck_hint(const char *first);
