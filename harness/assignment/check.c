/* check: the table of check kinds. See check.h. */
#include "check.h"

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const exit_choices[] = { "reference", "zero", "nonzero", NULL };
static const char *const stderr_choices[] = { "reference", "nonempty", NULL };

/* Indexed by the enum; the spec lists the kinds in this order in messages. */
static const struct check_kind_desc kinds[CHECK_NKINDS] = {
	[CHECK_EXIT] = { .kind = CHECK_EXIT, .name = "exit", .choices = exit_choices },
	[CHECK_STDOUT] = { .kind = CHECK_STDOUT, .name = "stdout" },
	[CHECK_STDERR] = { .kind = CHECK_STDERR, .name = "stderr", .choices = stderr_choices },
	[CHECK_IPC] = { .kind = CHECK_IPC, .name = "ipc", .match_key = true },
	[CHECK_CLEANUP] = { .kind = CHECK_CLEANUP, .name = "cleanup", .hygiene = true },
	[CHECK_BUSY_WAIT] = { .kind = CHECK_BUSY_WAIT, .name = "busy_wait", .hygiene = true },
	[CHECK_MEMCHECK] = { .kind = CHECK_MEMCHECK, .name = "memcheck", .hygiene = true },
	[CHECK_OUTPUT_MATCH] = { .kind = CHECK_OUTPUT_MATCH, .name = "output_match", .regex_expect = true },
};

/* A hole in the table (a kind without a row) reads as an unknown kind. */
const struct check_kind_desc *
check_kind(enum check_kind k)
{
	if ((unsigned)k >= ARRAY_LEN(kinds) || !kinds[k].name || kinds[k].kind != k)
		return NULL;
	return &kinds[k];
}

/* Linear: a handful of rows. */
const struct check_kind_desc *
check_kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(kinds); i++)
		if (kinds[i].name && !strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

/* The YAML spelling, as in the reports. */
const char *
check_kind_name(enum check_kind k)
{
	const struct check_kind_desc *d = check_kind(k);
	return d ? d->name : "?";
}
