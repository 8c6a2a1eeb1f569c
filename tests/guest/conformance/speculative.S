// speculative.S — speculative ops under a diagnostic predicate (e2k-isa.md
// §4.10), ops that must fault under a condition, a loop-mode store that is
// suppressed, the CLP cascade rule (§8.2), DAM lock/check loads with
// `rbranch` (§5.5, docs/cpu.md "DAM") and the qp moves qppackdl and
// qpswitchd/w. Expected values are the hardware ones of the peer tests
// named in [T ...].

#include "e2k-test.h"

#define LSR(lcnt, ecnt, pcnt, strmd) \
    (((strmd) << 53) | ((pcnt) << 48) | (1 << 37) | ((ecnt) << 32) | (lcnt))
#define T_NLE #NOT_LOOP_END

// %pred1 = diagnostic (compare of a diagnostic value with sm)
#define DIAG_PRED1 \
    { udivd,5,sm 0, 0, %r20 } ; \
    { cmpedb,0,sm %r20, 0, %pred1 }

TEST_BEGIN
    T_CATCH(T_SIGILL)

CASE(spec_op_marks_its_result)
    // bits 30 and 62 are set, the tag is 5 [T sm/qual-4, sm/qual-10]
    DIAG_PRED1
    { addd,0,sm 0, 0x12, %r1 ? %pred1 ; subd,1,sm 0, 1, %r2 ? %pred1 }
    { gettagd,2 %r1, %r3 ; puttagd,5 %r1, 0, %r4 }
    { puttagd,2 %r2, 0, %r5 }
    CHECK_S(%r3, 5)
    CHECK_D(%r4, 0x4000000040000012)
    CHECK_D(%r5, -1)

CASE(spec_store_stores_the_marked_value)
    // [T sm/qual-11]
    DIAG_PRED1
    { addd,0 0, 6, %r1 }
    { std,2,sm %r1, 0, spec_buf ? %pred1 }
    CHECK_MEM_D(spec_buf, 0x4000000040000006)

CASE(false_pcnt_part_hides_the_diagnostic_predicate)
    // `? %pred1, %pcnt0` with pcnt = 1 does not run, and does not fault
    // although it is not speculative [T sm/qual-5]
    { rwd,0 LSR(2, 0, 1, 0), %lsr }
    DIAG_PRED1
    { addd,0 0, 0, %r1 }
    { addd,0 0, 1, %r1 ? %pred1, %pcnt0 }
    { rwd,0 0, %lsr }
    CHECK_D(%r1, 0)

CASE(state_write_under_diagnostic_predicate_faults)
    // even with sm [T sm/qual-9]
    DIAG_PRED1
    T_EXPECT_SIGNAL(1f)
    { rwd,0,sm 0, %lsr ? %pred1 }
    FAIL("no SIGILL for rwd,sm under a diagnostic predicate")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)

CASE(ctpr_write_under_a_condition_faults)
    // whatever the predicate [T plu/movtd-ctpr-cond-1, sm/qual-7]
    { cmpesb,0 0, 0, %pred2 }
    T_EXPECT_SIGNAL(1f)
    { movtd,0,sm 0, %ctpr1 ? %pred2 }
    FAIL("no SIGILL for a conditional movtd to %ctpr1")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)

CASE(clp_cascade_three_deep)
    // runs when only the last stage writes a predicate [T plu/cascading-2]
    // (gas refuses depth 3: the bundles are written as words)
    {
        cmpesb,0 0, 0, %pred0
        cmpesb,1 0, 0, %pred1
        cmpesb,3 0, 0, %pred2
        cmpesb,4 0, 0, %pred3
    }
    { cmpesb,0 0, 1, %pred4 }
    .word 0x000c0010, 0x000054e4, 0x62635080, 0x60614040
    CHECK_PRED(%pred4)
    // and faults when an earlier stage writes one too [T plu/clp-arg-6]
    T_EXPECT_SIGNAL(1f)
    .word 0x000c0010, 0x00005420, 0x60605020, 0x60604020
    FAIL("no SIGILL for a depth-3 cascade writing %pred0 at every stage")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)

CASE(suppressed_loop_store_checks_no_tags)
    // the prologue store of a diagnostic value is not performed and does
    // not fault [T loop/loop-1]
    { udivd,5,sm 0, 0, %r3 ; addd,0 0, spec_buf + 8, %r2 }
    { rwd,0 LSR(1, 0, 1, 0), %lsr ; disp %ctpr1, 1f ; nop 4 }
    nop 3
1:
    {
        loop_mode
        std,2 %r3, [ %r2 ]
        alc alcf=1, alct=1
        ct %ctpr1 ? T_NLE
    }
    { rwd,0 0, %lsr }
    CHECK_MEM_D(spec_buf + 8, 0)

CASE(dam_check_sees_a_conflicting_store)
    // lock load (mas 4), a store to the same word, check load (mas 3):
    // %MLOCK is true and rbranch goes to the compensation code
    // [T dam/dam-2]
    { addd,0 0, 0, %r1 ; addd,1 0, 0, %r5 }
    { ldd,0,sm 0, dam_word, %r2, mas=0x4 }
    {
        std,2 %r1, 0, dam_word
        ldd,5 0, dam_word, %r2, mas=0x3
        rbranch 2f
    }
    { addd,0 0, 1, %r5 }
2:
    CHECK_D(%r5, 0)
    CHECK_D(%r2, 0)

CASE(dam_check_without_conflict)
    // a store elsewhere leaves the lock intact: no branch (the peer test
    // dam/dam-1 expects this but is skipped by the suite)
    { addd,0 0, 7, %r1 ; addd,1 0, 0, %r5 }
    { std,2 %r1, 0, dam_word }
    { ldd,0,sm 0, dam_word, %r2, mas=0x4 }
    {
        std,2 %r1, 0, dam_word + 8
        ldd,5 0, dam_word, %r2, mas=0x3
        rbranch 2f
    }
    { addd,0 0, 1, %r5 }
2:
    CHECK_D(%r5, 1)
    CHECK_D(%r2, 7)

CASE(qp_pack_and_switch)
    // qppackdl may name a source as its destination [T qp/stmqp-1]
    { addd,0 0, 0x1111222233334444, %r1 }
    { qppackdl,0 %r1, 0x5555666677778888, %r1 }
    { qpswitchd,0 %r1, %r2 ; qpswitchw,1 %r1, %r3 }
    { movtd,0 %r2, %r4 }
    { movtd,0 %r3, %r5 }
    CHECK_D(%r4, 0x1111222233334444)
    CHECK_D(%r5, 0x7777888855556666)

TEST_END

    .data
    .balign 8
spec_buf:
    .fill 16, 1, 0
dam_word:
    .quad -1
    .quad 0
