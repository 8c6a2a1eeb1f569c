/*
 * sem_alu.c — integer ALU semantics (e2k-isa.md §5.1, §5.3, §5.4, §5.7):
 * logic, add/sub, shifts and rotates (counts masked mod N: hardware-verified
 * [T int/basic-1], never host shift behaviour), getf/insf, sxt, merge,
 * multiplies, divides, combined ops, carry ops, bit counting.
 *
 * Every handler reads its sources through op->s1/s2/s3 (rf slots or
 * constants, resolved at translate time) and writes op->d. Tags
 * (e2k-isa.md §4.10): a diagnostic source in a non-speculative op is
 * exc_illegal_operand before any effect; with ALS.sm the result is
 * diagnostic instead (value still computed). 32-bit ops look only at the
 * tag of the low 32-bit half of each source.
 *
 * Each 32-bit op exists in two variants: _p writes only bits 31:0 (setwd
 * dbl = 0) and _z writes the zero-extended value (dbl = 1, and the result
 * buffers of buffered bundles, where the commit op applies dbl).
 */
#include "emu/sem.h"

#include <string.h>

#define T32(r) ((r)->tag & 3u)
#define T64(r) ((r)->tag & 0xfu)

static inline uint64_t rotr64(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? (x >> n) | (x << (64 - n)) : x;
}

static inline uint64_t rotl64(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? (x << n) | (x >> (64 - n)) : x;
}

static inline uint32_t rotr32(uint32_t x, unsigned n)
{
    n &= 31;
    return n ? (x >> n) | (x << (32 - n)) : x;
}

static inline uint32_t rotl32(uint32_t x, unsigned n)
{
    n &= 31;
    return n ? (x << n) | (x >> (32 - n)) : x;
}

/* getf (e2k-isa.md §5.3). */
uint64_t sem_getfd(uint64_t s1, uint64_t s2, unsigned isa)
{
    unsigned o = s2 & 63, l = (s2 >> 6) & 63, s = (s2 >> 12) & 1;
    unsigned b = (s2 >> 13) & 7;
    uint64_t mask = l ? (~0ull >> (64 - l)) : 0;
    uint64_t f = rotr64(s1, o) & mask;
    if (!s || !l)
        return f;
    int neg;
    if (isa >= 5)
        neg = (f >> (l - 1)) & 1;
    else
        neg = (s1 >> ((8 * b + ((o + l - 1) & 7)) & 63)) & 1;
    return neg ? f | (~0ull << l) : f;
}

uint32_t sem_getfs(uint32_t s1, uint32_t s2, unsigned isa)
{
    unsigned o = s2 & 31, l = (s2 >> 6) & 31, s = (s2 >> 12) & 1;
    unsigned b = (s2 >> 13) & 3;
    uint32_t mask = l ? (~0u >> (32 - l)) : 0;
    uint32_t f = rotr32(s1, o) & mask;
    if (!s || !l)
        return f;
    int neg;
    if (isa >= 5)
        neg = (f >> (l - 1)) & 1;
    else
        neg = (s1 >> ((8 * b + ((o + l - 1) & 7)) & 31)) & 1;
    return neg ? f | (~0u << l) : f;
}

static inline uint64_t sxt(uint32_t s1, uint32_t s2)
{
    unsigned w = s1 & 3;
    int zext = (s1 >> 2) & 1;
    switch (w) {
    case 0: return zext ? (uint8_t)s2 : (uint64_t)(int64_t)(int8_t)s2;
    case 1: return zext ? (uint16_t)s2 : (uint64_t)(int64_t)(int16_t)s2;
    default: return zext ? s2 : (uint64_t)(int64_t)(int32_t)s2;
    }
}

/* Parity flag as the compares define it (e2k-isa.md §5.2): 1 if the low
 * byte has an even number of ones. */
int sem_parity(uint64_t v)
{
    return !(__builtin_popcount((unsigned)(v & 0xff)) & 1);
}

/* ---- handler templates --------------------------------------------------- */

