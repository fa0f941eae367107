# reference/local.mk — owned by the reference solutions.
# Correct versions of every lecture program; the grader installs them and
# runs them as the oracle (DESIGN.md, "Scenarios and the reference oracle").
# $(LIBS) already carries -lrt when shm_open needs it (configure.ac).

nobase_pkglibexec_PROGRAMS += \
	reference/shm-sysv-fork/shm_fork \
	reference/shm-sysv-clientserver/server \
	reference/shm-sysv-clientserver/client \
	reference/shm-ftok/shm_ftok \
	reference/shm-posix/shm_msg
reference_shm_sysv_fork_shm_fork_SOURCES = reference/shm-sysv-fork/shm_fork.c
reference_shm_sysv_clientserver_server_SOURCES = reference/shm-sysv-clientserver/server.c
reference_shm_sysv_clientserver_client_SOURCES = reference/shm-sysv-clientserver/client.c
reference_shm_ftok_shm_ftok_SOURCES = reference/shm-ftok/shm_ftok.c
reference_shm_posix_shm_msg_SOURCES = reference/shm-posix/shm_msg.c

EXTRA_DIST += reference/README.md reference/NOTES.md \
	reference/shm-ftok/README.md

# The tests run the programs above from the build tree
# ($IPCGRADE_TOP_BUILDDIR/reference/...), each in a private IPC + mount namespace.
check_PROGRAMS += tests/unit/test_reference
tests_unit_test_reference_SOURCES = tests/unit/test_reference.c tests/unit/unshare-helper.h
tests_unit_test_reference_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_reference_LDFLAGS = $(SAN_CFLAGS)
tests_unit_test_reference_LDADD = $(CRITERION_LIBS)
TESTS += tests/unit/test_reference
