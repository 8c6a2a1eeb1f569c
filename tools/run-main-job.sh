#!/bin/sh
# The main job behind `make run`: the OOM/balloon default scenario
# (tests/scenarios/default.scn, docs/scenarios.md) with the e2k mini-kernel
# (tests/guest/kernel/, built by our e2k-as into BUILD/guest/kernel.elf):
#   1. record it in host-clock mode — the kernel's timer ticks and the
#      host's balloon commands follow the host's clock, so every recording
#      is a different run; the kernel's console goes to BUILD/default.console;
#   2. replay the journal with --summary, which prints the outcome the
#      replay produced (OOM kills, pages deflate-on-oom gave back, the
#      balloon's target and size over time, violations, a hang), the
#      journal's path, and `replay: identical, N instructions, state HASH`.
# Exit status: 0 when the outcome was the scenario's expected one and the
# replay was identical; otherwise the failing step's status.
set -u
BUILD=${1:-build}
BIN=$BUILD/bin
SCN=tests/scenarios/default.scn
KERNEL=$BUILD/guest/kernel.elf
J=$BUILD/default.e2krr
CONSOLE=$BUILD/default.console
LOG=$BUILD/default.record.log

for f in "$BIN/e2k-as" "$BIN/e2k-rr" "$KERNEL"; do
    if [ ! -e "$f" ]; then
        echo "run: $f is missing (did the build fail?)" >&2
        exit 2
    fi
done
echo "== e2k-rr record --scenario $SCN -o $J   (host clock)"
E2K_GUEST=$BUILD/guest "$BIN/e2k-rr" record --scenario "$SCN" -o "$J" \
    </dev/null >"$CONSOLE" 2>"$LOG"
rec=$?
echo "   the kernel's console: $CONSOLE ($(wc -l <"$CONSOLE") lines)"
grep -E '^(record|scenario|e2k-rr)' "$LOG" | sed 's/^/   /'
if [ $rec = 2 ]; then
    cat "$LOG" >&2
    exit 2
fi
echo "== e2k-rr replay --quiet --summary $J"
"$BIN/e2k-rr" replay --quiet --summary "$J"
rep=$?
case $rep in
2|3) exit "$rep" ;;     # 3 diverged, 2 unreadable journal
esac                    # else the guest's status (0, or 1 after an OOM kill)
exit "$rec"
