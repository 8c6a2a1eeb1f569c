/*
 * mem.c — guest virtual memory: radix page table, host backing, software
 * TLB slow paths, dirty/code/watch page flags (API and rules in mem.h).
 *
 * Host backing: each mem_map() call gets one anonymous host mapping
 * (MAP_NORESERVE, so the host kernel supplies zero pages lazily and huge
 * sparse guest mappings cost nothing until touched); page entries point
 * into it. Unmapping gives pages back to the host one range at a time.
 * Host addresses never influence guest behaviour: everything the guest can
 * observe is page contents and guest addresses, and every walk is in guest
 * address order.
 */
#include "emu/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Radix table: 4 levels of 9 bits over the 36-bit page number. */
#define LVL_BITS 9
#define LVL_SIZE (1u << LVL_BITS)
#define LVL_MASK (LVL_SIZE - 1)

struct mem_pte {
    uint8_t *host;  /* host bytes of the page, NULL: not mapped */
    uint8_t prot;   /* MEM_PROT_* */
    uint8_t flags;  /* MEM_PF_* */
    uint32_t gen;   /* write generation of the last write (mem_gen_*) */
};

static unsigned idx(uint64_t page_no, int level)
{
    return (unsigned)(page_no >> (LVL_BITS * (3 - level))) & LVL_MASK;
}

/* Page entry for addr, or NULL; with `create`, missing tables are
 * allocated (NULL only on allocation failure). */
static struct mem_pte *pte_get(const struct mem *m, uint64_t addr, int create)
{
    if (addr >= MEM_ADDR_LIMIT)
        return NULL;
    uint64_t pn = addr >> MEM_PAGE_SHIFT;
    /* Spills, fills and the slow paths look up runs of neighbouring pages:
     * remember the last leaf table (never freed before mem_free). The
     * cache is bookkeeping of a logically const lookup, hence the cast;
     * struct mem objects are never const themselves. */
    struct mem *mm = (struct mem *)m;
    if ((pn >> LVL_BITS) == m->leaf_key)
        return &((struct mem_pte *)m->leaf)[pn & LVL_MASK];
    void **tab = m->root;
    for (int level = 0; level < 3; level++) {
        void **slot = &tab[idx(pn, level)];
        if (!*slot) {
            if (!create)
                return NULL;
            size_t sz = level < 2 ? LVL_SIZE * sizeof(void *)
                                  : LVL_SIZE * sizeof(struct mem_pte);
            *slot = calloc(1, sz);
            if (!*slot)
                return NULL;
        }
        tab = *slot;
    }
    mm->leaf_key = pn >> LVL_BITS;
    mm->leaf = tab;
    return &((struct mem_pte *)tab)[idx(pn, 3)];
}

static struct mem_pte *pte_mapped(const struct mem *m, uint64_t addr)
{
    struct mem_pte *p = pte_get(m, addr, 0);
    return p && p->host ? p : NULL;
}

static void tlb_clear(struct mem_tlb_entry *t)
{
    for (unsigned i = 0; i < MEM_TLB_SIZE; i++) {
        t[i].page = ~(uint64_t)0;
        t[i].addend = 0;
    }
}

static void tlb_drop_page(struct mem *m, uint64_t page)
{
    unsigned i = (page >> MEM_PAGE_SHIFT) & (MEM_TLB_SIZE - 1);
    if (m->tlb_r[i].page == page)
        m->tlb_r[i].page = ~(uint64_t)0;
    if (m->tlb_w[i].page == page)
        m->tlb_w[i].page = ~(uint64_t)0;
}

void mem_tlb_flush(struct mem *m)
{
    tlb_clear(m->tlb_r);
    tlb_clear(m->tlb_w);
}

struct mem *mem_new(void)
{
    struct mem *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->root = calloc(LVL_SIZE, sizeof(void *));
    m->leaf_key = UINT64_MAX;
    if (!m->root) {
        free(m);
        return NULL;
    }
    mem_tlb_flush(m);
    return m;
}

/* Return host pages of leaf `leaf` to the host, merging contiguous runs. */
static void leaf_release(struct mem_pte *leaf)
{
    uint8_t *run = NULL;
    size_t run_len = 0;
    for (unsigned i = 0; i <= LVL_SIZE; i++) {
        uint8_t *h = i < LVL_SIZE ? leaf[i].host : NULL;
        if (h && run && h == run + run_len) {
            run_len += MEM_PAGE_SIZE;
            continue;
        }
        if (run)
            munmap(run, run_len);
        run = h;
        run_len = h ? MEM_PAGE_SIZE : 0;
    }
}

