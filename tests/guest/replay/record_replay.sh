#!/bin/sh
# Record/replay acceptance tests (docs/record-replay.md).
# usage: record_replay.sh E2K_RR NONDET_ELF identical|damaged
#
# identical: record nondet.elf with one stdin, replay it 100 times with
#   another stdin (and, by construction, another host time): output, exit
#   status and the final state hash must equal the recording's every time.
#   Two recordings with different inputs must differ (the inputs really are
#   inputs).
# damaged: the same journal cut short and with flipped bytes, through the
#   command line: exit status 2 (journal error) or 3 (divergence) with a
#   message, never a crash (status >= 128) or a hang. Every cut point and
#   every flipped byte are covered in-process by
#   tests/unit/replay/session_damage_test.c.
set -u
RR=$1
ELF=$2
MODE=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A small, fixed environment keeps the journal (which embeds it) small.
printf 'first input line\n' | env -i E2K_TEST=1 "$RR" record -o "$T/j.e2krr" "$ELF" \
    >"$T/rec.out" 2>"$T/rec.err"
rec_status=$?
[ "$rec_status" = 17 ] || fail "record exit status $rec_status, want 17 (bytes read)"
rec_hash=$(sed -n 's/^record: .*state \([0-9a-f]*\)$/\1/p' "$T/rec.err")
[ -n "$rec_hash" ] || fail "no summary line from record: $(cat "$T/rec.err")"

if [ "$MODE" = identical ]; then
    i=0
    while [ $i -lt 100 ]; do
        echo "other input $i" | "$RR" replay "$T/j.e2krr" >"$T/rep.out" 2>"$T/rep.err"
        st=$?
        [ "$st" = "$rec_status" ] || fail "replay $i: exit $st, want $rec_status: $(cat "$T/rep.err")"
        cmp -s "$T/rec.out" "$T/rep.out" || fail "replay $i: output differs from the recording"
        last=$(tail -n 1 "$T/rep.err")
        case "$last" in
        "replay: identical, "*" instructions, state $rec_hash") ;;
        *) fail "replay $i: last line '$last', want identical with state $rec_hash" ;;
        esac
        i=$((i + 1))
    done
    # --quiet re-emits nothing
    "$RR" replay --quiet "$T/j.e2krr" >"$T/q.out" 2>/dev/null
    [ ! -s "$T/q.out" ] || fail "--quiet still wrote guest output"
    # Another recording with other inputs must differ in output and hash.
    printf 'second\n' | env -i E2K_TEST=1 "$RR" record -o "$T/k.e2krr" "$ELF" \
        >"$T/rec2.out" 2>"$T/rec2.err"
    [ $? = 7 ] || fail "second recording: exit status, want 7"
    cmp -s "$T/rec.out" "$T/rec2.out" && fail "two recordings with other inputs printed the same"
    "$RR" info "$T/j.e2krr" >"$T/info" || fail "info failed"
    grep -q 'HOST_RESULT' "$T/info" || fail "info lists no HOST_RESULT events"
    "$RR" dump --json "$T/j.e2krr" >"$T/dump" || fail "dump failed"
    [ "$(wc -l <"$T/dump")" -ge 5 ] || fail "dump printed fewer than 5 events"
    echo "100 identical replays, state $rec_hash"
    exit 0
fi

# ---- damaged journals ----
size=$(wc -c <"$T/j.e2krr")
hdr=$("$RR" info "$T/j.e2krr" | sed -n 's/^file .*(header \([0-9]*\),.*/\1/p')
[ -n "$hdr" ] || fail "cannot read the header size from e2k-rr info"

check_run() { # file what
    timeout 20 "$RR" replay --quiet "$1" >/dev/null 2>"$T/err"
    st=$?
    case $st in
    2|3) [ -s "$T/err" ] || fail "$2: exit $st without a message" ;;
    124) fail "$2: replay hung" ;;
    *) fail "$2: exit status $st: $(tail -n 2 "$T/err")" ;;
    esac
}

# Exhaustive cuts and flips run in-process (tests/unit/replay/session_damage_test.c);
# here a few of each go through the command line, for its exit codes and messages.
for n in 0 7 "$hdr" $((hdr + 30)) $((size - 1)); do
    head -c "$n" "$T/j.e2krr" >"$T/cut"
    check_run "$T/cut" "cut at $n of $size bytes"
    grep -q -i 'truncat\|incomplete\|cut short\|ends' "$T/err" || fail "cut at $n: message does not say the journal is cut short: $(cat "$T/err")"
done
for off in 3 $((hdr - 20)) $((hdr + 10)) $((size - 60)) $((size - 3)); do
    cp "$T/j.e2krr" "$T/flip"
    b=$(od -An -tu1 -j "$off" -N1 "$T/j.e2krr" | tr -d ' ')
    v=$(( (b ^ 0x5a) & 255 ))
    printf "\\$(printf %03o "$v")" | dd of="$T/flip" bs=1 seek="$off" conv=notrunc 2>/dev/null
    timeout 20 "$RR" replay --quiet "$T/flip" >/dev/null 2>"$T/err"
    st=$?
    case $st in
    2|3) [ -s "$T/err" ] || fail "flip at $off: exit $st without a message" ;;
    124) fail "flip at $off: replay hung" ;;
    *) fail "flip at $off: exit status $st: $(tail -n 2 "$T/err")" ;;
    esac
done
echo "cut and flipped journals through the CLI: reported, no crash, no hang"
