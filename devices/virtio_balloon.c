/*
 * virtio_balloon.c — the virtio memory balloon (behaviour and spec
 * references in virtio_balloon.h). It supplies the transport with an id,
 * queue sizes, config accessors and a notify callback; everything about
 * rings lives in virtio_mmio.c.
 *
 * Page markers live in the bus (one bit per RAM page); this device is their
 * only writer, keeps the count, and saves them as runs of pages with its
 * state, so a checkpoint restores exactly which pages the guest gave away.
 */
#include "devices/virtio_balloon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/bus.h"

#define BALLOON_STATE_MAGIC 0x4e4c4142u /* "BALN" */
#define BALLOON_STATE_VERSION 1
#define STAT_ENTRY_BYTES 10 /* le16 tag + le64 val, packed (§5.5.6.3) */

const struct dev_ops balloon_dev_ops = {"virtio-balloon", balloon_read,
                                        balloon_write, balloon_reset,
                                        balloon_save, balloon_load};

static void emit(struct balloon *b, struct dev_event *ev, uint32_t kind)
{
    dev_emit(b->p.event, b->p.event_opaque, b->p.name, ev, kind);
}

static uint32_t queue_num_max(void *dev, unsigned q)
{
    struct balloon *b = dev;
    if (q == BALLOON_Q_STATS && !b->p.cfg.stats)
        return 0; /* statsq exists only with STATS_VQ (§5.5.2) */
    return q <= BALLOON_Q_STATS ? BALLOON_QUEUE_NUM_MAX : 0;
}

static uint32_t config_read(void *dev, uint32_t off, unsigned size)
{
    struct balloon *b = dev;
    uint8_t cfg[BALLOON_CONFIG_SIZE];
    uint32_t v = 0;
    dev_put_le32(cfg, b->num_pages);
    dev_put_le32(cfg + 4, b->actual);
    for (unsigned i = size; i-- > 0;)
        v = v << 8 | cfg[off + i];
    return v;
}

static void config_write(void *dev, uint32_t off, uint32_t val, unsigned size)
{
    struct balloon *b = dev;
    /* Only `actual` is the driver's; num_pages writes are ignored. */
    for (unsigned i = 0; i < size; i++, val >>= 8)
        if (off + i >= 4) {
            unsigned sh = 8 * (off + i - 4);
            b->actual = (b->actual & ~(0xffu << sh)) | (val & 0xff) << sh;
        }
}

/* Give every ballooned page back (device reset): the driver that owned
 * them is gone, so they return to the guest without a deflate request. */
static void release_all(struct balloon *b)
{
    uint32_t pfns[BALLOON_EVENT_PFNS];
    size_t n = 0;
    uint64_t page;
    while (bus_ram_next_ballooned(b->p.bus, 0, &page) == 1) {
        bus_ram_set_ballooned(b->p.bus, page, 0, 0);
        b->pages--;
        pfns[n++] = (uint32_t)(page >> VIRTIO_BALLOON_PFN_SHIFT);
        uint64_t more;
        if (n == BALLOON_EVENT_PFNS ||
            bus_ram_next_ballooned(b->p.bus, page, &more) != 1) {
            struct dev_event ev = {0};
            ev.a = BALLOON_DEFL_RESET;
            ev.pfns = pfns;
            ev.n_pfns = n;
            emit(b, &ev, DEV_EV_BALLOON_DEFLATE);
            n = 0;
        }
    }
}

static void device_reset(void *dev)
{
    struct balloon *b = dev;
    release_all(b);
    b->actual = 0;
    b->stats_held = 0;
    b->stats_head = 0;
    b->oom_hint = 0;
    /* num_pages is the host's target: it survives a reset. */
}

