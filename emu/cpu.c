/*
 * cpu.c — CPU state helpers (cpu.h): reset, register and predicate access
 * for machines and debuggers, the composite views (WD, BR, LSR), state
 * registers by number (rrs/rrd/rws/rwd semantics without privilege checks),
 * exceptions and names. Call/return mechanics are in cpu_proc.c, the run
 * loop in cpu_run.c.
 *
 * Facts: e2k-isa.md §4.2 (WD), §4.3 (BR), §4.7 (LSR), §4.8 (state register
 * numbers, sreg.def), §11.3 (initial state).
 */
#include "emu/cpu.h"

#include <stdio.h>
#include <string.h>

#include "emu/cpu_sys.h"
#include "emu/machine.h"
#include "emu/mem.h"

/* PSR bits (e2k-isa.md §11.3: user mode starts with IE|SGE|NMIE). */
#define PSR_PM 0x01
#define PSR_IE 0x02
#define PSR_SGE 0x04
#define PSR_NMIE 0x20
/* UPSR bits: FE (fp enable) bit 0, IE bit 5, NMIE bit 7 [Q cpu.h]. */
#define UPSR_FE 0x01
#define UPSR_IE 0x20
#define UPSR_NMIE 0x80

void cpu_reset(struct cpu_state *c, unsigned isa)
{
    struct mem *mem = c->mem;
    struct machine *mach = c->mach;
    memset(c, 0, sizeof *c);
    c->mem = mem;
    c->mach = mach;
    c->isa = (uint8_t)isa;
    c->tags_on = 1;
    c->misalign_ok = 1;
    c->user_mode = 1;
    /* e2k-isa.md §11.3 / qemu e2k_cpu_reset. */
    c->wd_size = 16;
    c->wd_psize = 8;
    c->wd_fx = 1;
    c->br_rbs = 4;
    c->br_rsz = 3;
    c->psr = PSR_IE | PSR_SGE | PSR_NMIE;
    c->upsr = UPSR_FE | UPSR_IE | UPSR_NMIE;
    /* x87 control word: all exceptions masked (0x3f), precision extended
     * (PC = 3, bits 9:8), round to nearest; PFPFR: all masked (bits 12:7,
     * MXCSR layout). */
    c->fpcr = 0x037f;
    c->pfpfr = 0x1f80;
    c->icount_limit = UINT64_MAX;
    c->idr = (uint64_t)isa << 8; /* UNSURE: IDR layout (mdl/rev) */
    c->aau.aaincr[0] = 1; /* %aaincr0 is always 1 (qemu e2k_cpu_reset) */
}

void cpu_request_exit(struct cpu_state *c)
{
    c->exit_req = 1;
    c->chain_limit = 0;
}

void cpu_halt(struct cpu_state *c)
{
    c->halt_req = 1;
    cpu_request_exit(c);
}

void cpu_state_assign(struct cpu_state *dst, const struct cpu_state *src)
{
    if (dst == src)
        return;
    /* Everything not listed here is guest state (or configuration equal
     * on both sides) and is copied. */
    struct cpu_state keep = *dst;
    *dst = *src;
    dst->icount_limit = keep.icount_limit;
    dst->sys_exit_ip = keep.sys_exit_ip;
    dst->io = keep.io;
    dst->io_opaque = keep.io_opaque;
    dst->exit_req = keep.exit_req;
    dst->smc = keep.smc;
    dst->ct_taken = keep.ct_taken;
    dst->bp_skip = keep.bp_skip;
    dst->stop = keep.stop;
    dst->cur_block = keep.cur_block;
    dst->mem = keep.mem;
    dst->mach = keep.mach;
    dst->link_blk = keep.link_blk;
    dst->link_slot = keep.link_slot;
    dst->rlp_mask = keep.rlp_mask;
    dst->no_chain = keep.no_chain;
    dst->halt_req = keep.halt_req;
    dst->chain_limit = keep.chain_limit;
    dst->stack_top = keep.stack_top;
}

struct cpu_reg *cpu_rreg(struct cpu_state *c, unsigned n)
{
    return n < c->wd_size ? &c->rf[n] : NULL;
}

