/*
 * cpu_sys.c — system mode of the CPU (cpu_sys.h): trap entry, interrupts,
 * `done`, system calls into the trap table, TIRs, MMU registers, the
 * system state registers.
 *
 * Facts: docs/e2k-system-mode.md (cited as "sys §N"); the subset and its
 * deviations are sys §8 and §9. The call/return mechanics are reused from
 * cpu_proc.c: a trap is a `call` with wbs = the whole window that keeps the
 * CTPRs (sys §2.2 step 3), `done` a return that keeps them (sys §4.2).
 */
#include "emu/cpu_sys.h"

#include <stdio.h>
#include <string.h>

#include "emu/mem.h"
#include "emu/xlat_internal.h"

#define MASK48 0xffffffffffffull

static uint64_t oscud_base(const struct cpu_state *c)
{
    return CPU_DESC_BASE(c->oscud_lo);
}

/* A machine-level stop from inside trap handling. */
static int sys_stop(struct cpu_state *c, unsigned exc, const char *fmt,
                    const char *arg)
{
    c->stop.reason = CPU_STOP_EXCEPTION;
    c->stop.exc = exc;
    c->stop.pc = c->ip;
    snprintf(c->stop.msg, sizeof c->stop.msg, fmt, arg);
    return -1;
}

/* ---- interrupts ---------------------------------------------------------- */

int cpu_irq_deliverable(const struct cpu_state *c)
{
    /* sys §1.1: blocked if PSR.ie = 0; with PSR.uie also by UPSR.ie. */
    return c->irq_line && (c->psr & CPU_PSR_IE) &&
           (!(c->psr & CPU_PSR_UIE) || (c->upsr & CPU_UPSR_IE));
}

void cpu_irq_set(struct cpu_state *c, int level)
{
    c->irq_line = level != 0;
    if (c->irq_line && !c->user_mode && cpu_irq_deliverable(c)) {
        /* Leave the block after the current bundle (the mechanism stores
         * into code pages use) and do not chain: the run loop takes the
         * interrupt before the next bundle (sys §8.4). */
        c->smc = 1;
        cpu_request_exit(c);
    }
}

/* ---- trap entry (sys §8.3) ------------------------------------------------- */

int cpu_sys_trap(struct cpu_state *c, uint64_t mask, uint64_t tir_ip,
                 uint64_t resume_ip, unsigned exc_for_stop)
{
    const char *what = cpu_exc_name(exc_for_stop);
    if (c->tir_frozen) /* D6 */
        return sys_stop(c, exc_for_stop,
                        "%s while the TIRs are frozen (nested trap)", what);
    unsigned wbs = c->wd_size / 2u;
    if (cpu_proc_call_check(c, wbs)) /* D7 */
        return sys_stop(c, exc_for_stop,
                        "double fault: no stack room to enter the trap "
                        "table for %s", what);
    uint64_t ctpr[4];
    memcpy(ctpr, c->ctpr, sizeof ctpr);
    /* cpu_proc_call saves the current PSR in CR1.lo.psr. */
    if (cpu_proc_call(c, oscud_base(c), wbs, resume_ip))
        return sys_stop(c, exc_for_stop,
                        "double fault: chain/procedure stack not writable "
                        "during trap entry for %s", what);
    memcpy(c->ctpr, ctpr, sizeof ctpr); /* sys §2.2 step 3 */
    memset(c->tir, 0, sizeof c->tir);
    c->tir[0].lo = tir_ip & MASK48;
    c->tir[0].hi = mask & ((1ull << 44) - 1); /* j = 0, al = aa = 0 (D1) */
    c->tir_n = 1;
    c->tir_rd = 0;
    c->tir_frozen = 1;
    c->psr = CPU_PSR_TRAP;
    c->ip = oscud_base(c);
    return 0;
}

