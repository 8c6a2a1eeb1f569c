/*
 * cpu_pred_test.c — compares into predicates (e2k-isa.md §5.2), RLP
 * conditional execution (§8.3), PLS predicate logic (§8.1, §8.2) and the
 * predicate tag rules of §4.10.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define CPU_TEST_FIXTURE
#include "cpu_test_util.h"


static int pred(unsigned n)
{
    return cpu_pred_get(&m->cpu, n, NULL);
}

/* All eight cmpopce kinds, 64-bit, with s1 = -1, s2 = 1 (§5.2). */
static void test_cmp_kinds(void **state)
{
    (void)state;
    set64(0, ~0ull);
    set64(1, 1);
    for (unsigned k = 0; k < 8; k += 4)
        EMIT(&p, .als_mask = 0x1b,
             .als = {ALS(0x21, R(0), R(1), CMPDST(k, k)),
                     ALS(0x21, R(0), R(1), CMPDST(k + 1, k + 1)), 0,
                     ALS(0x21, R(0), R(1), CMPDST(k + 2, k + 2)),
                     ALS(0x21, R(0), R(1), CMPDST(k + 3, k + 3))});
    run_ok();
    assert_int_equal(pred(0), 0); /* o: -1 - 1 no overflow */
    assert_int_equal(pred(1), 0); /* b: 0xff..ff < 1 unsigned */
    assert_int_equal(pred(2), 0); /* e */
    assert_int_equal(pred(3), 0); /* be */
    assert_int_equal(pred(4), 1); /* s: -2 negative */
    assert_int_equal(pred(5), 0); /* p: 0xfe has 7 ones: odd */
    assert_int_equal(pred(6), 1); /* l: -1 < 1 */
    assert_int_equal(pred(7), 1); /* le */
}

/* Overflow and 32-bit compares. */
static void test_cmp_overflow_32(void **state)
{
    (void)state;
    set64(0, 0x80000000u);
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x20, R(0), I(1), CMPDST(0, 0)),  /* cmposb: overflow */
                 ALS(0x20, R(0), I(1), CMPDST(6, 1))}); /* cmplsb: INT_MIN<1 */
    run_ok();
    assert_int_equal(pred(0), 1);
    assert_int_equal(pred(1), 1);
}

/* cmpand (§5.2): t = s1 & s2. */
static void test_cmpand(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x1b,
         .als = {ALS(0x23, I(6), I(1), CMPDST(2, 0)),   /* e: 6&1 == 0 */
                 ALS(0x23, I(6), I(2), CMPDST(2, 1)),   /* e: 6&2 != 0 */
                 0, ALS(0x23, I(6), I(2), CMPDST(7, 2)), /* le: 2 <= 0? */
                 ALS(0x23, I(7), I(3), CMPDST(5, 3))});  /* p: 3 -> even */
    run_ok();
    assert_int_equal(pred(0), 1);
    assert_int_equal(pred(1), 0);
    assert_int_equal(pred(2), 0);
    assert_int_equal(pred(3), 1);
}

/* e2k-asm-syntax.md E5: op ? ~%pred1 (RLP). */
static void test_rlp(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x20, I(5), I(5), CMPDST(2, 1)));  /* pred1 = 1 */
    EMIT(&p, .als_mask = 0x24,
         .als = {[2] = ALS(0x11, R(1), I(1), R(1)), [5] = ALS(0x11, R(2), I(1), R(2))},
         .n_cds = 1, .cds = {(uint32_t)RLP(2, 1, 1) << 16 | RLP(5, 1, 0)});
    run_ok();
    assert_int_equal(rr(m, 1), 0);  /* ? ~%pred1: not executed */
    assert_int_equal(rr(m, 2), 1);  /* ? %pred1 */
}

/* RLP reads predicates from before the bundle; a compare in the same
 * bundle does not affect it (§8.3, §9). */
static void test_rlp_reads_old_pred(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x20, I(5), I(5), CMPDST(2, 1)), ALS(0x11, I(0), I(9), R(0))},
         .n_cds = 1, .cds = {(uint32_t)RLP(1, 1, 0) << 16});
    run_ok();
    assert_int_equal(pred(1), 1);
    assert_int_equal(rr(m, 0), 0);
}

/* e2k-asm-syntax.md E9: landp @p0, ~@p1, @p4; pass @p4, %pred5. */
static void test_pls_landp(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x21, I(1), I(2), CMPDST(1, 0)),   /* pred0 = 1 <u 2 */
                 ALS(0x21, I(3), I(0), CMPDST(2, 1))}); /* pred1 = 3 == 0 */
    EMIT(&p, .n_pls = 1, .pls = {0x60614265});
    run_ok();
    assert_int_equal(pred(5), 1);
}

