#!/bin/sh
# trace/ through the command line (docs/tracing.md).
# usage: trace_test.sh E2K_RR GUEST_DIR WELLFORMED SRC_DIR MODE
#   virt      virt_balloon.elf recorded in host-clock mode (as virt_test.sh
#             does); `trace` around the balloon violation prints one block
#             per bundle with disassembly, register changes and the event
#             at its icount; --pc keeps only that address; `export
#             --chrome` is valid JSON with the events and the balloon
#             counters (free memory from the replayed statistics); `plot`
#             is well-formed SVG with the violation marked and the three
#             series drawn, on either x axis.
#   user      hello.elf recorded; the trace through the reverse engine and
#             through the replay session are identical, whole and for a
#             window; one block per instruction of the recording; export
#             and plot work on a journal without a balloon.
#   cli       --help, usage errors and unusable journals: exit 0 / 2, one
#             line on stderr; a journal cut short still exports valid JSON.
#   scenario  the OOM scenarios (tests/scenarios): no-deflate-on-oom's OOM
#             kill and default's deflate-on-oom returns are marked in the
#             SVG and are instants in the Chrome trace.
set -u
RR=$1
G=$2
WF=$3
SRC=$4
MODE=$5
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Bundle headers of a trace: "ICOUNT 0xPC:"
headers() { grep -E '^[0-9]+ 0x[0-9a-f]+:$' "$1"; }

case $MODE in
virt)
    timeout 120 "$RR" record -o "$T/j.e2krr" --hash-interval 50000 --machine virt \
        --clock host --mem 32M \
        --balloon stats-interval=5ms,deflate-on-oom=on,must-tell-host=on \
        --balloon-target 100@0 --balloon-target 0@40ms "$G/virt_balloon.elf" \
        </dev/null >"$T/rec.out" 2>"$T/rec.err" || fail "record: $(cat "$T/rec.err")"
    vic=$("$RR" dump "$T/j.e2krr" | sed -n 's/^#[0-9]* icount=\([0-9]*\) BALLOON_VIOLATION.*/\1/p' | head -n 1)
    [ -n "$vic" ] || fail "no BALLOON_VIOLATION in the journal"
    from=$((vic - 5))
    to=$((vic + 5))
    timeout 120 "$RR" trace --from $from --to $to --events "$T/j.e2krr" >"$T/trace" \
        2>"$T/trace.err" || fail "trace: exit $?: $(cat "$T/trace.err")"
    [ "$(headers "$T/trace" | wc -l)" = 11 ] || fail "want 11 bundles:
$(cat "$T/trace")"
    [ "$(headers "$T/trace" | head -n 1 | cut -d' ' -f1)" = $from ] || fail "first bundle"
    [ "$(headers "$T/trace" | tail -n 1 | cut -d' ' -f1)" = $to ] || fail "last bundle"
    grep -q "^  -- #[0-9]* icount=$vic BALLOON_VIOLATION pfn=0x" "$T/trace" ||
        fail "the violation is not in the trace: $(cat "$T/trace")"
    grep -q '^    => %' "$T/trace" || fail "no register changes: $(cat "$T/trace")"
    grep -Eq '^  (ld|st|add|ct|disp|call|return|cmp|ipd|ibranch|rrd|rwd|setwd|nop)' "$T/trace" ||
        fail "no disassembly: $(cat "$T/trace")"
    # the reverse engine and the replay session give the same trace
    for b in rev session; do
        "$RR" trace --backend $b --from $from --to $to --events "$T/j.e2krr" >"$T/$b" \
            2>"$T/$b.err" || fail "trace --backend $b: $(cat "$T/$b.err")"
    done
    cmp -s "$T/rev" "$T/session" || fail "the two ways differ:
