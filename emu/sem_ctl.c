/*
 * sem_ctl.c — the bundle-level ops of translated code: exceptions and block
 * exits, %b rotation fixups, transfer-condition evaluation, setwd, CS0
 * preparations, RLP conditions, the commit of buffered results, PLS, the
 * loop/rotation advance and the control transfer itself.
 *
 * Order inside a bundle is e2k-isa.md §9: these ops are placed by the
 * translator (xlat_translate.c) so that
 *   [bp] [fixup] [pre: condition + transfer checks] [snap] [setwd] [cs0]
 *   ALU ops [commit] [tail: PLS, setbn/setbp, alc/abn/abp, transfer] [smc]
 * Everything that can fault runs before the first effect of the bundle,
 * except where docs/cpu.md "Exceptions" says otherwise.
 */
#include "emu/sem.h"

#include <stdio.h>
#include <string.h>

#include "emu/cpu_sys.h"
#include "emu/mem.h"

/* ---- exits ------------------------------------------------------------------ */

uint64_t xlat_op_pc(const struct cpu_state *c, const struct xlat_op *op)
{
    return c->cur_block->pcs[op->bidx];
}

const struct xlat_op *xlat_raise(struct cpu_state *c, const struct xlat_op *op,
                                 unsigned exc, uint64_t addr, const char *why)
{
    uint64_t pc = xlat_op_pc(c, op);
    c->icount += op->bidx;
    c->ip = pc;
    c->link_blk = NULL;
    cpu_raise(c, exc, pc, addr, why);
    return NULL;
}

const struct xlat_op *xlat_tag_fault(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    char msg[64];
    snprintf(msg, sizeof msg, "diagnostic operand on ALC%u", op->ch);
    return xlat_raise(c, op, EXC_ILLEGAL_OPERAND, 0, msg);
}

const struct xlat_op *xlat_exit(struct cpu_state *c, const struct xlat_op *op,
                                uint64_t next_pc, int slot, int static_ctx)
{
    struct xlat_block *b = c->cur_block;
    c->icount += op->bidx + 1u;
    c->ip = next_pc;
    c->link_blk = NULL;
    if (static_ctx && !b->temp) {
        struct xlat_block *nb = b->chain[slot];
        if (nb && nb->pc == next_pc && c->icount + nb->n <= c->chain_limit) {
            c->cur_block = nb;
            return nb->ops;
        }
        if (!c->no_chain) {
            c->link_blk = b;
            c->link_slot = (uint8_t)slot;
        }
    }
    return NULL;
}

/* A statically known exception at this bundle: imm = exception number,
 * ext = message. */
const struct xlat_op *xlat_h_raise(struct cpu_state *c,
                                   const struct xlat_op *op)
{
    return xlat_raise(c, op, (unsigned)op->imm, 0, (const char *)op->ext);
}

/* Debugger breakpoint at the first bundle of a block (imm = 1: breakpoint
 * instruction, always stops). */
const struct xlat_op *xlat_h_bp(struct cpu_state *c, const struct xlat_op *op)
{
    if (!op->imm && c->bp_skip) {
        c->bp_skip = 0;
        XLAT_NEXT(c, op);
    }
    uint64_t pc = xlat_op_pc(c, op);
    c->icount += op->bidx;
    c->ip = pc;
    c->link_blk = NULL;
    c->stop.reason = CPU_STOP_BREAKPOINT;
    c->stop.exc = (uint32_t)op->imm;
    c->stop.pc = pc;
    c->stop.addr = 0;
    snprintf(c->stop.msg, sizeof c->stop.msg, "%s",
             op->imm ? "breakpoint instruction" : "breakpoint");
    return NULL;
}

/* ---- %b rotation (e2k-isa.md §4.3) ----------------------------------------------
 * ext = struct xlat_fix[imm]; aux = 2*rbs | (2*(rsz+1)) << 8. */
