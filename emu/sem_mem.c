/*
 * sem_mem.c — loads and stores (e2k-isa.md §5.5).
 *
 * Address = src1 + src2 (64-bit wrap-around), except stmqp (src1 only, src2
 * is the byte-enable mask). Loads zero-extend into a 64-bit destination; the
 * result is diagnostic if the address was. Rules:
 *   - a non-speculative access to an unmapped/forbidden page is
 *     exc_data_page (stop.addr = the address); with ALS.sm a load returns
 *     0x4afafafa4afafafa tagged and a store is dropped [Q, T];
 *   - alignment: 1..8-byte accesses may be misaligned when
 *     cpu_state.misalign_ok (default; UNSURE, hardware UPSR.ac), otherwise
 *     exc_addr_not_aligned; 16-byte qp accesses must be 16-byte aligned
 *     before v7 [T qp/stmqp-unaligned-*];
 *   - stores never write tags to memory [T sm/std-1]; a diagnostic value
 *     or address in a non-speculative store is exc_illegal_operand;
 *   - loop mode (HS.lm, XF_LM): stores are suppressed while LSR.pcnt != 0
 *     and at loop end with strmd == 0; an executed store at loop end
 *     decrements strmd [Q gen_st_lm_cond_i32, T lsr/strmd-1];
 *   - MAS (op->aux): 0 = plain little-endian. For mod != 7 bit 3 selects
 *     big-endian; semi-lock loads (mod 4) and check loads (mod 3) also
 *     drive the DAM model below (%MLOCK); conditional stores are executed
 *     as plain accesses (single CPU, in order). mod 7 (cache/MMU
 *     operations) is executed as a plain access too. UNSURE: full MAS
 *     semantics.
 *     Plain loads/stores get specialised handlers; any MAS takes the
 *     generic one.
 */
#include "emu/sem.h"

#include <string.h>

#include "emu/cpu_sys.h"
#include "emu/mem.h"

#define T64(r) ((r)->tag & 0xfu)

/* A failed data access of a memory op: misaligned or page fault
 * (e2k-isa.md §10); shared with the AAU accesses (sem_aau.c). */
const struct xlat_op *sem_mem_fault(struct cpu_state *c, const struct xlat_op *op,
                                    int err, uint64_t addr)
{
    c->stop.mem_err = err;
    return xlat_raise(c, op, err == MEM_E_ALIGN ? EXC_ADDR_NOT_ALIGNED
                                                : EXC_DATA_PAGE,
                      addr, err == MEM_E_ALIGN ? "misaligned data access"
                                               : "data page fault");
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
    return mas && (mas & 7) != 7 && (mas & 8);
}

/* System mode, MAS 0x47: an MMU register (emu/cpu_sys.h). v[0] is the
 * value to store or receives the loaded one. */
static const struct xlat_op *mmu_access(struct cpu_state *c,
                                        const struct xlat_op *op,
                                        uint64_t addr, int is_write,
                                        uint64_t *v)
{
    int exc = cpu_sys_mmu(c, addr, is_write, v);
    if (exc)
        return xlat_raise(c, op, CPU_SYS_EXC_NUM(exc), addr,
                          CPU_SYS_EXC_NUM(exc) == EXC_PRIV_ACTION
                              ? "MMU register access without PSR.pm"
                              : "MMU address translation is not supported");
    if (!is_write) {
        op->d->lo = v[0];
        op->d->tag = 0;
    }
    XLAT_NEXT(c, op);
}

/* ---- DAM: lock and check loads ------------------------------------------------
 * A speculative load with MAS mod 4 on channel 0/3 ("semi-lock") and a
 * load with MAS mod 3 on channel 2/5 ("check") pair up through their
 * destination register; %MLOCK (SS.ctcond type 8) of the check load's
 * bundle is true if the checked value may be stale [T dam/dam-2]. qemu
 * ignores the lock load and always reports a conflict. We keep a small
 * table (cpu_state.dam): the lock load records its destination operand
 * byte, address, size and the value it read; the check load reports a
 * conflict unless it finds that entry with the same address and size and
 * memory still holds the same value. Deviation from a hardware DAM (which
 * compares addresses): a store of the very value already there is not a
 * conflict; what matters to the program (the speculative value is still
 * right) is the same. Writes by the kernel or another agent are covered
 * too. */

static void dam_lock(struct cpu_state *c, const struct xlat_op *op,
                     uint64_t addr, unsigned size, uint64_t v)
{
    struct cpu_dam *e = NULL;
    for (unsigned i = 0; i < CPU_DAM_N; i++)
        if (c->dam[i].valid && c->dam[i].key == op->pred)
            e = &c->dam[i];
    if (!e) {
        e = &c->dam[c->dam_next];
        c->dam_next = (uint8_t)((c->dam_next + 1) % CPU_DAM_N);
    }
    e->addr = addr;
    e->val = v;
    e->key = op->pred;
    e->size = (uint8_t)size;
    e->valid = 1;
}