/* d,d -> d */
#define DEF_D(name, expr)                                                      \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint64_t a = ra->lo, b = rb->lo;                                       \
        uint8_t t = (uint8_t)T64(ra) | (uint8_t)T64(rb);                       \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = CPU_TAG_DIAG64;                                                \
        }                                                                      \
        struct cpu_reg *d = op->d;                                             \
        d->lo = (expr);                                                        \
        d->tag = t;                                                            \
        XLAT_NEXT(c, op);                                                         \
    }

/* s,s -> s, two variants */
#define DEF_S(name, expr)                                                      \
    static inline uint32_t f_##name(uint32_t a, uint32_t b, unsigned isa)      \
    {                                                                          \
        (void)isa;                                                             \
        return (uint32_t)(expr);                                               \
    }                                                                          \
    static const struct xlat_op *h_##name##_p(struct cpu_state *c,            \
                                              const struct xlat_op *op)       \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint8_t t = (uint8_t)(T32(ra) | T32(rb));                              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = 1;                                                             \
        }                                                                      \
        uint32_t r = f_##name((uint32_t)ra->lo, (uint32_t)rb->lo, c->isa);     \
        struct cpu_reg *d = op->d;                                             \
        d->lo = (d->lo & 0xffffffff00000000ull) | r;                           \
        d->tag = (uint8_t)((d->tag & ~3u) | t);                                \
        XLAT_NEXT(c, op);                                                         \
    }                                                                          \
    static const struct xlat_op *h_##name##_z(struct cpu_state *c,            \
                                              const struct xlat_op *op)       \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint8_t t = (uint8_t)(T32(ra) | T32(rb));                              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = 1;                                                             \
        }                                                                      \
        uint32_t r = f_##name((uint32_t)ra->lo, (uint32_t)rb->lo, c->isa);     \
        struct cpu_reg *d = op->d;                                             \
        d->lo = r;                                                             \
        d->tag = t;                                                            \
        XLAT_NEXT(c, op);                                                         \
    }

/* s,s -> d */
#define DEF_SSD(name, expr)                                                    \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint32_t a = (uint32_t)ra->lo, b = (uint32_t)rb->lo;                   \
        uint8_t t = (uint8_t)(T32(ra) | T32(rb));                              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = CPU_TAG_DIAG64;                                                \
        }                                                                      \
        struct cpu_reg *d = op->d;                                             \
        d->lo = (expr);                                                        \
        d->tag = t;                                                            \
        XLAT_NEXT(c, op);                                                         \
    }

/* ---- logic and arithmetic ------------------------------------------------- */

DEF_D(andd, a & b)
DEF_D(andnd, a & ~b)
DEF_D(ord, a | b)
DEF_D(ornd, a | ~b)
DEF_D(xord, a ^ b)
DEF_D(xornd, a ^ ~b)
DEF_D(addd, a + b)
DEF_D(subd, a - b)
DEF_D(scld, rotl64(a, (unsigned)b))
DEF_D(scrd, rotr64(a, (unsigned)b))
DEF_D(shld, a << (b & 63))
DEF_D(shrd, a >> (b & 63))
DEF_D(sard, (uint64_t)((int64_t)a >> (b & 63)))
DEF_D(getfd, sem_getfd(a, b, c->isa))
DEF_D(muld, a * b)
DEF_D(umulhd, (uint64_t)(((unsigned __int128)a * b) >> 64))
DEF_D(smulhd, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64))
DEF_D(getfzd, sem_getfd(a, b, c->isa) & ~((1ull << ((b >> 13) & 7)) - 1))

DEF_S(ands, a & b)
DEF_S(andns, a & ~b)
DEF_S(ors, a | b)
DEF_S(orns, a | ~b)
DEF_S(xors, a ^ b)
DEF_S(xorns, a ^ ~b)
DEF_S(adds, a + b)
DEF_S(subs, a - b)
DEF_S(scls, rotl32(a, b))
DEF_S(scrs, rotr32(a, b))
DEF_S(shls, a << (b & 31))
DEF_S(shrs, a >> (b & 31))
DEF_S(sars, (uint32_t)((int32_t)a >> (b & 31)))
DEF_S(getfs, sem_getfs(a, b, isa))
DEF_S(muls, a * b)
DEF_S(getfzs, sem_getfs(a, b, isa) & ~((1u << ((b >> 13) & 3)) - 1))