const struct xlat_op *xlat_h_fixup(struct cpu_state *c,
                                   const struct xlat_op *op)
{
    const struct xlat_fix *f = op->ext;
    unsigned base = op->aux & 0xff, size = (op->aux >> 8) & 0xff;
    unsigned cur = 2u * c->br_rcur;
    for (unsigned i = 0; i < op->imm; i++) {
        unsigned r = cur + f[i].n;
        if (r >= size)
            r = r < 2 * size ? r - size : r % size;
        unsigned idx = base + r;
        if (XLAT_UNLIKELY(idx >= f[i].limit))
            return xlat_raise(c, op, EXC_WINDOW_BOUNDS, 0,
                              "based register beyond the window");
        *f[i].slot = &c->rf[idx];
    }
    XLAT_NEXT(c, op);
}

/* ---- predicate sources and transfer conditions ---------------------------- */

int xlat_psrc(const struct cpu_state *c, uint64_t pf, unsigned psrc, int *tag)
{
    if (tag)
        *tag = 0;
    if (psrc == PSRC_LCNTEX)
        return c->lsr.lcnt == 0;
    if (PSRC_IS_PRED(psrc)) {
        unsigned i = xlat_pred_idx(c, PSRC_NUM(psrc));
        if (tag)
            *tag = (int)((pf >> (2 * i + 1)) & 1);
        return (int)((pf >> (2 * i)) & 1);
    }
    /* %pcntN: qemu evaluates LSR.pcnt <= N (UNSURE, e2k-isa.md §7.7). Also
     * used for ELP 0x40..0x5f (binutils: %bgrpred/%rndpred). */
    return c->lsr.pcnt <= PSRC_NUM(psrc);
}

/* Condition of the tail's transfer; -1 if a diagnostic predicate is used. */
static int cond_eval(const struct cpu_state *c, const struct xlat_tail *t)
{
    if (t->kind == XT_NONE)
        return 0;
    unsigned type = t->cond_type;
    int p = 0, pt = 0;
    int use_pred = type == CT_PRED || type == CT_NOT_PRED ||
                   ((type == CT_PRED_OR_LOOP_END ||
                     type == CT_NOT_PRED_AND_NOT_LOOP_END ||
                     type == CT_NOT_PRED_OR_LOOP_END ||
                     type == CT_PRED_AND_NOT_LOOP_END) &&
                    c->lsr.pcnt == 0);
    if (use_pred) {
        unsigned i = xlat_pred_idx(c, t->psrc & 31);
        p = (int)((c->pf >> (2 * i)) & 1);
        pt = (int)((c->pf >> (2 * i + 1)) & 1);
        if (pt)
            return -1;
    }
    int le = xlat_loop_end(&c->lsr);
    switch (type) {
    case CT_NEVER: return 0;
    case CT_ALWAYS: return 1;
    case CT_PRED: return p;
    case CT_NOT_PRED: return !p;
    case CT_LOOP_END: return le;
    case CT_NOT_LOOP_END: return !le;
    /* §7.4: while LSR.pcnt != 0 the predicate part is ignored [Q]. */
    case CT_PRED_OR_LOOP_END: return use_pred ? (p || le) : le;
    case CT_NOT_PRED_AND_NOT_LOOP_END: return use_pred ? (!p && !le) : !le;
    case CT_NOT_PRED_OR_LOOP_END: return use_pred ? (!p || le) : le;
    case CT_PRED_AND_NOT_LOOP_END: return use_pred ? (p && !le) : !le;
    case CT_MLOCK: return c->mlock; /* psrc 0 (sem_mem.c "DAM") */
    default: return 0;
    }
}

/* Evaluate and check a transfer before the bundle has effects: 0/1, or
 * NULL-returning raise through *out. */
