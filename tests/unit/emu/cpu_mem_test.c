/*
 * cpu_mem_test.c — loads and stores (e2k-isa.md §5.5): sizes, page faults
 * (exc_data_page, no effects), speculative loads/stores, qp accesses and
 * stmqp, loop-mode store suppression (§7.7), self-modifying code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define CPU_TEST_FIXTURE
#include "cpu_test_util.h"


static void test_store_load_sizes(void **state)
{
    (void)state;
    set64(0, T_DATA);
    set64(1, 0x1122334455667788ull);
    EMIT(&p, .als_mask = 0x24,
         .als = {[2] = ALS(0x27, R(0), I(0), R(1)),     /* std */
                 [5] = ALS(0x26, R(0), I(8), R(1))});   /* stw */
    EMIT(&p, .als_mask = 0x24,
         .als = {[2] = ALS(0x25, R(0), I(12), R(1)),    /* sth */
                 [5] = ALS(0x24, R(0), I(14), R(1))});  /* stb */
    EMIT(&p, .als_mask = 0x2d,
         .als = {ALS(0x67, R(0), I(0), R(2)),           /* ldd */
                 0, ALS(0x66, R(0), I(8), R(3)),        /* ldw */
                 ALS(0x65, R(0), I(12), R(4)),          /* ldh */
                 0, ALS(0x64, R(0), I(14), R(5))});     /* ldb */
    run_ok();
    assert_true(rr(m, 2) == 0x1122334455667788ull);
    assert_true(rr(m, 3) == 0x55667788);
    assert_true(rr(m, 4) == 0x7788);
    assert_true(rr(m, 5) == 0x88);
    assert_true(peek64(m, T_DATA + 8) == 0x0088778855667788ull);
}

/* A faulting load leaves no effect of its bundle (§9 step 1 / §10). */
static void test_load_fault_no_effects(void **state)
{
    (void)state;
    set64(0, 0x7000000);
    uint64_t at = EMIT(&p, .als_mask = 0x9,
                       .als = {ALS(0x11, I(0), I(9), R(1)), 0, 0,
                               ALS(0x67, R(0), I(0), R(2))});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_DATA_PAGE);
    assert_true(m->cpu.stop.addr == 0x7000000);
    assert_true(m->cpu.stop.pc == at && m->cpu.ip == at);
    assert_int_equal(rr(m, 1), 0);
    assert_int_equal(m->cpu.icount, 1);
}

/* §4.10: ldd,sm from an unmapped address gives the diagnostic value;
 * std,sm there is dropped. */
static void test_speculative_access(void **state)
{
    (void)state;
    set64(0, 0x7000000);
    EMIT(&p, .als_mask = 0x5,
         .als = {SM | ALS(0x67, R(0), I(0), R(2)), 0,
                 SM | ALS(0x27, R(0), I(0), R(0))});
    run_ok();
    assert_true(rr(m, 2) == CPU_DIAG_VALUE);
    assert_int_equal(rtag(m, 2), CPU_TAG_DIAG64);
}

/* A diagnostic value stored without sm is exc_illegal_operand; stores
 * never write tags [T sm/std-1]. */
static void test_store_diag_faults(void **state)
{
    (void)state;
    set64(0, T_DATA);
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(1)));
    tp_op(&p, 2, ALS(0x27, R(0), I(0), R(1)));
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
}

/* ldqp/stqp (EXT1 0x61 / 0x21, v5): 16 bytes, 16-byte aligned before v7;
 * stmqp byte mask [T qp/stmqp-1]. */
