/*
 * cpu_alu_test.c — integer ALU semantics (e2k-isa.md §5.1, §5.3, §5.4,
 * §5.7, §4.2 dbl), run through the translator on hand-encoded bundles.
 * Expected values are the hardware-verified ones of qemu-e2k-tests where
 * e2k-isa.md cites them ([T int/...]).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu_test_util.h"

static struct machine *m;
static struct tprog p;

static int setup_isa(unsigned isa)
{
    m = tm_new(isa);
    p.m = m;
    p.pc = T_CODE;
    return m ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    return setup_isa(5);
}

static int setup_v4(void **state)
{
    (void)state;
    return setup_isa(4);
}

static int teardown(void **state)
{
    (void)state;
    mach_free(m);
    return 0;
}

static void run_ok(void)
{
    tp_halt(&p);
    int r = tp_run(m);
    if (r != CPU_STOP_BREAKPOINT)
        print_message("stop %s: %s at 0x%llx\n", cpu_stop_name((unsigned)r),
                      m->cpu.stop.msg, (unsigned long long)m->cpu.stop.pc);
    assert_int_equal(r, CPU_STOP_BREAKPOINT);
    assert_int_equal(m->cpu.stop.exc, 1);
}

/* r[n] = 64-bit constant, using a 64-bit literal (§3.2). */
static void set64(unsigned ch, unsigned n, uint64_t v)
{
    struct pack_bundle b = {0};
    b.als_mask = (uint8_t)(1u << ch);
    b.als[ch] = ALS(0x11, I(0), LIT64(0), R(n));
    b.n_lts = 2;
    b.lts[0] = (uint32_t)v;
    b.lts[1] = (uint32_t)(v >> 32);
    tp_emit(&p, &b);
}

/* §1.6: addd,0 0, 1, %r0 */
static void test_addd_imm(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(0)));
    run_ok();
    assert_int_equal(rr(m, 0), 1);
    assert_int_equal(rtag(m, 0), 0);
    assert_int_equal(m->cpu.icount, 1);
}

/* §3.2: 16- and 32-bit literals are sign-extended [T decode/lit-1]. */
static void test_literals(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x7,
         .als = {ALS(0x11, I(0), LIT32(0), R(1)), ALS(0x11, I(0), LIT16(1), R(2)),
                 ALS(0x11, I(0), 0xd4, R(3))},
         .n_lts = 2, .lts = {0xfffffff0u, 0x0000ffffu});
    set64(0, 4, 0x123456789abcdef0ull);
    run_ok();
    assert_true(rr(m, 1) == 0xfffffffffffffff0ull);
    assert_true(rr(m, 2) == ~0ull);
    assert_true(rr(m, 3) == ~0ull); /* 0xd4: LTS0 bits 31:16 */
    assert_true(rr(m, 4) == 0x123456789abcdef0ull);
}

static void test_logic_arith(void **state)
{
    (void)state;
    set64(0, 0, 0xf0f0f0f0f0f0f0f0ull);
    set64(0, 1, 0xff00ff00ff00ff00ull);
    EMIT(&p, .als_mask = 0x3f,
         .als = {ALS(0x01, R(0), R(1), R(2)),  /* andd */
                 ALS(0x03, R(0), R(1), R(3)),  /* andnd */
                 ALS(0x07, R(0), R(1), R(4)),  /* ornd */
                 ALS(0x0b, R(0), R(1), R(5)),  /* xornd */
                 ALS(0x13, R(0), R(1), R(6)),  /* subd */
                 ALS(0x11, R(0), R(1), R(7))}); /* addd */
    run_ok();
    assert_true(rr(m, 2) == 0xf000f000f000f000ull);
    assert_true(rr(m, 3) == 0x00f000f000f000f0ull); /* [T int/basic-1] */
    assert_true(rr(m, 4) == 0xf0fff0fff0fff0ffull);
    assert_true(rr(m, 5) == ~(0xf0f0f0f0f0f0f0f0ull ^ 0xff00ff00ff00ff00ull));
    assert_true(rr(m, 6) == 0xf0f0f0f0f0f0f0f0ull - 0xff00ff00ff00ff00ull);
    assert_true(rr(m, 7) == 0xf0f0f0f0f0f0f0f0ull + 0xff00ff00ff00ff00ull);
}

/* §5.1: counts are taken mod N [T int/basic-1]. */
static void test_shift_counts_masked(void **state)
{
    (void)state;
    set64(0, 0, 0x8000000000000001ull);
    EMIT(&p, .als_mask = 0x1f,
         .als = {ALS(0x18, I(1), LIT32(0), R(1)),        /* shls 1, 32 */
                 ALS(0x1c, R(0), LIT32(0), R(2)),        /* sars 0x1, 32 */
                 ALS(0x15, R(0), LIT32(1), R(3)),        /* scld x, 64 */
                 ALS(0x1d, R(0), LIT32(2), R(4)),        /* sard x, 63 */
                 ALS(0x17, R(0), I(4), R(5))},           /* scrd x, 4 */
         .n_lts = 3, .lts = {32, 64, 63});
    run_ok();
    assert_true((uint32_t)rr(m, 1) == 1);
    assert_true((uint32_t)rr(m, 2) == 1);
    assert_true(rr(m, 3) == 0x8000000000000001ull);
    assert_true(rr(m, 4) == ~0ull);
    assert_true(rr(m, 5) == 0x1800000000000000ull);
}

