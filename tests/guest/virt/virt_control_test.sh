#!/bin/sh
# Host control of the balloon (docs/virt-machine.md §8.1, §8.2): a
# --balloon-script schedule and commands over --control, recorded with
# virt_balloon.elf, then replayed identically with the commands at the
# same icounts.
# usage: virt_control_test.sh E2K_RR CTL_CLIENT GUEST_DIR MODE
#   script-record-replay: an icount-only schedule (target 100 pages at
#       icount 100000, a stats request at 2000000, target 0 at 4000000):
#       recorded twice with the same journal events and state hash (icount
#       triggers are deterministic); the commands sit at the first poll
#       point at or after each icount; replayed 5 times identically;
#       `e2k-rr debug` on it shows target, actual and the stats with the
#       same age after going back, and refuses `balloon 48M`; a
#       schedule with host-time triggers (`at 1ms`, a stats interval)
#       records and replays too; bad scripts are refused with FILE:LINE.
#   control-record-replay: a recording driven over the control socket by
#       ctl_client (get_balloon, get_balloon_stats, patch_balloon 1 MiB
#       then 0, a stats interval set and unset, a stats request, errors for bad
#       requests); the BALLOON_CMD / BALLOON_STATS_REQ events of the
#       journal are at the icounts the socket's replies named; replayed 5
#       times identically (without the socket); the socket is removed.
set -u
RR=$1
CLIENT=$2
G=$3
MODE=$4
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

BALLOON_OUT='balloon: hello
balloon: device ready (inflateq, deflateq, statsq)
balloon: inflated to the host'"'"'s target
balloon: read a page inside the balloon
balloon: answered a stats request
balloon: deflated to 0
balloon: done'
expect_lines() { # file expected what
    [ "$(sort "$1")" = "$(printf '%s\n' "$2" | sort)" ] || fail "$3: output differs:
$(cat "$1")"
}
state_of() { sed -n 's/^record: .*state \([0-9a-f]*\)$/\1/p' "$1"; }
replay_n() { # journal n record.err record.out
    h=$(state_of "$3")
    [ -n "$h" ] || fail "no summary line from record: $(cat "$3")"
    i=0
    while [ $i -lt "$2" ]; do
        timeout 120 "$RR" replay "$1" </dev/null >"$T/rep.out" 2>"$T/rep.err"
        st=$?
        [ "$st" = 0 ] || fail "replay $i: exit $st: $(cat "$T/rep.err")"
        cmp -s "$4" "$T/rep.out" || fail "replay $i: output differs from the recording"
        last=$(tail -n 1 "$T/rep.err")
        case "$last" in
        "replay: identical, "*" instructions, state $h") ;;
        *) fail "replay $i: last line '$last', want identical with state $h" ;;
        esac
        i=$((i + 1))
    done
    echo "$2 identical replays, state $h"
}
# "ICOUNT KIND [target_pages]" for the balloon host commands of a journal.
commands_of() {
    "$RR" dump --json "$1" | sed -n \
        -e 's/^{"seq":[0-9]*,"icount":\([0-9]*\),"kind":"BALLOON_CMD","target_pages":\([0-9]*\)}$/\1 CMD \2/p' \
        -e 's/^{"seq":[0-9]*,"icount":\([0-9]*\),"kind":"BALLOON_STATS_REQ"}$/\1 STATS/p'
}
Q=32768 # VIRT_POLL_QUANTUM
first_poll() { echo $(( ($1 + Q - 1) / Q * Q )); }

case $MODE in
script-record-replay)
    cat >"$T/sched" <<EOF
