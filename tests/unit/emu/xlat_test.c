/*
 * xlat_test.c — the translator and run loop: exact icount stops inside
 * blocks and chains, breakpoints inside blocks, determinism across chunked
 * runs / single-stepping / cache flushes, hooks, fetch faults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu/hooks.h"
#include "cpu_test_util.h"

/* A loop that mixes ALU, compare, store, rotation and ct:
 *   r0 = 0; r3 = N; ctpr1 = loop
 * loop: { addd r0,1,r0 ; xord r1,r0,r1 ; std [r5+0] <- r1 }  (hazard)
 *       { cmpldb r0, r3 -> pred0 ; shld r1, 1, r2 }
 *       { ct %ctpr1 ? %pred0 }
 */
static uint64_t build_loop(struct machine *m, unsigned n, uint64_t *loop_pc)
{
    struct tprog p = {m, T_CODE};
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x11, I(n > 31 ? 31 : n), I(0), R(3)),
                 ALS(0x11, I(0), LIT32(0), R(5))},
         .n_lts = 1, .lts = {(uint32_t)T_DATA});
    uint64_t loop = p.pc + 8;
    EMIT(&p, .has_cs0 = 1, .cs0 = CS0_DISP(1, 1));
    EMIT(&p, .als_mask = 0x7,
         .als = {ALS(0x11, R(0), I(1), R(0)), ALS(0x09, R(1), R(0), R(1)),
                 ALS(0x27, R(5), I(0), R(1))});
    EMIT(&p, .als_mask = 0x3,
         .als = {ALS(0x21, R(0), R(3), CMPDST(6, 0)), ALS(0x19, R(1), I(1), R(2))});
    EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 2, 0));
    tp_op(&p, 0, ALS(0x11, R(2), I(3), R(6)));
    tp_halt(&p);
    if (loop_pc)
        *loop_pc = loop;
    return p.pc;
}

static uint64_t state_hash(struct machine *m)
{
    uint64_t h = 1469598103934665603ull;
    const struct cpu_state *c = &m->cpu;
    const uint64_t vals[] = {c->rf[0].lo, c->rf[1].lo, c->rf[2].lo,
                             c->rf[3].lo, c->rf[6].lo, c->pf, c->ip,
                             c->icount, peek64(m, T_DATA)};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++)
        h = (h ^ vals[i]) * 1099511628211ull;
    return h;
}

static void test_exact_icount_chunks(void **state)
{
    (void)state;
    struct machine *ref = tm_new(5);
    build_loop(ref, 31, NULL);
    int r0 = tp_run(ref);
    if (r0 != CPU_STOP_BREAKPOINT)
        print_message("%s at 0x%llx icount %llu\n", ref->cpu.stop.msg,
                      (unsigned long long)ref->cpu.stop.pc,
                      (unsigned long long)ref->cpu.icount);
    assert_int_equal(r0, CPU_STOP_BREAKPOINT);
    uint64_t total = ref->cpu.icount;
    assert_int_equal(total, 2 + 31 * 3 + 1);
    uint64_t want = state_hash(ref);

    static const unsigned chunks[] = {1, 2, 3, 5, 7, 11, 64};
    for (unsigned k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        struct machine *m = tm_new(5);
        build_loop(m, 31, NULL);
        int r;
        uint64_t steps = 0;
        while ((r = cpu_run(m, m->cpu.icount + chunks[k])) == CPU_STOP_ICOUNT) {
            steps++;
            assert_int_equal(m->cpu.icount, steps * chunks[k]);
            if (k == 2) /* flushing the cache changes nothing */
                mach_flush_code(m);
        }
        assert_int_equal(r, CPU_STOP_BREAKPOINT);
        assert_true(state_hash(m) == want);
        mach_free(m);
    }
    mach_free(ref);
}

static void test_breakpoint_inside_block(void **state)
{
    (void)state;
    struct machine *m = tm_new(5);
    uint64_t loop;
    build_loop(m, 5, &loop);
    uint64_t bp = loop + 8 + 16; /* the cmp bundle (2nd of the loop) */
    (void)bp;
    /* find the compare bundle: loop body bundle 1 is 16 bytes? compute */
    uint32_t hs;
    mem_peek(m->mem, loop, &hs, 4);
    bp = loop + ((hs >> 4) & 7) * 8 + 8;
    assert_int_equal(cpu_bp_insert(m, bp), 0);
    unsigned hits = 0;
    int r;
    while ((r = tp_run(m)) == CPU_STOP_BREAKPOINT && m->cpu.stop.exc == 0) {
        assert_true(m->cpu.ip == bp && m->cpu.stop.pc == bp);
        hits++;
        assert_int_equal(m->cpu.icount, 2 + 3 * (hits - 1) + 1);
        assert_int_equal(rr(m, 0), hits);
        m->cpu.bp_skip = 1;
    }
    assert_int_equal(hits, 5);
    assert_int_equal(r, CPU_STOP_BREAKPOINT);
    assert_int_equal(m->cpu.stop.exc, 1); /* the halt instruction */
    assert_int_equal(cpu_bp_remove(m, bp), 0);
    mach_free(m);
}