DEF_SSD(sxt, sxt(a, b))
DEF_SSD(umulx, (uint64_t)a * b)
DEF_SSD(smulx, (uint64_t)((int64_t)(int32_t)a * (int32_t)b))

/* ---- unary (ALOPF2: the operand is src2) ---------------------------------- */

static inline uint64_t bitrev64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}

DEF_D(bitrevd, ((void)a, bitrev64(b)))
DEF_D(lzcntd, ((void)a, b ? (uint64_t)__builtin_clzll(b) : 64))
DEF_D(popcntd, ((void)a, (uint64_t)__builtin_popcountll(b)))
DEF_S(bitrevs, ((void)a, (uint32_t)(bitrev64(b) >> 32)))
DEF_S(lzcnts, ((void)a, b ? (uint32_t)__builtin_clz(b) : 32))
DEF_S(popcnts, ((void)a, (uint32_t)__builtin_popcount(b)))

/* ---- merge (e2k-isa.md §5.1, §8.3): cond ? src2 : src1 ------------------ */

/* The MRGC condition of the op: imm = psrc | neg << 8 (XF_SNAP: pf_snap).
 * Returns 0/1, or -1 after raising (tagged predicate, non-speculative). */
static int mrgc(struct cpu_state *c, const struct xlat_op *op, int *tag)
{
    uint64_t pf = (op->flags & XF_SNAP) ? c->pf_snap : c->pf;
    int v = xlat_psrc(c, pf, (unsigned)(op->imm & 0x7f), tag);
    return v ^ (int)((op->imm >> 8) & 1);
}

static const struct xlat_op *merge(struct cpu_state *c,
                                   const struct xlat_op *op, int w32)
{
    int pt = 0;
    int cond = mrgc(c, op, &pt);
    const struct cpu_reg *r = cond ? op->s2 : op->s1;
    uint8_t t = (uint8_t)(w32 ? T32(r) : T64(r));
    if (pt)
        t |= w32 ? 1 : CPU_TAG_DIAG64;
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = w32 ? 1 : CPU_TAG_DIAG64;
    }
    xlat_wr(op->d, w32 ? op->wmode : XW_64, r->lo, t);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_merged(struct cpu_state *c,
                                      const struct xlat_op *op)
{
    return merge(c, op, 0);
}

static const struct xlat_op *h_merges(struct cpu_state *c,
                                      const struct xlat_op *op)
{
    return merge(c, op, 1);
}

/* ---- division (e2k-isa.md §5.4) -------------------------------------------
 * Choice (docs/cpu.md "Division"): a zero divisor or an overflowing x-form
 * quotient gives exc_div without ALS.sm and a diagnostic 0 with it, for all
 * forms. sdivs/sdivd INT_MIN / -1 = INT_MIN (no trap). sdivx/smodx
 * sign-extend the 32-bit divisor (qemu zero-extends; UNSURE). */

