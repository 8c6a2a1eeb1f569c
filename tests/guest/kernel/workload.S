! workload.S — the user tasks whose memory the host squeezes:
!
! hog (the one that grows): once per timer tick it acts. From tick
!   HOG_START on it grows by HOG_RATE + (tick mod 16) pages per tick up to
!   its peak (param_peak, cmdline.S), holds them HOLD_TICKS ticks, frees
!   2 * HOG_RATE pages per tick down to HOG_LOW, and does this
!   param_cycles times; then it finishes. A byte '+' on the console
!   raises the peak by 256 pages, '-' lowers it (not below 256).
! churn (the background): at every step (many per tick) it moves one page
!   toward a size that follows the tick count, CHURN_BASE + (tick mod
!   128): it allocates and frees all the time, so the free list's order,
!   and with it which pages the balloon gets, depends on how many steps
!   fit between two ticks. It finishes when hog has finished or died.
! Both allocate with GFP_KERNEL, so either can run into the OOM path.
! With the host clock (--clock host) the ticks come from the host, so
! every run interleaves differently; with the virtual clock they do not.
!
!   workload_init()   create both tasks

#include "kernel.h"

#define HOG_START 20
#define HOG_RATE 32
#define HOG_LOW 128
#define HOLD_TICKS 10
#define CHURN_BASE 192
#define PH_START 0
#define PH_GROW 1
#define PH_HOLD 2
#define PH_SHRINK 3

        .text
FUNC(workload_init)
    LOAD(param_peak, %dr1)
    STORE(%dr1, hog_peak)
    {
        addd    0x0, hog_step, A0
        addd    0x0, name_hog, A1
        addd    0x0, 0x0, A2
    }
    CALL(task_create)
    {
        addd    A0, 0x0, %dr2           ! hog
    }
    {
        addd    0x0, churn_step, A0
        addd    0x0, name_churn, A1
        addd    0x0, 0x0, A2
    }
    CALL(task_create)
    {
        std     %dr2, [ A0 + T_A ]      ! churn watches hog
    }
    RET

FUNC(hog_step)
    LOAD(jiffies, %dr1)
    {
        ldd     %dr0, T_TICK, %dr2
        return  %ctpr3
    }
    {
        cmpedb  %dr1, %dr2, %pred0
    }
    {
        ct      %ctpr3 ? %pred0         ! once per tick
    }
    {
        std     %dr1, [ %dr0 + T_TICK ]
    }
    CALL(console_input)
    {
        ldd     %dr0, T_A, %dr3         ! phase
    }
    {
        cmpedb  %dr3, PH_GROW, %pred1
        cmpedb  %dr3, PH_HOLD, %pred2
    }
    {
        cmpedb  %dr3, PH_SHRINK, %pred3
    }
    {
        ibranch .Lgrow ? %pred1
    }
    {
        ibranch .Lhold ? %pred2
    }
    {
        ibranch .Lshrink ? %pred3
    }
    {                                   ! PH_START: wait for HOG_START
        cmpbdb  %dr1, HOG_START, %pred0
    }
    {
        ibranch .Lhog_done ? %pred0
    }
    {
        addd    %dr0, 0x0, A0
    }
    CALL(start_cycle)
    {
        ibranch .Lhog_done
    }
.Lgrow:
    {
        andd    %dr1, 0xf, %dr4
        addd    0x0, 0x0, %dr5
    }
    {
        addd    %dr4, HOG_RATE, %dr4    ! pages this tick
    }
.Lgrow_page:
    LOAD(hog_peak, %dr6)
    {
        ldd     %dr0, T_RSS, %dr7
        cmpbdb  %dr5, %dr4, %pred0
    }
    {
        cmpbedb %dr6, %dr7, %pred1      ! at the peak
    }
    {
        ibranch .Lpeak ? %pred1
    }
    {
        ibranch .Lhog_done ? ~%pred0
    }
    {
        addd    0x0, GFP_KERNEL, A0
    }
    CALL(alloc_page)
    {
        cmpedb  A0, 0x0, %pred0
        addd    A0, 0x0, A1
        addd    %dr0, 0x0, A0
    }
    {
        ibranch .Lhog_done ? %pred0     ! failed (or we were killed)
    }
    CALL(task_own_page)
    {
        addd    %dr5, 0x1, %dr5
        ibranch .Lgrow_page
    }
.Lpeak:
    {
        addd    %dr1, HOLD_TICKS, %dr8
        addd    0x0, PH_HOLD, %dr9
    }
    {
        std     %dr8, [ %dr0 + T_B ]
        std     %dr9, [ %dr0 + T_A ]
    }
    KLOG(msg_hold)
    PUTN(%dr7)
    PUTS(msg_pages_nl)
    {
        ibranch .Lhog_done
    }
.Lhold:
    {
        ldd     %dr0, T_B, %dr8
    }
    {
        cmpbdb  %dr1, %dr8, %pred0
        addd    0x0, PH_SHRINK, %dr9
    }
    {
        std     %dr9, [ %dr0 + T_A ] ? ~%pred0
    }
    {
        ibranch .Lhog_done
    }