/* §1.6: { pass %pred0,@p0 ; pass %pred1,@p1 ; andp @p0,@p1,@p4 ;
 * pass @p4,%pred2 }, and the ELPs read predicates from before the bundle
 * even when a compare of the same bundle writes them. */
static void test_pls_andp_old_values(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x21, I(1), I(1), CMPDST(2, 0)),
                 ALS(0x21, I(1), I(1), CMPDST(2, 1))});      /* both 1 */
    EMIT(&p, .als_mask = 1, .als = {ALS(0x21, I(1), I(2), CMPDST(2, 0))},
         .n_pls = 1, .pls = {0x60610062});                   /* pred0 := 0 */
    run_ok();
    assert_int_equal(pred(0), 0);
    assert_int_equal(pred(2), 1); /* computed from the old pred0 = 1 */
}

/* movep: if the first input holds, copy the second (§8.2) [T plu/movep-1]. */
static void test_pls_movep(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x21, I(1), I(1), CMPDST(2, 0)),       /* pred0 = 1 */
                 ALS(0x21, I(1), I(2), CMPDST(2, 1))});     /* pred1 = 0 */
    tp_op(&p, 0, ALS(0x21, I(1), I(1), CMPDST(2, 3)));     /* pred3 = 1 */
    /* movep @p0, @p1 -> pred3: opc 3 (bits 15:14), p0 0, p1 1, vdst, 3 */
    EMIT(&p, .n_pls = 1, .pls = {0x60610000u | (3u << 14) | (1u << 6) | 0x20 | 3});
    /* movep ~@p0 ... -> pred4 stays */
    tp_op(&p, 0, ALS(0x21, I(1), I(1), CMPDST(2, 4)));
    EMIT(&p, .n_pls = 1,
         .pls = {0x60610000u | (3u << 14) | (1u << 13) | (1u << 6) | 0x20 | 4});
    run_ok();
    assert_int_equal(pred(3), 0);
    assert_int_equal(pred(4), 1);
}

/* §4.10: a compare of a diagnostic value with ALS.sm gives a tagged
 * predicate; using it as a ct condition faults [T sm/qual-ct-1]. */
static void test_tagged_pred_faults_ct(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(0)));        /* diag */
    tp_op(&p, 0, SM | ALS(0x21, R(0), I(0), CMPDST(2, 0)));
    EMIT(&p, .has_cs0 = 1, .cs0 = CS0_DISP(1, 0));
    uint64_t at = EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 2, 0));
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
    assert_true(m->cpu.stop.pc == at);
    int tag;
    cpu_pred_get(&m->cpu, 0, &tag);
    assert_int_equal(tag, 1);
}

/* Diagnostic %pred0: pred0 = (diagnostic %r0 == 0) with sm. */
static void diag_pred0(void)
{
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(0)));         /* invalid64 */
    tp_op(&p, 0, SM | ALS(0x21, R(0), I(0), CMPDST(2, 0)));
}

/* A speculative op under a diagnostic predicate runs and marks its result:
 * bits 30 and 62 set, tag 5 [T sm/qual-4, qual-10]; a store writes the
 * marked value [T sm/qual-11]; a compare gives a tagged predicate. */
static void test_spec_op_under_diag_pred(void **state)
{
    (void)state;
    set64(3, T_DATA);
    set64(4, 1);
    diag_pred0();
    EMIT(&p, .als_mask = 0x3,
         .als = {SM | ALS(0x11, I(0), I(0), R(1)),          /* addd 0, 0 */
                 SM | ALS(0x13, I(0), I(1), R(2))},         /* subd 0, 1 */
         .n_cds = 1, .cds = {(uint32_t)RLP(0, 0, 0) << 16 | RLP(1, 0, 0)});
    EMIT(&p, .als_mask = 0x4, .als = {[2] = SM | ALS(0x27, R(3), I(0), R(4))},
         .n_cds = 1, .cds = {(uint32_t)RLP(2, 0, 0) << 16});
    EMIT(&p, .als_mask = 0x2, .als = {[1] = SM | ALS(0x21, I(0), I(0), CMPDST(2, 5))},
         .n_cds = 1, .cds = {(uint32_t)RLP(1, 0, 0) << 16});
    run_ok();
    assert_true(rr(m, 1) == 0x4000000040000000ull);
    assert_int_equal(rtag(m, 1), CPU_TAG_DIAG64);
    assert_true(rr(m, 2) == ~0ull);
    assert_int_equal(rtag(m, 2), CPU_TAG_DIAG64);
    assert_true(peek64(m, T_DATA) == 0x4000000040000001ull);
    int tag;
    assert_int_equal(cpu_pred_get(&m->cpu, 5, &tag), 1);
    assert_int_equal(tag, 1);
}

