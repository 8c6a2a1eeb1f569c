/*
 * xlat_translate.c — guest bundles -> a translation block of xlat_ops.
 *
 * Each bundle is fetched, decoded once (dec_bundle), validated as a whole
 * (e2k-isa.md §9 step 1: anything illegal faults before any effect), and
 * turned into ops with their operands resolved: %rN -> &rf[N] (bounds
 * checked here against the static window size, so the hot path has no
 * checks), %gN -> &rf[224+N], immediates and literals -> constants in the
 * arena, %b[N] -> a fixup entry re-resolved when the bundle starts.
 *
 * Direct or buffered (docs/cpu.md "Bundle execution"): ops run in channel
 * order. A bundle runs *direct* (results written straight to their
 * registers) when no op reads what an earlier channel writes and only the
 * first op can fault; otherwise results go to per-channel buffers and a
 * commit op writes them after all ops ran, which gives read-before-write,
 * "highest channel wins" and no effects on a fault.
 *
 * The static context (window size, psize, dbl, BR rbs/rsz/psz) is part of
 * the block key and is tracked through setwd/setbn/setbp inside a block;
 * only calls and returns make it dynamic, and they end blocks.
 */
#include "emu/xlat_internal.h"

#include <stdio.h>
#include <string.h>

#include "emu/isa.h"
#include "emu/isa_fields.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "emu/sem.h"

/* Register identities for the hazard analysis. */
#define RID_NONE (-1)
#define RID_BREG 0x1000
#define RID_PRED 0x2000
#define RID_CTPR 0x3000
#define RID_STATE 0x4000

struct chinfo {
    int present;
    const struct isa_op *row;
    const struct sem_entry *sem;
    int reads[6];
    int nreads;
    int write;     /* RID of the destination, RID_NONE if none */
    int may_fault;
    int has_rlp;
    int is_store;
    int guardable; /* only fault = tag check of its register sources */
};

struct tr {
    struct xlat_cache *x;
    struct cpu_state *c;
    struct xlat_arena *a;
    struct xlat_block *blk;
    struct xlat_op *ops;
    unsigned nops;
    unsigned max_ops;
    struct xlat_ctx k;  /* context at the start of the bundle */
    struct xlat_ctx kd; /* context for this bundle's destinations */
    unsigned isa;
    /* current bundle */
    struct dec_bundle b;
    uint64_t pc;
    unsigned bidx;
    int buffered;
    int guard;     /* direct bundle needing a tag guard */
    struct xlat_fix fix[40];
    unsigned nfix;
    struct xlat_commit com[8];
    unsigned ncom;
    unsigned fault_exc; /* static fault found while emitting */
    char fault_msg[80];
    struct chinfo ch[6];
};

static struct xlat_op *new_op(struct tr *t, xlat_fn fn, unsigned ch)
{
    if (t->nops >= t->max_ops)
        return NULL;
    struct xlat_op *op = &t->ops[t->nops++];
    memset(op, 0, sizeof *op);
    op->fn = fn;
    op->bidx = (uint16_t)t->bidx;
    op->ch = (uint8_t)ch;
    op->s1 = op->s2 = op->s3 = &t->c->rf[CPU_RF_ZERO];
    op->d = &t->c->rf[CPU_RF_SINK];
    return op;
}

static void static_fault(struct tr *t, unsigned exc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static void static_fault(struct tr *t, unsigned exc, const char *fmt, ...)
{
    if (t->fault_exc != ~0u)
        return; /* keep the first */
    t->fault_exc = exc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->fault_msg, sizeof t->fault_msg, fmt, ap);
    va_end(ap);
}

static const struct cpu_reg *konst(struct tr *t, uint64_t v)
{
    if (!v)
        return &t->c->rf[CPU_RF_ZERO];
    struct cpu_reg *r = xlat_side_alloc(t->a, sizeof *r);
    if (!r)
        return &t->c->rf[CPU_RF_ZERO]; /* reserve makes this unreachable */
    r->lo = v;
    return r;
}

/* ---- operands ---------------------------------------------------------------- */

static int opnd_rid(const struct dec_opnd *o)
{
    switch (o->kind) {
    case DEC_O_RREG: return o->byte & 0x3f;
    case DEC_O_GREG: return CPU_RF_G0 + (o->byte & 0x1f);
    case DEC_O_BREG: return RID_BREG | (o->byte & 0x7f);
    default: return RID_NONE;
    }
}

static void add_fix(struct tr *t, const struct cpu_reg **slot, unsigned n,
                    unsigned limit)
{
    if (t->nfix >= sizeof t->fix / sizeof t->fix[0]) {
        static_fault(t, EXC_ILLEGAL_OPCODE, "too many based operands");
        return;
    }
    t->fix[t->nfix].slot = slot;
    t->fix[t->nfix].n = (uint8_t)n;
    t->fix[t->nfix].limit = (uint8_t)(limit > 255 ? 255 : limit);
    t->nfix++;
}

/* Resolve a register operand (source when `wsize` is the old size,
 * destination with the new one). */
static const struct cpu_reg *reg_ptr(struct tr *t, const struct dec_opnd *o,
                                     const struct cpu_reg **slot,
                                     unsigned wsize, int ch)
{
    struct cpu_state *c = t->c;
    unsigned n;
    switch (o->kind) {
    case DEC_O_RREG:
        n = o->byte & 0x3f;
        if (n >= wsize) {
            static_fault(t, EXC_WINDOW_BOUNDS, "ALC%d: %%r%u beyond window of %u",
                         ch, n, wsize);
            return &c->rf[CPU_RF_ZERO];
        }
        return &c->rf[n];
    case DEC_O_GREG:
        return &c->rf[CPU_RF_G0 + (o->byte & 0x1f)];
    case DEC_O_BREG: {
        n = o->byte & 0x7f;
        unsigned size = 2u * (t->k.rsz + 1u), base = 2u * t->k.rbs;
        if (n >= size) {
            static_fault(t, EXC_WINDOW_BOUNDS,
                         "ALC%d: %%b[%u] beyond rotating area of %u", ch, n,
                         size);
            return &c->rf[CPU_RF_ZERO];
        }
        add_fix(t, slot, n, base + size <= wsize ? 256 : wsize);
        return &c->rf[CPU_RF_ZERO];
    }
    default:
        return NULL;
    }
}

static void set_src(struct tr *t, struct xlat_op *op,
                    const struct cpu_reg **slot, const struct dec_opnd *o,
                    int ch)
{
    switch (o->kind) {
    case DEC_O_RREG:
    case DEC_O_GREG:
    case DEC_O_BREG:
        *slot = reg_ptr(t, o, slot, t->k.wsize, ch);
        break;
    case DEC_O_IMM:
    case DEC_O_LIT:
    case DEC_O_LIT8:
        *slot = konst(t, o->val);
        break;
    default:
        *slot = &t->c->rf[CPU_RF_ZERO];
        break;
    }
    (void)op;
}

