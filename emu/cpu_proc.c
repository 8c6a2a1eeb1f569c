/*
 * cpu_proc.c — procedure call and return: chain-stack frames, spilling and
 * filling register windows to the procedure stack, and the system-call
 * helpers built on them (e2k-isa.md §4.9, §11.1).
 *
 * Model (as qemu-e2k, which gdb's view of memory also assumes): every call
 * pushes a 32-byte frame {CR0.lo, CR0.hi, CR1.lo, CR1.hi} at PCSP.base +
 * (PCSP.ind += 32) and spills the caller's %r0..%r(2*wbs-1) to PS.base +
 * PSP.ind in the "fx" format (v5+: lo, hi per register; v<5: per pair lo,
 * lo, hi, hi) with one tag byte per 8 bytes at ps_tag_base + offset/8. The
 * remaining window slides down. A return does the opposite. The hardware
 * stacks are accessed like hardware does, ignoring page permissions (they
 * must be mapped).
 *
 * Every function checks everything first and changes state only when it
 * cannot fail any more ("nothing changed" on error): the run loop and the
 * machines rely on that to retry after growing a stack.
 */
#include "emu/cpu.h"

#include <string.h>

#include "emu/mem.h"

#define DESC_BASE(lo) ((lo) & 0xffffffffffffull)
#define DESC_IND(hi) ((hi) & 0xffffffffull)
#define DESC_SIZE(hi) ((hi) >> 32)
#define FRAME_BYTES 32u

static void set_ind(uint64_t *hi, uint64_t ind)
{
    *hi = (*hi & ~0xffffffffull) | (ind & 0xffffffffull);
}

/* Bytes of procedure stack for n registers (n even), fx format. */
static unsigned ps_bytes(unsigned n)
{
    return n * 16u;
}

/* Serialize rf[0..n) into buf (fx format) and tags into tbuf. */
static void spill_image(const struct cpu_state *c, unsigned n, uint64_t *buf,
                        uint8_t *tbuf)
{
    unsigned k = 0;
    if (c->isa >= 5) {
        for (unsigned i = 0; i < n; i++) {
            tbuf[k] = c->rf[i].tag;
            buf[k++] = c->rf[i].lo;
            tbuf[k] = 0;
            buf[k++] = c->rf[i].hi;
        }
    } else {
        for (unsigned i = 0; i + 1 < n; i += 2) {
            tbuf[k] = c->rf[i].tag;
            buf[k++] = c->rf[i].lo;
            tbuf[k] = c->rf[i + 1].tag;
            buf[k++] = c->rf[i + 1].lo;
            tbuf[k] = 0;
            buf[k++] = c->rf[i].hi;
            tbuf[k] = 0;
            buf[k++] = c->rf[i + 1].hi;
        }
    }
}

static void fill_image(struct cpu_state *c, unsigned n, const uint64_t *buf,
                       const uint8_t *tbuf)
{
    unsigned k = 0;
    if (c->isa >= 5) {
        for (unsigned i = 0; i < n; i++) {
            c->rf[i].tag = tbuf[k];
            c->rf[i].lo = buf[k++];
            c->rf[i].hi = buf[k++];
        }
    } else {
        for (unsigned i = 0; i + 1 < n; i += 2) {
            c->rf[i].tag = tbuf[k];
            c->rf[i].lo = buf[k++];
            c->rf[i + 1].tag = tbuf[k];
            c->rf[i + 1].lo = buf[k++];
            c->rf[i].hi = buf[k++];
            c->rf[i + 1].hi = buf[k++];
        }
    }
}

static void reset_ctprs(struct cpu_state *c)
{
    /* e2k-isa.md §4.6: every call and return empties all three. */
    for (int i = 1; i <= 3; i++)
        c->ctpr[i] &= ~(7ull << 54);
}

