/* formats: the format table and the one entry point that dispatches to each
 * writer; above the writers, which share only report-common.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text",
	[FORMAT_JSON] = "json",
	[FORMAT_GRADESCOPE] = "gradescope",
	[FORMAT_JUNIT] = "junit",
	[FORMAT_MARKDOWN] = "markdown",
	[FORMAT_GITHUB] = "github",
	[FORMAT_PRAIRIELEARN] = "prairielearn",
	[FORMAT_AUTOLAB] = "autolab",
};

/* Exact names only: a typo should fail loudly, not pick a format. */
int
report_format_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return -1;
}

/* One entry point so the CLI does not need a switch of its own. */
int
report_write(FILE *f, int format, const struct grade_report *r, const struct report_opts *o)
{
	switch (format) {
	case FORMAT_TEXT:
		return report_text(f, r, o);
	case FORMAT_JSON:
		return report_json(f, r);
	case FORMAT_GRADESCOPE:
		return report_gradescope(f, r);
	case FORMAT_JUNIT:
		return report_junit(f, r);
	case FORMAT_MARKDOWN:
		return report_markdown(f, r, o);
	case FORMAT_GITHUB:
		return report_github(f, r);
	case FORMAT_PRAIRIELEARN:
		return report_prairielearn(f, r);
	case FORMAT_AUTOLAB:
		return report_autolab(f, r, o);
	}
	errno = EINVAL;
	return -1;
}
