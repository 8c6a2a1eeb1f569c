/*
 * cpu_aau_test.c — the array access unit (e2k-isa.md §5.10, emu/sem_aau.c):
 * AAU register writes and reads (aaurw, aaurr = staa/ldaa with MAS 0x3f),
 * staa/ldaa addressing and the %aasti increment (also under a false RLP
 * and in loop mode), and the asynchronous prefetch: a fapb program loaded
 * by bap through an ldisp %ctpr2, read by mova with the element-format
 * check, big-endian reads, misaligned elements by ISA version and the am
 * advance. Bundles with AAS half-syllables are built by hand (§1.4 step 9);
 * the layout matches what e2k-as emits for `movad,0 ... %dr1`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu_test_util.h"

static struct machine *m;
static struct tprog p;

static int setup_v(unsigned isa)
{
    m = tm_new(isa);
    p.m = m;
    p.pc = T_CODE;
    return m ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    return setup_v(5);
}

static int setup_v4(void **state)
{
    (void)state;
    return setup_v(4);
}

static int teardown(void **state)
{
    (void)state;
    mach_free(m);
    return 0;
}

static int run(void)
{
    tp_halt(&p);
    int r = tp_run(m);
    if (r != CPU_STOP_BREAKPOINT)
        print_message("stop %s: %s\n", cpu_stop_name((unsigned)r),
                      m->cpu.stop.msg);
    return r;
}

static void run_ok(void)
{
    assert_int_equal(run(), CPU_STOP_BREAKPOINT);
}

static void set64(unsigned n, uint64_t v)
{
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, I(0), LIT64(0), R(n))},
         .n_lts = 2, .lts = {(uint32_t)v, (uint32_t)(v >> 32)});
}

/* ALOPF10/19 ALS: opc, aad 23:19, ind 18:15, incr 14:12, aaopc 11:10,
 * literal 9:8, register 7:0. */
static uint32_t aa(unsigned opc, unsigned aad, unsigned ind, unsigned incr,
                   unsigned aaopc, unsigned lit, unsigned reg)
{
    return (uint32_t)opc << 24 | aad << 19 | ind << 15 | incr << 12 |
           aaopc << 10 | lit << 8 | reg;
}

/* CS1 MAS (§5.5): channel 2 in bits 20:14, channel 5 in bits 6:0. */
#define CS1_MAS25(m2, m5) (0x60000000u | (uint32_t)(m2) << 14 | (uint32_t)(m5))

/* aaurw-class op on channel 2 (MAS 0x3f): opc 0x1e aaurw, 0x1f aaurwd. */
static void aaurw2(unsigned opc, unsigned aaopc, unsigned n, unsigned reg)
{
    unsigned aad = aaopc ? 0 : n, ind = aaopc ? n : 0;
    EMIT(&p, .als_mask = 0x4, .als = {[2] = aa(opc, aad, ind, 0, aaopc, 0, reg)},
         .ales_mask = 0x4, .ales = {[2] = 0x01c0}, .has_cs1 = 1,
         .cs1 = CS1_MAS25(0x3f, 0));
}

/* aaurrd on channel 5 (ldaad opc 0x5f with MAS 0x3f). */
static void aaurrd5(unsigned aaopc, unsigned n, unsigned reg)
{
    unsigned aad = aaopc ? 0 : n, ind = aaopc ? n : 0;
    EMIT(&p, .als_mask = 0x20, .als = {[5] = aa(0x5f, aad, ind, 0, aaopc, 0, reg)},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0}, .has_cs1 = 1,
         .cs1 = CS1_MAS25(0, 0x3f));
}

