! virt_balloon.S — a small kernel that drives the virtio-balloon of the
! `virt` machine (docs/virt-machine.md §3.6, §3.7; virtio v1.2 §4.2, §5.5)
! through inflate, deflate and statistics:
!   - negotiates MUST_TELL_HOST, STATS_VQ and DEFLATE_ON_OOM as offered,
!     sets up inflateq/deflateq/statsq (8 entries each) and posts a stats
!     buffer (MEMFREE, MEMTOT);
!   - whenever the host's target (config num_pages) differs from `actual`
!     it inflates (page numbers from a pool at 16 MiB) or deflates up to 64
!     pages per buffer and writes `actual`; after the first inflate it reads
!     one ballooned page on purpose (the machine reports the violation);
!   - when the device returns the stats buffer (the host asked), it posts
!     fresh statistics;
!   - it sleeps between rounds until the balloon interrupts (config change
!     or used buffer; PIC line 8).
! It powers off with status 0 once it has inflated to a nonzero target,
! deflated back to 0 and answered a stats request (bits: 1 device missing,
! 2 features refused, 4 timeout, 8 unexpected exception).
! Host side (see CMakeLists.txt): --balloon-target N@0 --balloon-target 0@T
! --balloon stats-interval=...

#include "e2k-virt.h"

#define GUARD 400000000         /* spin iterations before giving up */
#define POOL_PFN 0x1000         /* pool of balloon pages: 16 MiB */
#define QN 8                    /* queue entries */

#define V_MAGIC 0x000
#define V_DEVICE_ID 0x008
#define V_DEV_FEATURES 0x010
#define V_DEV_FEATURES_SEL 0x014
#define V_DRV_FEATURES 0x020
#define V_DRV_FEATURES_SEL 0x024
#define V_QUEUE_SEL 0x030
#define V_QUEUE_NUM 0x038
#define V_QUEUE_READY 0x044
#define V_QUEUE_NOTIFY 0x050
#define V_INT_STATUS 0x060
#define V_INT_ACK 0x064
#define V_STATUS 0x070
#define V_DESC_LO 0x080
#define V_DESC_HI 0x084
#define V_AVAIL_LO 0x090
#define V_AVAIL_HI 0x094
#define V_USED_LO 0x0a0
#define V_USED_HI 0x0a4
#define V_NUM_PAGES 0x100
#define V_ACTUAL 0x104

/* Per queue q: a 0x400 block at vq + q * 0x400: descriptors at +0,
 * available ring at +0x100, used ring at +0x200. */
#define VQ_AVAIL 0x100
#define VQ_USED 0x200

#define W32(off, r) { stw,2 r, [ VIRTIO0 + (off) ] }
#define R32(off, r) { ldw,0 0x0, VIRTIO0 + (off), r }
#define CALL(fn) { disp %ctpr1, fn } ; call %ctpr1, wbs = 0x8
#define PUTS(msg) { addd,0 0x0, msg, %dr16 } ; CALL(puts)

        .text
        .global _start
        .balign 0x1000
_start:                         ! ---- entry 0: exceptions and interrupts
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
        rrd     %tir.hi, %dr0
        rrd     %tir.lo, %dr1
        rwd     0x0, %tir.lo
    {
        shrd,0  %dr0, EXC_BIT_INTERRUPT, %dr2
    }
    {
        andd,0  %dr2, 0x1, %dr2
    }
    {
        cmpedb,0 %dr2, 0x0, %pred0
    }
    {
        ibranch fatal ? %pred0
    }
    {
        ldw,0   0x0, PIC_ACK, %r3
    }
    {
        cmpesb,0 %r3, IRQ_VIRTIO0, %pred1
    }
    {
        ibranch .Leoi ? ~%pred1
    }
        R32(V_INT_STATUS, %r4)
        W32(V_INT_ACK, %r4)
    {
        ldd,0   0x0, pending, %dr5
    }
    {
        ord,0   %dr5, %dr4, %dr5
    }
    {
        std,2   %dr5, [ pending ]
    }
.Leoi:
    {
        stw,2   %r3, [ PIC_EOI ]
    }
    {
        nop 3
    }
    {
        done
    }
fatal:
    {
        addd,0  0x0, 0x8, %dr0
    }
    PUTS(msg_fatal)
    {
        ibranch off
    }

! puts(%dr0): polled UART output.
puts:
    {
        setwd   wsz = 0x8, nfx = 0x1
        return  %ctpr3
    }
.Lp:
    {
        ldb,0   %dr0, 0x0, %r1
    }
    {
        cmpesb,0 %r1, 0x0, %pred0
    }
    {
        ct      %ctpr3 ? %pred0
    }
    {
        stb,2   %r1, [ UART_TX ]
        addd,0  %dr0, 0x1, %dr0
    }
    {
        ibranch .Lp
    }

