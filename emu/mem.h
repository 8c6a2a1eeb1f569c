/*
 * mem.h — the guest virtual address space (user mode: flat 64-bit guest
 * addresses, 4 KiB pages).
 *
 * A 4-level radix table maps 48-bit guest addresses (e2k Linux user space is
 * below 2^48; higher addresses are never mapped) to page entries holding
 * a host page, the R/W/X permissions and per-page flags:
 *   - dirty: written since the last mem_dirty_clear() (checkpoints, hashes);
 *   - code:  holds translated code, so a write calls the code-write callback
 *            (the translator drops its blocks for that page);
 *   - watch: a write calls the watch callback (debugger watchpoints).
 * Host backing is allocated on map (zero-filled) and freed on unmap.
 *
 * Fast paths: a small direct-mapped software TLB per access kind (read,
 * write). A write-TLB entry exists only for pages that are writable, already
 * dirty and neither code nor watched, so the fast path never has to set a
 * flag or call anybody. Everything else takes the out-of-line slow path.
 *
 * Faults are returned as negative MEM_E_* codes, never as host crashes; the
 * CPU turns them into e2k exceptions (e2k-isa.md §10). All state lives in the
 * struct (no globals); iteration is always in address order.
 *
 * What this is not: a model of e2k protection, MMU or caches; an mmap policy
 * (the Linux machine decides where mappings go, helped by mem_find_free()).
 */
#ifndef E2K_EMU_MEM_H
#define E2K_EMU_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE ((uint64_t)1 << MEM_PAGE_SHIFT)
#define MEM_PAGE_MASK (MEM_PAGE_SIZE - 1)
#define MEM_ADDR_BITS 48 /* guest addresses >= 2^48 are never mapped */
#define MEM_ADDR_LIMIT ((uint64_t)1 << MEM_ADDR_BITS)

/* Page permissions (combine with |). */
enum mem_prot {
    MEM_PROT_NONE = 0,
    MEM_PROT_R = 1,
    MEM_PROT_W = 2,
    MEM_PROT_X = 4
};

/* Per-page flags (besides permissions). */
#define MEM_PF_DIRTY 0x01 /* written since last mem_dirty_clear() */
#define MEM_PF_CODE 0x02  /* translated code lives here */
#define MEM_PF_WATCH 0x04 /* writes call the watch callback */
#define MEM_PF_RWATCH 0x08 /* reads call the read-watch callback (the read
                              TLB never holds such a page) */

/* Error / fault codes (negative). */
enum mem_error {
    MEM_OK = 0,
    MEM_E_UNMAPPED = -1, /* no page at the address (guest: exc_data_page) */
    MEM_E_PROT = -2,     /* page lacks the needed permission */
    MEM_E_ALIGN = -3,    /* misaligned where alignment is required */
    MEM_E_NOMEM = -4,    /* host allocation failed */
    MEM_E_INVAL = -5,    /* bad arguments (unaligned range, beyond 2^48) */
    MEM_E_NOSPACE = -6   /* mem_find_free found no hole */
};

/* Called after a write touched a page flagged MEM_PF_CODE, once per page:
 * [addr, addr+len) is the part of the write inside that page. The callee
 * clears the flag with mem_set_code() when no code remains there. */
typedef void (*mem_code_write_fn)(void *opaque, uint64_t addr, size_t len);
/* Called after a write to a page flagged MEM_PF_WATCH. */
typedef void (*mem_watch_fn)(void *opaque, uint64_t addr, size_t len);

/* One software-TLB entry: `page` is the guest page address (or ~0 if
 * empty); host address = guest address + `addend`. */
struct mem_tlb_entry {
    uint64_t page;
    uintptr_t addend;
};

#define MEM_TLB_SIZE 256

struct mem_pte; /* page entry, private to mem.c */