static int cond_check(struct cpu_state *c, const struct xlat_op *op,
                      const struct xlat_tail *t, const struct xlat_op **out)
{
    int taken = cond_eval(c, t);
    *out = NULL;
    if (taken < 0) {
        *out = xlat_raise(c, op, EXC_ILLEGAL_OPERAND, 0,
                          "diagnostic predicate in a transfer condition");
        return -1;
    }
    if (!taken || t->kind == XT_IBRANCH)
        return taken;
    uint64_t ctpr = c->ctpr[t->ctpr];
    unsigned tag = CTPR_TAG(ctpr);
    /* The checks return an exception (nonzero) or 0; an unprepared %ctpr
     * is exc_illegal_opcode, whose number is 0, so it is flagged apart
     * (it must fault before any effect of the bundle, e2k-isa.md §9.1). */
    int exc = 0, unprepared = 0;
    if (t->kind == XT_DONE) {
        exc = cpu_sys_done_check(c);
    } else if (t->kind == XT_CT) {
        if (tag == CTPR_TAG_RETURN)
            exc = cpu_proc_return_check(c);
        else if (tag != CTPR_TAG_DISP)
            unprepared = 1; /* empty, or sdisp without call */
    } else { /* call */
        if (tag == CTPR_TAG_DISP)
            exc = cpu_proc_call_check(c, t->wbs);
        else if (tag == CTPR_TAG_SDISP && !c->user_mode)
            exc = cpu_sys_scall_check(c, ctpr, t->wbs);
        else if (tag != CTPR_TAG_SDISP)
            unprepared = 1;
    }
    if (unprepared) {
        *out = xlat_raise(c, op, EXC_ILLEGAL_OPCODE, 0,
                          "transfer through an unprepared %ctpr");
        return -1;
    }
    if (exc) {
        *out = xlat_raise(c, op, CPU_SYS_EXC_NUM(exc), 0,
                          "transfer cannot be performed");
        return -1;
    }
    return 1;
}

/* Pre op: the transfer condition of the bundle, evaluated before its ALU
 * ops (they must not see a fault after their effects). ext = tail. */
const struct xlat_op *xlat_h_pre(struct cpu_state *c, const struct xlat_op *op)
{
    const struct xlat_op *r;
    int taken = cond_check(c, op, op->ext, &r);
    if (taken < 0)
        return r;
    c->ct_taken = (uint8_t)taken;
    XLAT_NEXT(c, op);
}

/* Snapshot of predicates (and LSR) for readers that must see the values
 * from before the bundle while it writes them. */
const struct xlat_op *xlat_h_snap(struct cpu_state *c,
                                  const struct xlat_op *op)
{
    c->pf_snap = c->pf;
    c->lsr_snap = c->lsr;
    XLAT_NEXT(c, op);
}

/* setwd (e2k-isa.md §4.2): aux = new size in registers, pred = fx,
 * size = dbl. Newly exposed registers become diagnostic (qemu tags=on). */
const struct xlat_op *xlat_h_setwd(struct cpu_state *c,
                                   const struct xlat_op *op)
{
    unsigned size = op->aux;
    for (unsigned i = c->wd_size; i < size; i++)
        c->rf[i].tag = 0x55;
    c->wd_size = (uint16_t)size;
    c->wd_fx = op->pred;
    c->wd_dbl = op->size;
    XLAT_NEXT(c, op);
}

/* CS0 preparations (e2k-isa.md §7.2): aux = enum xlat_cs0, pred = ctpr,
 * imm = the prepared CTPR value (disp/sdisp). */
const struct xlat_op *xlat_h_cs0(struct cpu_state *c, const struct xlat_op *op)
{
    if (op->aux == XC_RETURN) {
        uint64_t cr0_lo, cr0_hi, cr1_lo, cr1_hi;
        if (cpu_cr_read(c, 0, &cr0_lo, &cr0_hi, &cr1_lo, &cr1_hi))
            return xlat_raise(c, op, EXC_CHAIN_STACK_BOUNDS, 0,
                              "return: chain stack not readable");
        c->ctpr[3] = (cr0_hi & 0xfffffffffff8ull) |
                     (uint64_t)CTPR_TAG_RETURN << 54 | (op->imm & (3ull << 59));
        XLAT_NEXT(c, op);
    }
    c->ctpr[op->pred] = op->aux == XC_SDISP && !c->user_mode
                            ? cpu_sys_sdisp(c, op->imm)
                            : op->imm;
    XLAT_NEXT(c, op);
}

/* ---- RLP (e2k-isa.md §8.3): run the wrapped op only if the condition
 * holds. ext = struct xlat_rlp. */

/* End marker of a nested run of one handler (rlp_diag). */
static const struct xlat_op *h_nested_end(struct cpu_state *c,
                                          const struct xlat_op *op)
{
    (void)c;
    return op;
}

#define RLP_DIAG_BITS 0x4000000040000000ull

