# Test programs are Criterion binaries speaking TAP to automake's tap driver.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = CRITERION_OUTPUTS=tap:-; export CRITERION_OUTPUTS; \
	IPCGRADE_TOP_BUILDDIR='$(abs_top_builddir)'; export IPCGRADE_TOP_BUILDDIR; \
	IPCGRADE_TOP_SRCDIR='$(abs_top_srcdir)'; export IPCGRADE_TOP_SRCDIR;
# Hard cap per test program: a hung runner becomes an ERROR, not a stuck CI.
LOG_COMPILER = timeout --kill-after=10 600

TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
TEST_LIBS = harness/libharness.a $(CRITERION_LIBS) $(SECCOMP_LIBS) $(JANSSON_LIBS) $(CYAML_LIBS)

check_PROGRAMS += tests/unit/test_ipc_audit tests/unit/test_seccomp
tests_unit_test_ipc_audit_SOURCES = tests/unit/test_ipc_audit.c
tests_unit_test_ipc_audit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_ipc_audit_LDADD = $(TEST_LIBS)
tests_unit_test_seccomp_SOURCES = tests/unit/test_seccomp.c
tests_unit_test_seccomp_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_seccomp_LDADD = $(TEST_LIBS)

TESTS += tests/unit/test_ipc_audit tests/unit/test_seccomp

# Valgrind over our own tests: Criterion ignores worker exit codes under
# valgrind, so judge from the per-process logs (toolchain notes, pitfall 5).
VG_FLAGS = -q --trace-children=yes --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite
if HAVE_VALGRIND
check-valgrind: $(check_PROGRAMS) $(bin_PROGRAMS) $(noinst_PROGRAMS)
	@rc=0; for t in $(TESTS); do rm -f $$t.vg.*.log; \
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