static void tab_free(void **tab, int level)
{
    for (unsigned i = 0; i < LVL_SIZE; i++) {
        if (!tab[i])
            continue;
        if (level < 2)
            tab_free(tab[i], level + 1);
        else
            leaf_release(tab[i]);
        free(tab[i]);
    }
}

void mem_free(struct mem *m)
{
    if (!m)
        return;
    tab_free(m->root, 0);
    free(m->root);
    free(m);
}

static int range_ok(uint64_t addr, uint64_t len)
{
    return !(addr & MEM_PAGE_MASK) && len && addr < MEM_ADDR_LIMIT &&
           len <= MEM_ADDR_LIMIT - addr;
}

static uint64_t round_up(uint64_t len)
{
    return (len + MEM_PAGE_MASK) & ~MEM_PAGE_MASK;
}

int mem_unmap(struct mem *m, uint64_t addr, uint64_t len)
{
    len = round_up(len);
    if (!range_ok(addr, len))
        return MEM_E_INVAL;
    for (uint64_t a = addr; a < addr + len; a += MEM_PAGE_SIZE) {
        struct mem_pte *p = pte_mapped(m, a);
        if (!p)
            continue;
        munmap(p->host, MEM_PAGE_SIZE);
        p->host = NULL;
        p->prot = 0;
        p->flags = 0;
        m->mapped_pages--;
        m->layout_gen++;
        tlb_drop_page(m, a);
    }
    return 0;
}

int mem_map(struct mem *m, uint64_t addr, uint64_t len, unsigned prot)
{
    len = round_up(len);
    if (!range_ok(addr, len) || (prot & ~7u) || len > ((uint64_t)1 << 40))
        return MEM_E_INVAL;
    /* Create the table entries first so that a failure leaves the old
     * mapping untouched. */
    for (uint64_t a = addr; a < addr + len; a += MEM_PAGE_SIZE)
        if (!pte_get(m, a, 1))
            return MEM_E_NOMEM;
    uint8_t *host = mmap(NULL, len, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host == MAP_FAILED)
        return MEM_E_NOMEM;
    mem_unmap(m, addr, len);
    for (uint64_t off = 0; off < len; off += MEM_PAGE_SIZE) {
        struct mem_pte *p = pte_get(m, addr + off, 0);
        p->host = host + off;
        p->prot = (uint8_t)prot;
        p->flags = MEM_PF_DIRTY; /* new contents relative to any snapshot */
        p->gen = m->gen;
        m->mapped_pages++;
    }
    m->layout_gen++;
    return 0;
}

int mem_protect(struct mem *m, uint64_t addr, uint64_t len, unsigned prot)
{
    len = round_up(len);
    if (!range_ok(addr, len) || (prot & ~7u))
        return MEM_E_INVAL;
    for (uint64_t a = addr; a < addr + len; a += MEM_PAGE_SIZE)
        if (!pte_mapped(m, a))
            return MEM_E_UNMAPPED;
    for (uint64_t a = addr; a < addr + len; a += MEM_PAGE_SIZE) {
        pte_mapped(m, a)->prot = (uint8_t)prot;
        tlb_drop_page(m, a);
    }
    m->layout_gen++;
    return 0;
}

int mem_query(const struct mem *m, uint64_t addr, unsigned *prot,
              unsigned *flags)
{
    struct mem_pte *p = pte_mapped(m, addr);
    if (!p)
        return MEM_E_UNMAPPED;
    if (prot)
        *prot = p->prot;
    if (flags)
        *flags = p->flags;
    return 0;
}

int mem_find_free(const struct mem *m, uint64_t hint, uint64_t limit,
                  uint64_t len, uint64_t *out)
{
    len = round_up(len);
    if (!limit || limit > MEM_ADDR_LIMIT)
        limit = MEM_ADDR_LIMIT;
    uint64_t a = (hint + MEM_PAGE_MASK) & ~MEM_PAGE_MASK;
    if (!len)
        return MEM_E_INVAL;
    while (a < limit && len <= limit - a) {
        uint64_t end = a + len, b;
        for (b = a; b < end; b += MEM_PAGE_SIZE)
            if (pte_mapped(m, b))
                break;
        if (b == end) {
            *out = a;
            return 0;
        }
        a = b + MEM_PAGE_SIZE; /* restart after the mapped page */
    }
    return MEM_E_NOSPACE;
}