/* A speculative op whose condition reads a diagnostic predicate
 * (e2k-isa.md §4.10): it runs, and its result gets bits 30 and 62 set and
 * a diagnostic tag. These are the values hardware shows: 0 becomes
 * 0x4000000040000000 [T sm/qual-4], -1 stays -1 [T sm/qual-10], and a
 * store writes the marked value, 1 -> 0x4000000040000001 [T sm/qual-11]
 * (memory has no tags). A %ctpr destination (static), a state register or
 * an AAU register cannot be made diagnostic: exc_illegal_operand
 * [T sm/qual-7, qual-9]. */
static const struct xlat_op *rlp_diag(struct cpu_state *c,
                                      const struct xlat_op *op,
                                      const struct xlat_rlp *r)
{
    if (r->dkind == XD_FAULT)
        return xlat_raise(c, op, EXC_ILLEGAL_OPERAND, 0,
                          "diagnostic predicate in the condition of a state "
                          "write");
    struct xlat_op tmp[2];
    struct cpu_reg val;
    tmp[0] = *op;
    tmp[0].fn = op->inner;
    memset(&tmp[1], 0, sizeof tmp[1]);
    tmp[1].fn = h_nested_end;
    tmp[1].bidx = op->bidx;
    if (r->dkind == XD_STORE) {
        val = *op->s3;
        val.lo |= RLP_DIAG_BITS;
        val.hi |= RLP_DIAG_BITS;
        tmp[0].s3 = &val;
    } else if (r->dkind == XD_REG) {
        val = *op->d;
        tmp[0].d = &val;
    }
    const struct xlat_op *ret = tmp[0].fn(c, &tmp[0]);
    if (ret != &tmp[1])
        return ret; /* raised */
    if (r->buffered)
        c->rlp_mask |= (uint8_t)(1u << op->ch);
    if (r->dkind == XD_REG) {
        struct cpu_reg *d = op->d;
        switch (op->wmode) {
        case XW_32P:
        case XW_32Z:
            val.lo |= 0x40000000ull;
            val.tag = (uint8_t)((val.tag & ~3u) | 1u);
            break;
        case XW_128:
            val.lo |= RLP_DIAG_BITS;
            val.hi |= RLP_DIAG_BITS;
            val.tag = 0x55;
            break;
        default:
            val.lo |= RLP_DIAG_BITS;
            val.tag = (uint8_t)((val.tag & ~0xfu) | CPU_TAG_DIAG64);
            break;
        }
        d->lo = val.lo;
        d->hi = val.hi;
        d->tag = val.tag;
    } else if (r->dkind == XD_PRED) {
        if (op->d == &c->rf[CPU_RF_SINK]) {
            unsigned i = (op->flags & XF_DYNPRED) ? xlat_pred_idx(c, op->pred)
                                                  : op->pred;
            xlat_pred_write_op(c, op, (int)((c->pf >> (2 * i)) & 1), 1);
        } else {
            op->d->tag |= 1u;
        }
    }
    XLAT_NEXT(c, op);
}

const struct xlat_op *xlat_h_rlp(struct cpu_state *c, const struct xlat_op *op)
{
    const struct xlat_rlp *r = op->ext;
    int has_p = 0, has_c = 0, vp = 0, vc = 0, tag = 0;
    uint64_t pf = (op->flags & XF_SNAP) ? c->pf_snap : c->pf;
    for (unsigned i = 0; i < r->n; i++) {
        int t = 0;
        int v = xlat_psrc(c, pf, r->psrc[i], &t) ^ r->neg[i];
        tag |= t;
        if (PSRC_IS_PCNT(r->psrc[i])) {
            has_c = 1;
            vc |= v;
        } else {
            has_p = 1;
            vp |= v;
        }
    }
    int cond = (has_p ? vp : 1) & (has_c ? vc : 1);
    /* A false %pcnt part decides alone: the op does not run and the
     * diagnostic predicate is not used [T sm/qual-5]. */
    if (XLAT_UNLIKELY(tag) && !(has_c && !vc)) {
        if (!op->sm)
            return xlat_raise(c, op, EXC_ILLEGAL_OPERAND, 0,
                              "diagnostic predicate in an op condition");
        return rlp_diag(c, op, r);
    }
    if (r->buffered) {
        if (cond)
            c->rlp_mask |= (uint8_t)(1u << op->ch);
        else
            c->rlp_mask &= (uint8_t)~(1u << op->ch);
    }
    if (!cond) {
        if (XLAT_UNLIKELY(op->flags & XF_AAINC))
            sem_aau_rlp_skip(c, op); /* sem_aau.c */
        XLAT_NEXT(c, op);
    }
    return op->inner(c, op);
}

