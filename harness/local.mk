# harness/local.mk: the library that reads a spec and runs scenarios in
# sandboxes. One folder per stage of the pipeline (docs/architecture.md):
# spec/ (assignment.yaml -> struct assignment), sandbox/ (namespaces, spawning,
# seccomp, limits, the work directory), scenario/ (the steps, the sandbox's
# init, the result over the wire), audit/ (the IPC object kinds and snapshots).
noinst_LIBRARIES += harness/libharness.a
harness_libharness_a_CFLAGS = $(OWN_CFLAGS) $(SECCOMP_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
harness_libharness_a_SOURCES = \
	harness/spec/spec.c harness/spec/spec.h \
	harness/spec/yaml-tree.c harness/spec/yaml-tree.h \
	harness/spec/scalar.c harness/spec/scalar.h \
	harness/spec/check.c harness/spec/check.h \
	harness/sandbox/sandbox.c harness/sandbox/sandbox.h harness/sandbox/sandbox-internal.h \
	harness/sandbox/spawn.c \
	harness/sandbox/seccomp-filter.c harness/sandbox/seccomp-filter.h \
	harness/sandbox/proc-limits.c harness/sandbox/proc-limits.h \
	harness/sandbox/workdir.c harness/sandbox/workdir.h \
	harness/sandbox/work-copy.c harness/sandbox/work-copy.h \
	harness/sandbox/cleanup.h \
	harness/scenario/scenario.c harness/scenario/scenario.h \
	harness/scenario/step.h harness/scenario/steps.c harness/scenario/steps.h \
	harness/scenario/run.c harness/scenario/run.h \
	harness/scenario/engine.c harness/scenario/engine.h harness/scenario/engine-state.h \
	harness/scenario/engine-core.c harness/scenario/engine-watch.c \
	harness/scenario/wire.c harness/scenario/wire.h \
	harness/scenario/capture.c harness/scenario/capture.h \
	harness/audit/ipc-kinds.c harness/audit/ipc-kinds.h \
	harness/audit/ipc-audit.c harness/audit/ipc-audit.h