/* Check that [addr, addr+len) is mapped with `need`; 0 or an error with
 * *fault_addr set. */
static int check_range(const struct mem *m, uint64_t addr, size_t len,
                       unsigned need, uint64_t *fault_addr)
{
    if (!len)
        return 0;
    if (addr >= MEM_ADDR_LIMIT || len > MEM_ADDR_LIMIT - addr) {
        if (fault_addr)
            *fault_addr = addr >= MEM_ADDR_LIMIT ? addr : MEM_ADDR_LIMIT;
        return MEM_E_UNMAPPED;
    }
    uint64_t first = addr & ~MEM_PAGE_MASK;
    uint64_t last = (addr + len - 1) & ~MEM_PAGE_MASK;
    for (uint64_t a = first;; a += MEM_PAGE_SIZE) {
        struct mem_pte *p = pte_mapped(m, a);
        int err = !p ? MEM_E_UNMAPPED
                     : (p->prot & need) != need ? MEM_E_PROT : 0;
        if (err) {
            if (fault_addr)
                *fault_addr = a < addr ? addr : a;
            return err;
        }
        if (a == last)
            break;
    }
    return 0;
}

/* Copy between guest and buf page by page; range already checked. */
static void copy_out(const struct mem *m, uint64_t addr, void *buf, size_t len)
{
    uint8_t *d = buf;
    while (len) {
        size_t off = addr & MEM_PAGE_MASK;
        size_t n = MEM_PAGE_SIZE - off < len ? MEM_PAGE_SIZE - off : len;
        memcpy(d, pte_mapped(m, addr)->host + off, n);
        d += n;
        addr += n;
        len -= n;
    }
}

/* Account a write to [addr, addr+len) (mapped): dirty flags, callbacks. */
void mem_note_write(struct mem *m, uint64_t addr, size_t len)
{
    if (!len)
        return;
    uint64_t first = addr & ~MEM_PAGE_MASK;
    uint64_t last = (addr + len - 1) & ~MEM_PAGE_MASK;
    for (uint64_t a = first;; a += MEM_PAGE_SIZE) {
        struct mem_pte *p = pte_mapped(m, a);
        if (p) {
            uint64_t lo = a < addr ? addr : a;
            uint64_t hi = last == a ? addr + len : a + MEM_PAGE_SIZE;
            p->flags |= MEM_PF_DIRTY;
            p->gen = m->gen;
            if ((p->flags & MEM_PF_CODE) && m->code_write)
                m->code_write(m->code_opaque, lo, (size_t)(hi - lo));
            if ((p->flags & MEM_PF_WATCH) && m->watch)
                m->watch(m->watch_opaque, lo, (size_t)(hi - lo));
        }
        if (a == last)
            break;
    }
}

static void copy_in(struct mem *m, uint64_t addr, const void *buf, size_t len)
{
    const uint8_t *s = buf;
    uint64_t a = addr;
    size_t left = len;
    while (left) {
        size_t off = a & MEM_PAGE_MASK;
        size_t n = MEM_PAGE_SIZE - off < left ? MEM_PAGE_SIZE - off : left;
        memcpy(pte_mapped(m, a)->host + off, s, n);
        s += n;
        a += n;
        left -= n;
    }
    mem_note_write(m, addr, len);
}

/* Report a read of [addr, addr+len) (mapped) to the read-watch callback,
 * once per flagged page. Returns 1 if any page of the range is flagged. */
static int note_read(struct mem *m, uint64_t addr, size_t len)
{
    int any = 0;
    uint64_t first = addr & ~MEM_PAGE_MASK;
    uint64_t last = (addr + len - 1) & ~MEM_PAGE_MASK;
    for (uint64_t a = first;; a += MEM_PAGE_SIZE) {
        struct mem_pte *p = pte_mapped(m, a);
        if (p && (p->flags & MEM_PF_RWATCH)) {
            uint64_t lo = a < addr ? addr : a;
            uint64_t hi = last == a ? addr + len : a + MEM_PAGE_SIZE;
            any = 1;
            if (m->rwatch)
                m->rwatch(m->rwatch_opaque, lo, (size_t)(hi - lo));
        }
        if (a == last)
            break;
    }
    return any;
}

int mem_read(struct mem *m, uint64_t addr, void *buf, size_t len,
             uint64_t *fault_addr)
{
    int err = check_range(m, addr, len, MEM_PROT_R, fault_addr);
    if (!err) {
        copy_out(m, addr, buf, len);
        if (m->rwatch && len)
            note_read(m, addr, len);
    }
    return err;
}

