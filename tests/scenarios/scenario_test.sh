#!/bin/sh
# Acceptance tests of the OOM/balloon scenarios (docs/scenarios.md).
# usage: scenario_test.sh E2K_RR SCENARIO_DIR MODE [N]
#   replay:NAME       record NAME.scn in host-clock mode (its outcome must be
#                     the expected one), then replay it N times (default 10)
#                     with --summary: every replay must be identical (same
#                     instructions, same final state) and print the same
#                     outcome, event by event at the same icounts (the OOM
#                     kill, the hang report, the first violation, the balloon
#                     over time), as the recording.
#   deflate-on-oom    default.scn (deflate-on-oom on) survives the pressure
#                     that makes no-deflate-on-oom.scn (off) kill a task.
set -u
RR=$1
DIR=$2
MODE=$3
N=${4:-10}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The outcome block of a record or replay --summary stderr.
outcome_of() { sed -n '/^outcome: /,/^  end: /p' "$1"; }

record() { # name -> $T/name.e2krr, $T/name.err
    timeout 300 "$RR" record --scenario "$DIR/$1.scn" -o "$T/$1.e2krr" \
        </dev/null >"$T/$1.out" 2>"$T/$1.err"
    st=$?
    [ $st = 0 ] || fail "record $1: exit $st (1 = not the expected outcome):
$(cat "$T/$1.err")"
    "$RR" info "$T/$1.e2krr" >"$T/$1.info" 2>&1 || fail "info $1 failed"
    grep -q -- "--clock=host" "$T/$1.info" || fail "$1 was not recorded in host-clock mode:
$(cat "$T/$1.info")"
}

case $MODE in
replay:*)
    name=${MODE#replay:}
    record "$name"
    outcome_of "$T/$name.err" >"$T/want"
    [ -s "$T/want" ] || fail "record $name printed no outcome: $(cat "$T/$name.err")"
    want_icount=$(sed -n 's/^record: \([0-9]*\) instructions.*state \([0-9a-f]*\)$/\1/p' "$T/$name.err")
    want_state=$(sed -n 's/^record: \([0-9]*\) instructions.*state \([0-9a-f]*\)$/\2/p' "$T/$name.err")
    want_status=$(sed -n 's/^  end: .*status \([0-9]*\))*$/\1/p' "$T/want")
    [ -n "$want_state" ] && [ -n "$want_status" ] || fail "cannot read the record summary:
$(cat "$T/$name.err")"
    i=0
    while [ $i -lt "$N" ]; do
        timeout 300 "$RR" replay --quiet --summary "$T/$name.e2krr" \
            </dev/null >/dev/null 2>"$T/rep.err"
        st=$?
        [ "$st" = "$want_status" ] || fail "replay $i: exit $st, want $want_status:
$(cat "$T/rep.err")"
        last=$(tail -n 1 "$T/rep.err")
        [ "$last" = "replay: identical, $want_icount instructions, state $want_state" ] ||
            fail "replay $i: '$last', want identical at $want_icount, state $want_state"
        outcome_of "$T/rep.err" >"$T/got"
        cmp -s "$T/want" "$T/got" || fail "replay $i: another outcome:
$(diff "$T/want" "$T/got")"
        i=$((i + 1))
    done
    echo "$name: $N replays identical, $want_icount instructions, state $want_state"
    head -n 1 "$T/want"
    ;;
deflate-on-oom)
    record default
    record no-deflate-on-oom
    on=$(outcome_of "$T/default.err")
    off=$(outcome_of "$T/no-deflate-on-oom.err")
    echo "$on" | grep -q '^outcome: survived; deflate-on-oom gave back [1-9]' ||
        fail "deflate-on-oom on: did not survive with pages given back:
$on"
    echo "$on" | grep -q '^  OOM kills:      none$' || fail "on: a task was killed:
$on"
    echo "$off" | grep -q '^outcome: OOM KILL of task ' ||
        fail "deflate-on-oom off: no OOM kill:
$off"
    echo "$off" | grep -q '^  deflate-on-oom: none$' || fail "off: pages came back:
$off"
    echo "deflate-on-oom on:  $(echo "$on" | head -n 1)"
    echo "deflate-on-oom off: $(echo "$off" | head -n 1)"
    ;;
*)
    fail "unknown mode $MODE"
    ;;
esac
exit 0
