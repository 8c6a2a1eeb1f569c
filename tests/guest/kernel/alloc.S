! alloc.S — the page-frame allocator: every free 4 KiB page of RAM above
! the kernel, on one free list linked through the first word of each free
! page (the MMU is off, so page address = physical address).
!
! alloc_page(gfp) takes the first free page. When there is none, an
! allocation that may wait (GFP_KERNEL) enters the OOM path, as Linux's
! __alloc_pages_slowpath does (oom.S):
!   1. the OOM notifiers run (the balloon driver's gives pages back when
!      VIRTIO_BALLOON_F_DEFLATE_ON_OOM was negotiated); if they freed
!      anything, try again;
!   2. otherwise the OOM killer kills the biggest task and frees its
!      pages; try again, unless the caller itself was killed or nothing
!      could be killed (then the allocation fails).
! GFP_NORETRY (the balloon's inflate, like Linux's __GFP_NORETRY |
! __GFP_NOMEMALLOC) never enters the OOM path and leaves the last
! RESERVE_PAGES pages to the others.
!
!   page_alloc_init(%dr0 = start, %dr1 = end)  free every page in [start, end)
!   alloc_page(%dr0 = gfp) -> %dr0             a page, or 0
!   free_page(%dr0 = page)                     give a page back
!   nr_free, nr_total, alloc_stalls            counters (balloon stats)

#include "kernel.h"

        .text
FUNC(page_alloc_init)
    {
        addd    %dr0, PAGE_SIZE - 1, %dr0
    }
    {
        andnd   %dr0, PAGE_SIZE - 1, %dr0       ! round the start up
    }
.Linit_page:
    {
        addd    %dr0, PAGE_SIZE, %dr2
    }
    {
        cmpbedb %dr2, %dr1, %pred0              ! the whole page below end?
    }
    {
        ibranch .Linit_done ? ~%pred0
    }
    {
        addd    %dr0, 0x0, A0
    }
    CALL(free_page)
    {
        addd    %dr0, PAGE_SIZE, %dr0
    }
    {
        ibranch .Linit_page
    }
.Linit_done:
    LOAD(nr_free, %dr3)
    STORE(%dr3, nr_total)
    RET

FUNC(free_page)
    LOAD(free_list, %dr1)
    LOAD(nr_free, %dr2)
    {
        std     %dr1, [ %dr0 + 0x0 ]    ! link: the page's first word
        addd    %dr2, 0x1, %dr2
    }
    STORE(%dr0, free_list)
    STORE(%dr2, nr_free)
    RET

FUNC(alloc_page)
    {
        addd    %dr0, 0x0, %dr8         ! gfp
        andd    %dr0, GFP_NORETRY, %dr9
    }
    {
        cmpedb  %dr9, 0x0, %pred2       ! pred2: may enter the OOM path
        addd    0x0, 0x0, %dr10         ! reserve
    }
    {
        addd    0x0, RESERVE_PAGES, %dr10 ? ~%pred2
    }
.Lretry:
    LOAD(nr_free, %dr2)
    {
        cmpbdb  %dr10, %dr2, %pred0     ! reserve < nr_free: take one
    }
    {
        ibranch .Lslow ? ~%pred0
    }
    LOAD(free_list, %dr0)
    {
        subd    %dr2, 0x1, %dr2
        ldd     %dr0, 0x0, %dr3         ! the next free page
    }
    STORE(%dr3, free_list)
    STORE(%dr2, nr_free)
    RET
.Lslow:                                 ! out of memory
    {
        addd    0x0, 0x0, %dr0
        return  %ctpr3
    }
    {
        ct      %ctpr3 ? ~%pred2        ! GFP_NORETRY: just fail
    }
    LOAD(alloc_stalls, %dr4)
    {
        addd    %dr4, 0x1, %dr4
    }
    STORE(%dr4, alloc_stalls)
    CALL(oom_notify)                    ! 1. the notifiers (oom.S)
    {
        cmpedb  A0, 0x0, %pred1
    }
    {
        ibranch .Lretry ? ~%pred1       ! they freed pages
    }
    CALL(oom_kill)                      ! 2. the OOM killer (oom.S)
    {
        cmpedb  A0, 0x0, %pred1
    }
    {
        addd    0x0, 0x0, %dr0
        ibranch .Lfail ? %pred1         ! nothing to kill
    }
    LOAD(current, %dr5)
    {
        cmpedb  %dr5, 0x0, %pred0
    }
    {
        ibranch .Lretry ? %pred0
    }
    {
        ldd     %dr5, T_STATE, %dr6
    }
    {
        cmpedb  %dr6, TS_RUN, %pred0
    }
    {
        ibranch .Lretry ? %pred0        ! the caller is still alive
    }
.Lfail:
    {
        addd    0x0, 0x0, %dr0
    }
    RET

        .data
        .balign 8
        .global nr_free, nr_total, alloc_stalls
free_list:      .dword 0
nr_free:        .dword 0
nr_total:       .dword 0
alloc_stalls:   .dword 0
