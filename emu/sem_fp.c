/*
 * sem_fp.c — scalar floating point (e2k-isa.md §5.8): f32/f64 arithmetic,
 * min/max, sqrt, compares, conversions; 80-bit fx* arithmetic, compares
 * and conversions.
 *
 * Model: e2k floating point follows x86 (SSE for the s/d ops with PFPFR as
 * MXCSR, x87 for the 80-bit ops with FPCR/FPSR as control/status word;
 * qemu-e2k implements it with softfloat configured "as x86": x86 default
 * NaN, integer indefinite on invalid conversions, min/max return the second
 * operand for NaN and equal operands, x87 precision control and double
 * rounding for fx results in s/d). We execute the very x86 instructions:
 *   - every arithmetic op is one SSE instruction in inline asm, so operand
 *     order (which NaN is returned) is fixed by us, not by the compiler;
 *   - 80-bit ops use the host x87 (`long double` on x86-64 is the x87
 *     80-bit format, bit for bit the e2k x register layout: 64-bit
 *     mantissa in lo, sign/exponent in hi[15:0]);
 *   - the host MXCSR and x87 control word hold the guest's rounding mode,
 *     flush-to-zero and precision control while cpu_run runs, with every
 *     exception masked (never a host SIGFPE); the sticky host flags are
 *     folded into PFPFR/FPSR when the run stops and whenever the guest reads
 *     those registers (fp_enter/fp_leave/fp_sync below).
 * IEEE 754 fixes every result of these instructions exactly, so the results
 * are the same on every x86-64 host and for every compiler: deterministic.
 * A non-x86-64 host would need a softfloat port of the same x86 rules (not
 * written; the build refuses). Deviations (docs/cpu.md "Floating point"):
 * unmasked guest FP exceptions do not trap (flags only); fxsqrti/fxsqrtu,
 * fsqrtid and the fxcmp*f flag forms are not implemented.
 */
#include "emu/sem.h"

#include <string.h>

#if !defined(__x86_64__)
#error "sem_fp.c executes x86-64 SSE/x87 instructions (see the file comment)"
#endif

#define T32(r) ((r)->tag & 3u)
#define T64(r) ((r)->tag & 0xfu)

/* ---- host FP state around cpu_run ------------------------------------------ */

#define MXCSR_MASKS 0x1f80u
#define X87_MASKS 0x003fu

