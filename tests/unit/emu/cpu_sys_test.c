/*
 * cpu_sys_test.c — the system-mode CPU (emu/cpu_sys.h,
 * docs/e2k-system-mode.md §8): trap entry for exceptions (TIRs, chain
 * frame, PSR, CTPRs kept, trap cellar), `done`, interrupts between bundles
 * (masking by PSR/UPSR, a line raised by an MMIO store, enabling through
 * %psr), system calls through sdisp checked against OSEM, privileged
 * registers, MMU registers through MAS 0x47, the machine-level stops, and
 * that user mode keeps its behaviour.
 *
 * The guest code is assembled from source with e2k-as's library; the
 * machine is a bare MACH_VIRT machine with RAM at 0 and the boot state of
 * §8.6 set by hand (no devices: a test io callback stands in for the bus).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "emu/cpu.h"
#include "emu/cpu_sys.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "tools/as/asm.h"

#define RAM_SIZE 0x400000ull
#define IO_EOI 0xf0000000ull   /* store: the handler's end of interrupt */
#define IO_RAISE 0xf0000010ull /* store: raise the line */

struct sysm {
    struct machine *m;
    struct asm_image img;
    unsigned eoi, io_loads;
};

/* The test's stand-in for the bus: EOI lowers the line, RAISE raises it,
 * loads from 0xf0000020 return 0x1234; anything else is a bus error. */
static int test_io(void *opaque, uint64_t addr, unsigned size, int is_write,
                   uint64_t *val)
{
    struct sysm *s = opaque;
    (void)size;
    if (is_write && addr == IO_EOI) {
        s->eoi++;
        cpu_irq_set(&s->m->cpu, 0);
        return 0;
    }
    if (is_write && addr == IO_RAISE) {
        cpu_irq_set(&s->m->cpu, 1);
        return 0;
    }
    if (!is_write && addr == 0xf0000020ull) {
        s->io_loads++;
        *val = 0x1234;
        return 0;
    }
    return MEM_E_UNMAPPED;
}

/* The common kernel: trap table entry 0 (exceptions and interrupts) and
 * entry 3 (a system call), then the test's own `main`. The handler
 * records TIR.hi/lo in %dg0/%dg1, counts traps in %dg2, unfreezes, ends
 * the interrupt through IO_EOI, resumes at %dg3 if it is nonzero (to skip
 * a faulting bundle) and returns with done. The halt is the breakpoint
 * bundle (e2k-isa.md §10). */
static const char kKernel[] =
    "        .text\n"
    "        .global _start\n"
    "        .balign 0x1000\n"
    "_start:\n"
    "ttable:\n"
    "        { setwd wsz = 0x8, nfx = 0x1 }\n"
    "        rrd %tir.hi, %dg0\n"
    "        rrd %tir.lo, %dg1\n"
    "        { addd,0 %dg2, 0x1, %dg2 }\n"
    "        rwd 0x0, %tir.lo\n"
    "        { stw,2 %dg7, [ 0xf0000000 ] }\n"
    "        { cmpedb,0 %dg3, 0x0, %pred0 }\n"
    "        { rwd,0 %dg3, %cr0.hi ? ~%pred0 }\n"
    "        { nop 3 }\n"
    "        { done }\n"
    "        .balign 0x800\n"
    "entry1: nop\n"
    "        .balign 0x800\n"
    "entry2: nop\n"
    "        .balign 0x800\n"
    "entry3:\n"
    "        { setwd wsz = 0x8, nfx = 0x1 }\n"
    "        rrd %psr, %dg5\n"
    "    {\n"
    "        return %ctpr3\n"
    "        addd,0 %dr0, 0x1, %dr0\n"
    "    }\n"
    "        ct %ctpr3\n"
    "halt:   .word 0x00008001, 0x28000000\n";