/* ---- commit of buffered results: ext = struct xlat_commit[imm] ------------ */

const struct xlat_op *xlat_h_commit(struct cpu_state *c,
                                    const struct xlat_op *op)
{
    const struct xlat_commit *e = op->ext;
    for (unsigned i = 0; i < op->imm; i++, e++) {
        if (e->cond && !(c->rlp_mask & (1u << e->ch)))
            continue;
        const struct cpu_reg *s = e->src;
        struct cpu_reg *d = e->dst;
        switch (e->mode) {
        case XW_64:
            d->lo = s->lo;
            d->tag = s->tag;
            break;
        case XW_32P:
            d->lo = (d->lo & 0xffffffff00000000ull) | (uint32_t)s->lo;
            d->tag = (uint8_t)((d->tag & ~3u) | (s->tag & 3u));
            break;
        case XW_32Z:
            d->lo = (uint32_t)s->lo;
            d->tag = s->tag & 3u;
            break;
        case XW_128:
        case XW_80:
            d->lo = s->lo;
            d->hi = s->hi;
            d->tag = s->tag;
            break;
        case XW_PRED:
            xlat_pred_write(c, e->num, (int)(s->lo & 1), s->tag & 1);
            break;
        case XW_CTPR:
            c->ctpr[e->num] = (s->lo & 0xffffffffffffull) |
                              (uint64_t)CTPR_TAG_DISP << 54;
            break;
        }
    }
    XLAT_NEXT(c, op);
}

/* ---- tail ------------------------------------------------------------------------ */

/* PLS (e2k-isa.md §8.1, §8.2, §4.10 for tags). */
static void pls_exec(struct cpu_state *c, const struct xlat_tail *t)
{
    int lp[7] = {0}, lt[7] = {0};
    uint64_t pf = t->pls_snap ? c->pf_snap : c->pf;
    for (unsigned k = 0; k < t->n_pls && k < 2; k++) {
        lp[2 * k] = xlat_psrc(c, pf, PLS_ELP0(t->pls[k]), &lt[2 * k]);
        lp[2 * k + 1] = xlat_psrc(c, pf, PLS_ELP1(t->pls[k]), &lt[2 * k + 1]);
    }
    for (unsigned k = 0; k < t->n_pls; k++) {
        uint32_t p = t->pls[k];
        unsigned i0 = PLS_P0(p), i1 = PLS_P1(p);
        int a0 = lp[i0] ^ (int)PLS_NEG0(p), a1 = lp[i1] ^ (int)PLS_NEG1(p);
        int t0 = lt[i0], t1 = lt[i1];
        int v = a0 & a1, tag;
        unsigned opc = PLS_CLP_OPC(p);
        if (opc == CLP_LANDP)
            tag = (!t0 && !a0) ? 0 : (t0 | t1);
        else
            tag = t0 | t1;
        if (opc == CLP_LANDP && !t0 && !a0)
            v = 0;
        lp[4 + k] = v;
        lt[4 + k] = tag;
        if (!PLS_VDST(p))
            continue;
        if (opc == CLP_MOVEP) {
            /* §8.2: if the first input holds, copy the second. */
            if (a0 || t0)
                xlat_pred_write(c, PLS_PDST(p), a1, t0 | t1);
        } else {
            xlat_pred_write(c, PLS_PDST(p), v, tag);
        }
    }
}

/* alc (e2k-isa.md §7.7, qemu gen_advance_loop_counters). */
static void advance_loop(struct cpu_lsr *l)
{
    if (l->pcnt)
        l->pcnt--;
    if (l->lcnt)
        l->lcnt--;
    l->over = l->lcnt == 0;
    if (l->over && l->vlc && l->ecnt)
        l->ecnt--;
}

