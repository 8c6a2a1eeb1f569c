/*
 * cpu_fp_test.c — floating point (e2k-isa.md §5.8; x86-compatible rules
 * as qemu-e2k models them): f32/f64 arithmetic, min/max NaN rules,
 * compares, conversions incl. the integer indefinite, rounding mode and
 * flags through %pfpfr, 80-bit fx ops, and the host FP state being
 * restored after a run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#define CPU_TEST_FIXTURE
#include "cpu_test_util.h"


static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static double rd(unsigned n)
{
    double d;
    memcpy(&d, &m->cpu.rf[n].lo, 8);
    return d;
}

static void test_f64_arith(void **state)
{
    (void)state;
    set64(0, dbits(1.5));
    set64(1, dbits(2.25));
    EMIT(&p, .als_mask = 0x1b,
         .als = {ALS(0x31, R(0), R(1), R(2)), ALS(0x33, R(0), R(1), R(3)), 0,
                 ALS(0x39, R(0), R(1), R(4)), ALS(0x37, R(0), R(1), R(5))});
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x49, R(0), R(1), R(6))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});          /* fdivd */
    run_ok();
    assert_true(rd(2) == 3.75);
    assert_true(rd(3) == -0.75);
    assert_true(rd(4) == 3.375);
    assert_true(rd(5) == 2.25);
    assert_true(rd(6) == 1.5 / 2.25);
}

static void test_f32_arith_and_sqrt(void **state)
{
    (void)state;
    set64(0, fbits(2.0f));
    set64(1, fbits(0.5f));
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x30, R(0), R(1), R(2)), ALS(0x38, R(0), R(1), R(3))});
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x4c, 0xc0, R(0), R(4))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});          /* fsqrts */
    run_ok();
    assert_int_equal((uint32_t)rr(m, 2), fbits(2.5f));
    assert_int_equal((uint32_t)rr(m, 3), fbits(1.0f));
    assert_int_equal((uint32_t)rr(m, 4), fbits(sqrtf(2.0f)));
}

/* x86 rule (qemu "e2k behaves like x86"): min/max return the second
 * operand if either is NaN. */
static void test_min_max_nan(void **state)
{
    (void)state;
    set64(0, dbits(NAN));
    set64(1, dbits(1.0));
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x35, R(0), R(1), R(2)), ALS(0x35, R(1), R(0), R(3))});
    run_ok();
    assert_true(rd(2) == 1.0);
    assert_true(isnan(rd(3)));
}

static void test_compares(void **state)
{
    (void)state;
    set64(0, dbits(1.0));
    set64(1, dbits(2.0));
    set64(2, dbits(NAN));
    EMIT(&p, .als_mask = 0x1b,
         .als = {ALS(0x2f, R(0), R(1), CMPDST(1, 0)),   /* fcmpltdb 1<2 */
                 ALS(0x2f, R(1), R(0), CMPDST(2, 1)),   /* fcmpledb 2<=1 */
                 0, ALS(0x2f, R(0), R(2), CMPDST(3, 2)), /* fcmpuoddb */
                 ALS(0x2f, R(0), R(2), CMPDST(4, 3))}); /* fcmpneqdb */
    EMIT(&p, .als_mask = 0x1, .als = {ALS(0x2d, R(0), R(0), R(5))},
         .ales_mask = 0x1, .ales = {0x01c0});         /* fcmpeqd: mask */
    run_ok();
    assert_int_equal(cpu_pred_get(&m->cpu, 0, NULL), 1);
    assert_int_equal(cpu_pred_get(&m->cpu, 1, NULL), 0);
    assert_int_equal(cpu_pred_get(&m->cpu, 2, NULL), 1);
    assert_int_equal(cpu_pred_get(&m->cpu, 3, NULL), 1);
    assert_true(rr(m, 5) == ~0ull);
}

static void test_conversions(void **state)
{
    (void)state;
    set64(0, dbits(2.5));
    set64(1, dbits(-2.7));
    set64(2, fbits(3e9f));
    set64(3, (uint64_t)-7);
    EMIT(&p, .als_mask = 0x1b,
         .als = {ALS(0x3d, 0xc0, R(0), R(4)),    /* fdtoid: nearest even */
                 ALS(0x3d, 0xc2, R(1), R(5)),    /* fdtoidtr */
                 0, ALS(0x3c, 0xc0, R(2), R(6)), /* fstois: overflow */
                 ALS(0x3d, 0xc4, R(3), R(7))});  /* idtofd */
    run_ok();
    assert_int_equal(rr(m, 4), 2);
    assert_true(rr(m, 5) == (uint64_t)-2);
    assert_int_equal((uint32_t)rr(m, 6), 0x80000000u);   /* indefinite */
    assert_true(rd(7) == -7.0);
    assert_true(m->cpu.pfpfr & 1); /* IE from the overflowing conversion */
}

/* %pfpfr: flags accumulate (PE for 1/10); rc = 3 (truncate) changes the
 * rounding of later ops (rwd, e2k-isa.md §4.8 user-writable). */
static void test_pfpfr_flags_and_rounding(void **state)
{
    (void)state;
    set64(0, dbits(1.0));
    set64(1, dbits(10.0));
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x49, R(0), R(1), R(2))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});          /* 1/10 near */
    set64(5, 0x1f80u | (3u << 13));
    EMIT(&p, .als_mask = 1, .als = {ALS(0x3d, 0xc0, R(5), 0x84)},
         .ales_mask = 1, .ales = {0x01c0});                   /* rwd %pfpfr */
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x49, R(0), R(1), R(3))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});          /* 1/10 chop */
    run_ok();
    assert_true(rd(2) == 1.0 / 10.0);
    assert_true(rr(m, 3) == rr(m, 2) - 1); /* truncated: one ulp lower */
    assert_true(m->cpu.pfpfr & 0x20);           /* PE */
    assert_int_equal((m->cpu.pfpfr >> 13) & 3, 3);
    uint32_t mx;
    __asm__ volatile("stmxcsr %0" : "=m"(mx));
    assert_int_equal(mx & 0x7fc0, 0x1f80); /* host MXCSR restored */
}

/* 80-bit: fdtofx, fxaddxx, fxtofd, fxmulxd; x80 in lo (mantissa) +
 * hi[15:0] (sign/exponent). */
static void test_fx(void **state)
{
    (void)state;
    set64(0, dbits(1.0));
    set64(1, dbits(0x1p-60));
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x3d, 0xc7, R(0), R(2)), ALS(0x3d, 0xc7, R(1), R(3))});
    EMIT(&p, .als_mask = 0x1, .als = {ALS(0x47, R(2), R(3), R(4))}); /* xx */
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x3d, 0xc6, R(4), R(5)),     /* fxtofd */
                 ALS(0x51, R(4), R(1), R(6))});   /* fxmuldd */
    run_ok();
    assert_true(rr(m, 2) == 0x8000000000000000ull);
    assert_int_equal(m->cpu.rf[2].hi, 0x3fff);
    /* 1 + 2^-60 is exact in x80 */
    assert_true(rr(m, 4) == 0x8000000000000008ull);
    assert_int_equal(m->cpu.rf[4].hi, 0x3fff);
    assert_true(rd(5) == 1.0);                       /* rounded to double */
    assert_true(rd(6) == 0x1p-60);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_f64_arith),
        T(test_f32_arith_and_sqrt),
        T(test_min_max_nan),
        T(test_compares),
        T(test_conversions),
        T(test_pfpfr_flags_and_rounding),
        T(test_fx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
