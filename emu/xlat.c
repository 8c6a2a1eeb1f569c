/*
 * xlat.c — the translation cache (xlat.h): arena, lookup by (PC, context)
 * hash, block list, invalidation when guest code is written, breakpoints.
 * Translating a block is xlat_translate.c; running blocks is cpu_run.c.
 *
 * Invalidation: a write to a page flagged MEM_PF_CODE reaches
 * code_write(); every live block overlapping the written bytes is marked
 * dead and unhashed, then every chain pointer of every block is cleared (so
 * no chain leads into a dead block; the common case of no self-modifying
 * code pays nothing). Dead blocks stay in the arena until the next flush,
 * so a block that overwrote itself can finish its current bundle safely;
 * cpu_state.smc makes it leave at the end of that bundle.
 */
#include "emu/xlat.h"

#include <stdlib.h>
#include <string.h>

#include "emu/isa.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "emu/xlat_internal.h"

#define HASH_BITS 16
#define SCRATCH_BYTES ((size_t)256 << 10)

size_t xlat_reserve_bytes(void)
{
    return sizeof(struct xlat_block) + 64 +
           (size_t)XLAT_MAX_BUNDLES *
               (XLAT_MAX_OPS_BUNDLE * sizeof(struct xlat_op) +
                XLAT_SIDE_BUNDLE + sizeof(uint64_t));
}

static int arena_init(struct xlat_arena *a, size_t size)
{
    a->base = malloc(size);
    a->size = size;
    a->lo = 0;
    a->hi = size;
    return a->base ? 0 : -1;
}

void *xlat_side_alloc(struct xlat_arena *a, size_t bytes)
{
    bytes = (bytes + 15) & ~(size_t)15;
    if (a->hi < a->lo + bytes)
        return NULL;
    a->hi -= bytes;
    void *p = a->base + a->hi;
    memset(p, 0, bytes);
    return p;
}

static unsigned hash_of(const struct xlat_cache *x, uint64_t pc, uint64_t ctx)
{
    uint64_t h = (pc >> 3) ^ (ctx * 0x9e3779b97f4a7c15ull);
    h ^= h >> 29;
    return (unsigned)(h & ((1u << x->hash_bits) - 1));
}

static void code_write(void *opaque, uint64_t addr, size_t len)
{
    xlat_invalidate(opaque, addr, len);
}

struct xlat_cache *xlat_new(struct machine *m, size_t arena_bytes)
{
    struct xlat_cache *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->m = m;
    if (arena_bytes < 4 * xlat_reserve_bytes())
        arena_bytes = 4 * xlat_reserve_bytes();
    /* about one bucket per KiB of arena (a block is ~1 KiB), at most 64K */
    x->hash_bits = 10;
    while (x->hash_bits < HASH_BITS &&
           ((size_t)1 << x->hash_bits) * 1024 < arena_bytes)
        x->hash_bits++;
    x->hash = calloc((size_t)1 << x->hash_bits, sizeof *x->hash);
    x->bind = calloc(isa_nops, sizeof *x->bind);
    if (!x->hash || !x->bind || arena_init(&x->main, arena_bytes) ||
        arena_init(&x->scratch, SCRATCH_BYTES) || xlat_bind(x))
        goto fail;
    x->st.arena_size = arena_bytes;
    mem_set_code_write_cb(m->mem, code_write, x);
    return x;
fail:
    xlat_free(x);
    return NULL;
}

void xlat_free(struct xlat_cache *x)
{
    if (!x)
        return;
    if (x->m && x->m->mem && x->m->mem->code_opaque == x)
        mem_set_code_write_cb(x->m->mem, NULL, NULL);
    free(x->main.base);
    free(x->scratch.base);
    free(x->hash);
    free(x->bind);
    free(x->bps);
    free(x);
}

void xlat_flush(struct xlat_cache *x)
{
    memset(x->hash, 0, ((size_t)1 << x->hash_bits) * sizeof *x->hash);
    x->all = NULL;
    x->main.lo = 0;
    x->main.hi = x->main.size;
    x->flush_req = 0;
    x->st.flushes++;
    /* Pages stay flagged as code; the next write to one finds no block
     * there and clears the flag (xlat_invalidate). */
}