static inline uint32_t get_mxcsr(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static inline void set_mxcsr(uint32_t v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static inline uint16_t get_x87cw(void)
{
    uint16_t v;
    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

static inline void set_x87cw(uint16_t v)
{
    __asm__ volatile("fldcw %0" : : "m"(v));
}

static inline uint16_t get_x87sw(void)
{
    uint16_t v;
    __asm__ volatile("fnstsw %0" : "=m"(v));
    return v;
}

/* Load the guest's control bits into the host (all exceptions masked). */
static void fp_load_control(const struct cpu_state *c)
{
    /* PFPFR: rc 14:13, fz 15 (MXCSR layout; bit 6 DAZ is 0 on e2k [Q]). */
    set_mxcsr((uint32_t)(c->pfpfr & 0xe000u) | MXCSR_MASKS);
    /* FPCR: pc 9:8, rc 11:10 (x87 control word layout [Q]). */
    set_x87cw((uint16_t)((c->fpcr & 0x0f00u) | 0x0040u | X87_MASKS));
}

/* Fold the host's sticky flags into PFPFR.ef / FPSR and clear them. */
void sem_fp_sync(struct cpu_state *c)
{
    uint32_t mx = get_mxcsr();
    c->pfpfr |= mx & 0x3fu;
    set_mxcsr(mx & ~0x3fu);
    uint16_t sw = get_x87sw();
    uint64_t ef = sw & 0x3fu;
    if (ef) {
        c->fpsr |= ef;
        /* unmasked flag: set FPSR.es (bit 7) and b (bit 15) [Q] */
        if (ef & ~c->fpcr & 0x3f)
            c->fpsr |= 0x8080u;
    }
    __asm__ volatile("fnclex");
}

void sem_fp_enter(struct cpu_state *c, uint32_t *host_mxcsr,
                  uint16_t *host_cw)
{
    *host_mxcsr = get_mxcsr();
    *host_cw = get_x87cw();
    __asm__ volatile("fnclex");
    fp_load_control(c);
}

void sem_fp_leave(struct cpu_state *c, uint32_t host_mxcsr, uint16_t host_cw)
{
    sem_fp_sync(c);
    set_mxcsr(host_mxcsr);
    set_x87cw(host_cw);
}

/* After the guest wrote PFPFR/FPCR/FPSR (rws/rwd). */
void sem_fp_reload(struct cpu_state *c)
{
    uint32_t mx = get_mxcsr();
    set_mxcsr(mx & ~0x3fu); /* guest flags now live in c->pfpfr only */
    __asm__ volatile("fnclex");
    fp_load_control(c);
}

/* ---- value access ------------------------------------------------------------ */

static inline float f32_of(uint64_t v)
{
    float f;
    uint32_t u = (uint32_t)v;
    memcpy(&f, &u, 4);
    return f;
}

static inline uint32_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline double f64_of(uint64_t v)
{
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static inline uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

union x80 {
    long double v;
    struct {
        uint64_t m;
        uint16_t se;
    } p;
    uint8_t b[16];
};

static inline long double x80_of(const struct cpu_reg *r)
{
    union x80 u;
    memset(&u, 0, sizeof u);
    u.p.m = r->lo;
    u.p.se = (uint16_t)r->hi;
    return u.v;
}

static inline void x80_put(struct cpu_reg *d, long double v, uint8_t t)
{
    union x80 u;
    memset(&u, 0, sizeof u);
    u.v = v;
    d->lo = u.p.m;
    d->hi = u.p.se;
    d->tag = t;
}

/* ---- f32 / f64 binary ops: one SSE instruction each ------------------------ */

#define SSE_BIN(fn, T, insn)                                                   \
    static inline T fn(T a, T b)                                              \
    {                                                                          \
        __asm__ volatile(insn " %2, %0" : "=x"(a) : "0"(a), "x"(b));          \
        return a;                                                              \
    }
SSE_BIN(adds, float, "addss")
SSE_BIN(subs, float, "subss")
SSE_BIN(muls, float, "mulss")
SSE_BIN(divs, float, "divss")
SSE_BIN(mins, float, "minss")
SSE_BIN(maxs, float, "maxss")
SSE_BIN(addd, double, "addsd")
SSE_BIN(subd, double, "subsd")
SSE_BIN(muld, double, "mulsd")
SSE_BIN(divd, double, "divsd")
SSE_BIN(mind, double, "minsd")
SSE_BIN(maxd, double, "maxsd")

static inline float sqrts(float a)
{
    __asm__ volatile("sqrtss %1, %0" : "=x"(a) : "x"(a));
    return a;
}

static inline double sqrtd(double a)
{
    __asm__ volatile("sqrtsd %1, %0" : "=x"(a) : "x"(a));
    return a;
}

/* f32 ops: s,s -> s (one handler, op->wmode says how to write). */
#define DEF_FS(name, expr)                                                     \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint8_t t = (uint8_t)(T32(ra) | T32(rb));                              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = 1;                                                             \
        }                                                                      \
        float a = f32_of(ra->lo), b = f32_of(rb->lo);                          \
        (void)a;                                                               \
        (void)b;                                                               \
        xlat_wr(op->d, op->wmode, bits_f32(expr), t);                          \
        XLAT_NEXT(c, op);                                                      \
    }

/* f64 ops: d,d -> d. */
#define DEF_FD(name, expr)                                                     \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint8_t t = (uint8_t)(T64(ra) | T64(rb));                              \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = CPU_TAG_DIAG64;                                                \
        }                                                                      \
        double a = f64_of(ra->lo), b = f64_of(rb->lo);                         \
        (void)a;                                                               \
        (void)b;                                                               \
        struct cpu_reg *d = op->d;                                             \
        d->lo = bits_f64(expr);                                                \
        d->tag = t;                                                            \
        XLAT_NEXT(c, op);                                                      \
    }

