#!/bin/sh
# Grade the reference solutions (every reference/A/ with an assignments/A/) with their assignments' time acceleration
# and again in real time (--time-scale 1); print wall seconds and the ratio.
# Usage: bench/grade-references.sh [BUILDDIR]   (run as root for the root mode)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
ipcg="$build/ipcgrade"
tmp=$(mktemp -d /tmp/ipcgrade-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# the assignments found in the tree, each with a submission made of its
# reference sources
all=
for spec in "$top"/assignments/*/assignment.yaml; do
	a=${spec%/assignment.yaml}
	a=${a##*/}
	mkdir -p "$tmp/$a"
	cp "$top/reference/$a"/*.c "$tmp/$a/"
	all="$all $a"
done

# seconds of wall time of one command (monotonic enough at this scale)
secs() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.2f", $2 - $1 }'
}

printf '%-24s %12s %12s %8s\n' assignment accelerated real-time ratio
ta=0; tr=0
for a in $all; do
	fast=$(secs "$ipcg" grade "$a" "$tmp/$a" --hidden "$top/assignments/$a/hidden.yaml" --no-memcheck)
	slow=$(secs "$ipcg" grade "$a" "$tmp/$a" --hidden "$top/assignments/$a/hidden.yaml" --no-memcheck --time-scale 1)
	printf '%-24s %11ss %11ss %7sx\n' "$a" "$fast" "$slow" "$(echo "$slow $fast" | awk '{ printf "%.1f", $1 / $2 }')"
	ta=$(echo "$ta $fast" | awk '{ print $1 + $2 }'); tr=$(echo "$tr $slow" | awk '{ print $1 + $2 }')
done
printf '%-24s %11ss %11ss %7sx\n' all "$ta" "$tr" "$(echo "$tr $ta" | awk '{ printf "%.1f", $1 / $2 }')"