struct cpu_reg *cpu_breg(struct cpu_state *c, unsigned n)
{
    unsigned size = 2u * (c->br_rsz + 1u);
    if (n >= size)
        return NULL;
    unsigned idx = 2u * c->br_rbs + (2u * c->br_rcur + n) % size;
    return idx < c->wd_size ? &c->rf[idx] : NULL;
}

struct cpu_reg *cpu_greg(struct cpu_state *c, unsigned n)
{
    return n < 32 ? &c->rf[CPU_RF_G0 + n] : NULL;
}

static unsigned pred_idx(const struct cpu_state *c, unsigned n)
{
    if (n <= c->br_psz)
        return (c->br_pcur + n) % (c->br_psz + 1u);
    return n;
}

int cpu_pred_get(const struct cpu_state *c, unsigned n, int *tag)
{
    unsigned i = pred_idx(c, n & 31);
    if (tag)
        *tag = (int)((c->pf >> (2 * i + 1)) & 1);
    return (int)((c->pf >> (2 * i)) & 1);
}

void cpu_pred_set(struct cpu_state *c, unsigned n, int val, int tag)
{
    unsigned i = pred_idx(c, n & 31);
    c->pf = (c->pf & ~(3ull << (2 * i))) | ((uint64_t)(val & 1) << (2 * i)) |
            ((uint64_t)(tag & 1) << (2 * i + 1));
}

/* ---- composite views ------------------------------------------------------ */

uint64_t cpu_wd_get(const struct cpu_state *c)
{
    /* §4.2: base 10:0 (always 0 in our sliding model), size 26:16 and
     * psize 42:32 in bytes, fx 48. */
    return ((uint64_t)(c->wd_size * 8u) << 16) |
           ((uint64_t)(c->wd_psize * 8u) << 32) | ((uint64_t)c->wd_fx << 48);
}

uint64_t cpu_br_get(const struct cpu_state *c)
{
    return (uint64_t)c->br_rbs | (uint64_t)c->br_rsz << 6 |
           (uint64_t)c->br_rcur << 12 | (uint64_t)c->br_psz << 18 |
           (uint64_t)c->br_pcur << 23;
}

void cpu_br_set(struct cpu_state *c, uint64_t br)
{
    c->br_rbs = br & 63;
    c->br_rsz = (br >> 6) & 63;
    c->br_rcur = (br >> 12) & 63;
    c->br_psz = (br >> 18) & 31;
    c->br_pcur = (br >> 23) & 31;
}

uint64_t cpu_lsr_get(const struct cpu_lsr *l)
{
    return (l->lcnt & 0xffffffffull) | (uint64_t)(l->ecnt & 31) << 32 |
           (uint64_t)(l->vlc & 1) << 37 | (uint64_t)(l->over & 1) << 38 |
           (uint64_t)(l->ldmc & 1) << 39 | (uint64_t)l->ldovl << 40 |
           (uint64_t)(l->pcnt & 31) << 48 | (uint64_t)(l->strmd & 127) << 53 |
           (uint64_t)(l->semc & 1) << 60;
}

void cpu_lsr_set(struct cpu_lsr *l, uint64_t v)
{
    l->lcnt = v & 0xffffffffull;
    l->ecnt = (v >> 32) & 31;
    l->vlc = (v >> 37) & 1;
    l->over = (v >> 38) & 1;
    l->ldmc = (v >> 39) & 1;
    l->ldovl = (v >> 40) & 0xff;
    l->pcnt = (v >> 48) & 31;
    l->strmd = (v >> 53) & 127;
    l->semc = (v >> 60) & 1;
}

/* ---- state registers (e2k-isa.md §4.8) ------------------------------------ */

/* Flags per number from sreg.def: bit 0 known, 1 user-writable, 2 read-only;
 * isa range. */
struct sreg_info {
    uint8_t known, user, ro, isa_min, isa_max;
};

/* The row of sreg.def for state register `num` in ISA version `isa`.
 * Several rows may share a code with different ISA ranges (v6 renames
 * %ctpr1 to %ctpr1.lo, for instance): the one whose range holds `isa`
 * decides, so a later row cannot shadow an earlier one. */