DEF_FS(fadds, adds(a, b))
DEF_FS(fsubs, subs(a, b))
DEF_FS(fmuls, muls(a, b))
DEF_FS(fdivs, divs(a, b))
DEF_FS(fmins, mins(a, b))
DEF_FS(fmaxs, maxs(a, b))
DEF_FD(faddd, addd(a, b))
DEF_FD(fsubd, subd(a, b))
DEF_FD(fmuld, muld(a, b))
DEF_FD(fdivd, divd(a, b))
DEF_FD(fmind, mind(a, b))
DEF_FD(fmaxd, maxd(a, b))
/* unary (src2) */
DEF_FS(fsqrts, sqrts(b))
DEF_FS(frcps, divs(1.0f, b))             /* qemu: exact 1/x (UNSURE) */
DEF_FS(frsqrts, divs(1.0f, sqrts(b)))    /* qemu: exact 1/sqrt(x) */
DEF_FD(fsqrttd, sqrtd(a))                /* qemu: sqrt(src1) */

/* fscales/fscaled: src1 * 2^src2 built as a float (qemu helper_fscale*). */
static uint32_t scale_s(int32_t p)
{
    const int32_t bias = 127;
    uint32_t e, m = 0;
    if (p <= -bias) {
        e = 0;
        p += bias + 23 - 1;
        m = (p >= 0 && p < 23) ? 1u << p : (p == -1);
    } else if (p > bias) {
        e = 255;
    } else {
        e = (uint32_t)(bias + p);
    }
    return e << 23 | m;
}

static uint64_t scale_d(int32_t p)
{
    const int32_t bias = 1023;
    uint64_t e, m = 0;
    if (p <= -bias) {
        e = 0;
        p += bias + 52 - 1;
        m = (p >= 0 && p < 52) ? 1ull << p : (uint64_t)(p == -1);
    } else if (p > bias) {
        e = 2047;
    } else {
        e = (uint64_t)(bias + p);
    }
    return e << 52 | m;
}

DEF_FS(fscales, muls(a, f32_of(scale_s((int32_t)bits_f32(b)))))
static const struct xlat_op *h_fscaled(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    uint8_t t = (uint8_t)(T64(ra) | T32(rb));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = CPU_TAG_DIAG64;
    }
    double r = muld(f64_of(ra->lo), f64_of(scale_d((int32_t)rb->lo)));
    xlat_wr(op->d, XW_64, bits_f64(r), t);
    XLAT_NEXT(c, op);
}

/* fstoifs/fdtoifd: round src2 to an integral value; src1[3:0] is exactly
 * the SSE4.1 roundss/roundsd immediate (rc, use-current, no-inexact). */
