// loopmode.S — loop counters and loop mode (e2k-isa.md §4.7, §7.7):
// alc advancing LSR, #LOOP_END / #NOT_LOOP_END, the epilogue counter,
// store suppression in loop-mode bundles (prologue pcnt, strmd at the end).
// Counts follow [T lsr/lsr-1]: a loop with lcnt = L, ecnt = E, vlc runs
// max(L, 1) + E times; store rules follow [T lsr/strmd-1].

#include "e2k-test.h"

#define LSR(lcnt, ecnt, pcnt, strmd) \
    (((strmd) << 53) | ((pcnt) << 48) | (1 << 37) | ((ecnt) << 32) | (lcnt))

// '#' may not appear in a function-like macro body: spell it here.
#define T_NLE #NOT_LOOP_END

// Run a one-bundle counting loop with the given LSR; count ends in REG.
#define COUNT_LOOP(REG, lsrval) \
    { rwd,0 lsrval, %lsr ; addd,1 0, 0, REG ; disp %ctpr1, T_L(body) ; nop 4 } ; \
    nop 3 ; \
T_L(body): \
    { addd,0 REG, 1, REG ; alc alcf=1, alct=1 ; ct %ctpr1 ? T_NLE }

TEST_BEGIN

CASE(lcnt_counts_iterations)
    COUNT_LOOP(%r1, LSR(5, 0, 0, 0))
    CHECK_D(%r1, 5)

CASE(lcnt_zero_still_runs_once)
    COUNT_LOOP(%r1, LSR(0, 0, 0, 0))
    CHECK_D(%r1, 1)

CASE(lcnt_one_runs_once)
    COUNT_LOOP(%r1, LSR(1, 0, 0, 0))
    CHECK_D(%r1, 1)

CASE(ecnt_adds_epilogue_iterations)
    COUNT_LOOP(%r1, LSR(3, 2, 0, 0))
    CHECK_D(%r1, 5)

CASE(pcnt_does_not_change_the_count)
    COUNT_LOOP(%r1, LSR(6, 0, 3, 0))
    CHECK_D(%r1, 6)

CASE(lsr_reads_back)
    // [T int/rwd-rrd-1]
    { rwd,0 LSR(7, 1, 0, 0), %lsr }
    nop 3
    { rrd,0 %lsr, %r1 }
    { andd,0 %r1, 0xffffffff, %r2 }
    CHECK_D(%r2, 7)

CASE(loop_end_branch)
    // ? #LOOP_END is taken in the last iteration only
    { rwd,0 LSR(3, 0, 0, 0), %lsr ; addd,1 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    { disp %ctpr2, 2f ; nop 4 }
1:
    { addd,0 %r1, 1, %r1 ; alc alcf=1, alct=1 ; ct %ctpr2 ? #LOOP_END }
    ibranch 1b
2:
    CHECK_D(%r1, 3)

CASE(prologue_suppresses_stores)
    // lcnt 4, pcnt 2: the first two iterations store nothing
    { addd,0 0, 0, %r1 ; addd,1 0, loop_buf, %r2 ; addd,2 0, 1, %r3 }
    { std,2 %r1, 0, loop_buf ; std,5 %r1, 8, loop_buf }
    { rwd,0 LSR(4, 0, 2, 1), %lsr ; disp %ctpr1, 1f ; nop 4 }
    nop 3
1:
    {
        loop_mode
        stb,2 %r3, [ %r2 ]
        addd,0 %r2, 1, %r2
        alc alcf=1, alct=1
        ct %ctpr1 ? #NOT_LOOP_END
    }
    CHECK_MEM_D(loop_buf, 0x0000000001010000)

CASE(last_iteration_store_needs_strmd)
    // lcnt 4, strmd 0: the last iteration (loop end) stores nothing
    { addd,0 0, 0, %r1 ; addd,1 0, loop_buf, %r2 ; addd,2 0, 1, %r3 }
    { std,2 %r1, 0, loop_buf ; std,5 %r1, 8, loop_buf }
    { rwd,0 LSR(4, 0, 0, 0), %lsr ; disp %ctpr1, 1f ; nop 4 }
    nop 3
1:
    {
        loop_mode
        stb,2 %r3, [ %r2 ]
        addd,0 %r2, 1, %r2
        alc alcf=1, alct=1
        ct %ctpr1 ? #NOT_LOOP_END
    }
    CHECK_MEM_D(loop_buf, 0x0000000000010101)

CASE(rotation_in_a_loop)
    // abn each iteration: %b[0] walks down the rotating area
    { setbn rsz=3, rbs=4, rcur=0 }
    { addd,0 0, 0, %r8 ; addd,1 0, 0, %r10 ; addd,2 0, 0, %r12 ; addd,3 0, 0, %r14 }
    { rwd,0 LSR(4, 0, 0, 0), %lsr ; addd,1 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    nop 3
1:
    {
        addd,0 %r1, 1, %r1
        addd,1 %r1, 1, %b[0]
        alc alcf=1, alct=1
        abn abnf=1, abnt=1
        ct %ctpr1 ? #NOT_LOOP_END
    }
    CHECK_D(%r8, 1)
    CHECK_D(%r14, 2)
    CHECK_D(%r12, 3)
    CHECK_D(%r10, 4)
    { setbn rsz=3, rbs=4, rcur=0 }

TEST_END

    .data
    .balign 8
loop_buf:
    .quad 0, 0