static const struct xlat_op *syscall_stop(struct cpu_state *c,
                                          const struct xlat_op *op,
                                          const struct xlat_tail *t,
                                          uint64_t ctpr)
{
    c->stop.reason = CPU_STOP_SYSCALL;
    c->stop.exc = 0;
    c->stop.pc = xlat_op_pc(c, op);
    c->stop.addr = 0;
    c->stop.sys_entry = (uint32_t)CTPR_BASE(ctpr);
    c->stop.sys_wbs = t->wbs;
    c->stop.sys_next = t->next_pc;
    /* No formatting here: this runs for every system call, and the entry
     * number is in stop.sys_entry for whoever wants it. */
    memcpy(c->stop.msg, "system call", sizeof "system call");
    c->icount += op->bidx + 1u;
    c->ip = t->next_pc;
    c->link_blk = NULL;
    return NULL;
}

const struct xlat_op *xlat_h_tail(struct cpu_state *c,
                                  const struct xlat_op *op)
{
    const struct xlat_tail *t = op->ext;
    int taken;
    if (t->cond_pre) {
        taken = c->ct_taken;
    } else {
        const struct xlat_op *r;
        taken = cond_check(c, op, t, &r);
        if (taken < 0)
            return r;
    }
    if (t->n_pls)
        pls_exec(c, t);
    if (t->setbn) {
        c->br_rbs = t->rbs;
        c->br_rsz = t->rsz;
        c->br_rcur = t->rcur;
    }
    if (t->setbp) {
        c->br_psz = t->psz;
        c->br_pcur = 0;
    }
    if (taken ? t->alct : t->alcf)
        advance_loop(&c->lsr);
    /* §4.3: pcur/rcur := (cur - 1) mod (size + 1). */
    if (taken ? t->abpt : t->abpf)
        c->br_pcur = c->br_pcur ? (uint8_t)(c->br_pcur - 1) : c->br_psz;
    if (taken ? t->abnt : t->abnf)
        c->br_rcur = c->br_rcur ? (uint8_t)(c->br_rcur - 1) : c->br_rsz;
    if (!taken) {
        if (t->last)
            return xlat_exit(c, op, t->next_pc, 1, 1);
        if (t->smc && c->smc)
            return xlat_exit(c, op, t->next_pc, 1, 0);
        XLAT_NEXT(c, op);
    }
    if (t->kind == XT_IBRANCH)
        return xlat_exit(c, op, t->target, 0, 1);
    uint64_t ctpr = c->ctpr[t->ctpr];
    unsigned tag = CTPR_TAG(ctpr);
    int err;
    if (t->kind == XT_DONE) {
        err = cpu_sys_done(c);
    } else if (t->kind == XT_CT) {
        if (tag == CTPR_TAG_DISP)
            return xlat_exit(c, op, CTPR_BASE(ctpr), 0, 1);
        if (tag != CTPR_TAG_RETURN)
            return xlat_raise(c, op, EXC_ILLEGAL_OPCODE, 0,
                              "ct through an unprepared %ctpr");
        err = c->user_mode ? cpu_proc_return(c) : cpu_sys_return(c);
    } else if (tag == CTPR_TAG_SDISP && !c->user_mode) {
        err = cpu_sys_scall(c, ctpr, t->wbs, t->next_pc);
    } else {
        if (tag == CTPR_TAG_SDISP)
            return syscall_stop(c, op, t, ctpr);
        if (tag != CTPR_TAG_DISP)
            return xlat_raise(c, op, EXC_ILLEGAL_OPCODE, 0,
                              "call through an unprepared %ctpr");
        err = cpu_proc_call(c, CTPR_BASE(ctpr), t->wbs, t->next_pc);
    }
    if (err)
        return xlat_raise(c, op, CPU_SYS_EXC_NUM(-err), 0,
                          "call/return: stack bounds");
    /* Window, BR and predicates changed: context is dynamic. */
    return xlat_exit(c, op, c->ip, 0, 0);
}

/* Chain to the successor in `slot` if it starts at pc and fits the icount
 * budget; the hot path of every block exit. */