static struct sreg_info sreg_info(unsigned num, unsigned isa)
{
    struct sreg_info r = {0, 0, 0, 0, 0};
#define SREG(name, code, lo, hi, flags)                                        \
    if ((code) == num && !strchr(flags, 'A') && isa >= (lo) && isa <= (hi) &&  \
        !r.known) {                                                            \
        r.known = 1;                                                           \
        r.user = strchr(flags, 'U') != NULL;                                   \
        r.ro = strchr(flags, 'O') != NULL;                                     \
        r.isa_min = lo;                                                        \
        r.isa_max = hi;                                                        \
    }
#include "emu/sreg.def"
#undef SREG
    return r;
}

int cpu_sreg_valid(const struct cpu_state *c, unsigned num, int write,
                   int *user_ok)
{
    struct sreg_info i = sreg_info(num, c->isa);
    if (!i.known || c->isa < i.isa_min || c->isa > i.isa_max ||
        (write && i.ro))
        return 0;
    if (user_ok)
        *user_ok = i.user;
    return 1;
}

int cpu_sreg_read(struct cpu_state *c, unsigned num, uint64_t *val)
{
    uint64_t v = 0;
    if (!cpu_sreg_valid(c, num, 0, NULL)) {
        *val = 0;
        return -EXC_ILLEGAL_OPCODE;
    }
    switch (num) {
    case 0x00: v = c->psr; break;
    case 0x01: v = cpu_wd_get(c); break;
    case 0x04: v = c->core_mode; break;
    case 0x07: v = c->psp_hi; break;
    case 0x09: v = c->psp_lo; break;
    case 0x0b: v = c->pshtp; break;
    case 0x0d: v = c->pcsp_hi; break;
    case 0x0f: v = c->pcsp_lo; break;
    case 0x13: v = c->pcshtp; break;
    case 0x15: case 0x16: case 0x17: v = c->ctpr[num - 0x14]; break;
    case 0x1e: v = c->sbr; break;
    case 0x25: v = c->cuir; break;
    case 0x2c: v = c->usd_hi; break;
    case 0x2d: v = c->usd_lo; break;
    case 0x51: case 0x53: case 0x55: case 0x57: {
        uint64_t cr[4];
        if (cpu_cr_read(c, 0, &cr[0], &cr[1], &cr[2], &cr[3]))
            cr[0] = cr[1] = cr[2] = cr[3] = 0;
        v = cr[num == 0x53 ? 0 : num == 0x51 ? 1 : num == 0x57 ? 2 : 3];
        break;
    }
    case 0x80: v = c->upsr; break;
    case 0x81: v = c->ip; break;
    case 0x82: v = c->nip; break;
    case 0x83: v = cpu_lsr_get(&c->lsr); break;
    case 0x84: v = c->pfpfr; break;
    case 0x85: v = c->fpcr; break;
    case 0x86: v = c->fpsr; break;
    case 0x87: v = cpu_lsr_get(&c->ilcr); break;
    case 0x88: v = cpu_br_get(c); break;
    case 0x89: v = (uint64_t)c->bgr_val | (uint64_t)c->bgr_cur << 8; break;
    case 0x8a: v = c->idr; break;
    /* Clocks are derived from icount so that replay needs no input
     * (docs/cpu.md "Determinism"). */
    case 0x90: case 0x92: v = c->icount; break;
    case 0xa0: v = c->rpr_lo; break;
    case 0xa1: v = c->sbbp; break;
    case 0xa2: v = c->rpr_hi; break;
    case 0xc0: v = c->upsrm; break;
    case 0xc3: v = c->lsr.lcnt; break;
    case 0xc7: v = c->ilcr.lcnt; break;
    default: /* system registers (cpu_sys.c); else known but not
                modelled: reads as 0 */
        if (!cpu_sys_sreg_read(c, num, &v))
            v = 0;
        break;
    }
    *val = v;
    return 0;
}

