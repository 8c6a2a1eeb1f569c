/*
 * dev_testlib.h — helpers shared by the device tests and the balloon fuzz
 * target (included, not compiled on its own): a fake machine made of a
 * real bus with one exactly-sized RAM buffer (so ASan sees any access past
 * it), an IRQ line that records its level, an event recorder that copies
 * what it is given, a settable clock, and a minimal virtio-mmio driver that
 * sets up split queues and posts buffers the way Linux's virtio_mmio and
 * virtio_ring do.
 */
#ifndef E2K_TESTS_DEV_TESTLIB_H
#define E2K_TESTS_DEV_TESTLIB_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devices/dev.h"
#include "devices/virtio_mmio.h"
#include "emu/bus.h"
#include "emu/irq.h"

#define TL_RAM_BASE 0x40000000ull
#define TL_MMIO_BASE 0x10000000ull

/* --- IRQ line that remembers its level --- */
struct tl_irq {
    struct irq_line line;
    int level;
    unsigned raises; /* 0 -> 1 transitions */
};

static inline void tl_irq_set(void *opaque, unsigned n, int level)
{
    struct tl_irq *t = opaque;
    (void)n;
    if (level && !t->level)
        t->raises++;
    t->level = level;
}

static inline void tl_irq_init(struct tl_irq *t)
{
    memset(t, 0, sizeof *t);
    irq_init(&t->line, tl_irq_set, t, 0);
}

/* --- clock --- */
struct tl_clock {
    uint64_t now;
    unsigned reads;
};

static inline uint64_t tl_clock_read(void *opaque)
{
    struct tl_clock *c = opaque;
    c->reads++;
    return c->now;
}

/* --- event recorder --- */
#define TL_MAX_EVENTS 64
#define TL_MAX_PFNS 256

struct tl_event {
    uint32_t kind;
    uint64_t a, b, c;
    size_t n_pfns;
    uint32_t pfns[TL_MAX_PFNS];
    uint64_t stats[16];
    char msg[600];
    size_t msg_len;
};

struct tl_events {
    unsigned n;        /* recorded (up to TL_MAX_EVENTS) */
    unsigned total;    /* seen */
    struct tl_event ev[TL_MAX_EVENTS];
};

static inline void tl_event_cb(void *opaque, const struct dev_event *e)
{
    struct tl_events *r = opaque;
    r->total++;
    if (r->n == TL_MAX_EVENTS)
        return;
    struct tl_event *t = &r->ev[r->n++];
    memset(t, 0, sizeof *t);
    t->kind = e->kind;
    t->a = e->a;
    t->b = e->b;
    t->c = e->c;
    t->n_pfns = e->n_pfns;
    if (e->pfns)
        memcpy(t->pfns, e->pfns,
               (e->n_pfns < TL_MAX_PFNS ? e->n_pfns : TL_MAX_PFNS) * 4);
    if (e->stats)
        memcpy(t->stats, e->stats, (e->n_stats < 16 ? e->n_stats : 16) * 8);
    t->msg_len = e->msg_len < sizeof t->msg ? e->msg_len : sizeof t->msg - 1;
    if (e->msg)
        memcpy(t->msg, e->msg, t->msg_len);
}

/* The last recorded event of `kind`, or NULL. */
static inline const struct tl_event *tl_last(const struct tl_events *r,
                                             uint32_t kind)
{
    for (unsigned i = r->n; i-- > 0;)
        if (r->ev[i].kind == kind)
            return &r->ev[i];
    return NULL;
}

static inline unsigned tl_count(const struct tl_events *r, uint32_t kind)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->n; i++)
        n += r->ev[i].kind == kind;
    return n;
}

/* --- a bus with one RAM range --- */
struct tl_machine {
    struct bus *bus;
    uint8_t *ram;      /* exactly ram_size bytes */
    uint64_t ram_size;
    uint64_t written;  /* bytes announced through the written callback */
    unsigned changes;  /* balloon marker changes */
};

static inline void tl_written(void *opaque, uint64_t gpa, size_t len)
{
    struct tl_machine *m = opaque;
    /* DMA writes must stay inside RAM. */
    if (gpa < TL_RAM_BASE || gpa - TL_RAM_BASE > m->ram_size ||
        len > m->ram_size - (gpa - TL_RAM_BASE))
        abort();
    m->written += len;
}

static inline void tl_change(void *opaque, uint64_t page, int on)
{
    struct tl_machine *m = opaque;
    (void)page;
    (void)on;
    m->changes++;
}

static inline int tl_machine_init(struct tl_machine *m, uint64_t ram_size)
{
    memset(m, 0, sizeof *m);
    m->bus = bus_new();
    m->ram = calloc(1, (size_t)ram_size);
    m->ram_size = ram_size;
    if (!m->bus || !m->ram ||
        bus_add_ram(m->bus, TL_RAM_BASE, ram_size, m->ram, NULL, NULL))
        return -1;
    bus_set_written_cb(m->bus, tl_written, m);
    bus_set_balloon_change_cb(m->bus, tl_change, m);
    return 0;
}

static inline void tl_machine_fini(struct tl_machine *m)
{
    bus_free(m->bus);
    free(m->ram);
}

static inline uint8_t *tl_ptr(struct tl_machine *m, uint64_t gpa)
{
    return m->ram + (gpa - TL_RAM_BASE);
}