/* ---- per-bundle analysis ----------------------------------------------------- */

/* The CDS halves of the bundle, in order. */
static unsigned cds_halves(const struct dec_bundle *b, uint16_t *h)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->n_cds; i++) {
        h[n++] = (uint16_t)(b->cds[i] >> 16);
        h[n++] = (uint16_t)b->cds[i];
    }
    return n;
}

static int psrc_ok(unsigned psrc)
{
    return psrc == PSRC_LCNTEX || PSRC_IS_PRED(psrc) || PSRC_IS_PCNT(psrc);
}

/* RLP terms for channel ch; returns the number (0 = unconditional). */
static unsigned rlp_of(struct tr *t, unsigned ch, struct xlat_rlp *r)
{
    uint16_t h[6];
    unsigned n = cds_halves(&t->b, h), k = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned opc = CDS_OPC(h[i]);
        if (opc > CDS_RLP_HI || (opc == CDS_RLP_HI) != (ch >= 3))
            continue;
        if (!((CDS_MASK(h[i]) >> (ch % 3)) & 1))
            continue;
        unsigned psrc = CDS_PRED(h[i]);
        if (!psrc_ok(psrc))
            static_fault(t, EXC_ILLEGAL_OPCODE, "unsupported RLP source 0x%x",
                         psrc);
        if (k < 4) {
            r->psrc[k] = (uint8_t)psrc;
            r->neg[k] = (uint8_t)((CDS_NEG(h[i]) >> (ch % 3)) & 1);
            k++;
        }
    }
    r->n = (uint8_t)k;
    return k;
}

/* MRGC of channel ch: psrc | neg << 8, or -1. */
static int mrgc_of(struct tr *t, unsigned ch)
{
    uint16_t h[6];
    unsigned n = cds_halves(&t->b, h);
    for (unsigned i = 0; i < n; i++) {
        unsigned opc = CDS_OPC(h[i]);
        if (opc < CDS_MRGC_LO || (opc == CDS_MRGC_HI) != (ch >= 3))
            continue;
        if (!((CDS_MASK(h[i]) >> (ch % 3)) & 1))
            continue;
        unsigned psrc = CDS_PRED(h[i]);
        if (!psrc_ok(psrc))
            static_fault(t, EXC_ILLEGAL_OPCODE, "unsupported MRGC source 0x%x",
                         psrc);
        return (int)(psrc | ((CDS_NEG(h[i]) >> (ch % 3)) & 1) << 8);
    }
    return -1;
}

static int aliases(const struct tr *t, int w, int r)
{
    if (w == RID_NONE || r == RID_NONE)
        return 0;
    if (w == r)
        return 1;
    int wb = (w & 0xf000) == RID_BREG, rb = (r & 0xf000) == RID_BREG;
    if (wb == rb)
        return 0;
    int reg = wb ? r : w;
    if (reg >= CPU_NR_REGS || reg < 0)
        return 0;
    int lo = 2 * t->k.rbs, hi = lo + 2 * (t->k.rsz + 1);
    return reg >= lo && reg < hi;
}

static void analyse(struct tr *t)
{
    for (unsigned ch = 0; ch < 6; ch++) {
        struct chinfo *ci = &t->ch[ch];
        const struct dec_alop *a = &t->b.alop[ch];
        memset(ci, 0, sizeof *ci);
        ci->write = RID_NONE;
        if (!a->op)
            continue;
        ci->present = 1;
        ci->row = a->op;
        ci->sem = t->x->bind[a->op->id];
        const struct sem_entry *s = ci->sem;
        unsigned sf = s ? s->flags : 0;
        int regsrc = 0;
        const struct dec_opnd *srcs[3] = {&a->src1, &a->src2, &a->src3};
        for (int i = 0; i < 3; i++) {
            int rid = opnd_rid(srcs[i]);
            if (sf & SEMF_RR && i == 0)
                rid = RID_NONE;
            if (rid != RID_NONE) {
                ci->reads[ci->nreads++] = rid;
                regsrc = 1;
            }
        }
        struct xlat_rlp r;
        ci->has_rlp = rlp_of(t, ch, &r) > 0;
        for (unsigned i = 0; i < r.n; i++)
            if (PSRC_IS_PRED(r.psrc[i]))
                ci->reads[ci->nreads++] = RID_PRED | PSRC_NUM(r.psrc[i]);
        if (a->op->fmt == ISA_MERGE || (a->op->flags & ISA_F_COMB)) {
            int m = mrgc_of(t, ch);
            if (m >= 0 && PSRC_IS_PRED(m & 0x7f) && ci->nreads < 6)
                ci->reads[ci->nreads++] = RID_PRED | PSRC_NUM(m & 0x7f);
        }
        if (s && s->kind == SEM_CMP)
            ci->write = RID_PRED | a->dst.num;
        else if (sf & SEMF_RW)
            ci->write = RID_STATE;
        else if (a->dst.kind == DEC_O_CTPR)
            ci->write = RID_CTPR | a->dst.num;
        else if (s && s->kind != SEM_STORE)
            ci->write = opnd_rid(&a->dst);
        ci->is_store = s && s->kind == SEM_STORE;
        if (!s) {
            ci->may_fault = 1;
        } else if ((sf & SEMF_NOTAG) && !(sf & SEMF_FAULTS)) {
            ci->may_fault = 0;
        } else if (sf & SEMF_RW) {
            ci->may_fault = 1;
        } else if (a->sm) {
            ci->may_fault = 0;
        } else {
            ci->may_fault = regsrc || (sf & SEMF_FAULTS) || ci->has_rlp;
        }
        /* getsp changes USD: keep it in order with nothing faulting after. */
        if (s && !strcmp(s->name, "getsp"))
            ci->write = RID_STATE;
        ci->guardable = s && (s->kind == SEM_ALU || s->kind == SEM_CMP) &&
                        !(sf & (SEMF_FAULTS | SEMF_NOGUARD | SEMF_RW |
                                SEMF_RR)) &&
                        !ci->has_rlp;
    }
    /* Direct iff no RAW hazard across channels and only the first op can
     * fault (the others then cannot leave a partial bundle behind). Ops
     * whose only fault is the tag check of their sources are covered by a
     * guard op that checks all those tags before the first write. */
    int direct = 1, seen = 0, guard = 0;
    for (unsigned j = 0; j < 6; j++) {
        struct chinfo *cj = &t->ch[j];
        if (!cj->present)
            continue;
        if (seen && cj->may_fault) {
            if (cj->guardable)
                guard = 1;
            else
                direct = 0;
        }
        seen = 1;
        for (unsigned i = 0; i < j && direct; i++) {
            if (!t->ch[i].present)
                continue;
            for (int r = 0; r < cj->nreads; r++)
                if (aliases(t, t->ch[i].write, cj->reads[r]))
                    direct = 0;
        }
    }
    t->buffered = !direct;
    t->guard = direct && guard;
}

