/*
 * state_hash.c — canonical serialization and digests of guest state.
 *
 * The serialization lists the architectural fields of struct cpu_state
 * (e2k-isa.md §4) one by one as little-endian words. It deliberately leaves
 * out what is not guest state: the run bookkeeping (stop details, block
 * pointers, exit requests), the per-bundle snapshots and scratch register
 * slots, and the machine configuration. A field added to cpu_state that the
 * guest can observe must be added here too, or divergences in it are only
 * seen once they reach memory or another register.
 */
#include "replay/state_hash.h"

#include <stdio.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/sha256.h"

/* The serialization is a flat array of 64-bit words (about 800): filled
 * once, then either fed to SHA-256 (little-endian bytes) or mixed into the
 * 64-bit check. */
#define SH_AAU_WORDS (2 * 32 + 16 + 8 + 2 + 2 * 2 * 32 + 3 * CPU_DAM_N + 1)
#define SH_MAX_WORDS (3 * (CPU_RF_G0 + 32) + 64 + SH_AAU_WORDS + SH_SYS_WORDS)
/* System mode (cpu_sys.h) adds these; user mode hashes as before. */
#define SH_SYS_WORDS (16 + 2 * 19)

struct words {
    uint64_t w[SH_MAX_WORDS];
    unsigned n;
};

static void put(struct words *s, uint64_t w)
{
    s->w[s->n++] = w;
}

static void put_lsr(struct words *s, const struct cpu_lsr *l)
{
    put(s, l->lcnt);
    put(s, (uint64_t)l->ecnt | (uint64_t)l->pcnt << 8 |
               (uint64_t)l->strmd << 16 | (uint64_t)l->vlc << 24 |
               (uint64_t)l->over << 32 | (uint64_t)l->ldmc << 40 |
               (uint64_t)l->semc << 48 | (uint64_t)l->ldovl << 56);
}

static void put_reg(struct words *s, const struct cpu_reg *r)
{
    put(s, r->lo);
    put(s, r->hi);
    put(s, r->tag);
}

/* window_only: just the current window's registers (and the globals), not
 * the rest of the register file; see sh_regs_check. */
static void serialize(struct words *s, const struct cpu_state *c, int window_only)
{
    s->n = 0;
    /* Windowed registers and globals (value, upper half, tags). */
    unsigned nr = window_only && c->wd_size <= CPU_NR_REGS ? c->wd_size : CPU_NR_REGS;
    for (unsigned i = 0; i < nr; i++)
        put_reg(s, &c->rf[i]);
    for (unsigned i = CPU_RF_G0; i < CPU_RF_G0 + 32; i++)
        put_reg(s, &c->rf[i]);
    put(s, c->pf);
    put(s, c->icount);
    put(s, c->ip);
    put(s, (uint64_t)c->wd_size | (uint64_t)c->wd_psize << 16 |
               (uint64_t)c->wd_fx << 32 | (uint64_t)c->wd_dbl << 40);
    put(s, (uint64_t)c->br_rbs | (uint64_t)c->br_rsz << 8 |
               (uint64_t)c->br_rcur << 16 | (uint64_t)c->br_psz << 24 |
               (uint64_t)c->br_pcur << 32 | (uint64_t)c->bgr_val << 40 |
               (uint64_t)c->bgr_cur << 48);
    for (int i = 1; i <= 3; i++)
        put(s, c->ctpr[i]);
    put_lsr(s, &c->lsr);
    put_lsr(s, &c->ilcr);
    const uint64_t words[] = {
        c->psr,    c->upsr,   c->cuir,   c->usd_lo, c->usd_hi, c->sbr,
        c->psp_lo, c->psp_hi, c->pcsp_lo, c->pcsp_hi, c->pshtp, c->pcshtp,
        c->fpcr,   c->fpsr,   c->pfpfr,  c->rpr_lo, c->rpr_hi, c->sbbp,
        c->upsrm};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        put(s, words[i]);
    /* Array access unit (e2k-isa.md §5.10) and the disambiguation table,
     * guest-visible through mova/ldaa/aaurr and %MLOCK. About 300 words
     * that few programs touch: the full digests cover them; the per-event
     * check (window_only) leaves them out, like registers outside the
     * window, to stay cheap. */
    if (!window_only) {
        const struct cpu_aau *a = &c->aau;
        for (int i = 0; i < 32; i++) {
            put(s, a->aad_lo[i]);
            put(s, a->aad_hi[i]);
        }
        for (int i = 0; i < 16; i++)
            put(s, (uint64_t)a->aasti[i] | (uint64_t)a->aaind[i] << 32);
        for (int i = 0; i < 8; i++)
            put(s, a->aaincr[i]);
        put(s, (uint64_t)a->aasti_tags | (uint64_t)a->aaind_tags << 32);
        put(s, (uint64_t)a->aaincr_tags | (uint64_t)a->aad_tags << 32);
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < 32; i++) { /* fields, never struct padding */
                put(s, a->area[k][i].pi);
                put(s, a->area[k][i].cdi);
            }
        for (int i = 0; i < CPU_DAM_N; i++) {
            const struct cpu_dam *d = &c->dam[i];
            put(s, d->valid ? d->addr : 0);
            put(s, d->valid ? d->val : 0);
            put(s, d->valid ? ((uint64_t)d->key | (uint64_t)d->size << 8 | 1u << 16) : 0);
        }
        put(s, c->mlock);
    }
    if (c->user_mode)
        return;
    const uint64_t sys[] = {
        c->oscud_lo, c->oscud_hi, c->osgd_lo, c->osgd_hi, c->cud_lo,
        c->cud_hi,   c->gd_lo,    c->gd_hi,   c->cutd,    c->osem,
        c->osr0,     c->mmu_cr,   c->mmu_trap_point, c->mmu_trap_count,
        (uint64_t)c->tir_n | (uint64_t)c->tir_rd << 8 |
            (uint64_t)c->tir_frozen << 16 | (uint64_t)c->irq_line << 24};
    for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
        put(s, sys[i]);
    for (unsigned i = 0; i < 19; i++) {
        put(s, c->tir[i].lo);
        put(s, c->tir[i].hi);
    }
}