$(diff "$T/rev" "$T/session" | head -n 20)"
    cmp -s "$T/rev" "$T/trace" || fail "the default differs from --backend rev"
    # --pc ADDR: only that bundle, wherever it runs
    pc=$(headers "$T/trace" | head -n 1 | cut -d' ' -f2 | tr -d :)
    "$RR" trace --to 30000 --pc "$pc" "$T/j.e2krr" >"$T/pc" || fail "trace --pc"
    [ "$(headers "$T/pc" | wc -l)" -ge 1 ] || fail "--pc $pc printed nothing"
    [ "$(headers "$T/pc" | grep -vc " $pc:\$")" = 0 ] || fail "--pc $pc printed other addresses"
    # export
    "$RR" export "$T/j.e2krr" --chrome "$T/j.json" 2>"$T/exp.err" ||
        fail "export: $(cat "$T/exp.err")"
    [ ! -s "$T/exp.err" ] || fail "export said something: $(cat "$T/exp.err")"
    "$WF" json "$T/j.json" || fail "export: not JSON"
    for k in '"traceEvents":[' '"name":"BALLOON_VIOLATION"' '"name":"BALLOON_INFLATE"' \
             '"name":"BALLOON_CMD"' '"name":"balloon target","cat":"balloon","ph":"C"' \
             '"name":"balloon actual"' '"name":"guest free memory"' '"name":"END"'; do
        grep -qF "$k" "$T/j.json" || fail "export lacks $k"
    done
    # plot
    "$RR" plot -o "$T/j.svg" "$T/j.e2krr" 2>"$T/plot.err" || fail "plot: $(cat "$T/plot.err")"
    "$WF" xml "$T/j.svg" || fail "plot: not well-formed XML"
    for k in "<g class=\"mark violation\" data-icount=\"$vic\">" '<path class="series target"' \
             '<path class="series actual"' '<path class="series free"' \
             '>balloon violation (1)</text>' 'icount (wide instructions)'; do
        grep -qF "$k" "$T/j.svg" || fail "plot lacks $k"
    done
    "$RR" plot --x time --size 800x500 --title 'a <title> & more' -o "$T/t.svg" "$T/j.e2krr" ||
        fail "plot --x time"
    "$WF" xml "$T/t.svg" || fail "plot --x time: not well-formed XML"
    grep -q 'virtual time (' "$T/t.svg" || fail "plot --x time: no time axis"
    grep -qF 'a &lt;title&gt; &amp; more' "$T/t.svg" || fail "title not escaped"
    "$RR" plot --no-replay -o "$T/n.svg" "$T/j.e2krr" || fail "plot --no-replay"
    grep -qF 'guest free memory (no stats)' "$T/n.svg" || fail "--no-replay still replayed"
    echo "ok: $MODE (violation at icount $vic)"
    ;;
user)
    timeout 120 "$RR" record -o "$T/u.e2krr" "$G/hello.elf" >/dev/null 2>"$T/rec.err" ||
        fail "record: $(cat "$T/rec.err")"
    end=$(sed -n 's/^record: \([0-9]*\) instructions.*/\1/p' "$T/rec.err")
    [ -n "$end" ] || fail "no record summary: $(cat "$T/rec.err")"
    "$RR" trace --backend rev --events "$T/u.e2krr" >"$T/rev" 2>"$T/rev.err" ||
        fail "trace (reverse engine): $(cat "$T/rev.err")"
    "$RR" trace --backend session --events "$T/u.e2krr" >"$T/ses" 2>"$T/ses.err" ||
        fail "trace (session): $(cat "$T/ses.err")"
    cmp -s "$T/rev" "$T/ses" || fail "the two ways differ:
$(diff "$T/rev" "$T/ses" | head -n 20)"
    [ "$(headers "$T/rev" | wc -l)" = "$end" ] ||
        fail "want $end bundles, got $(headers "$T/rev" | wc -l)"
    grep -q '^  -- #[0-9]* icount=[0-9]* HOST_RESULT' "$T/rev" || fail "no events in the trace"
    grep -q '^  -- #[0-9]* icount='"$end"' END' "$T/rev" || fail "no END event"
    mid=$((end / 2))
    "$RR" trace --backend rev --from $mid --to $((mid + 9)) "$T/u.e2krr" >"$T/rev2" || fail "window"
    "$RR" trace --backend session --from $mid --to $((mid + 9)) "$T/u.e2krr" >"$T/ses2" ||
        fail "window (session)"
    cmp -s "$T/rev2" "$T/ses2" || fail "the two ways differ on a window"
    [ "$(headers "$T/rev2" | wc -l)" = 10 ] || fail "window: want 10 bundles"
    "$RR" export --chrome "$T/u.json" "$T/u.e2krr" || fail "export"
    "$WF" json "$T/u.json" || fail "export: not JSON"
    grep -qF '"name":"HOST_RESULT","cat":"input"' "$T/u.json" || fail "export: no HOST_RESULT"
    "$RR" plot -o "$T/u.svg" "$T/u.e2krr" || fail "plot"
    "$WF" xml "$T/u.svg" || fail "plot: not well-formed XML"
    grep -q 'no balloon activity' "$T/u.svg" || fail "plot of a user journal"
    echo "ok: $MODE ($end bundles, both ways identical)"
    ;;