/* Tag bits of source `which` (0..2) that make it diagnostic, from the
 * row's operand sizes; 0 if the op has no such register source. */
static uint8_t src_tag_mask(const struct isa_op *row, int which)
{
    int idx;
    switch (row->fmt) {
    case ISA_ALOPF2:
    case ISA_ALOPF12:
    case ISA_ALOPF22:
        idx = which == 1 ? 0 : -1;
        break;
    default:
        idx = which;
        break;
    }
    if (idx < 0 || (size_t)idx >= strlen(row->sizes))
        return 0xf;
    switch (row->sizes[idx]) {
    case 's': return 0x3;
    case 'p': return 0xff;
    default: return 0xf;
    }
}

/* The guard covers the ops after the first: the first op checks its own
 * sources before it writes anything. */
static int guard_skip(const struct tr *t, unsigned ch)
{
    for (unsigned i = 0; i < ch; i++)
        if (t->ch[i].present)
            return 0;
    return 1;
}

static void emit_guard(struct tr *t)
{
    struct xlat_guard g[18];
    unsigned n = 0;
    for (unsigned ch = 0; ch < 6; ch++) {
        const struct chinfo *ci = &t->ch[ch];
        const struct dec_alop *a = &t->b.alop[ch];
        if (!ci->present || !ci->guardable || a->sm || guard_skip(t, ch))
            continue;
        const struct dec_opnd *src[3] = {&a->src1, &a->src2, &a->src3};
        for (int i = 0; i < 3; i++) {
            if (opnd_rid(src[i]) == RID_NONE)
                continue;
            g[n].mask = src_tag_mask(a->op, i);
            g[n].r = NULL;
            n++;
        }
    }
    if (!n)
        return;
    if (n <= 4) {
        struct xlat_op *op = new_op(t, xlat_h_guard4, 0xff);
        if (!op)
            return;
        const struct cpu_reg **slots[4] = {&op->s1, &op->s2, &op->s3,
                                           (const struct cpu_reg **)&op->d};
        op->d = (struct cpu_reg *)&t->c->rf[CPU_RF_ZERO];
        unsigned k = 0;
        for (unsigned ch = 0; ch < 6; ch++) {
            const struct chinfo *ci = &t->ch[ch];
            const struct dec_alop *a = &t->b.alop[ch];
            if (!ci->present || !ci->guardable || a->sm || guard_skip(t, ch))
                continue;
            const struct dec_opnd *src[3] = {&a->src1, &a->src2, &a->src3};
            for (int i = 0; i < 3; i++) {
                if (opnd_rid(src[i]) == RID_NONE)
                    continue;
                op->imm |= (uint64_t)g[k].mask << (8 * k);
                *slots[k] = reg_ptr(t, src[i], slots[k], t->k.wsize, (int)ch);
                k++;
            }
        }
        return;
    }
    struct xlat_guard *e = xlat_side_alloc(t->a, n * sizeof *e);
    struct xlat_op *op = new_op(t, xlat_h_guard, 0xff);
    if (!e || !op)
        return;
    n = 0;
    for (unsigned ch = 0; ch < 6; ch++) {
        const struct chinfo *ci = &t->ch[ch];
        const struct dec_alop *a = &t->b.alop[ch];
        if (!ci->present || !ci->guardable || a->sm || guard_skip(t, ch))
            continue;
        const struct dec_opnd *src[3] = {&a->src1, &a->src2, &a->src3};
        for (int i = 0; i < 3; i++) {
            if (opnd_rid(src[i]) == RID_NONE)
                continue;
            e[n].mask = g[n].mask;
            e[n].r = reg_ptr(t, src[i], &e[n].r, t->k.wsize, (int)ch);
            n++;
        }
    }
    op->ext = e;
    op->imm = n;
}

/* ---- emitting one ALC op -------------------------------------------------------- */

static unsigned dst_wmode(const struct tr *t, const struct isa_op *row,
                          unsigned sf)
{
    size_t n = strlen(row->sizes);
    char d = n ? row->sizes[n - 1] : 'd';
    switch (d) {
    case 's':
        return (!t->kd.dbl || (sf & SEMF_DBL0)) ? XW_32P : XW_32Z;
    case 'p':
        return XW_128;
    default:
        return (sf & SEMF_X80) ? XW_80 : XW_64;
    }
}

static void add_commit(struct tr *t, unsigned ch, struct cpu_reg *dst,
                       unsigned mode, unsigned num, int cond)
{
    struct xlat_commit *e = &t->com[t->ncom++];
    e->src = &t->c->rf[CPU_RF_TMP + ch];
    e->dst = dst;
    e->mode = (uint8_t)mode;
    e->ch = (uint8_t)ch;
    e->cond = (uint8_t)cond;
    e->num = (uint8_t)num;
}

static int qpair_ok(const struct dec_opnd *o, unsigned ch)
{
    if (o->kind != DEC_O_RREG && o->kind != DEC_O_BREG &&
        o->kind != DEC_O_GREG)
        return o->kind == DEC_O_EMPTY;
    int odd = ch == 1 || ch == 4;
    return (int)(o->byte & 1) == odd;
}

/* ALOPF10/19 and their aaurw/aaurr rows: AAU fields stay in the ALS. */
static int is_aau_fmt(const struct isa_op *row)
{
    return row->fmt == ISA_ALOPF10 || row->fmt == ISA_ALOPF19 ||
           row->fmt == ISA_AAURW || row->fmt == ISA_AAURR;
}

/* What a speculative op under a diagnostic predicate produces (sem_ctl.c
 * xlat_h_rlp). */
static unsigned rlp_dkind(const struct isa_op *row, const struct sem_entry *s)
{
    if ((s->flags & SEMF_RW) || row->fmt == ISA_AAURW)
        return XD_FAULT; /* [T sm/qual-9] */
    if (s->kind == SEM_STORE)
        return XD_STORE;
    if (s->kind == SEM_CMP)
        return XD_PRED;
    return XD_REG;
}