/* Inflate or deflate the pages listed in one buffer. */
static void take_pfns(struct balloon *b, int inflate, uint32_t defl_flags)
{
    uint32_t pfns[BALLOON_EVENT_PFNS];
    uint8_t raw[4 * BALLOON_EVENT_PFNS];
    uint64_t total = b->chain.readable / 4;
    if (total > BALLOON_MAX_PFNS)
        total = BALLOON_MAX_PFNS; /* more than any driver sends */
    for (uint64_t done = 0; done < total;) {
        size_t n = total - done < BALLOON_EVENT_PFNS ? (size_t)(total - done)
                                                     : BALLOON_EVENT_PFNS;
        if (vmmio_chain_read(&b->vm, &b->chain, 4 * done, raw, 4 * n) !=
            (long)(4 * n))
            return;
        struct dev_event ev = {0};
        for (size_t i = 0; i < n; i++) {
            pfns[i] = dev_get_le32(raw + 4 * i);
            uint64_t gpa = (uint64_t)pfns[i] << VIRTIO_BALLOON_PFN_SHIFT;
            if (bus_ram_set_ballooned(b->p.bus, gpa, inflate, 1) == 1)
                b->pages += inflate ? 1 : (uint64_t)-1;
            else
                ev.c++; /* outside RAM, or already in that state */
        }
        ev.pfns = pfns;
        ev.n_pfns = n;
        if (inflate) {
            emit(b, &ev, DEV_EV_BALLOON_INFLATE);
        } else {
            /* Below the target: the host did not ask for these (§5.5.6.1;
             * UNSURE: the spec's DEFLATE_ON_OOM sentence says "num_pages
             * is less than or equal to the actual number", read here as
             * the evident intent: the balloon is at or below target). */
            ev.a = defl_flags;
            if (b->pages < b->num_pages) {
                ev.a |= BALLOON_DEFL_OOM;
                if (!vmmio_has_feature(&b->vm,
                                       VIRTIO_BALLOON_F_DEFLATE_ON_OOM))
                    ev.a |= BALLOON_DEFL_NOT_NEGOTIATED;
            }
            emit(b, &ev, DEV_EV_BALLOON_DEFLATE);
        }
        done += n;
    }
}

/* Parse a stats buffer into the table and report it. */
static void take_stats(struct balloon *b)
{
    uint64_t entries = b->chain.readable / STAT_ENTRY_BYTES;
    struct dev_event ev = {0};
    if (entries > BALLOON_MAX_STATS)
        entries = BALLOON_MAX_STATS;
    for (uint64_t i = 0; i < entries; i++) {
        uint8_t e[STAT_ENTRY_BYTES];
        if (vmmio_chain_read(&b->vm, &b->chain, STAT_ENTRY_BYTES * i, e,
                             sizeof e) != (long)sizeof e)
            return;
        uint16_t tag = dev_get_le16(e);
        if (tag >= VIRTIO_BALLOON_S_NR) {
            ev.c++; /* unknown tags are ignored (§5.5.6.3.2) */
            continue;
        }
        b->stats[tag] = dev_get_le64(e + 2);
        ev.a |= 1u << tag;
    }
    b->stats_valid |= (uint32_t)ev.a;
    ev.b = entries;
    ev.stats = b->stats;
    ev.n_stats = VIRTIO_BALLOON_S_NR;
    emit(b, &ev, DEV_EV_BALLOON_STATS);
}

static void queue_notify(void *dev, unsigned q)
{
    struct balloon *b = dev;
    int used = 0;
    uint32_t defl_flags = 0;
    if (q == BALLOON_Q_DEFLATE && b->oom_hint) {
        defl_flags = BALLOON_DEFL_OOM | BALLOON_DEFL_HINT;
        b->oom_hint = 0;
    }
    while (vmmio_pop(&b->vm, q, &b->chain) == 1) {
        if (q == BALLOON_Q_STATS) {
            if (b->stats_held) { /* the driver broke "at most one buffer"
                                    (§5.5.6.3.1): hand the old one back */
                vmmio_push(&b->vm, q, b->stats_head, 0);
                used = 1;
            }
            take_stats(b);
            b->stats_held = 1;
            b->stats_head = b->chain.head;
            continue;
        }
        take_pfns(b, q == BALLOON_Q_INFLATE, defl_flags);
        /* Acknowledge by using the buffer (§5.5.6 step 4). */
        if (vmmio_push(&b->vm, q, b->chain.head, 0) == 0)
            used = 1;
    }
    if (used)
        vmmio_notify(&b->vm, q);
}