! setup_queue(%dr0 = queue index): QueueSel, QueueNum = QN, ring
! addresses, QueueReady.
setup_queue:
    {
        setwd   wsz = 0x8, nfx = 0x1
        return  %ctpr3
    }
    {
        shld,0  %dr0, 0xa, %dr1         ! q * 0x400
        addd,1  0x0, QN, %dr2
    }
    {
        addd,0  %dr1, vq, %dr1
    }
        W32(V_QUEUE_SEL, %r0)
        W32(V_QUEUE_NUM, %r2)
    {
        addd,0  0x0, 0x0, %dr3
        addd,1  %dr1, VQ_AVAIL, %dr4
        addd,2  %dr1, VQ_USED, %dr5
    }
        W32(V_DESC_LO, %r1)
        W32(V_DESC_HI, %r3)
        W32(V_AVAIL_LO, %r4)
        W32(V_AVAIL_HI, %r3)
        W32(V_USED_LO, %r5)
        W32(V_USED_HI, %r3)
    {
        addd,0  0x0, 0x1, %dr2
    }
        W32(V_QUEUE_READY, %r2)
    {
        ct      %ctpr3
    }

! post(%dr0 = queue, %dr1 = buffer address, %dr2 = length, %dr3 = flags):
! one descriptor per buffer, always descriptor 0 (the device uses each
! buffer before the next is posted), then notify. Returns the used index
! after the device processed it in %dr0.
post:
    {
        setwd   wsz = 0x8, nfx = 0x1
        return  %ctpr3
    }
    {
        shld,0  %dr0, 0xa, %dr4
    }
    {
        addd,0  %dr4, vq, %dr4          ! queue block
    }
    {
        std,2   %dr1, [ %dr4 + 0x0 ]    ! desc[0].addr
        stw,5   %r2, [ %dr4 + 0x8 ]     ! desc[0].len
    }
    {
        sth,2   %r3, [ %dr4 + 0xc ]     ! desc[0].flags
        addd,0  0x0, 0x0, %dr5
    }
    {
        sth,2   %r5, [ %dr4 + 0xe ]     ! desc[0].next
        ldh,0   %dr4, VQ_AVAIL + 2, %r6 ! avail.idx
    }
    {
        andd,0  %dr6, QN - 1, %dr7
    }
    {
        shld,0  %dr7, 0x1, %dr7
    }
    {
        addd,0  %dr7, %dr4, %dr7
    }
    {
        sth,2   %r5, [ %dr7 + VQ_AVAIL + 4 ]    ! avail.ring[idx % QN] = 0
        addd,0  %dr6, 0x1, %dr6
    }
    {
        sth,2   %r6, [ %dr4 + VQ_AVAIL + 2 ]    ! avail.idx++
    }
        W32(V_QUEUE_NOTIFY, %r0)
    {
        ldh,0   %dr4, VQ_USED + 2, %r0          ! used.idx
    }
    {
        ct      %ctpr3
    }

! balloon_pages(%dr0 = queue 0/1, %dr1 = first pfn, %dr2 = count <= 64):
! fill pfns[] and post it.
balloon_pages:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, 0x0, %dr3
    }
.Lfill:
    {
        cmpbdb,0 %dr3, %dr2, %pred0
    }
    {
        ibranch .Lfilled ? ~%pred0
    }
    {
        shld,0  %dr3, 0x2, %dr4
        addd,1  %dr1, %dr3, %dr5
    }
    {
        stw,2   %r5, [ %dr4 + pfns ]
        addd,0  %dr3, 0x1, %dr3
    }
    {
        ibranch .Lfill
    }
.Lfilled:
    {
        addd,0  %dr0, 0x0, %dr16
        addd,1  0x0, pfns, %dr17
        shld,2  %dr2, 0x2, %dr18
        addd,3  0x0, 0x0, %dr19
    }
    CALL(post)
    {
        return  %ctpr3
    }
    {
        ct      %ctpr3
    }

