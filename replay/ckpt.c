/*
 * ckpt.c — machine snapshots as deltas of written pages (ckpt.h).
 *
 * Invariant that makes restores cheap and correct: for every checkpoint K
 * but the first, K's pages include every page whose contents at K may
 * differ from those at the checkpoint before K (the first holds every
 * mapped page). Taking a checkpoint N stores the pages written since the
 * store's base B; B is at or before the checkpoint that precedes N (the
 * machine only moves forward from B), so N's pages include everything
 * written since that predecessor. A checkpoint L after N keeps the
 * property: what changed between N and L was written between L's old
 * predecessor and L. Dropping K moves K's pages that K's successor lacks
 * into the successor (their contents there are K's: nobody wrote them in
 * between).
 *
 * Restoring J from a machine whose state is B plus the writes since B's
 * generation: a page can differ between now and J only if it was written
 * since B or appears in a delta strictly after min(B, J) up to max(B, J);
 * each such page gets its newest version at or before J (a binary search in
 * J, then J's predecessors). Mappings are compared run by run (each
 * checkpoint keeps the whole layout, a few runs), so unmapped, newly mapped
 * and re-protected ranges are fixed first.
 *
 * Costs: taking one walks every page entry once (a few µs per thousand
 * mapped pages) and copies the written pages; restoring walks once and
 * copies the pages that differ (mem_page_set compares first, so a page
 * written back to the same contents costs a compare and keeps its
 * translations).
 */
#include "replay/ckpt.h"

#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "emu/mem.h"

#define CKPT_MAX_PARTS 8

struct ckpt_page {
    uint64_t addr;
    uint8_t *data; /* MEM_PAGE_SIZE bytes, owned; NULL = a page of zeros */
};

struct ckpt {
    uint64_t id;
    uint64_t icount;
    uint32_t sub;
    uint32_t flags;              /* the owner's */
    struct cpu_state cpu;        /* architectural fields are what count */
    uint8_t *os;                 /* lnx_state_save blob, owned */
    size_t os_len;
    struct ckpt_blob parts[CKPT_MAX_PARTS];
    unsigned nparts;
    struct ckpt_run *runs;       /* the whole layout, in address order */
    size_t nruns;
    struct ckpt_page *pages;     /* the delta, in address order */
    size_t npages;
    uint64_t data_pages;         /* pages with data (not zeros) */
    uint64_t bytes;              /* host memory held */
};

struct ckpt_part {
    const char *name;
    ckpt_save_fn save;
    ckpt_load_fn load;
    void *opaque;
};

struct ckpt_store {
    struct machine *m;           /* borrowed */
    struct ckpt **v;             /* sorted by (icount, sub) */
    size_t n, cap;
    struct ckpt *base;           /* the state derives from it (or NULL) */
    uint32_t base_gen;           /* mem generation started at the base */
    uint64_t base_layout_gen;    /* mem layout_gen at the base */
    int layout_known;            /* base_layout_gen is meaningful */
    struct ckpt_part parts[CKPT_MAX_PARTS];
    unsigned nparts;
    uint64_t next_id;
    uint64_t bytes;
};

const char *ckpt_strerror(int code)
{
    switch (code) {
    case CKPT_OK: return "ok";
    case CKPT_E_NOMEM: return "out of memory";
    case CKPT_E_ARGS: return "bad arguments";
    case CKPT_E_PART: return "a checkpoint part could not be saved or loaded";
    case CKPT_E_STATE: return "the machine's process state could not be saved or loaded";
    case CKPT_E_MEM: return "guest mappings could not be restored";
    default: return "unknown checkpoint error";
    }
}

/* Grow *p (elements of `size`) to hold at least `need`. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

int ckpt_blob_put(struct ckpt_blob *b, const void *data, size_t len)
{
    if (grow((void **)&b->data, &b->cap, b->len + len, 1))
        return CKPT_E_NOMEM;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

static int page_is_zero(const uint8_t *b)
{
    uint64_t acc = 0;
    for (size_t i = 0; i < MEM_PAGE_SIZE; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        acc |= w;
    }
    return acc == 0;
}

static void account(struct ckpt *c)
{
    uint64_t b = sizeof *c + c->os_len + c->nruns * sizeof *c->runs +
                 c->npages * sizeof *c->pages + c->data_pages * MEM_PAGE_SIZE;
    for (unsigned i = 0; i < c->nparts; i++)
        b += c->parts[i].len;
    c->bytes = b;
}

static void ckpt_free(struct ckpt *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->npages; i++)
        free(c->pages[i].data);
    for (unsigned i = 0; i < c->nparts; i++)
        free(c->parts[i].data);
    free(c->pages);
    free(c->runs);
    free(c->os);
    free(c);
}

/* ---- store ---- */