static void test_aaurw_aaurr(void **state)
{
    (void)state;
    set64(0, 0x0600123456789abcull); /* bits 58:57 = 3 are kept */
    set64(1, 0xfffffff5);
    aaurw2(0x1f, 0, 3, R(0));   /* aaurwd %r0, %aad3 */
    aaurw2(0x1f, 1, 5, R(1));   /* aaurwd %r1, %aasti5 */
    aaurw2(0x1e, 2, 7, R(1));   /* aaurw %r1, %aaind7 */
    aaurw2(0x1e, 3, 2, R(1));   /* aaurw %r1, %aaincr2 */
    aaurw2(0x1e, 2, 0, R(1));   /* %aaind0 stays 0 */
    aaurw2(0x1e, 3, 0, R(1));   /* %aaincr0 stays 1 */
    aaurw2(0x1e, 0, 4, R(1));   /* 32-bit aaurw to %aad4 */
    aaurrd5(0, 3, R(2));
    aaurrd5(1, 5, R(3));
    aaurrd5(2, 7, R(4));
    aaurrd5(3, 2, R(5));
    aaurrd5(2, 0, R(6));
    aaurrd5(3, 0, R(7));
    aaurrd5(0, 4, R(8));
    run_ok();
    const struct cpu_aau *a = &m->cpu.aau;
    assert_true(a->aad_lo[3] == (0x123456789abcull | 3ull << 57 | 3ull << 59));
    assert_true(rr(m, 2) == a->aad_lo[3]);
    assert_true(rr(m, 3) == 0xfffffff5 && a->aasti[5] == 0xfffffff5);
    assert_true(rr(m, 4) == 0xfffffff5);
    assert_true(rr(m, 5) == 0xfffffff5);
    assert_true(rr(m, 6) == 0);
    assert_true(rr(m, 7) == 1);
    assert_true(rr(m, 8) == (0xfffffff5ull | 3ull << 59));
    assert_int_equal(rtag(m, 2), 0);
}

/* A diagnostic value in a non-speculative aaurw faults; with sm the
 * register keeps a "diagnostic" mark that reads back as a tagged value. */
static void test_aaurw_diag(void **state)
{
    (void)state;
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(0))); /* diagnostic %r0 */
    EMIT(&p, .als_mask = 0x4, .als = {[2] = SM | aa(0x1f, 0, 1, 0, 1, 0, R(0))},
         .ales_mask = 0x4, .ales = {[2] = 0x01c0}, .has_cs1 = 1,
         .cs1 = CS1_MAS25(0x3f, 0));
    aaurrd5(1, 1, R(1));
    uint64_t at = EMIT(&p, .als_mask = 0x4,
                       .als = {[2] = aa(0x1f, 0, 2, 0, 1, 0, R(0))},
                       .ales_mask = 0x4, .ales = {[2] = 0x01c0}, .has_cs1 = 1,
                       .cs1 = CS1_MAS25(0x3f, 0));
    assert_int_equal(run(), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(rtag(m, 1), CPU_TAG_DIAG64);
}

/* staa: address = %aad.base + %aasti + literal; incr adds %aaincr << size
 * [T aau/staa-1]. */
static void test_staa_incr(void **state)
{
    (void)state;
    set64(0, T_DATA);
    set64(1, 0x1122334455667788ull);
    set64(2, 3);
    aaurw2(0x1f, 0, 1, R(0));      /* %aad1 = T_DATA */
    aaurw2(0x1e, 3, 1, R(2));      /* %aaincr1 = 3 */
    for (int i = 0; i < 2; i++)    /* staab %r1, %aad1[%aasti0], incr0 */
        EMIT(&p, .als_mask = 0x4, .als = {[2] = aa(0x1c, 1, 0, 0, 1, 0, R(1))},
             .ales_mask = 0x4, .ales = {[2] = 0x01c0});
    /* staad,5 %r1, %aad1[%aasti2 + 0x20], incr1 (adds 3 << 3) */
    EMIT(&p, .als_mask = 0x20, .als = {[5] = aa(0x1f, 1, 2, 1, 1, 1, R(1))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0}, .n_lts = 1,
         .lts = {0x20});
    run_ok();
    assert_true(peek64(m, T_DATA) == 0x8888);
    assert_true(peek64(m, T_DATA + 0x20) == 0x1122334455667788ull);
    assert_int_equal(m->cpu.aau.aasti[0], 2);
    assert_int_equal(m->cpu.aau.aasti[2], 24);
}

/* The increment happens even when the op's RLP fails (qemu gen_alop); a
 * store suppressed by loop mode does not increment. */
