/*
 * sem_aau.c — the array access unit (AAU, e2k-isa.md §5.10): its registers
 * (aaurw* and aaurr*: ALOPF10/19 with MAS 0x3f), the array stores and loads
 * staa* and ldaa*, and the asynchronous array prefetch read through mova*.
 *
 * State (struct cpu_aau, cpu.h): %aad0..31 (array descriptors: base 47:0,
 * tag 56:54, rw 60:59 in lo, size in hi 63:32), %aasti0..15 (store
 * indices), %aaind0..15 (prefetch start indices, %aaind0 reads 0),
 * %aaincr0..7 (increments, %aaincr0 is 1), one "written diagnostic" bit per
 * register, and two sets of 32 prefetch areas (channels 0,1 and 2,3).
 *
 * ALOPF10/19 fields (ALS): 7:0 value/destination register, 9:8 literal
 * (k = 32-bit LTS k-1, decoded into src2), 11:10 aaopc, 14:12 aaincr
 * index, 18:15 aasti/aaind index, 23:19 aad index [Q translate.c Alop.als
 * "staa/ldaa/aaurw/aaurr", B tc-e2k.c].
 *
 *  - aaurw* (MAS 0x3f): aaopc selects the register class: 0 %aad (32-bit
 *    forms set the base from the zero-extended value; 64-bit forms also
 *    keep value bits 58:57 and set rw = 3; the ALC5 half of aaurwq sets
 *    the size half), 1 %aasti, 2 %aaind, 3 %aaincr [Q gen_aaurw_*]. Writes
 *    to %aaind0 and %aaincr0 are ignored; staab/staah/staaqp with MAS 0x3f
 *    do nothing (qemu: "CPU do nothing").
 *  - staa*: address = AAD.base + zero-extended %aasti[ind] + literal; with
 *    aaopc bit 0 ("incr") %aasti[ind] += %aaincr[incr] << log2(size)
 *    after the bundle's ALU ops, also when the op's RLP condition is false,
 *    but not when loop mode suppresses the store [Q gen_alop,
 *    gen_aasti_incr].
 *  - aaurr* and ldaa*: the reverse; not implemented by qemu, taken here as the
 *    mirror image of aaurw/staa (UNSURE: docs/cpu.md "AAU").
 *  - bap loads the fapb program at %ctpr2 (prepared by ldisp): up to 32
 *    16-byte bundles of two 8-byte instructions, the left one (APS0) for
 *    area i of channels 0,1, the right one (APS1) for area i of channels
 *    2,3, until a left one has ct (bit 31) set; an area with fmt != 0
 *    starts at cdi = %aaind[ind] [Q helper_aau.c aau_load_program; B
 *    tc-e2k.c parse_fapb_args: `ct` is APS0's bit 31, APS1's is `dpl`;
 *    qemu also stops at a right one with bit 31 set]. The si = 1 layout
 *    is not modelled. The prefetch is modelled as
 *    reading memory when mova executes (nothing can write the area in
 *    between in a single-CPU in-order model except the program itself).
 *  - mova: address = AAD[pi.aad].base + cdi + pi.disp + ind (ind in bytes)
 *    [Q helper_aau.c mova_ptr]. The element size of the area (fmt 1..5 =
 *    1, 2, 4, 8, 16 bytes) must be at least the access size, fmt 0 means
 *    no area [T aau/mov*-fmt-*: movah with fmt 0/1, movaw with 0..2 and
 *    movad with 0..3 fail on hardware]; misaligned elements are fine on v5+
 *    [T aau/mov*-unaligned-2] and invalid before. An invalid or
 *    inaccessible element gives qemu's invalid-mova value 0xeaed0f70eaed0f70
 *    with a diagnostic tag (UNSURE: the hardware value); using it without
 *    ALS.sm then faults.
 *  - am: after the bundle's movas, each area read with am = 1 advances cdi
 *    by element size * %aaincr[pi.incr], once per pair of channels.
 *  - eap ends the prefetch: nothing to do in this model.
 */
#include "emu/sem.h"

#include <string.h>

#include "emu/mem.h"

#define AAU_MOVA_INVALID 0xeaed0f70eaed0f70ull /* qemu E2K_MOVA_RESULT_INVALID */
#define AAD_BASE_MASK 0xffffffffffffull