struct mem {
    struct mem_tlb_entry tlb_r[MEM_TLB_SIZE]; /* readable pages */
    struct mem_tlb_entry tlb_w[MEM_TLB_SIZE]; /* writable, dirty, plain pages */
    void **root;              /* radix level 0 (512 entries), owned */
    uint64_t mapped_pages;    /* number of mapped pages */
    mem_code_write_fn code_write; /* borrowed callback, may be NULL */
    void *code_opaque;
    mem_watch_fn watch;       /* borrowed callback, may be NULL */
    void *watch_opaque;
    uint64_t stat_slow_reads; /* accesses that missed the TLB (statistics) */
    uint64_t stat_slow_writes;
    /* Checkpoint support (mem_gen_*): every write stamps its page with
     * `gen`; map/unmap/protect bump `layout_gen`. */
    uint32_t gen;             /* current write generation */
    uint64_t layout_gen;      /* changes whenever mappings or permissions do */
    mem_watch_fn rwatch;      /* read-watch callback, borrowed, may be NULL */
    void *rwatch_opaque;
    /* Lookup cache of the radix walk: the leaf table of the last page
     * looked up (leaf tables live until mem_free, so the pointer stays
     * valid; key = page number >> 9, UINT64_MAX = empty). A cache, not
     * guest state. */
    uint64_t leaf_key;
    void *leaf;
};

/* Lifetime. mem_free(NULL) does nothing. */
struct mem *mem_new(void);
void mem_free(struct mem *m);

/* Map [addr, addr+len) (page-aligned addr; len rounded up to pages) with
 * `prot`, zero-filled. Existing pages in the range are replaced (like
 * MAP_FIXED). Returns 0 or MEM_E_INVAL / MEM_E_NOMEM. */
int mem_map(struct mem *m, uint64_t addr, uint64_t len, unsigned prot);
/* Unmap; unmapped pages in the range are ignored. */
int mem_unmap(struct mem *m, uint64_t addr, uint64_t len);
/* Change permissions; MEM_E_UNMAPPED if any page in the range is unmapped
 * (then nothing is changed). */
int mem_protect(struct mem *m, uint64_t addr, uint64_t len, unsigned prot);
/* Permissions (MEM_PROT_*) and flags (MEM_PF_*) of the page holding addr;
 * MEM_E_UNMAPPED if none. Either out-pointer may be NULL. */
int mem_query(const struct mem *m, uint64_t addr, unsigned *prot,
              unsigned *flags);
/* Lowest page-aligned address >= hint (and < limit) where `len` bytes are
 * unmapped. limit 0 means MEM_ADDR_LIMIT. */
int mem_find_free(const struct mem *m, uint64_t hint, uint64_t limit,
                  uint64_t len, uint64_t *out);

/* Guest accesses with permission checks (R for reads, W for writes, X for
 * fetches). May cross pages; on failure nothing is written to the guest
 * and *fault_addr (if not NULL) gets the first failing address. Writes set
 * the dirty flag and call the code/watch callbacks. */
int mem_read(struct mem *m, uint64_t addr, void *buf, size_t len,
             uint64_t *fault_addr);
int mem_write(struct mem *m, uint64_t addr, const void *buf, size_t len,
              uint64_t *fault_addr);
int mem_fetch(struct mem *m, uint64_t addr, void *buf, size_t len,
              uint64_t *fault_addr);

/* Debugger/loader accesses: ignore permissions (pages must be mapped).
 * mem_poke marks dirty and calls the code callback like a guest write. */
int mem_peek(struct mem *m, uint64_t addr, void *buf, size_t len);
int mem_poke(struct mem *m, uint64_t addr, const void *buf, size_t len);

/* Host pointer to the byte at addr if its page is mapped with all of
 * `need` permissions, else NULL. Valid until the page is unmapped. Writing
 * through it bypasses dirty/code tracking: call mem_note_write() after. */
uint8_t *mem_host_ptr(struct mem *m, uint64_t addr, unsigned need);
/* Account a write done through mem_host_ptr (dirty, code, watch). */
void mem_note_write(struct mem *m, uint64_t addr, size_t len);

/* Code-page tracking (used by the translator). */
void mem_set_code_write_cb(struct mem *m, mem_code_write_fn fn, void *opaque);
int mem_set_code(struct mem *m, uint64_t page, int on);
/* Watch tracking (debugger); the callback is called after the write. */
void mem_set_watch_cb(struct mem *m, mem_watch_fn fn, void *opaque);
int mem_set_watch(struct mem *m, uint64_t page, int on);

/* Dirty pages. Walk mapped pages in address order: the callback gets the
 * page address, permissions, flags and host bytes (MEM_PAGE_SIZE); a
 * nonzero return stops the walk and is returned. only_dirty: skip clean
 * pages. */
typedef int (*mem_page_fn)(void *opaque, uint64_t page, unsigned prot,
                           unsigned flags, const uint8_t *bytes);