static int setup_src(struct sysm *s, const char *main_src)
{
    char src[8192];
    snprintf(src, sizeof src, "%s%s", kKernel, main_src);
    struct asm_opts o;
    asm_opts_init(&o);
    o.isa = 5;
    if (asm_assemble_string(&o, "sys.s", src, strlen(src), &s->img) != 0)
        return -1;
    s->m = mach_new(MACH_VIRT, 5, 0);
    if (!s->m)
        return -1;
    struct machine *m = s->m;
    mem_map(m->mem, 0, RAM_SIZE, MEM_PROT_R | MEM_PROT_W | MEM_PROT_X);
    for (int i = 0; i < ASM_SEC_COUNT; i++)
        if (s->img.sect[i].data && s->img.sect[i].size)
            mem_poke(m->mem, s->img.sect[i].addr, s->img.sect[i].data,
                     s->img.sect[i].size);
    struct cpu_state *c = &m->cpu;
    uint64_t tt = 0, mainpc = 0;
    asm_image_sym(&s->img, "ttable", &tt);
    asm_image_sym(&s->img, "main", &mainpc);
    /* Boot state of e2k-system-mode.md §8.6. */
    c->psr = CPU_PSR_RESET;
    c->upsr = CPU_UPSR_RESET;
    c->oscud_lo = tt | CPU_DESC_R | CPU_DESC_C;
    c->oscud_hi = 0x10000ull << 32;
    c->cud_lo = c->oscud_lo;
    c->cud_hi = c->oscud_hi;
    c->psp_lo = 0x80000 | CPU_DESC_RW;
    c->psp_hi = 0x10000ull << 32;
    c->pcsp_lo = 0x90000 | CPU_DESC_RW;
    c->pcsp_hi = 0x8000ull << 32;
    c->sbr = 0xc0000;
    c->usd_lo = 0xc0000 | CPU_DESC_RW;
    c->usd_hi = 0x20000ull << 32;
    c->mmu_trap_point = 0x2000;
    c->ps_tag_base = 0;
    c->io = test_io;
    c->io_opaque = s;
    c->ip = mainpc;
    return 0;
}

static uint64_t sym(struct sysm *s, const char *name)
{
    uint64_t a = 0;
    assert_int_equal(asm_image_sym(&s->img, name, &a), 0);
    return a;
}

static void teardown_s(struct sysm *s)
{
    mach_free(s->m);
    asm_image_free(&s->img);
    memset(s, 0, sizeof *s);
}

static int run(struct sysm *s)
{
    int r = cpu_run(s->m, s->m->cpu.icount + 100000);
    if (r == CPU_STOP_EXCEPTION)
        print_message("stop: %s at 0x%llx: %s\n",
                      cpu_exc_name(s->m->cpu.stop.exc),
                      (unsigned long long)s->m->cpu.stop.pc,
                      s->m->cpu.stop.msg);
    return r;
}

static uint64_t g(struct sysm *s, unsigned n)
{
    return s->m->cpu.rf[CPU_RF_G0 + n].lo;
}

#define MAIN(body) "main:\n" body "        { nop }\n"

/* A data page fault enters entry 0 with TIR0 = {bit 29, faulting bundle},
 * a trap-cellar record, PSR = pm; the CTPRs survive; `done` returns. */
static void test_exception_trap_and_done(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, resume, %dg3 ; disp %ctpr1, resume }\n"
        "fault:  { ldd,0 0x0, 0x10000000, %dr5 }\n"
        "resume: { rrd,0 %psr, %dg6 }\n"
        "        { ibranch halt }\n")), 0);
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    struct cpu_state *c = &s.m->cpu;
    assert_int_equal(g(&s, 2), 1);
    assert_int_equal(g(&s, 0), 1ull << EXC_DATA_PAGE);
    assert_int_equal(g(&s, 1), sym(&s, "fault"));
    assert_int_equal(g(&s, 6), CPU_PSR_PM); /* restored from the frame */
    assert_int_equal(c->tir_frozen, 0);
    assert_int_equal(CTPR_TAG(c->ctpr[1]), CTPR_TAG_DISP);
    assert_int_equal(CTPR_BASE(c->ctpr[1]), sym(&s, "resume"));
    uint64_t rec[3];
    assert_int_equal(mem_peek(s.m->mem, 0x2000, rec, sizeof rec), 0);
    assert_int_equal(rec[0], 0x10000000);
    assert_int_equal(rec[2], CPU_TC_PAGE_MISS);
    assert_int_equal(c->mmu_trap_count, 3);
    assert_int_equal(c->pcsp_hi & 0xffffffff, 0); /* frame popped */
    teardown_s(&s);
}

/* A fetch from outside RAM is exc_instr_page_miss = 20 (not 27). */
static void test_instr_page_miss_is_20(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, resume, %dg3 ; addd,1 0x0, 0x800000, %dr1 }\n"
        "        { movtd,0 %dr1, %ctpr1 }\n"
        "        ct %ctpr1\n"
        "resume: { ibranch halt }\n")), 0);
    assert_int_equal(EXC_INSTR_PAGE, 20);
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(g(&s, 0), 1ull << 20);
    assert_int_equal(g(&s, 1), 0x800000);
    teardown_s(&s);
}

/* A pending, enabled interrupt is taken before the first bundle; TIR.hi
 * has bit 32 and TIR.lo the next unexecuted bundle; the handler's EOI
 * lowers the line and `done` resumes there. */
