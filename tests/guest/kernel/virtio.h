/*
 * virtio.h — the virtio-mmio transport as the kernel drives it: register
 * offsets (virtio spec v1.2 §4.2.2, docs/virt-machine.md §3.6), device
 * status bits (§2.1), and where this kernel puts each split virtqueue
 * (§2.7) in memory.
 */
#ifndef VIRTIO_H
#define VIRTIO_H

#define VIRTIO_BASE VIRTIO0             /* slot 0 (e2k-virt.h) */
#define VIO(off) (VIRTIO_BASE + (off))

#define VIO_MAGIC 0x000                 /* "virt" */
#define VIO_VERSION 0x004               /* 2 */
#define VIO_DEVICE_ID 0x008             /* 5: balloon */
#define VIO_DEV_FEATURES 0x010
#define VIO_DEV_FEATURES_SEL 0x014
#define VIO_DRV_FEATURES 0x020
#define VIO_DRV_FEATURES_SEL 0x024
#define VIO_QUEUE_SEL 0x030
#define VIO_QUEUE_NUM_MAX 0x034
#define VIO_QUEUE_NUM 0x038
#define VIO_QUEUE_READY 0x044
#define VIO_QUEUE_NOTIFY 0x050
#define VIO_INT_STATUS 0x060
#define VIO_INT_ACK 0x064
#define VIO_STATUS 0x070
#define VIO_DESC_LO 0x080
#define VIO_DESC_HI 0x084
#define VIO_AVAIL_LO 0x090
#define VIO_AVAIL_HI 0x094
#define VIO_USED_LO 0x0a0
#define VIO_USED_HI 0x0a4
#define VIO_CONFIG 0x100                /* device-specific */

#define VIRTIO_MAGIC 0x74726976
#define VIRTIO_ID_BALLOON 5

/* Device status (§2.1). */
#define VS_ACKNOWLEDGE 0x1
#define VS_DRIVER 0x2
#define VS_DRIVER_OK 0x4
#define VS_FEATURES_OK 0x8

/* Interrupt status (§4.2.2). */
#define VI_USED 0x1
#define VI_CONFIG 0x2

/* One split virtqueue of QN entries in a VQ_BYTES block at vq_mem +
 * q * VQ_BYTES: descriptors (16 bytes each) at +0, the available ring at
 * +VQ_AVAIL, the used ring at +VQ_USED (alignment: §2.7 table). */
#define QN 8
#define VQ_BYTES 0x400
#define VQ_AVAIL 0x100
#define VQ_USED 0x200
#define VQ_NQUEUES 3

#endif
