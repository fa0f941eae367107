# Test programs are Criterion binaries speaking TAP to automake's tap driver.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = CRITERION_OUTPUTS=tap:-; export CRITERION_OUTPUTS; \
	IPCGRADE_TOP_BUILDDIR='$(abs_top_builddir)'; export IPCGRADE_TOP_BUILDDIR; \
	IPCGRADE_TOP_SRCDIR='$(abs_top_srcdir)'; export IPCGRADE_TOP_SRCDIR; \
	LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp'; export LSAN_OPTIONS;
# Hard cap per test program: a hung runner becomes an ERROR, not a stuck CI.
# The catalogue (every case of every assignment) is the longest by far.
LOG_COMPILER = timeout --kill-after=10 2400

TEST_CFLAGS = $(OWN_CFLAGS) $(CRITERION_CFLAGS)
TEST_LIBS = harness/libharness.a $(CRITERION_LIBS) $(SECCOMP_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)

check_PROGRAMS += tests/unit/test_ipc_audit tests/unit/test_seccomp
tests_unit_test_ipc_audit_SOURCES = tests/unit/test_ipc_audit.c
tests_unit_test_ipc_audit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_ipc_audit_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_ipc_audit_LDADD = $(TEST_LIBS)
tests_unit_test_seccomp_SOURCES = tests/unit/test_seccomp.c
tests_unit_test_seccomp_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_seccomp_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_seccomp_LDADD = $(TEST_LIBS)

TESTS += tests/unit/test_ipc_audit tests/unit/test_seccomp

check_PROGRAMS += tests/unit/test_report
tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_report_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_report_LDADD = grading/libgrading.a $(TEST_LIBS)
TESTS += tests/unit/test_report
EXTRA_DIST += tests/golden

# The checks on made-up runs (who is blamed; no sandbox).
check_PROGRAMS += tests/unit/test_checks
tests_unit_test_checks_SOURCES = tests/unit/test_checks.c
tests_unit_test_checks_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_checks_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_checks_LDADD = grading/libgrading.a $(TEST_LIBS)
TESTS += tests/unit/test_checks

check_PROGRAMS += tests/unit/test_spec
tests_unit_test_spec_SOURCES = tests/unit/test_spec.c
tests_unit_test_spec_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_spec_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_spec_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_spec
EXTRA_DIST += tests/specs

# Valgrind over our own tests: Criterion ignores worker exit codes under
# valgrind, so judge from the per-process logs (toolchain notes, pitfall 5).
# Our code and the reference programs: what the tests grade (student builds
# under /tmp, test programs, system tools) runs natively.
VG_FLAGS = -q --trace-children=yes --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--trace-children-skip='/usr/*,/bin/*,/tmp/*,/proc/*,*/tests/progs/*,*/tests/grading/*'
# The unit tests of every module, the reference programs' tests and the CLI's
# end-to-end grading tests. The sandbox, hostile, batch and catalogue suites
# run the same code thousands of times (hours under valgrind): they skip
# themselves when IPCGRADE_UNDER_VALGRIND is set and are left out here.
VALGRIND_TESTS = tests/unit/test_ipc_audit tests/unit/test_seccomp tests/unit/test_report \
	tests/unit/test_spec tests/unit/test_reference tests/unit/test_grade
if HAVE_VALGRIND
check-valgrind: $(check_PROGRAMS) $(bin_PROGRAMS) $(noinst_PROGRAMS) $(REFERENCE_BINS)
	@rc=0; for t in $(VALGRIND_TESTS); do rm -f $$t.vg.*.log; echo "check-valgrind: $$t"; \
	  IPCGRADE_TOP_BUILDDIR='$(abs_top_builddir)' IPCGRADE_TOP_SRCDIR='$(abs_top_srcdir)' \
	  IPCGRADE_UNDER_VALGRIND=1 \
	  $(VALGRIND) $(VG_FLAGS) --log-file=$$t.vg.%p.log ./$$t -q -j1 || rc=1; \
	  for l in $$t.vg.*.log; do test -s $$l && { echo "== $$l"; cat $$l; rc=1; }; done; \
	done; exit $$rc
else
check-valgrind:
	@echo "valgrind not found: apt-get install valgrind"; exit 1