int cpu_proc_call_check(const struct cpu_state *c, unsigned wbs)
{
    unsigned base = 2 * wbs;
    if (base > c->wd_size)
        return EXC_WINDOW_BOUNDS; /* UNSURE: hardware exception kind
                                     [T ct/call-2] */
    if (DESC_IND(c->pcsp_hi) + 2 * FRAME_BYTES > DESC_SIZE(c->pcsp_hi))
        return EXC_CHAIN_STACK_BOUNDS;
    if (DESC_IND(c->psp_hi) + ps_bytes(base) > DESC_SIZE(c->psp_hi))
        return EXC_PROC_STACK_BOUNDS;
    return 0;
}

int cpu_proc_call(struct cpu_state *c, uint64_t target, unsigned wbs,
                  uint64_t ret_addr)
{
    int exc = cpu_proc_call_check(c, wbs);
    if (exc)
        return -exc;
    unsigned base = 2 * wbs;
    uint64_t frame[4];
    frame[0] = c->pf;                              /* CR0.lo */
    frame[1] = ret_addr & 0xfffffffffff8ull;       /* CR0.hi */
    frame[2] = (uint64_t)(wbs & 0x7f) << 33 |      /* CR1.lo */
               (uint64_t)((c->wd_psize / 2) & 0x7f) << 26 |
               (uint64_t)(c->wd_fx & 1) << 25 |
               (uint64_t)(c->cuir & 0x1ffff) << 40 |
               (uint64_t)(c->psr & 0x7f) << 57;
    frame[3] = (cpu_br_get(c) & 0xfffffff) |       /* CR1.hi */
               (uint64_t)(c->wd_dbl & 1) << 35 |
               (DESC_SIZE(c->usd_hi) >> 4) << 36;
    uint64_t pcs_ind = DESC_IND(c->pcsp_hi) + FRAME_BYTES;
    uint64_t ps_ind = DESC_IND(c->psp_hi);
    uint64_t img[CPU_NR_REGS * 2];
    uint8_t timg[CPU_NR_REGS * 2];
    spill_image(c, base, img, timg);
    if (mem_poke(c->mem, DESC_BASE(c->pcsp_lo) + pcs_ind, frame, sizeof frame))
        return -EXC_CHAIN_STACK_BOUNDS;
    if (base) {
        if (mem_poke(c->mem, DESC_BASE(c->psp_lo) + ps_ind, img,
                     ps_bytes(base)))
            return -EXC_PROC_STACK_BOUNDS;
        if (c->ps_tag_base &&
            mem_poke(c->mem, c->ps_tag_base + ps_ind / 8, timg,
                     ps_bytes(base) / 8))
            return -EXC_PROC_STACK_BOUNDS;
    }
    /* Commit. */
    set_ind(&c->pcsp_hi, pcs_ind);
    set_ind(&c->psp_hi, ps_ind + ps_bytes(base));
    unsigned rest = c->wd_size - base;
    memmove(&c->rf[0], &c->rf[base], rest * sizeof c->rf[0]);
    c->wd_size = (uint16_t)rest;
    c->wd_psize = (uint16_t)rest;
    c->wd_fx = 1;
    reset_ctprs(c);
    c->ip = target;
    return 0;
}

int cpu_cr_read(struct cpu_state *c, unsigned idx, uint64_t *cr0_lo,
                uint64_t *cr0_hi, uint64_t *cr1_lo, uint64_t *cr1_hi)
{
    uint64_t ind = DESC_IND(c->pcsp_hi);
    uint64_t f[4];
    if ((uint64_t)idx * FRAME_BYTES > ind)
        return MEM_E_INVAL;
    int err = mem_peek(c->mem, DESC_BASE(c->pcsp_lo) + ind - idx * FRAME_BYTES,
                       f, sizeof f);
    if (err)
        return err;
    *cr0_lo = f[0];
    *cr0_hi = f[1];
    *cr1_lo = f[2];
    *cr1_hi = f[3];
    return 0;
}

