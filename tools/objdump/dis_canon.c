/*
 * dis_canon.c — would gas lay this bundle out the same way?
 *
 * The gas syntax fixes what the text can fix (channels, literal placement,
 * ipd, nop, every field value); what remains is decided by gas's packer
 * (binutils tc-e2k.c `place_alses`, `pack_wide_command`, restated in
 * e2k-isa.md §1.5 and e2k-asm-syntax.md §5). This file recomputes those
 * decisions from the printed content and compares them with the bytes:
 *
 *  - bundle length: first part, half-syllables (ALES0/1/3/4, AAS), one
 *    zero pad word iff the word count would be odd, LTS up to the highest
 *    referenced one, PLS, CDS; unreferenced literal halves, the pad word and
 *    the pad half-syllable must be zero;
 *  - the ALES5|ALES2 syllable exists iff ISA >= 4 and a marked ALES2/5
 *    differs from 0x01C0 (the other half then holds 0x01C0);
 *  - CDS halves: gas allocates them in ALS order (RPC of crp/srp first),
 *    per op %pred RLP, MRGC, %pcnt RLP, AM (incr) RLP, sharing a half that
 *    has the same kind and predicate;
 *  - CS1 MAS: every non-zero MAS belongs to a printed memory op;
 *  - SS.ctcond with ctop = 0 belongs to ibranch/done/icall/ibranchd.
 * Any difference marks the bundle lossy and it is printed as data.
 */
#include "tools/objdump/dis_internal.h"

#include <string.h>

#include "emu/isa_fields.h"

unsigned dis_cds_half(const struct dec_bundle *b, unsigned k)
{
    if (k / 2 >= 3)
        return 0;
    uint32_t w = b->cds[k / 2];
    return (k & 1) ? (w & 0xffff) : (w >> 16);
}

int dis_cds_target(unsigned h, unsigned bit)
{
    unsigned opc = CDS_OPC(h);
    if (bit < 3)
        return (int)((opc & 1) ? 3 + bit : bit);
    switch (opc) {
    case CDS_RLP_LO: return 6;
    case CDS_RLP_HI: return 7;
    case CDS_MRGC_LO: return 8;
    default: return -1;
    }
}

/* One condition: predicate source byte and negation; pred 0 = none. */
struct cond {
    uint8_t pred;
    uint8_t neg;
};

/* Conditions per target: 0..5 ALC, 6/7 AM2/AM5, 8 RPC. */
struct conds {
    struct cond pred[9], pcnt[9], mrgc[9];
};

static void put_cond(struct dis_ctx *c, struct cond *slot, unsigned pred,
                     unsigned neg)
{
    if (slot->pred)
        dis_lossy(c, "two conditions of one kind on one op");
    slot->pred = (uint8_t)pred;
    slot->neg = (uint8_t)neg;
}

static void collect(struct dis_ctx *c, struct conds *cs)
{
    const struct dec_bundle *b = c->b;
    for (unsigned k = 0; k < 2u * b->n_cds && k < 6; k++) {
        unsigned h = dis_cds_half(b, k);
        if (CDS_MASK(h) == 0) {
            if (h != 0)
                dis_lossy(c, "unused CDS half not zero");
            continue;
        }
        unsigned p = CDS_PRED(h);
        for (unsigned bit = 0; bit < 4; bit++) {
            if (!((CDS_MASK(h) >> bit) & 1))
                continue;
            int t = dis_cds_target(h, bit);
            unsigned neg = (CDS_NEG(h) >> (bit == 3 ? 2 : bit)) & 1;
            if (t < 0) {
                dis_lossy(c, "reserved CDS target");
                continue;
            }
            if (!PSRC_IS_PRED(p) && !PSRC_IS_PCNT(p)) {
                dis_lossy(c, "invalid CDS predicate");
                continue;
            }
            int mrgc = CDS_OPC(h) >= CDS_MRGC_LO;
            if (mrgc)
                put_cond(c, &cs->mrgc[t], p, neg);
            else if (PSRC_IS_PCNT(p))
                put_cond(c, &cs->pcnt[t], p, neg);
            else
                put_cond(c, &cs->pred[t], p, neg);
        }
    }
}

struct half {
    unsigned opc, mask, neg, pred;
};

static const uint8_t k_to_mask[8] = {1, 2, 4, 1, 2, 4, 8, 8};
static const uint8_t k_to_neg[8] = {1, 2, 4, 1, 2, 4, 4, 4};

/* gas `place_alses`: share a half of the same kind and predicate, else
 * take the first free one. */