/* sars 0x80000000, 32 -> 0x80000000 [T int/basic-1]; 32-bit result with
 * dbl = 0 keeps bits 63:32 of the destination (§4.2). */
static void test_sars_and_dbl0(void **state)
{
    (void)state;
    set64(0, 1, 0xaaaaaaaa00000000ull);
    set64(0, 2, 0x80000000u);
    EMIT(&p, .als_mask = 1, .als = {ALS(0x1c, R(2), LIT32(0), R(1))},
         .n_lts = 1, .lts = {32});
    run_ok();
    assert_true(rr(m, 1) == 0xaaaaaaaa80000000ull);
}

/* setwd dbl=1: 32-bit results zero-extend, in the same bundle [T win/dbl-1]. */
static void test_dbl1_zero_extends(void **state)
{
    (void)state;
    set64(0, 1, 0xaaaaaaaa00000000ull);
    EMIT(&p, .als_mask = 1, .als = {ALS(0x10, I(1), I(2), R(1))},
         .has_cs1 = 1, .cs1 = 0, .n_lts = 1, .lts = {SETWD_LTS(8, 1, 1)});
    run_ok();
    assert_true(rr(m, 1) == 3);
    assert_int_equal(m->cpu.wd_dbl, 1);
}

/* §5.3 getfd: the v5 sign rule vs the pre-v5 byte rule [T int/getfd-1]. */
static uint64_t F(unsigned o, unsigned l, unsigned s, unsigned b)
{
    return o | l << 6 | s << 12 | b << 13;
}

static void test_getfd_v5_sign(void **state)
{
    (void)state;
    set64(0, 2, 0xff00);
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x1f, R(2), LIT32(0), R(0)),
                 ALS(0x1f, R(2), LIT32(1), R(1))},
         .n_lts = 2, .lts = {(uint32_t)F(8, 8, 1, 0), (uint32_t)F(4, 8, 0, 0)});
    run_ok();
    assert_true(rr(m, 0) == ~0ull);
    assert_true(rr(m, 1) == 0xf0);
}

static void test_getfd_v4_sign(void **state)
{
    (void)state;
    set64(0, 2, 0xff00);
    EMIT(&p, .als_mask = 0x1, .als = {ALS(0x1f, R(2), LIT32(0), R(0))},
         .n_lts = 1, .lts = {(uint32_t)F(8, 8, 1, 0)});
    run_ok();
    assert_true(rr(m, 0) == 0xff); /* sign taken from s1 bit 7 = 0 */
}

/* §5.3 insfd [T int/insfd-1]: ICMB3 opc 0x6d, ALES = 0x0b00 | src3. */
static void test_insfd(void **state)
{
    (void)state;
    set64(0, 0, 0x4afafafa1cccccc0ull);
    set64(0, 1, 0x4afafafa1ffffff0ull);
    set64(0, 2, F(8, 32, 0, 0));
    EMIT(&p, .als_mask = 1, .als = {ALS(0x6d, R(0), R(2), R(3))},
         .ales_mask = 1, .ales = {0x0b00 | R(1)});
    run_ok();
    assert_true(rr(m, 3) == 0xc04afafa1ffffff0ull);
}

static void test_sxt(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x7,
         .als = {ALS(0x0c, I(0), LIT32(0), R(0)),   /* 8-bit signed */
                 ALS(0x0c, I(5), LIT32(0), R(1)),   /* 16-bit unsigned */
                 ALS(0x0c, I(2), LIT32(0), R(2))},  /* 32-bit signed */
         .n_lts = 1, .lts = {0x80008080u});
    run_ok();
    assert_true(rr(m, 0) == 0xffffffffffffff80ull);
    assert_true(rr(m, 1) == 0x8080);
    assert_true(rr(m, 2) == 0xffffffff80008080ull);
}

/* EXT table (ALES 0x01c0): muld 0x21, smulx 0x23, umulhd 0x70. */
static void test_multiply(void **state)
{
    (void)state;
    set64(0, 0, 0xfffffffffffffffeull);
    set64(0, 1, 3);
    EMIT(&p, .als_mask = 0x1b,
         .als = {ALS(0x21, R(0), R(1), R(2)), ALS(0x23, R(0), R(1), R(3)), 0,
                 ALS(0x70, R(0), R(0), R(4)), ALS(0x22, R(0), R(1), R(5))},
         .ales_mask = 0x1b, .ales = {0x01c0, 0x01c0, 0, 0x01c0, 0x01c0});
    run_ok();
    assert_true(rr(m, 2) == (uint64_t)-6);
    assert_true(rr(m, 3) == (uint64_t)-6);                    /* smulx -2*3 */
    assert_true(rr(m, 4) == 0xfffffffffffffffcull);           /* umulhd */
    assert_true(rr(m, 5) == 0xfffffffeull * 3);               /* umulx */
}