int mem_walk(const struct mem *m, int only_dirty, mem_page_fn fn,
             void *opaque);
/* Clear every dirty flag (and the write TLB, so the next write re-marks). */
void mem_dirty_clear(struct mem *m);

/* Read watch tracking (debugger read/access watchpoints): a guest read
 * (mem_load_slow, mem_read) touching a page flagged MEM_PF_RWATCH calls the
 * callback after the read with the part of the read inside that page.
 * Flagged pages never enter the read TLB, so they cost nothing while no
 * page is flagged. Fetches and mem_peek are not reads in this sense. */
void mem_set_rwatch_cb(struct mem *m, mem_watch_fn fn, void *opaque);
int mem_set_rwatch(struct mem *m, uint64_t page, int on);

/* Write generations, for checkpoints (replay/ckpt.c). Independent of the
 * dirty flag: each consumer remembers the generation it started and asks
 * for pages written since, without clearing anything others rely on.
 *   - every write (guest, mem_poke, mem_note_write) and every mem_map
 *     stamps the page with the current generation m->gen;
 *   - mem_gen_advance() starts a new generation (and drops the write TLB,
 *     so the next write to every page takes the slow path and stamps it);
 *   - mem_walk_gen() lists every mapped page with its stamp;
 *   - m->layout_gen changes on every map, unmap or permission change.
 * A page whose stamp is >= G was written or mapped after
 * mem_gen_advance() returned G. */
uint32_t mem_gen_advance(struct mem *m);
typedef int (*mem_page_gen_fn)(void *opaque, uint64_t page, unsigned prot,
                               unsigned flags, uint32_t gen,
                               const uint8_t *bytes);
int mem_walk_gen(const struct mem *m, mem_page_gen_fn fn, void *opaque);
/* Stamp a mapped page with the current generation as if it were written
 * (no contents change, no callbacks). */
int mem_gen_touch(struct mem *m, uint64_t page);
/* Checkpoint restore: replace the contents of the mapped page at `page`
 * with bytes (MEM_PAGE_SIZE; NULL = zeros). Not a guest write: no stamp,
 * no dirty flag, no watch callback; but if the page holds translated code
 * and its contents change, the code-write callback drops the translations.
 * Returns 1 if the contents changed, 0 if they were equal, or
 * MEM_E_UNMAPPED. */
int mem_page_set(struct mem *m, uint64_t page, const uint8_t *bytes);

/* Drop all TLB entries (after changing mappings behind the TLB's back). */
void mem_tlb_flush(struct mem *m);

/* Slow paths behind the inline accessors below (mem.c). `size` is 1, 2, 4,
 * 8 or 16; values are little-endian in *val. */
int mem_load_slow(struct mem *m, uint64_t addr, unsigned size, void *val);
int mem_store_slow(struct mem *m, uint64_t addr, unsigned size,
                   const void *val);

/* Hot-path accessors: TLB hit and no page crossing -> memcpy, else slow
 * path. Return 0 or a MEM_E_* code. Measured hot (every guest load/store). */
static inline int mem_load(struct mem *m, uint64_t addr, unsigned size,
                           void *val)
{
    const struct mem_tlb_entry *e =
        &m->tlb_r[(addr >> MEM_PAGE_SHIFT) & (MEM_TLB_SIZE - 1)];
    if (e->page == (addr & ~MEM_PAGE_MASK) &&
        (addr & MEM_PAGE_MASK) + size <= MEM_PAGE_SIZE) {
        memcpy(val, (const void *)(uintptr_t)(addr + e->addend), size);
        return 0;
    }
    return mem_load_slow(m, addr, size, val);
}

static inline int mem_store(struct mem *m, uint64_t addr, unsigned size,
                            const void *val)
{
    const struct mem_tlb_entry *e =
        &m->tlb_w[(addr >> MEM_PAGE_SHIFT) & (MEM_TLB_SIZE - 1)];
    if (e->page == (addr & ~MEM_PAGE_MASK) &&
        (addr & MEM_PAGE_MASK) + size <= MEM_PAGE_SIZE) {
        memcpy((void *)(uintptr_t)(addr + e->addend), val, size);
        return 0;
    }
    return mem_store_slow(m, addr, size, val);
}

const char *mem_strerror(int code);

#endif
