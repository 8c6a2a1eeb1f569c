! balloon_stats.S — the balloon's statistics (virtio spec v1.2 §5.5.6.3,
! VIRTIO_BALLOON_F_STATS_VQ; the driver is balloon.S).
!
! The protocol is the device's: the driver posts a buffer of statistics on
! statsq at start; the device keeps it; when the host wants numbers, the
! device gives the buffer back (a used buffer), and the driver fills it
! with fresh numbers and posts it again. Entries are 10 bytes, le16 tag
! and le64 value; this kernel reports SWAP_IN, SWAP_OUT, MAJFLT (0: no
! swap, no disk), MINFLT (pages tasks touched first), MEMFREE, MEMTOT,
! AVAIL (= free: no reclaimable caches), CACHES (0), OOM_KILL and
! ALLOC_STALL (allocations that found no free page), as Linux's
! update_balloon_stats does.
!
!   balloon_stats_init()        fill and post the first buffer
!   balloon_stats_request()     after a used-buffer interrupt: answer if
!                               the host gave the buffer back
!   stats_answered              requests answered

#include "kernel.h"
#include "virtio.h"

#define Q_STATS 2
#define NSTATS 10
#define STAT_BYTES 10

        .text
FUNC(balloon_stats_init)
    CALL(update_stats)
    {
        addd    0x0, Q_STATS, A0
        addd    0x0, statbuf, A1
        addd    0x0, NSTATS * STAT_BYTES, A2
    }
    CALL(virtio_send)
    STORE(A0, stats_idx)                ! used.idx reaches it when asked
    RET

! A used buffer: if it is the stats buffer, the host wants numbers.
FUNC(balloon_stats_request)
    LOAD(vb_features, %dr1)
    {
        cmpandedb %dr1, F_STATS_VQ, %pred0
        return  %ctpr3
    }
    {
        ct      %ctpr3 ? %pred0
    }
    {
        addd    0x0, Q_STATS, A0
    }
    CALL(virtio_used)
    LOAD(stats_idx, %dr2)
    {
        cmpedb  A0, %dr2, %pred0        ! the device gave it back
    }
    {
        ibranch .Lnot_asked ? ~%pred0
    }
    CALL(update_stats)
    {
        addd    0x0, Q_STATS, A0
        addd    0x0, statbuf, A1
        addd    0x0, NSTATS * STAT_BYTES, A2
    }
    CALL(virtio_send)
    STORE(A0, stats_idx)
    LOAD(stats_answered, %dr3)
    {
        addd    %dr3, 0x1, %dr3
    }
    STORE(%dr3, stats_answered)
.Lnot_asked:
    RET

! Fill statbuf: NSTATS entries of (le16 tag, le64 value), §5.5.6.3.
update_stats:
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
    LOAD(nr_free, %dr1)
    LOAD(nr_total, %dr2)
    LOAD(pgfaults, %dr3)
    LOAD(oom_kills, %dr4)
    LOAD(alloc_stalls, %dr5)
    {
        shld    %dr1, PAGE_SHIFT, %dr1  ! bytes
        shld    %dr2, PAGE_SHIFT, %dr2
    }
#define STAT(i, tag, val) \
    { addd 0x0, i, A0 ; addd 0x0, tag, A1 ; addd val, 0x0, A2 } ; CALL(stat_put)
    STAT(0, 0, 0x0)         /* VIRTIO_BALLOON_S_SWAP_IN: no swap */
    STAT(1, 1, 0x0)         /* SWAP_OUT */
    STAT(2, 2, 0x0)         /* MAJFLT: no paging from disk */
    STAT(3, 3, %dr3)        /* MINFLT: pages first touched by tasks */
    STAT(4, 4, %dr1)        /* MEMFREE */
    STAT(5, 5, %dr2)        /* MEMTOT */
    STAT(6, 6, %dr1)        /* AVAIL: no reclaimable caches, = free */
    STAT(7, 7, 0x0)         /* CACHES: no page cache */
    STAT(8, 10, %dr4)       /* OOM_KILL */
    STAT(9, 11, %dr5)       /* ALLOC_STALL: allocations that ran short */
    RET

! stat_put(%dr0 = index, %dr1 = tag, %dr2 = value): entries are 10 bytes,
! so the value is stored as four 16-bit halves.
stat_put:
    {
        setwd   wsz = 0x10, nfx = 0x1
        muld    %dr0, STAT_BYTES, %dr3
    }
    {
        addd    %dr3, statbuf, %dr3
        shrd    %dr2, 0x10, %dr4
        shrd    %dr2, 0x20, %dr5
        shrd    %dr2, 0x30, %dr6
    }
    {
        sth     %r1, [ %dr3 + 0x0 ]
        sth     %r2, [ %dr3 + 0x2 ]
    }
    {
        sth     %r4, [ %dr3 + 0x4 ]
        sth     %r5, [ %dr3 + 0x6 ]
    }
    {
        sth     %r6, [ %dr3 + 0x8 ]
    }
    RET

        .data
        .balign 8
        .global stats_answered
stats_idx:      .dword 0
stats_answered: .dword 0

        .bss
        .balign 8
statbuf:        .skip NSTATS * STAT_BYTES