static void test_qp(void **state)
{
    (void)state;
    set64(0, T_DATA);
    set64(1, 0x1111111111111111ull);
    m->cpu.rf[1].hi = 0x2222222222222222ull;
    EMIT(&p, .als_mask = 0x4, .als = {[2] = ALS(0x21, R(0), I(0), R(1))},
         .ales_mask = 0x4, .ales = {[2] = 0x02c0});
    EMIT(&p, .als_mask = 0x1, .als = {ALS(0x61, R(0), I(0), R(2))},
         .ales_mask = 0x1, .ales = {0x02c0});
    set64(3, 0x0f01);
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x11, R(0), R(3), R(2))},
         .ales_mask = 0x20, .ales = {[5] = 0x02c0});    /* stmqp */
    run_ok();
    assert_true(rr(m, 2) == 0x1111111111111111ull);
    assert_true(m->cpu.rf[2].hi == 0x2222222222222222ull);
    /* r2 written back with mask 0x0f01: byte 0 and bytes 8..11 */
    assert_true(peek64(m, T_DATA) == 0x1111111111111111ull);
}

static void test_qp_misaligned(void **state)
{
    (void)state;
    set64(0, T_DATA + 8);
    EMIT(&p, .als_mask = 0x4, .als = {[2] = ALS(0x21, R(0), I(0), R(1))},
         .ales_mask = 0x4, .ales = {[2] = 0x02c0});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ADDR_NOT_ALIGNED);
}

/* [T lsr/strmd-1] subset: in loop mode a store is suppressed while
 * pcnt != 0, and at loop end with strmd == 0. */
static void lm_store(uint64_t lsr)
{
    EMIT(&p, .als_mask = 1, .als = {ALS(0x3d, 0xc0, LIT64(0), 0x83)},
         .ales_mask = 1, .ales = {0x01c0}, .n_lts = 2,
         .lts = {(uint32_t)lsr, (uint32_t)(lsr >> 32)});
    EMIT(&p, .lm = 1, .als_mask = 0x4, .als = {[2] = ALS(0x24, R(0), I(0), R(1))});
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, R(0), I(1), R(0))});
}

static void test_loop_mode_stores(void **state)
{
    (void)state;
    set64(0, T_DATA);
    uint64_t ones = ~0ull;
    mem_poke(m->mem, T_DATA, &ones, 8);
#define LSR(v, p_, l, e, s) \
    (((uint64_t)(s) << 53) | ((uint64_t)(p_) << 48) | ((uint64_t)(v) << 37) | \
     ((uint64_t)(e) << 32) | (l))
    lm_store(LSR(0, 0, 0, 0, 0)); /* stored */
    lm_store(LSR(0, 1, 0, 0, 0)); /* pcnt: suppressed */
    lm_store(LSR(1, 0, 0, 0, 0)); /* loop end, strmd 0: suppressed */
    lm_store(LSR(1, 0, 0, 0, 1)); /* loop end, strmd 1: stored */
    lm_store(LSR(1, 0, 0, 1, 0)); /* ecnt: not loop end: stored */
    run_ok();
    uint8_t b[5];
    mem_peek(m->mem, T_DATA, b, 5);
    assert_int_equal(b[0], 0);
    assert_int_equal(b[1], 0xff);
    assert_int_equal(b[2], 0xff);
    assert_int_equal(b[3], 0);
    assert_int_equal(b[4], 0);
    assert_int_equal(m->cpu.lsr.strmd, 0);
}

/* A store suppressed by loop mode checks nothing, not even the tags of its
 * operands [T loop/loop-1]; a performed one does. */
static void test_loop_mode_suppressed_store_no_tag_check(void **state)
{
    (void)state;
    set64(0, T_DATA);
    tp_op(&p, 5, SM | ALS(0x41, I(0), I(0), R(1)));    /* diagnostic %r1 */
    lm_store(LSR(0, 1, 0, 0, 0));                      /* suppressed */
    uint64_t at = p.pc + 24;
    lm_store(LSR(0, 0, 0, 0, 0));                      /* faults */
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPERAND);
    assert_true(m->cpu.stop.pc == at);
}

/* DAM (sem_mem.c): ldd,0,sm with MAS 4 locks, ldd,5 with MAS 3 checks;
 * `ibranch ? %MLOCK` is taken when the locked value may have changed
 * [T dam/dam-2] and not taken otherwise (dam-1, skipped by the suite). */
