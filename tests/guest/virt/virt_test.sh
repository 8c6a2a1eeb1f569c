#!/bin/sh
# Guest-level tests of the virt machine (docs/virt-machine.md).
# usage: virt_test.sh E2K_RR GUEST_DIR MODE
#   irq-run-virtual | irq-run-host: virt_irq.elf boots, prints, takes timer
#       interrupts on the virtual / host clock, reads the RTC, takes a UART
#       input interrupt for the line on stdin, powers off with status 0.
#   irq-record-replay: the same recorded in host-clock mode, then replayed
#       20 times with other stdin: same output, status and state hash; info
#       and dump list the inputs; cut and flipped journals fail cleanly.
#   balloon-run: virt_balloon.elf inflates to the host's target, touches a
#       ballooned page, answers a stats request, deflates to 0.
#   balloon-record-replay: the same recorded in host-clock mode and
#       replayed 20 times identically; the journal holds the balloon
#       commands, stats requests, inflates, deflates and the violation.
set -u
RR=$1
G=$2
MODE=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

IRQ_OUT='virt: hello from an e2k kernel
timer: ticks ok
rtc: read
uart: got ping
virt: power off'
BALLOON_OUT='balloon: hello
balloon: device ready (inflateq, deflateq, statsq)
balloon: inflated to the host'"'"'s target
balloon: read a page inside the balloon
balloon: answered a stats request
balloon: deflated to 0
balloon: done'
BALLOON_OPTS="--mem 32M --balloon stats-interval=5ms,deflate-on-oom=on,must-tell-host=on --balloon-target 100@0 --balloon-target 0@40ms"

expect_out() { # file expected what
    [ "$(cat "$1")" = "$2" ] || fail "$3: output differs:
$(cat "$1")"
}
# The balloon's messages come in host-timing order (a stats request may
# arrive before or after the deflate command): compare them as a set.
expect_lines() { # file expected what
    [ "$(sort "$1")" = "$(printf '%s\n' "$2" | sort)" ] || fail "$3: output differs:
$(cat "$1")"
}

replay_n() { # journal n want_status want_out_file
    rec_hash=$(sed -n 's/^record: .*state \([0-9a-f]*\)$/\1/p' "$T/rec.err")
    [ -n "$rec_hash" ] || fail "no summary line from record: $(cat "$T/rec.err")"
    i=0
    while [ $i -lt "$2" ]; do
        echo "other input $i" | timeout 120 "$RR" replay "$1" >"$T/rep.out" 2>"$T/rep.err"
        st=$?
        [ "$st" = "$3" ] || fail "replay $i: exit $st, want $3: $(cat "$T/rep.err")"
        cmp -s "$4" "$T/rep.out" || fail "replay $i: output differs from the recording"
        last=$(tail -n 1 "$T/rep.err")
        case "$last" in
        "replay: identical, "*" instructions, state $rec_hash") ;;
        *) fail "replay $i: last line '$last', want identical with state $rec_hash" ;;
        esac
        i=$((i + 1))
    done
    echo "$2 identical replays, state $rec_hash"
}

case $MODE in
irq-run-virtual|irq-run-host)
    clock=${MODE#irq-run-}
    printf 'ping\n' | timeout 120 "$RR" run --machine virt --clock "$clock" \
        "$G/virt_irq.elf" >"$T/out" 2>"$T/err"
    st=$?
    [ $st = 0 ] || fail "exit status $st: $(cat "$T/err")"
    expect_out "$T/out" "$IRQ_OUT" "$MODE"
    echo "ok: $MODE"
    ;;
irq-record-replay)
    printf 'ping\n' | timeout 120 "$RR" record -o "$T/j.e2krr" --hash-interval 20000 \
        --machine virt --mem 8M --clock host "$G/virt_irq.elf" >"$T/rec.out" 2>"$T/rec.err"
    st=$?
    [ $st = 0 ] || fail "record exit status $st: $(cat "$T/rec.err")"
    expect_out "$T/rec.out" "$IRQ_OUT" "record"
    replay_n "$T/j.e2krr" 20 0 "$T/rec.out"
    "$RR" info "$T/j.e2krr" >"$T/info" || fail "info failed"
    for k in UART_INPUT TIMER HOST_RESULT STATE_HASH END 'machine         virt'; do
        grep -q "$k" "$T/info" || fail "info does not show $k: $(cat "$T/info")"
    done
    "$RR" dump --json "$T/j.e2krr" >"$T/dump" || fail "dump failed"
    grep -q '"kind":"UART_INPUT"' "$T/dump" || fail "dump shows no UART input"
    "$RR" replay --quiet "$T/j.e2krr" >"$T/q.out" 2>/dev/null
    [ ! -s "$T/q.out" ] || fail "--quiet still wrote guest output"
    # damaged journals: a clean error (2) or a divergence (3), never a crash
    size=$(wc -c <"$T/j.e2krr")
    for n in 100 $((size / 2)) $((size - 1)); do
        head -c "$n" "$T/j.e2krr" >"$T/cut"
        timeout 60 "$RR" replay --quiet "$T/cut" >/dev/null 2>"$T/err"
        st=$?
        case $st in 2|3) ;; *) fail "cut at $n: exit $st: $(tail -n 2 "$T/err")" ;; esac
    done
    for off in $((size - 60)) $((size - 200)); do
        cp "$T/j.e2krr" "$T/flip"
        printf '\377' | dd of="$T/flip" bs=1 seek="$off" conv=notrunc 2>/dev/null
        timeout 60 "$RR" replay --quiet "$T/flip" >/dev/null 2>"$T/err"
        st=$?
        case $st in 0|2|3) ;; *) fail "flip at $off: exit $st: $(tail -n 2 "$T/err")" ;; esac
    done
    ;;