int ckpt_store_new(struct ckpt_store **out, struct machine *m)
{
    *out = NULL;
    if (!m)
        return CKPT_E_ARGS;
    struct ckpt_store *st = calloc(1, sizeof *st);
    if (!st)
        return CKPT_E_NOMEM;
    st->m = m;
    st->next_id = 1;
    *out = st;
    return 0;
}

void ckpt_store_free(struct ckpt_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++)
        ckpt_free(st->v[i]);
    free(st->v);
    free(st);
}

int ckpt_add_part(struct ckpt_store *st, const char *name, ckpt_save_fn save,
                  ckpt_load_fn load, void *opaque)
{
    if (st->nparts >= CKPT_MAX_PARTS || !save || !load)
        return CKPT_E_ARGS;
    st->parts[st->nparts++] = (struct ckpt_part){name, save, load, opaque};
    return 0;
}

size_t ckpt_count(const struct ckpt_store *st)
{
    return st->n;
}

struct ckpt *ckpt_at(const struct ckpt_store *st, size_t i)
{
    return i < st->n ? st->v[i] : NULL;
}

struct ckpt *ckpt_base(const struct ckpt_store *st)
{
    return st->base;
}

uint64_t ckpt_store_bytes(const struct ckpt_store *st)
{
    return st->bytes;
}

/* First index whose key is > (icount, sub). */
static size_t upper(const struct ckpt_store *st, uint64_t icount, uint32_t sub)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct ckpt *c = st->v[mid];
        if (c->icount < icount || (c->icount == icount && c->sub <= sub))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t ckpt_index(const struct ckpt_store *st, const struct ckpt *c)
{
    size_t i = upper(st, c->icount, c->sub);
    return i - 1; /* c is in st: the last key <= its own is itself */
}

struct ckpt *ckpt_last_at_or_before(const struct ckpt_store *st, uint64_t icount,
                                    uint32_t max_sub)
{
    size_t i = upper(st, icount, max_sub);
    return i ? st->v[i - 1] : NULL;
}

void ckpt_info(const struct ckpt *c, struct ckpt_info *out)
{
    out->id = c->id;
    out->icount = c->icount;
    out->sub = c->sub;
    out->flags = c->flags;
    out->pages = c->npages;
    out->bytes = c->bytes;
}

uint64_t ckpt_icount(const struct ckpt *c)
{
    return c->icount;
}

uint32_t ckpt_flags(const struct ckpt *c)
{
    return c->flags;
}

void ckpt_set_flags(struct ckpt *c, uint32_t flags)
{
    c->flags = flags;
}

const struct cpu_state *ckpt_cpu(const struct ckpt *c)
{
    return &c->cpu;
}

const uint8_t *ckpt_os(const struct ckpt *c, size_t *len)
{
    *len = c->os_len;
    return c->os;
}

const uint8_t *ckpt_part(const struct ckpt *c, unsigned i, size_t *len)
{
    if (i >= c->nparts) {
        *len = 0;
        return NULL;
    }
    *len = c->parts[i].len;
    return c->parts[i].data;
}

/* Start a new write generation: the machine's state is now exactly c's. */
static void set_base(struct ckpt_store *st, struct ckpt *c)
{
    st->base = c;
    st->base_gen = mem_gen_advance(st->m->mem);
    st->base_layout_gen = st->m->mem->layout_gen;
    st->layout_known = 1;
}

/* ---- take ---- */

struct take_walk {
    struct ckpt *c;
    uint32_t since;     /* pages stamped >= since are in the delta */
    int full;           /* every page is */
    size_t cap_runs, cap_pages;
    int err;
};

static int push_run(struct ckpt_run **runs, size_t *n, size_t *cap, uint64_t page,
                    unsigned prot)
{
    if (*n && (*runs)[*n - 1].end == page && (*runs)[*n - 1].prot == prot) {
        (*runs)[*n - 1].end = page + MEM_PAGE_SIZE;
        return 0;
    }
    if (grow((void **)runs, cap, *n + 1, sizeof **runs))
        return -1;
    (*runs)[(*n)++] = (struct ckpt_run){page, page + MEM_PAGE_SIZE, prot};
    return 0;
}