static inline const struct xlat_op *chain_fast(struct cpu_state *c,
                                               const struct xlat_op *op,
                                               uint64_t pc, int slot)
{
    struct xlat_block *b = c->cur_block;
    struct xlat_block *nb = b->chain[slot];
    uint64_t ic = c->icount + op->bidx + 1u;
    if (XLAT_LIKELY(nb && nb->pc == pc && ic + nb->n <= c->chain_limit)) {
        c->icount = ic;
        c->cur_block = nb;
        /* Enter the next block directly (a jump when the compiler turns
         * this into a tail call); fall back to the run loop's dispatch if
         * the host stack has grown (no tail calls, e.g. -O0). */
        char probe;
        if (XLAT_LIKELY(c->stack_top - (uintptr_t)&probe < XLAT_STACK_BUDGET))
            return nb->ops->fn(c, nb->ops);
        return nb->ops;
    }
    return xlat_exit(c, op, pc, slot, 1);
}

/* Fast tail: a lone `ct %ctprN [? cond]` with nothing else in the bundle.
 * Conditions on a plain predicate are evaluated inline. */
const struct xlat_op *xlat_h_ct_fast(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct xlat_tail *t = op->ext;
    int taken;
    unsigned type = t->cond_type;
    if (type == CT_PRED || type == CT_NOT_PRED) {
        unsigned i = t->pred_dyn ? xlat_pred_idx(c, t->psrc & 31) : t->psrc;
        unsigned v = (unsigned)(c->pf >> (2 * i)) & 3;
        if (XLAT_UNLIKELY(v & 2))
            return xlat_h_tail(c, op); /* diagnostic: faults there */
        taken = (int)v ^ (type == CT_NOT_PRED);
    } else {
        taken = cond_eval(c, t);
        if (taken < 0)
            return xlat_h_tail(c, op);
    }
    if (!taken)
        return chain_fast(c, op, t->next_pc, 1);
    uint64_t ctpr = c->ctpr[t->ctpr];
    if (XLAT_LIKELY(CTPR_TAG(ctpr) == CTPR_TAG_DISP))
        return chain_fast(c, op, CTPR_BASE(ctpr), 0);
    return xlat_h_tail(c, op);
}

/* End of a block without a transfer: imm = next address. */
const struct xlat_op *xlat_h_end(struct cpu_state *c, const struct xlat_op *op)
{
    return chain_fast(c, op, op->imm, 1);
}

/* Tag guard with up to four sources inline: s1, s2, s3, d point at the
 * registers, imm holds the four masks (bytes 0..3); unused slots point at
 * the zero register. */
const struct xlat_op *xlat_h_guard4(struct cpu_state *c,
                                    const struct xlat_op *op)
{
    uint64_t m = op->imm;
    unsigned bad = (op->s1->tag & (unsigned)(m & 0xff)) |
                   (op->s2->tag & (unsigned)((m >> 8) & 0xff)) |
                   (op->s3->tag & (unsigned)((m >> 16) & 0xff)) |
                   (op->d->tag & (unsigned)((m >> 24) & 0xff));
    if (XLAT_UNLIKELY(bad))
        return xlat_raise(c, op, EXC_ILLEGAL_OPERAND, 0,
                          "diagnostic operand");
    XLAT_NEXT(c, op);
}

/* Tag guard of a direct bundle: every register source of its ops is
 * checked before the first op writes anything (e2k-isa.md §9 step 1).
 * ext = struct xlat_guard[imm]. */
const struct xlat_op *xlat_h_guard(struct cpu_state *c,
                                   const struct xlat_op *op)
{
    const struct xlat_guard *g = op->ext;
    unsigned bad = 0;
    for (unsigned i = 0; i < op->imm; i++)
        bad |= g[i].r->tag & g[i].mask;
    if (XLAT_UNLIKELY(bad))
        return xlat_raise(c, op, EXC_ILLEGAL_OPERAND, 0,
                          "diagnostic operand");
    XLAT_NEXT(c, op);
}

/* A bundle with stores may have rewritten code that follows it in this
 * block: leave the block (imm = next address). */
const struct xlat_op *xlat_h_smc(struct cpu_state *c, const struct xlat_op *op)
{
    if (XLAT_UNLIKELY(c->smc))
        return xlat_exit(c, op, op->imm, 1, 0);
    XLAT_NEXT(c, op);
}
