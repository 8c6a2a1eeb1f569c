/*
 * bus.c — MMIO dispatch and bounds-checked guest-RAM access for devices
 * (API and rules in bus.h).
 *
 * Every DMA access is first resolved to one RAM range with overflow-safe
 * arithmetic, then copied page by page: each page's host pointer comes from
 * the range's flat buffer or its page callback, so no host address is ever
 * computed for guest bytes outside RAM. Writes resolve every page before
 * copying anything, so a failing write leaves the guest untouched.
 */
#include "emu/bus.h"

#include <stdlib.h>
#include <string.h>

struct bus *bus_new(void)
{
    return calloc(1, sizeof(struct bus));
}

void bus_free(struct bus *bus)
{
    if (!bus)
        return;
    for (unsigned i = 0; i < bus->n_ram; i++)
        free(bus->ram[i].ballooned);
    free(bus);
}

/* [a, a+alen) and [b, b+blen) overlap (lengths > 0, no wrap assumed). */
static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static int range_free(const struct bus *bus, uint64_t base, uint64_t size)
{
    for (unsigned i = 0; i < bus->n_ram; i++)
        if (overlaps(base, size, bus->ram[i].base, bus->ram[i].size))
            return 0;
    for (unsigned i = 0; i < bus->n_region; i++)
        if (overlaps(base, size, bus->region[i].base, bus->region[i].size))
            return 0;
    return 1;
}

int bus_add_ram(struct bus *bus, uint64_t base, uint64_t size, uint8_t *host,
                bus_ram_page_fn page_fn, void *page_opaque)
{
    if (!size || (base | size) & BUS_PAGE_MASK || base + size < base ||
        (!host && !page_fn))
        return BUS_E_INVAL;
    if (bus->n_ram == BUS_MAX_RAM)
        return BUS_E_FULL;
    if (!range_free(bus, base, size))
        return BUS_E_OVERLAP;
    uint64_t pages = size >> BUS_PAGE_SHIFT;
    uint64_t *bits = calloc((size_t)((pages + 63) / 64), sizeof(uint64_t));
    if (!bits)
        return BUS_E_NOMEM;
    unsigned i = bus->n_ram;
    while (i > 0 && bus->ram[i - 1].base > base) {
        bus->ram[i] = bus->ram[i - 1];
        i--;
    }
    bus->ram[i] = (struct bus_ram){base, size, host, page_fn, page_opaque,
                                   bits};
    bus->n_ram++;
    return 0;
}

int bus_map_mmio(struct bus *bus, uint64_t base, uint64_t size,
                 bus_read_fn read, bus_write_fn write, void *opaque,
                 const char *name)
{
    if (!size || base + size < base)
        return BUS_E_INVAL;
    if (bus->n_region == BUS_MAX_REGIONS)
        return BUS_E_FULL;
    if (!range_free(bus, base, size))
        return BUS_E_OVERLAP;
    unsigned i = bus->n_region;
    while (i > 0 && bus->region[i - 1].base > base) {
        bus->region[i] = bus->region[i - 1];
        i--;
    }
    bus->region[i] = (struct bus_region){base, size, read, write, opaque, name};
    bus->n_region++;
    return 0;
}

const struct bus_region *bus_find_region(const struct bus *bus, uint64_t addr)
{
    for (unsigned i = 0; i < bus->n_region; i++) {
        const struct bus_region *r = &bus->region[i];
        if (addr >= r->base && addr - r->base < r->size)
            return r;
    }
    return NULL;
}

/* The region holding the whole access, after size/alignment checks. */
static int mmio_lookup(const struct bus *bus, uint64_t addr, unsigned size,
                       const struct bus_region **out)
{
    if ((size != 1 && size != 2 && size != 4 && size != 8) ||
        (addr & (size - 1)))
        return BUS_E_SIZE;
    const struct bus_region *r = bus_find_region(bus, addr);
    if (!r || addr - r->base > r->size - size)
        return BUS_E_UNMAPPED;
    *out = r;
    return 0;
}

int bus_mmio_read(struct bus *bus, uint64_t addr, unsigned size,
                  uint64_t *val)
{
    const struct bus_region *r;
    *val = 0;
    int rc = mmio_lookup(bus, addr, size, &r);
    if (rc)
        return rc;
    if (r->read) {
        uint64_t v = r->read(r->opaque, addr - r->base, size);
        *val = size == 8 ? v : v & ((1ull << (size * 8)) - 1);
    }
    return 0;
}

int bus_mmio_write(struct bus *bus, uint64_t addr, unsigned size,
                   uint64_t val)
{
    const struct bus_region *r;
    int rc = mmio_lookup(bus, addr, size, &r);
    if (rc)
        return rc;
    if (size < 8)
        val &= (1ull << (size * 8)) - 1;
    if (r->write)
        r->write(r->opaque, addr - r->base, val, size);
    return 0;
}