/* Without sm the same op faults [T sm/qual-2]. */
static void test_op_under_diag_pred_faults(void **state)
{
    (void)state;
    diag_pred0();
    uint64_t at = EMIT(&p, .als_mask = 0x1, .als = {ALS(0x11, I(0), I(1), R(1))},
                       .n_cds = 1, .cds = {(uint32_t)RLP(0, 0, 0) << 16});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
    assert_true(m->cpu.stop.pc == at);
}

/* `op ? %pred0, %pcnt0` with a false %pcnt part does not run and does not
 * look at the diagnostic predicate [T sm/qual-5]. */
static void test_false_pcnt_hides_diag_pred(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 1, .als = {ALS(0x3d, 0xc0, LIT64(0), 0x83)},
         .ales_mask = 1, .ales = {0x01c0}, .n_lts = 2,
         .lts = {1, 1u << 16 | 1u << 5});                  /* pcnt 1 */
    diag_pred0();
    uint16_t pcnt0 = (uint16_t)(1u << 10 | 0x40);          /* ch0 ? %pcnt0 */
    EMIT(&p, .als_mask = 0x1, .als = {ALS(0x11, I(0), I(1), R(1))},
         .n_cds = 1, .cds = {(uint32_t)RLP(0, 0, 0) << 16 | pcnt0});
    run_ok();
    assert_true(rr(m, 1) == 0);
}

/* A state-register write under a diagnostic predicate faults even with sm
 * [T sm/qual-9]. */
static void test_rwd_under_diag_pred_faults(void **state)
{
    (void)state;
    diag_pred0();
    EMIT(&p, .als_mask = 1, .als = {SM | ALS(0x3d, 0xc0, I(0), 0x83)},
         .ales_mask = 1, .ales = {0x01c0}, .n_cds = 1,
         .cds = {(uint32_t)RLP(0, 0, 0) << 16});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
}

/* movtd to a %ctpr under any condition is illegal [T
 * plu/movtd-ctpr-cond-1, sm/qual-7]; without a condition it is fine. */
static void test_ctpr_write_under_condition(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x21, I(0), I(0), CMPDST(2, 0)));      /* pred0 = 1 */
    tp_op(&p, 0, ALS(0x61, 0xc0, I(8), CTPR_DST(1)));
    uint64_t at = EMIT(&p, .als_mask = 1,
                       .als = {SM | ALS(0x61, 0xc0, I(8), CTPR_DST(2))},
                       .n_cds = 1, .cds = {(uint32_t)RLP(0, 0, 0) << 16});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(CTPR_TAG(m->cpu.ctpr[1]), CTPR_TAG_DISP);
}

/* A CLP cascade three deep runs [T plu/cascading-2] unless a stage before
 * the last also writes a global predicate [T plu/clp-arg-6, clp-arg-7]. */
static void test_clp_cascade_depth_3(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0xf,
         .als = {ALS(0x20, I(0), I(0), CMPDST(2, 0)), ALS(0x20, I(0), I(0), CMPDST(2, 1)),
                 0, ALS(0x20, I(0), I(0), CMPDST(2, 2))});
    tp_op(&p, 0, ALS(0x20, I(0), I(0), CMPDST(2, 3)));
    tp_op(&p, 0, ALS(0x20, I(0), I(1), CMPDST(2, 4)));      /* pred4 = 0 */
    EMIT(&p, .n_pls = 3, .pls = {0x60614040, 0x62635080, 0x000054e4});
    uint64_t at = EMIT(&p, .n_pls = 3, .pls = {0x60604020, 0x60605020, 0x00004160});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(pred(4), 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_cmp_kinds),
        T(test_cmp_overflow_32),
        T(test_cmpand),
        T(test_rlp),
        T(test_rlp_reads_old_pred),
        T(test_pls_landp),
        T(test_pls_andp_old_values),
        T(test_pls_movep),
        T(test_tagged_pred_faults_ct),
        T(test_spec_op_under_diag_pred),
        T(test_op_under_diag_pred_faults),
        T(test_false_pcnt_hides_diag_pred),
        T(test_rwd_under_diag_pred_faults),
        T(test_ctpr_write_under_condition),
        T(test_clp_cascade_depth_3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
