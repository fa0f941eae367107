/* step: the table of step kinds. See step.h. */
#include "step.h"

#include <stdio.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* "start server", "send server", ...: the kind and the process. */
static void
describe_proc(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %s", s->proc ? s->proc : "");
}

/* "wait_output server stderr /regex/" */
static void
describe_wait_output(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %s%s /%s/", s->proc ? s->proc : "", s->stream == 2 ? " stderr" : "",
		 s->text ? s->text : "");
}

/* "wait_ipc shm key 1234", "wait_ipc posix-shm /my_shm" */
static void
describe_wait_ipc(const struct step *s, char *buf, size_t len)
{
	const struct ipc_kind *k = ipc_kind(s->ipc_kind);
	if (k && k->keyed)
		snprintf(buf, len, " %s key %lld", k->name, s->key);
	else
		snprintf(buf, len, " %s %s", ipcobj_kind_name(s->ipc_kind), s->text ? s->text : "");
}

/* "sleep 0.50 s" */
static void
describe_sleep(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %.2f s", s->seconds);
}

/* "signal server Interrupt" */
static void
describe_signal(const struct step *s, char *buf, size_t len)
{
	snprintf(buf, len, " %s %s", s->proc ? s->proc : "", strsignal(s->signo));
}

/* "audit": nothing more to say. */
static void
describe_nothing(const struct step *s, char *buf, size_t len)
{
	(void)s;
	if (len)
		buf[0] = '\0';
}

/* Indexed by the enum; the spec lists the kinds in this order in messages. */
static const struct step_kind_desc kinds[STEP_NKINDS] = {
	[STEP_START] = { STEP_START, "start", false, false, describe_proc },
	[STEP_SEND] = { STEP_SEND, "send", true, true, describe_proc },
	[STEP_CLOSE_STDIN] = { STEP_CLOSE_STDIN, "close_stdin", true, true, describe_proc },
	[STEP_SIGNAL] = { STEP_SIGNAL, "signal", true, false, describe_signal },
	[STEP_WAIT_IPC] = { STEP_WAIT_IPC, "wait_ipc", false, false, describe_wait_ipc },
	[STEP_WAIT_OUTPUT] = { STEP_WAIT_OUTPUT, "wait_output", true, false, describe_wait_output },
	[STEP_WAIT_EXIT] = { STEP_WAIT_EXIT, "wait_exit", true, false, describe_proc },
	[STEP_SLEEP] = { STEP_SLEEP, "sleep", false, false, describe_sleep },
	[STEP_AUDIT] = { STEP_AUDIT, "audit", false, false, describe_nothing },
};

const struct step_kind_desc *
step_kind(enum step_kind k)
{
	if ((unsigned)k >= ARRAY_LEN(kinds) || !kinds[k].name || kinds[k].kind != k)
		return NULL;
	return &kinds[k];
}

const struct step_kind_desc *
step_kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(kinds); i++)
		if (kinds[i].name && strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const char *
step_kind_name(enum step_kind k)
{
	const struct step_kind_desc *d = step_kind(k);
	return d ? d->name : "?";
}

void
step_describe(const struct step *s, char *buf, size_t len)
{
	const struct step_kind_desc *d = step_kind(s->kind);
	char rest[1024] = "";
	if (d)
		d->describe(s, rest, sizeof(rest));
	else
		snprintf(rest, sizeof(rest), " %s", s->proc ? s->proc : "");
	snprintf(buf, len, "%s%s", step_kind_name(s->kind), rest);
}

void
step_filter(const struct step *s, bool deny_network, struct seccomp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->deny_escape = true;
	o->deny_network = deny_network;
	o->faults = s->faults;
	o->nfaults = s->nfaults;
	o->watch_removals = true;
}