int cpu_sreg_write(struct cpu_state *c, unsigned num, uint64_t v)
{
    if (!cpu_sreg_valid(c, num, 1, NULL))
        return -EXC_ILLEGAL_OPCODE;
    switch (num) {
    case 0x00: c->psr = v; break;
    case 0x01: /* WD: size/psize in bytes (§4.2) */
        c->wd_size = (uint16_t)(((v >> 16) & 0x7ff) / 8);
        c->wd_psize = (uint16_t)(((v >> 32) & 0x7ff) / 8);
        if (c->wd_size > CPU_NR_REGS)
            c->wd_size = CPU_NR_REGS;
        if (c->wd_psize > c->wd_size)
            c->wd_psize = c->wd_size;
        c->wd_fx = (v >> 48) & 1;
        break;
    case 0x04: c->core_mode = v; break;
    case 0x07: c->psp_hi = v; break;
    case 0x09: c->psp_lo = v; break;
    case 0x0d: c->pcsp_hi = v; break;
    case 0x0f: c->pcsp_lo = v; break;
    case 0x15: case 0x16: case 0x17: c->ctpr[num - 0x14] = v; break;
    case 0x1e: c->sbr = v; break;
    case 0x25: c->cuir = v; break;
    case 0x2c: c->usd_hi = v; break;
    case 0x2d: c->usd_lo = v; break;
    case 0x80: c->upsr = v; break;
    case 0x82: c->nip = v; break;
    case 0x83: /* writing %lsr also loads %ilcr [Q] */
        cpu_lsr_set(&c->lsr, v);
        cpu_lsr_set(&c->ilcr, v);
        break;
    case 0x84: c->pfpfr = v; break;
    case 0x85: c->fpcr = v; break;
    case 0x86: c->fpsr = v; break;
    case 0x87: cpu_lsr_set(&c->ilcr, v); break;
    case 0x88: cpu_br_set(c, v); break;
    case 0x89: c->bgr_val = v & 0xff; c->bgr_cur = (v >> 8) & 7; break;
    case 0xa0: c->rpr_lo = v; break;
    case 0xa1: c->sbbp = v; break;
    case 0xa2: c->rpr_hi = v; break;
    case 0xc0: c->upsrm = v; break;
    case 0xc3: c->lsr.lcnt = v; c->ilcr.lcnt = v; break;
    case 0xc7: c->ilcr.lcnt = v; break;
    default: /* system registers (cpu_sys.c), else ignored */
        cpu_sys_sreg_write(c, num, v);
        break;
    }
    return 0;
}

/* ---- exceptions and names ------------------------------------------------- */

int cpu_raise(struct cpu_state *c, unsigned exc, uint64_t pc, uint64_t addr,
              const char *why)
{
    c->stop.reason = CPU_STOP_EXCEPTION;
    c->stop.exc = exc;
    c->stop.pc = pc;
    c->stop.addr = addr;
    snprintf(c->stop.msg, sizeof c->stop.msg, "%s", why ? why : "");
    return CPU_STOP_EXCEPTION;
}

const char *cpu_exc_name(unsigned exc)
{
    switch (exc) {
    case EXC_ILLEGAL_OPCODE: return "exc_illegal_opcode";
    case EXC_PRIV_ACTION: return "exc_priv_action";
    case EXC_ILLEGAL_INSTR_ADDR: return "exc_illegal_instr_addr";
    case EXC_WINDOW_BOUNDS: return "exc_window_bounds";
    case EXC_PROC_STACK_BOUNDS: return "exc_proc_stack_bounds";
    case EXC_CHAIN_STACK_BOUNDS: return "exc_chain_stack_bounds";
    case EXC_ILLEGAL_OPERAND: return "exc_illegal_operand";
    case EXC_ARRAY_BOUNDS: return "exc_array_bounds";
    case EXC_ADDR_NOT_ALIGNED: return "exc_addr_not_aligned";
    case EXC_INSTR_PAGE: return "exc_instr_page_miss";
    case EXC_INSTR_PAGE_PROT: return "exc_instr_page_prot";
    case EXC_DATA_PAGE: return "exc_data_page";
    case EXC_INTERRUPT: return "exc_interrupt";
    case EXC_NM_INTERRUPT: return "exc_nm_interrupt";
    case EXC_DIV: return "exc_div";
    default: return "exc_unknown";
    }
}

const char *cpu_stop_name(unsigned reason)
{
    switch (reason) {
    case CPU_STOP_NONE: return "none";
    case CPU_STOP_ICOUNT: return "icount";
    case CPU_STOP_EXCEPTION: return "exception";
    case CPU_STOP_SYSCALL: return "syscall";
    case CPU_STOP_BREAKPOINT: return "breakpoint";
    case CPU_STOP_HALT: return "halt";
    case CPU_STOP_HOOK: return "hook";
    default: return "unknown";
    }
}
