/*
 * virtio_balloon.h — the traditional virtio memory balloon (virtio spec
 * v1.2 §5.5, device id 5) on the virtio-mmio transport (virtio_mmio.h).
 *
 * As the spec says: queues inflateq (0), deflateq (1) and statsq (2, only
 * if VIRTIO_BALLOON_F_STATS_VQ is offered); features MUST_TELL_HOST (0),
 * STATS_VQ (1) and DEFLATE_ON_OOM (2), each switchable; config space
 * `le32 num_pages` (the host's target, set with balloon_set_target()) and
 * `le32 actual` (written by the driver). Inflate and deflate buffers are
 * arrays of le32 page numbers (address / 4096, §5.5.6). The stats protocol
 * is the device-driven one of §5.5.6.3: the device keeps the driver's
 * buffer and returns it to ask for new statistics; entries are 10 bytes
 * (le16 tag, le64 val); tags 0-9 (spec) and the Linux 6.12 tags 10-15
 * (VIRTIO_BALLOON_S_OOM_KILL .. VIRTIO_BALLOON_S_DIRECT_RECLAIM, Linux
 * include/uapi/linux/virtio_balloon.h) are kept, other tags are ignored
 * (§5.5.6.3.2).
 *
 * Inflated pages are really taken from the guest: the bus marks them
 * ballooned and zero-fills them (the device may change a page once it has
 * seen it in an inflate request, §5.5.6.2), the machine makes CPU accesses
 * to them trap (bus balloon_change callback) and reports them with
 * bus_ram_touch(); device DMA to them is caught by the bus. Each such
 * access becomes a DEV_EV_BALLOON_VIOLATION event; the machine decides
 * whether to stop the run. Without MUST_TELL_HOST a guest may legally
 * touch a page it has queued for deflation before the device processes
 * it (§5.5.6.1); the event flags say whether MUST_TELL_HOST was
 * negotiated, i.e. whether the access is certainly a violation.
 *
 * Deflate events carry BALLOON_DEFL_* flags. A deflate that leaves the
 * balloon below the target was not asked for by the host: the driver
 * deflated on its own, which the spec allows only with DEFLATE_ON_OOM
 * ("for system stability", §5.5.6.1), so it is reported as from-OOM. The
 * machine can also say the guest told it so (balloon_hint_oom(), e.g. from
 * a guest hook), which marks the next deflate request.
 *
 * Host inputs (target changes, stats requests) arrive only through
 * balloon_set_target() and balloon_request_stats(), which the machine
 * calls through the gate so replay repeats them at the same icount; the
 * stats interval is configuration the machine's scheduler reads.
 */
#ifndef E2K_DEVICES_VIRTIO_BALLOON_H
#define E2K_DEVICES_VIRTIO_BALLOON_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"
#include "devices/virtio_mmio.h"

struct bus;
struct irq_line;

#define VIRTIO_ID_BALLOON 5

/* Feature bits (§5.5.3). */
#define VIRTIO_BALLOON_F_MUST_TELL_HOST 0
#define VIRTIO_BALLOON_F_STATS_VQ 1
#define VIRTIO_BALLOON_F_DEFLATE_ON_OOM 2

#define VIRTIO_BALLOON_PFN_SHIFT 12

/* Stats tags (§5.5.6.4, Linux 6.12 for 10-15). */
#define VIRTIO_BALLOON_S_SWAP_IN 0
#define VIRTIO_BALLOON_S_SWAP_OUT 1
#define VIRTIO_BALLOON_S_MAJFLT 2
#define VIRTIO_BALLOON_S_MINFLT 3
#define VIRTIO_BALLOON_S_MEMFREE 4
#define VIRTIO_BALLOON_S_MEMTOT 5
#define VIRTIO_BALLOON_S_AVAIL 6
#define VIRTIO_BALLOON_S_CACHES 7
#define VIRTIO_BALLOON_S_HTLB_PGALLOC 8
#define VIRTIO_BALLOON_S_HTLB_PGFAIL 9
#define VIRTIO_BALLOON_S_OOM_KILL 10
#define VIRTIO_BALLOON_S_ALLOC_STALL 11
#define VIRTIO_BALLOON_S_ASYNC_SCAN 12
#define VIRTIO_BALLOON_S_DIRECT_SCAN 13
#define VIRTIO_BALLOON_S_ASYNC_RECLAIM 14
#define VIRTIO_BALLOON_S_DIRECT_RECLAIM 15
#define VIRTIO_BALLOON_S_NR 16