/* One trap-cellar record for a data page fault (sys §8.5, D4). */
static int cellar_record(struct cpu_state *c, uint64_t addr)
{
    if (c->mmu_trap_count + 3 > CPU_TRAP_CELLAR_MAX)
        return sys_stop(c, EXC_DATA_PAGE, "%s: the trap cellar is full",
                        "exc_data_page");
    uint64_t rec[3] = {addr, 0, CPU_TC_PAGE_MISS};
    if (mem_poke(c->mem, c->mmu_trap_point + 8 * c->mmu_trap_count, rec,
                 sizeof rec))
        return sys_stop(c, EXC_DATA_PAGE, "%s: TRAP_POINT is not in RAM",
                        "exc_data_page");
    c->mmu_trap_count += 3;
    return 0;
}

int cpu_sys_exception(struct cpu_state *c)
{
    if (c->sys_fatal) {
        c->sys_fatal = 0;
        return -1;
    }
    unsigned exc = c->stop.exc;
    uint64_t pc = c->stop.pc;
    if (exc >= 44)
        return -1;
    if (exc == EXC_INSTR_PAGE && c->sys_exit_ip && pc == c->sys_exit_ip)
        return -1; /* the machine's reserved address */
    c->ip = pc;
    if (exc == EXC_DATA_PAGE && cellar_record(c, c->stop.addr))
        return -1;
    if (cpu_sys_trap(c, 1ull << exc, pc, pc, exc))
        return -1;
    c->stop.reason = CPU_STOP_NONE;
    c->stop.msg[0] = 0;
    return 0;
}

int cpu_sys_interrupt(struct cpu_state *c)
{
    /* sys §8.3: TIR.lo.ip = resume = the next unexecuted bundle. */
    return cpu_sys_trap(c, 1ull << EXC_INTERRUPT, c->ip, c->ip,
                        EXC_INTERRUPT);
}

/* ---- done, return, system calls ------------------------------------------ */

int cpu_sys_done_check(struct cpu_state *c)
{
    if (!(c->psr & CPU_PSR_PM))
        return CPU_SYS_EXC(EXC_PRIV_ACTION); /* UNSURE (sys §10) */
    int exc = cpu_proc_return_check(c);
    return exc ? CPU_SYS_EXC(exc) : 0;
}

int cpu_sys_return(struct cpu_state *c)
{
    uint64_t old_lo = c->usd_lo, old_hi = c->usd_hi;
    int err = cpu_proc_return(c);
    if (err)
        return err;
    /* sys §4.2 / §8.7: new size = ussz << 4 (cpu_proc_return stored it);
     * base moves by the difference. */
    uint64_t new_size = c->usd_hi >> 32, old_size = old_hi >> 32;
    uint64_t base = (CPU_DESC_BASE(old_lo) + new_size - old_size) & MASK48;
    c->usd_lo = (old_lo & ~MASK48) | base;
    c->usd_hi = (old_hi & 0xffffffffull) | new_size << 32;
    return 0;
}

int cpu_sys_done(struct cpu_state *c)
{
    int exc = cpu_sys_done_check(c);
    if (exc)
        return -exc;
    uint64_t ctpr[4];
    memcpy(ctpr, c->ctpr, sizeof ctpr);
    int err = cpu_sys_return(c);
    if (err)
        return -CPU_SYS_EXC(-err);
    memcpy(c->ctpr, ctpr, sizeof ctpr); /* UNSURE: sys §4.2 */
    return 0;
}

uint64_t cpu_sys_sdisp(const struct cpu_state *c, uint64_t imm)
{
    uint64_t entry = CTPR_BASE(imm);
    return ((oscud_base(c) + entry * CPU_TRAP_ENTRY_SIZE) & MASK48) |
           (imm & ~MASK48);
}

/* Entry number of an sdisp CTPR, or -1 if it does not point at one. */
static int scall_entry(const struct cpu_state *c, uint64_t ctpr)
{
    uint64_t off = (CTPR_BASE(ctpr) - oscud_base(c)) & MASK48;
    if (off % CPU_TRAP_ENTRY_SIZE || off / CPU_TRAP_ENTRY_SIZE >= 32)
        return -1;
    return (int)(off / CPU_TRAP_ENTRY_SIZE);
}

