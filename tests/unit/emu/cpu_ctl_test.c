/*
 * cpu_ctl_test.c — control transfer (e2k-isa.md §7, §4.9, §11.1): disp/ct,
 * conditions, ibranch, call/return window mechanics and CTPR reset, the
 * loop counter, system-call stops, and window/rotation state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu_test_util.h"

static struct machine *m;
static struct tprog p;

static int setup(void **state)
{
    (void)state;
    m = tm_new(5);
    p.m = m;
    p.pc = T_CODE;
    return m ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    mach_free(m);
    return 0;
}

static int run_to_halt(void)
{
    int r = tp_run(m);
    if (r != CPU_STOP_BREAKPOINT)
        print_message("stop %s: %s at 0x%llx\n", cpu_stop_name((unsigned)r),
                      m->cpu.stop.msg, (unsigned long long)m->cpu.stop.pc);
    return r;
}

static uint32_t disp_to(unsigned ctpr, uint64_t target)
{
    return CS0_DISP(ctpr, (uint32_t)((int64_t)(target - p.pc) / 8));
}

/* disp + unconditional ct skips a bundle. */
static void test_disp_ct(void **state)
{
    (void)state;
    uint64_t target = T_CODE + 0x100;
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(1, target));
    EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 1, 0));     /* ct %ctpr1 */
    tp_op(&p, 0, ALS(0x11, I(0), I(9), R(0)));        /* skipped */
    p.pc = target;
    tp_op(&p, 0, ALS(0x11, I(0), I(3), R(1)));
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(rr(m, 0), 0);
    assert_int_equal(rr(m, 1), 3);
    assert_int_equal(m->cpu.icount, 3);
    assert_true(CTPR_TAG(m->cpu.ctpr[1]) == CTPR_TAG_DISP);
    assert_true(CTPR_BASE(m->cpu.ctpr[1]) == target);
}

/* ct ? %predN / ? ~%predN (§7.4) */
static void test_conditional_ct(void **state)
{
    (void)state;
    uint64_t t1 = T_CODE + 0x100;
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(1, t1));
    tp_op(&p, 0, ALS(0x21, I(1), I(2), CMPDST(2, 0))); /* pred0 = 1 == 2 = 0 */
    EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 2, 0));        /* not taken */
    tp_op(&p, 0, ALS(0x11, I(0), I(1), R(0)));
    EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 3, 0));        /* ? ~%pred0: taken */
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(0)));          /* skipped */
    p.pc = t1;
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(rr(m, 0), 1);
    assert_int_equal(m->cpu.icount, 5);
}

/* ibranch: CS0 ctpr 0 opc 0 with SS ctop 0 (§7.2). */
static void test_ibranch(void **state)
{
    (void)state;
    uint64_t t1 = T_CODE + 0x80;
    EMIT(&p, .has_ss = 1, .ss = 0xc0000000u | (1u << 5), .has_cs0 = 1,
         .cs0 = (uint32_t)((t1 - p.pc) / 8));
    tp_op(&p, 0, ALS(0x11, I(0), I(2), R(0)));
    p.pc = t1;
    tp_op(&p, 0, ALS(0x11, I(0), I(7), R(1)));
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(rr(m, 0), 0);
    assert_int_equal(rr(m, 1), 7);
}

/* e2k-asm-syntax.md E7: lcnt = 10, vlc: the body runs 10 times. */
static void test_loop_counter(void **state)
{
    (void)state;
    uint64_t v = (1ull << 37) | 10;
    EMIT(&p, .als_mask = 1, .als = {ALS(0x3d, 0xc0, LIT64(0), 0x83)},
         .ales_mask = 1, .ales = {0x01c0}, .n_lts = 2,
         .lts = {(uint32_t)v, (uint32_t)(v >> 32)});
    uint64_t loop = p.pc + 8;
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(2, loop));
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, R(1), I(2), R(1))}, .has_ss = 1,
         .ss = SS_CT(2, 5, 0) | (3u << 16));  /* alcf=alct=1, ? #NOT_LOOP_END */
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(rr(m, 1), 20);
    assert_int_equal(m->cpu.icount, 2 + 10);
    assert_int_equal(m->cpu.lsr.lcnt, 0);
}

