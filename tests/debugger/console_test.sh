#!/bin/sh
# Console tests driven through stdin (docs/debugging.md): record the
# debugger guest, pipe command scripts into `e2k-rr debug`, and check the
# transcript: stepping both ways (across a system call), breakpoints,
# watchpoints with reverse-continue, goto/when, events, checkpoints,
# x/FMT, disasm, regs, help, errors, and that no prompt is printed.
# usage: console_test.sh E2K_RR DBG_ELF    (exit 0 pass, 1 fail, 77 skip)
set -u
RR=$1
ELF=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; echo "--- transcript:"; cat "$T/out"; exit 1; }
has() { grep -qF -- "$1" "$T/out" || fail "no line containing: $1"; }
hasnt() { ! grep -qF -- "$1" "$T/out" || fail "unexpected: $1"; }

"$RR" record -o "$T/j" "$ELF" >/dev/null 2>&1
[ $? = 3 ] || { echo "FAIL: recording the guest"; exit 1; }
sym() { readelf -s "$ELF" 2>/dev/null | awk -v n="$1" '$8 == n { print "0x" $2 }' | sed 's/0x0*/0x/'; }
if ! command -v readelf >/dev/null 2>&1; then
    echo "SKIP: readelf is needed to find the guest's symbols"; exit 77
fi
SYS=$(sym sys_call); AFTER=$(sym after_call); STORE=$(sym store)
BEFORE=$(sym before_call); CNT=$(sym counter); START=$(sym _start)
[ -n "$SYS" ] && [ -n "$CNT" ] || { echo "FAIL: guest symbols"; exit 1; }

debug() { "$RR" debug --quiet "$T/j" >"$T/out" 2>&1; }

printf 'when\n' | debug
if grep -q "not in this build" "$T/out"; then
    echo "SKIP: the reverse-execution engine is not built"; exit 77
fi
has "icount 0 of "
has ", pc $START"
hasnt "(e2k-rr)"

# 1. stepping across the system call, and back
cat >"$T/script" <<EOS
break $SYS
continue
when
stepi
x/1xg \$sp
rstepi
when
info breakpoints
delete
EOS
debug <"$T/script" || fail "script 1 failed (exit status)"
has "breakpoint 1 at $SYS"
has "icount 4, pc $SYS: breakpoint 1"
has "icount 4 of "
has "icount 5, pc $AFTER"
has "call %ctpr1, wbs = 0x8"
has "1   breakpoint  $SYS"

# 2. watchpoint forward and reverse-continue to it
cat >"$T/script" <<EOS
watch $CNT 8
continue
x/1dg $CNT
continue
x/1dg $CNT
rcontinue
x/1dg $CNT
rcontinue
rcontinue
x/1dg $CNT
EOS
debug <"$T/script" || fail "script 2 failed"
has "watchpoint 1: write of $CNT (8 bytes)"
has ", pc $BEFORE: watchpoint 1, write of $CNT (8 bytes)"
has "$CNT:	1"
has "$CNT:	2"
[ "$(grep -c "watchpoint 1, write" "$T/out")" = 3 ] || fail "want 3 watch stops"
has "start of the recording"
has "$CNT:	0"

# 3. positions, events, checkpoints, memory, registers, help, errors
cat >"$T/script" <<EOS
goto 11
events
events prev HOST_RESULT
events next HOST_RESULT
checkpoint
checkpoints
regs
disasm $STORE 2
x/2i $STORE
x/s $CNT+8
info balloon
help
help x
goto 100000
frobnicate
rstepi 1000
continue
when
quit
when
EOS
debug <"$T/script"
[ $? = 1 ] || fail "script 3 should exit 1 (a command failed)"
has "icount 11, pc $AFTER"
has "=> icount 11"
has "HOST_RESULT  hkind=1 nr=20"
has "checkpoint "
has " at icount 11"
has "(user)"
has "%r4   0x0000000000000002"
has "std,2"
has '"dbg: done\012"'
has "no balloon"
has "x/[N][FMT][SIZE]"
has "stepi [N]"
has "error: unknown command 'frobnicate'"
has "start of the recording"
has "end of the recording"
[ "$(grep -c '^icount [0-9]* of [0-9]*, pc' "$T/out")" = 1 ] || fail "commands after quit ran"
# 5. guest symbols from the program embedded in the journal
cat >"$T/script" <<EOS
break sys_call
continue
x/1xg counter
watch counter 8
break no_such_symbol
EOS
debug <"$T/script"
has "breakpoint 1 at $SYS"
has "icount 4, pc $SYS: breakpoint 1"
has "$CNT:"
has "error: break: 'no_such_symbol' is not an address"
echo "console: all scripts passed"
