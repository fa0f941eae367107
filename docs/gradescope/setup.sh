#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image
# (choose the Ubuntu 24.04 base image: configure needs criterion >= 2.4).
# It installs the build dependencies and builds ipcgrade from the source
# tarball shipped in the zip, so the binary matches the image's libraries.
set -euo pipefail
src=/autograder/source
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends build-essential autoconf automake autoconf-archive \
	pkg-config libcriterion-dev libseccomp-dev libjansson-dev libyaml-dev valgrind unzip
rm -rf /autograder/ipcgrade-build
mkdir -p /autograder/ipcgrade-build
tar -xzf "$src/ipcgrade-src.tar.gz" -C /autograder/ipcgrade-build --strip-components=1
cd /autograder/ipcgrade-build
[ -x configure ] || autoreconf -fi
./configure --prefix=/usr/local
make -j"$(nproc)"
make install
ipcgrade doctor || true