static void alloc(struct dis_ctx *c, struct half *hv, unsigned target,
                  int mrgc, const struct cond *cd)
{
    unsigned opc;
    if (mrgc)
        opc = target < 3 ? CDS_MRGC_LO : CDS_MRGC_HI;
    else
        opc = (target < 3 || target == 6) ? CDS_RLP_LO : CDS_RLP_HI;
    unsigned m = k_to_mask[target], n = k_to_neg[target];
    for (unsigned j = 0; j < 6; j++) {
        if (hv[j].opc != opc || hv[j].pred != cd->pred)
            continue;
        if ((m == 4 && (hv[j].mask & 8)) || (m == 8 && (hv[j].mask & 4))) {
            int has_neg = (hv[j].neg & n) != 0;
            if (has_neg != (cd->neg != 0))
                continue;
        }
        hv[j].mask |= m;
        if (cd->neg)
            hv[j].neg |= n;
        return;
    }
    for (unsigned j = 0; j < 6; j++) {
        if (hv[j].mask == 0) {
            hv[j] = (struct half){opc, m, cd->neg ? n : 0, cd->pred};
            return;
        }
    }
    dis_lossy(c, "too many CDS halves");
}

static int same_cond(const struct cond *a, const struct cond *b)
{
    return a->pred == b->pred && a->neg == b->neg;
}

