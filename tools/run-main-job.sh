#!/bin/sh
# The main job behind `make run`. Until the OOM/balloon scenarios exist it
# shows the pipeline end to end on the bundled example
# (tests/guest/examples/hello.s): assemble it with our e2k-as, print its
# disassembly with our e2k-objdump, run it with e2k-rr, record it into a
# journal, show what the journal holds and replay it, which must report
# "replay: identical". Each step says what it is doing; a missing tool or a
# failed step is an error.
set -eu
BUILD=${1:-build}
BIN=$BUILD/bin
SRC=tests/guest/examples/hello.s
OUT=$BUILD/guest/hello.elf

for t in e2k-as e2k-objdump; do
    if [ ! -x "$BIN/$t" ]; then
        echo "run: $BIN/$t is missing (did the build fail?)" >&2
        exit 2
    fi
done
mkdir -p "$BUILD/guest"
echo "== e2k-as $SRC -> $OUT"
"$BIN/e2k-as" -mcpu=elbrus-v5 -o "$OUT" "$SRC"
echo "== e2k-objdump -d $OUT"
"$BIN/e2k-objdump" -d "$OUT"
if [ ! -x "$BIN/e2k-rr" ]; then
    echo "run: $BIN/e2k-rr is missing (did the build fail?)" >&2
    exit 2
fi
echo "== e2k-rr run $OUT"
status=0
"$BIN/e2k-rr" run "$OUT" || status=$?
echo "== guest exit status: $status"
[ "$status" = 0 ] || exit "$status"
J=$BUILD/hello.e2krr
echo "== e2k-rr record -o $J $OUT"
"$BIN/e2k-rr" record -o "$J" "$OUT"
echo "== e2k-rr info $J"
"$BIN/e2k-rr" info "$J"
echo "== e2k-rr replay $J"
"$BIN/e2k-rr" replay "$J"