/* Stamps are compared modulo 2^32 (a generation starts per checkpoint
 * taken or restored; wrapping needs four billion of them). */
static int gen_since(uint32_t gen, uint32_t since)
{
    return (int32_t)(gen - since) >= 0;
}

static int take_page(void *opaque, uint64_t page, unsigned prot, unsigned flags,
                     uint32_t gen, const uint8_t *bytes)
{
    (void)flags;
    struct take_walk *w = opaque;
    struct ckpt *c = w->c;
    if (push_run(&c->runs, &c->nruns, &w->cap_runs, page, prot))
        goto nomem;
    if (!w->full && !gen_since(gen, w->since))
        return 0;
    if (grow((void **)&c->pages, &w->cap_pages, c->npages + 1, sizeof *c->pages))
        goto nomem;
    uint8_t *data = NULL;
    if (!page_is_zero(bytes)) {
        data = malloc(MEM_PAGE_SIZE);
        if (!data)
            goto nomem;
        memcpy(data, bytes, MEM_PAGE_SIZE);
        c->data_pages++;
    }
    c->pages[c->npages++] = (struct ckpt_page){page, data};
    return 0;
nomem:
    w->err = CKPT_E_NOMEM;
    return 1;
}

int ckpt_take(struct ckpt_store *st, uint32_t sub, struct ckpt **out)
{
    struct machine *m = st->m;
    uint64_t icount = m->cpu.icount;
    size_t pos = upper(st, icount, sub);
    if (pos && st->v[pos - 1]->icount == icount && st->v[pos - 1]->sub == sub) {
        /* Same position, same state: make it the base (smaller deltas). */
        set_base(st, st->v[pos - 1]);
        if (out)
            *out = st->v[pos - 1];
        return 0;
    }
    if (grow((void **)&st->v, &st->cap, st->n + 1, sizeof *st->v))
        return CKPT_E_NOMEM;
    struct ckpt *c = calloc(1, sizeof *c);
    if (!c)
        return CKPT_E_NOMEM;
    int rc = CKPT_E_NOMEM;
    c->icount = icount;
    c->sub = sub;
    cpu_state_assign(&c->cpu, &m->cpu);
    size_t osb = lnx_state_bytes(m);
    if (osb) {
        c->os = malloc(osb);
        if (!c->os)
            goto fail;
        c->os_len = osb;
        if (lnx_state_save(m, c->os, osb)) {
            rc = CKPT_E_STATE;
            goto fail;
        }
    }
    for (unsigned i = 0; i < st->nparts; i++) {
        c->nparts = i + 1;
        if (st->parts[i].save(st->parts[i].opaque, m, &c->parts[i])) {
            rc = CKPT_E_PART;
            goto fail;
        }
    }
    /* The first checkpoint in order, or one taken without a base (the
     * base was dropped), holds every page. */
    int full = pos == 0 || !st->base || ckpt_index(st, st->base) >= pos;
    struct take_walk w = {.c = c, .since = st->base_gen, .full = full};
    mem_walk_gen(m->mem, take_page, &w);
    if (w.err) {
        rc = w.err;
        goto fail;
    }
    account(c);
    c->id = st->next_id++;
    memmove(&st->v[pos + 1], &st->v[pos], (st->n - pos) * sizeof *st->v);
    st->v[pos] = c;
    st->n++;
    st->bytes += c->bytes;
    set_base(st, c);
    if (out)
        *out = c;
    return 0;
fail:
    ckpt_free(c);
    return rc;
}

/* ---- restore ---- */

/* The newest version of the page at addr at or before checkpoint index j:
 * its entry, or NULL if no checkpoint has it (then: zeros). */
static const struct ckpt_page *version(const struct ckpt_store *st, size_t j,
                                       uint64_t addr)
{
    for (size_t k = j + 1; k-- > 0;) {
        const struct ckpt *c = st->v[k];
        size_t lo = 0, hi = c->npages;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (c->pages[mid].addr < addr)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < c->npages && c->pages[lo].addr == addr)
            return &c->pages[lo];
    }
    return NULL;
}

/* Permissions of addr in c's layout, or -1 if not mapped there. */
static int run_prot(const struct ckpt *c, uint64_t addr)
{
    size_t lo = 0, hi = c->nruns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->runs[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->nruns && c->runs[lo].start <= addr)
        return (int)c->runs[lo].prot;
    return -1;
}

