! balloon.S — the virtio-balloon driver (virtio spec v1.2 §5.5; the device:
! docs/virt-machine.md §3.7), after Linux drivers/virtio/virtio_balloon.c.
!
! The host sets a target (config num_pages); the driver moves toward it:
! inflating = allocating pages and handing their numbers to the host on
! inflateq, deflating = sending numbers on deflateq and freeing the pages;
! at most BALLOON_BATCH (256) numbers per buffer, and `actual` in the
! config follows every change. Pages in the balloon are listed in
! balloon_pfns (the driver must not touch them: the machine reports any
! access as a balloon violation).
!
! Features: the driver accepts MUST_TELL_HOST, STATS_VQ and DEFLATE_ON_OOM
! when the device offers them (§5.5.3).
!   MUST_TELL_HOST: a deflated page may be used only after the host has
!     seen the deflate request (§5.5.6.1) — leak_balloon tells the host,
!     waits for the buffer to be used, then frees the pages.
!   STATS_VQ: statistics on request (balloon_stats.S).
!   DEFLATE_ON_OOM: the driver registers an OOM notifier (oom.S) that
!     gives OOM_DEFLATE_PAGES (256) pages back when an allocation fails;
!     the balloon is then left below the target until the host changes
!     the target again (as Linux's virtballoon_oom_notify).
!
! Work happens in the balloon task (balloon_step, a kernel task): the
! interrupt handler only records what the device said (config change,
! used buffer). Inflating takes pages with GFP_NORETRY outside the balloon
! lock; when memory is short it stops and tries again BALLOON_RETRY_TICKS
! later ("out of puff").
!
! Regression variants (cmdline.S, bug=...):
!   oom-deadlock           fill_balloon takes the lock first and allocates
!                          with GFP_KERNEL: an allocation failure runs the
!                          OOM notifier, which waits for the same lock —
!                          the kernel hangs (Linux commit c7cdff0e8647,
!                          "virtio_balloon: fix deadlock on OOM", 2017).
!   ignore-deflate-on-oom  the notifier is registered but gives nothing
!                          back: the OOM killer kills while the balloon
!                          still holds pages.
!   reuse-before-ack       leak_balloon frees the pages before telling the
!                          host: they are written (the free list link)
!                          while still in the balloon — violations.
!
!   balloon_init() -> 1 if a balloon was found and set up
!   balloon_interrupt            interrupt routine of line 8 (trap.S)
!   balloon_step(%dr0 = task)    the balloon task
!   balloon_nr, balloon_oom_pages, vb_features

#include "kernel.h"
#include "virtio.h"

#define Q_INFLATE 0
#define Q_DEFLATE 1
#define Q_STATS 2                       /* balloon_stats.S */
#define CFG_NUM_PAGES VIO(VIO_CONFIG + 0)
#define CFG_ACTUAL VIO(VIO_CONFIG + 4)

        .text
FUNC(balloon_init)
    {
        ldw     0x0, VIO(VIO_MAGIC), %r1
    }
    {
        ldw     0x0, VIO(VIO_DEVICE_ID), %r2
        cmpesb  %r1, VIRTIO_MAGIC, %pred0
    }
    {
        cmpesb  %r2, VIRTIO_ID_BALLOON, %pred1
        addd    0x0, 0x0, %dr0
        return  %ctpr3
    }
    {
        ct      %ctpr3 ? ~%pred0
    }
    {
        ct      %ctpr3 ? ~%pred1
    }
    {                                   ! §3.1.1: reset, ACKNOWLEDGE, DRIVER
        addd    0x0, VS_ACKNOWLEDGE | VS_DRIVER, %dr3
    }
    {
        stw     %r0, [ VIO(VIO_STATUS) ]
    }
    {
        stw     %r3, [ VIO(VIO_STATUS) ]
    }
    {
        stw     %r0, [ VIO(VIO_DEV_FEATURES_SEL) ]
    }
    {
        ldw     0x0, VIO(VIO_DEV_FEATURES), %r4
    }
    {
        andd    %dr4, F_MUST_TELL_HOST | F_STATS_VQ | F_DEFLATE_ON_OOM, %dr4
        addd    0x0, 0x1, %dr5
    }
    STORE(%dr4, vb_features)
    {
        stw     %r0, [ VIO(VIO_DRV_FEATURES_SEL) ]
    }
    {
        stw     %r4, [ VIO(VIO_DRV_FEATURES) ]
    }
    {
        stw     %r5, [ VIO(VIO_DRV_FEATURES_SEL) ]
    }
    {
        stw     %r5, [ VIO(VIO_DRV_FEATURES) ] ! VIRTIO_F_VERSION_1 (bit 32)
        ord     %dr3, VS_FEATURES_OK, %dr3
    }
    {
        stw     %r3, [ VIO(VIO_STATUS) ]
    }
    {
        ldw     0x0, VIO(VIO_STATUS), %r6
    }
    {
        cmpandedb %dr6, VS_FEATURES_OK, %pred0  ! refused?
    }
    {
        ibranch .Lrefused ? %pred0
    }
    {
        addd    0x0, Q_INFLATE, A0
    }
    CALL(virtio_setup_vq)
    {
        addd    0x0, Q_DEFLATE, A0
    }
    CALL(virtio_setup_vq)
    {
        cmpandedb %dr4, F_STATS_VQ, %pred2      ! pred2: no stats
        addd    0x0, Q_STATS, A0
    }
    {
        disp    %ctpr1, virtio_setup_vq
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred2
    {
        ord     %dr3, VS_DRIVER_OK, %dr3
    }
    {
        stw     %r3, [ VIO(VIO_STATUS) ]
        addd    0x0, VI_CONFIG, %dr7    ! read the target at the first step
    }
    STORE(%dr7, balloon_events)
    {
        ibranch .Lno_stats ? %pred2
    }
    CALL(balloon_stats_init)            ! balloon_stats.S
.Lno_stats:
    {
        cmpandedb %dr4, F_DEFLATE_ON_OOM, %pred3
        addd    0x0, balloon_oom_notify, A0
    }
    {
        disp    %ctpr1, register_oom_notifier
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred3
    KLOG(msg_ready)
    {
        cmpandedb %dr4, F_MUST_TELL_HOST, %pred0
    }
    {
        addd    0x0, msg_mth, A0
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred0
    {
        addd    0x0, msg_stats, A0
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred2
    {
        addd    0x0, msg_doom, A0
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred3
    PUTS(msg_nl)
    {
        addd    0x0, 0x1, %dr0
    }
    RET
.Lrefused:
    KLOG(msg_refused)
    {
        addd    0x0, 0x0, %dr0
    }
    RET

! Interrupt: remember what the device said; acknowledge it.
IRQ_ROUTINE(balloon_interrupt)
    {
        ldw     0x0, VIO(VIO_INT_STATUS), %r8
    }
    {
        stw     %r8, [ VIO(VIO_INT_ACK) ]
    }
    LOAD(balloon_events, %dr9)
    {
        ord     %dr9, %dr8, %dr9
    }
    STORE(%dr9, balloon_events)
    IRQ_RETURN

! The balloon task: answer a stats request, follow a new target, then
! move one batch toward the target.
FUNC(balloon_step)
    {
        addd    0x0, 0x0, %dr2
    }
    {                                   ! take the events: one bundle, so
        ldd,0   0x0, balloon_events, %dr1 ! no interrupt falls in between
        std,2   %dr2, [ balloon_events ]
    }
    {
        cmpandedb %dr1, VI_USED, %pred0
    }
    {
        disp    %ctpr1, balloon_stats_request   ! balloon_stats.S
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred0
    {
        cmpandedb %dr1, VI_CONFIG, %pred0
    }
    {
        disp    %ctpr1, read_target
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred0
    LOAD(vb_target, %dr3)
    LOAD(balloon_nr, %dr4)
    {
        cmpedb  %dr3, %dr4, %pred0
        cmpbdb  %dr4, %dr3, %pred1      ! pred1: inflate
    }
    {
        ibranch .Lstep_done ? %pred0
    }
    {
        ibranch .Linflate ? %pred1
    }
    {                                   ! deflate min(nr - target, batch)
        subd    %dr4, %dr3, A0
    }
    {
        cmpbdb  A0, BALLOON_BATCH, %pred2
    }
    {
        addd    0x0, BALLOON_BATCH, A0 ? ~%pred2
    }
    CALL(leak_balloon)
    {
        ibranch .Lstep_update
    }
.Linflate:
    LOAD(vb_oom_hold, %dr5)             ! after deflate-on-oom: wait for
    LOAD(retry_at, %dr6)                ! the host; after a failure: wait
    LOAD(jiffies, %dr7)
    {
        cmpedb  %dr5, 0x0, %pred2
        cmpbdb  %dr7, %dr6, %pred3
    }
    {
        ibranch .Lstep_done ? ~%pred2
    }
    {
        ibranch .Lstep_done ? %pred3
    }
    {
        subd    %dr3, %dr4, %dr8
    }
    {
        cmpbdb  %dr8, BALLOON_BATCH, %pred2
    }
    {
        addd    0x0, BALLOON_BATCH, %dr8 ? ~%pred2
    }
    {
        addd    %dr8, 0x0, A0
    }
    CALL(fill_balloon)
    {
        cmpbdb  A0, %dr8, %pred2        ! fewer than asked: out of puff
        addd    A0, 0x0, %dr9
    }
    {
        ibranch .Lstep_update ? ~%pred2
    }
    {
        addd    %dr7, BALLOON_RETRY_TICKS, %dr6
    }
    STORE(%dr6, retry_at)
    LOAD(puffed, %dr10)
    {
        cmpedb  %dr10, 0x0, %pred3
        addd    0x0, 0x1, %dr10
    }
    STORE(%dr10, puffed)
    {
        ibranch .Lstep_update ? ~%pred3 ! say it once per shortage
    }
    KLOG(msg_puff)
    LOAD(balloon_nr, %dr11)
    PUTN(%dr11)
    PUTS(msg_of)
    PUTN(%dr3)
    PUTS(msg_pages_nl)
.Lstep_update:
    CALL(update_actual)
    LOAD(balloon_nr, %dr4)
    LOAD(vb_target, %dr3)
    {
        cmpedb  %dr3, %dr4, %pred0
    }
    {
        ibranch .Lstep_done ? ~%pred0
    }
    {
        addd    0x0, 0x0, %dr10
    }
    STORE(%dr10, puffed)
    KLOG(msg_reached)
    PUTN(%dr4)
    PUTS(msg_pages_nl)
.Lstep_done:
    RET

! A configuration change: read the host's target (le32 num_pages).
read_target:
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
    {
        ldw     0x0, CFG_NUM_PAGES, %r1
    }
    {
        cmpbedb %dr1, BALLOON_MAX, %pred0
        addd    0x0, 0x0, %dr2
    }
    {
        addd    0x0, BALLOON_MAX, %dr1 ? ~%pred0
    }
    STORE(%dr2, vb_oom_hold)            ! the host spoke: inflate again
    STORE(%dr2, retry_at)
    LOAD(vb_target, %dr3)
    {
        cmpedb  %dr1, %dr3, %pred1
    }
    {
        ibranch .Lsame ? %pred1
    }
    STORE(%dr1, vb_target)
    KLOG(msg_target)
    PUTN(%dr1)
    PUTS(msg_pages_nl)
.Lsame:
    RET

! fill_balloon(%dr0 = n) -> pages inflated. Linux fill_balloon: allocate
! the pages first (GFP_NORETRY, no lock held), then take the lock, list
! them and tell the host.
FUNC(fill_balloon)
    {
        addd    %dr0, 0x0, %dr1         ! n
        addd    0x0, 0x0, %dr2          ! got
        addd    0x0, GFP_NORETRY, %dr3  ! gfp
    }
    LOAD(bugs, %dr4)
    {
        cmpandedb %dr4, BUG_OOM_DEADLOCK, %pred0       ! pred0: no bug
    }
    {
        addd    0x0, GFP_KERNEL, %dr3 ? ~%pred0
        disp    %ctpr1, balloon_lock
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred0     ! bug: lock, then allocate
.Lfill_page:
    {
        cmpbdb  %dr2, %dr1, %pred1
    }
    {
        ibranch .Lfilled ? ~%pred1
    }
    {
        addd    %dr3, 0x0, A0
    }
    CALL(alloc_page)
    {
        cmpedb  A0, 0x0, %pred1
        shld    %dr2, 0x2, %dr5
    }
    {
        ibranch .Lfilled ? %pred1       ! no more memory for the balloon
        shrd    A0, PAGE_SHIFT, %dr6
    }
    {
        stw     %r6, [ %dr5 + pfn_buf ]
        addd    %dr2, 0x1, %dr2
    }
    {
        ibranch .Lfill_page
    }
.Lfilled:
    {
        disp    %ctpr1, balloon_lock
    }
        call    %ctpr1, wbs = 0x8 ? %pred0      ! correct: lock now
    {
        addd    0x0, 0x0, %dr7
    }
    LOAD(balloon_nr, %dr8)
.Lenqueue:                              ! balloon_pfns[nr++] = pfn_buf[i]
    {
        cmpbdb  %dr7, %dr2, %pred1
        shld    %dr7, 0x2, %dr9
        shld    %dr8, 0x2, %dr10
    }
    {
        ibranch .Lenqueued ? ~%pred1
        ldw     %dr9, pfn_buf, %r11
    }
    {
        stw     %r11, [ %dr10 + balloon_pfns ]
        addd    %dr7, 0x1, %dr7
        addd    %dr8, 0x1, %dr8
    }
    {
        ibranch .Lenqueue
    }
.Lenqueued:
    STORE(%dr8, balloon_nr)
    {
        cmpedb  %dr2, 0x0, %pred1
        addd    0x0, Q_INFLATE, A0
        addd    %dr2, 0x0, A1
    }
    {
        disp    %ctpr1, tell_host
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred1
    CALL(balloon_unlock)
    {
        addd    %dr2, 0x0, %dr0
    }
    RET

! leak_balloon(%dr0 = n) -> pages deflated: take up to n pages out of the
! balloon, tell the host (deflateq), then give them to the allocator.
FUNC(leak_balloon)
    CALL(balloon_lock)
    LOAD(balloon_nr, %dr1)
    {
        cmpbdb  %dr1, %dr0, %pred0
        addd    0x0, 0x0, %dr2
    }
    {
        addd    %dr1, 0x0, %dr0 ? %pred0        ! n = min(n, nr)
    }
.Ldequeue:                              ! pfn_buf[i] = balloon_pfns[--nr]
    {
        cmpbdb  %dr2, %dr0, %pred1
        subd    %dr1, 0x1, %dr3
        shld    %dr2, 0x2, %dr4
    }
    {
        ibranch .Ldequeued ? ~%pred1
        shld    %dr3, 0x2, %dr5
    }
    {
        ldw     %dr5, balloon_pfns, %r6
        addd    %dr3, 0x0, %dr1
    }
    {
        stw     %r6, [ %dr4 + pfn_buf ]
        addd    %dr2, 0x1, %dr2
    }
    {
        ibranch .Ldequeue
    }
.Ldequeued:
    STORE(%dr1, balloon_nr)
    LOAD(bugs, %dr7)
    {
        cmpandedb %dr7, BUG_REUSE_BEFORE_ACK, %pred2   ! pred2: no bug
        addd    %dr0, 0x0, A0
    }
    {
        disp    %ctpr1, release_pages
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred2     ! bug: reuse first
    {
        cmpedb  %dr0, 0x0, %pred1
        addd    0x0, Q_DEFLATE, A0
        addd    %dr0, 0x0, A1
    }
    {
        disp    %ctpr1, tell_host
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred1
    {
        addd    %dr0, 0x0, A0
        disp    %ctpr1, release_pages
    }
        call    %ctpr1, wbs = 0x8 ? %pred2      ! correct: after the host
    CALL(balloon_unlock)
    RET

! release_pages(%dr0 = n): free the pages listed in pfn_buf[0..n).
release_pages:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd    0x0, 0x0, %dr1
    }
.Lrelease:
    {
        cmpbdb  %dr1, %dr0, %pred0
        shld    %dr1, 0x2, %dr2
    }
    {
        ibranch .Lreleased ? ~%pred0
        ldw     %dr2, pfn_buf, %r3
    }
    {
        shld    %dr3, PAGE_SHIFT, A0
        addd    %dr1, 0x1, %dr1
    }
    CALL(free_page)
    {
        ibranch .Lrelease
    }
.Lreleased:
    RET

! tell_host(%dr0 = queue, %dr1 = number of pfns in pfn_buf): post the
! buffer and wait until the host has used it (Linux tell_host).
tell_host:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd    %dr0, 0x0, A0
        addd    0x0, pfn_buf, A1
        shld    %dr1, 0x2, A2
    }
    CALL(virtio_send)
    {
        addd    %dr0, 0x0, A0
        addd    A0, 0x0, A1
    }
    CALL(virtio_wait)
    RET

! The OOM notifier (registered when DEFLATE_ON_OOM was negotiated):
! give OOM_DEFLATE_PAGES back and hold off inflating until the host
! changes the target. Returns the pages freed.
FUNC(balloon_oom_notify)
    LOAD(bugs, %dr1)
    {
        cmpandedb %dr1, BUG_IGNORE_DEFLATE_ON_OOM, %pred0
        addd    0x0, 0x0, %dr0
        return  %ctpr3
    }
    {
        ct      %ctpr3 ? ~%pred0        ! bug: "registered", but idle
    }
    {
        addd    0x0, OOM_DEFLATE_PAGES, A0
    }
    CALL(leak_balloon)
    {
        addd    A0, 0x0, %dr0
        cmpedb  A0, 0x0, %pred1
    }
    {
        ibranch .Loom_none ? %pred1
        addd    0x0, 0x1, %dr2
    }
    STORE(%dr2, vb_oom_hold)
    CALL(update_actual)
    LOAD(balloon_oom_pages, %dr3)
    {
        addd    %dr3, %dr0, %dr3
    }
    STORE(%dr3, balloon_oom_pages)
    KLOG(msg_oom)
    PUTN(%dr0)
    PUTS(msg_pages_nl)
.Loom_none:
    RET

! The lock that guards balloon_pfns and pfn_buf (Linux balloon_lock). One
! CPU and cooperative tasks: only a re-entry from the OOM path can find
! it taken, and then it is never released — the oom-deadlock variant.
FUNC(balloon_lock)
.Lspin:
    LOAD(vb_lock, %dr1)
    {
        cmpedb  %dr1, 0x0, %pred0
        addd    0x0, 0x1, %dr2
    }
    {
        ibranch .Lspin ? ~%pred0
    }
    STORE(%dr2, vb_lock)
    RET

FUNC(balloon_unlock)
    {
        addd    0x0, 0x0, %dr1
    }
    STORE(%dr1, vb_lock)
    RET

! actual = pages in the balloon (le32 config field, §5.5.4).
FUNC(update_actual)
    LOAD(balloon_nr, %dr1)
    {
        stw     %r1, [ CFG_ACTUAL ]
    }
    RET

        .section .rodata
msg_ready:      .asciz "balloon: virtio-balloon ready; negotiated"
msg_mth:        .asciz " MUST_TELL_HOST"
msg_stats:      .asciz " STATS_VQ"
msg_doom:       .asciz " DEFLATE_ON_OOM"
msg_nl:         .asciz "\n"
msg_refused:    .asciz "balloon: the device refused our features\n"
msg_target:     .asciz "balloon: host target "
msg_reached:    .asciz "balloon: at the target, "
msg_puff:       .asciz "balloon: out of puff at "
msg_of:         .asciz " of "
msg_pages_nl:   .asciz " pages\n"
msg_oom:        .asciz "balloon: deflate-on-oom gave back "

        .data
        .balign 8
        .global balloon_nr, balloon_oom_pages, vb_features
vb_features:    .dword 0
vb_target:      .dword 0
vb_lock:        .dword 0
vb_oom_hold:    .dword 0
balloon_events: .dword 0
balloon_nr:     .dword 0
balloon_oom_pages: .dword 0
retry_at:       .dword 0
puffed:         .dword 0

        .bss
        .balign 8
pfn_buf:        .skip 4 * BALLOON_BATCH
balloon_pfns:   .skip 4 * BALLOON_MAX