! send_stats: MEMFREE and MEMTOT into the stats buffer, posted on statsq.
send_stats:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, 0x4, %dr1          ! VIRTIO_BALLOON_S_MEMFREE
        addd,1  0x0, 0x5, %dr2          ! VIRTIO_BALLOON_S_MEMTOT
    }
    {
        ldd,0   0x0, actual, %dr3
    }
    {
        shld,0  %dr3, 0xc, %dr3
    }
    {
        addd,0  0x0, 0x2000000, %dr5
        addd,1  0x0, 0x4000000, %dr4    ! total = 64 MiB
    }
    {
        subd,0  %dr5, %dr3, %dr3        ! free = 32 MiB - ballooned
    }
    {
        sth,2   %r1, [ statbuf + 0 ]
        sth,5   %r2, [ statbuf + 10 ]
    }
    {
        std,2   %dr3, [ statbuf + 2 ]
        std,5   %dr4, [ statbuf + 12 ]
    }
    {
        addd,0  0x0, 0x2, %dr16
        addd,1  0x0, statbuf, %dr17
        addd,2  0x0, 20, %dr18
        addd,3  0x0, 0x0, %dr19
    }
    CALL(post)
    {
        std,2   %dr16, [ stats_used ]   ! used.idx after posting
        return  %ctpr3
    }
    {
        ct      %ctpr3
    }

        .skip   TT_BOOT_ENTRY * TT_ENTRY_SIZE - (. - _start)
boot:                           ! ---- entry 12
                                ! %dr0 = failure bits, %dr1 = guard: callees
                                ! (wbs = 8) own our %r16.. and up
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, 0x0, %dr0
    }
    PUTS(msg_hello)
        R32(V_MAGIC, %r4)
        R32(V_DEVICE_ID, %r5)
    {
        cmpesb,0 %r4, 0x74726976, %pred0        ! "virt"
        cmpesb,1 %r5, 0x5, %pred1               ! balloon
    }
    {
        pass    %pred0, @p0
        pass    %pred1, @p1
        landp   @p0, @p1, @p4
        pass    @p4, %pred2
    }
    {
        addd,0  0x0, 0x1, %dr0 ? ~%pred2
        ibranch off ? ~%pred2
    }
    {
        addd,0  0x0, 0x3, %dr4          ! ACKNOWLEDGE | DRIVER
        addd,1  0x0, 0x0, %dr5
    }
        W32(V_STATUS, %r4)
        W32(V_DEV_FEATURES_SEL, %r5)
        R32(V_DEV_FEATURES, %r6)
    {
        andd,0  %dr6, 0x7, %dr6         ! MUST_TELL_HOST|STATS_VQ|DEFLATE_ON_OOM
        addd,1  0x0, 0x1, %dr7
    }
        W32(V_DRV_FEATURES_SEL, %r5)
        W32(V_DRV_FEATURES, %r6)
        W32(V_DRV_FEATURES_SEL, %r7)
        W32(V_DRV_FEATURES, %r7)        ! VIRTIO_F_VERSION_1 (bit 32)
    {
        addd,0  0x0, 0xb, %dr4          ! | FEATURES_OK
    }
        W32(V_STATUS, %r4)
        R32(V_STATUS, %r8)
    {
        andd,0  %dr8, 0x8, %dr8
    }
    {
        cmpedb,0 %dr8, 0x0, %pred0
    }
    {
        addd,0  0x0, 0x2, %dr0 ? %pred0
        ibranch off ? %pred0
    }
    {
        addd,0  0x0, 0x0, %dr16
    }
    CALL(setup_queue)
    {
        addd,0  0x0, 0x1, %dr16
    }
    CALL(setup_queue)
    {
        addd,0  0x0, 0x2, %dr16
    }
    CALL(setup_queue)
    {
        addd,0  0x0, 0xf, %dr4          ! | DRIVER_OK
    }
        W32(V_STATUS, %r4)
    CALL(send_stats)                    ! the device keeps it until asked
    PUTS(msg_ready)
    {
        addd,0  0x0, 1 << IRQ_VIRTIO0, %dr4
    }
    {
        stw,2   %r4, [ PIC_ENABLE_SET ]
    }
        rwd     PSR_PM | PSR_IE, %psr

    {
        addd,0  0x0, 0x0, %dr1         ! guard
    }
round:                          ! clear, serve, sleep
    {
        addd,0  0x0, 0x0, %dr4
    }
    {
        std,2   %dr4, [ pending ]
    }
        R32(V_NUM_PAGES, %r10)          ! target
    {
        ldd,0   0x0, actual, %dr11
    }
    {
        cmpbdb,0 %dr11, %dr10, %pred0   ! actual < target: inflate
        cmpbdb,1 %dr10, %dr11, %pred1   ! target < actual: deflate
    }
    {
        ibranch .Linflate ? %pred0
    }
    {
        ibranch .Ldeflate ? %pred1
    }
    {
        ibranch .Lstats
    }
