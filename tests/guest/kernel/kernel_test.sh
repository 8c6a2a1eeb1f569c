#!/bin/sh
# Boot tests of the mini-kernel (tests/guest/kernel/README.md) on the
# virtual clock. usage: kernel_test.sh E2K_RR KERNEL.elf MODE
#   boot-virtual: a one-cycle workload with the balloon inflated to 256
#       pages; the kernel must report each step and power off with 0.
#   cmdline: the command line reaches the kernel (bug=, peak=, an unknown
#       word).
set -u
RR=$1
K=$2
MODE=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
want() { # file text...
    f=$1
    shift
    for w in "$@"; do
        grep -qF -- "$w" "$f" || fail "no '$w' in the output:
$(cat "$f")"
    done
}

case $MODE in
boot-virtual)
    timeout 200 "$RR" run --machine virt --mem 16M --clock virtual \
        --cmdline "peak=512 cycles=1" --balloon-target 256@0 "$K" \
        </dev/null >"$T/out" 2>"$T/err"
    st=$?
    [ $st = 0 ] || fail "exit status $st: $(cat "$T/err") $(cat "$T/out")"
    want "$T/out" "e2k mini-kernel" "16384 KiB of RAM, virtual clock" \
        "balloon: virtio-balloon ready; negotiated MUST_TELL_HOST STATS_VQ" \
        "sched: task 1 (balloon) created" "sched: task 2 (hog) created" \
        "sched: task 3 (churn) created" "balloon: at the target, 256 pages" \
        "workload: cycle 1, growing to 512 pages" \
        "workload: holding 512 pages" "sched: task 2 (hog) finished" \
        "sched: task 3 (churn) finished" "0 OOM kills" \
        "kernel: power off, status 0"
    ;;
cmdline)
    timeout 200 "$RR" run --machine virt --mem 16M \
        --cmdline "bug=oom-deadlock peak=640 cycles=1 bogus bug=nonsense" \
        "$K" </dev/null >"$T/out" 2>"$T/err"
    st=$?
    [ $st = 0 ] || fail "exit status $st: $(cat "$T/err") $(cat "$T/out")"
    want "$T/out" "cmdline: regression variant bug=oom-deadlock" \
        "cmdline: ignoring unknown word bogus" \
        "cmdline: ignoring unknown word bug=nonsense" \
        "workload: cycle 1, growing to 640 pages"
    ;;
*)
    fail "unknown mode $MODE"
    ;;
esac
echo "ok: $MODE"