static void emit_alop(struct tr *t, unsigned ch)
{
    struct cpu_state *c = t->c;
    const struct dec_alop *a = &t->b.alop[ch];
    const struct isa_op *row = a->op;
    const struct sem_entry *s = t->ch[ch].sem;
    if (!s || s->kind == SEM_NONE) {
        static_fault(t, EXC_ILLEGAL_OPCODE, "ALC%u: %s not implemented", ch,
                     row->name);
        return;
    }
    unsigned sf = s->flags;
    struct xlat_op *op = new_op(t, NULL, ch);
    if (!op)
        return;
    op->sm = a->sm;
    op->aux = a->mas;
    if (row->sel_kind == ISA_SEL_CMP)
        op->aux = row->sel; /* compare kind (cmpopce) */
    if (sf & SEMF_K)
        op->aux = row->opce & 7u;
    if (sf & SEMF_PK) {
        op->aux = s->arg & 0x7fffu;
        op->size = (s->arg & 0x8000u) ? 16 : 8;
    }
    if (t->b.hs & (1u << 10)) /* HS.lm */
        op->flags |= XF_LM;
    if (row->flags & ISA_F_COMB) {
        op->aux = row->comb1 | (unsigned)row->comb2 << 8;
        op->size = (uint8_t)(row->opc & 1 ? 8 : 4);
    }

    /* Sources. */
    if (!(sf & SEMF_RR))
        set_src(t, op, &op->s1, &a->src1, (int)ch);
    set_src(t, op, &op->s2, &a->src2, (int)ch);
    set_src(t, op, &op->s3, &a->src3, (int)ch);

    /* Merge condition: the format says whether the op reads an MRGC
     * (comb1/comb2 mean integer ops only in the ICMB tables; the fp and
     * plog families reuse those fields with other numbers). */
    if (row->fmt == ISA_MERGE || row->fmt == ISA_ALOPF11_MERGE ||
        row->fmt == ISA_ALOPF21_MERGE) {
        int m = mrgc_of(t, ch);
        if (m < 0) {
            static_fault(t, EXC_ILLEGAL_OPCODE, "ALC%u: merge without MRGC",
                         ch);
            return;
        }
        op->imm = (uint64_t)m;
    }

    xlat_fn fn = s->h64;
    unsigned wmode = XW_64;
    int has_dst = 1;

    switch (s->kind) {
    case SEM_CMP:
        op->pred = a->dst.num;
        if (t->k.psz && a->dst.num <= t->k.psz) /* psz 0: identity */
            op->flags |= XF_DYNPRED;
        if (t->buffered) {
            op->fn = s->h32z;
            op->d = &c->rf[CPU_RF_TMP + ch];
            op->wmode = XW_PRED;
            add_commit(t, ch, NULL, XW_PRED, a->dst.num, 0);
        } else {
            op->fn = s->h64;
            op->wmode = XW_PRED;
        }
        has_dst = 0;
        break;
    case SEM_STORE:
        op->fn = (a->mas || (op->flags & XF_LM)) ? s->h32p : s->h64;
        op->size = 0;
        has_dst = 0;
        break;
    case SEM_LOAD:
        fn = a->mas ? s->h32p : s->h64;
        op->pred = a->dst.byte; /* DAM key of lock/check loads (sem_mem.c) */
        wmode = (sf & SEMF_DST2) ? XW_128 : XW_64;
        break;
    default:
        if (sf & SEMF_RW) {
            unsigned num = a->dst.num;
            if (!cpu_sreg_valid(c, num, 1, NULL))
                static_fault(t, EXC_ILLEGAL_OPCODE,
                             "rw to unknown or read-only state register 0x%x",
                             num);
            op->aux = num;
            op->size = (uint8_t)(row->sizes[0] == 's' ? 4 : 8);
            op->fn = s->h64;
            has_dst = 0;
            break;
        }
        if (sf & SEMF_RR) {
            unsigned num = ALS_SRC1(a->als);
            if (!cpu_sreg_valid(c, num, 0, NULL))
                static_fault(t, EXC_ILLEGAL_OPCODE,
                             "rr of unknown state register 0x%x", num);
            op->aux = num;
        }
        wmode = dst_wmode(t, row, sf);
        if (wmode == XW_32P || wmode == XW_32Z)
            fn = t->buffered ? s->h32z
                             : (wmode == XW_32P ? s->h32p : s->h32z);
        else
            fn = s->h64;
        if (sf & SEMF_PAIRQ) {
            if (!qpair_ok(&a->src2, ch) || !qpair_ok(&a->dst, ch))
                static_fault(t, EXC_ILLEGAL_OPCODE,
                             "ALC%u: %s needs an %s register", ch, row->name,
                             (ch == 1 || ch == 4) ? "odd" : "even");
        }
        break;
    }
    if (is_aau_fmt(row)) {
        /* sem_aau.c: ALS fields in imm, access size in size; a staa with
         * an %aasti increment increments even when its RLP fails. */
        op->imm = a->als;
        op->size = (uint8_t)s->arg;
        if (row->fmt == ISA_ALOPF10 && (ISA_BITS(a->als, 10, 10)) &&
            (a->mas & 7) != 7)
            op->flags |= XF_AAINC;
    }

    if (has_dst) {
        if (!fn) {
            static_fault(t, EXC_ILLEGAL_OPCODE, "ALC%u: %s: no handler", ch,
                         row->name);
            return;
        }
        op->fn = fn;
        op->wmode = (uint8_t)wmode;
        const struct dec_opnd *d = &a->dst;
        switch (d->kind) {
        case DEC_O_RREG:
        case DEC_O_GREG:
        case DEC_O_BREG: {
            if (t->buffered) {
                struct xlat_commit *e = &t->com[t->ncom];
                add_commit(t, ch, NULL, wmode, 0, 0);
                e->dst = (struct cpu_reg *)reg_ptr(
                    t, d, (const struct cpu_reg **)&e->dst, t->kd.wsize,
                    (int)ch);
                op->d = &c->rf[CPU_RF_TMP + ch];
                if (wmode == XW_32P)
                    op->wmode = XW_32Z;
            } else {
                op->d = (struct cpu_reg *)reg_ptr(
                    t, d, (const struct cpu_reg **)&op->d, t->kd.wsize,
                    (int)ch);
            }
            break;
        }
        case DEC_O_EMPTY:
            op->d = &c->rf[CPU_RF_SINK];
            break;
        case DEC_O_CTPR:
            if (!(sf & SEMF_CTPR) || d->num < 1 || d->num > 3) {
                static_fault(t, EXC_ILLEGAL_OPCODE,
                             "ALC%u: %s cannot write %%ctpr%u", ch, row->name,
                             d->num);
                return;
            }
            if (t->buffered) {
                op->d = &c->rf[CPU_RF_TMP + ch];
                op->aux = 0;
                add_commit(t, ch, NULL, XW_CTPR, d->num, 0);
            } else {
                op->aux = d->num;
            }
            break;
        default:
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "ALC%u: destination 0x%02x not supported", ch,
                         d->byte);
            return;
        }
    }

    /* RLP condition: wrap. */
    struct xlat_rlp r;
    if (rlp_of(t, ch, &r)) {
        if (a->dst.kind == DEC_O_CTPR) {
            /* Hardware faults on a conditional %ctpr write, whatever the
             * predicate [T plu/movtd-ctpr-cond-1, sm/qual-7]. */
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "ALC%u: %%ctpr%u write under a condition", ch,
                         a->dst.num);
            return;
        }
        struct xlat_rlp *rp = xlat_side_alloc(t->a, sizeof *rp);
        if (!rp)
            return;
        *rp = r;
        rp->buffered = (uint8_t)t->buffered;
        rp->dkind = (uint8_t)rlp_dkind(row, s);
        op->inner = op->fn;
        op->fn = xlat_h_rlp;
        op->ext = rp;
        if (t->buffered)
            for (unsigned i = 0; i < t->ncom; i++)
                if (t->com[i].ch == ch)
                    t->com[i].cond = 1;
    }
}