static void dam_check(struct cpu_state *c, const struct xlat_op *op,
                      uint64_t addr, unsigned size, uint64_t v, int ok)
{
    int conflict = 1;
    for (unsigned i = 0; i < CPU_DAM_N; i++) {
        struct cpu_dam *e = &c->dam[i];
        if (!e->valid || e->key != op->pred)
            continue;
        conflict = !ok || e->addr != addr || e->size != size || e->val != v;
        e->valid = 0;
    }
    c->mlock |= (uint8_t)conflict;
}

const struct xlat_op *xlat_h_mlock_clr(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    c->mlock = 0;
    XLAT_NEXT(c, op);
}

/* ---- loads ------------------------------------------------------------------ */

static const struct xlat_op *load_common(struct cpu_state *c,
                                         const struct xlat_op *op,
                                         unsigned size)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    uint8_t t = (uint8_t)(T64(ra) | T64(rb));
    if (XLAT_UNLIKELY(t)) {
        if (!op->sm)
            return xlat_tag_fault(c, op);
        t = size == 16 ? 0x55 : CPU_TAG_DIAG64;
    }
    uint64_t addr = ra->lo + rb->lo;
    uint64_t v[2] = {0, 0};
    if (XLAT_UNLIKELY(op->aux == CPU_MAS_MMU_REG) && !c->user_mode)
        return mmu_access(c, op, addr, 0, v);
    int err = sem_misaligned(c, addr, size) ? MEM_E_ALIGN
                                        : mem_load(c->mem, addr, size, v);
    if (XLAT_UNLIKELY(err) && err != MEM_E_ALIGN && !op->sm && size <= 8)
        err = cpu_sys_io(c, op, addr, size, 0, v, err); /* MMIO */
    unsigned mod = op->aux & 7u;
    if (XLAT_UNLIKELY(op->aux && size <= 8)) {
        if (mod == 3 && (op->ch == 2 || op->ch == 5))
            dam_check(c, op, addr, size, v[0], !err && !t);
        else if (mod == 4 && op->sm && (op->ch == 0 || op->ch == 3) &&
                 !err && !t)
            dam_lock(c, op, addr, size, v[0]);
    }
    if (XLAT_UNLIKELY(err)) {
        if (!op->sm)
            return sem_mem_fault(c, op, err, addr);
        v[0] = v[1] = CPU_DIAG_VALUE;
        t = size == 16 ? 0x55 : CPU_TAG_DIAG64;
    } else if (mas_be(op->aux)) {
        if (size == 16) {
            uint64_t lo = __builtin_bswap64(v[1]);
            v[1] = __builtin_bswap64(v[0]);
            v[0] = lo;
        } else {
            v[0] = bswap_n(v[0], size);
        }
    }
    struct cpu_reg *d = op->d;
    d->lo = v[0];
    if (size == 16)
        d->hi = v[1];
    d->tag = t;
    XLAT_NEXT(c, op);
}

/* Plain (MAS 0) loads: the common case, one handler per size. */
#define DEF_LD(name, size)                                                     \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2;                       \
        uint64_t addr = ra->lo + rb->lo, v = 0;                                \
        if (XLAT_LIKELY(!((ra->tag | rb->tag) & 0xf) &&                        \
                        (!(addr & (size - 1)) || c->misalign_ok) &&            \
                        !mem_load(c->mem, addr, size, &v))) {                  \
            struct cpu_reg *d = op->d;                                         \
            d->lo = v;                                                         \
            d->tag = 0;                                                        \
            XLAT_NEXT(c, op);                                                     \
        }                                                                      \
        return load_common(c, op, size);                                       \
    }                                                                          \
    static const struct xlat_op *h_##name##_mas(struct cpu_state *c,          \
                                                const struct xlat_op *op)     \
    {                                                                          \
        return load_common(c, op, size);                                       \
    }

DEF_LD(ldb, 1)
DEF_LD(ldh, 2)
DEF_LD(ldw, 4)
DEF_LD(ldd, 8)

static const struct xlat_op *h_ldqp(struct cpu_state *c,
                                    const struct xlat_op *op)
{
    return load_common(c, op, 16);
}

/* ---- stores ----------------------------------------------------------------- */

