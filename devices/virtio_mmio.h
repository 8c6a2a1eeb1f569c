/*
 * virtio_mmio.h — the virtio-mmio transport (virtio 1.x, register layout
 * version 2) with split virtqueues: one core that every virtio device
 * embeds, as TinyEMU's virtio.c does. A device supplies its id, queue
 * sizes, configuration-space accessors and a notify callback
 * (struct vmmio_device_ops); the transport does the registers, feature
 * negotiation, status, interrupts and the rings.
 *
 * Facts from the virtio spec v1.2 (OASIS virtio-v1.2-cs01):
 *   §2.1 device status bits; §2.2 feature negotiation (FEATURES_OK is
 *   refused for a feature set the device does not accept); §2.4 reset;
 *   §2.5 config generation; §2.7 split virtqueues (descriptor table align
 *   16 size 16*N, available ring align 2 size 6+2*N, used ring align 4
 *   size 6+8*N, N a power of 2 <= 32768); §4.2.2 MMIO register layout and
 *   its device requirements; §4.2.3 MMIO device operation.
 *
 * Guest-memory safety: the rings are checked when the driver sets
 * QueueReady (size, alignment, every byte inside one RAM range), each
 * descriptor chain when it is popped (head and next indexes below the
 * queue size, chain no longer than the queue, no INDIRECT (not offered),
 * no device-readable descriptor after a device-writable one, each buffer
 * inside RAM), and every access goes through the bus's bounds-checked RAM
 * accessors anyway. Any violation, or an available index that moved by
 * more than the queue size, puts the device in DEVICE_NEEDS_RESET: the
 * transport then consumes nothing more until the driver resets it, sends a
 * configuration change notification if DRIVER_OK (§2.1.2), and reports a
 * DEV_EV_VIRTIO_ERROR event with the reason.
 *
 * Offered transport features: VIRTIO_F_VERSION_1 only (no EVENT_IDX, no
 * INDIRECT_DESC, no packed ring): the driver must accept VERSION_1.
 * Register accesses other than aligned 32-bit ones (and config accesses
 * of 1, 2 or 4 bytes) read 0 and are ignored on write.
 */
#ifndef E2K_DEVICES_VIRTIO_MMIO_H
#define E2K_DEVICES_VIRTIO_MMIO_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"

struct bus;
struct irq_line;

/* MMIO register offsets (§4.2.2; names as Linux's virtio_mmio.h). */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW 0x090  /* QueueDriverLow */
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW 0x0a0   /* QueueDeviceLow */
#define VIRTIO_MMIO_QUEUE_USED_HIGH 0x0a4
#define VIRTIO_MMIO_SHM_SEL 0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW 0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH 0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW 0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH 0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_MAGIC 0x74726976u /* "virt" */
#define VIRTIO_MMIO_VERSION_2 2
#define VIRTIO_MMIO_INT_VRING 0x1  /* used buffer notification */
#define VIRTIO_MMIO_INT_CONFIG 0x2 /* configuration change notification */
#define VMMIO_SIZE 0x200           /* one device's MMIO window */
#define VMMIO_VENDOR_ID 0x726b3265u /* "e2kr" */

/* Device status bits (§2.1; Linux VIRTIO_CONFIG_S_*). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_CONFIG_S_NEEDS_RESET 0x40 /* DEVICE_NEEDS_RESET */
#define VIRTIO_CONFIG_S_FAILED 0x80

/* Transport feature bits (§6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Split-ring flags (§2.7.5, §2.7.6, §2.7.8; legacy VRING_ names). */
#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1

#define VMMIO_MAX_QUEUES 8
#define VMMIO_QUEUE_MAX 256  /* largest QueueNumMax a device may offer */
#define VMMIO_CONFIG_MAX 256 /* largest device config space */

/* What a device supplies. `dev` is the device (opaque to the transport). */
struct vmmio_device_ops {
    uint32_t device_id;       /* §5 device id, nonzero */
    unsigned num_queues;      /* <= VMMIO_MAX_QUEUES */
    uint32_t config_size;     /* bytes of config space, <= VMMIO_CONFIG_MAX */
    /* QueueNumMax of queue q (a power of 2 <= VMMIO_QUEUE_MAX), or 0 if
     * the queue does not exist. */
    uint32_t (*queue_num_max)(void *dev, unsigned q);
    /* Config space access at off (off + size <= config_size, size 1/2/4). */
    uint32_t (*config_read)(void *dev, uint32_t off, unsigned size);
    void (*config_write)(void *dev, uint32_t off, uint32_t val,
                         unsigned size);
    /* Available buffer notification for ready queue q (only while
     * DRIVER_OK and not DEVICE_NEEDS_RESET). */
    void (*queue_notify)(void *dev, unsigned q);
    /* Device-side reset (status written 0, or vmmio_reset). May be NULL. */
    void (*reset)(void *dev);
    /* Accept the driver's feature set at FEATURES_OK? May be NULL. The
     * transport has already checked it is a subset with VERSION_1. */
    int (*features_ok)(void *dev, uint64_t features);
};

