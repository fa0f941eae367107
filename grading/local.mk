# grading/local.mk: the library that turns runs into grades. One folder per
# stage (docs/architecture.md): build/ (compiling a submission in a sandbox),
# checks/ (each check against the reference run, memcheck), score/ (tests,
# pairings and points), report/ (every report format, reading a report back),
# class/ (a class's roll-up, unpacking LMS archives).
noinst_LIBRARIES += grading/libgrading.a
grading_libgrading_a_CFLAGS = $(OWN_CFLAGS) $(JANSSON_CFLAGS) $(SECCOMP_CFLAGS) $(YAML_CFLAGS)
grading_libgrading_a_SOURCES = \
	grading/build/build.c grading/build/build.h \
	grading/checks/checks.c grading/checks/checks.h \
	grading/checks/queue-checks.c grading/checks/queue-checks.h \
	grading/checks/memcheck.c grading/checks/memcheck.h \
	grading/score/grade.c grading/score/grade.h \
	grading/report/formats.c grading/report/report.h grading/report/report-internal.h \
	grading/report/report-common.c \
	grading/report/report-text.c grading/report/report-json.c grading/report/report-gradescope.c \
	grading/report/report-junit.c grading/report/report-markdown.c grading/report/report-github.c \
	grading/report/report-prairielearn.c grading/report/report-autolab.c \
	grading/report/report-run.c grading/report/report-run.h \
	grading/report/report-load.c grading/report/report-load.h \
	grading/report/text.c grading/report/text.h \
	grading/report/strbuf.c grading/report/strbuf.h \
	grading/class/rollup.c grading/class/rollup.h \
	grading/class/archive.c grading/class/archive.h
