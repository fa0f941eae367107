# Benchmark: the cost of a sandbox per program start (see bench/bench_sandbox.c).
noinst_PROGRAMS += bench/bench_sandbox
bench_bench_sandbox_SOURCES = bench/bench_sandbox.c
bench_bench_sandbox_LDADD = harness/libharness.a $(SECCOMP_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)

bench: bench/bench_sandbox
	./bench/bench_sandbox
.PHONY: bench