static void test_staa_incr_rlp_and_loop_mode(void **state)
{
    (void)state;
    set64(0, T_DATA);
    set64(1, 0x55);
    aaurw2(0x1f, 0, 0, R(0));
    tp_op(&p, 0, ALS(0x21, I(1), I(2), CMPDST(2, 0))); /* pred0 = 0 */
    EMIT(&p, .als_mask = 0x4, .als = {[2] = aa(0x1c, 0, 0, 0, 1, 0, R(1))},
         .ales_mask = 0x4, .ales = {[2] = 0x01c0}, .n_cds = 1,
         .cds = {(uint32_t)RLP(2, 0, 0) << 16});
    /* rwd %lsr with pcnt 1 (bits 52:48), then a loop-mode staa */
    EMIT(&p, .als_mask = 1, .als = {ALS(0x3d, 0xc0, LIT64(0), 0x83)},
         .ales_mask = 1, .ales = {0x01c0}, .n_lts = 2,
         .lts = {4, 1u << 16});
    EMIT(&p, .lm = 1, .als_mask = 0x4,
         .als = {[2] = aa(0x1c, 0, 0, 0, 1, 0, R(1))}, .ales_mask = 0x4,
         .ales = {[2] = 0x01c0});
    run_ok();
    assert_int_equal(m->cpu.aau.aasti[0], 1);
    assert_true(peek64(m, T_DATA) == 0);
}

/* The increment is applied after the bundle's ALU ops: a later channel
 * that faults leaves %aasti as it was (the retried bundle stores to the
 * same place), and two staa of one bundle both see the old index. */
static void test_staa_incr_after_bundle(void **state)
{
    (void)state;
    set64(0, T_DATA);
    set64(1, 0x77);
    set64(2, 0x7000000);
    aaurw2(0x1f, 0, 0, R(0));
    uint64_t at = EMIT(&p, .als_mask = 0x24,
                       .als = {[2] = aa(0x1c, 0, 0, 0, 1, 0, R(1)),
                               [5] = ALS(0x67, R(2), I(0), R(3))},
                       .ales_mask = 0x4, .ales = {[2] = 0x01c0});
    assert_int_equal(run(), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_DATA_PAGE);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(m->cpu.aau.aasti[0], 0);
    /* both channels store at index 0, then both increments apply */
    p.pc = T_CODE + 0x400;
    m->cpu.ip = p.pc;
    EMIT(&p, .als_mask = 0x24,
         .als = {[2] = aa(0x1c, 0, 0, 0, 1, 0, R(1)),
                 [5] = aa(0x1c, 0, 0, 0, 1, 0, R(0))},
         .ales_mask = 0x24, .ales = {[2] = 0x01c0, [5] = 0x01c0});
    run_ok();
    assert_int_equal(m->cpu.aau.aasti[0], 2);
    assert_true(peek64(m, T_DATA) == (T_DATA & 0xff));
}

/* ldaa mirrors staa (UNSURE, not in qemu). */
static void test_ldaa(void **state)
{
    (void)state;
    set64(0, T_DATA);
    set64(1, 0xa1b2c3d4e5f60718ull);
    set64(2, 8);
    EMIT(&p, .als_mask = 0x4, .als = {[2] = ALS(0x27, R(0), I(8), R(1))});
    aaurw2(0x1f, 0, 2, R(0));      /* %aad2 */
    aaurw2(0x1e, 1, 3, R(2));      /* %aasti3 = 8 */
    EMIT(&p, .als_mask = 0x20, .als = {[5] = aa(0x5f, 2, 3, 0, 1, 0, R(3))},
         .ales_mask = 0x20, .ales = {[5] = 0x01c0});
    EMIT(&p, .als_mask = 0x4, .als = {[2] = aa(0x5e, 2, 3, 0, 0, 0, R(4))},
         .ales_mask = 0x4, .ales = {[2] = 0x01c0});
    run_ok();
    assert_true(rr(m, 3) == 0xa1b2c3d4e5f60718ull);
    assert_int_equal(m->cpu.aau.aasti[3], 16);
    assert_true(rr(m, 4) == 0); /* T_DATA + 16 */
}

/* ---- prefetch ------------------------------------------------------------- */

#define PROG (T_DATA + 0x800) /* fapb program */
#define ARR (T_DATA + 0x400)  /* array */

/* fapb instruction (qemu E2KAauPrefInstr): abs 4:0, asz 7:5, ind 11:8,
 * incr 14:12, aad 19:15, mrng 24:20, fmt 27:25, dcd 29:28, ct 31; disp
 * in the high word. */
static uint64_t fapb(unsigned ct, unsigned fmt, unsigned aad, unsigned incr,
                     unsigned ind, uint32_t disp)
{
    return (uint64_t)ct << 31 | fmt << 25 | 8u << 20 | aad << 15 |
           incr << 12 | ind << 8 | 1u << 5 | (uint64_t)disp << 32;
}

