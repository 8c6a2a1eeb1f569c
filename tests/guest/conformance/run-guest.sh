#!/bin/sh
# run-guest.sh E2K_RR ELF EXPECTED_STATUS [STDOUT_REGEX]
# Runs one conformance guest for ctest when plain "exit 0 = pass" is not
# enough (CMakeLists.txt: expect-exit / stdout). Exit 0 if the guest's
# status is EXPECTED_STATUS and, if given, its stdout matches the extended
# regex; 77 (skip) is passed through when 0 was expected; else 1.
rr=$1
elf=$2
want=$3
re=${4:-}
out=$("$rr" run "$elf")
s=$?
printf '%s\n' "$out"
if [ "$s" = 77 ] && [ "$want" = 0 ]; then
    exit 77
fi
if [ "$s" != "$want" ]; then
    echo "conformance: guest exit status $s, expected $want" >&2
    exit 1
fi
if [ -n "$re" ] && ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
    echo "conformance: stdout does not match /$re/" >&2
    exit 1
fi
exit 0
