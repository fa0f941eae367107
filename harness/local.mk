noinst_LIBRARIES += harness/libharness.a
harness_libharness_a_CFLAGS = $(OWN_CFLAGS) $(SECCOMP_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
harness_libharness_a_SOURCES = \
	harness/capture.c harness/capture.h \
	harness/check.c harness/check.h \
	harness/cleanup.h \
	harness/engine.c harness/engine.h harness/engine-internal.h \
	harness/engine-core.c harness/engine-watch.c \
	harness/ipc-audit.c harness/ipc-audit.h \
	harness/ipc-kinds.c harness/ipc-kinds.h \
	harness/proc-limits.c harness/proc-limits.h \
	harness/sandbox.c harness/sandbox.h harness/sandbox-internal.h \
	harness/scalar.c harness/scalar.h \
	harness/scenario.c harness/scenario.h \
	harness/seccomp-filter.c harness/seccomp-filter.h \
	harness/spawn.c \
	harness/spec.c harness/spec.h \
	harness/step.c harness/step.h \
	harness/wire.c harness/wire.h \
	harness/workdir.c harness/workdir.h \
	harness/yaml-tree.c harness/yaml-tree.h \
	harness/work-copy.c

bin_PROGRAMS += ipcgrade
ipcgrade_SOURCES = harness/ipcgrade.c harness/cli.h harness/cli-run.c harness/cli-grade.c \
	harness/cli-batch.c harness/cli-ci.c
ipcgrade_CFLAGS = $(OWN_CFLAGS) $(JANSSON_CFLAGS)
# In the build tree ipcgrade finds assignments and references there; installed, under the prefix.
ipcgrade_CPPFLAGS = $(AM_CPPFLAGS) -DABS_TOP_SRCDIR='"$(abs_top_srcdir)"' \
	-DABS_TOP_BUILDDIR='"$(abs_top_builddir)"' -DPKGDATADIR='"$(pkgdatadir)"' \
	-DPKGLIBEXECDIR='"$(pkglibexecdir)"'
ipcgrade_LDFLAGS = $(SAN_CFLAGS)
ipcgrade_LDADD = grading/libgrading.a harness/libharness.a $(SECCOMP_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)
include harness/ci.mk