/* e2k-asm-syntax.md E6: call with an argument, callee adds one, returns. */
static void test_call_return(void **state)
{
    (void)state;
    uint64_t fn = T_CODE + 0x400;
    m->cpu.rf[3].lo = 333; /* spilled and refilled */
    m->cpu.rf[12].lo = 1212;
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(1, fn));
    uint64_t callb = EMIT(&p, .als_mask = 1,
                          .als = {ALS(0x11, I(0), LIT32(0), R(8))},
                          .has_ss = 1, .ss = SS_CT(1, 1, 0), .has_cs1 = 1,
                          .cs1 = CS1_CALLW(4), .n_lts = 1, .lts = {41});
    uint64_t after = p.pc;
    tp_halt(&p);
    p.pc = fn;
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, R(0), I(1), R(0))}, .has_cs0 = 1,
         .cs0 = CS0_RETURN, .has_cs1 = 1, .cs1 = 0, .n_lts = 1,
         .lts = {SETWD_LTS(4, 1, 0)});
    EMIT(&p, .has_ss = 1, .ss = SS_CT(3, 1, 0));
    assert_int_equal(cpu_run(m, 2), CPU_STOP_ICOUNT);
    /* inside the callee: window slid by 8, chain frame pushed */
    assert_true(m->cpu.ip == fn);
    assert_int_equal(m->cpu.wd_size, 8);
    assert_int_equal(m->cpu.wd_psize, 8);
    assert_int_equal(rr(m, 0), 41);
    assert_int_equal(rr(m, 4), 1212);
    assert_true((m->cpu.pcsp_hi & 0xffffffff) == 32);
    assert_true((m->cpu.psp_hi & 0xffffffff) == 8 * 16);
    assert_true(peek64(m, T_PS + 3 * 16) == 333); /* v5 format: lo, hi */
    uint64_t cr0_lo, cr0_hi, cr1_lo, cr1_hi;
    assert_int_equal(cpu_cr_read(&m->cpu, 0, &cr0_lo, &cr0_hi, &cr1_lo, &cr1_hi), 0);
    assert_true(cr0_hi == after);
    assert_int_equal((cr1_lo >> 33) & 0x7f, 4);
    assert_int_equal(CTPR_TAG(m->cpu.ctpr[1]), 0);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_true(m->cpu.stop.pc == after);
    assert_int_equal(rr(m, 8), 42);
    assert_int_equal(rr(m, 3), 333);
    assert_int_equal(m->cpu.wd_size, 16);
    assert_int_equal(m->cpu.wd_psize, 8);
    assert_true((m->cpu.pcsp_hi & 0xffffffff) == 0);
    assert_true((m->cpu.psp_hi & 0xffffffff) == 0);
    assert_int_equal(CTPR_TAG(m->cpu.ctpr[3]), 0);
    assert_int_equal(m->cpu.icount, 4); /* disp, call, callee, ct */
    (void)callb;
}

/* §4.6: a call resets all CTPRs; ct through an empty one is illegal
 * [T ct/call-reset-ctpr-*]. */
static void test_ctpr_reset_by_call(void **state)
{
    (void)state;
    uint64_t fn = T_CODE + 0x400;
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(1, fn));
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(2, T_CODE + 0x800));
    EMIT(&p, .has_ss = 1, .ss = SS_CT(1, 1, 0), .has_cs1 = 1,
         .cs1 = CS1_CALLW(4));
    p.pc = fn;
    uint64_t bad = EMIT(&p, .has_ss = 1, .ss = SS_CT(2, 1, 0));
    assert_int_equal(run_to_halt(), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.stop.pc == bad);
    assert_int_equal(m->cpu.icount, 3);
}

/* §9.1: a bundle whose ct goes through an empty %ctpr faults before any
 * of its effects: the ALU op in the same bundle must not write. */
static void test_ct_through_empty_ctpr_has_no_effects(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, I(0), I(7), R(5))}); /* %r5 = 7 */
    uint64_t bad = EMIT(&p, .als_mask = 1, .als = {ALS(0x11, I(0), I(9), R(5))},
                        .has_ss = 1, .ss = SS_CT(3, 1, 0)); /* %r5 = 9; ct %ctpr3 */
    assert_int_equal(run_to_halt(), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.stop.pc == bad);
    assert_int_equal(rr(m, 5), 7);
    assert_int_equal(m->cpu.icount, 1);
}

/* §4.8: `rrd %ctpr1` (state register 0x15) reads the prepared CTPR on
 * v5; v6 renames the code %ctpr1.lo, which must not hide it before v6. */
static void test_rrd_ctpr1_on_v5(void **state)
{
    (void)state;
    uint64_t target = T_CODE + 0x400;
    EMIT(&p, .has_cs0 = 1, .cs0 = disp_to(1, target));
    EMIT(&p, .als_mask = 1, .als = {ALS(0x3f, 0x15, 0xc0, R(6))}, .ales_mask = 1,
         .ales = {0x01c0});
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_true(CTPR_BASE(rr(m, 6)) == target);
    assert_int_equal(CTPR_TAG(rr(m, 6)), CTPR_TAG_DISP);
}

/* §11.1: sdisp + call stops with CPU_STOP_SYSCALL; arguments are the
 * callee's %r0.. = caller %r(2*wbs).. */