# icount triggers only: the same schedule gives the same run
at icount 100000 set 400K      # 100 pages
at icount 2000000 stats
at icount 4000000 set 0 pages
EOF
    for n in 1 2; do
        timeout 120 "$RR" record -o "$T/j$n.e2krr" --hash-interval 500000 --machine virt \
            --mem 32M --balloon deflate-on-oom=on --balloon-script "$T/sched" \
            "$G/virt_balloon.elf" </dev/null >"$T/rec$n.out" 2>"$T/rec$n.err"
        st=$?
        [ $st = 0 ] || fail "record $n: exit $st: $(cat "$T/rec$n.err")"
        expect_lines "$T/rec$n.out" "$BALLOON_OUT" "record $n"
        commands_of "$T/j$n.e2krr" >"$T/cmds$n"
    done
    want="$(first_poll 100000) CMD 100
$(first_poll 2000000) STATS
$(first_poll 4000000) CMD 0"
    [ "$(cat "$T/cmds1")" = "$want" ] || fail "commands of the journal:
$(cat "$T/cmds1")
want:
$want"
    cmp -s "$T/cmds1" "$T/cmds2" || fail "two recordings differ in their commands"
    [ "$(state_of "$T/rec1.err")" = "$(state_of "$T/rec2.err")" ] ||
        fail "two recordings of an icount schedule end in different states"
    replay_n "$T/j1.e2krr" 5 "$T/rec1.err" "$T/rec1.out"
    # the console on the journal: the balloon at a position, its stats
    # with their age (also after going back), and `balloon SIZE` refused
    printf 'goto 3000000\ninfo balloon\ngoto 1000000\ngoto 3000000\nballoon\nballoon 48M\n' |
        timeout 120 "$RR" debug --quiet "$T/j1.e2krr" >"$T/dbg.out" 2>&1
    if grep -q "only Linux user-mode journals" "$T/dbg.out"; then
        echo "skipped the console part: e2k-rr debug does not open virt journals"
    else
        n=$(grep -c '^balloon at icount 3000000: target 100 pages (0 MiB), actual 100 pages' "$T/dbg.out")
        [ "$n" = 2 ] || fail "console: $(cat "$T/dbg.out")"
        s1=$(grep '^stats: last report' "$T/dbg.out" | head -n 1)
        s2=$(grep '^stats: last report' "$T/dbg.out" | tail -n 1)
        case "$s1" in
        "stats: last report at icount 20"*" icount ago ("*" of virtual time)") ;;
        *) fail "console stats line: $(cat "$T/dbg.out")" ;;
        esac
        [ "$s1" = "$s2" ] || fail "console: the stats age changed after going back: $s1 / $s2"
        grep -q '^  total_memory         67108864$' "$T/dbg.out" || fail "console: $(cat "$T/dbg.out")"
        grep -q '^journal: 1 host commands (last at icount 131072' "$T/dbg.out" ||
            fail "console: $(cat "$T/dbg.out")"
        grep -q 'cannot be changed while replaying.*--balloon-script FILE' "$T/dbg.out" ||
            fail "console: balloon 48M: $(cat "$T/dbg.out")"
    fi
    # host-time triggers: a timed inflate, periodic stats (the deflate is at
    # an icount far enough that the timed inflate comes first even on a
    # loaded machine: 1 ms of host time is well below 20M instructions)
    printf 'at 1ms set 100 pages\nat 0 stats-interval 5ms\nat icount 20000000 set 0\n' >"$T/timed"
    timeout 120 "$RR" record -o "$T/t.e2krr" --hash-interval 500000 --machine virt --mem 32M \
        --balloon-script "$T/timed" "$G/virt_balloon.elf" </dev/null >"$T/t.out" 2>"$T/t.err"
    st=$?
    [ $st = 0 ] || fail "timed record: exit $st: $(cat "$T/t.err")"
    commands_of "$T/t.e2krr" | grep -q ' STATS$' || fail "timed schedule: no stats request"
    commands_of "$T/t.e2krr" | grep -v STATS >"$T/tcmds"
    [ "$(sed 's/^[0-9]* //' "$T/tcmds" | tr '\n' ' ')" = "CMD 100 CMD 0 " ] ||
        fail "timed schedule: $(cat "$T/tcmds")"
    grep -q "^$(first_poll 20000000) CMD 0$" "$T/tcmds" || fail "timed schedule: $(cat "$T/tcmds")"
    replay_n "$T/t.e2krr" 2 "$T/t.err" "$T/t.out"
    # refused scripts
    printf 'at 1s set 40M\nat 2s sett 1M\n' >"$T/bad"
    "$RR" record -o "$T/bad.e2krr" --machine virt --balloon-script "$T/bad" \
        "$G/virt_balloon.elf" </dev/null >/dev/null 2>"$T/bad.err"
    [ $? = 2 ] || fail "a bad script was accepted"
    grep -q "$T/bad:2: unknown action 'sett'" "$T/bad.err" || fail "bad script: $(cat "$T/bad.err")"
    echo "ok: $MODE"
    ;;