/* ---- AAU: mova, am, bap (sem_aau.c, e2k-isa.md §5.10) ----------------------- */

static void emit_aau(struct tr *t, int bap)
{
    const struct dec_bundle *b = &t->b;
    struct xlat_aau *x = xlat_side_alloc(t->a, sizeof *x);
    struct xlat_op *op = new_op(t, xlat_h_aau, 0xff);
    if (!x || !op)
        return;
    op->ext = x;
    x->bap = (uint8_t)bap;
    int am[4] = {-1, -1, -1, -1};
    for (unsigned ch = 0; ch < 4; ch++) {
        x->am[ch] = 0xff;
        x->d[ch] = &t->c->rf[CPU_RF_SINK];
        if (!((b->aas_mask >> (ch + 2)) & 1))
            continue;
        uint16_t aas = b->aas[ch + 2];
        unsigned opc = (aas >> 12) & 7u;
        if (opc == 0)
            continue;
        if (opc == 6) {
            static_fault(t, EXC_ILLEGAL_OPCODE, "mova,%u: reserved opcode 6",
                         ch);
            return;
        }
        x->aas[ch] = aas;
        if (aas & 1)
            am[ch] = (int)((ch >= 2) << 5 | ((aas >> 6) & 31u));
        /* AAS0 holds the destinations of channels 0 (bits 15:8) and 1,
         * AAS1 those of 2 and 3 [Q gen_aau]. */
        uint8_t dst = (uint8_t)(b->aas[ch / 2] >> ((1 - ch % 2) * 8));
        if (dst == OPND_DST_EMPTY)
            continue;
        struct dec_opnd o;
        memset(&o, 0, sizeof o);
        o.byte = dst;
        if (OPND_IS_BREG(dst))
            o.kind = DEC_O_BREG;
        else if (OPND_IS_RREG(dst))
            o.kind = DEC_O_RREG;
        else if (OPND_IS_GREG(dst))
            o.kind = DEC_O_GREG;
        else {
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "mova,%u: destination 0x%02x not supported", ch, dst);
            return;
        }
        x->d[ch] = (struct cpu_reg *)reg_ptr(
            t, &o, (const struct cpu_reg **)&x->d[ch], t->kd.wsize, (int)ch);
    }
    /* The odd channel of a pair does not advance an area its even
     * neighbour advances [Q gen_aau]. */
    for (unsigned ch = 0; ch < 4; ch++)
        if (am[ch] >= 0 && !((ch & 1) && am[ch - 1] == am[ch]))
            x->am[ch] = (uint8_t)am[ch];
}

/* ---- bundle-level checks -------------------------------------------------------- */

static void check_bundle(struct tr *t)
{
    const struct dec_bundle *b = &t->b;
    const struct cpu_state *c = t->c;
    /* Mirrored load/store rule (§2.4). */
    const struct chinfo *ci = t->ch;
    int ld0 = ci[0].present && ci[0].row && (ci[0].row->flags & ISA_F_LOAD);
    int ld3 = ci[3].present && ci[3].row && (ci[3].row->flags & ISA_F_LOAD);
    if ((ci[2].is_store && ld3) || (ci[5].is_store && ld0))
        static_fault(t, EXC_ILLEGAL_OPCODE,
                     "store and load in mirrored channels");
    if (b->has_ss) {
        uint32_t ss = b->ss;
        if (!SS_TYPE(ss) && (SS_ABG(ss) || SS_VFDI(ss)))
            static_fault(t, EXC_ILLEGAL_OPCODE, "SS abg/vfdi not supported");
        unsigned ty = SS_CTCOND_TYPE(ss);
        if (ty == CT_MLOCK_OR || (ty == CT_MLOCK && SS_CTCOND_PSRC(ss)))
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "transfer condition type %u not implemented", ty);
    }
    if (b->has_cs0) {
        uint32_t c0 = b->cs0;
        unsigned ctpr = CS0_CTPR(c0), opc = CS0_OPC(c0);
        /* `done` (CS0 0x30000000 with an SS condition, no call) exists
         * in system mode only (e2k-system-mode.md §4.1, §8.7). */
        int done = ctpr == 0 && opc == 3 && CS0_PARAM(c0) == 0 &&
                   !c->user_mode && b->has_ss && !SS_CTOP(b->ss) &&
                   SS_CTCOND(b->ss) &&
                   !(b->has_cs1 && CS1_OPC(b->cs1) == CS1_CALL);
        if (ctpr == 0 && opc >= 2 && !done)
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         c->user_mode
                             ? "CS0 puttsd/done/iret not supported in user mode"
                             : "CS0 puttsd/iret/hret/glaunch not supported");
        if (ctpr != 0 && opc == 3 && !(ctpr == 3 && CS0_PARAM(c0) == 0))
            static_fault(t, EXC_ILLEGAL_OPCODE, "CS0 gettsd not supported");
    }
    if (b->has_cs1) {
        uint32_t c1 = b->cs1;
        switch (CS1_OPC(c1)) {
        case CS1_SETR1:
            static_fault(t, EXC_ILLEGAL_OPCODE, "vfrpsz not supported");
            break;
        case CS1_SETEI:
            if (!CS1_SETSFT(c1))
                static_fault(t, EXC_ILLEGAL_OPCODE, "setei not supported");
            break;
        case CS1_BG:
            static_fault(t, EXC_ILLEGAL_OPCODE, "vfbg not supported");
            break;
        case CS1_CALL:
            if (!b->has_ss || !SS_CTOP(b->ss))
                static_fault(t, EXC_ILLEGAL_OPCODE, "icall/hcall not supported");
            break;
        default:
            break;
        }
    }
    for (unsigned i = 0; i < b->n_pls; i++) {
        if (i < 2 && (!psrc_ok(PLS_ELP0(b->pls[i])) ||
                      !psrc_ok(PLS_ELP1(b->pls[i]))))
            static_fault(t, EXC_ILLEGAL_OPCODE, "unsupported ELP source");
    }
    /* A CLP cascade three deep (CLP2 reads @p5, CLP1 reads @p4) whose
     * first or second stage also writes a global predicate faults on
     * hardware [T plu/clp-arg-6, clp-arg-7]; the same cascade without those
     * writes runs [T plu/cascading-2], and so do cascades of depth 2 that
     * write every stage [T plu/andp-2]. UNSURE: the exact rule (docs/cpu.md
     * "Choices"); gas never emits depth 3. */
    if (b->n_pls == 3) {
        uint32_t p0 = b->pls[0], p1 = b->pls[1], p2 = b->pls[2];
        int c2 = PLS_P0(p2) == 5 || PLS_P1(p2) == 5;
        int c1 = PLS_P0(p1) == 4 || PLS_P1(p1) == 4;
        if (c2 && c1 && (PLS_VDST(p0) || PLS_VDST(p1)))
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "CLP cascade of depth 3 writing an intermediate "
                         "predicate");
    }
    /* CDS mask bit 3 conditions the %aasti increment of channel 2/5 (AM);
     * not modelled. */
    uint16_t h[6];
    unsigned nh = cds_halves(b, h);
    for (unsigned i = 0; i < nh; i++)
        if (CDS_OPC(h[i]) <= CDS_RLP_HI && (CDS_MASK(h[i]) & 8))
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "AAU increment condition (CDS AM) not implemented");
    if (b->has_cs1 && CS1_OPC(b->cs1) == CS1_SETR0) {
        unsigned size = 2 * SETR_LTS_WSZ(b->lts[0]);
        if (size < t->k.psize)
            static_fault(t, EXC_ILLEGAL_OPCODE,
                         "setwd: window of %u below psize %u", size,
                         t->k.psize);
    }
}

