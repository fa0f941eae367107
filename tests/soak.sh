#!/bin/sh
# soak.sh [N] [PARALLEL]: N consecutive gradings (default 1000), PARALLEL at a
# time (default 2), of a mix of good, bad and hostile submissions of
# tests/hostile/assignment.yaml (timeout lowered to 1 s). Prints TAP, and a
# figures block for docs/soak.md on stderr.
#
# The machine must be as it was: no new SysV object, /dev/shm entry or mount,
# no process or /tmp/ipcgrade-work.* folder of any sandbox uid we caused (in
# root mode the uids derive from the CLI's pid, which we record), and the
# harness's max RSS must stay flat from the first gradings to the last.
#
# Hermetic: as root, the soak runs in a mount and IPC namespace of its own
# with an empty /dev/shm (its mounts then shared again among themselves, so a
# sandbox that leaked a mount still shows here), and as the reaper of its
# orphans (PR_SET_CHILD_SUBREAPER, kept across exec): the objects, mounts and
# processes it compares are its own, whatever the host or another run does.
set -u
N=${1:-1000}
P=${2:-2}
if [ "$(id -u)" = 0 ] && [ -z "${IPCGRADE_SOAK_PRIVATE:-}" ] && command -v unshare >/dev/null 2>&1; then
	IPCGRADE_SOAK_PRIVATE=1 exec unshare --mount --ipc --propagation private sh -c '
		mount -t tmpfs -o size=64m,mode=1777 tmpfs /dev/shm && mount --make-rshared / &&
		exec python3 -c "import ctypes, os, sys; ctypes.CDLL(None).prctl(36, 1, 0, 0, 0); os.execvp(sys.argv[1], sys.argv[1:])" \
			sh "$0" "$@"' "$0" "$N" "$P"
fi
top=${IPCGRADE_TOP_BUILDDIR:-$(pwd)}
src=${IPCGRADE_TOP_SRCDIR:-$top}
cli=$top/ipcgrade
if [ ! -x "$cli" ] || [ ! -x /usr/bin/time ]; then
	echo "1..0 # SKIP needs $cli and /usr/bin/time (package time)"
	exit 0