int mem_fetch(struct mem *m, uint64_t addr, void *buf, size_t len,
              uint64_t *fault_addr)
{
    int err = check_range(m, addr, len, MEM_PROT_X, fault_addr);
    if (!err)
        copy_out(m, addr, buf, len);
    return err;
}

int mem_write(struct mem *m, uint64_t addr, const void *buf, size_t len,
              uint64_t *fault_addr)
{
    int err = check_range(m, addr, len, MEM_PROT_W, fault_addr);
    if (!err)
        copy_in(m, addr, buf, len);
    return err;
}

int mem_peek(struct mem *m, uint64_t addr, void *buf, size_t len)
{
    int err = check_range(m, addr, len, 0, NULL);
    if (!err)
        copy_out(m, addr, buf, len);
    return err;
}

int mem_poke(struct mem *m, uint64_t addr, const void *buf, size_t len)
{
    int err = check_range(m, addr, len, 0, NULL);
    if (!err)
        copy_in(m, addr, buf, len);
    return err;
}

uint8_t *mem_host_ptr(struct mem *m, uint64_t addr, unsigned need)
{
    struct mem_pte *p = pte_mapped(m, addr);
    if (!p || (p->prot & need) != need)
        return NULL;
    return p->host + (addr & MEM_PAGE_MASK);
}

int mem_load_slow(struct mem *m, uint64_t addr, unsigned size, void *val)
{
    m->stat_slow_reads++;
    int err = check_range(m, addr, size, MEM_PROT_R, NULL);
    if (err)
        return err;
    copy_out(m, addr, val, size);
    /* Read-watched pages never enter the TLB: every read of them comes
     * here and is reported. */
    if (note_read(m, addr, size))
        return 0;
    /* Fill the TLB for the page of addr (the common case next time). */
    uint64_t page = addr & ~MEM_PAGE_MASK;
    struct mem_tlb_entry *e =
        &m->tlb_r[(page >> MEM_PAGE_SHIFT) & (MEM_TLB_SIZE - 1)];
    e->page = page;
    e->addend = (uintptr_t)pte_mapped(m, page)->host - (uintptr_t)page;
    return 0;
}

int mem_store_slow(struct mem *m, uint64_t addr, unsigned size,
                   const void *val)
{
    m->stat_slow_writes++;
    int err = check_range(m, addr, size, MEM_PROT_W, NULL);
    if (err)
        return err;
    copy_in(m, addr, val, size);
    uint64_t page = addr & ~MEM_PAGE_MASK;
    struct mem_pte *p = pte_mapped(m, page);
    if (!(p->flags & (MEM_PF_CODE | MEM_PF_WATCH)) && (p->prot & MEM_PROT_W)) {
        struct mem_tlb_entry *e =
            &m->tlb_w[(page >> MEM_PAGE_SHIFT) & (MEM_TLB_SIZE - 1)];
        e->page = page;
        e->addend = (uintptr_t)p->host - (uintptr_t)page;
    }
    return 0;
}

void mem_set_code_write_cb(struct mem *m, mem_code_write_fn fn, void *opaque)
{
    m->code_write = fn;
    m->code_opaque = opaque;
}

void mem_set_watch_cb(struct mem *m, mem_watch_fn fn, void *opaque)
{
    m->watch = fn;
    m->watch_opaque = opaque;
}

static int set_flag(struct mem *m, uint64_t page, unsigned flag, int on)
{
    struct mem_pte *p = pte_mapped(m, page);
    if (!p)
        return MEM_E_UNMAPPED;
    if (on)
        p->flags |= flag;
    else
        p->flags &= ~flag;
    tlb_drop_page(m, page & ~MEM_PAGE_MASK);
    return 0;
}

int mem_set_code(struct mem *m, uint64_t page, int on)
{
    return set_flag(m, page, MEM_PF_CODE, on);
}

int mem_set_watch(struct mem *m, uint64_t page, int on)
{
    return set_flag(m, page, MEM_PF_WATCH, on);
}

void mem_set_rwatch_cb(struct mem *m, mem_watch_fn fn, void *opaque)
{
    m->rwatch = fn;
    m->rwatch_opaque = opaque;
}

int mem_set_rwatch(struct mem *m, uint64_t page, int on)
{
    return set_flag(m, page, MEM_PF_RWATCH, on);
}