void bus_set_written_cb(struct bus *bus, bus_ram_written_fn fn, void *opaque)
{
    bus->written = fn;
    bus->written_opaque = opaque;
}

void bus_set_balloon_change_cb(struct bus *bus, bus_balloon_change_fn fn,
                               void *opaque)
{
    bus->balloon_change = fn;
    bus->balloon_change_opaque = opaque;
}

void bus_set_balloon_touch_cb(struct bus *bus, bus_balloon_touch_fn fn,
                              void *opaque)
{
    bus->balloon_touch = fn;
    bus->balloon_touch_opaque = opaque;
}

/* The RAM range wholly containing [gpa, gpa+len), len > 0; NULL if none. */
static const struct bus_ram *ram_lookup(const struct bus *bus, uint64_t gpa,
                                        uint64_t len)
{
    for (unsigned i = 0; i < bus->n_ram; i++) {
        const struct bus_ram *r = &bus->ram[i];
        if (gpa >= r->base && gpa - r->base < r->size &&
            len <= r->size - (gpa - r->base))
            return r;
    }
    return NULL;
}

int bus_ram_check(const struct bus *bus, uint64_t gpa, uint64_t len)
{
    return !len || ram_lookup(bus, gpa, len) ? 0 : BUS_E_RANGE;
}

static uint8_t *page_ptr(const struct bus_ram *r, uint64_t page)
{
    if (r->host)
        return r->host + (page - r->base);
    return r->page_fn(r->page_opaque, page);
}

static int bit_get(const struct bus_ram *r, uint64_t page)
{
    uint64_t n = (page - r->base) >> BUS_PAGE_SHIFT;
    return (int)((r->ballooned[n / 64] >> (n % 64)) & 1);
}

/* Report DMA touches of ballooned pages in [gpa, gpa+len) (inside r). */
static void touch_pages(struct bus *bus, const struct bus_ram *r,
                        uint64_t gpa, uint64_t len, int is_write)
{
    if (!bus->n_ballooned)
        return;
    uint64_t end = gpa + len;
    for (uint64_t a = gpa; a < end; a = (a & ~BUS_PAGE_MASK) + BUS_PAGE_SIZE) {
        if (!bit_get(r, a & ~BUS_PAGE_MASK))
            continue;
        if (bus->balloon_touch)
            bus->balloon_touch(bus->balloon_touch_opaque, a, is_write, 1);
    }
}

/* Copy len bytes between guest [gpa..] and buf, page by page. */
static int ram_copy(struct bus *bus, uint64_t gpa, void *buf, size_t len,
                    int is_write)
{
    if (!len)
        return 0;
    const struct bus_ram *r = ram_lookup(bus, gpa, len);
    if (!r)
        return BUS_E_RANGE;
    uint64_t end = gpa + len;
    if (!r->host) /* resolve every page first: all-or-nothing */
        for (uint64_t p = gpa & ~BUS_PAGE_MASK; p < end; p += BUS_PAGE_SIZE)
            if (!page_ptr(r, p))
                return BUS_E_RANGE;
    touch_pages(bus, r, gpa, len, is_write);
    uint8_t *b = buf;
    for (uint64_t a = gpa; a < end;) {
        uint64_t page = a & ~BUS_PAGE_MASK;
        uint64_t n = page + BUS_PAGE_SIZE - a;
        if (n > end - a)
            n = end - a;
        uint8_t *host = page_ptr(r, page) + (a - page);
        if (is_write) {
            memcpy(host, b, (size_t)n);
            if (bus->written)
                bus->written(bus->written_opaque, a, (size_t)n);
        } else {
            memcpy(b, host, (size_t)n);
        }
        b += n;
        a += n;
    }
    return 0;
}

int bus_ram_read(struct bus *bus, uint64_t gpa, void *buf, size_t len)
{
    return ram_copy(bus, gpa, buf, len, 0);
}

int bus_ram_write(struct bus *bus, uint64_t gpa, const void *buf, size_t len)
{
    return ram_copy(bus, gpa, (void *)buf, len, 1);
}

int bus_ram_read_le16(struct bus *bus, uint64_t gpa, uint16_t *val)
{
    uint8_t b[2];
    int rc = bus_ram_read(bus, gpa, b, 2);
    *val = rc ? 0 : (uint16_t)(b[0] | b[1] << 8);
    return rc;
}

