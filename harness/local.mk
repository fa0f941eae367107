noinst_LIBRARIES += harness/libharness.a
harness_libharness_a_CFLAGS = $(OWN_CFLAGS) $(SECCOMP_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
harness_libharness_a_SOURCES = \
	harness/capture.c harness/capture.h \
	harness/check.c harness/check.h \
	harness/cleanup.h \
	harness/engine.c harness/engine.h harness/engine-state.h \
	harness/engine-core.c harness/engine-watch.c \
	harness/ipc-audit.c harness/ipc-audit.h \
	harness/ipc-kinds.c harness/ipc-kinds.h \
	harness/proc-limits.c harness/proc-limits.h \
	harness/sandbox.c harness/sandbox.h harness/sandbox-internal.h \
	harness/scalar.c harness/scalar.h \
	harness/scenario.c harness/scenario.h harness/run.c harness/run.h \
	harness/seccomp-filter.c harness/seccomp-filter.h \
	harness/spawn.c \
	harness/spec.c harness/spec.h \
	harness/step.h harness/steps.c harness/steps.h \
	harness/wire.c harness/wire.h \
	harness/workdir.c harness/workdir.h \
	harness/yaml-tree.c harness/yaml-tree.h \
	harness/work-copy.c harness/work-copy.h