static inline void tl_put16(struct tl_machine *m, uint64_t gpa, uint16_t v)
{
    uint8_t *p = tl_ptr(m, gpa);
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void tl_put32(struct tl_machine *m, uint64_t gpa, uint32_t v)
{
    dev_put_le32(tl_ptr(m, gpa), v);
}

static inline void tl_put64(struct tl_machine *m, uint64_t gpa, uint64_t v)
{
    tl_put32(m, gpa, (uint32_t)v);
    tl_put32(m, gpa + 4, (uint32_t)(v >> 32));
}

static inline uint16_t tl_get16(struct tl_machine *m, uint64_t gpa)
{
    return dev_get_le16(tl_ptr(m, gpa));
}

static inline uint32_t tl_get32(struct tl_machine *m, uint64_t gpa)
{
    return dev_get_le32(tl_ptr(m, gpa));
}

/* --- a minimal virtio-mmio driver --- */
static inline uint32_t tl_mr(struct tl_machine *m, uint64_t off)
{
    uint64_t v = 0;
    bus_mmio_read(m->bus, TL_MMIO_BASE + off, 4, &v);
    return (uint32_t)v;
}

static inline void tl_mw(struct tl_machine *m, uint64_t off, uint32_t v)
{
    bus_mmio_write(m->bus, TL_MMIO_BASE + off, 4, v);
}

struct tl_vq {
    unsigned q;
    uint32_t num;
    uint64_t desc, avail, used;
    uint16_t avail_idx; /* driver's next available index */
    uint16_t next_desc; /* next free descriptor (no reuse tracking) */
};

/* Status ACKNOWLEDGE|DRIVER, accept `features` (must include VERSION_1),
 * FEATURES_OK. Returns the status read back. */
static inline uint32_t tl_negotiate(struct tl_machine *m, uint64_t features)
{
    tl_mw(m, VIRTIO_MMIO_STATUS, 0);
    tl_mw(m, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    tl_mw(m, VIRTIO_MMIO_STATUS,
          VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    tl_mw(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    tl_mw(m, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    tl_mw(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    tl_mw(m, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
    tl_mw(m, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
                                     VIRTIO_CONFIG_S_DRIVER |
                                     VIRTIO_CONFIG_S_FEATURES_OK);
    return tl_mr(m, VIRTIO_MMIO_STATUS);
}

/* Lay queue q out at gpa `at` (desc, then avail, then used at +4096
 * alignment slack) with `num` entries and make it ready. */
static inline void tl_vq_setup(struct tl_machine *m, struct tl_vq *vq,
                               unsigned q, uint32_t num, uint64_t at)
{
    memset(vq, 0, sizeof *vq);
    vq->q = q;
    vq->num = num;
    vq->desc = at;
    vq->avail = at + 16ull * num;
    vq->used = (vq->avail + 6 + 2ull * num + 3) & ~3ull;
    memset(tl_ptr(m, at), 0, (size_t)(vq->used + 6 + 8ull * num - at));
    tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, q);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NUM, num);
    tl_mw(m, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)vq->desc);
    tl_mw(m, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(vq->desc >> 32));
    tl_mw(m, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)vq->avail);
    tl_mw(m, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (uint32_t)(vq->avail >> 32));
    tl_mw(m, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)vq->used);
    tl_mw(m, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(vq->used >> 32));
    tl_mw(m, VIRTIO_MMIO_QUEUE_READY, 1);
}

static inline void tl_driver_ok(struct tl_machine *m)
{
    tl_mw(m, VIRTIO_MMIO_STATUS, tl_mr(m, VIRTIO_MMIO_STATUS) |
                                     VIRTIO_CONFIG_S_DRIVER_OK);
}

/* Write descriptor i directly. */
static inline void tl_desc(struct tl_machine *m, const struct tl_vq *vq,
                           uint16_t i, uint64_t addr, uint32_t len,
                           uint16_t flags, uint16_t next)
{
    uint64_t d = vq->desc + 16ull * i;
    tl_put64(m, d, addr);
    tl_put32(m, d + 8, len);
    tl_put16(m, d + 12, flags);
    tl_put16(m, d + 14, next);
}

/* Make the chain starting at `head` available (no notify). */
static inline void tl_avail(struct tl_machine *m, struct tl_vq *vq,
                            uint16_t head)
{
    tl_put16(m, vq->avail + 4 + 2ull * (vq->avail_idx % vq->num), head);
    vq->avail_idx++;
    tl_put16(m, vq->avail + 2, vq->avail_idx);
}

/* Post one readable buffer (a single descriptor) and notify. Returns the
 * head used. */
static inline uint16_t tl_post(struct tl_machine *m, struct tl_vq *vq,
                               uint64_t addr, uint32_t len)
{
    uint16_t i = (uint16_t)(vq->next_desc++ % vq->num);
    tl_desc(m, vq, i, addr, len, 0, 0);
    tl_avail(m, vq, i);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, vq->q);
    return i;
}

static inline uint16_t tl_used_idx(struct tl_machine *m,
                                   const struct tl_vq *vq)
{
    return tl_get16(m, vq->used + 2);
}

/* Used element k: id and len. */
static inline void tl_used_elem(struct tl_machine *m, const struct tl_vq *vq,
                                uint16_t k, uint32_t *id, uint32_t *len)
{
    uint64_t e = vq->used + 4 + 8ull * (k % vq->num);
    *id = tl_get32(m, e);
    *len = tl_get32(m, e + 4);
}

#endif