/* ---- write generations (checkpoints) ---- */

uint32_t mem_gen_advance(struct mem *m)
{
    m->gen++;
    /* A write-TLB entry skips the stamp: drop them all, so the first write
     * of the new generation to every page takes the slow path. */
    tlb_clear(m->tlb_w);
    return m->gen;
}

int mem_gen_touch(struct mem *m, uint64_t page)
{
    struct mem_pte *p = pte_mapped(m, page);
    if (!p)
        return MEM_E_UNMAPPED;
    p->gen = m->gen;
    return 0;
}

int mem_page_set(struct mem *m, uint64_t page, const uint8_t *bytes)
{
    static const uint8_t zero[MEM_PAGE_SIZE];
    struct mem_pte *p = pte_mapped(m, page);
    if (!p)
        return MEM_E_UNMAPPED;
    if (!bytes)
        bytes = zero;
    if (memcmp(p->host, bytes, MEM_PAGE_SIZE) == 0)
        return 0;
    memcpy(p->host, bytes, MEM_PAGE_SIZE);
    if ((p->flags & MEM_PF_CODE) && m->code_write)
        m->code_write(m->code_opaque, page & ~MEM_PAGE_MASK, MEM_PAGE_SIZE);
    return 1;
}

static int walk_gen(void **tab, int level, uint64_t prefix,
                    mem_page_gen_fn fn, void *opaque)
{
    for (unsigned i = 0; i < LVL_SIZE; i++) {
        if (!tab[i])
            continue;
        uint64_t pn = (prefix << LVL_BITS) | i;
        if (level < 2) {
            int r = walk_gen(tab[i], level + 1, pn, fn, opaque);
            if (r)
                return r;
            continue;
        }
        struct mem_pte *leaf = tab[i];
        for (unsigned j = 0; j < LVL_SIZE; j++) {
            struct mem_pte *p = &leaf[j];
            if (!p->host)
                continue;
            uint64_t page = ((pn << LVL_BITS) | j) << MEM_PAGE_SHIFT;
            int r = fn(opaque, page, p->prot, p->flags, p->gen, p->host);
            if (r)
                return r;
        }
    }
    return 0;
}

int mem_walk_gen(const struct mem *m, mem_page_gen_fn fn, void *opaque)
{
    return walk_gen(m->root, 0, 0, fn, opaque);
}

static int walk(void **tab, int level, uint64_t prefix, int only_dirty,
                mem_page_fn fn, void *opaque)
{
    for (unsigned i = 0; i < LVL_SIZE; i++) {
        if (!tab[i])
            continue;
        uint64_t pn = (prefix << LVL_BITS) | i;
        if (level < 2) {
            int r = walk(tab[i], level + 1, pn, only_dirty, fn, opaque);
            if (r)
                return r;
            continue;
        }
        struct mem_pte *leaf = tab[i];
        for (unsigned j = 0; j < LVL_SIZE; j++) {
            struct mem_pte *p = &leaf[j];
            if (!p->host || (only_dirty && !(p->flags & MEM_PF_DIRTY)))
                continue;
            uint64_t page = ((pn << LVL_BITS) | j) << MEM_PAGE_SHIFT;
            int r = fn(opaque, page, p->prot, p->flags, p->host);
            if (r)
                return r;
        }
    }
    return 0;
}

int mem_walk(const struct mem *m, int only_dirty, mem_page_fn fn, void *opaque)
{
    return walk(m->root, 0, 0, only_dirty, fn, opaque);
}

static int clear_dirty_cb(void *opaque, uint64_t page, unsigned prot,
                          unsigned flags, const uint8_t *bytes)
{
    (void)prot;
    (void)flags;
    (void)bytes;
    pte_mapped(opaque, page)->flags &= ~MEM_PF_DIRTY;
    return 0;
}

void mem_dirty_clear(struct mem *m)
{
    mem_walk(m, 1, clear_dirty_cb, m);
    tlb_clear(m->tlb_w);
}

const char *mem_strerror(int code)
{
    switch (code) {
    case MEM_OK: return "ok";
    case MEM_E_UNMAPPED: return "address not mapped";
    case MEM_E_PROT: return "permission denied";
    case MEM_E_ALIGN: return "misaligned access";
    case MEM_E_NOMEM: return "out of host memory";
    case MEM_E_INVAL: return "invalid range";
    case MEM_E_NOSPACE: return "no free address range";
    default: return "unknown memory error";
    }
}