static void check_cds(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    struct conds cs = {0};
    struct half hv[6] = {{0}};
    collect(c, &cs);

    /* Which targets may carry conditions. */
    for (unsigned t = 0; t < 9; t++) {
        int any = cs.pred[t].pred || cs.pcnt[t].pred || cs.mrgc[t].pred;
        if (!any)
            continue;
        if (t < 6) {
            const struct isa_op *op = b->alop[t].op;
            if (!op) {
                dis_lossy(c, "condition on an empty channel");
                continue;
            }
            if (cs.mrgc[t].pred && op->fmt != ISA_MERGE &&
                op->fmt != ISA_ALOPF11_MERGE && op->fmt != ISA_ALOPF21_MERGE)
                dis_lossy(c, "MRGC on a non-merge op");
            if ((cs.pred[t].pred || cs.pcnt[t].pred) &&
                (op->fmt == ISA_ALOPF12_IBRANCHD ||
                 op->fmt == ISA_ALOPF12_ICALLD))
                dis_lossy(c, "condition on ibranchd/icalld");
        } else if (t < 8) {
            const struct dec_alop *a = &b->alop[t == 6 ? 2 : 5];
            if (!a->op || a->op->fmt != ISA_ALOPF10 || !((a->als >> 10) & 1))
                dis_lossy(c, "AM condition without incr");
        } else if (!b->has_ss || !(SS_SRP(b->ss) || SS_CRP(b->ss))) {
            dis_lossy(c, "RPC condition without crp/srp");
        }
    }

    if (cs.mrgc[8].pred)
        hv[0] = (struct half){CDS_MRGC_LO, 8, cs.mrgc[8].neg ? 4 : 0,
                              cs.mrgc[8].pred};
    for (unsigned ch = 0; ch < 6; ch++) {
        const struct isa_op *op = b->alop[ch].op;
        if (!op || ((c->skip >> ch) & 1))
            continue;
        unsigned real[2] = {ch, ch}, nreal = 1, second;
        if (dis_pair(op, ch, &second, 1) && ((c->skip >> second) & 1)) {
            real[nreal++] = second;
            if (!same_cond(&cs.pred[ch], &cs.pred[second]) ||
                !same_cond(&cs.pcnt[ch], &cs.pcnt[second]) ||
                !same_cond(&cs.mrgc[ch], &cs.mrgc[second]))
                dis_lossy(c, "pair op halves with different conditions");
        }
        for (unsigned l = 0; l < 4; l++) {
            for (unsigned k = 0; k < nreal; k++) {
                unsigned rc = real[k];
                const struct cond *cd;
                unsigned target = rc;
                if (l == 0)
                    cd = &cs.pred[ch];
                else if (l == 1)
                    cd = &cs.mrgc[ch];
                else if (l == 2)
                    cd = &cs.pcnt[ch];
                else {
                    if (rc != 2 && rc != 5)
                        continue;
                    target = rc == 2 ? 6 : 7;
                    if (cs.pred[target].pred && cs.pcnt[target].pred)
                        dis_lossy(c, "two incr conditions");
                    cd = cs.pred[target].pred ? &cs.pred[target]
                                              : &cs.pcnt[target];
                }
                if (cd->pred)
                    alloc(c, hv, target, l == 1, cd);
            }
        }
    }
    unsigned used = 0;
    for (unsigned j = 0; j < 6; j++)
        if (hv[j].mask)
            used = j + 1;
    unsigned n_cds = (used + 1) / 2;
    if (n_cds != b->n_cds) {
        dis_lossy(c, "CDS count gas would not produce");
        return;
    }
    for (unsigned k = 0; k < 2 * n_cds; k++) {
        unsigned want = (hv[k].opc << 14) | (hv[k].mask << 10) |
                        (hv[k].neg << 7) | hv[k].pred;
        if (want != dis_cds_half(b, k))
            dis_lossy(c, "CDS order gas would not produce");
    }
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void check_layout(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    uint32_t hs = b->hs;
    unsigned first = HS_MDL(hs) + 1; /* words in the first part */
    unsigned halves = 0;
    for (unsigned ch = 0; ch < 6; ch++) {
        int marked = HS_ALE(hs, ch);
        const struct isa_op *op = b->alop[ch].op;
        int needs = op && op->ales_kind != ISA_ALES_NONE;
        if (marked != needs)
            dis_lossy(c, "ALES mark gas would not set");
        if (marked && ch != 2 && ch != 5)
            halves++;
    }
    for (unsigned k = 0; k < 6; k++)
        if ((b->aas_mask >> k) & 1)
            halves++;
    if (halves != b->n_half)
        dis_lossy(c, "half-syllable count");

    /* ALES5|ALES2 syllable. */
    int want25 = 0;
    uint16_t e2 = b->alop[2].ales, e5 = b->alop[5].ales;
    if (c->o->isa >= 4 && ((HS_ALE(hs, 2) && e2 != ALES_DEFAULT) ||
                           (HS_ALE(hs, 5) && e5 != ALES_DEFAULT)))
        want25 = 1;
    /* On v4 (only), MCST gas also emits the syllable with default values
     * for the rows the ISA table marks ISA_F_ALES25_V4 (`pfadds,5 ...`
     * assembles to 82000012 30fd8d74 01c001c0 00000000). */
    for (unsigned ch = 2; c->o->isa == 4 && ch <= 5; ch += 3) {
        const struct isa_op *op = b->alop[ch].op;
        if (op && HS_ALE(hs, ch) && (op->flags & ISA_F_ALES25_V4))
            want25 = 1;
    }
    if (want25 != (b->ales25 != 0))
        dis_lossy(c, "ALES2/5 syllable gas would not emit");
    unsigned off25 = 4 * (1 + b->has_ss + __builtin_popcount(HS_AL_MASK(hs)) +
                          b->has_cs0);
    if (b->ales25 && c->raw && off25 + 4 <= b->len) {
        uint32_t w = rd32(c->raw + off25);
        uint16_t p5 = w & 0xffff, p2 = w >> 16;
        if ((!HS_ALE(hs, 2) && p2 != ALES_DEFAULT) ||
            (!HS_ALE(hs, 5) && p5 != ALES_DEFAULT))
            dis_lossy(c, "unused ALES2/5 half");
    }
    /* Pad half-syllable (low half of the last half-syllable word). */
    unsigned mid = 4 * first;
    if ((halves & 1) && c->raw && mid + 2 * halves + 2 <= b->len) {
        const uint8_t *p = c->raw + mid + 2 * (halves - 1);
        if (p[0] || p[1])
            dis_lossy(c, "pad half-syllable not zero");
    }

    unsigned gap = first + (halves + 1) / 2;
    unsigned lts_words = 0;
    for (unsigned i = 0; i < 4; i++)
        if ((c->lts_ref >> (2 * i)) & 3)
            lts_words = i + 1;
    unsigned tail = lts_words + b->n_pls + b->n_cds;
    unsigned pad = (gap + tail) & 1;
    if (4 * (gap + pad + tail) != b->len) {
        dis_lossy(c, "bundle length gas would not produce");
        return;
    }
    for (unsigned i = 0; i < lts_words; i++) {
        unsigned ref = (c->lts_ref >> (2 * i)) & 3;
        uint32_t keep = ((ref & 1) ? 0xffffu : 0) | ((ref & 2) ? 0xffff0000u : 0);
        if (b->lts[i] & ~keep)
            dis_lossy(c, "unused literal bits not zero");
    }
    if (pad) {
        uint32_t w = lts_words < 4 ? b->lts[lts_words] : 0;
        if (c->raw)
            w = rd32(c->raw + 4 * gap);
        if (w)
            dis_lossy(c, "pad syllable not zero");
    }
}

static void check_mas(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    if (!b->has_cs1 || CS1_OPC(b->cs1) != CS1_MAS)
        return;
    static const int8_t k_shift[6] = {21, -1, 14, 7, -1, 0};
    if (!c->mas_used)
        dis_lossy(c, "MAS syllable without a MAS op");
    for (unsigned ch = 0; ch < 6; ch++) {
        if (k_shift[ch] < 0)
            continue;
        unsigned mas = (b->cs1 >> k_shift[ch]) & 0x7f;
        if (mas && !((c->mas_used >> ch) & 1))
            dis_lossy(c, "MAS for a channel without a memory op");
    }
}

static void check_ctcond(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    if (!b->has_ss || SS_CTOP(b->ss) != 0 || SS_CTCOND(b->ss) == 0)
        return;
    /* Who owns a condition with ctop = 0? */
    if (b->has_cs0 && (b->cs0 >> 30) == 0 &&
        (CS0_OPC(b->cs0) == 0 || CS0_OPC(b->cs0) == 3))
        return; /* ibranch / done / iret / hret / glaunch / icall / hcall */
    for (unsigned ch = 0; ch < 6; ch++) {
        const struct isa_op *op = b->alop[ch].op;
        if (op && (op->fmt == ISA_ALOPF12_IBRANCHD ||
                   op->fmt == ISA_ALOPF12_ICALLD))
            return;
    }
    dis_lossy(c, "transfer condition without a transfer");
}

void dis_canon_check(struct dis_ctx *c)
{
    if (!c->gas)
        return;
    check_cds(c);
    check_mas(c);
    check_ctcond(c);
    check_layout(c);
}
