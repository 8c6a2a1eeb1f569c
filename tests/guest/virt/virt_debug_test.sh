#!/bin/sh
# Time travel on a virt-machine journal through the front ends
# (docs/debugging.md §7.8): virt_irq.elf recorded in host-clock mode, then
#   console: a command script piped into `e2k-rr debug --checkpoint-mem 1M`:
#       the UART output is shown once although the session passes it three
#       times, the exit is a stop, reverse-continue reaches the start,
#       `checkpoints` shows the budget, bad --checkpoint-mem values fail;
#   gdb: `e2k-rr replay --gdb` driven by virt_debug_gdb.py (needs python3):
#       reverse step and continue, monitor commands, the budget.
# usage: virt_debug_test.sh E2K_RR GUEST_DIR MODE [PYTHON3 SCRIPT]
set -u
RR=$1
G=$2
MODE=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf 'ping\n' | timeout 120 "$RR" record -o "$T/j.e2krr" --hash-interval 20000 \
    --machine virt --mem 8M --clock host "$G/virt_irq.elf" >"$T/rec.out" 2>"$T/rec.err" ||
    fail "record: $(cat "$T/rec.err")"

case $MODE in
console)
    cat >"$T/script" <<'EOF'
continue
goto 100000
checkpoints
rcontinue
continue
goto 150000
rstepi 3
when
goto 0
stepi 290000
EOF
    timeout 300 "$RR" debug --checkpoint-mem 1M "$T/j.e2krr" <"$T/script" >"$T/out" 2>"$T/err"
    st=$?
    [ $st = 0 ] || fail "debug exit $st: $(cat "$T/err")"
    n=$(grep -c 'virt: hello from an e2k kernel' "$T/out")
    [ "$n" = 1 ] || fail "UART output shown $n times:
$(cat "$T/out")"
    for l in 'uart: got ping' 'virt: power off' 'the program exited with status 0' \
             'of a 1048576-byte budget (--checkpoint-mem)' 'start of the recording' \
             'icount 149997 of ' 'icount 290000, pc '; do
        grep -qF "$l" "$T/out" || fail "no '$l' in the transcript:
$(cat "$T/out")"
    done
    "$RR" debug --checkpoint-mem 12X "$T/j.e2krr" </dev/null >/dev/null 2>&1
    [ $? = 2 ] || fail "a bad --checkpoint-mem was accepted"
    "$RR" replay --checkpoint-mem 1G "$T/j.e2krr" >/dev/null 2>&1
    [ $? = 2 ] || fail "--checkpoint-mem without --gdb was accepted"
    echo "ok: $MODE"
    ;;
gdb)
    timeout 300 "$4" "$5" "$RR" "$T/j.e2krr" || fail "gdb client"
    echo "ok: $MODE"
    ;;
*)
    fail "unknown mode $MODE"
    ;;
esac
exit 0
