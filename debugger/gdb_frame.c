/*
 * gdb_frame.c — the trap-frame view of a stopped thread (gdb_frame.h):
 * reported descriptor values, and guest memory as gdb should see it
 * (synthetic window spill, synthetic chain frame, pre-v5 word order in the
 * procedure stack). Facts: e2k-gdb-remote.md §4.1-§4.3, e2k-isa.md §4.9,
 * emu/cpu_proc.c (our spill format).
 */
#include "debugger/gdb_frame.h"

#include <string.h>

#include "emu/cpu.h"

#define DESC_BASE(lo) ((lo) & 0xffffffffffffull)
#define DESC_IND(hi) ((hi) & 0xffffffffull)
#define FRAME_BYTES 32u

static uint64_t with_ind(uint64_t hi, uint64_t ind)
{
    return (hi & ~0xffffffffull) | (ind & 0xffffffffull);
}

/* Window registers in the view: the current window, rounded up to pairs. */
static unsigned window_regs(const struct cpu_state *c)
{
    unsigned s = c->wd_size;
    if (s > CPU_NR_REGS)
        s = CPU_NR_REGS;
    return (s + 1) & ~1u;
}

void gdb_frame_trap(const struct cpu_state *c, struct gdb_trap *t)
{
    unsigned s = window_regs(c);
    unsigned wbs = s / 2;
    uint64_t usd_size = c->usd_hi >> 32;
    memset(t, 0, sizeof *t);
    /* §4.1: a `call` with wbs = the whole window, as cpu_proc_call
     * builds CR0/CR1 (e2k-isa.md §4.9 frame layout). cur_ic (bit 56) = 0. */
    t->cr0_lo = c->pf;
    t->cr0_hi = c->ip & 0xfffffffffff8ull;
    t->cr1_lo = (uint64_t)(wbs & 0x7f) << 33 |
                (uint64_t)((c->wd_psize / 2) & 0x7f) << 26 |
                (uint64_t)(c->wd_fx & 1) << 25 |
                (uint64_t)(c->cuir & 0xffff) << 40 |
                (uint64_t)(c->psr & 0x7f) << 57;
    t->cr1_hi = (cpu_br_get(c) & 0xfffffff) | (uint64_t)(c->wd_dbl & 1) << 35 |
                (usd_size >> 4) << 36;
    t->spill_addr = DESC_BASE(c->psp_lo) + DESC_IND(c->psp_hi);
    t->spill_bytes = 16ull * s;
    t->psp_lo = c->psp_lo;
    t->psp_hi = with_ind(c->psp_hi, DESC_IND(c->psp_hi) + t->spill_bytes);
    t->frame_addr = DESC_BASE(c->pcsp_lo) + DESC_IND(c->pcsp_hi) + FRAME_BYTES;
    t->pcsp_lo = c->pcsp_lo;
    t->pcsp_hi = with_ind(c->pcsp_hi, DESC_IND(c->pcsp_hi) + FRAME_BYTES);
    t->wd = 1ull << 48; /* fx = 1, the rest 0 (§4.1, as QEMU) */
}

/* --- where a view byte comes from --- */

enum src_kind { SRC_MEM, SRC_WINDOW, SRC_FRAME };

struct view {
    const struct cpu_state *c;
    struct gdb_trap t;
    int desc_v5;      /* layout gdb expects */
    int swap;         /* real layout differs: swap words 1 and 2 */
    uint64_t ps_base; /* procedure stack base */
    uint64_t ps_ind;  /* real index (end of the spilled frames) */
};

static void view_init(struct view *v, const struct cpu_state *c, int desc_v5)
{
    v->c = c;
    gdb_frame_trap(c, &v->t);
    v->desc_v5 = desc_v5;
    v->swap = (c->isa >= 5) != (desc_v5 != 0);
    v->ps_base = DESC_BASE(c->psp_lo);
    v->ps_ind = DESC_IND(c->psp_hi);
}

/* Which register slot word w (0..3) of a 32-byte pair holds in a layout:
 * *reg = 0/1 (first/second register of the pair), *hi = upper half. */
static void pair_word(int v5, unsigned w, unsigned *reg, int *hi)
{
    if (v5) { /* lo(2k), hi(2k), lo(2k+1), hi(2k+1) */
        *reg = w / 2;
        *hi = w & 1;
    } else {  /* lo(2k), lo(2k+1), ext(2k), ext(2k+1) */
        *reg = w & 1;
        *hi = w / 2;
    }
}

/* Classify addr: returns the source and, via *seg, how many bytes from
 * addr on share it (at least 1); *real = the memory address to use for
 * SRC_MEM (differs from addr inside the permuted procedure stack). */
static int classify(const struct view *v, uint64_t addr, uint64_t *seg,
                    uint64_t *real)
{
    const struct gdb_trap *t = &v->t;
    *real = addr;
    if (addr - t->spill_addr < t->spill_bytes) {
        *seg = t->spill_bytes - (addr - t->spill_addr);
        return SRC_WINDOW;
    }
    if (addr - t->frame_addr < FRAME_BYTES) {
        *seg = FRAME_BYTES - (addr - t->frame_addr);
        return SRC_FRAME;
    }
    uint64_t next = UINT64_MAX; /* next region start above addr */
    if (t->spill_addr > addr)
        next = t->spill_addr;
    if (t->frame_addr > addr && t->frame_addr < next)
        next = t->frame_addr;
    if (v->swap && addr - v->ps_base < v->ps_ind) {
        uint64_t off = addr - v->ps_base;
        unsigned w = (unsigned)(off % 32) / 8;
        static const unsigned k_perm[4] = {0, 2, 1, 3};
        *real = v->ps_base + (off - off % 32) + k_perm[w] * 8 + off % 8;
        *seg = 8 - off % 8;
        return SRC_MEM;
    }
    if (v->swap && v->ps_base > addr && v->ps_base < next)
        next = v->ps_base;
    *seg = next - addr;
    return SRC_MEM;
}

