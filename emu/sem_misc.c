/*
 * sem_misc.c — moves and special operations (e2k-isa.md §5.1, §5.6, §4.8,
 * §4.9, §4.10): movt* (tag-transparent), gettag/puttag, getsp, state
 * register reads and writes, x80 moves (movif/movfi/movx*), movtq halves.
 */
#include "emu/sem.h"

#include <string.h>

#include "emu/cpu_sys.h"

#define T32(r) ((r)->tag & 3u)
#define T64(r) ((r)->tag & 0xfu)

/* movts family: copy src2 with its tag, never faults; 32-bit moves always
 * behave as dbl = 0 [Q is_alop_affected_by_dbl] (the emitter sets XW_32P). */
static const struct xlat_op *h_movts(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    (void)c;
    const struct cpu_reg *rb = op->s2;
    xlat_wr(op->d, op->wmode, rb->lo, (uint8_t)T32(rb));
    XLAT_NEXT(c, op);
}

/* movtd family; to %ctprN the emitter uses XW_CTPR (commit) or this
 * handler's CTPR path (direct): aux = ctpr number or 0. */
static const struct xlat_op *h_movtd(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    if (op->aux) {
        /* §3.1: value[47:0] as target, tag 3 [Q]. */
        c->ctpr[op->aux] = (rb->lo & 0xffffffffffffull) |
                           (uint64_t)CTPR_TAG_DISP << 54;
        XLAT_NEXT(c, op);
    }
    struct cpu_reg *d = op->d;
    d->lo = rb->lo;
    d->tag = (uint8_t)T64(rb);
    XLAT_NEXT(c, op);
}

/* movtq halves: each channel of the pair moves one 64-bit register
 * (e2k-isa.md §2.4; parity checked at translate time). */
static const struct xlat_op *h_movtq(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    (void)c;
    const struct cpu_reg *rb = op->s2;
    struct cpu_reg *d = op->d;
    d->lo = rb->lo;
    d->tag = (uint8_t)T64(rb);
    XLAT_NEXT(c, op);
}