static void test_single_step_matches(void **state)
{
    (void)state;
    struct machine *a = tm_new(5), *b = tm_new(5);
    build_loop(a, 9, NULL);
    build_loop(b, 9, NULL);
    assert_int_equal(tp_run(a), CPU_STOP_BREAKPOINT);
    while (cpu_run(b, b->cpu.icount + 1) == CPU_STOP_ICOUNT)
        ;
    assert_true(state_hash(a) == state_hash(b));
    mach_free(a);
    mach_free(b);
}

struct hook_acc {
    unsigned calls;
    unsigned stop_after;
};

static int before_block(void *opaque, struct machine *m, uint64_t pc,
                        uint64_t icount)
{
    (void)m;
    (void)pc;
    (void)icount;
    struct hook_acc *h = opaque;
    return ++h->calls == h->stop_after;
}

static void test_before_block_hook(void **state)
{
    (void)state;
    struct machine *m = tm_new(5);
    build_loop(m, 4, NULL);
    struct hook_acc acc = {0, 3};
    struct emu_hooks h = {.opaque = &acc, .before_block = before_block};
    mach_set_hooks(m, &h);
    assert_int_equal(tp_run(m), CPU_STOP_HOOK);
    assert_int_equal(acc.calls, 3);
    acc.stop_after = 0;
    assert_int_equal(tp_run(m), CPU_STOP_BREAKPOINT);
    assert_true(acc.calls > 4); /* one call per block, no chaining */
    mach_set_hooks(m, NULL);
    mach_free(m);
}

struct watch_acc {
    uint64_t addr;
    size_t len;
    unsigned calls;
};

static void on_write(void *opaque, struct machine *m, uint64_t addr,
                     size_t len)
{
    struct watch_acc *w = opaque;
    w->addr = addr;
    w->len = len;
    w->calls++;
    cpu_halt(&m->cpu);
}

/* A watched page reports guest writes through hooks->mem_write; the hook
 * can halt the run (at the end of the current block). */
static void test_watch_and_halt(void **state)
{
    (void)state;
    struct machine *m = tm_new(5);
    struct tprog p = {m, T_CODE};
    struct watch_acc w = {0, 0, 0};
    struct emu_hooks h = {.opaque = &w, .mem_write = on_write};
    mach_set_hooks(m, &h);
    mem_set_watch(m->mem, T_DATA, 1);
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, I(0), LIT32(0), R(0))},
         .n_lts = 1, .lts = {(uint32_t)T_DATA + 0x10});
    tp_op(&p, 2, ALS(0x26, R(0), I(0), R(0)));         /* stw */
    EMIT(&p, .has_cs0 = 1, .cs0 = CS0_DISP(1, 0));
    EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 1, 0));        /* ct to itself */
    assert_int_equal(tp_run(m), CPU_STOP_HALT);
    assert_int_equal(w.calls, 1);
    assert_true(w.addr == T_DATA + 0x10 && w.len == 4);
    assert_int_equal(m->cpu.icount, 4);
    mach_set_hooks(m, NULL);
    mach_free(m);
}

static void test_fetch_faults(void **state)
{
    (void)state;
    struct machine *m = tm_new(5);
    m->cpu.ip = 0x5000000;
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_INSTR_PAGE);
    m->cpu.ip = T_CODE + 4;
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_INSTR_ADDR);
    /* a zero bundle (HS 0) is a valid empty bundle; run into a non-X page */
    mem_protect(m->mem, T_CODE, 0x1000, MEM_PROT_R);
    m->cpu.ip = T_CODE;
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_INSTR_PAGE);
    mach_free(m);
}

/* Bundles before an illegal one in the same block complete; the illegal
 * one faults with exact ip/icount. */
static void test_illegal_mid_block(void **state)
{
    (void)state;
    struct machine *m = tm_new(5);
    struct tprog p = {m, T_CODE};
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(0)));
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(1)));
    uint64_t bad = tp_op(&p, 1, ALS(0x0d, 0xc0, 0xc0, 0x80)); /* opc 0x0d */
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.ip == bad);
    assert_int_equal(m->cpu.icount, 2);
    assert_int_equal(rr(m, 1), 2);
    mach_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_icount_chunks),
        cmocka_unit_test(test_breakpoint_inside_block),
        cmocka_unit_test(test_single_step_matches),
        cmocka_unit_test(test_before_block_hook),
        cmocka_unit_test(test_watch_and_halt),
        cmocka_unit_test(test_fetch_faults),
        cmocka_unit_test(test_illegal_mid_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
