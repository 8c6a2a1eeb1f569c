/*
 * ckpt_jrnl.c — writing checkpoints into a journal and applying them
 * (ckpt_jrnl.h; byte layout in docs/debugging.md "Checkpoints in the
 * journal").
 *
 * The image is streamed into CHECKPOINT events of at most CJ_CHUNK bytes
 * (a journal event holds at most JRNL_MAX_EVENT_BYTES), each starting with
 * a 16-byte chunk header (magic, index, flags: bit 0 = last). The reader
 * collects the chunks of one checkpoint, then parses the image with every
 * length checked against what is left; nothing from the file is used
 * before it is checked, and the CPU fields that index host arrays are
 * range-checked before the state is installed.
 */
#include "replay/ckpt_jrnl.h"

#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/ckpt.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_writer.h"
#include "replay/state_hash.h"

#define CJ_CHUNK_MAGIC 0x4b43324bu    /* "K2CK" */
#define CJ_IMAGE_MAGIC 0x3130544b50434b45ull /* "EKCPKT01" read as LE u64 */
#define CJ_VERSION 1u
#define CJ_HDR 16u                     /* chunk header bytes */
#define CJ_CHUNK (4u << 20)            /* image bytes per event */
#define CJ_PAGE_ZERO 1u                /* tag bit: a page of zeros */
#define CJ_PAGES_END UINT64_MAX

/* ---- recorder ---- */

struct cj_out {
    struct jrnl_writer *w;
    uint64_t icount;
    uint8_t *buf;      /* CJ_HDR + CJ_CHUNK bytes */
    size_t len;        /* image bytes in buf */
    uint32_t index;
};

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void cj_flush(struct cj_out *o, int last)
{
    put_le(o->buf, CJ_CHUNK_MAGIC, 4);
    put_le(o->buf + 4, o->index, 4);
    put_le(o->buf + 8, last ? 1u : 0u, 4);
    put_le(o->buf + 12, 0, 4);
    jrnl_put_begin(o->w, JRNL_K_CHECKPOINT, o->icount);
    jrnl_put_bytes(o->w, o->buf, CJ_HDR + o->len);
    jrnl_put_end(o->w);
    o->index++;
    o->len = 0;
}

