/*
 * sem_pk.c — packed integer operations (e2k-isa.md §5.8): the 64-bit
 * MMX-like p* ops and the lane-local subset of the 128-bit qp* ops (v5+),
 * which apply the same operation to each 64-bit half.
 *
 * One lane engine serves all: op->aux = kind << 4 | lane width code
 * (0 = 8, 1 = 16, 2 = 32, 3 = 64 bits); op->size = 16 for qp. Semantics
 * follow qemu-e2k helper_vec.c (saturation, pack order, unpack order,
 * pmovmskb layout, pshufb descriptor bits). Packed floating point (pf*,
 * qpf*), the qp ops that move data across halves (qppermb, qpshufb, qp
 * pack/unpack, qpswitch*, qpcext, qpsgn2mskb/qpmsk2sgnb), pextrh, pinsh,
 * psllqh/psllql/psrlqh/psrlql and the packed compares into predicates are not
 * implemented (exc_illegal_opcode; listed by cpu_unimpl_test).
 */
#include "emu/sem.h"

#include <stdlib.h>
#include <string.h>

enum pk_kind {
    PK_ADD = 1, PK_SUB, PK_ADDS, PK_ADDUS, PK_SUBS, PK_SUBUS, PK_MINU,
    PK_MINS, PK_MAXU, PK_MAXS, PK_CMPEQ, PK_CMPGT, PK_AVGU, PK_MULHS,
    PK_MULLO, PK_MULHU, PK_MULHRS, PK_SIGN, PK_SHL, PK_SHR, PK_SAR, PK_AND,
    PK_ANDN, PK_OR, PK_XOR, PK_MADDH, PK_MADDUBSH, PK_SADBW, PK_PACKSS,
    PK_PACKUS, PK_UNPCKL, PK_UNPCKH, PK_MOVMSK, PK_HADD, PK_HADDS, PK_HSUB,
    PK_HSUBS, PK_PSHUFW, PK_PSHUFH, PK_MULUBHH
};

#define PK(kind, w) ((kind) << 4 | (w))

