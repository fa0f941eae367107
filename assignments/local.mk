# assignments/local.mk — owned by the assignments.
# Drop-in: every folder assignments/NAME/ is an assignment, found when make
# runs (no list to edit when one is added). Installed
# (pkgdatadir/assignments/NAME/...): everything in the folder (the public
# spec, the student-facing README, the starter files, the demo's example
# submissions) except the instructor's hidden.yaml: students who install get
# the public tests only. The source tarball carries the whole folder.

# Files under assignments/*/, relative to the source tree, any depth
# (a subshell: the loops that read the list run in the build tree).
ASSIGNMENT_FILES = (cd $(srcdir) && find assignments -mindepth 2 -type f ! -name '*~' ! -name '.*')

install-data-local: install-assignments
install-assignments:
	@$(ASSIGNMENT_FILES) | grep -v '/hidden\.yaml$$' | LC_ALL=C sort | while read -r f; do \
	  d='$(DESTDIR)$(pkgdatadir)'/$${f%/*}; \
	  echo " $(MKDIR_P) '$$d' && $(INSTALL_DATA) '$$f' '$$d'"; \
	  $(MKDIR_P) "$$d" && $(INSTALL_DATA) "$(srcdir)/$$f" "$$d" || exit 1; \
	done
uninstall-local: uninstall-assignments
uninstall-assignments:
	@$(ASSIGNMENT_FILES) | while read -r f; do \
	  rm -f '$(DESTDIR)$(pkgdatadir)'/"$$f"; \
	done
	-@cd '$(DESTDIR)$(pkgdatadir)' 2>/dev/null && test -d assignments && \
	  find assignments -depth -type d -empty -exec rmdir {} \;
dist-hook: dist-assignments
dist-assignments:
	@$(ASSIGNMENT_FILES) | while read -r f; do \
	  $(MKDIR_P) "$(distdir)/$${f%/*}" && cp -p "$(srcdir)/$$f" "$(distdir)/$$f" || exit 1; \
	done
.PHONY: install-assignments uninstall-assignments dist-assignments
