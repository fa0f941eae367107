# Benchmarks print figures; they never assert timings (machines are shared).
# `make bench`: the cost of a sandbox per program start (bench_sandbox.c), and
# grading the four reference solutions with and without time acceleration.
noinst_PROGRAMS += bench/bench_sandbox
bench_bench_sandbox_SOURCES = bench/bench_sandbox.c
bench_bench_sandbox_LDFLAGS = $(SAN_CFLAGS)
bench_bench_sandbox_LDADD = harness/libharness.a $(SECCOMP_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)
EXTRA_DIST += bench/grade-references.sh

bench: bench/bench_sandbox ipcgrade $(REFERENCE_BINS)
	./bench/bench_sandbox
	$(SHELL) $(srcdir)/bench/grade-references.sh $(abs_top_builddir)
	$(SHELL) $(srcdir)/bench/batch-bench.sh $(abs_top_builddir)
.PHONY: bench
EXTRA_DIST += bench/batch-bench.sh