static void test_syscall_stop(void **state)
{
    (void)state;
    EMIT(&p, .has_cs0 = 1, .cs0 = CS0_SDISP(1, 3));
    EMIT(&p, .als_mask = 3,
         .als = {ALS(0x11, I(0), I(4), R(8)), ALS(0x11, I(0), I(1), R(9))},
         .has_ss = 1, .ss = SS_CT(1, 1, 0), .has_cs1 = 1, .cs1 = CS1_CALLW(4));
    uint64_t after = p.pc;
    tp_op(&p, 0, ALS(0x11, R(8), I(1), R(10)));
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_SYSCALL);
    assert_int_equal(m->cpu.stop.sys_entry, 3);
    assert_int_equal(m->cpu.stop.sys_wbs, 4);
    assert_true(m->cpu.stop.sys_next == after);
    assert_int_equal(m->cpu.icount, 2);
    assert_int_equal(cpu_syscall_arg(&m->cpu, 0), 4);
    assert_int_equal(cpu_syscall_arg(&m->cpu, 1), 1);
    cpu_syscall_finish(&m->cpu, 12);
    assert_int_equal(rtag(m, 9), CPU_TAG_DIAG64);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(rr(m, 8), 12);
    assert_int_equal(rr(m, 10), 13);
}

/* §4.2: %rN beyond the window is exc_window_bounds, before any effect of
 * the bundle [T win/out-of-bounds-1]. */
static void test_window_bounds(void **state)
{
    (void)state;
    uint64_t at = EMIT(&p, .als_mask = 3,
                       .als = {ALS(0x11, I(0), I(1), R(0)),
                               ALS(0x11, I(0), I(1), R(16))});
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_WINDOW_BOUNDS);
    assert_true(m->cpu.stop.pc == at);
    assert_int_equal(rr(m, 0), 0);
    assert_int_equal(m->cpu.icount, 0);
}

/* setwd applies to destinations of its own bundle [T win/setwd-1];
 * setwd below psize is illegal [T win/setwd-psize-2]. */
static void test_setwd(void **state)
{
    (void)state;
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, I(0), I(5), R(20))}, .has_cs1 = 1,
         .cs1 = 0, .n_lts = 1, .lts = {SETWD_LTS(12, 1, 0)});
    uint64_t bad = EMIT(&p, .has_cs1 = 1, .cs1 = 0, .n_lts = 1,
                        .lts = {SETWD_LTS(3, 1, 0)});
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(rr(m, 20), 5);
    assert_int_equal(m->cpu.wd_size, 24);
    assert_int_equal(m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_true(m->cpu.stop.pc == bad);
}

/* §4.3: %b[N] mapping and abn rotation: b[0] becomes b[2] [T win/br-1]. */
static void test_rotation(void **state)
{
    (void)state;
    EMIT(&p, .has_cs1 = 1, .cs1 = (4u << 28) | CS1_SETBN(3, 4, 0));
    tp_op(&p, 0, ALS(0x11, I(0), I(7), B(0)));           /* %r8 = 7 */
    EMIT(&p, .has_ss = 1, .ss = (1u << 22));             /* abnf */
    tp_op(&p, 0, ALS(0x11, B(2), I(1), B(3)));           /* b[3] = b[2]+1 */
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(rr(m, 8), 7);
    assert_int_equal(m->cpu.br_rcur, 3);
    /* rcur 3: b[N] = r[8 + (6 + N) mod 8]: b[3] = r9 */
    assert_int_equal(rr(m, 9), 8);
}

/* §4.3: %b[N] beyond the rotating area [T win/out-of-bounds-2]. */
static void test_rotation_bounds(void **state)
{
    (void)state;
    tp_op(&p, 0, ALS(0x11, I(0), I(7), B(8)));           /* rsz 3: 8 regs */
    tp_halt(&p);
    assert_int_equal(tp_run(m), CPU_STOP_EXCEPTION);
    assert_int_equal(m->cpu.stop.exc, EXC_WINDOW_BOUNDS);
}

/* Predicate rotation with setbp/abp (§4.4). */
static void test_pred_rotation(void **state)
{
    (void)state;
    EMIT(&p, .has_cs1 = 1, .cs1 = (4u << 28) | CS1_SETBP(3));
    tp_op(&p, 0, ALS(0x21, I(1), I(1), CMPDST(2, 0)));   /* pred0 = 1 */
    EMIT(&p, .has_ss = 1, .ss = (1u << 19));             /* abpf */
    tp_halt(&p);
    assert_int_equal(run_to_halt(), CPU_STOP_BREAKPOINT);
    assert_int_equal(m->cpu.br_pcur, 3);
    int tag;
    assert_int_equal(cpu_pred_get(&m->cpu, 1, &tag), 1); /* old pred0 */
    assert_int_equal(cpu_pred_get(&m->cpu, 0, &tag), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_disp_ct),
        T(test_conditional_ct),
        T(test_ibranch),
        T(test_loop_counter),
        T(test_call_return),
        T(test_ctpr_reset_by_call),
        T(test_ct_through_empty_ctpr_has_no_effects),
        T(test_rrd_ctpr1_on_v5),
        T(test_syscall_stop),
        T(test_window_bounds),
        T(test_setwd),
        T(test_rotation),
        T(test_rotation_bounds),
        T(test_pred_rotation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