#define ROUND_CASE(i, insn, T)                                                 \
    case i:                                                                    \
        __asm__ volatile(insn " $" #i ", %1, %0" : "=x"(r) : "x"(v));         \
        break;
#define ROUND_ALL(insn, T)                                                     \
    ROUND_CASE(0, insn, T) ROUND_CASE(1, insn, T) ROUND_CASE(2, insn, T)       \
    ROUND_CASE(3, insn, T) ROUND_CASE(4, insn, T) ROUND_CASE(5, insn, T)       \
    ROUND_CASE(6, insn, T) ROUND_CASE(7, insn, T) ROUND_CASE(8, insn, T)       \
    ROUND_CASE(9, insn, T) ROUND_CASE(10, insn, T) ROUND_CASE(11, insn, T)     \
    ROUND_CASE(12, insn, T) ROUND_CASE(13, insn, T) ROUND_CASE(14, insn, T)    \
    ROUND_CASE(15, insn, T)

static float round_s(unsigned mode, float v)
{
    float r = v;
    switch (mode & 15) { ROUND_ALL("roundss", float) }
    return r;
}

static double round_d(unsigned mode, double v)
{
    double r = v;
    switch (mode & 15) { ROUND_ALL("roundsd", double) }
    return r;
}

DEF_FS(fstoifs, round_s(bits_f32(a), b))
DEF_FD(fdtoifd, round_d((unsigned)bits_f64(a), b))

/* ---- compares ------------------------------------------------------------------ */

/* cmpopce / ALES selector k = eq lt le uod neq nlt nle od: the CMPSS
 * predicate numbers 0..7 exactly (e2k-isa.md §5.2). */
#define CMP_CASE(i, insn)                                                      \
    case i:                                                                    \
        __asm__ volatile(insn " $" #i ", %2, %0" : "=x"(m) : "0"(m), "x"(b)); \
        break;
static int cmp_s(unsigned k, float a, float b)
{
    float m = a;
    switch (k & 7) {
    CMP_CASE(0, "cmpss") CMP_CASE(1, "cmpss") CMP_CASE(2, "cmpss")
    CMP_CASE(3, "cmpss") CMP_CASE(4, "cmpss") CMP_CASE(5, "cmpss")
    CMP_CASE(6, "cmpss") CMP_CASE(7, "cmpss")
    }
    return bits_f32(m) != 0;
}

static int cmp_d(unsigned k, double a, double b)
{
    double m = a;
    switch (k & 7) {
    CMP_CASE(0, "cmpsd") CMP_CASE(1, "cmpsd") CMP_CASE(2, "cmpsd")
    CMP_CASE(3, "cmpsd") CMP_CASE(4, "cmpsd") CMP_CASE(5, "cmpsd")
    CMP_CASE(6, "cmpsd") CMP_CASE(7, "cmpsd")
    }
    return bits_f64(m) != 0;
}

/* x87 has no CMPSS-style predicates: compare with fucomip (quiet) or
 * fcomip (signals on QNaN) exactly as the SSE predicate would signal:
 * eq/uod/neq/od quiet, lt/le/nlt/nle signalling. */
static int cmp_x(unsigned k, long double a, long double b)
{
    int lt, eq, un;
    unsigned char zf, pf, cf;
    if ((k & 3) == 1 || (k & 3) == 2)
        __asm__ volatile("fcomip %%st(1), %%st\n\tfstp %%st(0)\n\t"
                         "setz %0\n\tsetp %1\n\tsetc %2"
                         : "=qm"(zf), "=qm"(pf), "=qm"(cf)
                         : "t"(a), "u"(b)
                         : "st", "st(1)", "cc");
    else
        __asm__ volatile("fucomip %%st(1), %%st\n\tfstp %%st(0)\n\t"
                         "setz %0\n\tsetp %1\n\tsetc %2"
                         : "=qm"(zf), "=qm"(pf), "=qm"(cf)
                         : "t"(a), "u"(b)
                         : "st", "st(1)", "cc");
    un = pf;
    lt = !un && cf;
    eq = !un && zf;
    switch (k & 7) {
    case 0: return eq;
    case 1: return lt;
    case 2: return lt || eq;
    case 3: return un;
    case 4: return !eq;
    case 5: return !lt;
    case 6: return !(lt || eq);
    default: return !un;
    }
}

/* Compares into predicates (ALOPF7, like sem_cmp.c): direct and buffered
 * variants; op->aux = k. */
#define DEF_FCMPB(name, W, expr)                                               \
    static inline int f_##name(const struct cpu_reg *ra,                      \
                               const struct cpu_reg *rb, unsigned k)          \
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
        xlat_pred_write_op(c, op, f_##name(ra, rb, op->aux), (int)t);          \
        XLAT_NEXT(c, op);                                                      \
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
        op->d->lo = (uint64_t)f_##name(ra, rb, op->aux);                       \
        op->d->tag = (uint8_t)t;                                               \
        XLAT_NEXT(c, op);                                                      \
    }

DEF_FCMPB(fcmpsb, 32, cmp_s(k, f32_of(ra->lo), f32_of(rb->lo)))
DEF_FCMPB(fcmpdb, 64, cmp_d(k, f64_of(ra->lo), f64_of(rb->lo)))
DEF_FCMPB(fxcmpsb, 64, cmp_x(k, x80_of(ra), (long double)f32_of(rb->lo)))
DEF_FCMPB(fxcmpdb, 64, cmp_x(k, x80_of(ra), (long double)f64_of(rb->lo)))
DEF_FCMPB(fxcmpxb, 64, cmp_x(k, x80_of(ra), x80_of(rb)))

/* Compares to a mask (fcmp<k>s/d, ALOPF11; k = ALES.opce & 7). */
DEF_FS(fcmps, f32_of(cmp_s(op->aux, a, b) ? ~0u : 0))
DEF_FD(fcmpd, f64_of(cmp_d(op->aux, a, b) ? ~0ull : 0))

/* fcmpod/fcmpud with a flags result (qemu: 0x45 unordered, 0x40 equal,
 * 0x01 less, 0 greater; od signals on QNaN, ud only on SNaN). */
static uint32_t cmpflags_s(float a, float b, int ordered)
{
    unsigned char zf, pf, cf;
    if (ordered)
        __asm__ volatile("comiss %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                         : "=qm"(zf), "=qm"(pf), "=qm"(cf) : "x"(b), "x"(a)
                         : "cc");
    else
        __asm__ volatile("ucomiss %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                         : "=qm"(zf), "=qm"(pf), "=qm"(cf) : "x"(b), "x"(a)
                         : "cc");
    return pf ? 0x45 : zf ? 0x40 : cf ? 0x01 : 0;
}

static uint32_t cmpflags_d(double a, double b, int ordered)
{
    unsigned char zf, pf, cf;
    if (ordered)
        __asm__ volatile("comisd %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                         : "=qm"(zf), "=qm"(pf), "=qm"(cf) : "x"(b), "x"(a)
                         : "cc");
    else
        __asm__ volatile("ucomisd %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                         : "=qm"(zf), "=qm"(pf), "=qm"(cf) : "x"(b), "x"(a)
                         : "cc");
    return pf ? 0x45 : zf ? 0x40 : cf ? 0x01 : 0;
}

DEF_FS(fcmpodsf, f32_of(cmpflags_s(a, b, 1)))
DEF_FS(fcmpudsf, f32_of(cmpflags_s(a, b, 0)))
static const struct xlat_op *cmpflags_dd(struct cpu_state *c,
                                         const struct xlat_op *op, int ord)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    uint8_t t = (uint8_t)(T64(ra) | T64(rb));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = 1;
    }
    xlat_wr(op->d, op->wmode,
            cmpflags_d(f64_of(ra->lo), f64_of(rb->lo), ord), t);
    XLAT_NEXT(c, op);
}
static const struct xlat_op *h_fcmpoddf(struct cpu_state *c,
                                        const struct xlat_op *op)
{
    return cmpflags_dd(c, op, 1);
}
static const struct xlat_op *h_fcmpuddf(struct cpu_state *c,
                                        const struct xlat_op *op)
{
    return cmpflags_dd(c, op, 0);
}

