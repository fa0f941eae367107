#!/bin/sh
# Determinism of the catalogue (docs/catalogue.md): grade cases N times, two
# gradings at a time while a `yes` keeps a core busy, and print per case the
# distinct scores seen. One score per case is the pass condition. Speaks TAP.
#   tests/determinism.sh            make check: 3 runs of the load-sensitive subset
#   tests/determinism.sh --full     make determinism: every case, 10 runs
#   tests/determinism.sh --valid    every reference and valid variant, 20 runs
# DETERMINISM_RUNS / DETERMINISM_CASES (space-separated assignment/case) override.
# With --full every sandbox mode the machine allows is graded (root when root,
# userns when user namespaces work, degraded always; DETERMINISM_MODES
# overrides), and a case passes only with one score in every run of every mode.
set -u
top_src=${IPCGRADE_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
top_build=${IPCGRADE_TOP_BUILDDIR:-$top_src}
sub=$top_src/tests/submissions
# The cases of every assignment (tests/submissions/A/CASE/expect.yaml where
# assignments/A exists: drop-in); with an argument, those whose expect.yaml
# has that line.
catalogue() {
	for e in "$sub"/*/*/expect.yaml; do
		c=${e%/expect.yaml}
		c=${c#"$sub"/}
		[ -f "$top_src/assignments/${c%%/*}/assignment.yaml" ] || continue
		[ -z "${1:-}" ] || grep -q "^$1" "$e" || continue
		echo "$c"
	done
}
if [ "${1:-}" = --full ]; then
	runs=${DETERMINISM_RUNS:-10}
	cases=${DETERMINISM_CASES:-$(catalogue)}
elif [ "${1:-}" = --valid ]; then
	# issue 11's evidence: every reference (graded as a submission, A/reference)
	# and every valid variant, 20 times in every mode
	runs=${DETERMINISM_RUNS:-20}
	refs=
	for a in "$top_src"/assignments/*/assignment.yaml; do
		a=${a%/assignment.yaml}
		refs="$refs ${a##*/}/reference"
	done
	cases=${DETERMINISM_CASES:-$refs $(catalogue 'full_marks: *true')}
else
	# the verdicts that depend on timing or CPU load (busy waiting, orphans,
	# timeouts, fork output races; a valid variant that polls), marked
	# `load_sensitive: true` in their expect.yaml
	runs=${DETERMINISM_RUNS:-3}
	cases=${DETERMINISM_CASES:-$(catalogue 'load_sensitive: *true')}
fi
work=$(mktemp -d /tmp/ipcgrade-determinism.XXXXXX)
mkdir -m 700 "$work/hidden"
yes > /dev/null &
burner=$!
trap 'kill $burner 2>/dev/null; rm -rf "$work"' EXIT INT TERM

# One grading: a fresh copy of the case, JSON report, the score into a file.
cat > "$work/one.sh" <<'EOF'
#!/bin/sh
c=$1 k=$2 m=$3 sub=$4 bin=$5 work=$6 src=$7
a=${c%%/*}
d=$(mktemp -d "$work/sub.XXXXXX")
if [ "${c#*/}" = reference ]; then
	cp -p "$src/reference/$a"/*.c "$d/"
	mc=
else
	for f in "$sub/$c"/*; do [ "${f##*/}" = expect.yaml ] || cp -p "$f" "$d/"; done
	mc=--no-memcheck
	grep -q '^memcheck: true' "$sub/$c/expect.yaml" && mc=
fi
out=$work/$(echo "$c" | tr / _).$m.$k.json
# the hidden tests from a folder only we can enter (degraded mode refuses
# hidden tests that the programs' uid could read)
h=$work/hidden/${d##*/}.yaml
cp "$src/assignments/$a/hidden.yaml" "$h"
mode=$m
[ "$m" = auto ] && mode=
IPCGRADE_MODE=$mode "$bin/ipcgrade" grade "$a" "$d" --hidden "$h" $mc --format json -o "$out" \
	> /dev/null 2>&1
rc=$?
score=$(sed -n 's/^ *"score": *\([0-9.]*\),*$/\1/p' "$out" 2>/dev/null | head -n 1)
echo "$c $m ${score:-none} rc=$rc" >> "$work/scores"
rm -rf "$d" "$h"
EOF
# --full: every mode this machine allows; make check: the one it picks (auto).
if [ -z "${DETERMINISM_MODES:-}" ] && [ -z "${1:-}" ]; then
	DETERMINISM_MODES=auto
elif [ -z "${DETERMINISM_MODES:-}" ]; then
	DETERMINISM_MODES=
	for m in root userns degraded; do
		if IPCGRADE_MODE= "$top_build/ipcgrade" run --mode "$m" -- /bin/true > /dev/null 2>&1; then
			DETERMINISM_MODES="$DETERMINISM_MODES $m"
		fi
	done
fi
start=$(date +%s)
export sub top_build work top_src
# Two gradings at a time, but one at a time in degraded mode: it has no IPC
# world of its own, and two gradings of one case would share key 1234 (that
# is the mode's documented limit, not a grading that varies).
for m in $DETERMINISM_MODES; do
	par=2
	[ "$m" = degraded ] && par=1
	for c in $cases; do
		k=1
		while [ "$k" -le "$runs" ]; do
			echo "$c $k $m"
			k=$((k + 1))
		done
	done | xargs -P$par -L1 sh -c 'sh "$work/one.sh" "$0" "$1" "$2" "$sub" "$top_build" "$work" "$top_src"'
done
n=$(echo $cases | wc -w)
echo "1..$n"
echo "# modes:$DETERMINISM_MODES; per mode: score (exit status) x runs"
i=0
bad=0
for c in $cases; do
	i=$((i + 1))
	row=
	for m in $DETERMINISM_MODES; do
		seen=$(awk -v c="$c" -v m="$m" '$1 == c && $2 == m { print $3 " (" $4 ")" }' "$work/scores" | sort |
			uniq -c | awk '{ printf "%s%s x%s", sep, $2 " " $3, $1; sep = ", " }')
		row="$row | $m: $seen"
	done
	distinct=$(awk -v c="$c" '$1 == c { print $3, $4 }' "$work/scores" | sort -u | wc -l)
	if [ "$distinct" -eq 1 ] && ! awk -v c="$c" '$1 == c' "$work/scores" | grep -q none; then
		echo "ok $i - $c$row"
	else
		echo "not ok $i - $c$row"
		bad=1
	fi
done
echo "# $n cases x $runs runs x modes:$DETERMINISM_MODES, 2 in parallel (degraded: 1) with a busy core, $(($(date +%s) - start)) s"
exit $bad