static const struct xlat_op *div_fail(struct cpu_state *c,
                                      const struct xlat_op *op, int w32)
{
    if (!op->sm)
        return xlat_raise(c, op, EXC_DIV, 0, "integer division by zero or "
                                             "overflow");
    xlat_wr(op->d, w32 ? op->wmode : XW_64, 0, w32 ? 1 : CPU_TAG_DIAG64);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *div_common(struct cpu_state *c,
                                        const struct xlat_op *op, int kind)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    int w32 = kind < 2 || kind >= 4;
    uint8_t t;
    switch (kind) {
    case 0: case 1: t = (uint8_t)(T32(ra) | T32(rb)); break;   /* s,s */
    case 2: case 3: t = (uint8_t)(T64(ra) | T64(rb)); break;   /* d,d */
    default: t = (uint8_t)(T64(ra) | T32(rb)); break;          /* d,s */
    }
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
    }
    uint64_t r;
    switch (kind) {
    case 0: { /* udivs */
        uint32_t a = (uint32_t)ra->lo, b = (uint32_t)rb->lo;
        if (!b)
            return div_fail(c, op, 1);
        r = a / b;
        break;
    }
    case 1: { /* sdivs */
        int32_t a = (int32_t)ra->lo, b = (int32_t)rb->lo;
        if (!b)
            return div_fail(c, op, 1);
        r = (a == INT32_MIN && b == -1) ? (uint32_t)a : (uint32_t)(a / b);
        break;
    }
    case 2: { /* udivd */
        uint64_t a = ra->lo, b = rb->lo;
        if (!b)
            return div_fail(c, op, 0);
        r = a / b;
        break;
    }
    case 3: { /* sdivd */
        int64_t a = (int64_t)ra->lo, b = (int64_t)rb->lo;
        if (!b)
            return div_fail(c, op, 0);
        r = (a == INT64_MIN && b == -1) ? (uint64_t)a : (uint64_t)(a / b);
        break;
    }
    case 4: case 5: { /* udivx, umodx */
        uint64_t a = ra->lo, b = (uint32_t)rb->lo;
        if (!b || a / b > 0xffffffffull)
            return div_fail(c, op, 1);
        r = kind == 4 ? a / b : a % b;
        break;
    }
    default: { /* sdivx, smodx */
        int64_t a = (int64_t)ra->lo, b = (int32_t)rb->lo;
        if (!b || (a == INT64_MIN && b == -1))
            return div_fail(c, op, 1);
        int64_t q = a / b;
        if (q < INT32_MIN || q > INT32_MAX)
            return div_fail(c, op, 1);
        r = (uint64_t)(kind == 6 ? q : a % b);
        break;
    }
    }
    if (t)
        t = w32 ? 1 : CPU_TAG_DIAG64;
    xlat_wr(op->d, w32 ? op->wmode : XW_64, r, t);
    XLAT_NEXT(c, op);
}

#define DEF_DIV(name, kind)                                                    \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        return div_common(c, op, kind);                                        \
    }
DEF_DIV(udivs, 0)
DEF_DIV(sdivs, 1)
DEF_DIV(udivd, 2)
DEF_DIV(sdivd, 3)
DEF_DIV(udivx, 4)
DEF_DIV(umodx, 5)
DEF_DIV(sdivx, 6)
DEF_DIV(smodx, 7)

/* ---- three-source ops ------------------------------------------------------ */

/* insfd/insfs (e2k-isa.md §5.3): s2 bit 13 / 15 say to ignore the tag of the
 * upper half of s1 / s3 [Q gen_insfd_tag]. */
static const struct xlat_op *h_insfd(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2, *rc = op->s3;
    uint64_t b = rb->lo;
    uint8_t t1 = (uint8_t)T64(ra), t3 = (uint8_t)T64(rc);
    if (b & (1u << 13))
        t1 &= 3;
    if (b & (1u << 15))
        t3 &= 3;
    uint8_t t = (uint8_t)(t1 | t3 | T64(rb));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
    }
    unsigned o = b & 63, l = (b >> 6) & 63;
    uint64_t mask = l ? ~0ull >> (64 - l) : 0;
    uint64_t r = (rotr64(ra->lo, o) & ~mask) | (rc->lo & mask);
    xlat_wr(op->d, XW_64, r, t);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_insfs(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2, *rc = op->s3;
    uint32_t b = (uint32_t)rb->lo;
    uint8_t t = (uint8_t)(T32(ra) | T32(rb) | T32(rc));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = 1;
    }
    unsigned o = b & 31, l = (b >> 6) & 31;
    uint32_t mask = l ? ~0u >> (32 - l) : 0;
    uint32_t r = (rotr32((uint32_t)ra->lo, o) & ~mask) |
                 ((uint32_t)rc->lo & mask);
    xlat_wr(op->d, op->wmode, r, t);
    XLAT_NEXT(c, op);
}

/* addcd/subcd and their carry outputs (v5+): d,d,s -> d. */
static const struct xlat_op *carry_op(struct cpu_state *c,
                                      const struct xlat_op *op, int sub,
                                      int carry_out)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2, *rc = op->s3;
    uint8_t t = (uint8_t)(T64(ra) | T64(rb) | T32(rc));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = CPU_TAG_DIAG64;
    }
    unsigned __int128 a = ra->lo, b = rb->lo, ci = rc->lo & 1;
    unsigned __int128 r = sub ? a - b - ci : a + b + ci;
    uint64_t v = carry_out ? (uint64_t)((r >> 64) & 1) : (uint64_t)r;
    xlat_wr(op->d, XW_64, v, t);
    XLAT_NEXT(c, op);
}