static const struct xlat_op *store_common(struct cpu_state *c,
                                          const struct xlat_op *op,
                                          unsigned size, uint64_t addr,
                                          unsigned taddr, const uint8_t *mask)
{
    const struct cpu_reg *rv = op->s3;
    unsigned tv = size <= 4 ? (rv->tag & 3u) : size == 8 ? T64(rv) : rv->tag;
    /* A store suppressed by loop mode checks nothing [T loop/loop-1]. */
    if ((op->flags & XF_LM) && xlat_lm_store_off(&c->lsr))
        XLAT_NEXT(c, op);
    if (XLAT_UNLIKELY(taddr | tv) && !op->sm)
        return xlat_tag_fault(c, op);
    if (op->flags & XF_LM)
        xlat_lm_store_done(&c->lsr);
    if (XLAT_UNLIKELY(taddr)) /* speculative store to a diagnostic address */
        XLAT_NEXT(c, op);
    uint64_t v[2] = {rv->lo, rv->hi};
    if (XLAT_UNLIKELY(op->aux == CPU_MAS_MMU_REG) && !c->user_mode && !mask)
        return mmu_access(c, op, addr, 1, v);
    if (mas_be(op->aux)) {
        if (size == 16) {
            uint64_t lo = __builtin_bswap64(v[1]);
            v[1] = __builtin_bswap64(v[0]);
            v[0] = lo;
        } else {
            v[0] = bswap_n(v[0], size);
        }
    }
    int err;
    if (sem_misaligned(c, addr, size)) {
        err = MEM_E_ALIGN;
    } else if (mask) {
        /* stmqp: read-modify-write of the enabled bytes; mask 0 stores
         * nothing [T qp/stmqp-1]. Check writability first. */
        uint8_t old[16], nw[16];
        memcpy(nw, v, 16);
        err = mem_load(c->mem, addr, 16, old);
        if (!err && (mask[0] | mask[1])) {
            for (unsigned i = 0; i < 16; i++)
                if ((mask[i / 8] >> (i % 8)) & 1)
                    old[i] = nw[i];
            err = mem_store(c->mem, addr, 16, old);
        }
    } else {
        err = mem_store(c->mem, addr, size, v);
    }
    if (XLAT_UNLIKELY(err)) {
        if (op->sm)
            XLAT_NEXT(c, op); /* dropped */
        if (err != MEM_E_ALIGN && !mask && size <= 8)
            err = cpu_sys_io(c, op, addr, size, 1, v, err); /* MMIO */
        if (err)
            return sem_mem_fault(c, op, err, addr);
    }
    XLAT_NEXT(c, op);
}

static const struct xlat_op *store_gen(struct cpu_state *c,
                                       const struct xlat_op *op,
                                       unsigned size)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    return store_common(c, op, size, ra->lo + rb->lo,
                        (unsigned)(T64(ra) | T64(rb)), NULL);
}

#define DEF_ST(name, size)                                                     \
    static const struct xlat_op *h_##name(struct cpu_state *c,                \
                                          const struct xlat_op *op)           \
    {                                                                          \
        const struct cpu_reg *ra = op->s1, *rb = op->s2, *rv = op->s3;         \
        uint64_t addr = ra->lo + rb->lo;                                       \
        if (XLAT_LIKELY(!((ra->tag | rb->tag | rv->tag) & 0xf) &&              \
                        (!(addr & (size - 1)) || c->misalign_ok) &&            \
                        !mem_store(c->mem, addr, size, &rv->lo)))              \
            XLAT_NEXT(c, op);                                                     \
        return store_gen(c, op, size);                                         \
    }                                                                          \
    static const struct xlat_op *h_##name##_mas(struct cpu_state *c,          \
                                                const struct xlat_op *op)     \
    {                                                                          \
        return store_gen(c, op, size);                                         \
    }

DEF_ST(stb, 1)
DEF_ST(sth, 2)
DEF_ST(stw, 4)
DEF_ST(std, 8)

static const struct xlat_op *h_stqp(struct cpu_state *c,
                                    const struct xlat_op *op)
{
    return store_gen(c, op, 16);
}

static const struct xlat_op *h_stmqp(struct cpu_state *c,
                                     const struct xlat_op *op)
{
    const struct cpu_reg *ra = op->s1, *rb = op->s2;
    uint8_t mask[2] = {(uint8_t)rb->lo, (uint8_t)(rb->lo >> 8)};
    unsigned t = T64(ra) | (rb->tag & 3u);
    return store_common(c, op, 16, ra->lo, t, mask);
}

/* Segment-relative loads/stores (ld{c,d,e,f,g,s}s*, st*s*): in 64-bit user
 * mode qemu raises exc_array_bounds (e2k-isa.md §5.5). */
static const struct xlat_op *h_segment(struct cpu_state *c,
                                       const struct xlat_op *op)
{
    return xlat_raise(c, op, EXC_ARRAY_BOUNDS, 0,
                      "segment-relative access in 64-bit mode");
}

/* Binding. LD/ST rows: h64 = plain handler, h32p = the MAS handler (the
 * emitter picks by MAS); size comes from the emitter's table. */
#define LD(n) {#n, SEM_LOAD, SEMF_FAULTS, h_##n, h_##n##_mas, NULL, 0},
#define ST(n) {#n, SEM_STORE, SEMF_FAULTS | SEMF_NOWIN, h_##n, h_##n##_mas, NULL, 0},
#define LDX(n) {#n, SEM_LOAD, SEMF_FAULTS | SEMF_DST2, h_##n, h_##n, NULL, 0},
#define STX(n) {#n, SEM_STORE, SEMF_FAULTS | SEMF_NOWIN, h_##n, h_##n, NULL, 0},
#define SEG(n) {#n, SEM_SPECIAL, SEMF_FAULTS | SEMF_NOWIN, h_segment, NULL, NULL, 0},

const struct sem_entry sem_mem_table[] = {
#include "emu/sem_mem.def"
    {NULL, 0, 0, NULL, NULL, NULL, 0}};