#define BALLOON_Q_INFLATE 0
#define BALLOON_Q_DEFLATE 1
#define BALLOON_Q_STATS 2
#define BALLOON_QUEUE_NUM_MAX 128
#define BALLOON_CONFIG_SIZE 8       /* num_pages, actual */
#define BALLOON_EVENT_PFNS 256      /* pfns per inflate/deflate event */
#define BALLOON_MAX_PFNS 65536      /* pfns taken from one buffer */
#define BALLOON_MAX_STATS 256       /* stats entries read from one buffer */

/* DEV_EV_BALLOON_DEFLATE flags (event field a; journal from_oom). */
#define BALLOON_DEFL_OOM 0x1            /* from the OOM path (inferred or
                                           hinted) */
#define BALLOON_DEFL_HINT 0x2           /* the machine said so */
#define BALLOON_DEFL_NOT_NEGOTIATED 0x4 /* below target without
                                           DEFLATE_ON_OOM negotiated */
#define BALLOON_DEFL_RESET 0x8          /* released by a device reset */

/* DEV_EV_BALLOON_VIOLATION flags (event field c). */
#define BALLOON_VIOL_WRITE 0x1          /* the access was a write */
#define BALLOON_VIOL_DMA 0x2            /* by a device, not the CPU */
#define BALLOON_VIOL_MUST_TELL_HOST 0x4 /* MUST_TELL_HOST negotiated */

/* --balloon options. */
struct balloon_config {
    int must_tell_host;         /* offer VIRTIO_BALLOON_F_MUST_TELL_HOST */
    int stats;                  /* offer VIRTIO_BALLOON_F_STATS_VQ */
    int deflate_on_oom;         /* offer VIRTIO_BALLOON_F_DEFLATE_ON_OOM */
    uint64_t stats_interval_ns; /* machine asks for stats this often; 0:
                                   never on its own */
};

/* Defaults: must-tell-host=on, stats=on, deflate-on-oom=off,
 * stats-interval=0. */
void balloon_config_default(struct balloon_config *cfg);
/* Parse "key=value,..." over *cfg (keys: deflate-on-oom, must-tell-host,
 * stats: on|off; stats-interval: a number with ns/us/ms/s (default s); a
 * nonzero interval turns stats on). 0, or DEV_E_INVAL with a one-line
 * message in err (if not NULL). */
int balloon_parse_opts(const char *s, struct balloon_config *cfg, char *err,
                       size_t errlen);

struct balloon_params {
    const char *name;                 /* instance name, e.g. "balloon0" */
    struct balloon_config cfg;
    struct bus *bus;                  /* borrowed */
    const struct irq_line *irq;       /* borrowed, may be NULL */
    dev_event_fn event;               /* optional */
    void *event_opaque;
};

struct balloon {
    struct vmmio vm;               /* the transport (guest state) */
    struct balloon_params p;       /* configuration (not saved) */
    uint32_t num_pages;            /* config num_pages: the target */
    uint32_t actual;               /* config actual: the driver's count */
    uint64_t pages;                /* pages now in the balloon */
    uint64_t stats[VIRTIO_BALLOON_S_NR]; /* last value per tag */
    uint32_t stats_valid;          /* tags ever reported */
    uint32_t stats_held;           /* 1: holding the driver's stats buffer */
    uint16_t stats_head;           /* its head index */
    uint32_t oom_hint;             /* mark the next deflate request */
    uint64_t violations;           /* balloon violations seen */
    struct vmmio_chain chain;      /* scratch for popped chains (not state) */
};

/* Create the device and register its violation handler with the bus;
 * NULL on bad parameters or allocation failure. */
struct balloon *balloon_new(const struct balloon_params *p);
void balloon_free(struct balloon *b);

/* Host inputs (call through the gate). */
void balloon_set_target(struct balloon *b, uint32_t num_pages);
/* Ask the driver for fresh statistics: 1 if the held buffer was returned,
 * 0 if there is none to return (stats not negotiated, not running, or the
 * driver has not handed its next buffer back yet). */
int balloon_request_stats(struct balloon *b);
/* The guest said its next deflate request comes from the OOM path. */
void balloon_hint_oom(struct balloon *b);

/* The uniform device interface (dev.h); opaque = struct balloon. */
uint64_t balloon_read(void *opaque, uint64_t offset, unsigned size);
void balloon_write(void *opaque, uint64_t offset, uint64_t val,
                   unsigned size);
void balloon_reset(void *opaque);
int balloon_save(void *opaque, uint8_t *buf, size_t cap, size_t *len);
int balloon_load(void *opaque, const uint8_t *buf, size_t len);
extern const struct dev_ops balloon_dev_ops;

#endif