balloon-run)
    # shellcheck disable=SC2086
    timeout 120 "$RR" run --machine virt $BALLOON_OPTS "$G/virt_balloon.elf" \
        </dev/null >"$T/out" 2>"$T/err"
    st=$?
    [ $st = 0 ] || fail "exit status $st: $(cat "$T/err") $(cat "$T/out")"
    expect_lines "$T/out" "$BALLOON_OUT" "$MODE"
    echo "ok: $MODE"
    ;;
balloon-stop-on-violation)
    # --on-violation stop: the run ends after the bundle that touched a page
    # in the balloon (status 125); recorded, the replay stops there too.
    # shellcheck disable=SC2086
    timeout 120 "$RR" run --machine virt $BALLOON_OPTS --on-violation stop \
        "$G/virt_balloon.elf" </dev/null >"$T/out" 2>"$T/err"
    st=$?
    [ $st = 125 ] || fail "run: exit status $st, want 125: $(cat "$T/err")"
    grep -q 'balloon violation at icount [0-9]* .*stopping the run' "$T/err" ||
        fail "no stop message: $(cat "$T/err")"
    grep -q 'read a page inside the balloon' "$T/out" &&
        fail "the guest went on after the violation"
    # shellcheck disable=SC2086
    timeout 120 "$RR" record -o "$T/j.e2krr" --machine virt --clock host $BALLOON_OPTS \
        --on-violation stop "$G/virt_balloon.elf" </dev/null >/dev/null 2>"$T/rerr"
    [ $? = 125 ] || fail "record: exit status, want 125: $(cat "$T/rerr")"
    "$RR" replay --quiet "$T/j.e2krr" >/dev/null 2>"$T/perr"
    [ $? = 125 ] || fail "replay: exit status, want 125: $(cat "$T/perr")"
    tail -n 1 "$T/perr" | grep -q '^replay: identical' || fail "replay: $(tail -n 2 "$T/perr")"
    [ "$("$RR" dump "$T/j.e2krr" | grep -c BALLOON_VIOLATION)" = 1 ] ||
        fail "the journal should hold exactly one violation"
    echo "ok: $MODE"
    ;;
balloon-record-replay)
    # shellcheck disable=SC2086
    timeout 120 "$RR" record -o "$T/j.e2krr" --hash-interval 50000 --machine virt \
        --clock host $BALLOON_OPTS "$G/virt_balloon.elf" </dev/null \
        >"$T/rec.out" 2>"$T/rec.err"
    st=$?
    [ $st = 0 ] || fail "record exit status $st: $(cat "$T/rec.err")"
    expect_lines "$T/rec.out" "$BALLOON_OUT" "record"
    replay_n "$T/j.e2krr" 20 0 "$T/rec.out"
    "$RR" info "$T/j.e2krr" >"$T/info" || fail "info failed"
    for k in BALLOON_CMD BALLOON_STATS_REQ BALLOON_INFLATE BALLOON_DEFLATE \
             BALLOON_VIOLATION STATE_HASH; do
        grep -q "$k" "$T/info" || fail "info does not show $k: $(cat "$T/info")"
    done
    ;;
*)
    fail "unknown mode $MODE"
    ;;
esac
exit 0