void xlat_request_flush(struct xlat_cache *x)
{
    x->flush_req = 1;
    cpu_request_exit(&x->m->cpu);
}

struct xlat_block *xlat_find(struct xlat_cache *x, uint64_t pc, uint64_t ctx)
{
    x->st.lookups++;
    for (struct xlat_block *b = x->hash[hash_of(x, pc, ctx)]; b; b = b->hnext)
        if (b->pc == pc && b->ctx == ctx)
            return b;
    return NULL;
}

void xlat_insert(struct xlat_cache *x, struct xlat_block *b)
{
    unsigned h = hash_of(x, b->pc, b->ctx);
    b->hnext = x->hash[h];
    x->hash[h] = b;
    b->next_all = x->all;
    x->all = b;
}

static void unhash(struct xlat_cache *x, struct xlat_block *b)
{
    struct xlat_block **pp = &x->hash[hash_of(x, b->pc, b->ctx)];
    for (; *pp; pp = &(*pp)->hnext) {
        if (*pp == b) {
            *pp = b->hnext;
            return;
        }
    }
}

void xlat_invalidate(struct xlat_cache *x, uint64_t addr, uint64_t len)
{
    int killed = 0;
    uint64_t end = addr + len;
    for (struct xlat_block *b = x->all; b; b = b->next_all) {
        if (b->dead || b->pc >= end || b->end <= addr)
            continue;
        b->dead = 1;
        unhash(x, b);
        killed = 1;
    }
    if (killed) {
        for (struct xlat_block *b = x->all; b; b = b->next_all)
            b->chain[0] = b->chain[1] = NULL;
        x->m->cpu.smc = 1;
        x->st.invalidations++;
    }
    /* Drop the code flag of pages no live block touches any more. */
    uint64_t first = addr & ~MEM_PAGE_MASK;
    uint64_t last = (end - 1) & ~MEM_PAGE_MASK;
    for (uint64_t p = first;; p += MEM_PAGE_SIZE) {
        int used = 0;
        for (struct xlat_block *b = x->all; b && !used; b = b->next_all)
            used = !b->dead && b->pc < p + MEM_PAGE_SIZE && b->end > p;
        if (!used)
            mem_set_code(x->m->mem, p, 0);
        if (p == last)
            break;
    }
}

int xlat_bp_at(const struct xlat_cache *x, uint64_t pc)
{
    unsigned lo = 0, hi = x->n_bps;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (x->bps[mid] == pc)
            return 1;
        if (x->bps[mid] < pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int cpu_bp_insert(struct machine *m, uint64_t pc)
{
    struct xlat_cache *x = m->xlat;
    if (xlat_bp_at(x, pc))
        return 0;
    if (x->n_bps == x->cap_bps) {
        unsigned cap = x->cap_bps ? 2 * x->cap_bps : 16;
        uint64_t *n = realloc(x->bps, cap * sizeof *n);
        if (!n)
            return -1;
        x->bps = n;
        x->cap_bps = cap;
    }
    unsigned i = x->n_bps;
    while (i > 0 && x->bps[i - 1] > pc) {
        x->bps[i] = x->bps[i - 1];
        i--;
    }
    x->bps[i] = pc;
    x->n_bps++;
    xlat_request_flush(x); /* blocks must end before / start at pc */
    return 0;
}

int cpu_bp_remove(struct machine *m, uint64_t pc)
{
    struct xlat_cache *x = m->xlat;
    for (unsigned i = 0; i < x->n_bps; i++) {
        if (x->bps[i] != pc)
            continue;
        memmove(&x->bps[i], &x->bps[i + 1], (x->n_bps - i - 1) * sizeof *x->bps);
        x->n_bps--;
        xlat_request_flush(x);
        return 0;
    }
    return -1;
}

void cpu_exit_after_loads(struct machine *m, int on)
{
    struct xlat_cache *x = m->xlat;
    if (x->exit_after_loads == (on != 0))
        return;
    x->exit_after_loads = on != 0;
    xlat_request_flush(x); /* translations depend on it */
}

void xlat_get_stats(const struct xlat_cache *x, struct xlat_stats *out)
{
    *out = x->st;
    out->arena_used = x->main.lo + (x->main.size - x->main.hi);
    out->arena_size = x->main.size;
}
