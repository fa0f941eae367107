# assignments/local.mk — owned by the assignments.
# Installed (pkgdatadir/assignments/...): the public specs, the student-facing
# READMEs, the starter files and the demo's example submissions. The
# instructor's hidden.yaml files are NOT installed (students who install get
# the public tests only); they go in the source tarball for instructors.

nobase_dist_pkgdata_DATA += \
	assignments/shm-sysv-fork/assignment.yaml \
	assignments/shm-sysv-fork/README.md \
	assignments/shm-sysv-fork/shm_fork.c \
	assignments/shm-sysv-clientserver/assignment.yaml \
	assignments/shm-sysv-clientserver/README.md \
	assignments/shm-sysv-clientserver/server.c \
	assignments/shm-sysv-clientserver/client.c \
	assignments/shm-ftok/assignment.yaml \
	assignments/shm-ftok/README.md \
	assignments/shm-ftok/shm_ftok.c \
	assignments/shm-posix/assignment.yaml \
	assignments/shm-posix/README.md \
	assignments/shm-posix/shm_msg.c \
	assignments/shm-posix/examples/good/shm_msg.c \
	assignments/shm-posix/examples/mistakes/shm_msg.c

EXTRA_DIST += \
	assignments/shm-sysv-fork/hidden.yaml \
	assignments/shm-sysv-clientserver/hidden.yaml \
	assignments/shm-ftok/hidden.yaml \
	assignments/shm-posix/hidden.yaml
