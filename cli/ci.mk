# cli/ci.mk: templates of `ipcgrade ci-template` and `ipcgrade gradescope`,
# installed under pkgdatadir so an installed ipcgrade finds them.
dist_pkgdata_DATA = docs/classroom.yml
gradescopedir = $(pkgdatadir)/gradescope
dist_gradescope_SCRIPTS = docs/gradescope/setup.sh docs/gradescope/run_autograder
