# harness/local.mk: the library that reads a spec and runs scenarios in
# sandboxes. One folder per stage of the pipeline (docs/architecture.md):
# assignment/ (the spec: assignment.yaml -> struct assignment), sandbox/ (namespaces, spawning,
# seccomp, limits, the work directory), scenario/ (the steps, the sandbox's
# init, the result over the wire), audit/ (the IPC object kinds and snapshots).
noinst_LIBRARIES += harness/libharness.a
harness_libharness_a_CFLAGS = $(OWN_CFLAGS) $(SECCOMP_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
harness_libharness_a_SOURCES = \
	harness/assignment/spec.c harness/assignment/spec.h \
	harness/assignment/yaml-tree.c harness/assignment/yaml-tree.h \
	harness/assignment/scalar.c harness/assignment/scalar.h \
	harness/assignment/check.c harness/assignment/check.h \
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
	harness/scenario/engine-core.c harness/scenario/engine-watch.c harness/scenario/engine-channel.c \
	harness/scenario/engine-settle.c harness/scenario/engine-hang.c \
	harness/scenario/wire.c harness/scenario/wire.h \
	harness/scenario/capture.c harness/scenario/capture.h \
	harness/audit/ipc-kinds.c harness/audit/ipc-kinds.h \
	harness/audit/ipc-audit.c harness/audit/ipc-audit.h \
	harness/audit/proc-why.c harness/audit/proc-why.h