fi
work=$(mktemp -d /tmp/ipcgrade-soak.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
chmod 755 "$work"

# The assignment, with a 1 s deadline, and the submissions.
mkdir -p "$work/spec"
sed 's/^timeout: .*/timeout: 1/' "$src/tests/hostile/assignment.yaml" > "$work/spec/assignment.yaml"
kinds="good wrong broken forkbomb daemon many_ipc devshm_fill flood kill_all spin binary_output read_secrets"
for k in $kinds; do mkdir -p "$work/sub/$k"; done
cp "$src/tests/grading/quiet.c" "$work/sub/good/attack.c"
printf '#include <stdio.h>\nint main(void) { puts("goodbye"); return 3; }\n' > "$work/sub/wrong/attack.c"
printf 'int main(void) { return syntax error; }\n' > "$work/sub/broken/attack.c"
for k in forkbomb daemon many_ipc devshm_fill flood kill_all spin binary_output read_secrets; do
	cp "$src/tests/hostile/$k.c" "$work/sub/$k/attack.c"
done

# The state we compare.
state() {
	printf 'sysvipc %s\n' "$(cat /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg | wc -l)"
	printf 'devshm %s\n' "$(ls -A /dev/shm | wc -l)"
	printf 'mounts %s\n' "$(wc -l < /proc/self/mountinfo)"
	printf 'tmp %s\n' "$(ls -d /tmp/ipcgrade-work.* 2>/dev/null | wc -l)"
	printf 'procs %s\n' "$(ls -d /proc/[0-9]* 2>/dev/null | wc -l)"
}
val() { sed -n "s/^$1 //p" "$2"; }
state > "$work/before"

# One grading: $1 = index. The shell's pid becomes ipcgrade's pid (exec).
cat > "$work/one.sh" <<'EOF'
#!/bin/sh
i=$1; work=$2; cli=$3; src=$4; top=$5; set -- $6; n=$#
shift $(( i % n )); k=$1
IPCGRADE_REFERENCE_DIR=$top /usr/bin/time -f '%M %e' -o "$work/time.$i" \
	sh -c 'echo $$ > "$0"; exec "$1" grade "$2" "$3" --format json -o "$4"' \
	"$work/pid.$i" "$cli" "$work/spec" "$work/sub/$k" "$work/r.$i.json" >/dev/null 2>"$work/err.$i"
echo "$? $k" > "$work/rc.$i"
EOF
t0=$(date +%s)
seq 0 $((N - 1)) | xargs -P "$P" -I{} sh "$work/one.sh" {} "$work" "$cli" "$src" "$top" "$kinds"
t1=$(date +%s)
sleep 1
state > "$work/after"

echo "1..7"
n=1
tap() {	# tap OK|FAIL description
	if [ "$1" = OK ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
	n=$((n + 1))
}
bad=$(cat "$work"/rc.* | awk '$1 != 0 && $1 != 1' | wc -l)
done_n=$(ls "$work"/rc.* | wc -l)
[ "$bad" -eq 0 ] && [ "$done_n" -eq "$N" ] && r=OK || r=FAIL
tap $r "$done_n of $N gradings ran, $bad exited other than 0 or 1"
if [ "$bad" -ne 0 ]; then cat "$work"/rc.* | awk '$1 != 0 && $1 != 1' | sort | uniq -c | sed 's/^/# /'; fi
invalid=$(python3 - "$work" <<'EOF'
import glob, json, sys
bad = 0
for f in glob.glob(sys.argv[1] + "/r.*.json"):
    try:
        r = json.load(open(f))
        assert r["max_score"] > 0
    except Exception:
        bad += 1
print(bad)
EOF
)
[ "$invalid" -eq 0 ] && r=OK || r=FAIL
tap $r "every report is valid JSON ($invalid invalid)"
for what in sysvipc devshm mounts; do
	b=$(val $what "$work/before"); a=$(val $what "$work/after")
	[ "$a" -le "$b" ] && r=OK || r=FAIL
	tap $r "$what: $b before, $a after"
done
# Our sandboxes' uids: no process, no work folder left. A process counts
# when it descends from this soak (its orphans are ours: see the top) and is
# no zombie; another run's processes that got the same uid never do.
ours() {	# ours UID: our live processes of UID or UID + 1
	ps -e -o pid=,ppid=,uid=,stat= | awk -v me=$$ -v u="$1" '
		{ pp[$1] = $2; uid[$1] = $3; st[$1] = $4 }
		END {
			n = 0
			for (p in uid) {
				if ((uid[p] != u && uid[p] != u + 1) || st[p] ~ /^Z/)
					continue
				q = p
				for (h = 0; h < 64 && q > 1; h++)
					if ((q = pp[q]) == me) { n++; break }
			}
			print n
		}'
}
uids=$(cat "$work"/pid.* | awk '{ print 200000 + 2 * ($1 % 50000) }' | sort -u)
leftp=0; leftw=0
for u in $uids; do
	leftp=$((leftp + $(ours "$u")))
	leftw=$((leftw + $(find /tmp -maxdepth 1 -name 'ipcgrade-work.*' -uid "$u" 2>/dev/null | wc -l)))
done
[ "$leftp" -eq 0 ] && [ "$leftw" -eq 0 ] && r=OK || r=FAIL
tap $r "sandbox uids: $leftp processes and $leftw work folders left"
# Harness memory: each grading is a fresh process, so a leak cannot pile up
# across gradings; what we check is that, kind by kind, the max RSS of the
# last tenth of the gradings is that of the first tenth (no host-wide state
# making later gradings heavier).
mem=$(for i in $(seq 0 $((N - 1))); do
	echo "$(cut -d' ' -f2 "$work/rc.$i") $(head -n 1 "$work/time.$i" | cut -d' ' -f1)"
done | python3 -c '
import sys, statistics
by = {}
for l in sys.stdin:
    f = l.split()
    if len(f) == 2 and f[1].isdigit():
        by.setdefault(f[0], []).append(int(f[1]))
worst, first, last, peak = 0.0, 0, 0, 0
for k, v in by.items():
    n = max(len(v) // 10, 1)
    a, b = statistics.median(v[:n]), statistics.median(v[-n:])
    peak = max(peak, max(v))
    if b - a > worst or first == 0:
        worst, first, last = b - a, a, b
print(int(first), int(last), peak)')
set -- $mem
first=$1; last=$2; peak=$3
python3 -c "import sys; sys.exit(0 if $last <= $first * 1.1 + 1024 else 1)" && r=OK || r=FAIL
tap $r "harness max RSS flat: worst kind $first KiB over its first tenth, $last KiB over its last (peak $peak KiB)"

{
	echo "soak: $N gradings, $P in parallel, $((t1 - t0)) s"
	echo "kinds: $kinds"
	echo "exit codes:"; cat "$work"/rc.* | sort | uniq -c | sed 's/^/  /'
	echo "state before:"; sed 's/^/  /' "$work/before"
	echo "state after:"; sed 's/^/  /' "$work/after"
	echo "max RSS (KiB, includes the largest sandboxed descendant): worst kind: first-tenth median $first, last-tenth median $last; peak $peak"
} >&2
