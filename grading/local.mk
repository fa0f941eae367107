noinst_LIBRARIES += grading/libgrading.a
grading_libgrading_a_CFLAGS = $(OWN_CFLAGS) $(JANSSON_CFLAGS) $(SECCOMP_CFLAGS) $(YAML_CFLAGS)
grading_libgrading_a_SOURCES = \
	grading/text.c grading/text.h \
	grading/strbuf.c grading/strbuf.h \
	grading/build.c grading/build.h \
	grading/checks.c grading/checks.h \
	grading/memcheck.c grading/memcheck.h \
	grading/grade.c grading/grade.h \
	grading/report-run.c grading/report-run.h \
	grading/report.c grading/report.h grading/report-internal.h grading/report-common.c \
	grading/report-text.c grading/report-json.c grading/report-gradescope.c \
	grading/report-junit.c grading/report-markdown.c grading/report-github.c \
	grading/report-load.c grading/report-load.h grading/rollup.c grading/rollup.h \
	grading/archive.c grading/archive.h
