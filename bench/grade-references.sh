#!/bin/sh
# Grade the four reference solutions with their assignments' time acceleration
# and again in real time (--time-scale 1); print wall seconds and the ratio.
# Usage: bench/grade-references.sh [BUILDDIR]   (run as root for the root mode)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
ipcg="$build/ipcgrade"
tmp=$(mktemp -d /tmp/ipcgrade-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/shm-sysv-fork" "$tmp/shm-sysv-clientserver" "$tmp/shm-ftok" "$tmp/shm-posix"
cp "$top/reference/shm-sysv-fork/shm_fork.c" "$tmp/shm-sysv-fork/"
cp "$top/reference/shm-sysv-clientserver/server.c" "$top/reference/shm-sysv-clientserver/client.c" "$tmp/shm-sysv-clientserver/"
cp "$top/reference/shm-ftok/shm_ftok.c" "$tmp/shm-ftok/"
cp "$top/reference/shm-posix/shm_msg.c" "$tmp/shm-posix/"

# seconds of wall time of one command (monotonic enough at this scale)
secs() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.2f", $2 - $1 }'
}

printf '%-24s %12s %12s %8s\n' assignment accelerated real-time ratio
ta=0; tr=0
for a in shm-sysv-fork shm-sysv-clientserver shm-ftok shm-posix; do
	fast=$(secs "$ipcg" grade "$a" "$tmp/$a" --hidden "$top/assignments/$a/hidden.yaml" --no-memcheck)
	slow=$(secs "$ipcg" grade "$a" "$tmp/$a" --hidden "$top/assignments/$a/hidden.yaml" --no-memcheck --time-scale 1)
	printf '%-24s %11ss %11ss %7sx\n' "$a" "$fast" "$slow" "$(echo "$slow $fast" | awk '{ printf "%.1f", $1 / $2 }')"
	ta=$(echo "$ta $fast" | awk '{ print $1 + $2 }'); tr=$(echo "$tr $slow" | awk '{ print $1 + $2 }')
done
printf '%-24s %11ss %11ss %7sx\n' all "$ta" "$tr" "$(echo "$tr $ta" | awk '{ printf "%.1f", $1 / $2 }')"