int cpu_proc_return_check(struct cpu_state *c)
{
    uint64_t f[4];
    if (DESC_IND(c->pcsp_hi) < FRAME_BYTES)
        return EXC_CHAIN_STACK_BOUNDS;
    if (cpu_cr_read(c, 0, &f[0], &f[1], &f[2], &f[3]))
        return EXC_CHAIN_STACK_BOUNDS;
    unsigned base = 2 * (unsigned)((f[2] >> 33) & 0x7f);
    if (base + c->wd_psize > CPU_NR_REGS)
        return EXC_WINDOW_BOUNDS;
    if (DESC_IND(c->psp_hi) < ps_bytes(base))
        return EXC_PROC_STACK_BOUNDS;
    return 0;
}

int cpu_proc_return(struct cpu_state *c)
{
    int exc = cpu_proc_return_check(c);
    if (exc)
        return -exc;
    uint64_t f[4];
    cpu_cr_read(c, 0, &f[0], &f[1], &f[2], &f[3]);
    unsigned base = 2 * (unsigned)((f[2] >> 33) & 0x7f);
    uint64_t ps_ind = DESC_IND(c->psp_hi) - ps_bytes(base);
    uint64_t img[CPU_NR_REGS * 2];
    uint8_t timg[CPU_NR_REGS * 2];
    memset(timg, 0, sizeof timg);
    if (base) {
        if (mem_peek(c->mem, DESC_BASE(c->psp_lo) + ps_ind, img,
                     ps_bytes(base)))
            return -EXC_PROC_STACK_BOUNDS;
        if (c->ps_tag_base &&
            mem_peek(c->mem, c->ps_tag_base + ps_ind / 8, timg,
                     ps_bytes(base) / 8))
            return -EXC_PROC_STACK_BOUNDS;
    }
    /* Commit: the callee's parameters become the caller's %r(base).. */
    unsigned psize = c->wd_psize;
    memmove(&c->rf[base], &c->rf[0], psize * sizeof c->rf[0]);
    fill_image(c, base, img, timg);
    set_ind(&c->psp_hi, ps_ind);
    set_ind(&c->pcsp_hi, DESC_IND(c->pcsp_hi) - FRAME_BYTES);
    c->pf = f[0];
    c->ip = f[1] & ~7ull;
    c->wd_size = (uint16_t)(psize + base);
    c->wd_psize = (uint16_t)(2 * ((f[2] >> 26) & 0x7f));
    c->wd_fx = (f[2] >> 25) & 1;
    c->cuir = (f[2] >> 40) & 0x1ffff;
    c->psr = (c->psr & ~0x7full) | ((f[2] >> 57) & 0x7f);
    cpu_br_set(c, f[3] & 0xfffffff);
    c->wd_dbl = (f[3] >> 35) & 1;
    uint64_t ussz = (f[3] >> 36) << 4;
    c->usd_hi = (c->usd_hi & 0xffffffffull) | (ussz << 32);
    c->usd_lo = (c->usd_lo & ~0xffffffffffffull) |
                ((c->sbr - ussz) & 0xffffffffffffull);
    reset_ctprs(c);
    return 0;
}

/* ---- system calls (e2k-isa.md §11.1) --------------------------------------- */

#define SYSCALL_MAX_ARGS 9 /* qemu reads up to 9 */

uint64_t cpu_syscall_arg(const struct cpu_state *c, unsigned i)
{
    unsigned idx = 2 * c->stop.sys_wbs + i;
    return idx < c->wd_size ? c->rf[idx].lo : 0;
}

void cpu_syscall_finish(struct cpu_state *c, uint64_t result)
{
    unsigned base = 2 * c->stop.sys_wbs;
    if (base < c->wd_size) {
        unsigned n = c->wd_size - base;
        if (n > SYSCALL_MAX_ARGS)
            n = SYSCALL_MAX_ARGS;
        /* qemu with tags: the callee's parameter registers come back
         * diagnostic, %r0 holds the result. */
        for (unsigned i = 1; i < n; i++)
            c->rf[base + i].tag = CPU_TAG_DIAG64;
        c->rf[base].lo = result;
        c->rf[base].tag = 0;
    }
    reset_ctprs(c);
    c->ip = c->stop.sys_next;
}