static void test_interrupt_taken_between_bundles(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, 0x7, %dg4 }\n"
        "        { ibranch halt }\n")), 0);
    struct cpu_state *c = &s.m->cpu;
    c->psr = CPU_PSR_PM | CPU_PSR_IE;
    cpu_irq_set(c, 1);
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(g(&s, 0), 1ull << EXC_INTERRUPT);
    assert_int_equal(g(&s, 1), sym(&s, "main"));
    assert_int_equal(g(&s, 2), 1);
    assert_int_equal(g(&s, 4), 7);
    assert_int_equal(s.eoi, 1);
    assert_int_equal(c->psr, CPU_PSR_PM | CPU_PSR_IE);
    teardown_s(&s);
}

/* PSR.ie = 0 blocks; with PSR.uie, UPSR.ie decides (§1.1). */
static void test_interrupt_masking(void **st)
{
    (void)st;
    static const uint32_t psr[3] = {CPU_PSR_PM,
                                    CPU_PSR_PM | CPU_PSR_IE | CPU_PSR_UIE,
                                    CPU_PSR_PM | CPU_PSR_IE | CPU_PSR_UIE};
    static const uint32_t upsr[3] = {0xa1, 0x81, 0xa1};
    static const int taken[3] = {0, 0, 1};
    for (int i = 0; i < 3; i++) {
        struct sysm s = {0};
        assert_int_equal(setup_src(&s, MAIN("        { ibranch halt }\n")), 0);
        struct cpu_state *c = &s.m->cpu;
        c->psr = psr[i];
        c->upsr = upsr[i];
        cpu_irq_set(c, 1);
        assert_int_equal(cpu_irq_deliverable(c), taken[i]);
        assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
        assert_int_equal(g(&s, 2), (uint64_t)taken[i]);
        teardown_s(&s);
    }
}

/* A line raised by an MMIO store is taken right after that bundle, even
 * inside a block. */
static void test_interrupt_after_mmio_store(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, 0x1, %dg4 }\n"
        "        { stw,2 %dg7, [ 0xf0000010 ] }\n"
        "next:   { addd,0 %dg4, 0x1, %dg4 }\n"
        "        { addd,0 %dg4, 0x1, %dg4 }\n"
        "        { ldw,0 0x0, 0xf0000020, %r1 }\n"
        "        { ibranch halt }\n")), 0);
    struct cpu_state *c = &s.m->cpu;
    c->psr = CPU_PSR_PM | CPU_PSR_IE;
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(g(&s, 2), 1);
    assert_int_equal(g(&s, 1), sym(&s, "next"));
    assert_int_equal(g(&s, 4), 3);
    assert_int_equal(c->rf[1].lo & 0xffffffff, 0x1234);
    assert_int_equal(s.io_loads, 1);
    teardown_s(&s);
}

/* A pending interrupt becomes deliverable through `rwd %psr` and is taken
 * before the next bundle. */
static void test_interrupt_enabled_by_psr_write(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, 0x1, %dg4 }\n"
        "        { rwd,0 0x3, %psr }\n"
        "next:   { addd,0 %dg4, 0x1, %dg4 }\n"
        "        { ibranch halt }\n")), 0);
    struct cpu_state *c = &s.m->cpu;
    cpu_irq_set(c, 1);
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(g(&s, 2), 1);
    assert_int_equal(g(&s, 1), sym(&s, "next"));
    assert_int_equal(g(&s, 4), 2);
    teardown_s(&s);
}

/* sdisp + call from user mode (PSR.pm = 0) enters entry 3 with PSR = pm,
 * arguments in the callee window; `return` restores PSR. Without the OSEM
 * bit the call is exc_illegal_opcode. */
static void test_syscall_through_trap_table(void **st)
{
    (void)st;
    for (int allowed = 0; allowed < 2; allowed++) {
        struct sysm s = {0};
        assert_int_equal(setup_src(&s, MAIN(
            "        { setwd wsz = 0x8, nfx = 0x1 ; sdisp %ctpr1, 0x3 }\n"
            "        { addd,0 0x0, 0x2a, %dr8 ; addd,1 0x0, resume, %dg3 }\n"
            "scall:  call %ctpr1, wbs = 0x4\n"
            "        { rrd,0 %psr, %dg6 }\n"
            "resume: { ibranch halt }\n")), 0);
        struct cpu_state *c = &s.m->cpu;
        c->psr = 0;
        c->osem = allowed ? 1u << 3 : 0;
        assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
        if (allowed) {
            assert_int_equal(g(&s, 5), CPU_PSR_PM);
            assert_int_equal(c->rf[8].lo, 0x2b);
            assert_int_equal(g(&s, 6), 0);
            assert_int_equal(g(&s, 2), 0);
        } else {
            assert_int_equal(g(&s, 2), 1);
            assert_int_equal(g(&s, 0), 1ull << EXC_ILLEGAL_OPCODE);
            assert_int_equal(g(&s, 1), sym(&s, "scall"));
        }
        assert_int_equal(c->psr, 0);
        teardown_s(&s);
    }
}

