#!/bin/sh
# Golden transcripts of the CLI's human-readable output, beside the report
# goldens: each case runs one ipcgrade command, masks what varies from run to
# run (times, memory, addresses, the sandbox mode) and compares the
# transcript with tests/golden/cli/NAME.txt, in TAP.
#
# A transcript is the command line, its stdout, its stderr (after a
# "[stderr]" line, when there is any) and "[exit N]". After an intended
# change of the output, regenerate and review:
#   IPCGRADE_UPDATE_GOLDEN=1 tests/cli-golden.sh && git diff tests/golden/cli
#
# Hermetic: `run` and `grade` look only at their own sandbox (a private IPC
# world: ids and keys are the same on every run), `list` reads a fixture
# folder rather than the bundled assignments (which grow), and `doctor` is
# compared only on a machine in the mode its golden was made in.
set -u
build=${IPCGRADE_TOP_BUILDDIR:-$(pwd)}
src=${IPCGRADE_TOP_SRCDIR:-$build}
golden=$src/tests/golden/cli
ipcgrade=$build/ipcgrade
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
unset GITHUB_STEP_SUMMARY IPCGRADE_ASSIGNMENTS IPCGRADE_REFERENCE_DIR IPCGRADE_STOP_TOKEN
LC_ALL=C.UTF-8
export LC_ALL

mode=$("$ipcgrade" doctor | sed -n 's/^mode: //p')
n=0
failed=0
echo "1..5"

# What varies between runs of the same command: durations ("0.003 s"),
# peak memory, addresses a program prints, the sandbox mode.
mask() {
	sed -E -e 's/pipe:\[[0-9]+\]/pipe:[<INODE>]/g' \
		-e 's/[0-9]+\.[0-9]+ s\b/<T> s/g' \
		-e 's/peak memory [0-9.]+ [KMGT]?i?B/peak memory <MEM>/g' \
		-e 's/\b[0-9A-Fa-f]{8,16}\b/<ADDR>/g' \
		-e 's/^sandbox: [a-z]+$/sandbox: <MODE>/'
}

# transcript NAME DIR SHOWN-COMMAND ARGS...: run ipcgrade ARGS in DIR and
# compare with the golden NAME.txt.
transcript() {
	name=$1 dir=$2 shown=$3
	shift 3
	n=$((n + 1))
	out=$tmp/$name.txt
	(cd "$dir" && "$ipcgrade" "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null)
	rc=$?
	{
		echo "\$ $shown"
		mask <"$tmp/stdout"
		if [ -s "$tmp/stderr" ]; then
			echo "[stderr]"
			mask <"$tmp/stderr"
		fi
		echo "[exit $rc]"
	} >"$out"
	if [ -n "${IPCGRADE_UPDATE_GOLDEN:-}" ]; then
		cp "$out" "$golden/$name.txt"
		echo "ok $n - $name # golden updated"
	elif diff -u "$golden/$name.txt" "$out" >"$tmp/diff"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$tmp/diff"
		failed=1
	fi
}

# skip NAME WHY
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# A program that leaves a System V segment, and one that leaves a POSIX one.
if [ "$mode" = degraded ]; then
	skip run "degraded sandbox: the host's IPC objects and pids show through"
else
	transcript run "$build" "ipcgrade run -- leak_shm 0x1234 :: -- leak_posix" \
		run -- tests/progs/leak_shm 0x1234 :: -- tests/progs/leak_posix
fi

# A program that hangs on its own pipe: who is blocked in what, who holds
# the write end (pipe inode numbers vary: masked).
if [ "$mode" = degraded ]; then
	skip run-hang "degraded sandbox: pids are the host's"
else
	transcript run-hang "$build" "ipcgrade run --timeout 1 -- pipe_hang" \
		run --timeout 1 -- tests/progs/pipe_hang
fi

if [ -f "$golden/doctor-$mode.txt" ] || [ -n "${IPCGRADE_UPDATE_GOLDEN:-}" ]; then
	transcript "doctor-$mode" "$build" "ipcgrade doctor" doctor
else
	skip doctor "no golden transcript for sandbox mode '$mode' (the goldens: $(cd "$golden" && echo doctor-*.txt))"
fi

IPCGRADE_ASSIGNMENTS=$golden/assignments
export IPCGRADE_ASSIGNMENTS
transcript list "$build" "ipcgrade list" list
unset IPCGRADE_ASSIGNMENTS

# The bundled example with the classic mistakes, below --fail-under: exit 1.
if [ "$mode" = degraded ]; then
	skip grade-failing "degraded sandbox: the host's IPC objects show through"
else
	transcript grade-failing "$src" \
		"ipcgrade grade shm-posix assignments/shm-posix/examples/mistakes --no-memcheck --fail-under 10" \
		grade shm-posix assignments/shm-posix/examples/mistakes --no-memcheck --fail-under 10
fi
exit $failed