/* ALS fields of ALOPF10/19 (op->imm holds the ALS). */
#define AA_OPC(als) (((unsigned)(als) >> 10) & 3u)
#define AA_INCR(als) (((unsigned)(als) >> 12) & 7u)
#define AA_IND(als) (((unsigned)(als) >> 15) & 15u)
#define AA_AAD(als) (((unsigned)(als) >> 19) & 31u)

/* fapb instruction fields [Q cpu.h E2KAauPrefInstr]. */
#define PI_IND(pi) (((unsigned)(pi) >> 8) & 15u)
#define PI_INCR(pi) (((unsigned)(pi) >> 12) & 7u)
#define PI_AAD(pi) (((unsigned)(pi) >> 15) & 31u)
#define PI_FMT(pi) (((unsigned)(pi) >> 25) & 7u)
#define PI_CT(pi) (((unsigned)(pi) >> 31) & 1u)
#define PI_DISP(pi) ((uint32_t)((pi) >> 32))

#define T64(r) ((r)->tag & 0xfu)

static inline int mas_special(unsigned mas)
{
    return (mas & 7) == 7;
}

static inline uint64_t bswap_n(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return __builtin_bswap16((uint16_t)v);
    case 4: return __builtin_bswap32((uint32_t)v);
    case 8: return __builtin_bswap64(v);
    default: return v;
    }
}

static inline int mas_be(unsigned mas)
{
    return mas && !mas_special(mas) && (mas & 8);
}

static inline unsigned log2_size(unsigned size)
{
    return size >= 16 ? 4 : size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0;
}

/* AAD.base + %aasti[ind] + literal; *diag = an index/descriptor written
 * with a diagnostic value. */
static uint64_t aa_addr(const struct cpu_state *c, const struct xlat_op *op,
                        int *diag)
{
    const struct cpu_aau *a = &c->aau;
    unsigned als = (unsigned)op->imm, ind = AA_IND(als), aad = AA_AAD(als);
    *diag = (int)(((a->aasti_tags >> ind) | (a->aad_tags >> aad)) & 1u);
    return (a->aad_lo[aad] & AAD_BASE_MASK) + (uint64_t)a->aasti[ind] +
           (uint64_t)(uint32_t)op->s2->lo;
}

/* The increment is recorded and applied by xlat_h_aau after the bundle's
 * ALU ops: a later channel that faults leaves %aasti unchanged, so the
 * retried bundle stores to the same place; two staa of one bundle both see
 * the old indices (read-before-write, §9). */
static void aa_incr(struct cpu_state *c, const struct xlat_op *op,
                    unsigned size)
{
    unsigned als = (unsigned)op->imm;
    if (!(AA_OPC(als) & 1) || mas_special(op->aux))
        return;
    struct cpu_aau *a = &c->aau;
    unsigned k = op->ch == 5;
    a->pend_idx[k] = (uint8_t)AA_IND(als);
    a->pend_add[k] = a->aaincr[AA_INCR(als)] << log2_size(size);
    a->pend_mask |= (uint8_t)(1u << k);
}

const struct xlat_op *xlat_h_aau_pclr(struct cpu_state *c,
                                      const struct xlat_op *op)
{
    c->aau.pend_mask = 0;
    XLAT_NEXT(c, op);
}

void sem_aau_rlp_skip(struct cpu_state *c, const struct xlat_op *op)
{
    if ((op->flags & XF_LM) && xlat_lm_store_off(&c->lsr))
        return;
    aa_incr(c, op, op->size);
}


/* ---- staa ------------------------------------------------------------------ */

