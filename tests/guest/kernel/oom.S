! oom.S — what happens when memory runs out (alloc.S calls it):
!
! OOM notifiers. Drivers that hold memory they can give back register a
! function (Linux register_oom_notifier); oom_notify calls each and
! returns the number of pages they freed. The balloon driver registers
! one when the host offered VIRTIO_BALLOON_F_DEFLATE_ON_OOM (balloon.S).
!
! The OOM killer. When the notifiers freed nothing, oom_kill picks the
! runnable user task that owns the most pages, frees its pages, marks it
! TS_DEAD, prints "Out of memory: Killed task N (name), P pages" and tells
! the machine through the system controller (SYSCTL_OOM_PAGES, then
! SYSCTL_OOM_KILL with the task id, the name as the message), which
! journals an OOM_KILL event (docs/virt-machine.md §3.5, §5).
!
!   register_oom_notifier(%dr0 = function)   function() -> pages freed
!   oom_notify() -> %dr0                      pages the notifiers freed
!   oom_kill() -> %dr0                        1 if a task was killed
!   oom_kills                                 how many so far

#include "kernel.h"

#define MAX_NOTIFIERS 4

        .text
FUNC(register_oom_notifier)
    LOAD(nr_notifiers, %dr1)
    {
        cmpbdb  %dr1, MAX_NOTIFIERS, %pred0
        shld    %dr1, 0x3, %dr2
    }
    {
        std     %dr0, [ %dr2 + notifiers ] ? %pred0
        addd    %dr1, 0x1, %dr1 ? %pred0
    }
    STORE(%dr1, nr_notifiers)
    RET

FUNC(oom_notify)
    {
        addd    0x0, 0x0, %dr1          ! index
        addd    0x0, 0x0, %dr2          ! pages freed
    }
.Lnotifier:
    LOAD(nr_notifiers, %dr3)
    {
        cmpbdb  %dr1, %dr3, %pred0
        shld    %dr1, 0x3, %dr4
    }
    {
        ibranch .Lnotified ? ~%pred0
    }
    {
        ldd     %dr4, notifiers, %dr5
    }
    {
        movtd   %dr5, %ctpr1
    }
        call    %ctpr1, wbs = 0x8
    {
        addd    %dr2, A0, %dr2
        addd    %dr1, 0x1, %dr1
    }
    {
        ibranch .Lnotifier
    }
.Lnotified:
    {
        addd    %dr2, 0x0, %dr0
    }
    RET

FUNC(oom_kill)
    {
        addd    0x0, 0x0, %dr1          ! slot
        addd    0x0, 0x0, %dr2          ! victim
        addd    0x0, 0x0, %dr3          ! its RSS
    }
.Lcandidate:
    LOAD(nr_tasks, %dr4)
    {
        cmpbdb  %dr1, %dr4, %pred0
        muld    %dr1, TASK_BYTES, %dr5
    }
    {
        ibranch .Lchosen ? ~%pred0
        addd    %dr5, tasks, %dr5
    }
    {
        ldd     %dr5, T_STATE, %dr6
        ldd     %dr5, T_FLAGS, %dr7
        addd    %dr1, 0x1, %dr1
    }
    {
        ldd     %dr5, T_RSS, %dr8
        cmpedb  %dr6, TS_RUN, %pred1
        andd    %dr7, TF_KERNEL, %dr7
    }
    {
        cmpedb  %dr7, 0x0, %pred2
        cmpbdb  %dr3, %dr8, %pred3      ! bigger than the best so far
    }
    {
        ibranch .Lcandidate ? ~%pred1   ! not runnable
    }
    {
        ibranch .Lcandidate ? ~%pred2   ! a kernel task
    }
    {
        addd    %dr5, 0x0, %dr2 ? %pred3
        addd    %dr8, 0x0, %dr3 ? %pred3
        ibranch .Lcandidate
    }
.Lchosen:
    {
        cmpedb  %dr2, 0x0, %pred0
    }
    {
        ibranch .Lnobody ? %pred0
    }
    {
        ldd     %dr2, T_PID, %dr9
        ldd     %dr2, T_NAME, %dr10
    }
    KLOG(msg_killed)
    PUTN(%dr9)
    PUTS(msg_lpar)
    {
        addd    %dr10, 0x0, A0
    }
    CALL(puts)
    PUTS(msg_rss)
    PUTN(%dr3)
    PUTS(msg_pages)
    {
        addd    %dr10, 0x0, A0          ! name length for the message
    }
    CALL(strlen)
    {
        shrd    %dr10, 0x20, %dr11
    }
    {
        stw     %r10, [ SYSCTL_MSG_LO ]
        stw     %r11, [ SYSCTL_MSG_HI ]
    }
    {
        stw     %r16, [ SYSCTL_MSG_LEN ]
        stw     %r3, [ SYSCTL_OOM_PAGES ]
    }
    {
        stw     %r9, [ SYSCTL_OOM_KILL ]        ! journaled as OOM_KILL
    }
    {
        addd    %dr2, 0x0, A0
    }
    CALL(task_free_all)
    {
        addd    0x0, TS_DEAD, %dr12
    }
    {
        std     %dr12, [ %dr2 + T_STATE ]
    }
    LOAD(oom_kills, %dr13)
    {
        addd    %dr13, 0x1, %dr13
    }
    STORE(%dr13, oom_kills)
    {
        addd    0x0, 0x1, %dr0
    }
    RET
.Lnobody:
    KLOG(msg_nobody)
    {
        addd    0x0, 0x0, %dr0
    }
    RET

! strlen(%dr0) -> length
FUNC(strlen)
    {
        addd    %dr0, 0x0, %dr1
        return  %ctpr3
    }
.Lstrlen:
    {
        ldb     %dr1, 0x0, %r2
    }
    {
        cmpesb  %r2, 0x0, %pred0
    }
    {
        subd    %dr1, %dr0, %dr0 ? %pred0
        ct      %ctpr3 ? %pred0
    }
    {
        addd    %dr1, 0x1, %dr1
        ibranch .Lstrlen
    }

        .section .rodata
msg_killed:     .asciz "Out of memory: Killed task "
msg_lpar:       .asciz " ("
msg_rss:        .asciz "), "
msg_pages:      .asciz " pages\n"
msg_nobody:     .asciz "Out of memory: no task to kill\n"

        .data
        .balign 8
        .global oom_kills
oom_kills:      .dword 0
nr_notifiers:   .dword 0
notifiers:      .skip 8 * MAX_NOTIFIERS
