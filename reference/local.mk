# reference/local.mk — owned by the reference solutions.
# Correct versions of every lecture program; the grader installs them and
# runs them as the oracle (DESIGN.md, "Scenarios and the reference oracle").
#
# Drop-in: every reference/NAME/PROG.c is one program reference/NAME/PROG,
# found when make runs (no list to edit when an assignment is added), built
# with the flags automake gives our other C programs, installed as
# $(pkglibexecdir)/reference/NAME/PROG (where ipcgrade looks, cli-grade.c).
# $(LIBS) already carries -lrt when shm_open needs it (configure.ac).
# $(wildcard) is GNU make, which automake warns about: not here.
AUTOMAKE_OPTIONS = -Wno-portability

REFERENCE_SRCS = $(patsubst $(srcdir)/%,%,$(sort $(wildcard $(srcdir)/reference/*/*.c)))
REFERENCE_BINS = $(REFERENCE_SRCS:.c=)
# Headers and notes next to the programs travel in the tarball too.
REFERENCE_TARBALL = $(REFERENCE_SRCS) reference/README.md reference/NOTES.md \
	$(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/reference/*/*.h $(srcdir)/reference/*/*.md))
REFERENCE_COMPILE = $(CC) $(DEFS) $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS) \
	$(AM_CFLAGS) $(CFLAGS) $(AM_LDFLAGS) $(LDFLAGS)

all-local: $(REFERENCE_BINS)
# The source is found through VPATH in an out-of-tree build (distcheck).
$(REFERENCE_BINS): %: %.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(REFERENCE_COMPILE) -o $@ $< $(LIBS)

install-exec-local: install-reference-programs
install-reference-programs: $(REFERENCE_BINS)
	@for p in $(REFERENCE_BINS); do \
	  d='$(DESTDIR)$(pkglibexecdir)'/$${p%/*}; \
	  echo " $(MKDIR_P) '$$d' && $(INSTALL_PROGRAM) $$p '$$d'"; \
	  $(MKDIR_P) "$$d" && $(INSTALL_PROGRAM) "$$p" "$$d" || exit 1; \
	done
uninstall-local: uninstall-reference-programs
uninstall-reference-programs:
	@for p in $(REFERENCE_BINS); do \
	  echo " rm -f '$(DESTDIR)$(pkglibexecdir)/$$p'"; rm -f '$(DESTDIR)$(pkglibexecdir)'/"$$p"; \
	done
clean-local: clean-reference-programs
clean-reference-programs:
	rm -f $(REFERENCE_BINS)
dist-hook: dist-reference
dist-reference:
	@for f in $(REFERENCE_TARBALL); do \
	  $(MKDIR_P) "$(distdir)/$${f%/*}" && cp -p "$(srcdir)/$$f" "$(distdir)/$$f" || exit 1; \
	done
.PHONY: install-reference-programs uninstall-reference-programs clean-reference-programs dist-reference

# The tests run the programs above from the build tree
# ($IPCGRADE_TOP_BUILDDIR/reference/...), each in a private IPC + mount namespace.
check_PROGRAMS += tests/unit/test_reference
tests_unit_test_reference_SOURCES = tests/unit/test_reference.c tests/unit/unshare-helper.h
tests_unit_test_reference_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_reference_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_reference_LDADD = $(CRITERION_LIBS)
TESTS += tests/unit/test_reference