/* ---- one bundle ------------------------------------------------------------------- */

enum { BR_CONT = 0, BR_LAST = 1, BR_STOP_BEFORE = 2 };

static int is_bp_insn(const uint8_t *p, unsigned len)
{
    static const uint8_t setsft[8] = {0x01, 0x80, 0, 0, 0, 0, 0, 0x28};
    static const uint8_t legacy[8] = {0x01, 0, 0, 0x04, 0x80, 0xc0, 0xc0, 0x0d};
    return len >= 8 && (!memcmp(p, setsft, 8) || !memcmp(p, legacy, 8));
}

static void emit_raise(struct tr *t, unsigned exc, const char *msg)
{
    struct xlat_op *op = new_op(t, xlat_h_raise, 0xff);
    if (!op)
        return;
    op->imm = exc;
    char *m = xlat_side_alloc(t->a, strlen(msg) + 1);
    if (m)
        strcpy(m, msg);
    op->ext = m;
}

static int translate_bundle(struct tr *t, uint64_t pc, int is_last_allowed,
                            struct xlat_tail **tail_out, int *bundle_len)
{
    struct cpu_state *c = t->c;
    uint8_t buf[DEC_MAX_BUNDLE];
    uint64_t fault;
    *tail_out = NULL;
    *bundle_len = 8;
    t->pc = pc;
    t->nfix = 0;
    t->ncom = 0;
    t->fault_exc = ~0u;
    t->fault_msg[0] = 0;

