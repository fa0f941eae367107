#!/bin/sh
# The file dependency graph of harness/, grading/ and cli/ (scripts/depgraph,
# from the built objects and the includes) has no cycle and no edge up.
src=${IPCGRADE_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${IPCGRADE_TOP_BUILDDIR:-$src}
echo "1..1"
command -v python3 >/dev/null && command -v nm >/dev/null || { echo "ok 1 # SKIP python3 or nm missing"; exit 0; }
out=$(python3 "$src/scripts/depgraph" "$build" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -eq 0 ]; then echo "ok 1 - no cycle, no edge up"; else echo "not ok 1 - the graph has a cycle or an edge up"; fi