/* §5.4: division on channel 5. */
static void test_divide(void **state)
{
    (void)state;
    set64(0, 0, 0x8000000000000000ull);
    set64(0, 1, ~0ull);
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x43, R(0), R(1), R(2))});
    set64(0, 5, 100);
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x41, R(5), I(7), R(3))});
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x44, R(5), I(7), R(4))});
    run_ok();
    assert_true(rr(m, 2) == 0x8000000000000000ull); /* INT_MIN / -1 */
    assert_true(rr(m, 3) == 14);
    assert_true((uint32_t)rr(m, 4) == 14);
}

static void test_divide_by_zero_faults(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(5), R(0)));
    uint64_t at = tp_op(&p, 5, ALS(0x41, R(0), I(0), R(1)));
    run_ok();
    (void)at;
}

static void test_divide_by_zero_exc(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(5), R(0)));
    uint64_t at = tp_op(&p, 5, ALS(0x41, R(0), I(0), R(1)));
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_DIV);
    assert_true(m->cpu.stop.pc == at);
    assert_true(m->cpu.ip == at);
    assert_int_equal(m->cpu.icount, 1);
}

/* §4.10: udivs,sm 0, 0 gives a diagnostic 0 (the tests' invalid32). */
static void test_divide_speculative(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x40, I(0), I(0), R(0)));
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(1)));
    run_ok();
    assert_int_equal(rtag(m, 0) & 3, 1);
    assert_int_equal(rtag(m, 1), CPU_TAG_DIAG64);
    assert_true(rr(m, 1) == 0);
}

/* ALOPF2 unary ops: lzcnt/popcnt on 1,4; bitrev on 0,1,3,4. */
static void test_bit_counts(void **state)
{
    (void)state;
    set64(0, 0, 0x00f0000000000001ull);
    EMIT(&p, .als_mask = 0x13,
         .als = {ALS(0x27, 0xc0, R(0), R(1)), ALS(0x65, 0xc0, R(0), R(2)), 0,
                 0, ALS(0x67, 0xc0, R(0), R(4))});
    /* opc 0x64 is lzcnts on channels 1/4 but ldb on 0/2/3/5 (§5.5) */
    tp_op(&p, 4, ALS(0x64, 0xc0, R(0), R(3)));
    run_ok();
    assert_true(rr(m, 1) == 0x8000000000000f00ull);
    assert_int_equal(rr(m, 2), 8);
    assert_int_equal((uint32_t)rr(m, 3), 31);
    assert_int_equal(rr(m, 4), 5);
}

/* §5.7: add_subd (ICMB2 opc 0x31, channel 1): qemu order s3 - (s1 + s2). */
static void test_combined_add_sub(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 0x2, .als = {[1] = ALS(0x31, I(3), I(4), R(0))},
         .ales_mask = 0x2, .ales = {[1] = 0x0a00 | R(1)});
    set64(0, 1, 100);
    struct tprog q = p;
    (void)q;
    run_ok();
    /* r1 was 0 when the combined op ran (set64 comes after it) */
    assert_true(rr(m, 0) == (uint64_t)(0 - 7));
}

/* §5.1 merge with an MRGC condition (§8.3). */
static void test_merge(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x21, I(1), I(1), CMPDST(2, 3)));   /* pred3 = 1 == 1 */
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x0f, I(5), I(6), R(0)), ALS(0x0f, I(5), I(6), R(1))},
         .n_cds = 1, .cds = {(uint32_t)MRGC(0, 3, 0) << 16 | MRGC(1, 3, 1)});
    run_ok();
    assert_int_equal(rr(m, 0), 6);
    assert_int_equal(rr(m, 1), 5);
}

/* movif (§5.6) whose destination is its exponent source reads the source
 * first. */
static void test_movif_dst_is_source(void **state)
{
    (void)state;
    set64(0, 0, 0x3fff);
    set64(0, 1, 0x8000000000000000ull);
    tp_op(&p, 0, ALS(0x5e, R(1), R(0), R(0)));   /* movif %r1, %r0, %r0 */
    run_ok();
    assert_true(rr(m, 0) == 0x8000000000000000ull);
    assert_true(m->cpu.rf[0].hi == 0x3fff);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_addd_imm),
        T(test_literals),
        T(test_logic_arith),
        T(test_shift_counts_masked),
        T(test_sars_and_dbl0),
        T(test_dbl1_zero_extends),
        T(test_getfd_v5_sign),
        cmocka_unit_test_setup_teardown(test_getfd_v4_sign, setup_v4, teardown),
        T(test_insfd),
        T(test_sxt),
        T(test_multiply),
        T(test_divide),
        T(test_divide_by_zero_exc),
        T(test_divide_speculative),
        T(test_bit_counts),
        T(test_combined_add_sub),
        T(test_merge),
        T(test_movif_dst_is_source),
    };
    (void)test_divide_by_zero_faults;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