struct vmmio_config {
    const char *name;                    /* instance name for events */
    const struct vmmio_device_ops *ops;  /* borrowed */
    void *dev;                           /* passed to ops */
    uint64_t device_features;            /* device-specific offered bits
                                            (VERSION_1 is added) */
    struct bus *bus;                     /* borrowed */
    const struct irq_line *irq;          /* borrowed, may be NULL */
    dev_event_fn event;                  /* optional */
    void *event_opaque;
};

struct vmmio_queue {
    uint32_t num;        /* QueueNum */
    uint32_t ready;      /* QueueReady */
    uint64_t desc;       /* QueueDesc: descriptor table */
    uint64_t avail;      /* QueueDriver: available ring */
    uint64_t used;       /* QueueDevice: used ring */
    uint16_t last_avail; /* next available-ring index to consume */
    uint16_t used_idx;   /* next used-ring index to fill */
};

struct vmmio {
    struct vmmio_config cfg;       /* configuration (not saved) */
    uint64_t offered;              /* device_features | VERSION_1 */
    uint32_t status;               /* device status */
    uint32_t dev_features_sel;     /* DeviceFeaturesSel */
    uint32_t drv_features_sel;     /* DriverFeaturesSel */
    uint64_t driver_features;      /* DriverFeatures (words 0 and 1) */
    uint32_t queue_sel;            /* QueueSel */
    uint32_t interrupt_status;     /* VIRTIO_MMIO_INT_* */
    uint32_t config_generation;    /* ConfigGeneration */
    uint32_t shm_sel;              /* SHMSel (no regions) */
    struct vmmio_queue q[VMMIO_MAX_QUEUES];
};

/* One segment of a popped chain. */
struct vmmio_seg {
    uint64_t addr;
    uint32_t len;
    uint16_t write; /* 1 = device-writable */
};

/* A popped descriptor chain: readable segments first, then writable. */
struct vmmio_chain {
    uint16_t head;              /* head index, for vmmio_push */
    uint16_t n;                 /* segments */
    uint64_t readable;          /* bytes in readable segments */
    uint64_t writable;          /* bytes in writable segments */
    struct vmmio_seg seg[VMMIO_QUEUE_MAX];
};

/* Set up the transport embedded in a device. DEV_E_INVAL on bad ops. */
int vmmio_init(struct vmmio *v, const struct vmmio_config *cfg);
void vmmio_fini(struct vmmio *v);
/* Full transport reset (as the driver writing 0 to Status): also calls
 * the device's reset. */
void vmmio_reset(struct vmmio *v);

/* Register access (the device's bus callbacks forward here). */
uint64_t vmmio_read(struct vmmio *v, uint64_t offset, unsigned size);
void vmmio_write(struct vmmio *v, uint64_t offset, uint64_t val,
                 unsigned size);

/* For the device. */
uint64_t vmmio_features(const struct vmmio *v);      /* negotiated */
int vmmio_has_feature(const struct vmmio *v, unsigned bit);
int vmmio_running(const struct vmmio *v);            /* DRIVER_OK, ok */
/* Pop the next available chain of queue q: 1 and *c, 0 if none (or the
 * queue is not usable), <0 after a violation (device now needs reset). */
int vmmio_pop(struct vmmio *v, unsigned q, struct vmmio_chain *c);
/* Copy from the readable part at byte offset off: bytes copied (short at
 * the end of the readable part) or <0 (device now needs reset). */
long vmmio_chain_read(struct vmmio *v, const struct vmmio_chain *c,
                      uint64_t off, void *buf, size_t len);
/* Copy into the writable part at off: bytes copied or <0. */
long vmmio_chain_write(struct vmmio *v, const struct vmmio_chain *c,
                       uint64_t off, const void *buf, size_t len);
/* Return chain `head` to the used ring with `len` bytes written. 0 or <0. */
int vmmio_push(struct vmmio *v, unsigned q, uint16_t head, uint32_t len);
/* Used buffer notification for q, unless the driver suppressed it. */
void vmmio_notify(struct vmmio *v, unsigned q);
/* The device changed its config space: bump the generation and, if
 * DRIVER_OK, send a configuration change notification. */
void vmmio_config_changed(struct vmmio *v);
/* Enter DEVICE_NEEDS_RESET (q = DEV_NO_QUEUE if not queue-specific). */
void vmmio_fail(struct vmmio *v, uint64_t q, const char *why);

/* Transport state, for embedding in the device's save/load: the same
 * writer/reader (dev.h). load checks against the configuration (features
 * and queue sizes) and marks the reader bad on mismatch. */
void vmmio_save(const struct vmmio *v, struct dev_sw *w);
void vmmio_load(const struct vmmio *v, struct vmmio *out, struct dev_sr *r);
/* After a successful load: drive the interrupt line from the state. */
void vmmio_sync_irq(const struct vmmio *v);

#endif