static const struct xlat_op *staa_common(struct cpu_state *c,
                                         const struct xlat_op *op,
                                         unsigned size)
{
    if (op->aux == ISA_MAS_AAUREG) /* no aaurw of this width: nothing */
        XLAT_NEXT(c, op);
    if ((op->flags & XF_LM) && xlat_lm_store_off(&c->lsr))
        XLAT_NEXT(c, op);
    const struct cpu_reg *rv = op->s3;
    unsigned tv = size <= 4 ? (rv->tag & 3u) : size == 8 ? T64(rv) : rv->tag;
    int diag;
    uint64_t addr = aa_addr(c, op, &diag);
    if (XLAT_UNLIKELY(tv | (unsigned)diag) && !op->sm)
        return xlat_tag_fault(c, op);
    if (op->flags & XF_LM)
        xlat_lm_store_done(&c->lsr);
    if (!diag) {
        uint64_t v[2] = {rv->lo, rv->hi};
        if (mas_be(op->aux)) {
            if (size == 16) {
                uint64_t lo = __builtin_bswap64(v[1]);
                v[1] = __builtin_bswap64(v[0]);
                v[0] = lo;
            } else {
                v[0] = bswap_n(v[0], size);
            }
        }
        int err = sem_misaligned(c, addr, size) ? MEM_E_ALIGN
                                            : mem_store(c->mem, addr, size, v);
        if (XLAT_UNLIKELY(err) && !op->sm)
            return sem_mem_fault(c, op, err, addr);
    }
    aa_incr(c, op, size);
    XLAT_NEXT(c, op);
}

#define DEF_STAA(name, size)                                                   \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        return staa_common(c, op, size);                                       \
    }

DEF_STAA(staab, 1)
DEF_STAA(staah, 2)
DEF_STAA(staaw, 4)
DEF_STAA(staad, 8)
DEF_STAA(staaq, 8) /* one 64-bit half per channel of the pair (UNSURE) */
DEF_STAA(staaqp, 16)

/* ---- aaurw -------------------------------------------------------------------- */

static void aaurw_rest(struct cpu_aau *a, unsigned als, uint32_t v, int tag)
{
    unsigned idx = AA_IND(als);
    switch (AA_OPC(als)) {
    case 1:
        a->aasti[idx] = v;
        a->aasti_tags = (a->aasti_tags & ~(1u << idx)) | (unsigned)tag << idx;
        break;
    case 2:
        if (idx) {
            a->aaind[idx] = v;
            a->aaind_tags =
                (a->aaind_tags & ~(1u << idx)) | (unsigned)tag << idx;
        }
        break;
    default:
        idx &= 7;
        if (idx) {
            a->aaincr[idx] = v;
            a->aaincr_tags =
                (a->aaincr_tags & ~(1u << idx)) | (unsigned)tag << idx;
        }
        break;
    }
}

/* op->size: 4 (aaurw/aaurws), 8 (aaurwd), 16 (aaurwq). */
static const struct xlat_op *h_aaurw(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    if ((op->flags & XF_LM) && xlat_lm_store_off(&c->lsr))
        XLAT_NEXT(c, op);
    const struct cpu_reg *rv = op->s3;
    unsigned size = op->size;
    int tag = (size == 4 ? (rv->tag & 3u) : T64(rv)) != 0;
    if (XLAT_UNLIKELY(tag) && !op->sm)
        return xlat_tag_fault(c, op);
    if (op->flags & XF_LM)
        xlat_lm_store_done(&c->lsr);
    struct cpu_aau *a = &c->aau;
    unsigned als = (unsigned)op->imm, n = AA_AAD(als);
    uint64_t v = rv->lo;
    if (AA_OPC(als)) {
        aaurw_rest(a, als, (uint32_t)v, tag);
    } else if (size == 16 && op->ch == 5) {
        a->aad_hi[n] = v & 0xffffffff00000000ull; /* size */
    } else if (size == 4) {
        a->aad_lo[n] = (a->aad_lo[n] & ~(AAD_BASE_MASK | 7ull << 54)) |
                       (uint32_t)v | 3ull << 59 | (uint64_t)tag << 54;
        a->aad_tags = (a->aad_tags & ~(1u << n)) | (unsigned)tag << n;
    } else {
        a->aad_lo[n] = (a->aad_lo[n] & ~(0x1full << 54 | AAD_BASE_MASK)) |
                       (v & 3ull << 57) | (v & AAD_BASE_MASK) | 3ull << 59 |
                       (uint64_t)tag << 54;
        a->aad_tags = (a->aad_tags & ~(1u << n)) | (unsigned)tag << n;
    }
    XLAT_NEXT(c, op);
}

/* ---- aaurr, ldaa ------------------------------------------------------------- */

