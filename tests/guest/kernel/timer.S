! timer.S — the timer tick: timer0 of the virt machine
! (docs/virt-machine.md §3.2, PIC line 2) interrupts HZ times a second of
! its clock, and each interrupt adds one to `jiffies`.
!
! The clock is the machine's choice (--clock): virtual (icount, one wide
! instruction = 1 ns, the same in every run) or the host's monotonic clock
! (each run differs; a recording journals every expiry). Everything the
! kernel does "per tick" (the workload's pace, the balloon driver's retry,
! the heartbeat the hang detector watches) follows this clock.
!
!   timer_init()          program timer0: periodic, TICK_NS, interrupt on
!   timer_interrupt       interrupt routine of line 2 (trap.S)
!   jiffies               the tick count (64-bit), read by everyone

#include "kernel.h"

#define T_PERIOD (TIMER0 + TIMER_PERIOD_LO)
#define T_CTRL (TIMER0 + TIMER_CTRL)
#define T_STATUS (TIMER0 + TIMER_STATUS)

        .text
FUNC(timer_init)
    {
        addd    0x0, TICK_NS, %dr1
        addd    0x0, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN, %dr2
    }
    {
        stw     %r1, [ T_PERIOD ]
    }
    {
        stw     %r2, [ T_CTRL ]         ! arms at now + period
    }
    RET

! Acknowledge the expiry (the line is level-triggered: EXPIRED && IRQ_EN)
! and count the tick. A periodic timer that fell behind counts its missed
! periods in TIMER_OVERRUN; a tick is a tick here, missed ones are lost.
IRQ_ROUTINE(timer_interrupt)
    {
        addd    0x0, 0x1, %dr8
    }
    {
        stw     %r8, [ T_STATUS ]       ! write 1 to clear EXPIRED
    }
    LOAD(jiffies, %dr9)
    {
        addd    %dr9, 0x1, %dr9
    }
    STORE(%dr9, jiffies)
    IRQ_RETURN

        .data
        .balign 8
        .global jiffies
jiffies:        .dword 0
