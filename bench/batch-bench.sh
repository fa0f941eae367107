#!/bin/sh
# Grade a class of 100 shm-posix submissions (60 correct, 20 with the classic
# mistakes, 20 that do not compile) with `ipcgrade batch -j1` and `-j2`;
# print wall time, per-submission median and the speed-up.
# Usage: bench/batch-bench.sh [BUILDDIR] [N]   (as root; MEMCHECK=1 to include valgrind)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
n=${2:-100}
ipcg="$build/ipcgrade"
tmp=$(mktemp -d /tmp/ipcgrade-batch-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mc=--no-memcheck
[ "${MEMCHECK:-0}" = 1 ] && mc=
i=0
while [ "$i" -lt "$n" ]; do
	d=$(printf '%s/subs/s%03d' "$tmp" "$i")
	mkdir -p "$d"
	case $((i % 5)) in
	0 | 1 | 2) cp "$top/reference/shm-posix/shm_msg.c" "$d/" ;;
	3) cp "$top/assignments/shm-posix/examples/mistakes/shm_msg.c" "$d/" ;;
	4) { cat "$top/reference/shm-posix/shm_msg.c"; echo 'not C'; } >"$d/shm_msg.c" ;;
	esac
	i=$((i + 1))
done

# median of the per-student wall_sec in OUTDIR's reports
median() {
	python3 - "$1" <<'PY'
import json, os, sys, statistics
d = sys.argv[1]
w = [json.load(open(os.path.join(d, s, "report.json"))).get("wall_sec") or 0
     for s in sorted(os.listdir(d)) if os.path.isfile(os.path.join(d, s, "report.json"))]
print("%.2f" % statistics.median(w))
PY
}

printf '%-6s %10s %22s %10s\n' jobs wall per-submission-median speed-up
for j in 1 2; do
	s=$(date +%s.%N)
	"$ipcg" batch shm-posix "$tmp/subs" -j "$j" -o "$tmp/out$j" $mc --force >/dev/null 2>"$tmp/log$j" || {
		cat "$tmp/log$j" >&2
		exit 1
	}
	e=$(date +%s.%N)
	wall=$(echo "$s $e" | awk '{ printf "%.1f", $2 - $1 }')
	[ "$j" = 1 ] && w1=$wall
	printf '%-6s %9ss %21ss %9sx\n' "-j$j" "$wall" "$(median "$tmp/out$j")" \
		"$(echo "$w1 $wall" | awk '{ printf "%.2f", $1 / $2 }')"
done
# The grades must not depend on -j (nor on the machine's load): show any row that differs.
if cmp -s "$tmp/out1/grades.csv" "$tmp/out2/grades.csv"; then
	echo "grades.csv: -j1 and -j2 identical"
else
	echo "grades.csv: -j1 and -j2 DIFFER:"
	diff "$tmp/out1/grades.csv" "$tmp/out2/grades.csv" | cut -c1-160 || true
fi
head -3 "$tmp/out2/grades.csv" | cut -c1-100