static const struct vmmio_device_ops balloon_vmmio_ops = {
    .device_id = VIRTIO_ID_BALLOON,
    .num_queues = 3,
    .config_size = BALLOON_CONFIG_SIZE,
    .queue_num_max = queue_num_max,
    .config_read = config_read,
    .config_write = config_write,
    .queue_notify = queue_notify,
    .reset = device_reset,
};

/* The bus saw an access to a ballooned page. */
static void on_touch(void *opaque, uint64_t gpa, int is_write, int by_dma)
{
    struct balloon *b = opaque;
    struct dev_event ev = {0};
    b->violations++;
    ev.a = gpa;
    ev.b = gpa >> VIRTIO_BALLOON_PFN_SHIFT;
    ev.c = (is_write ? BALLOON_VIOL_WRITE : 0) |
           (by_dma ? BALLOON_VIOL_DMA : 0) |
           (vmmio_has_feature(&b->vm, VIRTIO_BALLOON_F_MUST_TELL_HOST)
                ? BALLOON_VIOL_MUST_TELL_HOST
                : 0);
    emit(b, &ev, DEV_EV_BALLOON_VIOLATION);
}

struct balloon *balloon_new(const struct balloon_params *p)
{
    if (!p || !p->bus)
        return NULL;
    struct balloon *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->p = *p;
    struct vmmio_config vc = {
        .name = p->name,
        .ops = &balloon_vmmio_ops,
        .dev = b,
        .device_features =
            (p->cfg.must_tell_host ? 1ull << VIRTIO_BALLOON_F_MUST_TELL_HOST
                                   : 0) |
            (p->cfg.stats ? 1ull << VIRTIO_BALLOON_F_STATS_VQ : 0) |
            (p->cfg.deflate_on_oom ? 1ull << VIRTIO_BALLOON_F_DEFLATE_ON_OOM
                                   : 0),
        .bus = p->bus,
        .irq = p->irq,
        .event = p->event,
        .event_opaque = p->event_opaque,
    };
    if (vmmio_init(&b->vm, &vc)) {
        free(b);
        return NULL;
    }
    bus_set_balloon_touch_cb(p->bus, on_touch, b);
    return b;
}

void balloon_free(struct balloon *b)
{
    if (!b)
        return;
    if (b->p.bus->balloon_touch_opaque == b)
        bus_set_balloon_touch_cb(b->p.bus, NULL, NULL);
    vmmio_fini(&b->vm);
    free(b);
}

void balloon_set_target(struct balloon *b, uint32_t num_pages)
{
    struct dev_event ev = {0};
    uint32_t old = b->num_pages;
    b->num_pages = num_pages;
    ev.a = num_pages;
    ev.b = old;
    emit(b, &ev, DEV_EV_BALLOON_TARGET);
    if (num_pages != old)
        vmmio_config_changed(&b->vm);
}

int balloon_request_stats(struct balloon *b)
{
    if (!b->stats_held || !vmmio_running(&b->vm) ||
        !vmmio_has_feature(&b->vm, VIRTIO_BALLOON_F_STATS_VQ))
        return 0;
    b->stats_held = 0;
    if (vmmio_push(&b->vm, BALLOON_Q_STATS, b->stats_head, 0))
        return 0;
    vmmio_notify(&b->vm, BALLOON_Q_STATS);
    return 1;
}

void balloon_hint_oom(struct balloon *b)
{
    b->oom_hint = 1;
}

uint64_t balloon_read(void *opaque, uint64_t offset, unsigned size)
{
    struct balloon *b = opaque;
    return vmmio_read(&b->vm, offset, size);
}

void balloon_write(void *opaque, uint64_t offset, uint64_t val,
                   unsigned size)
{
    struct balloon *b = opaque;
    vmmio_write(&b->vm, offset, val, size);
}

void balloon_reset(void *opaque)
{
    struct balloon *b = opaque;
    vmmio_reset(&b->vm); /* calls device_reset */
}