    if (pc & 7) {
        if (t->bidx)
            return BR_STOP_BEFORE;
        emit_raise(t, EXC_ILLEGAL_INSTR_ADDR, "misaligned bundle address");
        return BR_LAST;
    }
    if (mem_fetch(c->mem, pc, buf, 4, &fault)) {
        if (t->bidx)
            return BR_STOP_BEFORE;
        c->stop.addr = pc;
        emit_raise(t, EXC_INSTR_PAGE, "instruction fetch from unmapped or "
                                      "non-executable page");
        return BR_LAST;
    }
    uint32_t hs = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 |
                  (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
    unsigned len = dec_bundle_len(hs);
    if (mem_fetch(c->mem, pc, buf, len, &fault)) {
        if (t->bidx)
            return BR_STOP_BEFORE;
        emit_raise(t, EXC_INSTR_PAGE, "instruction fetch from unmapped or "
                                      "non-executable page");
        return BR_LAST;
    }
    *bundle_len = (int)len;
    if (is_bp_insn(buf, len)) {
        if (t->bidx)
            return BR_STOP_BEFORE;
        struct xlat_op *op = new_op(t, xlat_h_bp, 0xff);
        if (op)
            op->imm = 1;
        return BR_LAST;
    }
    struct dec_err err;
    if (dec_bundle(buf, len, pc, t->isa, &t->b, &err)) {
        emit_raise(t, EXC_ILLEGAL_OPCODE, err.msg);
        return BR_LAST;
    }
    const struct dec_bundle *b = &t->b;

    /* Context for destinations: setwd applies to this bundle's writes. */
    t->kd = t->k;
    int setwd = b->has_cs1 && CS1_OPC(b->cs1) == CS1_SETR0;
    if (setwd) {
        t->kd.wsize = (uint16_t)(2 * SETR_LTS_WSZ(b->lts[0]));
        t->kd.dbl = t->isa >= 3 ? (uint8_t)SETR_LTS_DBL(b->lts[0]) : 0;
    }

    analyse(t);
    check_bundle(t);

    /* Tail description. */
    struct xlat_tail tl;
    memset(&tl, 0, sizeof tl);
    tl.next_pc = pc + len;
    if (b->has_ss && SS_CTOP(b->ss)) {
        tl.kind = (b->has_cs1 && CS1_OPC(b->cs1) == CS1_CALL) ? XT_CALL : XT_CT;
        tl.ctpr = (uint8_t)SS_CTOP(b->ss);
        tl.wbs = b->has_cs1 ? (uint8_t)CS1_WBS(b->cs1) : 0;
    } else if (b->has_cs0 && CS0_CTPR(b->cs0) == 0 && CS0_OPC(b->cs0) == 3 &&
               CS0_PARAM(b->cs0) == 0 && !c->user_mode && b->has_ss &&
               SS_CTCOND(b->ss)) {
        tl.kind = XT_DONE; /* system mode (emu/cpu_sys.h) */
    } else if (b->has_cs0 && CS0_CTPR(b->cs0) == 0 && CS0_OPC(b->cs0) == 0 &&
               b->has_ss && SS_CTCOND(b->ss)) {
        tl.kind = XT_IBRANCH;
        tl.target = pc + (uint64_t)((int64_t)CS0_DISP_SEXT(b->cs0) * 8);
    }
    if (b->has_ss) {
        tl.cond_type = (uint8_t)SS_CTCOND_TYPE(b->ss);
        tl.psrc = (uint8_t)SS_CTCOND_PSRC(b->ss);
        tl.pred_dyn = t->k.psz && tl.psrc <= t->k.psz;
        if (!SS_TYPE(b->ss)) {
            tl.alct = (uint8_t)SS_ALCT(b->ss);
            tl.alcf = (uint8_t)SS_ALCF(b->ss);
            tl.abpt = (uint8_t)SS_ABPT(b->ss);
            tl.abpf = (uint8_t)SS_ABPF(b->ss);
            tl.abnt = (uint8_t)SS_ABNT(b->ss);
            tl.abnf = (uint8_t)SS_ABNF(b->ss);
        }
    }
    tl.n_pls = b->n_pls;
    for (unsigned i = 0; i < b->n_pls; i++)
        tl.pls[i] = b->pls[i];
    if (b->has_cs1 && (CS1_OPC(b->cs1) == CS1_SETR0 ||
                       CS1_OPC(b->cs1) == CS1_SETBR)) {
        tl.setbn = (uint8_t)CS1_SETBN(b->cs1);
        tl.setbp = (uint8_t)CS1_SETBP(b->cs1);
        tl.rbs = (uint8_t)CS1_RBS(b->cs1);
        tl.rsz = (uint8_t)CS1_RSZ(b->cs1);
        tl.rcur = (uint8_t)CS1_RCUR(b->cs1);
        tl.psz = (uint8_t)CS1_PSZ(b->cs1);
    }

    unsigned n_alu = 0, has_store = 0, has_rw = 0, pred_writes = 0;
    for (unsigned ch = 0; ch < 6; ch++) {
        if (!t->ch[ch].present)
            continue;
        n_alu++;
        has_store |= (unsigned)t->ch[ch].is_store;
        /* Read watchpoints (cpu_exit_after_loads): a bundle that loads may
         * have to stop the CPU right after it, like a store to code. */
        if (t->x->exit_after_loads && t->ch[ch].row &&
            (t->ch[ch].row->flags & ISA_F_LOAD))
            has_store = 1;
        if (t->ch[ch].sem && (t->ch[ch].sem->flags & SEMF_RW))
            has_rw = 1;
        if ((t->ch[ch].write & 0xf000) == RID_PRED)
            pred_writes = 1;
    }
    int last = tl.kind != XT_NONE || has_rw || !is_last_allowed;
    int need_tail = tl.kind != XT_NONE || tl.n_pls || tl.setbn || tl.setbp ||
                    tl.alct || tl.alcf || tl.abpt || tl.abpf || tl.abnt ||
                    tl.abnf;

    /* Emit. First everything that is static, into a scratch list, so that
     * a static fault found while emitting ALC ops replaces the bundle. */
    unsigned first_op = t->nops;
    if (t->bidx == 0 && xlat_bp_at(t->x, pc))
        new_op(t, xlat_h_bp, 0xff);
    unsigned fix_op = t->nops;
    struct xlat_op *fixop = new_op(t, xlat_h_fixup, 0xff); /* maybe removed */
    if (setwd) {
        struct xlat_op *op = new_op(t, xlat_h_setwd, 0xff);
        if (op) {
            op->aux = t->kd.wsize;
            op->pred = (uint8_t)!SETR_LTS_NFX(b->lts[0]);
            op->size = t->kd.dbl;
        }
    }
    if (b->has_cs0) {
        uint32_t c0 = b->cs0;
        unsigned ctpr = CS0_CTPR(c0), opc = CS0_OPC(c0);
        uint64_t ipd = b->has_ss ? SS_IPD(b->ss) : 3;
        if (ctpr && opc <= 2) {
            struct xlat_op *op = new_op(t, xlat_h_cs0, 0xff);
            if (op) {
                op->pred = (uint8_t)ctpr;
                if (opc == 2) {
                    op->aux = XC_SDISP;
                    op->imm = (uint64_t)CS0_PARAM(c0) |
                              (uint64_t)CTPR_TAG_SDISP << 54 | ipd << 59;
                } else {
                    op->aux = XC_DISP;
                    uint64_t target =
                        pc + (uint64_t)((int64_t)CS0_DISP_SEXT(c0) * 8);
                    op->imm = (target & 0xffffffffffffull) |
                              (uint64_t)CTPR_TAG_DISP << 54 |
                              (uint64_t)opc << 57 | ipd << 59;
                }
            }
        } else if (ctpr == 3 && opc == 3 && CS0_PARAM(c0) == 0) {
            struct xlat_op *op = new_op(t, xlat_h_cs0, 0xff);
            if (op) {
                op->aux = XC_RETURN;
                op->pred = 3;
                op->imm = ipd << 59;
            }
        }
    }
    struct xlat_tail *tp = NULL;
    if (need_tail) {
        tp = xlat_side_alloc(t->a, sizeof *tp);
        if (!tp)
            return BR_STOP_BEFORE;
        *tp = tl;
        tp->last = (uint8_t)last;
        tp->smc = (uint8_t)(has_store && !last);
    }
    /* %MLOCK is known only after the bundle's check loads: evaluated by
     * the tail (so transfer checks of a `ct ? %MLOCK` come after the ALU
     * effects; gas emits it as an ibranch, which has none). */
    int mlock_cond = tl.kind != XT_NONE && tl.cond_type == CT_MLOCK;
    if (mlock_cond)
        new_op(t, xlat_h_mlock_clr, 0xff);
    if (tp && tl.kind != XT_NONE && n_alu && !mlock_cond) {
        struct xlat_op *op = new_op(t, xlat_h_pre, 0xff);
        if (op)
            op->ext = tp;
        tp->cond_pre = 1;
    }
    int bap = b->has_ss && !SS_TYPE(b->ss) && SS_BAP(b->ss);
    if (bap)
        new_op(t, xlat_h_bap_check, 0xff);
    int aainc = 0; /* a staa/ldaa increments %aasti (sem_aau.c) */
    for (unsigned ch = 2; ch < 6; ch += 3) {
        const struct dec_alop *a = &b->alop[ch];
        if (t->ch[ch].present && is_aau_fmt(a->op) &&
            ISA_BITS(a->als, 10, 10) && (a->mas & 7) != 7)
            aainc = 1;
    }
    if (aainc)
        new_op(t, xlat_h_aau_pclr, 0xff);
    if (tp && tl.n_pls && pred_writes) {
        new_op(t, xlat_h_snap, 0xff);
        tp->pls_snap = 1;
    }
    if (t->guard)
        emit_guard(t);
    for (unsigned ch = 0; ch < 6; ch++)
        if (t->ch[ch].present)
            emit_alop(t, ch);
    if (t->buffered && t->ncom) {
        struct xlat_op *op = new_op(t, xlat_h_commit, 0xff);
        struct xlat_commit *e =
            xlat_side_alloc(t->a, t->ncom * sizeof(struct xlat_commit));
        if (op && e) {
            memcpy(e, t->com, t->ncom * sizeof *e);
            /* fixups registered against t->com must point at the copy */
            for (unsigned i = 0; i < t->nfix; i++)
                for (unsigned j = 0; j < t->ncom; j++)
                    if (t->fix[i].slot ==
                        (const struct cpu_reg **)&t->com[j].dst)
                        t->fix[i].slot = (const struct cpu_reg **)&e[j].dst;
            op->ext = e;
            op->imm = t->ncom;
        }
    }
    if (bap || aainc || (b->aas_mask & 0x3c))
        emit_aau(t, bap); /* §9 step 5: after the ALU results */
    if (tp) {
        int fast = tl.kind == XT_CT && !n_alu && !tl.n_pls && !tl.setbn &&
                   !tl.setbp && !tl.alct && !tl.alcf && !tl.abpt &&
                   !tl.abpf && !tl.abnt && !tl.abnf && last;
        struct xlat_op *op =
            new_op(t, fast ? xlat_h_ct_fast : xlat_h_tail, 0xff);
        if (op)
            op->ext = tp;
    } else if (has_store && !last) {
        struct xlat_op *op = new_op(t, xlat_h_smc, 0xff);
        if (op)
            op->imm = pc + len;
    }

    if (t->nops >= t->max_ops) {
        t->nops = first_op;
        if (t->bidx)
            return BR_STOP_BEFORE;
        emit_raise(t, EXC_ILLEGAL_OPCODE, "translation overflow");
        return BR_LAST;
    }
    if (t->fault_exc != ~0u) {
        /* The whole bundle faults before any effect. */
        t->nops = first_op;
        if (t->bidx == 0 && xlat_bp_at(t->x, pc))
            new_op(t, xlat_h_bp, 0xff);
        emit_raise(t, t->fault_exc, t->fault_msg);
        return BR_LAST;
    }
    /* Fixup op: keep only if the bundle has %b operands. */
    if (t->nfix) {
        struct xlat_fix *f = xlat_side_alloc(t->a, t->nfix * sizeof *f);
        if (!f)
            return BR_STOP_BEFORE;
        memcpy(f, t->fix, t->nfix * sizeof *f);
        fixop->ext = f;
        fixop->imm = t->nfix;
        fixop->aux = (2u * t->k.rbs) | (2u * (t->k.rsz + 1u)) << 8;
    } else {
        memmove(&t->ops[fix_op], &t->ops[fix_op + 1],
                (t->nops - fix_op - 1) * sizeof(struct xlat_op));
        t->nops--;
        /* op->d / op->s* pointers into ops did not move (they point into
         * cpu_state or the side area); fixup slots don't exist. */
    }
    *tail_out = tp;

    /* Context after the bundle. */
    t->k = t->kd;
    if (tl.setbn) {
        t->k.rbs = tl.rbs;
        t->k.rsz = tl.rsz;
    }
    if (tl.setbp)
        t->k.psz = tl.psz;
    return last ? BR_LAST : BR_CONT;
}

struct xlat_block *xlat_translate(struct xlat_cache *x, uint64_t pc,
                                  const struct xlat_ctx *k,
                                  unsigned max_bundles, int temp)
{
    struct xlat_arena *a = temp ? &x->scratch : &x->main;
    if (temp) {
        a->lo = 0;
        a->hi = a->size;
    }
    if (a->hi - a->lo < xlat_reserve_bytes())
        return NULL;
    if (max_bundles == 0 || max_bundles > XLAT_MAX_BUNDLES)
        max_bundles = XLAT_MAX_BUNDLES;
    struct tr t;
    memset(&t, 0, sizeof t);
    t.x = x;
    t.c = &x->m->cpu;
    t.a = a;
    t.isa = x->m->isa;
    t.k = *k;
    size_t blk_off = (a->lo + 15) & ~(size_t)15;
    struct xlat_block *blk = (struct xlat_block *)(a->base + blk_off);
    memset(blk, 0, sizeof *blk);
    t.blk = blk;
    t.ops = (struct xlat_op *)(blk + 1);
    t.max_ops = XLAT_MAX_BUNDLES * XLAT_MAX_OPS_BUNDLE;
    uint64_t *pcs = xlat_side_alloc(a, XLAT_MAX_BUNDLES * sizeof *pcs);
    if (!pcs)
        return NULL;
    blk->pc = pc;
    blk->ctx = xlat_ctx_key(k);
    blk->pcs = pcs;
    blk->ops = t.ops;
    blk->temp = (uint8_t)temp;

    uint64_t cur = pc;
    struct xlat_tail *last_tail = NULL;
    int last_len = 8;
    unsigned n = 0;
    for (;;) {
        t.bidx = n;
        if (n > 0 && xlat_bp_at(x, cur))
            break;
        struct xlat_tail *tp;
        int len;
        unsigned nops_before = t.nops;
        int r = translate_bundle(&t, cur, n + 1 < max_bundles, &tp, &len);
        if (r == BR_STOP_BEFORE) {
            t.nops = nops_before;
            break;
        }
        pcs[n++] = cur;
        last_tail = tp;
        last_len = len;
        cur += (uint64_t)len;
        if (r == BR_LAST)
            break;
    }
    if (n == 0)
        return NULL; /* cannot happen: bundle 0 never stops before */
    blk->n = n;
    blk->end = pcs[n - 1] + (uint64_t)last_len;
    /* Make sure the last bundle leaves the block. */
    struct xlat_op *lastop = t.nops ? &t.ops[t.nops - 1] : NULL;
    int exits = lastop && (lastop->fn == xlat_h_raise || lastop->fn == xlat_h_bp ||
                           lastop->fn == xlat_h_ct_fast ||
                           (lastop->fn == xlat_h_tail && last_tail &&
                            last_tail->last));
    if (!exits) {
        if (last_tail && lastop && lastop->fn == xlat_h_tail) {
            last_tail->last = 1;
            last_tail->smc = 0;
        } else {
            if (lastop && lastop->fn == xlat_h_smc)
                t.nops--; /* the end op leaves anyway */
            t.bidx = n - 1;
            struct xlat_op *op = new_op(&t, xlat_h_end, 0xff);
            op->imm = cur;
        }
    }
    blk->nops = t.nops;
    blk->exit_ctx = xlat_ctx_key(&t.k);
    a->lo = (size_t)((uint8_t *)(t.ops + t.nops) - a->base);
    for (uint64_t p = pc & ~MEM_PAGE_MASK; p < blk->end; p += MEM_PAGE_SIZE)
        mem_set_code(x->m->mem, p, 1);
    if (!temp) {
        xlat_insert(x, blk);
        x->st.blocks++;
        x->st.bundles += n;
    }
    return blk;
}

/* ---- binding rows to semantics (once per cache) ---------------------------------- */

int xlat_bind(struct xlat_cache *x)
{
    const struct sem_entry *sorted[1024];
    unsigned n = sem_sorted(sorted, 1024);
    const struct sem_entry *icomb = sem_find(sorted, n, "__icomb");
    for (unsigned i = 0; i < isa_nops; i++) {
        const struct isa_op *row = &isa_ops[i];
        if ((row->flags & ISA_F_COMB) && row->tbl >= ISA_TBL_ICMB0 &&
            row->tbl <= ISA_TBL_ICMB3)
            x->bind[i] = icomb;
        else if (!(row->flags & ISA_F_COMB))
            x->bind[i] = sem_find(sorted, n, row->name);
    }
    return 0;
}