static inline int64_t sext(uint64_t v, unsigned bits)
{
    return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint64_t lane(uint64_t v, unsigned i, unsigned bits)
{
    return bits == 64 ? v : (v >> (i * bits)) & ((1ull << bits) - 1);
}

static inline int64_t sat(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* One lane-local operation on 64 bits. */
static uint64_t lanes64(unsigned kind, unsigned bits, uint64_t a, uint64_t b)
{
    unsigned n = 64 / bits;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    int64_t smin = -(int64_t)(1ull << (bits - 1)) , smax = (int64_t)((1ull << (bits - 1)) - 1);
    uint64_t r = 0;
    switch (kind) {
    case PK_AND: return a & b;
    case PK_ANDN: return a & ~b;
    case PK_OR: return a | b;
    case PK_XOR: return a ^ b;
    default: break;
    }
    for (unsigned i = 0; i < n; i++) {
        uint64_t ua = lane(a, i, bits), ub = lane(b, i, bits);
        int64_t sa = sext(ua, bits), sb = sext(ub, bits);
        uint64_t v;
        switch (kind) {
        case PK_ADD: v = ua + ub; break;
        case PK_SUB: v = ua - ub; break;
        case PK_ADDS: v = (uint64_t)sat(sa + sb, smin, smax); break;
        case PK_SUBS: v = (uint64_t)sat(sa - sb, smin, smax); break;
        case PK_ADDUS: v = (uint64_t)sat((int64_t)(ua + ub), 0, (int64_t)mask); break;
        case PK_SUBUS: v = (uint64_t)sat((int64_t)ua - (int64_t)ub, 0, (int64_t)mask); break;
        case PK_MINU: v = ua < ub ? ua : ub; break;
        case PK_MAXU: v = ua > ub ? ua : ub; break;
        case PK_MINS: v = (uint64_t)(sa < sb ? sa : sb); break;
        case PK_MAXS: v = (uint64_t)(sa > sb ? sa : sb); break;
        case PK_CMPEQ: v = ua == ub ? mask : 0; break;
        case PK_CMPGT: v = sa > sb ? mask : 0; break;
        case PK_AVGU: v = (ua + ub + 1) >> 1; break;
        case PK_MULHS: v = (uint64_t)((sa * sb) >> 16); break;
        case PK_MULLO: v = (uint64_t)(sa * sb); break;
        case PK_MULHU: v = (ua * ub) >> 16; break;
        case PK_MULHRS: v = (uint64_t)((((sa * sb) >> 14) + 1) >> 1); break;
        case PK_SIGN: v = (uint64_t)(sb < 0 ? -sa : sb > 0 ? sa : 0); break;
        case PK_SHL: v = b < bits ? ua << b : 0; break;
        case PK_SHR: v = b < bits ? ua >> b : 0; break;
        case PK_SAR: v = (uint64_t)(sa >> (b < bits - 1 ? b : bits - 1)); break;
        default: v = 0; break;
        }
        r |= (v & mask) << (i * bits);
    }
    return r;
}

/* The ops that combine lanes (64-bit only; qemu helper_vec.c). */
static uint64_t special64(unsigned kind, unsigned bits, uint64_t a,
                          uint64_t b, unsigned imm)
{
    uint64_t r = 0;
    unsigned n = 64 / bits;
    switch (kind) {
    case PK_MADDH: /* pairs of s16 products -> s32 */
        for (unsigned i = 0; i < 2; i++) {
            int64_t v = sext(lane(a, 2 * i, 16), 16) * sext(lane(b, 2 * i, 16), 16) +
                        sext(lane(a, 2 * i + 1, 16), 16) * sext(lane(b, 2 * i + 1, 16), 16);
            r |= ((uint64_t)v & 0xffffffffull) << (32 * i);
        }
        return r;
    case PK_MADDUBSH: /* s8 of a times u8 of b, pairs -> saturated s16 */
        for (unsigned i = 0; i < 4; i++) {
            int64_t v = sext(lane(a, 2 * i, 8), 8) * (int64_t)lane(b, 2 * i, 8) +
                        sext(lane(a, 2 * i + 1, 8), 8) * (int64_t)lane(b, 2 * i + 1, 8);
            r |= ((uint64_t)sat(v, -32768, 32767) & 0xffff) << (16 * i);
        }
        return r;
    case PK_SADBW: {
        uint64_t s = 0;
        for (unsigned i = 0; i < 8; i++)
            s += (uint64_t)labs((long)lane(a, i, 8) - (long)lane(b, i, 8));
        return s;
    }
    case PK_MULUBHH: /* (u8 of a * s16 of b + 0x80) >> 8, per halfword */
        for (unsigned i = 0; i < 4; i++) {
            int64_t v = ((int64_t)lane(a, i, 8) * sext(lane(b, i, 16), 16) + 0x80) >> 8;
            r |= ((uint64_t)v & 0xffff) << (16 * i);
        }
        return r;
    case PK_PACKSS: /* src1 lanes to the high half, src2 to the low half */
    case PK_PACKUS: {
        unsigned ob = bits / 2, on = n;
        int64_t lo = kind == PK_PACKSS ? -(int64_t)(1ull << (ob - 1)) : 0;
        int64_t hi = kind == PK_PACKSS ? (int64_t)((1ull << (ob - 1)) - 1)
                                       : (int64_t)((1ull << ob) - 1);
        for (unsigned i = 0; i < on; i++) {
            uint64_t v1 = (uint64_t)sat(sext(lane(a, i, bits), bits), lo, hi);
            uint64_t v2 = (uint64_t)sat(sext(lane(b, i, bits), bits), lo, hi);
            uint64_t m = (1ull << ob) - 1;
            r |= (v1 & m) << ((i + on) * ob);
            r |= (v2 & m) << (i * ob);
        }
        return r;
    }
    case PK_UNPCKL:
    case PK_UNPCKH: {
        unsigned off = kind == PK_UNPCKH ? n / 2 : 0;
        for (unsigned i = 0; i < n; i++) {
            unsigned j = off + i / 2;
            uint64_t v = (i & 1) ? lane(a, j, bits) : lane(b, j, bits);
            r |= v << (i * bits);
        }
        return r;
    }
    case PK_MOVMSK: { /* sign bits: src1 lanes above src2 lanes */
        for (unsigned i = 0; i < n; i++) {
            r |= (uint64_t)(sext(lane(a, i, bits), bits) < 0) << (i + n);
            r |= (uint64_t)(sext(lane(b, i, bits), bits) < 0) << i;
        }
        return r;
    }
    case PK_HADD: case PK_HADDS: case PK_HSUB: case PK_HSUBS: {
        unsigned h = n / 2;
        for (unsigned i = 0; i < h; i++) {
            int64_t x[2], y[2];
            x[0] = sext(lane(a, 2 * i, bits), bits);
            x[1] = sext(lane(a, 2 * i + 1, bits), bits);
            y[0] = sext(lane(b, 2 * i, bits), bits);
            y[1] = sext(lane(b, 2 * i + 1, bits), bits);
            int sub = kind == PK_HSUB || kind == PK_HSUBS;
            int64_t v1 = sub ? x[0] - x[1] : x[0] + x[1];
            int64_t v2 = sub ? y[0] - y[1] : y[0] + y[1];
            if (kind == PK_HADDS || kind == PK_HSUBS) {
                v1 = sat(v1, -32768, 32767);
                v2 = sat(v2, -32768, 32767);
            }
            uint64_t m = (1ull << bits) - 1;
            r |= ((uint64_t)v1 & m) << (i * bits);
            r |= ((uint64_t)v2 & m) << ((i + h) * bits);
        }
        return r;
    }
    case PK_PSHUFW:
        for (unsigned i = 0; i < 2; i++) {
            unsigned sel = (imm >> (2 * i)) & 3;
            uint64_t v = sel > 1 ? lane(a, sel & 1, 32) : lane(b, sel & 1, 32);
            r |= v << (32 * i);
        }
        return r;
    case PK_PSHUFH:
        for (unsigned i = 0; i < 4; i++)
            r |= lane(b, (imm >> (2 * i)) & 3, 16) << (16 * i);
        return r;
    default:
        return lanes64(kind, bits, a, b);
    }
}

static const struct xlat_op *h_pk(struct cpu_state *c, const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    unsigned kind = op->aux >> 4, bits = 8u << (op->aux & 3);
    int q = op->size == 16;
    uint8_t t = q ? (uint8_t)(ra->tag | rb->tag)
                  : (uint8_t)((ra->tag | rb->tag) & 0xf);
    if (kind == PK_SHL || kind == PK_SHR || kind == PK_SAR)
        t = (uint8_t)((q ? ra->tag : ra->tag & 0xf) | (rb->tag & 0xf));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = q ? 0x55 : CPU_TAG_DIAG64;
    }
    unsigned imm = (unsigned)op->s3->lo; /* LIT8 / PSHUFH immediate */
    struct cpu_reg *d = op->d;
    if (!q) {
        d->lo = special64(kind, bits, ra->lo, rb->lo, imm);
        d->tag = t;
        XLAT_NEXT(c, op);
    }
    int scalar = kind == PK_SHL || kind == PK_SHR || kind == PK_SAR;
    uint64_t lo = special64(kind, bits, ra->lo, rb->lo, imm);
    uint64_t hi = special64(kind, bits, ra->hi, scalar ? rb->lo : rb->hi, imm);
    d->lo = lo;
    d->hi = hi;
    d->tag = t;
    XLAT_NEXT(c, op);
}

/* pshufb / pmerge (ALOPF21, PFCMB1; qemu helper_pshufb/pmerge). */
static uint8_t rev8(uint8_t b)
{
    b = (uint8_t)(((b & 0xf0) >> 4) | ((b & 0x0f) << 4));
    b = (uint8_t)(((b & 0xcc) >> 2) | ((b & 0x33) << 2));
    return (uint8_t)(((b & 0xaa) >> 1) | ((b & 0x55) << 1));
}

static const struct xlat_op *h_pshufb(struct cpu_state *c,
                                      const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2, *rc = op->s3;
    uint8_t t = (uint8_t)((ra->tag | rb->tag | rc->tag) & 0xf);
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = CPU_TAG_DIAG64;
    }
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++) {
        uint8_t desc = (uint8_t)(rc->lo >> (8 * i));
        unsigned idx = desc & 7;
        uint8_t byte = (uint8_t)((desc & 8 ? ra->lo : rb->lo) >> (8 * idx));
        if (desc & 0x10)
            byte = (uint8_t)~byte;
        if (desc & 0x20)
            byte = rev8(byte);
        if (desc & 0x40)
            byte = byte & 0x80 ? 0xff : 0;
        if (desc & 0x80) {
            switch ((desc & 0x70) >> 4) {
            case 2: byte = 0x7f; break;
            case 4: byte = 0x80; break;
            case 6: byte = 0xff; break;
            default: byte = 0; break;
            }
        }
        r |= (uint64_t)byte << (8 * i);
    }
    xlat_wr(op->d, XW_64, r, t);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_pmerge(struct cpu_state *c,
                                      const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2, *rc = op->s3;
    uint8_t t = (uint8_t)((ra->tag | rb->tag | rc->tag) & 0xf);
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = CPU_TAG_DIAG64;
    }
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++) {
        int neg = (rc->lo >> (8 * i + 7)) & 1;
        r |= ((neg ? rb->lo : ra->lo) >> (8 * i) & 0xff) << (8 * i);
    }
    xlat_wr(op->d, XW_64, r, t);
    XLAT_NEXT(c, op);
}

