noinst_LIBRARIES += grading/libgrading.a
grading_libgrading_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
grading_libgrading_a_SOURCES = \
	grading/text.c grading/text.h \
	grading/report-run.c grading/report-run.h
