/*
 * cpu_test_util.h — helpers for the CPU unit tests: a user-mode machine
 * with code, data and hardware stacks mapped, and tiny encoders to place
 * hand-built bundles (emu/pack.h) in guest memory. Encodings follow
 * e2k-isa.md §1-§8; each helper names the section it encodes.
 *
 * Header-only (static functions): each test is one executable.
 */
#ifndef E2K_TESTS_CPU_TEST_UTIL_H
#define E2K_TESTS_CPU_TEST_UTIL_H

#include <stdint.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "emu/pack.h"
#include "emu/xlat.h"

#define T_CODE 0x10000ull
#define T_CODE_SIZE 0x10000ull
#define T_DATA 0x100000ull
#define T_DATA_SIZE 0x10000ull
#define T_PS 0x200000ull
#define T_PS_SIZE 0x10000ull
#define T_PS_TAGS 0x220000ull
#define T_PCS 0x300000ull
#define T_PCS_SIZE 0x4000ull
#define T_STACK 0x400000ull
#define T_STACK_SIZE 0x10000ull

/* Operand bytes (§3.1). */
#define R(n) (0x80u | (n))
#define B(n) ((unsigned)(n))
#define G(n) (0xe0u | (n))
#define I(n) (0xc0u | (n))       /* imm4 (src2) / imm5 (src1) */
#define LIT32(i) (0xd8u + (i))   /* 32-bit literal LTSi */
#define LIT64(i) (0xdcu + (i))   /* 64-bit literal LTSi, LTSi+1 */
#define LIT16(i) (0xd0u + (i))   /* 16-bit literal LTSi low half */
#define EMPTY 0xdfu
#define CTPR_DST(n) (0xd0u + (n))

/* ALS (§2.1). */
#define ALS(opc, s1, s2, d) \
    ((uint32_t)(opc) << 24 | (uint32_t)(s1) << 16 | (uint32_t)(s2) << 8 | (uint32_t)(d))
#define SM 0x80000000u
/* compare dst: pred n, cmpopce k (§5.2) */
#define CMPDST(k, n) (((k) << 5) | (n))

/* SS (§7.3): ct %ctprN ? cond. */
#define SS_CT(ctpr, type, psrc) \
    (0xc0000000u | (uint32_t)(ctpr) << 10 | (uint32_t)(type) << 5 | (psrc))
/* CS0 (§7.2). */
#define CS0_DISP(ctpr, d8) (((uint32_t)(ctpr) << 30) | ((uint32_t)(d8) & 0x0fffffff))
#define CS0_SDISP(ctpr, e) (((uint32_t)(ctpr) << 30) | (2u << 28) | (e))
#define CS0_RETURN 0xf0000000u
/* CS1 (§7.6). */
#define CS1_CALLW(wbs) (0x50000000u | (wbs))
#define CS1_SETBN(rsz, rbs, rcur) \
    ((1u << 26) | (uint32_t)(rbs) | (uint32_t)(rsz) << 6 | (uint32_t)(rcur) << 12)
#define CS1_SETBP(psz) ((1u << 27) | (uint32_t)(psz) << 18)
#define SETWD_LTS(wsz, nfx, dbl) ((uint32_t)(wsz) << 5 | (nfx) << 4 | (dbl) << 3)
/* RLP half (§8.3): channel ch, pred n, negated? */
#define RLP(ch, n, neg) \
    ((uint16_t)((((ch) >= 3) << 14) | (1u << (10 + (ch) % 3)) | \
                ((neg) ? 1u << (7 + (ch) % 3) : 0) | 0x60 | (n)))
#define MRGC(ch, n, neg) \
    ((uint16_t)(((2 + ((ch) >= 3)) << 14) | (1u << (10 + (ch) % 3)) | \
                ((neg) ? 1u << (7 + (ch) % 3) : 0) | 0x60 | (n)))

struct tprog {
    struct machine *m;
    uint64_t pc; /* where the next bundle goes */
};