static void set_page(struct ckpt_store *st, size_t j, uint64_t addr)
{
    const struct ckpt_page *p = version(st, j, addr);
    mem_page_set(st->m->mem, addr, p ? p->data : NULL);
}

/* The current layout and the pages written since the base. */
struct restore_walk {
    struct ckpt_run *runs;
    size_t nruns, cap_runs;
    uint64_t *dirty;
    size_t ndirty, cap_dirty;
    uint32_t since;
    int want_dirty;
    int err;
};

static int restore_page(void *opaque, uint64_t page, unsigned prot, unsigned flags,
                        uint32_t gen, const uint8_t *bytes)
{
    (void)flags;
    (void)bytes;
    struct restore_walk *w = opaque;
    if (push_run(&w->runs, &w->nruns, &w->cap_runs, page, prot))
        goto nomem;
    if (w->want_dirty && gen_since(gen, w->since)) {
        if (grow((void **)&w->dirty, &w->cap_dirty, w->ndirty + 1, sizeof *w->dirty))
            goto nomem;
        w->dirty[w->ndirty++] = page;
    }
    return 0;
nomem:
    w->err = CKPT_E_NOMEM;
    return 1;
}

/* Unmap [a, end), dropping translations of code pages first (unmapping
 * alone would leave them for whatever gets mapped there later). */
static int unmap_range(struct mem *mem, uint64_t a, uint64_t end)
{
    for (uint64_t p = a; p < end; p += MEM_PAGE_SIZE) {
        unsigned fl = 0;
        if (mem_query(mem, p, NULL, &fl) == 0 && (fl & MEM_PF_CODE) && mem->code_write)
            mem->code_write(mem->code_opaque, p, MEM_PAGE_SIZE);
    }
    return mem_unmap(mem, a, end - a);
}

static int layout_page(void *opaque, uint64_t page, unsigned prot, unsigned flags,
                       uint32_t gen, const uint8_t *bytes)
{
    (void)flags;
    (void)gen;
    (void)bytes;
    struct restore_walk *w = opaque;
    if (push_run(&w->runs, &w->nruns, &w->cap_runs, page, prot)) {
        w->err = CKPT_E_NOMEM;
        return 1;
    }
    return 0;
}

int ckpt_layout_of(const struct mem *mem, struct ckpt_run **runs, size_t *n)
{
    struct restore_walk w = {0};
    mem_walk_gen(mem, layout_page, &w);
    if (w.err) {
        free(w.runs);
        return w.err;
    }
    *runs = w.runs;
    *n = w.nruns;
    return 0;
}

int ckpt_layout_apply(struct mem *mem, const struct ckpt_run *cur, size_t ncur,
                      const struct ckpt_run *want, size_t nwant, ckpt_new_range_fn on_new,
                      void *opaque)
{
    size_t i = 0, k = 0;
    uint64_t a = 0;
    for (;;) {
        while (i < ncur && cur[i].end <= a)
            i++;
        while (k < nwant && want[k].end <= a)
            k++;
        if (i == ncur && k == nwant)
            break;
        int in_c = i < ncur && cur[i].start <= a;
        int in_w = k < nwant && want[k].start <= a;
        uint64_t next_c = i < ncur ? (in_c ? cur[i].end : cur[i].start) : UINT64_MAX;
        uint64_t next_w = k < nwant ? (in_w ? want[k].end : want[k].start) : UINT64_MAX;
        uint64_t end = next_c < next_w ? next_c : next_w;
        if (in_c && !in_w) {
            if (unmap_range(mem, a, end))
                return CKPT_E_MEM;
        } else if (!in_c && in_w) {
            if (mem_map(mem, a, end - a, want[k].prot))
                return CKPT_E_MEM;
            if (on_new)
                on_new(opaque, a, end);
        } else if (in_c && in_w && cur[i].prot != want[k].prot) {
            if (mem_protect(mem, a, end - a, want[k].prot))
                return CKPT_E_MEM;
        }
        a = end;
    }
    return 0;
}

/* Pages mapped anew by a restore get J's contents. */
struct fill_ctx {
    struct ckpt_store *st;
    size_t j;
};

static void fill_new(void *opaque, uint64_t a, uint64_t end)
{
    struct fill_ctx *f = opaque;
    for (uint64_t p = a; p < end; p += MEM_PAGE_SIZE)
        set_page(f->st, f->j, p);
}