int bus_ram_read_le32(struct bus *bus, uint64_t gpa, uint32_t *val)
{
    uint8_t b[4];
    int rc = bus_ram_read(bus, gpa, b, 4);
    *val = rc ? 0
              : (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                    (uint32_t)b[3] << 24;
    return rc;
}

int bus_ram_read_le64(struct bus *bus, uint64_t gpa, uint64_t *val)
{
    uint8_t b[8];
    int rc = bus_ram_read(bus, gpa, b, 8);
    uint64_t v = 0;
    for (int i = 7; !rc && i >= 0; i--)
        v = v << 8 | b[i];
    *val = v;
    return rc;
}

int bus_ram_write_le16(struct bus *bus, uint64_t gpa, uint16_t val)
{
    uint8_t b[2] = {(uint8_t)val, (uint8_t)(val >> 8)};
    return bus_ram_write(bus, gpa, b, 2);
}

int bus_ram_write_le32(struct bus *bus, uint64_t gpa, uint32_t val)
{
    uint8_t b[4] = {(uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16),
                    (uint8_t)(val >> 24)};
    return bus_ram_write(bus, gpa, b, 4);
}

int bus_ram_set_ballooned(struct bus *bus, uint64_t gpa, int on, int discard)
{
    uint64_t page = gpa & ~BUS_PAGE_MASK;
    const struct bus_ram *r = ram_lookup(bus, page, BUS_PAGE_SIZE);
    if (!r)
        return BUS_E_RANGE;
    if (bit_get(r, page) == !!on)
        return 0;
    if (on && discard) {
        uint8_t *host = page_ptr(r, page);
        if (!host)
            return BUS_E_RANGE;
        memset(host, 0, BUS_PAGE_SIZE);
        if (bus->written)
            bus->written(bus->written_opaque, page, BUS_PAGE_SIZE);
    }
    uint64_t n = (page - r->base) >> BUS_PAGE_SHIFT;
    r->ballooned[n / 64] ^= 1ull << (n % 64);
    bus->n_ballooned += on ? 1 : (uint64_t)-1;
    if (bus->balloon_change)
        bus->balloon_change(bus->balloon_change_opaque, page, !!on);
    return 1;
}

int bus_ram_is_ballooned(const struct bus *bus, uint64_t gpa)
{
    uint64_t page = gpa & ~BUS_PAGE_MASK;
    const struct bus_ram *r = ram_lookup(bus, page, BUS_PAGE_SIZE);
    return r ? bit_get(r, page) : 0;
}

int bus_ram_next_ballooned(const struct bus *bus, uint64_t from,
                           uint64_t *page)
{
    if (!bus->n_ballooned)
        return 0;
    for (unsigned i = 0; i < bus->n_ram; i++) {
        const struct bus_ram *r = &bus->ram[i];
        uint64_t pages = r->size >> BUS_PAGE_SHIFT, n = 0;
        if (from >= r->base + r->size)
            continue;
        if (from > r->base)
            n = (from - r->base + BUS_PAGE_MASK) >> BUS_PAGE_SHIFT;
        while (n < pages) {
            uint64_t w = r->ballooned[n / 64] >> (n % 64);
            if (!w) { /* skip to the next word */
                n = (n / 64 + 1) * 64;
                continue;
            }
            n += (uint64_t)__builtin_ctzll(w);
            if (n >= pages)
                break;
            *page = r->base + (n << BUS_PAGE_SHIFT);
            return 1;
        }
    }
    return 0;
}

unsigned bus_ram_touch(struct bus *bus, uint64_t gpa, uint64_t len,
                       int is_write)
{
    unsigned count = 0;
    if (!len || !bus->n_ballooned)
        return 0;
    /* The access may straddle ranges or leave RAM: intersect it with each
     * range (so the walk is bounded by the RAM size, whatever len is). */
    uint64_t end = gpa + len < gpa ? UINT64_MAX : gpa + len;
    for (unsigned i = 0; i < bus->n_ram; i++) {
        const struct bus_ram *r = &bus->ram[i];
        uint64_t lo = gpa > r->base ? gpa : r->base;
        uint64_t hi = end < r->base + r->size ? end : r->base + r->size;
        for (uint64_t a = lo; a < hi;
             a = (a & ~BUS_PAGE_MASK) + BUS_PAGE_SIZE) {
            if (!bit_get(r, a & ~BUS_PAGE_MASK))
                continue;
            count++;
            if (bus->balloon_touch)
                bus->balloon_touch(bus->balloon_touch_opaque, a, is_write, 0);
        }
    }
    return count;
}

const char *bus_strerror(int code)
{
    static const char *const names[] = {
        "ok", "no MMIO region at address", "range not inside guest RAM",
        "bad access size or alignment", "overlaps an existing mapping",
        "too many mappings", "out of memory", "invalid argument"};
    if (code > 0 || -code >= (int)(sizeof names / sizeof names[0]))
        return "unknown bus error";
    return names[-code];
}
