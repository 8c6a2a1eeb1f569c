/*
 * bus.h — the system bus of the virtual machine as devices see it: MMIO
 * regions with read/write callbacks, and guest RAM for device DMA.
 *
 * This is the narrow device contract (style.md "Headers and dependencies",
 * after TinyEMU's iomem.h): a device is an opaque pointer plus callbacks
 * `(opaque, offset, size)`, mapped at a guest-physical base; it never sees
 * the CPU. Devices reach guest memory only through the bus_ram_* accessors,
 * which bounds-check every access against the RAM ranges and return
 * BUS_E_RANGE instead of touching host memory outside them. A DMA access
 * must lie inside one RAM range (adjacent ranges are not merged).
 *
 * Guest RAM is a set of up to BUS_MAX_RAM page-aligned ranges, each backed
 * either by one flat host buffer or by a page callback returning the host
 * bytes of one 4 KiB page (for a machine that keeps RAM in paged storage).
 * DMA writes are announced through the `written` callback so the machine
 * can mark pages dirty (checkpoints, state hashes).
 *
 * Ballooned pages: the bus keeps one bit per RAM page saying the page has
 * been handed to the balloon device (the guest may not use it). Setting the
 * bit (bus_ram_set_ballooned) optionally discards the contents (zero fill)
 * and calls the `balloon_change` callback, so the machine can make CPU
 * accesses to the page trap. A DMA access to a ballooned page, or a CPU
 * access the machine reports with bus_ram_touch(), calls `balloon_touch`
 * (the balloon device registers it and reports a violation); the access
 * itself still proceeds. Markers are guest-visible state: the balloon
 * device saves and restores them with its own state.
 *
 * What this is not: an MMU, an IOMMU, or a cache model; there is no bus
 * timing. Nothing here reads host time or iterates in pointer order
 * (regions and RAM ranges are kept sorted by guest address).
 */
#ifndef E2K_EMU_BUS_H
#define E2K_EMU_BUS_H

#include <stddef.h>
#include <stdint.h>

#define BUS_PAGE_SHIFT 12 /* balloon pages are 4 KiB (virtio v1.2 §5.5.6) */
#define BUS_PAGE_SIZE ((uint64_t)1 << BUS_PAGE_SHIFT)
#define BUS_PAGE_MASK (BUS_PAGE_SIZE - 1)
#define BUS_MAX_REGIONS 32
#define BUS_MAX_RAM 4

enum bus_error {
    BUS_OK = 0,
    BUS_E_UNMAPPED = -1, /* no MMIO region at the address */
    BUS_E_RANGE = -2,    /* DMA range not entirely inside one RAM range */
    BUS_E_SIZE = -3,     /* access size not 1/2/4/8 or not aligned to it */
    BUS_E_OVERLAP = -4,  /* new region/range overlaps an existing one */
    BUS_E_FULL = -5,     /* BUS_MAX_REGIONS / BUS_MAX_RAM reached */
    BUS_E_NOMEM = -6,    /* host allocation failed */
    BUS_E_INVAL = -7     /* bad arguments (unaligned RAM, empty region) */
};

/* MMIO callbacks. offset is from the region base; size is 1, 2, 4 or 8 and
 * the access is aligned to it; values are zero-extended little-endian. */
typedef uint64_t (*bus_read_fn)(void *opaque, uint64_t offset, unsigned size);
typedef void (*bus_write_fn)(void *opaque, uint64_t offset, uint64_t val,
                             unsigned size);
/* Host bytes of the RAM page at guest-physical `page` (page-aligned), or
 * NULL if it has no backing (the access then fails with BUS_E_RANGE). */
typedef uint8_t *(*bus_ram_page_fn)(void *opaque, uint64_t page);
/* After a DMA write (or discard) of [gpa, gpa+len), within one page. */
typedef void (*bus_ram_written_fn)(void *opaque, uint64_t gpa, size_t len);
/* A page's ballooned marker changed. */
typedef void (*bus_balloon_change_fn)(void *opaque, uint64_t page,
                                      int ballooned);
/* An access touched the ballooned page holding `gpa`. by_dma: 1 = a device
 * access through bus_ram_*, 0 = reported by the machine (CPU access). */
typedef void (*bus_balloon_touch_fn)(void *opaque, uint64_t gpa, int is_write,
                                     int by_dma);

struct bus_region {
    uint64_t base;      /* guest-physical base */
    uint64_t size;      /* bytes, > 0 */
    bus_read_fn read;   /* NULL: reads return 0 */
    bus_write_fn write; /* NULL: writes are ignored */
    void *opaque;       /* the device, borrowed */
    const char *name;   /* for messages, borrowed (may be NULL) */
};