static int apply_layout(struct ckpt_store *st, size_t j, const struct ckpt_run *cur,
                        size_t ncur)
{
    const struct ckpt *J = st->v[j];
    struct fill_ctx f = {st, j};
    return ckpt_layout_apply(st->m->mem, cur, ncur, J->runs, J->nruns, fill_new, &f);
}

static int same_layout(const struct ckpt *a, const struct ckpt *b)
{
    return a->nruns == b->nruns &&
           memcmp(a->runs, b->runs, a->nruns * sizeof *a->runs) == 0;
}

int ckpt_restore(struct ckpt_store *st, struct ckpt *J)
{
    struct machine *m = st->m;
    size_t j = ckpt_index(st, J);
    struct restore_walk w = {.since = st->base_gen, .want_dirty = st->base != NULL};
    int rc = 0;
    mem_walk_gen(m->mem, restore_page, &w);
    if (w.err) {
        rc = w.err;
        goto out;
    }
    int layout_same = st->base && st->layout_known &&
                      m->mem->layout_gen == st->base_layout_gen && same_layout(st->base, J);
    if (!layout_same && (rc = apply_layout(st, j, w.runs, w.nruns)))
        goto out;
    if (!st->base) {
        /* No base: every page of J. */
        for (size_t r = 0; r < J->nruns; r++)
            for (uint64_t p = J->runs[r].start; p < J->runs[r].end; p += MEM_PAGE_SIZE)
                set_page(st, j, p);
    } else {
        for (size_t d = 0; d < w.ndirty; d++)
            if (run_prot(J, w.dirty[d]) >= 0)
                set_page(st, j, w.dirty[d]);
        size_t b = ckpt_index(st, st->base);
        size_t lo = b < j ? b : j, hi = b < j ? j : b;
        for (size_t k = lo + 1; k <= hi; k++) {
            const struct ckpt *c = st->v[k];
            for (size_t q = 0; q < c->npages; q++)
                if (run_prot(J, c->pages[q].addr) >= 0)
                    set_page(st, j, c->pages[q].addr);
        }
    }
    cpu_state_assign(&m->cpu, &J->cpu);
    if (J->os_len && lnx_state_load(m, J->os, J->os_len)) {
        rc = CKPT_E_STATE;
        goto out;
    }
    for (unsigned i = 0; i < st->nparts && i < J->nparts; i++)
        if (st->parts[i].load(st->parts[i].opaque, m, J->parts[i].data, J->parts[i].len)) {
            rc = CKPT_E_PART;
            goto out;
        }
    set_base(st, J);
out:
    if (rc) {
        st->base = NULL; /* the state is unknown: the next restore is full */
        st->layout_known = 0;
    }
    free(w.runs);
    free(w.dirty);
    return rc;
}

/* ---- drop ---- */

int ckpt_drop(struct ckpt_store *st, struct ckpt *K)
{
    size_t i = ckpt_index(st, K);
    struct ckpt *next = i + 1 < st->n ? st->v[i + 1] : NULL;
    struct ckpt_page *u = NULL;
    if (next && K->npages) {
        u = malloc((K->npages + next->npages) * sizeof *u);
        if (!u)
            return CKPT_E_NOMEM; /* cannot merge: keep K */
    }
    if (st->base == K) {
        /* The machine's state derives from K: what K's pages hold differs
         * from K's predecessor, so count them as written since. */
        for (size_t q = 0; q < K->npages; q++)
            mem_gen_touch(st->m->mem, K->pages[q].addr);
        st->base = i ? st->v[i - 1] : NULL;
        st->layout_known = 0;
    }
    st->bytes -= K->bytes;
    if (u) {
        /* Merge: next's pages win; K's others move over. */
        st->bytes -= next->bytes;
        size_t a = 0, b = 0, n = 0;
        while (a < K->npages || b < next->npages) {
            if (b == next->npages ||
                (a < K->npages && K->pages[a].addr < next->pages[b].addr)) {
                u[n++] = K->pages[a];
                if (K->pages[a].data)
                    next->data_pages++;
                K->pages[a++].data = NULL;
            } else if (a == K->npages || next->pages[b].addr < K->pages[a].addr) {
                u[n++] = next->pages[b++];
            } else {
                u[n++] = next->pages[b++];
                a++; /* K's copy is freed with K */
            }
        }
        free(next->pages);
        next->pages = u;
        next->npages = n;
        account(next);
        st->bytes += next->bytes;
    }
    memmove(&st->v[i], &st->v[i + 1], (st->n - i - 1) * sizeof *st->v);
    st->n--;
    ckpt_free(K);
    return 0;
}