/* gettags/gettagd: the tag of src2 as a number; never faults. */
static const struct xlat_op *h_gettags(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    (void)c;
    xlat_wr(op->d, op->wmode, T32(op->s2), 0);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_gettagd(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    (void)c;
    xlat_wr(op->d, op->wmode, T64(op->s2), 0);
    XLAT_NEXT(c, op);
}

/* puttags/puttagd: value src1 with tag src2 (e2k-isa.md §4.10). */
static const struct xlat_op *h_puttags(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    if (T32(rb) && !op->sm)
        return xlat_tag_fault(c, op);
    xlat_wr(op->d, op->wmode, op->s1->lo, (uint8_t)(rb->lo & 3));
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_puttagd(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    if (T32(rb) && !op->sm)
        return xlat_tag_fault(c, op);
    struct cpu_reg *d = op->d;
    d->lo = op->s1->lo;
    d->tag = (uint8_t)(rb->lo & 0xf);
    XLAT_NEXT(c, op);
}

/* getsp (e2k-isa.md §4.9): USD.base += sext(src2 & ~0xf), USD.size -= the
 * same; returns the new base. */
static const struct xlat_op *h_getsp(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    if (T32(rb) && !op->sm)
        return xlat_tag_fault(c, op);
    int64_t delta = (int32_t)((uint32_t)rb->lo & ~0xfu);
    if (!c->user_mode) { /* size = free bytes below base (cpu_sys.h) */
        uint64_t b;
        if (cpu_sys_getsp(c, delta, &b))
            return xlat_raise(c, op, EXC_ARRAY_BOUNDS, 0,
                              "getsp: data stack exhausted");
        op->d->lo = b;
        op->d->tag = 0;
        XLAT_NEXT(c, op);
    }
    uint64_t base = ((c->usd_lo & 0xffffffffffffull) + (uint64_t)delta) &
                    0xffffffffffffull;
    uint64_t size = (c->usd_hi >> 32) - (uint64_t)delta;
    c->usd_lo = (c->usd_lo & ~0xffffffffffffull) | base;
    c->usd_hi = (c->usd_hi & 0xffffffffull) | (size << 32);
    struct cpu_reg *d = op->d;
    d->lo = base;
    d->tag = 0;
    XLAT_NEXT(c, op);
}

/* rrs/rrd: aux = state register number (validated at translate time). */
static const struct xlat_op *h_rrd(struct cpu_state *c,
                                   const struct xlat_op *op)
{
    uint64_t v;
    switch (op->aux) {
    case 0x81: v = xlat_op_pc(c, op); break; /* %ip: this bundle */
    case 0x82: /* %nip */
        v = op->bidx + 1u < c->cur_block->n ? c->cur_block->pcs[op->bidx + 1]
                                            : c->cur_block->end;
        break;
    case 0x90: case 0x92: v = c->icount + op->bidx; break; /* clocks */
    case 0x9c: case 0x9d: /* TIRs: a %tir.lo read moves on (cpu_sys.h) */
        v = c->user_mode ? 0 : cpu_sys_tir_rr(c, op->aux);
        break;
    case 0x84: case 0x86: /* %pfpfr, %fpsr: fold the live host flags */
        sem_fp_sync(c);
        cpu_sreg_read(c, op->aux, &v);
        break;
    default: cpu_sreg_read(c, op->aux, &v); break;
    }
    xlat_wr(op->d, op->wmode, v, 0);
    XLAT_NEXT(c, op);
}

/* rws/rwd: aux = number; privileged registers fault in user mode
 * (e2k-isa.md §4.8: qemu allows only the 'U' ones without PSR.pm). */
static const struct xlat_op *h_rwd(struct cpu_state *c,
                                   const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    int user_ok = 0;
    if ((op->size == 4 ? T32(rb) : T64(rb)) && !op->sm)
        return xlat_tag_fault(c, op);
    cpu_sreg_valid(c, op->aux, 1, &user_ok);
    if (!c->user_mode && (op->aux == 0x9c || op->aux == 0x9d))
        user_ok = 0; /* TIR writes are privileged in system mode (D9) */
    if (!user_ok && (c->user_mode || !(c->psr & 1)))
        return xlat_raise(c, op, EXC_PRIV_ACTION, 0,
                          "privileged state register write");
    uint64_t v = op->size == 4 ? (uint32_t)rb->lo : rb->lo;
    if (op->aux >= 0x84 && op->aux <= 0x86)
        sem_fp_sync(c); /* flags written now replace the live ones */
    cpu_sreg_write(c, op->aux, v);
    if (op->aux >= 0x84 && op->aux <= 0x86)
        sem_fp_reload(c);
    if (op->aux == 0x00 || op->aux == 0x80)
        cpu_sys_status_written(c, op->aux); /* interrupts (cpu_sys.h) */
    XLAT_NEXT(c, op);
}

/* x80 moves (e2k-isa.md §5.6): the mantissa is lo, sign/exponent hi[15:0]. */
static const struct xlat_op *h_movif(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    uint8_t t = (uint8_t)(T64(ra) | T32(rb));
    if (t) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = CPU_TAG_DIAG64;
    }
    uint64_t lo = ra->lo, hi = rb->lo & 0xffff; /* d may be a source */
    struct cpu_reg *d = op->d;
    d->lo = lo;
    d->hi = hi;
    d->tag = t;
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_movfi(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    uint8_t t = (uint8_t)T64(rb);
    if (t) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = 1;
    }
    xlat_wr(op->d, op->wmode, rb->hi & 0xffff, t);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *movx(struct cpu_state *c,
                                  const struct xlat_op *op, int kind)
{
    const struct cpu_reg *rb = op->s2;
    uint8_t t = (uint8_t)T64(rb);
    if (t) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = CPU_TAG_DIAG64;
    }
    uint64_t hi = rb->hi & 0xffff;
    if (kind == 1)
        hi &= 0x7fff;
    else if (kind == 2)
        hi ^= 0x8000;
    struct cpu_reg *d = op->d;
    d->lo = rb->lo;
    d->hi = hi;
    d->tag = t;
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_movx(struct cpu_state *c,
                                    const struct xlat_op *op)
{
    return movx(c, op, 0);
}
static const struct xlat_op *h_movxa(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    return movx(c, op, 1);
}
static const struct xlat_op *h_movxc(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    return movx(c, op, 2);
}

#define MV(n, f) {#n, SEM_ALU, f, h_##n, h_##n, h_##n, 0},
#define MVH(n, h, f) {#n, SEM_ALU, f, h, h, h, 0},
#define SP(n, h, f) {#n, SEM_SPECIAL, f, h, h, h, 0},

const struct sem_entry sem_misc_table[] = {
#include "emu/sem_misc.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};