struct bus_ram {
    uint64_t base;           /* guest-physical base, page-aligned */
    uint64_t size;           /* bytes, page multiple, > 0 */
    uint8_t *host;           /* flat backing (borrowed), or NULL */
    bus_ram_page_fn page_fn; /* used when host == NULL */
    void *page_opaque;
    uint64_t *ballooned;     /* one bit per page, owned */
};

struct bus {
    struct bus_region region[BUS_MAX_REGIONS]; /* sorted by base */
    unsigned n_region;
    struct bus_ram ram[BUS_MAX_RAM];           /* sorted by base */
    unsigned n_ram;
    uint64_t n_ballooned;                      /* pages marked ballooned */
    bus_ram_written_fn written;                /* optional callbacks, */
    void *written_opaque;                      /* all borrowed */
    bus_balloon_change_fn balloon_change;
    void *balloon_change_opaque;
    bus_balloon_touch_fn balloon_touch;
    void *balloon_touch_opaque;
};

/* Lifetime. bus_free(NULL) does nothing; RAM backing is not freed. */
struct bus *bus_new(void);
void bus_free(struct bus *bus);

/* Add a RAM range [base, base+size) (page-aligned, nonzero). Backing: the
 * flat buffer `host` of `size` bytes, or if host is NULL, page_fn. */
int bus_add_ram(struct bus *bus, uint64_t base, uint64_t size, uint8_t *host,
                bus_ram_page_fn page_fn, void *page_opaque);
/* Map an MMIO region; must not overlap RAM or another region. */
int bus_map_mmio(struct bus *bus, uint64_t base, uint64_t size,
                 bus_read_fn read, bus_write_fn write, void *opaque,
                 const char *name);
/* The region holding addr, or NULL. */
const struct bus_region *bus_find_region(const struct bus *bus, uint64_t addr);

/* CPU-side MMIO dispatch: BUS_E_UNMAPPED if no region holds the whole
 * access, BUS_E_SIZE for bad sizes/alignment. Reads of unmapped addresses
 * leave *val = 0. */
int bus_mmio_read(struct bus *bus, uint64_t addr, unsigned size,
                  uint64_t *val);
int bus_mmio_write(struct bus *bus, uint64_t addr, unsigned size,
                   uint64_t val);

/* Callbacks (NULL removes). */
void bus_set_written_cb(struct bus *bus, bus_ram_written_fn fn, void *opaque);
void bus_set_balloon_change_cb(struct bus *bus, bus_balloon_change_fn fn,
                               void *opaque);
void bus_set_balloon_touch_cb(struct bus *bus, bus_balloon_touch_fn fn,
                              void *opaque);

/* DMA. 0 if [gpa, gpa+len) lies inside one RAM range (len 0 is always
 * fine), else BUS_E_RANGE. */
int bus_ram_check(const struct bus *bus, uint64_t gpa, uint64_t len);
/* Copy between guest RAM and buf. On error nothing is written to the guest
 * (reads may have filled part of buf). */
int bus_ram_read(struct bus *bus, uint64_t gpa, void *buf, size_t len);
int bus_ram_write(struct bus *bus, uint64_t gpa, const void *buf, size_t len);
/* Little-endian scalar accessors (virtio rings are little-endian). */
int bus_ram_read_le16(struct bus *bus, uint64_t gpa, uint16_t *val);
int bus_ram_read_le32(struct bus *bus, uint64_t gpa, uint32_t *val);
int bus_ram_read_le64(struct bus *bus, uint64_t gpa, uint64_t *val);
int bus_ram_write_le16(struct bus *bus, uint64_t gpa, uint16_t val);
int bus_ram_write_le32(struct bus *bus, uint64_t gpa, uint32_t val);

/* Ballooned markers. set: returns 1 if the marker changed, 0 if it already
 * had that value, BUS_E_RANGE if the page is not RAM. discard (only when
 * setting): zero the page first (announced through `written`). */
int bus_ram_set_ballooned(struct bus *bus, uint64_t gpa, int on, int discard);
/* 1 if the page holding gpa is ballooned, 0 if not (or not RAM). */
int bus_ram_is_ballooned(const struct bus *bus, uint64_t gpa);
/* The lowest ballooned page >= from: 1 and *page, or 0 if none. */
int bus_ram_next_ballooned(const struct bus *bus, uint64_t from,
                           uint64_t *page);
/* The machine reports a CPU access to [gpa, gpa+len): calls balloon_touch
 * (by_dma = 0) once per ballooned page and returns how many there were. */
unsigned bus_ram_touch(struct bus *bus, uint64_t gpa, uint64_t len,
                       int is_write);

const char *bus_strerror(int code);

#endif