/* Ballooned pages from `page` on, within one RAM range (so that load,
 * which checks each run against one range, accepts what save wrote). */
static uint64_t run_pages(const struct bus *bus, uint64_t page)
{
    uint64_t n = 1;
    while (bus_ram_check(bus, page, (n + 1) << BUS_PAGE_SHIFT) == 0 &&
           bus_ram_is_ballooned(bus, page + (n << BUS_PAGE_SHIFT)))
        n++;
    return n;
}

int balloon_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    const struct balloon *b = opaque;
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, BALLOON_STATE_MAGIC, BALLOON_STATE_VERSION);
    vmmio_save(&b->vm, &w);
    dev_sw_u32(&w, b->num_pages);
    dev_sw_u32(&w, b->actual);
    for (unsigned i = 0; i < VIRTIO_BALLOON_S_NR; i++)
        dev_sw_u64(&w, b->stats[i]);
    dev_sw_u32(&w, b->stats_valid);
    dev_sw_u32(&w, b->stats_held);
    dev_sw_u16(&w, b->stats_head);
    dev_sw_u32(&w, b->oom_hint);
    dev_sw_u64(&w, b->violations);
    /* Ballooned pages as runs (start address, page count), in order. */
    uint64_t runs = 0, page, n;
    for (uint64_t from = 0;
         bus_ram_next_ballooned(b->p.bus, from, &page) == 1;
         from = page + n * BUS_PAGE_SIZE) {
        n = run_pages(b->p.bus, page);
        runs++;
    }
    dev_sw_u64(&w, runs);
    for (uint64_t from = 0;
         bus_ram_next_ballooned(b->p.bus, from, &page) == 1;
         from = page + n * BUS_PAGE_SIZE) {
        n = run_pages(b->p.bus, page);
        dev_sw_u64(&w, page);
        dev_sw_u64(&w, n);
    }
    return dev_sw_finish(&w, len);
}

int balloon_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct balloon *b = opaque;
    struct vmmio vm;
    struct dev_sr r;
    uint64_t stats[VIRTIO_BALLOON_S_NR];
    dev_sr_init(&r, buf, len, BALLOON_STATE_MAGIC, BALLOON_STATE_VERSION);
    vmmio_load(&b->vm, &vm, &r);
    uint32_t num_pages = dev_sr_u32(&r);
    uint32_t actual = dev_sr_u32(&r);
    for (unsigned i = 0; i < VIRTIO_BALLOON_S_NR; i++)
        stats[i] = dev_sr_u64(&r);
    uint32_t stats_valid = dev_sr_u32(&r);
    uint32_t stats_held = dev_sr_u32(&r);
    uint16_t stats_head = dev_sr_u16(&r);
    uint32_t oom_hint = dev_sr_u32(&r);
    uint64_t violations = dev_sr_u64(&r);
    dev_sr_check(&r, stats_valid >> VIRTIO_BALLOON_S_NR == 0 &&
                         stats_held <= 1 && oom_hint <= 1);
    if (stats_held && !r.bad)
        dev_sr_check(&r, vm.q[BALLOON_Q_STATS].ready &&
                             stats_head < vm.q[BALLOON_Q_STATS].num);
    /* Runs: each inside one RAM range, ascending, not overlapping (they
     * touch only where RAM ranges meet). */
    uint64_t runs = dev_sr_u64(&r), pages = 0;
    size_t runs_at = r.off;
    uint64_t prev_end = 0;
    for (uint64_t i = 0; i < runs && !r.bad; i++) {
        uint64_t start = dev_sr_u64(&r), n = dev_sr_u64(&r);
        dev_sr_check(&r, n && !(start & BUS_PAGE_MASK) &&
                             n <= UINT64_MAX >> BUS_PAGE_SHIFT &&
                             (i == 0 || start >= prev_end) &&
                             bus_ram_check(b->p.bus, start,
                                           n << BUS_PAGE_SHIFT) == 0);
        prev_end = start + (n << BUS_PAGE_SHIFT);
        pages += n;
    }
    int rc = dev_sr_finish(&r);
    if (rc)
        return rc;
    /* Commit: markers first (the change callback lets the machine update
     * its page protection), then the registers. */
    uint64_t page;
    while (bus_ram_next_ballooned(b->p.bus, 0, &page) == 1)
        bus_ram_set_ballooned(b->p.bus, page, 0, 0);
    r.off = runs_at;
    for (uint64_t i = 0; i < runs; i++) {
        uint64_t start = dev_sr_u64(&r), n = dev_sr_u64(&r);
        for (uint64_t k = 0; k < n; k++)
            bus_ram_set_ballooned(b->p.bus, start + (k << BUS_PAGE_SHIFT), 1,
                                  0);
    }
    b->vm = vm;
    b->num_pages = num_pages;
    b->actual = actual;
    b->pages = pages;
    memcpy(b->stats, stats, sizeof stats);
    b->stats_valid = stats_valid;
    b->stats_held = stats_held;
    b->stats_head = stats_head;
    b->oom_hint = oom_hint;
    b->violations = violations;
    vmmio_sync_irq(&b->vm);
    return 0;
}

