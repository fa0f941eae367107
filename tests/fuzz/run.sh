#!/bin/sh
# run.sh [SECONDS]: build the libFuzzer targets with clang (ASan + UBSan)
# straight from the sources and run each for SECONDS (default 20) over its
# corpus in tests/fuzz/corpus/<target>/. New inputs go to a scratch copy, not
# into the tree; a crash leaves its input as tests/fuzz/crash-<target>-*.
# Needs a configured tree (config.h) and clang.
set -eu
secs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${IPCGRADE_TOP_BUILDDIR:-$src}
command -v clang >/dev/null || { echo "fuzz: clang not found (apt-get install clang)"; exit 77; }
out=$(mktemp -d /tmp/ipcgrade-fuzz.XXXXXX)
trap 'rm -rf "$out"' EXIT INT TERM
libs="-lseccomp -ljansson -lyaml"
cflags="-g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-I$build $(for d in "$src"/harness/*/ "$src"/grading/*/; do printf ' -iquote %s' "$d"; done)"
grading="$src/grading/report/text.c $src/grading/report/strbuf.c $src/grading/checks/checks.c $src/grading/checks/queue-checks.c $src/grading/report/report-run.c"
all_harness=$(ls "$src"/harness/*/*.c)
status=0
for t in spec normalize; do
	# shellcheck disable=SC2086
	clang $cflags -o "$out/fuzz_$t" "$here/fuzz_$t.c" $all_harness $grading $libs -lm || exit 1
	mkdir -p "$out/corpus-$t"
	echo "fuzz_$t: $secs s"
	(cd "$out" && ASAN_OPTIONS=detect_leaks=1 "$out/fuzz_$t" -max_total_time="$secs" -max_len=65536 \
		-artifact_prefix="$here/crash-$t-" "$out/corpus-$t" "$here/corpus/$t" 2>&1 | tail -n 3) || status=1
	ls "$here"/crash-"$t"-* >/dev/null 2>&1 && { echo "fuzz_$t: CRASH, see $here/crash-$t-*"; status=1; }
done
exit $status