static const struct xlat_op *h_aaurr(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_aau *a = &c->aau;
    unsigned als = (unsigned)op->imm, idx = AA_IND(als), n = AA_AAD(als);
    uint64_t v;
    int tag;
    switch (AA_OPC(als)) {
    case 0:
        v = op->size == 16 && op->ch == 5 ? a->aad_hi[n] : a->aad_lo[n];
        if (op->size == 4)
            v = (uint32_t)v;
        tag = (int)((a->aad_tags >> n) & 1u);
        break;
    case 1:
        v = a->aasti[idx];
        tag = (int)((a->aasti_tags >> idx) & 1u);
        break;
    case 2:
        v = a->aaind[idx];
        tag = (int)((a->aaind_tags >> idx) & 1u);
        break;
    default:
        v = a->aaincr[idx & 7];
        tag = (int)((a->aaincr_tags >> (idx & 7)) & 1u);
        break;
    }
    struct cpu_reg *d = op->d;
    d->lo = v;
    d->tag = tag ? CPU_TAG_DIAG64 : 0;
    XLAT_NEXT(c, op);
}

static const struct xlat_op *ldaa_common(struct cpu_state *c,
                                         const struct xlat_op *op,
                                         unsigned size)
{
    if (op->aux == ISA_MAS_AAUREG) /* no aaurr of this width: nothing */
        XLAT_NEXT(c, op);
    int diag;
    uint64_t addr = aa_addr(c, op, &diag);
    uint64_t v[2] = {0, 0};
    uint8_t t = 0, tdiag = size == 16 ? 0x55 : CPU_TAG_DIAG64;
    if (XLAT_UNLIKELY(diag)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        v[0] = v[1] = CPU_DIAG_VALUE;
        t = tdiag;
    } else {
        int err = sem_misaligned(c, addr, size) ? MEM_E_ALIGN
                                            : mem_load(c->mem, addr, size, v);
        if (XLAT_UNLIKELY(err)) {
            if (!op->sm)
                return sem_mem_fault(c, op, err, addr);
            v[0] = v[1] = CPU_DIAG_VALUE;
            t = tdiag;
        } else if (mas_be(op->aux)) {
            if (size == 16) {
                uint64_t lo = __builtin_bswap64(v[1]);
                v[1] = __builtin_bswap64(v[0]);
                v[0] = lo;
            } else {
                v[0] = bswap_n(v[0], size);
            }
        }
    }
    struct cpu_reg *d = op->d;
    d->lo = v[0];
    if (size == 16)
        d->hi = v[1];
    d->tag = t;
    aa_incr(c, op, size);
    XLAT_NEXT(c, op);
}

#define DEF_LDAA(name, size)                                                   \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        return ldaa_common(c, op, size);                                       \
    }

DEF_LDAA(ldaab, 1)
DEF_LDAA(ldaah, 2)
DEF_LDAA(ldaaw, 4)
DEF_LDAA(ldaad, 8)
DEF_LDAA(ldaaq, 8) /* one 64-bit half per channel of the pair (UNSURE) */
DEF_LDAA(ldaaqp, 16)

/* ---- mova, am, bap ---------------------------------------------------------- */

/* Bytes read by mova opc 1..7 (5 = movaq: one 64-bit half per channel of
 * the pair, from an area of 16-byte elements; UNSURE). 0 = reserved. */
static const uint8_t k_mova_size[8] = {0, 1, 2, 4, 8, 8, 0, 16};
static const uint8_t k_mova_elem[8] = {0, 1, 2, 4, 8, 16, 0, 16};

static void mova_one(struct cpu_state *c, unsigned ch, uint16_t aas,
                     struct cpu_reg *d)
{
    unsigned opc = (aas >> 12) & 7u, area = (aas >> 6) & 31u,
             ind = (aas >> 1) & 31u, be = aas >> 15;
    unsigned size = k_mova_size[opc];
    const struct cpu_aau *a = &c->aau;
    const struct cpu_aau_area *ar = &a->area[ch >= 2][area];
    unsigned fmt = PI_FMT(ar->pi);
    uint64_t v[2] = {0, 0};
    int ok = fmt >= 1 && fmt <= 5 && k_mova_elem[opc] <= (1u << (fmt - 1));
    if (ok) {
        uint64_t addr = (a->aad_lo[PI_AAD(ar->pi)] & AAD_BASE_MASK) +
                        ar->cdi + PI_DISP(ar->pi) + ind;
        ok = !(c->isa < 5 && (addr & (size - 1))) &&
             !mem_load(c->mem, addr, size, v);
    }
    if (!ok) {
        d->lo = AAU_MOVA_INVALID;
        if (size == 16)
            d->hi = AAU_MOVA_INVALID;
        d->tag = size == 16 ? 0x55 : CPU_TAG_DIAG64;
        return;
    }
    if (be) {
        if (size == 16) {
            uint64_t lo = __builtin_bswap64(v[1]);
            v[1] = __builtin_bswap64(v[0]);
            v[0] = lo;
        } else {
            v[0] = bswap_n(v[0], size);
        }
    }
    d->lo = v[0];
    if (size == 16)
        d->hi = v[1];
    d->tag = 0;
}

