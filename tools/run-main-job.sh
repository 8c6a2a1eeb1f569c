#!/bin/sh
# The main job behind `make run`. Until the OOM/balloon scenarios exist it
# shows the ISA core end to end on the bundled example
# (tests/guest/examples/hello.s): assemble it with our e2k-as, print its
# disassembly with our e2k-objdump, and run it with e2k-rr when the CPU is
# there. Each step says what it is doing; a missing tool is an error.
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
if [ -x "$BIN/e2k-rr" ]; then
    echo "== e2k-rr run $OUT"
    status=0
    "$BIN/e2k-rr" run "$OUT" || status=$?
    echo "== guest exit status: $status"
    exit "$status"
fi