.Lshrink:
    {
        addd    0x0, 0x0, %dr5
    }
.Lshrink_page:
    {
        ldd     %dr0, T_RSS, %dr7
        cmpbdb  %dr5, 2 * HOG_RATE, %pred0
    }
    {
        cmpbedb %dr7, HOG_LOW, %pred1
    }
    {
        ibranch .Llow ? %pred1
    }
    {
        ibranch .Lhog_done ? ~%pred0
    }
    {
        addd    %dr0, 0x0, A0
    }
    CALL(task_drop_page)
    CALL(free_page)
    {
        addd    %dr5, 0x1, %dr5
        ibranch .Lshrink_page
    }
.Llow:                                  ! a cycle is over
    {
        ldd     %dr0, T_C, %dr10
    }
    LOAD(param_cycles, %dr11)
    {
        addd    %dr10, 0x1, %dr10
    }
    {
        std     %dr10, [ %dr0 + T_C ]
        cmpbdb  %dr10, %dr11, %pred0
    }
    {
        ibranch .Lagain ? %pred0
    }
    {
        addd    %dr0, 0x0, A0
    }
    CALL(task_exit)
    {
        ibranch .Lhog_done
    }
.Lagain:
    {
        addd    %dr0, 0x0, A0
    }
    CALL(start_cycle)
.Lhog_done:
    RET

! start_cycle(%dr0 = hog): its next growth phase.
start_cycle:
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
    {
        addd    0x0, PH_GROW, %dr1
        ldd     %dr0, T_C, %dr2
    }
    {
        std     %dr1, [ %dr0 + T_A ]
        addd    %dr2, 0x1, %dr2
    }
    KLOG(msg_cycle)
    PUTN(%dr2)
    PUTS(msg_grow)
    LOAD(hog_peak, %dr3)
    PUTN(%dr3)
    PUTS(msg_pages_nl)
    RET

! console_input(): one byte from the UART, if any: '+' / '-' move the peak.
console_input:
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
    CALL(uart_getc)
    LOAD(hog_peak, %dr1)
    {
        cmpedb  A0, 0x2b, %pred0        ! '+'
        cmpedb  A0, 0x2d, %pred1        ! '-'
        cmpldb  A0, 0x0, %pred2         ! -1: nothing received
    }
    {
        cmpbdb  %dr1, 0x101, %pred3     ! peak <= 256: no lower
        addd    %dr1, 0x100, %dr1 ? %pred0
    }
    {
        ibranch .Lno_input ? %pred2
    }
    {
        ibranch .Lset_peak ? ~%pred1
    }
    {
        ibranch .Lset_peak ? %pred3
    }
    {
        subd    %dr1, 0x100, %dr1
    }
.Lset_peak:
    STORE(%dr1, hog_peak)
    KLOG(msg_peak)
    PUTN(%dr1)
    PUTS(msg_pages_nl)
.Lno_input:
    RET

FUNC(churn_step)
    {
        ldd     %dr0, T_A, %dr1         ! hog
    }
    {
        ldd     %dr1, T_STATE, %dr2
    }
    {
        cmpedb  %dr2, TS_RUN, %pred0
        addd    %dr0, 0x0, A0
    }
    {
        disp    %ctpr1, task_exit
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred0     ! hog is gone: finish
    {
        ibranch .Lchurn_done ? ~%pred0
    }
    LOAD(jiffies, %dr3)
    {
        andd    %dr3, 0x7f, %dr3
        ldd     %dr0, T_RSS, %dr4
    }
    {
        addd    %dr3, CHURN_BASE, %dr3  ! the size to move toward
    }
    {
        cmpbdb  %dr4, %dr3, %pred1      ! too small: one more page
        cmpbdb  %dr3, %dr4, %pred2      ! too big: one less
    }
    {
        ibranch .Lchurn_more ? %pred1
    }
    {
        ibranch .Lchurn_done ? ~%pred2
    }
    {
        addd    %dr0, 0x0, A0
    }
    CALL(task_drop_page)
    CALL(free_page)
    {
        ibranch .Lchurn_done
    }
.Lchurn_more:
    {
        addd    0x0, GFP_KERNEL, A0
    }
    CALL(alloc_page)
    {
        cmpedb  A0, 0x0, %pred0
        addd    A0, 0x0, A1
        addd    %dr0, 0x0, A0
    }
    {
        ibranch .Lchurn_done ? %pred0
    }
    CALL(task_own_page)
.Lchurn_done:
    RET

        .section .rodata
name_hog:       .asciz "hog"
name_churn:     .asciz "churn"
msg_cycle:      .asciz "workload: cycle "
msg_grow:       .asciz ", growing to "
msg_hold:       .asciz "workload: holding "
msg_peak:       .asciz "workload: peak now "
msg_pages_nl:   .asciz " pages\n"

        .data
        .balign 8
hog_peak:       .dword 0
