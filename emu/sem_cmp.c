/*
 * sem_cmp.c — integer compares into predicates (e2k-isa.md §5.2):
 * cmp<k>sb/db (k = o b e be s p l le) and cmpand<k>sb/db (k = e s p le).
 *
 * The predicate tag is the OR of the operand tags; a diagnostic operand
 * without ALS.sm is exc_illegal_operand. Two variants per compare: direct
 * (writes %predN, rotated when N <= psz) and buffered (writes the result
 * buffer: value in bit 0 of lo, tag in bit 0 of tag; the commit op moves it
 * to the predicate at the end of the bundle).
 */
#include "emu/sem.h"

static inline int sub_ovf64(uint64_t a, uint64_t b)
{
    uint64_t r = a - b;
    return (int)((((a ^ b) & (a ^ r)) >> 63) & 1);
}

static inline int sub_ovf32(uint32_t a, uint32_t b)
{
    uint32_t r = a - b;
    return (int)((((a ^ b) & (a ^ r)) >> 31) & 1);
}

#define DEF_CMP(name, W, expr)                                                 \
    static inline int f_##name(uint##W##_t a, uint##W##_t b)                  \
    {                                                                          \
        return (expr);                                                         \
    }                                                                          \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        unsigned t = (ra->tag | rb->tag) & (W == 32 ? 3u : 0xfu);              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = 1;                                                             \
        }                                                                      \
        int v = f_##name((uint##W##_t)ra->lo, (uint##W##_t)rb->lo);            \
        xlat_pred_write_op(c, op, v, (int)t);                               \
        XLAT_NEXT(c, op);                                                         \
    }                                                                          \
    static const struct xlat_op *h_##name##_b(struct cpu_state *c,            \
                                              const struct xlat_op *op)       \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        unsigned t = (ra->tag | rb->tag) & (W == 32 ? 3u : 0xfu);              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = 1;                                                             \
        }                                                                      \
        struct cpu_reg *d = op->d;                                             \
        d->lo = (uint64_t)f_##name((uint##W##_t)ra->lo, (uint##W##_t)rb->lo);  \
        d->tag = (uint8_t)t;                                                   \
        XLAT_NEXT(c, op);                                                         \
    }

#define S32(x) ((int32_t)(x))
#define S64(x) ((int64_t)(x))

DEF_CMP(cmposb, 32, sub_ovf32(a, b))
DEF_CMP(cmpbsb, 32, a < b)
DEF_CMP(cmpesb, 32, a == b)
DEF_CMP(cmpbesb, 32, a <= b)
DEF_CMP(cmpssb, 32, (int)((uint32_t)(a - b) >> 31))
DEF_CMP(cmppsb, 32, sem_parity(a - b))
DEF_CMP(cmplsb, 32, S32(a) < S32(b))
DEF_CMP(cmplesb, 32, S32(a) <= S32(b))
DEF_CMP(cmpodb, 64, sub_ovf64(a, b))
DEF_CMP(cmpbdb, 64, a < b)
DEF_CMP(cmpedb, 64, a == b)
DEF_CMP(cmpbedb, 64, a <= b)
DEF_CMP(cmpsdb, 64, (int)((a - b) >> 63))
DEF_CMP(cmppdb, 64, sem_parity(a - b))
DEF_CMP(cmpldb, 64, S64(a) < S64(b))
DEF_CMP(cmpledb, 64, S64(a) <= S64(b))
DEF_CMP(cmpandesb, 32, (a & b) == 0)
DEF_CMP(cmpandssb, 32, S32(a & b) < 0)
DEF_CMP(cmpandpsb, 32, sem_parity(a & b))
DEF_CMP(cmpandlesb, 32, S32(a & b) <= 0)
DEF_CMP(cmpandedb, 64, (a & b) == 0)
DEF_CMP(cmpandsdb, 64, S64(a & b) < 0)
DEF_CMP(cmpandpdb, 64, sem_parity(a & b))
DEF_CMP(cmpandledb, 64, S64(a & b) <= 0)

#define CMP(n) {#n, SEM_CMP, 0, h_##n, NULL, h_##n##_b, 0},

const struct sem_entry sem_cmp_table[] = {
#include "emu/sem_cmp.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};