cli)
    for c in trace export plot; do
        "$RR" $c --help >"$T/h" 2>&1 || fail "$c --help: exit $?"
        grep -q "^usage: e2k-rr $c" "$T/h" || fail "$c --help: $(cat "$T/h")"
        "$RR" $c >/dev/null 2>"$T/e"
        [ $? = 2 ] || fail "$c without a journal: want exit 2"
        grep -q "^e2k-rr $c: " "$T/e" || fail "$c: no message: $(cat "$T/e")"
        "$RR" $c --bogus x >/dev/null 2>"$T/e"
        [ $? = 2 ] || fail "$c --bogus: want exit 2"
        printf 'not a journal\n' >"$T/junk"
        case $c in export) out=--chrome ;; *) out=-o ;; esac
        "$RR" $c $out "$T/o" "$T/junk" >/dev/null 2>"$T/e"
        st=$?
        [ $st = 2 ] || fail "$c on junk: exit $st: $(cat "$T/e")"
        grep -q "^e2k-rr $c: .*junk" "$T/e" || fail "$c on junk: $(cat "$T/e")"
        "$RR" $c $out "$T/o" "$T/missing.e2krr" >/dev/null 2>"$T/e"
        [ $? = 2 ] || fail "$c on a missing file: want 2"
    done
    "$RR" trace --pc 0x20-0x10 "$T/junk" >/dev/null 2>&1
    [ $? = 2 ] || fail "trace --pc LO > HI: want 2"
    "$RR" trace --from 10 --to 5 "$T/junk" >/dev/null 2>&1
    [ $? = 2 ] || fail "trace --from > --to: want 2"
    "$RR" export "$T/junk" >/dev/null 2>&1
    [ $? = 2 ] || fail "export without --chrome: want 2"
    "$RR" plot --size 10x10 -o x "$T/junk" >/dev/null 2>&1
    [ $? = 2 ] || fail "plot --size 10x10: want 2"
    # a journal cut short: export keeps what it read, as valid JSON, exit 2
    timeout 120 "$RR" record -o "$T/u.e2krr" "$G/hello.elf" >/dev/null 2>&1 || fail "record"
    size=$(wc -c <"$T/u.e2krr")
    head -c $((size - 150)) "$T/u.e2krr" >"$T/cut.e2krr"
    "$RR" export --chrome "$T/cut.json" "$T/cut.e2krr" 2>"$T/e"
    st=$?
    [ $st = 0 ] || [ $st = 2 ] || fail "export of a cut journal: exit $st"
    "$WF" json "$T/cut.json" || fail "export of a cut journal: not JSON"
    "$RR" trace "$T/cut.e2krr" >/dev/null 2>"$T/e"
    st=$?
    [ $st = 2 ] || fail "trace of a cut journal: exit $st, want 2: $(cat "$T/e")"
    echo "ok: $MODE"
    ;;
scenario)
    export E2K_GUEST="$G"
    for s in no-deflate-on-oom default; do
        timeout 300 "$RR" record --scenario "$SRC/tests/scenarios/$s.scn" -o "$T/$s.e2krr" \
            </dev/null >/dev/null 2>"$T/$s.err" || fail "record $s: $(cat "$T/$s.err")"
        "$RR" plot -o "$T/$s.svg" "$T/$s.e2krr" || fail "plot $s"
        "$WF" xml "$T/$s.svg" || fail "plot $s: not well-formed XML"
        "$RR" export --chrome "$T/$s.json" "$T/$s.e2krr" || fail "export $s"
        "$WF" json "$T/$s.json" || fail "export $s: not JSON"
        grep -qF '<path class="series free"' "$T/$s.svg" || fail "$s: no free-memory line"
    done
    grep -qF '<g class="mark oom-kill"' "$T/no-deflate-on-oom.svg" ||
        fail "no-deflate-on-oom: the OOM kill is not marked"
    grep -qF '"name":"OOM_KILL","cat":"guest","ph":"i","s":"g"' "$T/no-deflate-on-oom.json" ||
        fail "no-deflate-on-oom: no OOM_KILL instant"
    grep -qF '<g class="mark deflate-oom"' "$T/default.svg" ||
        fail "default: the deflate-on-oom returns are not marked"
    grep -qF '"name":"BALLOON_DEFLATE (deflate-on-oom)"' "$T/default.json" ||
        fail "default: no deflate-on-oom instant"
    grep -qF '<g class="mark oom-kill"' "$T/default.svg" && fail "default: an OOM kill marked"
    echo "ok: $MODE"
    ;;
*)
    fail "unknown mode $MODE"
    ;;
esac
exit 0
