# cli/local.mk: the `ipcgrade` command (the top of the file graph: it calls
# grading/ and harness/, nothing calls it). The binary stays ./ipcgrade at the
# top of the build tree.
bin_PROGRAMS += ipcgrade
# ipcgrade.c (the command table) -> cli-*.c (one command each) -> the batch
# job's files and pool.c -> cli-common.c; none calls up.
ipcgrade_SOURCES = cli/ipcgrade.c cli/cli.h cli/cli-common.c cli/cli-common.h \
	cli/cli-run.c cli/cli-doctor.c cli/cli-grade.c cli/cli-ci.c \
	cli/cli-validate.c cli/cli-new.c \
	cli/cli-batch.c cli/cli-merge.c cli/batch.h cli/batch-job.c cli/batch-digest.c \
	cli/batch-render.c cli/batch-manifest.c cli/pool.c cli/pool.h
ipcgrade_CFLAGS = $(OWN_CFLAGS) $(JANSSON_CFLAGS)
# In the build tree ipcgrade finds assignments and references there; installed, under the prefix.
ipcgrade_CPPFLAGS = $(AM_CPPFLAGS) -DABS_TOP_SRCDIR='"$(abs_top_srcdir)"' \
	-DABS_TOP_BUILDDIR='"$(abs_top_builddir)"' -DPKGDATADIR='"$(pkgdatadir)"' \
	-DPKGLIBEXECDIR='"$(pkglibexecdir)"'
ipcgrade_LDFLAGS = $(SAN_CFLAGS)
ipcgrade_LDADD = grading/libgrading.a harness/libharness.a $(SECCOMP_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)
include cli/ci.mk
