! sched.S — tasks and the round-robin scheduler.
!
! A task is a step function plus a task structure (kernel.h T_*): the
! scheduler calls each runnable task's step in turn, round-robin, and a
! step does a short piece of work and returns (tasks are cooperative,
! like work items or protothreads: each keeps its state in its structure,
! and a step never waits). A task owns pages, linked through their first
! word: task_own_page / task_drop_page keep its list and its RSS, which is
! what the OOM killer compares. A task ends by task_exit (its pages are
! freed); the OOM killer ends one as TS_DEAD.
!
! The heartbeat: once per scheduler round the scheduler writes the tick
! count into the system controller's HEARTBEAT register when it changed.
! The machine's hang detector watches that register against virtual time
! (docs/virt-machine.md §3.5): a kernel stuck inside one step (a deadlock)
! stops the heartbeat while the timer interrupt still counts ticks, as
! Linux's soft-lockup watchdog is touched from a task, not from the tick.
!
!   task_create(%dr0 = step, %dr1 = name, %dr2 = flags) -> task
!   schedule()                        run until no user task is runnable
!   task_own_page(%dr0 = task, %dr1 = page)
!   task_drop_page(%dr0 = task) -> page or 0
!   task_free_all(%dr0 = task)        free every page the task owns
!   task_exit(%dr0 = task)
!   current                           the task whose step is running

#include "kernel.h"

        .text
FUNC(task_create)
    LOAD(nr_tasks, %dr3)
    {
        muld    %dr3, TASK_BYTES, %dr4
        addd    %dr3, 0x1, %dr3         ! pid = slot + 1
    }
    {
        addd    %dr4, tasks, %dr4
    }
    {
        std     %dr0, [ %dr4 + T_STEP ]
        std     %dr1, [ %dr4 + T_NAME ]
    }
    {
        std     %dr2, [ %dr4 + T_FLAGS ]
        std     %dr3, [ %dr4 + T_PID ]
        addd    0x0, TS_RUN, %dr5
    }
    {
        std     %dr5, [ %dr4 + T_STATE ]
    }
    STORE(%dr3, nr_tasks)
    KLOG(msg_task)
    PUTN(%dr3)
    PUTS(msg_lpar)
    {
        addd    %dr1, 0x0, A0
    }
    CALL(puts)
    PUTS(msg_created)
    {
        addd    %dr4, 0x0, %dr0
    }
    RET

FUNC(schedule)
.Lround:
    LOAD(jiffies, %dr1)                 ! the heartbeat
    LOAD(hb_last, %dr2)
    {
        cmpedb  %dr1, %dr2, %pred0
    }
    {
        stw     %r1, [ SYSCTL_HEARTBEAT ] ? ~%pred0
    }
    STORE(%dr1, hb_last)
    {
        addd    0x0, 0x0, %dr3          ! slot
        addd    0x0, 0x0, %dr4          ! user tasks still running
    }
.Lnext:
    LOAD(nr_tasks, %dr5)
    {
        cmpbdb  %dr3, %dr5, %pred0
        muld    %dr3, TASK_BYTES, %dr6
    }
    {
        ibranch .Lround_end ? ~%pred0
        addd    %dr6, tasks, %dr6
    }
    {
        ldd     %dr6, T_STATE, %dr7
        ldd     %dr6, T_FLAGS, %dr8
        addd    %dr3, 0x1, %dr3
    }
    {
        cmpedb  %dr7, TS_RUN, %pred1
        andd    %dr8, TF_KERNEL, %dr8
    }
    {
        ibranch .Lnext ? ~%pred1
        cmpedb  %dr8, 0x0, %pred2
    }
    {
        addd    0x0, 0x1, %dr4 ? %pred2
        ldd     %dr6, T_STEP, %dr9
    }
    STORE(%dr6, current)
    {
        movtd   %dr9, %ctpr1
        addd    %dr6, 0x0, A0
    }
        call    %ctpr1, wbs = 0x8       ! step(task)
    {
        ibranch .Lnext
    }
.Lround_end:
    {
        addd    0x0, 0x0, %dr5
    }
    STORE(%dr5, current)
    {
        cmpedb  %dr4, 0x0, %pred0
    }
    {
        ibranch .Lround ? ~%pred0
    }
    RET

FUNC(task_own_page)
    {
        ldd     %dr0, T_PAGES, %dr2
        ldd     %dr0, T_RSS, %dr3
    }
    {
        std     %dr2, [ %dr1 + 0x0 ]    ! the task writes its page
        addd    %dr3, 0x1, %dr3
    }
    {
        std     %dr1, [ %dr0 + T_PAGES ]
        std     %dr3, [ %dr0 + T_RSS ]
    }
    LOAD(pgfaults, %dr4)                ! a first touch: a minor fault
    {
        addd    %dr4, 0x1, %dr4
    }
    STORE(%dr4, pgfaults)
    RET

FUNC(task_drop_page)
    {
        ldd     %dr0, T_PAGES, %dr1
        ldd     %dr0, T_RSS, %dr3
    }
    {
        cmpedb  %dr1, 0x0, %pred0
        return  %ctpr3
    }
    {
        addd    0x0, 0x0, %dr0 ? %pred0
        ct      %ctpr3 ? %pred0         ! no pages
    }
    {
        ldd     %dr1, 0x0, %dr2
        subd    %dr3, 0x1, %dr3
    }
    {
        std     %dr2, [ %dr0 + T_PAGES ]
        std     %dr3, [ %dr0 + T_RSS ]
    }
    {
        addd    %dr1, 0x0, %dr0
        ct      %ctpr3
    }

FUNC(task_free_all)
.Lfree_one:
    {
        addd    %dr0, 0x0, A0
    }
    CALL(task_drop_page)
    {
        cmpedb  A0, 0x0, %pred0
    }
    {
        ibranch .Lfreed ? %pred0
    }
    CALL(free_page)                     ! A0 is the page
    {
        ibranch .Lfree_one
    }
.Lfreed:
    RET

FUNC(task_exit)
    {
        addd    %dr0, 0x0, A0
    }
    CALL(task_free_all)
    {
        addd    0x0, TS_DONE, %dr1
        ldd     %dr0, T_PID, %dr2
    }
    {
        std     %dr1, [ %dr0 + T_STATE ]
    }
    KLOG(msg_task)
    PUTN(%dr2)
    PUTS(msg_lpar)
    {
        ldd     %dr0, T_NAME, A0
    }
    CALL(puts)
    PUTS(msg_exited)
    RET

        .section .rodata
msg_task:       .asciz "sched: task "
msg_lpar:       .asciz " ("
msg_created:    .asciz ") created\n"
msg_exited:     .asciz ") finished\n"

        .data
        .balign 8
        .global current, tasks, nr_tasks, pgfaults
current:        .dword 0
nr_tasks:       .dword 0
hb_last:        .dword -1
pgfaults:       .dword 0

        .bss
        .balign 8
tasks:          .skip NTASKS * TASK_BYTES