/* qppackdl: 128-bit from two 64-bit (src1 high, src2 low). */
static const struct xlat_op *h_qppackdl(struct cpu_state *c,
                                        const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    uint8_t t = (uint8_t)((rb->tag & 0xf) | (ra->tag & 0xf) << 4);
    if (XLAT_UNLIKELY(t) && !op->sm)
        return xlat_tag_fault(c, op);
    uint64_t lo = rb->lo, hi = ra->lo; /* the destination may be a source */
    struct cpu_reg *d = op->d;
    d->lo = lo;
    d->hi = hi;
    d->tag = t;
    XLAT_NEXT(c, op);
}

/* qpswitchd: the two 64-bit halves of src2 swapped; qpswitchw: the two
 * 32-bit words of each half swapped [Q gen_qpswitchd, gen_qpswitchw;
 * T qp/stmqp-1]. Tags move with their words. */
static const struct xlat_op *h_qpswitchd(struct cpu_state *c,
                                         const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    uint8_t t = rb->tag;
    if (XLAT_UNLIKELY(t) && !op->sm)
        return xlat_tag_fault(c, op);
    uint64_t lo = rb->hi, hi = rb->lo;
    struct cpu_reg *d = op->d;
    d->lo = lo;
    d->hi = hi;
    d->tag = (uint8_t)((t >> 4 | t << 4) & 0xff);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_qpswitchw(struct cpu_state *c,
                                         const struct xlat_op *op)
{
    const struct cpu_reg *rb = op->s2;
    uint8_t t = rb->tag;
    if (XLAT_UNLIKELY(t) && !op->sm)
        return xlat_tag_fault(c, op);
    uint64_t lo = rb->lo >> 32 | rb->lo << 32, hi = rb->hi >> 32 | rb->hi << 32;
    struct cpu_reg *d = op->d;
    d->lo = lo;
    d->hi = hi;
    d->tag = (uint8_t)(((t >> 2) & 0x33) | ((t << 2) & 0xcc));
    XLAT_NEXT(c, op);
}

#define P(n, k, w) {#n, SEM_ALU, SEMF_PK, h_pk, h_pk, h_pk, PK(k, w) | (#n[0] == 'q' ? 0x8000 : 0)},
#define PH(n, h) {#n, SEM_ALU, 0, h, h, h, 0},

const struct sem_entry sem_pk_table[] = {
#include "emu/sem_pk.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};