/* splitmix64's finalizer. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The check runs at every host request, so it is built for speed: it
 * covers the registers the guest can name right now (the current window and
 * the globals) plus all control state, in four independent lanes (xor,
 * multiply, rotate) that the host overlaps, then one finalizing mix. Any
 * single-word change alters the result. Registers outside the window are
 * covered by the full digests (STATE_HASH, END). */
uint64_t sh_regs_check(const struct cpu_state *c)
{
    struct words s;
    serialize(&s, c, 1);
    uint64_t h[4] = {0x65326b2d72722d31ull, 0x9e3779b97f4a7c15ull,
                     0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull};
    const uint64_t k = 0x9fb21c651e98df25ull;
    unsigned i = 0;
    for (; i + 4 <= s.n; i += 4)
        for (int l = 0; l < 4; l++) {
            uint64_t x = (h[l] ^ s.w[i + l]) * k;
            h[l] = x << 29 | x >> 35;
        }
    for (; i < s.n; i++)
        h[0] = (h[0] ^ s.w[i]) * k;
    return mix(h[0] ^ mix(h[1] ^ mix(h[2] ^ mix(h[3] ^ s.n))));
}

void sh_regs_digest(const struct cpu_state *c, uint8_t out[SH_DIGEST_BYTES])
{
    struct words s;
    serialize(&s, c, 0);
    uint8_t b[8 * SH_MAX_WORDS];
    for (unsigned i = 0; i < s.n; i++)
        for (int k = 0; k < 8; k++)
            b[8 * i + k] = (uint8_t)(s.w[i] >> (8 * k));
    sha256(b, 8 * (size_t)s.n, out);
}

static int page_is_zero(const uint8_t *bytes)
{
    uint64_t acc = 0;
    for (size_t i = 0; i < MEM_PAGE_SIZE; i += 8) {
        uint64_t w;
        memcpy(&w, bytes + i, 8);
        acc |= w;
    }
    return acc == 0;
}

/* Each page contributes its address and permissions, then either its 4 KiB
 * or, for a page of zeros (most of a fresh stack), just a marker bit in the
 * permission byte: the digest stays a function of the contents, and large
 * untouched mappings cost a scan instead of a SHA-256 pass. */
static int hash_page(void *opaque, uint64_t page, unsigned prot,
                     unsigned flags, const uint8_t *bytes)
{
    (void)flags; /* dirty/code/watch are bookkeeping, not guest state */
    struct sha256_ctx *ctx = opaque;
    int zero = page_is_zero(bytes);
    uint8_t hdr[9];
    for (int i = 0; i < 8; i++)
        hdr[i] = (uint8_t)(page >> (8 * i));
    hdr[8] = (uint8_t)(prot | (zero ? 0x80 : 0));
    sha256_update(ctx, hdr, sizeof hdr);
    if (!zero)
        sha256_update(ctx, bytes, MEM_PAGE_SIZE);
    return 0;
}

void sh_mem_digest(const struct machine *m, uint8_t out[SH_DIGEST_BYTES])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    mem_walk(m->mem, 0, hash_page, &ctx);
    sha256_final(&ctx, out);
}

void sh_digest_hex(const uint8_t d[SH_DIGEST_BYTES], char out[17])
{
    for (int i = 0; i < 8; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void sh_state_digest(const uint8_t regs[SH_DIGEST_BYTES],
                     const uint8_t mem[SH_DIGEST_BYTES],
                     uint8_t out[SH_DIGEST_BYTES])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, regs, SH_DIGEST_BYTES);
    sha256_update(&ctx, mem, SH_DIGEST_BYTES);
    sha256_final(&ctx, out);
}