/* A privileged register write without PSR.pm is exc_priv_action. */
static void test_priv_action(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, resume, %dg3 }\n"
        "priv:   { rwd,0 0x5, %osr0 }\n"
        "resume: { ibranch halt }\n")), 0);
    struct cpu_state *c = &s.m->cpu;
    c->psr = 0;
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(g(&s, 0), 1ull << EXC_PRIV_ACTION);
    assert_int_equal(g(&s, 1), sym(&s, "priv"));
    assert_int_equal(c->osr0, 0);
    teardown_s(&s);
    /* with pm the write happens and reads back */
    assert_int_equal(setup_src(&s, MAIN(
        "        { rwd,0 0x5, %osr0 }\n"
        "        rrd %osr0, %dg6\n"
        "        { ibranch halt }\n")), 0);
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(s.m->cpu.osr0, 5);
    assert_int_equal(g(&s, 6), 5);
    teardown_s(&s);
}

/* MMU registers through MAS 0x47; turning translation on stops the
 * machine (D3). */
static void test_mmu_registers(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { addd,0 0x0, 0x4000, %dr1 }\n"
        "        { std,2 %dr1, [ 0x50 ], mas=0x47 }\n"
        "        { ldd,0 0x0, 0x50, %dr2, mas=0x47 }\n"
        "        { addd,0 0x0, 0x1, %dr3 }\n"
        "mmuon:  { std,2 %dr3, [ 0x0 ], mas=0x47 }\n"
        "        { ibranch halt }\n")), 0);
    struct cpu_state *c = &s.m->cpu;
    uint64_t ram50 = 0;
    assert_int_equal(run(&s), CPU_STOP_EXCEPTION);
    assert_int_equal(c->stop.pc, sym(&s, "mmuon"));
    assert_int_equal(c->mmu_trap_point, 0x4000);
    assert_int_equal(c->rf[2].lo, 0x4000);
    mem_peek(s.m->mem, 0x50, &ram50, 8);
    assert_int_equal(ram50 == 0x4000, 0); /* not a RAM access */
    assert_int_equal(c->mmu_cr, 0);
    teardown_s(&s);
}

/* A trap while the TIRs are frozen stops the machine (D6). */
static void test_trap_with_frozen_tirs_stops(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { ldd,0 0x0, 0x10000000, %dr5 }\n")), 0);
    s.m->cpu.tir_frozen = 1;
    assert_int_equal(run(&s), CPU_STOP_EXCEPTION);
    assert_non_null(strstr(s.m->cpu.stop.msg, "frozen"));
    teardown_s(&s);
}

/* getsp in system mode: USD.size is the free space below base. */
static void test_getsp_system_mode(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN(
        "        { getsp,0 _f32s -0x100, %dr1 }\n"
        "        { ibranch halt }\n")), 0);
    struct cpu_state *c = &s.m->cpu;
    assert_int_equal(run(&s), CPU_STOP_BREAKPOINT);
    assert_int_equal(c->rf[1].lo, 0xc0000 - 0x100);
    assert_int_equal(c->usd_hi >> 32, 0x20000 - 0x100);
    teardown_s(&s);
}

/* User mode keeps its behaviour: `done` is illegal and an exception stops
 * the CPU. */
static void test_user_mode_unchanged(void **st)
{
    (void)st;
    struct sysm s = {0};
    assert_int_equal(setup_src(&s, MAIN("        { done }\n")), 0);
    s.m->cpu.user_mode = 1;
    assert_int_equal(run(&s), CPU_STOP_EXCEPTION);
    assert_int_equal(s.m->cpu.stop.exc, EXC_ILLEGAL_OPCODE);
    assert_int_equal(s.m->cpu.stop.pc, sym(&s, "main"));
    teardown_s(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exception_trap_and_done),
        cmocka_unit_test(test_instr_page_miss_is_20),
        cmocka_unit_test(test_interrupt_taken_between_bundles),
        cmocka_unit_test(test_interrupt_masking),
        cmocka_unit_test(test_interrupt_after_mmio_store),
        cmocka_unit_test(test_interrupt_enabled_by_psr_write),
        cmocka_unit_test(test_syscall_through_trap_table),
        cmocka_unit_test(test_priv_action),
        cmocka_unit_test(test_mmu_registers),
        cmocka_unit_test(test_trap_with_frozen_tirs_stops),
        cmocka_unit_test(test_getsp_system_mode),
        cmocka_unit_test(test_user_mode_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
