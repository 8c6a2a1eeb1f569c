/*
 * cpu_pk_test.c — packed integer ops (e2k-isa.md §5.8, semantics as
 * qemu-e2k helper_vec.c): lane arithmetic with saturation, compares,
 * pmovmskb, unpack/pack order, pshufb, and a 128-bit qp op.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define CPU_TEST_FIXTURE
#include "cpu_test_util.h"


/* EXT op on channel ch (ALES 0x01c0). */
static void ext(unsigned ch, unsigned opc, unsigned s1, unsigned s2, unsigned d)
{
    struct pack_bundle b = {0};
    b.als_mask = (uint8_t)(1u << ch);
    b.als[ch] = ALS(opc, s1, s2, d);
    b.ales_mask = (uint8_t)(1u << ch);
    b.ales[ch] = 0x01c0;
    tp_emit(&p, &b);
}

static void test_lanes(void **state)
{
    (void)state;
    set64(0, 0x7f0180ff00fe0102ull);
    set64(1, 0x0101808001030101ull);
    ext(0, 0x08, R(0), R(1), R(2));   /* paddb */
    ext(3, 0x0c, R(0), R(1), R(3));   /* paddusb */
    ext(0, 0x0a, R(0), R(1), R(4));   /* paddsb */
    ext(3, 0x18, R(0), R(0), R(5));   /* pcmpeqb: all ones */
    ext(1, 0x0b, R(0), R(1), R(6));   /* pmovmskb: s1 bits 15:8 */
    ext(1, 0x01, R(0), R(1), R(7));   /* punpcklbh */
    run_ok();
    assert_true(rr(m, 2) == 0x8002007f01010203ull);
    assert_true(rr(m, 3) == 0x8002ffff01ff0203ull);
    assert_true(rr(m, 4) == 0x7f02808001010203ull);
    assert_true(rr(m, 5) == ~0ull);
    /* s1 = 7f 01 80 ff 00 fe 01 02 (msb..lsb): negative bytes 5,4,2;
     * s2 = 01 01 80 80 01 03 01 01: negative bytes 5,4 */
    assert_int_equal(rr(m, 6), (0x34u << 8) | 0x30u);
    /* low halves interleaved, s2 first: s2 bytes 0..3 = 01 01 03 01,
     * s1 bytes 0..3 = 02 01 fe 00 */
    assert_true(rr(m, 7) == 0x0001fe0301010201ull);
}

static void test_pack_shuffle(void **state)
{
    (void)state;
    set64(0, 0x0100ff7f80000001ull);  /* halfwords: 0100 ff7f 8000 0001 */
    set64(1, 0x00030002fffe0123ull);
    ext(1, 0x09, R(0), R(1), R(2));   /* packushb: s1 high, s2 low */
    set64(3, 0x0f0e0d0c0b0a0908ull);  /* pshufb descriptor: s1 bytes 7..0 */
    EMIT(&p, .als_mask = 1, .als = {ALS(0x4d, R(0), R(1), R(4))},
         .ales_mask = 1, .ales = {0x0f00 | R(3)});
    run_ok();
    /* s1 halves (0x0100 0xff7f 0x8000 0x0001) -> ff 00 00 01;
     * s2 (0x0003 0x0002 0xfffe 0x0123) -> 03 02 00 ff */
    assert_true(rr(m, 2) == 0xff00000103020000ull + 0xff);
    assert_true(rr(m, 4) == rr(m, 0));
}

static void test_qp_add(void **state)
{
    (void)state;
    set64(0, 0x00000001ffffffffull);
    m->cpu.rf[0].hi = 5;
    set64(1, 0x0000000100000001ull);
    EMIT(&p, .als_mask = 1, .als = {ALS(0x4e, R(0), R(1), R(2))},
         .ales_mask = 1, .ales = {0x02c0});                     /* qpaddw */
    run_ok();
    assert_true(rr(m, 2) == 0x0000000200000000ull);
    assert_true(m->cpu.rf[2].hi == 5); /* hi + hi: r1.hi was 0 */
}

/* EXT1 op on channel 0 (ALES 0x02c0). */
static void ext1(unsigned opc, unsigned s1, unsigned s2, unsigned d)
{
    EMIT(&p, .als_mask = 1, .als = {ALS(opc, s1, s2, d)}, .ales_mask = 1,
         .ales = {0x02c0});
}

/* qppackdl with its destination = src1 reads src1 before writing
 * [T qp/stmqp-1: qppackdl,0 %dg16, lit, %qpg16]; qpswitchd swaps the
 * halves, qpswitchw the words of each half (qemu gen_qpswitch*). */
static void test_qp_pack_switch(void **state)
{
    (void)state;
    set64(0, 0xffeeddccbbaa9988ull);
    set64(1, 0x7766554433221100ull);
    ext1(0x3d, R(0), R(1), R(0));             /* qppackdl %r0, %r1, %r0 */
    ext1(0x3f, 0xc0, R(0), R(2));             /* qpswitchd %r0, %r2 */
    ext1(0x3e, 0xc0, R(0), R(3));             /* qpswitchw %r0, %r3 */
    run_ok();
    assert_true(rr(m, 0) == 0x7766554433221100ull);
    assert_true(m->cpu.rf[0].hi == 0xffeeddccbbaa9988ull);
    assert_true(rr(m, 2) == 0xffeeddccbbaa9988ull);
    assert_true(m->cpu.rf[2].hi == 0x7766554433221100ull);
    assert_true(rr(m, 3) == 0x3322110077665544ull);
    assert_true(m->cpu.rf[3].hi == 0xbbaa9988ffeeddccull);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_lanes),
        T(test_pack_shuffle),
        T(test_qp_add),
        T(test_qp_pack_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