static const struct xlat_op *h_addcd(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    return carry_op(c, op, 0, 0);
}
static const struct xlat_op *h_addcd_c(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    return carry_op(c, op, 0, 1);
}
static const struct xlat_op *h_subcd(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    return carry_op(c, op, 1, 0);
}
static const struct xlat_op *h_subcd_c(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    return carry_op(c, op, 1, 1);
}

/* ---- integer combined ops (e2k-isa.md §5.7): dst = op2(s3, op1(s1, s2)).
 * aux = comb1 | comb2 << 8 (isa_op fields). UNSURE: operand order of the
 * second op follows qemu (op2(s3, r)). */
static uint64_t icomb1(struct cpu_state *c, const struct xlat_op *op,
                       unsigned k, uint64_t a, uint64_t b, int w32)
{
    unsigned n = w32 ? 31 : 63;
    uint64_t m = w32 ? 0xffffffffull : ~0ull;
    switch (k) {
    case ISA_IC_AND: return a & b;
    case ISA_IC_ANDN: return a & ~b;
    case ISA_IC_OR: return a | b;
    case ISA_IC_ORN: return a | ~b;
    case ISA_IC_XOR: return a ^ b;
    case ISA_IC_XORN: return a ^ ~b;
    case ISA_IC_RSUB: return b - a;
    case ISA_IC_MERGE: {
        int pt = 0;
        return mrgc(c, op, &pt) ? b : a;
    }
    case ISA_IC_ADD: return a + b;
    case ISA_IC_SUB: return a - b;
    case ISA_IC_SCL:
        return w32 ? rotl32((uint32_t)a, (unsigned)b) : rotl64(a, (unsigned)b);
    case ISA_IC_SCR:
        return w32 ? rotr32((uint32_t)a, (unsigned)b) : rotr64(a, (unsigned)b);
    case ISA_IC_SHL: return (a & m) << (b & n);
    case ISA_IC_SHR: return (a & m) >> (b & n);
    case ISA_IC_SAR:
        return w32 ? (uint64_t)(uint32_t)((int32_t)a >> (b & 31))
                   : (uint64_t)((int64_t)a >> (b & 63));
    default: /* getf */
        return w32 ? sem_getfs((uint32_t)a, (uint32_t)b, c->isa)
                   : sem_getfd(a, b, c->isa);
    }
}

static const struct xlat_op *h_icomb(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    int w32 = op->size == 4;
    const struct cpu_reg *ra = op->s1, *rb = op->s2, *rc = op->s3;
    uint8_t t = w32 ? (uint8_t)(T32(ra) | T32(rb) | T32(rc))
                    : (uint8_t)(T64(ra) | T64(rb) | T64(rc));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = w32 ? 1 : CPU_TAG_DIAG64;
    }
    uint64_t r = icomb1(c, op, op->aux & 0xff, ra->lo, rb->lo, w32);
    r = icomb1(c, op, (op->aux >> 8) & 0xff, rc->lo, r, w32);
    xlat_wr(op->d, w32 ? op->wmode : XW_64, w32 ? (uint32_t)r : r, t);
    XLAT_NEXT(c, op);
}

/* ---- the table of this file (see sem.def) ----------------------------------- */

#define SEM(name, kind, flags, h64, h32p, h32z)                               \
    {#name, kind, flags, h64, h32p, h32z, 0},
#define ALU_D(n) SEM(n, SEM_ALU, 0, h_##n, NULL, NULL)
#define ALU_S(n) SEM(n, SEM_ALU, 0, NULL, h_##n##_p, h_##n##_z)
#define ALU_X(n, f) SEM(n, SEM_ALU, f, h_##n, h_##n, h_##n)

const struct sem_entry sem_alu_table[] = {
    {"__icomb", SEM_ALU, 0, h_icomb, h_icomb, h_icomb, 0},
#include "emu/sem_alu.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};