/* ---- conversions (ALOPF2: the operand is src2) ------------------------------- */

static inline int32_t cvt_s2i(float v)   /* cvtss2si: MXCSR rounding */
{
    int32_t r;
    __asm__ volatile("cvtss2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int32_t cvtt_s2i(float v)
{
    int32_t r;
    __asm__ volatile("cvttss2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int64_t cvt_s2l(float v)
{
    int64_t r;
    __asm__ volatile("cvtss2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int64_t cvtt_s2l(float v)
{
    int64_t r;
    __asm__ volatile("cvttss2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int32_t cvt_d2i(double v)
{
    int32_t r;
    __asm__ volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int32_t cvtt_d2i(double v)
{
    int32_t r;
    __asm__ volatile("cvttsd2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int64_t cvt_d2l(double v)
{
    int64_t r;
    __asm__ volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline int64_t cvtt_d2l(double v)
{
    int64_t r;
    __asm__ volatile("cvttsd2si %1, %0" : "=r"(r) : "x"(v));
    return r;
}
static inline float cvt_i2s(int32_t v)
{
    float r;
    __asm__ volatile("cvtsi2ssl %1, %0" : "=x"(r) : "rm"(v));
    return r;
}
static inline float cvt_l2s(int64_t v)
{
    float r;
    __asm__ volatile("cvtsi2ssq %1, %0" : "=x"(r) : "rm"(v));
    return r;
}
static inline double cvt_i2d(int32_t v)
{
    double r;
    __asm__ volatile("cvtsi2sdl %1, %0" : "=x"(r) : "rm"(v));
    return r;
}
static inline double cvt_l2d(int64_t v)
{
    double r;
    __asm__ volatile("cvtsi2sdq %1, %0" : "=x"(r) : "rm"(v));
    return r;
}
static inline double cvt_s2d(float v)
{
    double r;
    __asm__ volatile("cvtss2sd %1, %0" : "=x"(r) : "x"(v));
    return r;
}
static inline float cvt_d2s(double v)
{
    float r;
    __asm__ volatile("cvtsd2ss %1, %0" : "=x"(r) : "x"(v));
    return r;
}
/* x87: fistp rounds with the x87 RC, fisttp truncates; both give the
 * integer indefinite on invalid (x86 rules). */
static inline int32_t x_to_i(long double v)
{
    int32_t r;
    __asm__ volatile("fistpl %0" : "=m"(r) : "t"(v) : "st");
    return r;
}
static inline int32_t x_to_i_tr(long double v)
{
    int32_t r;
    __asm__ volatile("fisttpl %0" : "=m"(r) : "t"(v) : "st");
    return r;
}
static inline int64_t x_to_l(long double v)
{
    int64_t r;
    __asm__ volatile("fistpll %0" : "=m"(r) : "t"(v) : "st");
    return r;
}
static inline int64_t x_to_l_tr(long double v)
{
    int64_t r;
    __asm__ volatile("fisttpll %0" : "=m"(r) : "t"(v) : "st");
    return r;
}

/* Source width s/d, result kind: 's' 32-bit, 'd' 64-bit, 'x' x80. */
#define DEF_CVT(name, SW, RK, expr)                                            \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *rb = op->s2;                                     \
        uint8_t t = (uint8_t)(SW == 32 ? T32(rb) : T64(rb));                   \
        if (XLAT_UNLIKELY(t)) {                                                \
            if (!op->sm)                                                       \
                return xlat_tag_fault(c, op);                                  \
            t = RK == 's' ? 1 : CPU_TAG_DIAG64;                                \
        }                                                                      \
        uint64_t b = rb->lo;                                                   \
        (void)b;                                                               \
        if (RK == 'x') {                                                       \
            x80_put(op->d, (long double)(expr), t);                            \
        } else {                                                               \
            xlat_wr(op->d, RK == 's' ? op->wmode : XW_64,                      \
                    (uint64_t)(expr), t);                                      \
        }                                                                      \
        XLAT_NEXT(c, op);                                                      \
    }

DEF_CVT(fstois, 32, 's', (uint32_t)cvt_s2i(f32_of(b)))
DEF_CVT(fstoistr, 32, 's', (uint32_t)cvtt_s2i(f32_of(b)))
DEF_CVT(istofs, 32, 's', bits_f32(cvt_i2s((int32_t)b)))
DEF_CVT(fstoid, 32, 'd', (uint64_t)cvt_s2l(f32_of(b)))
DEF_CVT(fstoidtr, 32, 'd', (uint64_t)cvtt_s2l(f32_of(b)))
DEF_CVT(istofd, 32, 'd', bits_f64(cvt_i2d((int32_t)b)))
DEF_CVT(fstofd, 32, 'd', bits_f64(cvt_s2d(f32_of(b))))
DEF_CVT(fdtoid, 64, 'd', (uint64_t)cvt_d2l(f64_of(b)))
DEF_CVT(fdtoidtr, 64, 'd', (uint64_t)cvtt_d2l(f64_of(b)))
DEF_CVT(idtofd, 64, 'd', bits_f64(cvt_l2d((int64_t)b)))
DEF_CVT(fdtois, 64, 's', (uint32_t)cvt_d2i(f64_of(b)))
DEF_CVT(fdtoistr, 64, 's', (uint32_t)cvtt_d2i(f64_of(b)))
DEF_CVT(idtofs, 64, 's', bits_f32(cvt_l2s((int64_t)b)))
DEF_CVT(fdtofs, 64, 's', bits_f32(cvt_d2s(f64_of(b))))
/* to x80: exact conversions (fld / fild) */
DEF_CVT(fstofx, 32, 'x', (long double)f32_of(b))
DEF_CVT(fdtofx, 64, 'x', (long double)f64_of(b))
DEF_CVT(istofx, 32, 'x', (long double)(int32_t)b)
DEF_CVT(idtofx, 64, 'x', (long double)(int64_t)b)
/* from x80 (rb is read as x80) */
DEF_CVT(fxtofs, 64, 's', bits_f32((float)x80_of(rb)))
DEF_CVT(fxtofd, 64, 'd', bits_f64((double)x80_of(rb)))
DEF_CVT(fxtois, 64, 's', (uint32_t)x_to_i(x80_of(rb)))
DEF_CVT(fxtoistr, 64, 's', (uint32_t)x_to_i_tr(x80_of(rb)))
DEF_CVT(fxtoid, 64, 'd', (uint64_t)x_to_l(x80_of(rb)))
DEF_CVT(fxtoidtr, 64, 'd', (uint64_t)x_to_l_tr(x80_of(rb)))

/* ---- 80-bit arithmetic (fx<op><src2><result>, src1 is always x80) ----------
 * The operation is done in x87 precision (FPCR.pc) and then rounded to the
 * result format: double rounding exactly as x87 / qemu floatx80. */

static inline long double xsrc(const struct cpu_reg *r, char k)
{
    switch (k) {
    case 's': return (long double)f32_of(r->lo);
    case 'd': return (long double)f64_of(r->lo);
    default: return x80_of(r);
    }
}

static inline uint8_t xtag(const struct cpu_reg *r, char k)
{
    return (uint8_t)(k == 's' ? T32(r) : T64(r));
}

static const struct xlat_op *fx_result(struct cpu_state *c,
                                       const struct xlat_op *op,
                                       long double r, char rk, uint8_t t)
{
    switch (rk) {
    case 's':
        xlat_wr(op->d, op->wmode, bits_f32((float)r), t ? 1 : 0);
        break;
    case 'd':
        xlat_wr(op->d, XW_64, bits_f64((double)r), t ? CPU_TAG_DIAG64 : 0);
        break;
    default:
        x80_put(op->d, r, t ? CPU_TAG_DIAG64 : 0);
        break;
    }
    XLAT_NEXT(c, op);
}

/* k1/k2: source kinds of src1/src2, rk: result; opk: + - * / r(sub) t(div
 * with src1 first in its own format) */
#define DEF_FX(name, k1, k2, rk, OPEXPR)                                       \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint8_t t = (uint8_t)(xtag(ra, k1) | xtag(rb, k2));                    \
        if (XLAT_UNLIKELY(t) && !op->sm)                                       \
            return xlat_tag_fault(c, op);                                      \
        long double a = xsrc(ra, k1), b = xsrc(rb, k2);                        \
        (void)b;                                                               \
        long double r = OPEXPR;                                                \
        return fx_result(c, op, r, rk, t);                                     \
    }

#define DEF_FX_MANY(op, E)                                                     \
    DEF_FX(fx##op##ss, 'x', 's', 's', E) DEF_FX(fx##op##dd, 'x', 'd', 'd', E) \
    DEF_FX(fx##op##sx, 'x', 's', 'x', E) DEF_FX(fx##op##dx, 'x', 'd', 'x', E) \
    DEF_FX(fx##op##xx, 'x', 'x', 'x', E) DEF_FX(fx##op##xd, 'x', 'x', 'd', E) \
    DEF_FX(fx##op##xs, 'x', 'x', 's', E)

DEF_FX_MANY(add, a + b)
DEF_FX_MANY(sub, a - b)
DEF_FX_MANY(mul, a * b)
DEF_FX_MANY(div, a / b)
DEF_FX(fxrsubss, 'x', 's', 's', b - a)
DEF_FX(fxrsubdd, 'x', 'd', 'd', b - a)
DEF_FX(fxrsubsx, 'x', 's', 'x', b - a)
DEF_FX(fxrsubdx, 'x', 'd', 'x', b - a)
/* fxdivt*: src1 in its own format divided by the x80 src2 (qemu) */
DEF_FX(fxdivtss, 's', 'x', 's', a / b)
DEF_FX(fxdivtdd, 'd', 'x', 'd', a / b)
DEF_FX(fxdivtsx, 's', 'x', 'x', a / b)
DEF_FX(fxdivtdx, 'd', 'x', 'x', a / b)

static inline long double sqrtx(long double v)
{
    __asm__ volatile("fsqrt" : "+t"(v));
    return v;
}

/* fxsqrtt*: qemu computes sqrt(src1) (the final step of the iterative
 * sequence); UNSURE. */
DEF_FX(fxsqrttsx, 's', 'x', 'x', sqrtx(a))
DEF_FX(fxsqrttdx, 'd', 'x', 'x', sqrtx(a))
DEF_FX(fxsqrttxx, 'x', 'x', 'x', sqrtx(a))

/* fxscalesx: src1 * 2^src2 with 2^src2 built as an x80 (qemu). */
static long double scale_x(int32_t p)
{
    union x80 u;
    memset(&u, 0, sizeof u);
    const int32_t bias = 0x3fff;
    if (p <= -bias) {
        u.p.se = 0;
        p += bias + 62;
        u.p.m = (p >= 0 && p < 63) ? 1ull << p : (uint64_t)(p == -1);
    } else if (p > bias) {
        u.p.m = 1ull << 63;
        u.p.se = 0x7fff;
    } else {
        u.p.m = 1ull << 63;
        u.p.se = (uint16_t)(bias + p);
    }
    return u.v;
}

DEF_FX(fxscalesx, 'x', 's', 'x', a * scale_x((int32_t)(uint32_t)rb->lo))

/* ---- binding --------------------------------------------------------------------- */

#define FP(n, f) {#n, SEM_ALU, f, h_##n, h_##n, h_##n, 0},
#define FPH(n, h, f) {#n, SEM_ALU, f, h, h, h, 0},
#define FCB(n, h) {#n, SEM_CMP, 0, h, NULL, h##_b, 0},

const struct sem_entry sem_fp_table[] = {
#include "emu/sem_fp.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};
