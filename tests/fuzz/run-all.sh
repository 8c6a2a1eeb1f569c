#!/bin/sh
# Runs every libFuzzer target for SECONDS each over a scratch copy of its
# committed corpus (tests/fuzz/corpus/<target>/), so new inputs don't land in
# the tree unasked. Crashes are written to tests/fuzz/crashers/ for triage:
# a fixed crasher is then added to the target's corpus as a regression test.
# Usage: tests/fuzz/run-all.sh BUILD_DIR SECONDS
set -eu
BUILD=$1
SECONDS_EACH=${2:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$ROOT/tests/fuzz/crashers"
status=0
for f in "$BUILD"/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f")
    work=$(mktemp -d)
    cp -r "$ROOT/tests/fuzz/corpus/$name/." "$work/" 2>/dev/null || true
    echo "== $name for ${SECONDS_EACH}s"
    if ! "$f" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$ROOT/tests/fuzz/crashers/$name-" "$work" >"$work.log" 2>&1; then
        echo "$name: FAILED (see $work.log)"
        tail -30 "$work.log"
        status=1
    else
        grep -E '^(#[0-9]+|Done)' "$work.log" | tail -2
    fi
    rm -rf "$work"
done
exit $status