/* AAS of a mova (§5.10): be 15, opc 14:12, area 10:6, ind 5:1, am 0. */
static uint16_t aas(unsigned opc, unsigned area, unsigned ind, unsigned am,
                    unsigned be)
{
    return (uint16_t)(be << 15 | opc << 12 | area << 6 | ind << 1 | am);
}

/* A bundle of HS + SS + half-syllables (§1.4 step 9: the first half of a
 * word is its upper 16 bits). */
static uint64_t emit_halves(uint32_t ss, const uint16_t *h, unsigned nh)
{
    uint8_t buf[32];
    memset(buf, 0, sizeof buf);
    unsigned words = 2 + (nh + 1) / 2;
    words += words & 1;
    uint32_t hs = 1u | (uint32_t)(words / 2 - 1) << 4 | 1u << 12;
    uint32_t w[8] = {hs, ss};
    for (unsigned i = 0; i < nh; i++)
        w[2 + i / 2] |= (uint32_t)h[i] << (i & 1 ? 0 : 16);
    memcpy(buf, w, 4 * words);
    uint64_t at = p.pc;
    mem_poke(m->mem, at, buf, 4 * words);
    p.pc += 4 * words;
    return at;
}

/* mova on channel 0 only: AAS0 (dst of ch0 in 15:8), AAS2. */
static void mova0(uint16_t a, unsigned dst)
{
    uint16_t h[2] = {(uint16_t)(dst << 8), a};
    emit_halves(0xc0001000u, h, 2);
}

/* Two movas in one bundle: channels 0 and 1 (AAS0, AAS2, AAS3). */
static void mova01(uint16_t a0, unsigned d0, uint16_t a1, unsigned d1)
{
    uint16_t h[3] = {(uint16_t)(d0 << 8 | d1), a0, a1};
    emit_halves(0xc0003000u, h, 3);
}

/* mova on channel 2: AAS1 (dst of ch2 in 15:8), AAS4. */
static void mova2(uint16_t a, unsigned dst)
{
    uint16_t h[2] = {(uint16_t)(dst << 8), a};
    emit_halves(0xc0004000u, h, 2);
}

/* %aad0 = base, ldisp %ctpr2 to PROG, then bap. */
static void start_prefetch(uint64_t base)
{
    set64(0, base);
    aaurw2(0x1f, 0, 0, R(0));
    uint64_t at = p.pc;
    int64_t d = (int64_t)(PROG - at) / 8;
    EMIT(&p, .has_cs0 = 1, .cs0 = (2u << 30) | (1u << 28) |
                                 ((uint32_t)d & 0x0fffffff));
    EMIT(&p, .has_ss = 1, .ss = 0xc0000000u | 1u << 28); /* bap */
}

static void poke64(uint64_t a, uint64_t v)
{
    mem_poke(m->mem, a, &v, 8);
}

/* movad with am over four elements, and the advance by %aaincr [T
 * aau/movad-1]. */
static void test_mova_walk(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 5; i++)
        poke64(ARR + 8 * i, 100 + i);
    poke64(PROG, fapb(1, 4, 0, 0, 0, 0));
    poke64(PROG + 8, 0);
    start_prefetch(ARR);
    for (unsigned i = 0; i < 3; i++)
        mova0(aas(4, 0, 0, 1, 0), R(1 + i));
    mova0(aas(4, 0, 8, 0, 0), R(4)); /* ind = 8 bytes, no advance */
    mova0(aas(4, 0, 0, 0, 0), R(5));
    run_ok();
    assert_true(rr(m, 1) == 100 && rr(m, 2) == 101 && rr(m, 3) == 102);
    assert_true(rr(m, 4) == 104);
    assert_true(rr(m, 5) == 103);
    assert_int_equal(rtag(m, 1), 0);
    assert_int_equal(m->cpu.aau.area[0][0].cdi, 24);
}

/* The area's element size must hold the access: movaw from an area of
 * 2-byte elements is invalid (diagnostic) [T aau/movaw-fmt-2], movab from
 * 16-byte elements is fine [T aau/movab-fmt-5]; fmt 0 = no area. */
