! virtio.S — split virtqueues on the virtio-mmio transport (virtio spec
! v1.2 §2.7, §4.2.3; docs/virt-machine.md §3.6), as small as the balloon
! needs: every buffer is one device-readable descriptor.
!
! The driver posts a buffer by filling the descriptor at avail.idx % QN,
! putting that index in the available ring, advancing avail.idx and
! writing the queue number to QueueNotify (§2.7.13). The device uses the
! buffer by advancing used.idx (the machine's device does that inside the
! notify write, but the driver does not count on it: virtio_wait spins).
!
!   virtio_setup_vq(%dr0 = queue) -> 1, or 0 if the device has no such
!                                     queue
!   virtio_send(%dr0 = queue, %dr1 = buffer, %dr2 = length)
!                                  -> the avail.idx after posting it
!   virtio_used(%dr0 = queue) -> used.idx
!   virtio_wait(%dr0 = queue, %dr1 = idx)   until used.idx == idx

#include "kernel.h"
#include "virtio.h"

        .text
FUNC(virtio_setup_vq)
    {
        stw     %r0, [ VIO(VIO_QUEUE_SEL) ]
    }
    {
        ldw     0x0, VIO(VIO_QUEUE_NUM_MAX), %r1
        muld    %dr0, VQ_BYTES, %dr2
    }
    {
        cmpbdb  %dr1, QN, %pred0        ! no queue, or too small
        addd    %dr2, vq_mem, %dr2      ! descriptors
        addd    0x0, QN, %dr3
    }
    {
        addd    0x0, 0x0, %dr0 ? %pred0
        return  %ctpr3
    }
    {
        ct      %ctpr3 ? %pred0
    }
    {
        stw     %r3, [ VIO(VIO_QUEUE_NUM) ]
        addd    %dr2, VQ_AVAIL, %dr4
        addd    %dr2, VQ_USED, %dr5
        shrd    %dr2, 0x20, %dr6
    }
    {
        stw     %r2, [ VIO(VIO_DESC_LO) ]
        stw     %r6, [ VIO(VIO_DESC_HI) ]
    }
    {
        stw     %r4, [ VIO(VIO_AVAIL_LO) ]
        stw     %r6, [ VIO(VIO_AVAIL_HI) ]
    }
    {
        stw     %r5, [ VIO(VIO_USED_LO) ]
        stw     %r6, [ VIO(VIO_USED_HI) ]
        addd    0x0, 0x1, %dr0
    }
    {
        stw     %r0, [ VIO(VIO_QUEUE_READY) ]
        ct      %ctpr3
    }

FUNC(virtio_send)
    {
        muld    %dr0, VQ_BYTES, %dr3
    }
    {
        addd    %dr3, vq_mem, %dr3      ! the queue's block
    }
    {
        ldh     %dr3, VQ_AVAIL + 2, %r4 ! avail.idx
    }
    {
        andd    %dr4, QN - 1, %dr5      ! descriptor = ring slot
    }
    {
        shld    %dr5, 0x4, %dr6
        shld    %dr5, 0x1, %dr7
    }
    {
        addd    %dr6, %dr3, %dr6        ! &desc[slot]
        addd    %dr7, %dr3, %dr7
        addd    0x0, 0x0, %dr8
    }
    {
        std     %dr1, [ %dr6 + 0x0 ]    ! addr
        stw     %r2, [ %dr6 + 0x8 ]     ! len
    }
    {
        sth     %r8, [ %dr6 + 0xc ]     ! flags: device-readable, no next
        sth     %r8, [ %dr6 + 0xe ]
    }
    {
        sth     %r5, [ %dr7 + VQ_AVAIL + 4 ]    ! avail.ring[slot] = slot
        addd    %dr4, 0x1, %dr4
    }
    {
        andd    %dr4, 0xffff, %dr4
    }
    {
        sth     %r4, [ %dr3 + VQ_AVAIL + 2 ]    ! avail.idx++ (after the
    }                                           ! ring entry, §2.7.13)
    {
        stw     %r0, [ VIO(VIO_QUEUE_NOTIFY) ]
        addd    %dr4, 0x0, %dr0
    }
    RET

FUNC(virtio_used)
    {
        muld    %dr0, VQ_BYTES, %dr1
    }
    {
        addd    %dr1, vq_mem, %dr1
    }
    {
        ldh     %dr1, VQ_USED + 2, %r0
    }
    RET

FUNC(virtio_wait)
.Lwait:
    {
        addd    %dr0, 0x0, A0
    }
    CALL(virtio_used)
    {
        cmpedb  A0, %dr1, %pred0
    }
    {
        ibranch .Lwait ? ~%pred0
    }
    RET

        .bss
        .balign 4096
vq_mem:         .skip VQ_NQUEUES * VQ_BYTES
