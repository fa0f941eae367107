/* sandbox: one private IPC world per scenario, and the probe that picks how. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum sandbox_mode {
	SANDBOX_ROOT,     /* namespaces as real root; programs under unprivileged uids */
	SANDBOX_USERNS,   /* the same inside a user namespace, without root */
	SANDBOX_DEGRADED, /* no namespaces: serialized, snapshots and a subreaper */
};

struct sandbox_probe {
	enum sandbox_mode mode;
	char why[512]; /* what the probe saw */
	char fix[512]; /* how to get a better mode; empty when none is needed */
};

/* Try the full namespace setup in a throwaway child and classify the host.
 * IPCGRADE_MODE=root|userns|degraded in the environment forces a mode (tests). */
void sandbox_probe(struct sandbox_probe *out);
const char *sandbox_mode_name(enum sandbox_mode m);
/* Why POSIX message queues cannot be observed in mode m (degraded mode on a
 * host without /dev/mqueue: no queue would be seen, compared or removed), or
 * NULL when they can. */
const char *sandbox_mq_unseen(enum sandbox_mode m);
/* Whether mode m works on this machine (ignoring IPCGRADE_MODE); the reason
 * in why when not. */
bool sandbox_mode_works(enum sandbox_mode m, char *why, size_t len);
/* Parse "root", "userns", "degraded"; -1 if unknown. */
int sandbox_mode_parse(const char *s);

/* The uids programs run under in a mode: in root mode derived from the
 * caller's pid so parallel gradings do not share RLIMIT_NPROC budgets. */
struct sandbox_ids {
	uid_t student_uid, reference_uid;
	gid_t student_gid, reference_gid;
};
void sandbox_ids_for(enum sandbox_mode m, struct sandbox_ids *ids);
/* Keep the folder path (the grader's: specs, hidden tests, references) out of
 * every sandbox started from now on by this process. Where it lies inside a
 * system directory the sandbox shows (/usr, /etc, ...), an empty read-only
 * folder is mounted over it; a system directory itself cannot be hidden.
 * 0, or -1 with the reason in err. */
int sandbox_hide(const char *path, char *err, size_t errlen);
/* Do programs run under a uid of their own (the harness is root), so that the
 * harness sets it and hands them their files? */
bool sandbox_sets_uid(enum sandbox_mode m);
/* Why this user may not grade in mode m (userns as root: its one uid would be
 * host root), or NULL. */
const char *sandbox_mode_refused(enum sandbox_mode m);