static void test_mova_format(void **state)
{
    (void)state;
    poke64(ARR, 0x8877665544332211ull);
    poke64(PROG, fapb(0, 2, 0, 0, 0, 0));      /* area 0: fmt 2 */
    poke64(PROG + 8, fapb(0, 5, 0, 0, 0, 1));  /* area 0 of ch 2,3: fmt 5 */
    poke64(PROG + 16, fapb(1, 0, 0, 0, 0, 0)); /* area 1: none */
    poke64(PROG + 24, 0);
    start_prefetch(ARR);
    mova0(aas(3, 0, 0, 0, 0), R(1)); /* movaw, fmt 2: invalid */
    mova0(aas(2, 0, 0, 0, 0), R(2)); /* movah, fmt 2 */
    mova2(aas(1, 0, 0, 0, 0), R(3)); /* movab on ch 2, disp 1 */
    mova0(aas(1, 1, 0, 0, 0), R(4)); /* area 1: fmt 0 */
    run_ok();
    assert_int_equal(rtag(m, 1), CPU_TAG_DIAG64);
    assert_true(rr(m, 2) == 0x2211 && rtag(m, 2) == 0);
    assert_true(rr(m, 3) == 0x22 && rtag(m, 3) == 0);
    assert_int_equal(rtag(m, 4), CPU_TAG_DIAG64);
}

/* be = 1 reads big-endian; two channels advancing the same area advance it
 * once (qemu gen_aau). */
static void test_mova_be_and_pair(void **state)
{
    (void)state;
    poke64(ARR, 0x8877665544332211ull);
    poke64(PROG, fapb(1, 3, 0, 0, 0, 0));
    poke64(PROG + 8, 0);
    start_prefetch(ARR);
    mova01(aas(3, 0, 0, 1, 1), R(1), aas(3, 0, 4, 1, 0), R(2));
    run_ok();
    assert_true(rr(m, 1) == 0x11223344);
    assert_true(rr(m, 2) == 0x88776655);
    assert_int_equal(m->cpu.aau.area[0][0].cdi, 4);
}

/* Misaligned elements: fine on v5 [T aau/movad-unaligned-2], invalid
 * before [T aau/movad-unaligned-1]. */
static void mova_misaligned(unsigned expect_tag)
{
    poke64(ARR + 1, 0x0102030405060708ull);
    poke64(PROG, fapb(1, 4, 0, 0, 0, 1));
    poke64(PROG + 8, 0);
    start_prefetch(ARR);
    mova0(aas(4, 0, 0, 0, 0), R(1));
    run_ok();
    assert_int_equal(rtag(m, 1), expect_tag);
    if (!expect_tag)
        assert_true(rr(m, 1) == 0x0102030405060708ull);
}

static void test_mova_misaligned_v5(void **state)
{
    (void)state;
    mova_misaligned(0);
}

static void test_mova_misaligned_v4(void **state)
{
    (void)state;
    mova_misaligned(CPU_TAG_DIAG64);
}

/* %aaind gives the start index of an area; %aaincr the step. */
static void test_mova_ind_incr(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 8; i++)
        poke64(ARR + 8 * i, i);
    set64(1, 16);
    set64(2, 3);
    aaurw2(0x1e, 2, 1, R(1));      /* %aaind1 = 16 */
    aaurw2(0x1e, 3, 1, R(2));      /* %aaincr1 = 3 */
    poke64(PROG, fapb(1, 4, 0, 1, 1, 0));
    poke64(PROG + 8, 0);
    start_prefetch(ARR);
    mova0(aas(4, 0, 0, 1, 0), R(3));
    mova0(aas(4, 0, 0, 1, 0), R(4));
    run_ok();
    assert_true(rr(m, 3) == 2);
    assert_true(rr(m, 4) == 5);
}

/* bap needs an ldisp in %ctpr2 (qemu aau_load_program). */
static void test_bap_without_ldisp(void **state)
{
    (void)state;
    uint64_t at = EMIT(&p, .has_ss = 1, .ss = 0xc0000000u | 1u << 28);
    assert_int_equal(run(), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.stop.pc == at);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_aaurw_aaurr),
        T(test_aaurw_diag),
        T(test_staa_incr),
        T(test_staa_incr_rlp_and_loop_mode),
        T(test_staa_incr_after_bundle),
        T(test_ldaa),
        T(test_mova_walk),
        T(test_mova_format),
        T(test_mova_be_and_pair),
        T(test_mova_misaligned_v5),
        cmocka_unit_test_setup_teardown(test_mova_misaligned_v4, setup_v4,
                                        teardown),
        T(test_mova_ind_incr),
        T(test_bap_without_ldisp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