static void cj_put(struct cj_out *o, const void *p, size_t n)
{
    const uint8_t *s = p;
    while (n) {
        if (o->len == CJ_CHUNK)
            cj_flush(o, 0);
        size_t k = CJ_CHUNK - o->len < n ? CJ_CHUNK - o->len : n;
        memcpy(o->buf + CJ_HDR + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

static void cj_u64(struct cj_out *o, uint64_t v)
{
    uint8_t b[8];
    put_le(b, v, 8);
    cj_put(o, b, 8);
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

struct cj_walk {
    struct cj_out *o;
    uint32_t since;
    int full;
};

static int cj_page(void *opaque, uint64_t page, unsigned prot, unsigned flags,
                   uint32_t gen, const uint8_t *bytes)
{
    (void)prot;
    (void)flags;
    struct cj_walk *w = opaque;
    if (!w->full && (int32_t)(gen - w->since) < 0)
        return 0;
    if (page_is_zero(bytes)) {
        cj_u64(w->o, page | CJ_PAGE_ZERO);
    } else {
        cj_u64(w->o, page);
        cj_put(w->o, bytes, MEM_PAGE_SIZE);
    }
    return 0;
}

void ckpt_jrnl_rec_begin(struct ckpt_jrnl_rec *cr, struct machine *m)
{
    cr->since = mem_gen_advance(m->mem);
    cr->count = 0;
}

int ckpt_jrnl_rec_put(struct ckpt_jrnl_rec *cr, struct machine *m, struct jrnl_writer *w)
{
    struct ckpt_run *runs = NULL;
    size_t nruns = 0;
    size_t osb = lnx_state_bytes(m);
    uint8_t *os = osb ? malloc(osb) : NULL;
    struct cj_out o = {.w = w, .icount = m->cpu.icount, .buf = malloc(CJ_HDR + CJ_CHUNK)};
    if (!o.buf || (osb && (!os || lnx_state_save(m, os, osb))) ||
        ckpt_layout_of(m->mem, &runs, &nruns)) {
        free(o.buf);
        free(os);
        free(runs);
        return -1;
    }
    /* The CPU state without its host pointers. */
    struct cpu_state cpu = m->cpu;
    cpu.mem = NULL;
    cpu.mach = NULL;
    cpu.cur_block = NULL;
    cpu.link_blk = NULL;
    cpu.io = NULL;
    cpu.io_opaque = NULL;
    uint8_t regs[SH_DIGEST_BYTES];
    sh_regs_digest(&m->cpu, regs);
    cj_u64(&o, CJ_IMAGE_MAGIC);
    cj_u64(&o, CJ_VERSION | (uint64_t)sizeof cpu << 32);
    cj_u64(&o, osb);
    cj_u64(&o, m->cpu.icount);
    cj_put(&o, regs, sizeof regs);
    cj_put(&o, &cpu, sizeof cpu);
    if (osb)
        cj_put(&o, os, osb);
    cj_u64(&o, nruns);
    for (size_t i = 0; i < nruns; i++) {
        cj_u64(&o, runs[i].start);
        cj_u64(&o, runs[i].end);
        cj_u64(&o, runs[i].prot);
    }
    struct cj_walk cw = {.o = &o, .since = cr->since, .full = cr->count == 0};
    mem_walk_gen(m->mem, cj_page, &cw);
    cj_u64(&o, CJ_PAGES_END);
    cj_flush(&o, 1);
    cr->since = mem_gen_advance(m->mem);
    cr->count++;
    free(o.buf);
    free(os);
    free(runs);
    return 0;
}

/* ---- reader ---- */

static int chunk_hdr(const struct jrnl_event *ev, uint32_t *index, uint32_t *flags,
                     const uint8_t **data, size_t *len)
{
    struct jrnl_cur c;
    const uint8_t *p;
    uint32_t n;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    if (jrnl_cur_bytes(&c, &p, &n) || n < CJ_HDR)
        return -1;
    uint32_t magic;
    memcpy(&magic, p, 4);
    memcpy(index, p + 4, 4);
    memcpy(flags, p + 8, 4);
    if (magic != CJ_CHUNK_MAGIC)
        return -1;
    *data = p + CJ_HDR;
    *len = n - CJ_HDR;
    return 0;
}

int ckpt_jrnl_scan(struct jrnl_reader *r, struct ckpt_jrnl_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct jrnl_pos zero = {0, 0};
    struct jrnl_err err;
    if (jrnl_reader_restore(r, &zero, &err))
        return 0;
    for (;;) {
        struct jrnl_pos pos;
        jrnl_reader_save(r, &pos);
        struct jrnl_event ev;
        if (jrnl_reader_next(r, &ev, &err) != 1)
            return 0; /* the end, or damage: what came before counts */
        if (ev.kind != JRNL_K_CHECKPOINT)
            continue;
        uint32_t index, flags;
        const uint8_t *data;
        size_t len;
        if (chunk_hdr(&ev, &index, &flags, &data, &len) || index != 0)
            continue;
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            struct ckpt_jrnl_entry *v = realloc(*out, nc * sizeof *v);
            if (!v)
                return -1;
            *out = v;
            cap = nc;
        }
        (*out)[(*n)++] = (struct ckpt_jrnl_entry){ev.icount, pos};
    }
}

struct cj_in {
    const uint8_t *p;
    size_t left;
};

static int in_take(struct cj_in *in, void *dst, size_t n)
{
    if (in->left < n)
        return -1;
    if (dst)
        memcpy(dst, in->p, n);
    in->p += n;
    in->left -= n;
    return 0;
}

static int in_u64(struct cj_in *in, uint64_t *v)
{
    uint8_t b[8];
    if (in_take(in, b, 8))
        return -1;
    *v = 0;
    for (int i = 7; i >= 0; i--)
        *v = *v << 8 | b[i];
    return 0;
}

/* Fields that index host arrays must be in range before the state runs. */
static int cpu_sane(const struct cpu_state *c, unsigned isa)
{
    return c->isa == isa && c->wd_size <= CPU_NR_REGS && c->wd_psize <= c->wd_size &&
           c->br_psz < 32 && c->br_pcur <= c->br_psz && c->br_rcur <= c->br_rsz &&
           2u * c->br_rbs + 2u * (c->br_rsz + 1u) <= CPU_NR_REGS &&
           c->tir_n <= 19 && c->tir_rd <= 19 && c->dam_next < CPU_DAM_N;
}

#define CJ_FAIL(...) (snprintf(msg, cap, __VA_ARGS__), rc = -1)

int ckpt_jrnl_apply(struct jrnl_reader *r, const struct ckpt_jrnl_entry *e,
                    struct machine *m, struct jrnl_pos *after, char *msg, size_t cap)
{
    int rc = 0;
    uint8_t *img = NULL, *os = NULL;
    size_t len = 0, icap = 0;
    struct ckpt_run *want = NULL, *cur = NULL;
    size_t nwant = 0, ncur = 0;
    struct jrnl_err err;
    if (jrnl_reader_restore(r, &e->pos, &err)) {
        CJ_FAIL("journal checkpoint at icount %llu: %s", (unsigned long long)e->icount,
                err.msg);
        goto out;
    }
    /* Collect the chunks. */
    for (uint32_t want_index = 0;; want_index++) {
        struct jrnl_event ev;
        uint32_t index, flags;
        const uint8_t *data;
        size_t n;
        if (jrnl_reader_next(r, &ev, &err) != 1 || ev.kind != JRNL_K_CHECKPOINT ||
            ev.icount != e->icount || chunk_hdr(&ev, &index, &flags, &data, &n) ||
            index != want_index) {
            CJ_FAIL("journal checkpoint at icount %llu: chunk %u missing or damaged",
                    (unsigned long long)e->icount, want_index);
            goto out;
        }
        if (len + n > icap) {
            size_t nc = icap ? icap : 1 << 16;
            while (nc < len + n)
                nc *= 2;
            uint8_t *b = realloc(img, nc);
            if (!b) {
                CJ_FAIL("out of memory");
                goto out;
            }
            img = b;
            icap = nc;
        }
        memcpy(img + len, data, n);
        len += n;
        if (flags & 1)
            break;
    }
    jrnl_reader_save(r, after);

    /* Parse the fixed part. */
    struct cj_in in = {img, len};
    uint64_t magic = 0, ver = 0, osb = 0, icount = 0;
    uint8_t regs[SH_DIGEST_BYTES];
    struct cpu_state cpu;
    if (in_u64(&in, &magic) || in_u64(&in, &ver) || in_u64(&in, &osb) ||
        in_u64(&in, &icount) || in_take(&in, regs, sizeof regs) || magic != CJ_IMAGE_MAGIC ||
        (uint32_t)ver != CJ_VERSION || ver >> 32 != sizeof cpu ||
        osb != lnx_state_bytes(m) || icount != e->icount ||
        in_take(&in, &cpu, sizeof cpu)) {
        CJ_FAIL("journal checkpoint at icount %llu: another format or build (CPU state "
                "%llu bytes, process %llu; this build %zu, %zu)",
                (unsigned long long)e->icount, (unsigned long long)(ver >> 32),
                (unsigned long long)osb, sizeof cpu, lnx_state_bytes(m));
        goto out;
    }
    if (!cpu_sane(&cpu, m->isa) || cpu.icount != icount) {
        CJ_FAIL("journal checkpoint at icount %llu: CPU state out of range",
                (unsigned long long)icount);
        goto out;
    }
    os = osb ? malloc(osb) : NULL;
    uint64_t nruns;
    if ((osb && (!os || in_take(&in, os, osb))) || in_u64(&in, &nruns) ||
        nruns > in.left / 24) {
        CJ_FAIL("journal checkpoint at icount %llu: damaged", (unsigned long long)icount);
        goto out;
    }
    want = malloc((nruns ? nruns : 1) * sizeof *want);
    if (!want) {
        CJ_FAIL("out of memory");
        goto out;
    }
    for (uint64_t i = 0; i < nruns; i++) {
        uint64_t a, b, p;
        in_u64(&in, &a);
        in_u64(&in, &b);
        in_u64(&in, &p);
        if ((a | b) & MEM_PAGE_MASK || a >= b || b > MEM_ADDR_LIMIT || p > 7 ||
            (i && a < want[i - 1].end)) {
            CJ_FAIL("journal checkpoint at icount %llu: bad memory layout",
                    (unsigned long long)icount);
            goto out;
        }
        want[i] = (struct ckpt_run){a, b, (uint32_t)p};
    }
    nwant = nruns;

    /* Apply: layout, pages, registers, process. */
    if (ckpt_layout_of(m->mem, &cur, &ncur) ||
        ckpt_layout_apply(m->mem, cur, ncur, want, nwant, NULL, NULL)) {
        CJ_FAIL("journal checkpoint at icount %llu: cannot map its memory",
                (unsigned long long)icount);
        goto out;
    }
    for (;;) {
        uint64_t tag;
        if (in_u64(&in, &tag)) {
            CJ_FAIL("journal checkpoint at icount %llu: pages cut short",
                    (unsigned long long)icount);
            goto out;
        }
        if (tag == CJ_PAGES_END)
            break;
        uint64_t page = tag & ~MEM_PAGE_MASK;
        const uint8_t *bytes = NULL;
        if (!(tag & CJ_PAGE_ZERO)) {
            bytes = in.p;
            if (in_take(&in, NULL, MEM_PAGE_SIZE)) {
                CJ_FAIL("journal checkpoint at icount %llu: pages cut short",
                        (unsigned long long)icount);
                goto out;
            }
        }
        if (mem_page_set(m->mem, page, bytes) < 0) {
            CJ_FAIL("journal checkpoint at icount %llu: page 0x%llx is not mapped",
                    (unsigned long long)icount, (unsigned long long)page);
            goto out;
        }
        mem_gen_touch(m->mem, page); /* written since the previous checkpoint */
    }
    cpu_state_assign(&m->cpu, &cpu);
    if (osb && lnx_state_load(m, os, osb)) {
        CJ_FAIL("journal checkpoint at icount %llu: bad process state",
                (unsigned long long)icount);
        goto out;
    }
    uint8_t now[SH_DIGEST_BYTES];
    sh_regs_digest(&m->cpu, now);
    if (memcmp(now, regs, sizeof now) != 0)
        CJ_FAIL("journal checkpoint at icount %llu: register digest differs",
                (unsigned long long)icount);
out:
    free(img);
    free(os);
    free(want);
    free(cur);
    return rc;
}