control-record-replay)
    sock="$T/ctl.sock"
    printf 'at icount 32768 stats\n' >"$T/sched"
    timeout 120 "$RR" record -o "$T/j.e2krr" --hash-interval 500000 --machine virt --mem 32M \
        --balloon deflate-on-oom=on --balloon-script "$T/sched" --control "unix:$sock" \
        "$G/virt_balloon.elf" </dev/null >"$T/rec.out" 2>"$T/rec.err" &
    rec=$!
    timeout 150 "$CLIENT" "$sock" \
        '{"op":"get_balloon"}' \
        --until '"total_memory":67108864' '{"op":"get_balloon_stats"}' \
        '{"op":"patch_balloon","amount_mib":1}' \
        --until '"actual_pages":256' '{"op":"get_balloon"}' \
        --error '{"op":"patch_balloon","amount_mib":999}' \
        --error '{"op":"patch_balloon","amount_mib":-1}' \
        --error '{"op":"patch_balloon"}' \
        --error '{"op":"get_balloon","extra":1}' \
        --error '{"op":"frobnicate"}' \
        --error '{"op":"get_balloon"' \
        --error 'not json at all' \
        --raw '   ' \
        '{"op":"patch_balloon_stats_interval","stats_polling_interval_s":1}' \
        '{"op":"patch_balloon_stats_interval","stats_polling_interval_s":0}' \
        '{"op":"request_balloon_stats"}' \
        '{"op":"get_balloon_stats"}' \
        '{"op":"patch_balloon","amount_mib":0}' \
        >"$T/client.out" 2>"$T/client.err"
    cst=$?
    wait $rec
    st=$?
    [ $cst = 0 ] || fail "client: exit $cst: $(cat "$T/client.err") $(cat "$T/client.out")"
    [ $st = 0 ] || fail "record: exit $st: $(cat "$T/rec.err")"
    expect_lines "$T/rec.out" "$BALLOON_OUT" "record"
    [ ! -e "$sock" ] || fail "the control socket was not removed"
    grep -q '"error":"amount_mib 999 is more than the guest' "$T/client.out" ||
        fail "no RAM error: $(cat "$T/client.out")"
    grep -q '"free_memory":' "$T/client.out" || fail "no stats by name: $(cat "$T/client.out")"
    # the icounts the socket named = the journal's
    oks=$(sed -n 's/^{"ok":true,"icount":\([0-9]*\)}$/\1/p' "$T/client.out" | tr '\n' ' ')
    set -- $oks
    [ $# = 5 ] || fail "want 5 ok replies, got '$oks': $(cat "$T/client.out")"
    # in icount order; at one poll point the schedule goes before the socket
    want=$(printf '%s\n' "$(first_poll 32768) STATS" "$1 CMD 256" "$4 STATS" "$5 CMD 0" |
           sort -s -n -k1,1)
    commands_of "$T/j.e2krr" >"$T/cmds"
    [ "$(cat "$T/cmds")" = "$want" ] || fail "commands of the journal:
$(cat "$T/cmds")
want:
$want"
    replay_n "$T/j.e2krr" 5 "$T/rec.err" "$T/rec.out"
    echo "ok: $MODE"
    ;;
*)
    fail "unknown mode $MODE"
    ;;
esac
exit 0