endif
.PHONY: check-valgrind
CLEANFILES += tests/*.vg.*.log tests/unit/*.vg.*.log

# Sandbox tests through the C API (scenario_run), and the small programs they run.
check_PROGRAMS += tests/unit/test_sandbox
tests_unit_test_sandbox_SOURCES = tests/unit/test_sandbox.c
tests_unit_test_sandbox_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sandbox_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_sandbox_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_sandbox

check_PROGRAMS += tests/progs/leak_shm tests/progs/leak_posix tests/progs/orphan \
	tests/progs/zombie tests/progs/forkbomb tests/progs/hold_key tests/progs/print_lines \
	tests/progs/ignore_term tests/progs/count_stdin tests/progs/crash tests/progs/flood \
	tests/progs/whoami_caps tests/progs/try_escape tests/progs/pipe_hang
tests_progs_leak_shm_SOURCES = tests/progs/leak_shm.c
tests_progs_leak_posix_SOURCES = tests/progs/leak_posix.c
tests_progs_orphan_SOURCES = tests/progs/orphan.c
tests_progs_zombie_SOURCES = tests/progs/zombie.c
tests_progs_forkbomb_SOURCES = tests/progs/forkbomb.c
tests_progs_hold_key_SOURCES = tests/progs/hold_key.c
tests_progs_print_lines_SOURCES = tests/progs/print_lines.c
tests_progs_ignore_term_SOURCES = tests/progs/ignore_term.c
tests_progs_count_stdin_SOURCES = tests/progs/count_stdin.c
tests_progs_pipe_hang_SOURCES = tests/progs/pipe_hang.c
tests_progs_crash_SOURCES = tests/progs/crash.c
tests_progs_flood_SOURCES = tests/progs/flood.c
tests_progs_whoami_caps_SOURCES = tests/progs/whoami_caps.c
tests_progs_try_escape_SOURCES = tests/progs/try_escape.c

# End-to-end grading through the CLI.
check_PROGRAMS += tests/unit/test_grade tests/grading/quiet tests/grading/victim
tests_unit_test_grade_SOURCES = tests/unit/test_grade.c
tests_unit_test_grade_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_grade_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_grade_LDADD = $(CRITERION_LIBS) $(JANSSON_LIBS)
tests_grading_quiet_SOURCES = tests/grading/quiet.c
tests_grading_victim_SOURCES = tests/grading/victim.c
TESTS += tests/unit/test_grade
EXTRA_DIST += tests/grading/hostile tests/grading/depends tests/lsan.supp

# Hostile submissions (tests/hostile/*.c, compiled by the test and by the
# grader, never by make), the soak, and the fuzz targets' sources and corpora.
check_PROGRAMS += tests/unit/test_hostile
tests_unit_test_hostile_SOURCES = tests/unit/test_hostile.c
tests_unit_test_hostile_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_hostile_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_hostile_LDADD = $(CRITERION_LIBS) $(JANSSON_LIBS)
TESTS += tests/unit/test_hostile tests/soak-short.sh
EXTRA_DIST += tests/hostile tests/fuzz tests/soak.sh tests/soak-short.sh
# The full soak (1000 gradings, two at a time): figures for docs/soak.md.
soak: all $(check_PROGRAMS)
	IPCGRADE_TOP_BUILDDIR='$(abs_top_builddir)' IPCGRADE_TOP_SRCDIR='$(abs_top_srcdir)' \
	  $(SHELL) $(top_srcdir)/tests/soak.sh $${SOAK_N:-1000}
# Short libFuzzer runs of the spec loader and the output normalisers (clang).
fuzz: all
	$(SHELL) $(top_srcdir)/tests/fuzz/run.sh $${FUZZ_SECONDS:-20}
.PHONY: soak fuzz

# Class-scale commands: batch, merge (shards on GNU parallel), gradescope, ci-template.
check_PROGRAMS += tests/unit/test_batch
tests_unit_test_batch_SOURCES = tests/unit/test_batch.c
tests_unit_test_batch_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
tests_unit_test_batch_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_batch_LDADD = $(CRITERION_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)
TESTS += tests/unit/test_batch

# Authoring: `ipcgrade new` scaffolds what `ipcgrade validate` accepts; validate's verdicts.
check_PROGRAMS += tests/unit/test_author
tests_unit_test_author_SOURCES = tests/unit/test_author.c
tests_unit_test_author_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_author_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_author_LDADD = $(CRITERION_LIBS)
TESTS += tests/unit/test_author

# Known-bad submission catalogue (docs/catalogue.md): every case graded and
# asserted against its expect.yaml; `make determinism` grades each case 10x.
check_PROGRAMS += tests/unit/test_catalogue
tests_unit_test_catalogue_SOURCES = tests/unit/test_catalogue.c
tests_unit_test_catalogue_CFLAGS = $(TEST_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
tests_unit_test_catalogue_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_catalogue_LDADD = grading/libgrading.a $(TEST_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)
TESTS += tests/unit/test_catalogue tests/determinism.sh
EXTRA_DIST += tests/submissions tests/determinism.sh
determinism: all
	IPCGRADE_TOP_BUILDDIR='$(abs_top_builddir)' IPCGRADE_TOP_SRCDIR='$(abs_top_srcdir)' \
	  $(SHELL) $(top_srcdir)/tests/determinism.sh --full
determinism-valid: all
	IPCGRADE_TOP_BUILDDIR='$(abs_top_builddir)' IPCGRADE_TOP_SRCDIR='$(abs_top_srcdir)' \
	  $(SHELL) $(top_srcdir)/tests/determinism.sh --valid
.PHONY: determinism determinism-valid
EXTRA_DIST += tests/unit/capture-streams.h tests/unit/test-helpers.h

# Golden transcripts of the CLI's human-readable output (run, doctor, list, a
# failing grade): tests/golden/cli/*.txt, compared after masking by
# tests/cli-golden.sh (IPCGRADE_UPDATE_GOLDEN=1 regenerates them).
TESTS += tests/cli-golden.sh
EXTRA_DIST += tests/cli-golden.sh

# The file dependency graph stays acyclic with no edge from a lower file up.
TESTS += tests/depgraph.sh
EXTRA_DIST += tests/depgraph.sh