/* fapb program: pairs of 8-byte instructions at %ctpr2 (see the top). A
 * fetch failure ends the program (its areas stay as they were). */
static void bap_load(struct cpu_state *c)
{
    uint64_t ctpr = c->ctpr[2];
    if (CTPR_TAG(ctpr) != CTPR_TAG_DISP || CTPR_OPC(ctpr) != 1)
        return; /* checked before the bundle; changed by it */
    struct cpu_aau *a = &c->aau;
    uint64_t base = CTPR_BASE(ctpr);
    for (unsigned i = 0; i < 32; i++) {
        uint64_t pi[2];
        if (mem_read(c->mem, base + 16 * i, pi, 16, NULL))
            return;
        for (unsigned s = 0; s < 2; s++) {
            struct cpu_aau_area *ar = &a->area[s][i];
            ar->pi = PI_FMT(pi[s]) ? pi[s] : 0;
            ar->cdi = PI_FMT(pi[s]) ? a->aaind[PI_IND(pi[s])] : 0;
        }
        if (PI_CT(pi[0])) /* bit 31 of the right one is dpl [B] */
            return;
    }
}

const struct xlat_op *xlat_h_bap_check(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    uint64_t ctpr = c->ctpr[2];
    if (CTPR_TAG(ctpr) != CTPR_TAG_DISP || CTPR_OPC(ctpr) != 1)
        return xlat_raise(c, op, EXC_ILLEGAL_OPCODE, 0,
                          "bap without an ldisp in %ctpr2");
    XLAT_NEXT(c, op);
}

const struct xlat_op *xlat_h_aau(struct cpu_state *c, const struct xlat_op *op)
{
    const struct xlat_aau *x = op->ext;
    struct cpu_aau *a = &c->aau;
    for (unsigned k = 0; k < 2; k++)
        if ((a->pend_mask >> k) & 1)
            a->aasti[a->pend_idx[k]] += a->pend_add[k];
    a->pend_mask = 0;
    for (unsigned ch = 0; ch < 4; ch++)
        if (x->aas[ch])
            mova_one(c, ch, x->aas[ch], x->d[ch]);
    for (unsigned i = 0; i < 4; i++) {
        if (x->am[i] == 0xff)
            continue;
        struct cpu_aau_area *ar = &a->area[x->am[i] >> 5][x->am[i] & 31];
        unsigned fmt = PI_FMT(ar->pi);
        if (fmt)
            ar->cdi += (1u << (fmt - 1)) * a->aaincr[PI_INCR(ar->pi)];
    }
    if (x->bap)
        bap_load(c);
    XLAT_NEXT(c, op);
}

/* ---- binding ------------------------------------------------------------------ */

/* staa/aaurw are stores (no register destination; loop-mode gated), ldaa
 * and aaurr loads. sem_entry.arg = access bytes (the emitter copies it to
 * op->size and puts the ALS in op->imm for these formats,
 * xlat_translate.c). Same handler for the MAS and plain variants. */
#define STAA(n, sz) {#n, SEM_STORE, SEMF_FAULTS | SEMF_NOWIN, h_##n, h_##n, NULL, sz},
#define AAURW(n, sz) {#n, SEM_STORE, SEMF_FAULTS | SEMF_NOWIN, h_aaurw, h_aaurw, NULL, sz},
#define LDAA(n, f, sz) {#n, SEM_LOAD, SEMF_FAULTS | (f), h_##n, h_##n, NULL, sz},
#define AAURR(n, sz) {#n, SEM_LOAD, 0, h_aaurr, h_aaurr, NULL, sz},

const struct sem_entry sem_aau_table[] = {
#include "emu/sem_aau.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};