static inline struct machine *tm_new(unsigned isa)
{
    struct machine *m = mach_new(MACH_USER, isa, 0);
    if (!m)
        return NULL;
    struct cpu_state *c = &m->cpu;
    mem_map(m->mem, T_CODE, T_CODE_SIZE, MEM_PROT_R | MEM_PROT_X);
    mem_map(m->mem, T_DATA, T_DATA_SIZE, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, T_PS, T_PS_SIZE, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, T_PS_TAGS, T_PS_SIZE / 8, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, T_PCS, T_PCS_SIZE, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, T_STACK, T_STACK_SIZE, MEM_PROT_R | MEM_PROT_W);
    c->psp_lo = T_PS | (3ull << 59);
    c->psp_hi = T_PS_SIZE << 32;
    c->ps_tag_base = T_PS_TAGS;
    c->pcsp_lo = T_PCS | (3ull << 59);
    c->pcsp_hi = T_PCS_SIZE << 32;
    c->sbr = T_STACK + T_STACK_SIZE;
    c->usd_lo = (T_STACK + T_STACK_SIZE - 0x1000) | (3ull << 59);
    c->usd_hi = 0x1000ull << 32;
    c->ip = T_CODE;
    return m;
}

static inline uint64_t tp_emit(struct tprog *p, const struct pack_bundle *b)
{
    uint8_t buf[64];
    int n = pack_bundle(b, buf);
    uint64_t at = p->pc;
    if (n > 0) {
        mem_poke(p->m->mem, at, buf, (size_t)n);
        p->pc += (uint64_t)n;
    }
    return at;
}

#define EMIT(p, ...) tp_emit((p), &(struct pack_bundle){__VA_ARGS__})

/* One op on channel ch (short table), no literals. */
static inline uint64_t tp_op(struct tprog *p, unsigned ch, uint32_t als)
{
    struct pack_bundle b;
    memset(&b, 0, sizeof b);
    b.als_mask = (uint8_t)(1u << ch);
    b.als[ch] = als;
    return tp_emit(p, &b);
}

/* The legacy breakpoint bundle (§10): stops the run with
 * CPU_STOP_BREAKPOINT, stop.exc = 1. */
static inline uint64_t tp_halt(struct tprog *p)
{
    static const uint8_t bp[8] = {0x01, 0, 0, 0x04, 0x80, 0xc0, 0xc0, 0x0d};
    uint64_t at = p->pc;
    mem_poke(p->m->mem, at, bp, 8);
    p->pc += 8;
    return at;
}

/* Run to the halt bundle; returns the stop reason. */
static inline int tp_run(struct machine *m)
{
    return cpu_run(m, m->cpu.icount + 1000000);
}

static inline uint64_t rr(struct machine *m, unsigned n)
{
    return m->cpu.rf[n].lo;
}

static inline unsigned rtag(struct machine *m, unsigned n)
{
    return m->cpu.rf[n].tag;
}

static inline uint64_t peek64(struct machine *m, uint64_t a)
{
    uint64_t v = 0;
    mem_peek(m->mem, a, &v, 8);
    return v;
}

/*
 * The fixture most CPU tests share (define CPU_TEST_FIXTURE before including
 * this header): one machine `m` with the layout above and a program cursor
 * `p` at T_CODE, created for each test (setup: v5; setup_isa for others).
 * run_ok() ends the program with a halt, runs it and requires the halt to
 * be reached; set64() loads a 64-bit constant into %rN with a literal.
 */
#ifdef CPU_TEST_FIXTURE
static struct machine *m;
static struct tprog p;

static inline int setup_isa(unsigned isa)
{
    m = tm_new(isa);
    p.m = m;
    p.pc = T_CODE;
    return m ? 0 : -1;
}

static inline int setup(void **state)
{
    (void)state;
    return setup_isa(5);
}

static inline int teardown(void **state)
{
    (void)state;
    mach_free(m);
    return 0;
}

static inline void run_ok(void)
{
    tp_halt(&p);
    int r = tp_run(m);
    if (r != CPU_STOP_BREAKPOINT)
        print_message("stop %s: %s\n", cpu_stop_name((unsigned)r), m->cpu.stop.msg);
    assert_int_equal(r, CPU_STOP_BREAKPOINT);
}

static inline void set64(unsigned n, uint64_t v)
{
    EMIT(&p, .als_mask = 1, .als = {ALS(0x11, I(0), LIT64(0), R(n))},
         .n_lts = 2, .lts = {(uint32_t)v, (uint32_t)(v >> 32)});
}
#endif

#endif