void balloon_config_default(struct balloon_config *cfg)
{
    cfg->must_tell_host = 1;
    cfg->stats = 1;
    cfg->deflate_on_oom = 0;
    cfg->stats_interval_ns = 0;
}

static int parse_bool(const char *v, size_t n, int *out)
{
    if (n == 2 && !memcmp(v, "on", 2))
        *out = 1;
    else if (n == 3 && !memcmp(v, "off", 3))
        *out = 0;
    else
        return -1;
    return 0;
}

static int parse_duration(const char *v, size_t n, uint64_t *ns)
{
    static const struct { const char *unit; uint64_t ns; } units[] = {
        {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}, {"", 1000000000}};
    uint64_t x = 0;
    size_t i = 0;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++) {
        if (x > (UINT64_MAX - 9) / 10)
            return -1;
        x = x * 10 + (uint64_t)(v[i] - '0');
    }
    if (i == 0)
        return -1;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (n - i == strlen(units[u].unit) &&
            !memcmp(v + i, units[u].unit, n - i)) {
            if (x > UINT64_MAX / units[u].ns)
                return -1;
            *ns = x * units[u].ns;
            return 0;
        }
    return -1;
}

int balloon_parse_opts(const char *s, struct balloon_config *cfg, char *err,
                       size_t errlen)
{
    struct balloon_config c = *cfg;
    while (s && *s) {
        size_t len = strcspn(s, ",");
        const char *eq = memchr(s, '=', len);
        if (!eq)
            goto bad;
        size_t klen = (size_t)(eq - s), vlen = len - klen - 1;
        const char *v = eq + 1;
        int rc = -1;
        if (klen == 14 && !memcmp(s, "deflate-on-oom", 14))
            rc = parse_bool(v, vlen, &c.deflate_on_oom);
        else if (klen == 14 && !memcmp(s, "must-tell-host", 14))
            rc = parse_bool(v, vlen, &c.must_tell_host);
        else if (klen == 5 && !memcmp(s, "stats", 5))
            rc = parse_bool(v, vlen, &c.stats);
        else if (klen == 14 && !memcmp(s, "stats-interval", 14)) {
            rc = parse_duration(v, vlen, &c.stats_interval_ns);
            if (!rc && c.stats_interval_ns)
                c.stats = 1;
        }
        if (rc)
            goto bad;
        s += len;
        if (*s == ',')
            s++;
        continue;
    bad:
        if (err && errlen)
            snprintf(err, errlen, "--balloon: bad option '%.*s' (want "
                     "deflate-on-oom|must-tell-host|stats=on|off, "
                     "stats-interval=N[ns|us|ms|s])", (int)len, s);
        return DEV_E_INVAL;
    }
    if (c.stats_interval_ns && !c.stats) {
        if (err && errlen)
            snprintf(err, errlen,
                     "--balloon: stats-interval needs stats=on");
        return DEV_E_INVAL;
    }
    *cfg = c;
    return 0;
}