static void dam_case(unsigned store_off, uint64_t expect_r3)
{
    uint64_t ones = ~0ull;
    mem_poke(m->mem, T_DATA, &ones, 8);
    set64(0, T_DATA);
    EMIT(&p, .als_mask = 1, .als = {SM | ALS(0x67, R(0), I(0), R(1))},
         .has_cs1 = 1, .cs1 = 0x60000000u | 4u << 21);   /* lock load */
    uint64_t target = T_CODE + 0x800, at = p.pc;
    EMIT(&p, .als_mask = 0x24,
         .als = {[2] = ALS(0x27, R(0), I(store_off), R(2)),  /* std %r2 */
                 [5] = ALS(0x67, R(0), I(0), R(1))},          /* check */
         .has_cs1 = 1, .cs1 = 0x60000000u | 3u,
         .has_cs0 = 1, .cs0 = (uint32_t)((target - at) / 8),
         .has_ss = 1, .ss = 0xc0000000u | 8u << 5);            /* ? %MLOCK */
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(3)));
    tp_halt(&p);
    p.pc = target;
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(3)));
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_BREAKPOINT);
    assert_true(rr(m, 3) == expect_r3);
}

static void test_dam_conflict(void **state)
{
    (void)state;
    dam_case(0, 2);
    assert_true(rr(m, 1) == 0); /* the check load sees the store */
}

static void test_dam_no_conflict(void **state)
{
    (void)state;
    dam_case(8, 1);
    assert_true(rr(m, 1) == ~0ull);
}

/* A check load without a lock load reports a conflict. */
static void test_dam_check_without_lock(void **state)
{
    (void)state;
    set64(0, T_DATA);
    uint64_t target = T_CODE + 0x800, at = p.pc;
    EMIT(&p, .als_mask = 0x20, .als = {[5] = ALS(0x67, R(0), I(0), R(1))},
         .has_cs1 = 1, .cs1 = 0x60000000u | 3u,
         .has_cs0 = 1, .cs0 = (uint32_t)((target - at) / 8),
         .has_ss = 1, .ss = 0xc0000000u | 8u << 5);
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(3)));
    tp_halt(&p);
    p.pc = target;
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(3)));
    run_ok();
    assert_true(rr(m, 3) == 2);
}

/* Self-modifying code: a store over a later bundle of the same block is
 * seen when that bundle executes (translations are invalidated). */
static void test_self_modifying_code(void **state)
{
    (void)state;
    mem_protect(m->mem, T_CODE, T_CODE_SIZE,
                MEM_PROT_R | MEM_PROT_W | MEM_PROT_X);
    /* the replacement bundle: addd,0 0, 7, %r5 */
    uint8_t nb[8] = {0x01, 0, 0, 0x04, 0x85, 0xc7, 0xc0, 0x11};
    uint64_t word;
    memcpy(&word, nb, 8);
    set64(1, word);
    uint64_t patch_at_pc = p.pc + 16 + 8; /* after set64 and the store */
    set64(0, patch_at_pc);
    tp_op(&p, 2, ALS(0x27, R(0), I(0), R(1)));
    assert_true(p.pc == patch_at_pc);
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(5)));  /* overwritten before run */
    run_ok();
    assert_int_equal(rr(m, 5), 7);
    /* run the same code again from the start: translation is fresh */
    struct xlat_stats st;
    xlat_get_stats(m->xlat, &st);
    assert_true(st.invalidations >= 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_store_load_sizes),
        T(test_load_fault_no_effects),
        T(test_speculative_access),
        T(test_store_diag_faults),
        T(test_qp),
        T(test_qp_misaligned),
        T(test_loop_mode_stores),
        T(test_self_modifying_code),
        T(test_loop_mode_suppressed_store_no_tag_check),
        T(test_dam_conflict),
        T(test_dam_no_conflict),
        T(test_dam_check_without_lock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