int cpu_sys_scall_check(const struct cpu_state *c, uint64_t ctpr,
                        unsigned wbs)
{
    int e = scall_entry(c, ctpr);
    if (e < 0)
        return CPU_SYS_EXC(EXC_ILLEGAL_OPCODE);
    /* sys §8.8: without PSR.pm the entry must be enabled in OSEM
     * (UNSURE which exception hardware raises). */
    if (!(c->psr & CPU_PSR_PM) && !((c->osem >> e) & 1))
        return CPU_SYS_EXC(EXC_ILLEGAL_OPCODE);
    int exc = cpu_proc_call_check(c, wbs);
    return exc ? CPU_SYS_EXC(exc) : 0;
}

int cpu_sys_scall(struct cpu_state *c, uint64_t ctpr, unsigned wbs,
                  uint64_t ret_addr)
{
    int exc = cpu_sys_scall_check(c, ctpr, wbs);
    if (exc)
        return -exc;
    int err = cpu_proc_call(c, CTPR_BASE(ctpr), wbs, ret_addr);
    if (err)
        return -CPU_SYS_EXC(-err);
    c->psr = CPU_PSR_TRAP; /* the caller's PSR is in CR1.lo */
    return 0;
}

int cpu_sys_getsp(struct cpu_state *c, int64_t delta, uint64_t *base)
{
    int64_t size = (int64_t)(c->usd_hi >> 32) + delta;
    if (size < 0 || size > (int64_t)0xffffffffll)
        return CPU_SYS_EXC(EXC_ARRAY_BOUNDS);
    uint64_t b = (CPU_DESC_BASE(c->usd_lo) + (uint64_t)delta) & MASK48;
    c->usd_lo = (c->usd_lo & ~MASK48) | b;
    c->usd_hi = (c->usd_hi & 0xffffffffull) | (uint64_t)size << 32;
    *base = b;
    return 0;
}

/* ---- TIRs, status registers, MMU registers ---------------------------------- */

uint64_t cpu_sys_tir_rr(struct cpu_state *c, unsigned num)
{
    if (!c->tir_n)
        return 0;
    unsigned rd = c->tir_rd < CPU_TIR_MAX ? c->tir_rd : 0;
    if (num == 0x9c)
        return (c->tir[rd].hi & ~(0xffull << 56)) | (uint64_t)rd << 56;
    uint64_t v = c->tir[rd].lo;
    if (rd > 0) /* sys §8.5: reading TIR.lo moves to the next lower TIR */
        c->tir_rd = (uint8_t)(rd - 1);
    return v;
}

void cpu_sys_status_written(struct cpu_state *c, unsigned num)
{
    if (c->user_mode)
        return;
    if (num == 0x00)
        c->psr &= CPU_PSR_MASK;
    else if (num == 0x80)
        c->upsr &= CPU_UPSR_MASK;
    if (cpu_irq_deliverable(c))
        cpu_request_exit(c); /* the bundle ends its block (rw*) */
}

int cpu_sys_mmu(struct cpu_state *c, uint64_t addr, int is_write,
                uint64_t *val)
{
    if (!(c->psr & CPU_PSR_PM))
        return CPU_SYS_EXC(EXC_PRIV_ACTION);
    switch (addr) {
    case CPU_MMU_CR:
        if (!is_write) {
            *val = c->mmu_cr;
        } else if (*val & CPU_MMU_CR_TLB_EN) { /* D3 */
            c->sys_fatal = 1;
            return CPU_SYS_EXC(EXC_ILLEGAL_OPCODE);
        } else {
            c->mmu_cr = *val;
        }
        return 0;
    case CPU_MMU_TRAP_POINT:
        if (is_write)
            c->mmu_trap_point = *val & MASK48 & ~0x1ffull;
        else
            *val = c->mmu_trap_point;
        return 0;
    case CPU_MMU_TRAP_COUNT:
        if (is_write)
            c->mmu_trap_count = *val & 0xff;
        else
            *val = c->mmu_trap_count;
        return 0;
    default: /* other MMU registers: read 0, writes ignored (D3) */
        if (!is_write)
            *val = 0;
        return 0;
    }
}