static uint64_t window_word(const struct view *v, uint64_t off, int *tag)
{
    unsigned pair = (unsigned)(off / 32), reg;
    int hi;
    pair_word(v->desc_v5, (unsigned)(off % 32) / 8, &reg, &hi);
    const struct cpu_reg *r = &v->c->rf[2 * pair + reg];
    if (tag)
        *tag = hi ? (r->tag >> 4) & 0xf : r->tag & 0xf;
    return hi ? r->hi : r->lo;
}

static uint8_t frame_byte(const struct view *v, uint64_t off)
{
    const uint64_t w[4] = {v->t.cr0_lo, v->t.cr0_hi, v->t.cr1_lo, v->t.cr1_hi};
    return (uint8_t)(w[off / 8] >> (8 * (off % 8)));
}

/* Read [addr, addr+n) of plain memory; returns readable prefix length. */
static size_t mem_prefix(const struct gdb_mem_io *io, uint64_t addr,
                         uint8_t *buf, size_t n)
{
    if (io->read(io->ctx, addr, buf, n) == 0)
        return n;
    size_t got = 0;
    while (got < n && io->read(io->ctx, addr + got, buf + got, 1) == 0)
        got++;
    return got;
}

size_t gdb_frame_read_mem(const struct cpu_state *c, int desc_v5,
                          const struct gdb_mem_io *io, uint64_t addr,
                          uint8_t *buf, size_t len)
{
    struct view v;
    view_init(&v, c, desc_v5);
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done, seg, real;
        if (a < addr) /* wrapped past 2^64 */
            break;
        int src = classify(&v, a, &seg, &real);
        size_t n = len - done;
        if (seg < n)
            n = (size_t)seg;
        if (src == SRC_WINDOW) {
            for (size_t i = 0; i < n; i++) {
                uint64_t off = a + i - v.t.spill_addr;
                buf[done + i] = (uint8_t)(window_word(&v, off, NULL) >> (8 * (off % 8)));
            }
        } else if (src == SRC_FRAME) {
            for (size_t i = 0; i < n; i++)
                buf[done + i] = frame_byte(&v, a + i - v.t.frame_addr);
        } else {
            size_t got = mem_prefix(io, real, buf + done, n);
            if (got < n)
                return done + got;
        }
        done += n;
    }
    return done;
}

int gdb_frame_write_mem(struct cpu_state *c, int desc_v5,
                        const struct gdb_mem_io *io, uint64_t addr,
                        const uint8_t *buf, size_t len)
{
    struct view v;
    view_init(&v, c, desc_v5);
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done, seg, real;
        if (a < addr)
            return -1;
        int src = classify(&v, a, &seg, &real);
        size_t n = len - done;
        if (seg < n)
            n = (size_t)seg;
        if (src == SRC_WINDOW) {
            for (size_t i = 0; i < n; i++) {
                uint64_t off = a + i - v.t.spill_addr;
                unsigned pair = (unsigned)(off / 32), reg;
                int hi;
                pair_word(desc_v5, (unsigned)(off % 32) / 8, &reg, &hi);
                struct cpu_reg *r = &c->rf[2 * pair + reg];
                uint64_t *w = hi ? &r->hi : &r->lo;
                unsigned sh = 8 * (unsigned)(off % 8);
                *w = (*w & ~(0xffull << sh)) | (uint64_t)buf[done + i] << sh;
            }
        } else if (src == SRC_FRAME) {
            for (size_t i = 0; i < n; i++)
                if (frame_byte(&v, a + i - v.t.frame_addr) != buf[done + i])
                    return -1;
        } else if (io->write(io->ctx, real, buf + done, n)) {
            return -1;
        }
        done += n;
    }
    return 0;
}

void gdb_frame_read_tags(const struct cpu_state *c, int desc_v5,
                         const struct gdb_mem_io *io, uint64_t addr,
                         size_t nwords, uint8_t *out)
{
    struct view v;
    view_init(&v, c, desc_v5);
    for (size_t i = 0; i < nwords; i++) {
        uint64_t a = addr + 4 * i, seg, real;
        unsigned half = (unsigned)((a / 4) & 1); /* which 32-bit half */
        int src = classify(&v, a, &seg, &real);
        int tag = 0;
        if (src == SRC_WINDOW) {
            window_word(&v, a - v.t.spill_addr, &tag);
        } else if (src == SRC_MEM && c->ps_tag_base &&
                   real - v.ps_base < v.ps_ind) {
            /* one tag byte per 8 bytes of PS (emu/cpu_proc.c) */
            uint8_t tb = 0;
            if (io->read(io->ctx, c->ps_tag_base + (real - v.ps_base) / 8, &tb, 1) == 0)
                tag = tb;
        }
        out[i] = (uint8_t)((tag >> (2 * half)) & 3);
    }
}
