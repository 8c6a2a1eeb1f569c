#!/bin/sh
# Acceptance test of chaos mode (docs/chaos.md).
# usage: chaos_test.sh E2K_RR CHAOS_DIR GUEST_DIR
#   1. a plain recording of chaos-race.scn passes (status 0): the regular
#      poll schedule never hits the window;
#   2. `e2k-rr chaos --until 'exit!=0' --seed 1 --runs 200 --jobs 2` finds
#      the lost update (exit 3) and keeps the journal;
#   3. replaying the kept journal gives exit 3, identically, at the same
#      final icount and state;
#   4. the same base seed finds the same run with --jobs 1, and its journal
#      has the same events (determinism of the generator).
set -u
RR=$1
DIR=$2
export E2K_GUEST=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$T" || exit 1

timeout 60 "$RR" record --scenario "$DIR/chaos-race.scn" -o plain.e2krr \
    </dev/null >plain.out 2>plain.err || fail "plain record: $(cat plain.err)"

timeout 120 "$RR" chaos --scenario "$DIR/chaos-race.scn" --until 'exit!=0' \
    --seed 1 --runs 200 --jobs 2 </dev/null >chaos.out 2>chaos.err
st=$?
[ $st = 0 ] || fail "chaos: exit $st: $(cat chaos.out chaos.err)"
cat chaos.out
j=$(sed -n 's/^chaos: journal //p' chaos.out)
[ -f "$j" ] || fail "no kept journal: $(cat chaos.out)"
grep -q '^chaos: found at run [0-9]* (seed [0-9]*, base seed 1): exit 3, ' chaos.out ||
    fail "unexpected find: $(cat chaos.out)"
want_icount=$(sed -n 's/^chaos: found .*: exit 3, \([0-9]*\) instructions$/\1/p' chaos.out)

timeout 60 "$RR" replay --summary "$j" </dev/null >rep.out 2>rep.err
st=$?
[ $st = 3 ] || fail "replay: exit $st, want 3: $(cat rep.err)"
grep -q 'lost update' rep.out || fail "replay: no lost-update message: $(cat rep.out)"
last=$(tail -n 1 rep.err)
case $last in
"replay: identical, $want_icount instructions, state "*) ;;
*) fail "replay: '$last', want identical at $want_icount" ;;
esac
grep -q "powered off at icount $want_icount, status 3" rep.err ||
    fail "replay outcome: $(cat rep.err)"

timeout 120 "$RR" chaos --scenario "$DIR/chaos-race.scn" --until 'exit!=0' \
    --seed 1 --runs 200 --jobs 1 -o again.e2krr </dev/null >again.out 2>again.err ||
    fail "chaos --jobs 1: $(cat again.out again.err)"
head -n 1 chaos.out >a
head -n 1 again.out >b
cmp -s a b || fail "another run with --jobs 1: $(cat a b)"
"$RR" dump "$j" >d1 2>&1 && "$RR" dump again.e2krr >d2 2>&1 || fail "dump"
cmp -s d1 d2 || fail "same seed, other events: $(diff d1 d2 | head)"
echo "chaos: found, replayed identically at $want_icount, reproducible"