int cpu_sys_io(struct cpu_state *c, const struct xlat_op *op, uint64_t addr,
               unsigned size, int is_write, uint64_t *val, int err)
{
    if (!c->io)
        return err;
    /* Make icount and ip exact for the bundle while a device runs: its
     * clock and the gate stamp requests with them. */
    uint64_t ip = c->ip;
    c->icount += op->bidx;
    c->ip = xlat_op_pc(c, op);
    int r = c->io(c->io_opaque, addr, size, is_write, val);
    c->icount -= op->bidx;
    c->ip = ip;
    return r;
}

/* ---- system state registers -------------------------------------------------- */

int cpu_sys_sreg_read(struct cpu_state *c, unsigned num, uint64_t *val)
{
    uint64_t v;
    switch (num) {
    case 0x21: v = c->cutd; break;
    case 0x26: v = c->oscud_hi; break;
    case 0x27: v = c->oscud_lo; break;
    case 0x28: v = c->osgd_hi; break;
    case 0x29: v = c->osgd_lo; break;
    case 0x2a: v = c->osem; break;
    case 0x2f: v = c->osr0; break;
    case 0x30: v = c->cud_hi; break;
    case 0x31: v = c->cud_lo; break;
    case 0x32: v = c->gd_hi; break;
    case 0x33: v = c->gd_lo; break;
    case 0x9c: case 0x9d: {
        unsigned rd = c->tir_rd < CPU_TIR_MAX ? c->tir_rd : 0;
        if (!c->tir_n)
            v = 0;
        else if (num == 0x9c)
            v = (c->tir[rd].hi & ~(0xffull << 56)) | (uint64_t)rd << 56;
        else
            v = c->tir[rd].lo;
        break;
    }
    default: return 0;
    }
    *val = v;
    return 1;
}

/* Write field `idx` (0 CR0.lo, 1 CR0.hi, 2 CR1.lo, 3 CR1.hi) of the newest
 * chain frame (sys §4.3: the kernel edits the frame it returns through). */
static void cr_write(struct cpu_state *c, unsigned idx, uint64_t v)
{
    uint64_t ind = c->pcsp_hi & 0xffffffffull;
    uint64_t at = CPU_DESC_BASE(c->pcsp_lo) + ind + 8u * idx;
    mem_poke(c->mem, at, &v, sizeof v); /* unmapped: ignored, as a read
                                          of it gives 0 */
}

int cpu_sys_sreg_write(struct cpu_state *c, unsigned num, uint64_t v)
{
    switch (num) {
    case 0x21: c->cutd = v; break;
    case 0x26: c->oscud_hi = v; break;
    case 0x27: c->oscud_lo = v; break;
    case 0x28: c->osgd_hi = v; break;
    case 0x29: c->osgd_lo = v; break;
    case 0x2a: c->osem = v & 0xffffffffull; break;
    case 0x2f: c->osr0 = v; break;
    case 0x30: c->cud_hi = v; break;
    case 0x31: c->cud_lo = v; break;
    case 0x32: c->gd_hi = v; break;
    case 0x33: c->gd_lo = v; break;
    case 0x9c: break; /* sys §8.5: ignored */
    case 0x9d: /* unfreeze */
        c->tir_frozen = 0;
        c->tir_n = 0;
        c->tir_rd = 0;
        break;
    case 0x53: cr_write(c, 0, v); break;
    case 0x51: cr_write(c, 1, v); break;
    case 0x57: cr_write(c, 2, v); break;
    case 0x55: cr_write(c, 3, v); break;
    default: return 0;
    }
    return 1;
}
