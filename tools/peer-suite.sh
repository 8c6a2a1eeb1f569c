#!/bin/sh
# peer-suite.sh CHECKOUT [BUILD] [ISA] — run the peer suite
# OpenE2K/qemu-e2k-tests (tests/asm) against e2k-rr, from a checkout the
# user provides; nothing of that suite is part of this repository, and this
# script neither contains nor downloads it.
#
# For every test listed in CHECKOUT/tests/asm/meson.build it assembles
# SUITE/SRC.S together with the suite's common/start.S and common/mmap.S
# (include dir tests/asm/include, the entry's c_args as -D options) with our
# e2k-as for elbrus-vISA (default 5, the suite's own cross file), runs it
# with `e2k-rr run` (20 s limit, as the suite sets), and judges it by the
# suite's rules: exit 0 = pass, 77 = skip, any other status = fail, and
# `should_fail` inverts pass and fail (not skip). A source the assembler
# refuses is an error (counted as a failure).
#
# Output: one line per test (PASS/FAIL/SKIP/ERROR, with the reason), then a
# table per folder. Exit status 0 if nothing failed, 1 otherwise, 2 on bad
# usage. Logs go to $PEER_WORK (default /tmp/e2k-peer-suite).
set -u
usage() {
    echo "usage: tools/peer-suite.sh CHECKOUT [BUILD] [ISA]" >&2
    exit 2
}
[ $# -ge 1 ] || usage
CHECKOUT=$1
BUILD=${2:-build}
ISA=${3:-5}
ASM=$CHECKOUT/tests/asm
AS=$BUILD/bin/e2k-as
RR=$BUILD/bin/e2k-rr
WORK=${PEER_WORK:-/tmp/e2k-peer-suite}
[ -f "$ASM/meson.build" ] || { echo "peer-suite: no $ASM/meson.build" >&2; exit 2; }
[ -x "$AS" ] && [ -x "$RR" ] || { echo "peer-suite: need $AS and $RR (build first)" >&2; exit 2; }
mkdir -p "$WORK" || exit 2
TIMEOUT=${PEER_TIMEOUT:-20}

# meson.build -> "suite<TAB>name<TAB>src<TAB>should_fail<TAB>c_args" lines.
list_tests() {
    awk '
    /^asm_tests = \{/ { on = 1; next }
    on && /^\}/ { on = 0 }
    !on { next }
    /^  '\''[^'\'']+'\'': \{ *$/ {
        s = $0; sub(/^  '\''/, "", s); sub(/'\''.*/, "", s); suite = s; next
    }
    /^    '\''[^'\'']+'\'': \{/ {
        line = $0
        name = line; sub(/^    '\''/, "", name); sub(/'\''.*/, "", name)
        src = name
        i = index(line, "'\''src'\'':")
        if (i) { s = substr(line, i + 6); sub(/^ *'\''/, "", s); sub(/'\''.*/, "", s); src = s }
        fail = (line ~ /'\''should_fail'\'': *true/) ? 1 : 0
        args = ""
        i = index(line, "'\''c_args'\'':")
        if (i) {
            s = substr(line, i); sub(/^[^[]*\[/, "", s); sub(/\].*/, "", s)
            gsub(/'\''/, "", s); gsub(/,/, " ", s); gsub(/  +/, " ", s); args = s
        }
        printf "%s\t%s\t%s\t%d\t%s\n", suite, name, src, fail, args
    }' "$ASM/meson.build"
}

results=$WORK/results.txt
: > "$results"
tab=$(printf '\t')
list_tests | while IFS="$tab" read -r suite name src fail args; do
    id=$suite/$name
    elf=$WORK/$suite-$name.elf
    log=$WORK/$suite-$name.log
    # shellcheck disable=SC2086 # c_args are separate words
    if ! "$AS" -mcpu=elbrus-v"$ISA" -I "$ASM/include" $args -o "$elf" \
            "$ASM/$suite/$src.S" "$ASM/common/start.S" "$ASM/common/mmap.S" \
            > "$log" 2>&1; then
        why=$(grep -m1 'error' "$log" | sed "s|$ASM/||")
        verdict=ERROR
    else
        timeout "$TIMEOUT" "$RR" run "$elf" > "$log" 2>&1
        rc=$?
        why="exit $rc"
        last=$(grep 'e2k-rr' "$log" | tail -n 1)
        [ -n "$last" ] && why="$why: $last"
        if [ "$rc" = 77 ]; then
            verdict=SKIP
        elif [ "$fail" = 1 ]; then
            if [ "$rc" != 0 ]; then verdict=PASS; else verdict=FAIL; why="exit 0 but should_fail"; fi
        elif [ "$rc" = 0 ]; then
            verdict=PASS
        else
            verdict=FAIL
        fi
    fi
    sf=""
    [ "$fail" = 1 ] && sf=" [should_fail]"
    printf '%-5s %s%s: %s\n' "$verdict" "$id" "$sf" "$why"
    printf '%s\t%s\n' "$suite" "$verdict" >> "$results"
done

echo
printf '%-9s %5s %5s %5s %5s\n' folder pass fail skip total
awk -F "$tab" '
{ f[$1] = 1; n[$1, $2]++; t[$1]++; all[$2]++; total++ }
END {
    for (k in f) names[++i] = k
    # insertion sort for a stable listing
    for (a = 2; a <= i; a++) { v = names[a]; b = a - 1
        while (b > 0 && names[b] > v) { names[b + 1] = names[b]; b-- }
        names[b + 1] = v }
    for (a = 1; a <= i; a++) { k = names[a]
        printf "%-9s %5d %5d %5d %5d\n", k, n[k, "PASS"], n[k, "FAIL"] + n[k, "ERROR"], n[k, "SKIP"], t[k] }
    printf "%-9s %5d %5d %5d %5d\n", "all", all["PASS"], all["FAIL"] + all["ERROR"], all["SKIP"], total
    exit (all["FAIL"] + all["ERROR"] > 0)
}' "$results"