.Linflate:
    {
        subd,0  %dr10, %dr11, %dr12
    }
    {
        cmpbedb,0 %dr12, 0x40, %pred2
    }
    {
        addd,0  0x0, 0x40, %dr12 ? ~%pred2      ! at most 64 per buffer
    }
    {
        addd,0  0x0, 0x0, %dr16
        addd,1  %dr11, POOL_PFN, %dr17
        addd,2  %dr12, 0x0, %dr18
    }
    CALL(balloon_pages)
    {
        addd,0  %dr11, %dr12, %dr11
    }
    {
        std,2   %dr11, [ actual ]
    }
        W32(V_ACTUAL, %r11)
    {
        ldd,0   0x0, inflated, %dr13
    }
    {
        cmpedb,0 %dr13, 0x0, %pred3
    }
    {
        ibranch round ? ~%pred3
    }
    {
        addd,0  0x0, 0x1, %dr13
    }
    {
        std,2   %dr13, [ inflated ]
    }
    PUTS(msg_inflated)
    {
        ldd,0   0x0, POOL_PFN << 12, %dr14      ! touch a page in the balloon
    }
    PUTS(msg_touched)
    {
        ibranch round
    }
.Ldeflate:
    {
        subd,0  %dr11, %dr10, %dr12
    }
    {
        cmpbedb,0 %dr12, 0x40, %pred2
    }
    {
        addd,0  0x0, 0x40, %dr12 ? ~%pred2
    }
    {
        subd,0  %dr11, %dr12, %dr11
    }
    {
        addd,0  0x0, 0x1, %dr16
        addd,1  %dr11, POOL_PFN, %dr17
        addd,2  %dr12, 0x0, %dr18
    }
    CALL(balloon_pages)
    {
        std,2   %dr11, [ actual ]
    }
        W32(V_ACTUAL, %r11)
    {
        cmpedb,0 %dr11, 0x0, %pred3
    }
    {
        ibranch round ? ~%pred3
    }
    {
        addd,0  0x0, 0x1, %dr13
    }
    {
        std,2   %dr13, [ deflated ]
    }
    PUTS(msg_deflated)
    {
        ibranch round
    }
.Lstats:                        ! the device returned the stats buffer?
    {
        ldd,0   0x0, stats_used, %dr4
    }
    {
        ldh,0   0x0, vq + 0x800 + VQ_USED + 2, %r5
    }
    {
        cmpedb,0 %dr4, %dr5, %pred0
    }
    {
        ibranch .Lcheck ? %pred0
    }
    CALL(send_stats)
    {
        ldd,0   0x0, nstats, %dr6
    }
    {
        addd,0  %dr6, 0x1, %dr6
    }
    {
        std,2   %dr6, [ nstats ]
        cmpedb,0 %dr6, 0x1, %pred1
    }
    {
        ibranch .Lcheck ? ~%pred1
    }
    PUTS(msg_stats)
.Lcheck:                        ! finished?
    {
        ldd,0   0x0, deflated, %dr4
        ldd,3   0x0, nstats, %dr5
    }
    {
        cmpedb,0 %dr4, 0x0, %pred0
        cmpedb,1 %dr5, 0x0, %pred1
    }
    {
        pass    %pred0, @p0
        pass    %pred1, @p1
        landp   ~@p0, ~@p1, @p4
        pass    @p4, %pred2
    }
    {
        ibranch finish ? %pred2
    }
.Lsleep:                        ! until the balloon interrupts
    {
        ldd,0   0x0, pending, %dr4
        addd,1  %dr1, 0x1, %dr1
    }
    {
        cmpedb,0 %dr4, 0x0, %pred0
        cmpbdb,1 %dr1, GUARD, %pred1
    }
    {
        ibranch round ? ~%pred0
    }
    {
        ibranch .Lsleep ? %pred1
    }
    {
        ord,0   %dr0, 0x4, %dr0
    }
    PUTS(msg_timeout)
    {
        ibranch off
    }
finish:
    PUTS(msg_done)
off:
    {
        stw,2   %r0, [ SYSCTL_POWER_OFF ]
    }
.Lhang:
    {
        ibranch .Lhang
    }

        .section .rodata
msg_hello:      .asciz "balloon: hello\n"
msg_ready:      .asciz "balloon: device ready (inflateq, deflateq, statsq)\n"
msg_inflated:   .asciz "balloon: inflated to the host's target\n"
msg_touched:    .asciz "balloon: read a page inside the balloon\n"
msg_deflated:   .asciz "balloon: deflated to 0\n"
msg_stats:      .asciz "balloon: answered a stats request\n"
msg_done:       .asciz "balloon: done\n"
msg_timeout:    .asciz "balloon: timeout\n"
msg_fatal:      .asciz "balloon: unexpected exception\n"

        .data
        .balign 8
pending:        .dword 0
actual:         .dword 0
inflated:       .dword 0
deflated:       .dword 0
nstats:         .dword 0
stats_used:     .dword 0
statbuf:        .skip 32
        .balign 16
pfns:           .skip 256
        .balign 4096
vq:             .skip 0xc00
