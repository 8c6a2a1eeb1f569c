/*
 * cpu_order_test.c — the order of reads and writes inside one bundle
 * (e2k-isa.md §9) and the tag rules (§4.10): read-before-write, highest
 * channel wins, faults before effects, tag-transparent moves, gettag/puttag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define CPU_TEST_FIXTURE
#include "cpu_test_util.h"


/* §9 step 4: { addd,0 %r1, 0, %r2 ; addd,1 %r2, 0, %r3 } copies the old
 * %r2 into %r3. */
static void test_read_before_write(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(1)));
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(2)));
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x11, R(1), I(0), R(2)), ALS(0x11, R(2), I(0), R(3))});
    run_ok();
    assert_int_equal(rr(m, 2), 1);
    assert_int_equal(rr(m, 3), 2);
}

/* A swap in one bundle. */
static void test_swap(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(1)));
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(2)));
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x11, R(1), I(0), R(2)), ALS(0x11, R(2), I(0), R(1))});
    run_ok();
    assert_int_equal(rr(m, 1), 2);
    assert_int_equal(rr(m, 2), 1);
}

/* Highest channel wins, even over a long-latency op [T base/same-reg-
 * output-1]: ch0 writes 1, ch5 udivd writes 9/3. */
static void test_highest_channel_wins(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(9), R(4)));
    EMIT(&p, .als_mask = 0x21,
         .als = {ALS(0x11, I(0), I(1), R(0)), [5] = ALS(0x41, R(4), I(3), R(0))});
    EMIT(&p, .als_mask = 0x9,
         .als = {ALS(0x11, I(0), I(5), R(1)), [3] = ALS(0x11, I(0), I(6), R(1))});
    run_ok();
    assert_int_equal(rr(m, 0), 3);
    assert_int_equal(rr(m, 1), 6);
}

/* A diagnostic operand in channel 3 faults before channel 0 writes. */
static void test_tag_fault_before_effects(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(7)));        /* diag */
    uint64_t at = EMIT(&p, .als_mask = 0x9,
                       .als = {ALS(0x11, R(6), I(1), R(0)), 0, 0,
                               ALS(0x11, R(7), I(1), R(1))});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(rr(m, 0), 0);
    assert_int_equal(m->cpu.icount, 1);
}

/* Speculative ops propagate the tag; movtd copies it without faulting;
 * gettagd reads it as a number (0x5); puttagd sets it [T sm/ tests]. */
static void test_tags(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(0)));        /* diag 0 */
    tp_op(&p, 0, SM | ALS(0x11, R(0), I(1), R(1)));        /* diag 1 */
    tp_op(&p, 0, ALS(0x61, 0xc0, R(1), R(2)));             /* movtd */
    EMIT(&p, .als_mask = 0x4, .als = {[2] = ALS(0x09, 0xc0, R(2), R(3))},
         .ales_mask = 0x4, .ales = {[2] = 0x01c0});        /* gettagd */
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x0b, I(9), I(0), R(4))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});       /* puttagd 9, 0 */
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x0b, I(9), I(5), R(5))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});       /* puttagd 9, 5 */
    run_ok();
    assert_int_equal(rtag(m, 1), CPU_TAG_DIAG64);
    assert_int_equal(rr(m, 1), 1);
    assert_int_equal(rtag(m, 2), CPU_TAG_DIAG64);
    assert_int_equal((uint32_t)rr(m, 3), 5);
    assert_int_equal(rtag(m, 3), 0);
    assert_int_equal(rr(m, 4), 9);
    assert_int_equal(rtag(m, 4), 0);
    assert_int_equal(rtag(m, 5), 5);
}

/* §4.2: dbl = 0 writes keep the high-half tag; movts always acts as
 * dbl = 0. */
static void test_partial_tag_write(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(0)));        /* tag 5 */
    tp_op(&p, 0, ALS(0x10, I(1), I(2), R(0)));             /* adds: low */
    run_ok();
    assert_int_equal(rtag(m, 0), 0x4);
    assert_int_equal((uint32_t)rr(m, 0), 3);
}

/* The guard of a direct bundle: a diagnostic source in the last channel
 * faults before the first channel writes (no hazards: direct mode). */
static void test_guarded_direct_bundle(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x40, I(0), I(0), R(7)));        /* tag 1 */
    uint64_t at = EMIT(&p, .als_mask = 0x7,
                       .als = {ALS(0x11, R(6), I(1), R(0)),
                               ALS(0x11, R(6), I(2), R(1)),
                               ALS(0x10, R(7), I(1), R(2))}); /* adds: s */
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(rr(m, 0), 0);
    assert_int_equal(rr(m, 1), 0);
}

/* ...but a 64-bit source whose high half only is diagnostic does not
 * fault a 32-bit op (guard masks follow operand sizes). */
static void test_guard_masks_by_size(void **state)
{
    (void)state;
    m->cpu.rf[7].tag = 0x4; /* high half diagnostic */
    m->cpu.rf[7].lo = 5;
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x11, R(6), I(1), R(0)), ALS(0x10, R(7), I(1), R(1))});
    run_ok();
    assert_int_equal(rr(m, 0), 1);
    assert_int_equal((uint32_t)rr(m, 1), 6);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_read_before_write),
        T(test_swap),
        T(test_highest_channel_wins),
        T(test_tag_fault_before_effects),
        T(test_tags),
        T(test_partial_tag_write),
        T(test_guarded_direct_bundle),
        T(test_guard_masks_by_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
