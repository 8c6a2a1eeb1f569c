/*
 * xlat.h — the translation cache: guest bundles decoded once (dec_bundle)
 * into blocks of pre-decoded ops with handler pointers and operand pointers
 * resolved at translate time, looked up by (PC, static window context),
 * chained to their successors, and dropped when guest code pages are
 * written. The run loop is cpu_run() (cpu.h); this is the cache's API.
 *
 * The cache is not guest state: flushing it never changes behaviour, only
 * speed. Its memory is one arena sized at creation; when it fills up the
 * whole cache is flushed at the next block boundary (no allocation while
 * running).
 *
 * Design and invariants: docs/cpu.md "Translator".
 */
#ifndef E2K_EMU_XLAT_H
#define E2K_EMU_XLAT_H

#include <stddef.h>
#include <stdint.h>

struct machine;
struct xlat_cache;

/* Statistics (not guest state). */
struct xlat_stats {
    uint64_t blocks;        /* blocks translated since creation */
    uint64_t bundles;       /* bundles translated */
    uint64_t flushes;       /* full flushes (arena full or requested) */
    uint64_t invalidations; /* page invalidations by code writes */
    uint64_t lookups;       /* hash lookups (chain misses) */
    size_t arena_used;      /* bytes of the arena in use */
    size_t arena_size;
};

/* Create a cache of `arena_bytes` for machine `m` (borrowed). NULL on
 * allocation failure. xlat_free(NULL) does nothing. */
struct xlat_cache *xlat_new(struct machine *m, size_t arena_bytes);
void xlat_free(struct xlat_cache *x);

/* Drop all translations now (never call from inside translated code; use
 * xlat_request_flush there). */
void xlat_flush(struct xlat_cache *x);
void xlat_request_flush(struct xlat_cache *x);
/* Drop translations overlapping guest [addr, addr+len). Safe at any time:
 * blocks are only unlinked, their memory is reused at the next flush. */
void xlat_invalidate(struct xlat_cache *x, uint64_t addr, uint64_t len);

void xlat_get_stats(const struct xlat_cache *x, struct xlat_stats *out);

#endif
