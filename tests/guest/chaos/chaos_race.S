! chaos_race.S — the planted rare failure of the chaos-mode test
! (docs/chaos.md): a kernel for the `virt` machine whose main loop
! increments a counter in memory with a load / add / store sequence while
! the timer0 interrupt handler increments the same counter. An interrupt
! taken before the add or before the store (a 3-bundle window) loses the
! handler's update; at the end the kernel checks
!     counter == main increments + handler ticks
! and powers off with status 3 ("lost update") if not, 0 if all is well.
!
! The window is rare: the main loop spends ~200 bundles in a delay loop
! per increment. And it never opens at a regular input poll point: the
! main loop reads the bundle's icount (%clkr, docs/cpu.md) and skips the
! increment when it is within 128 bundles of a multiple of
! VIRT_POLL_QUANTUM (32768), where the regular schedule delivers host
! inputs. So a plain `e2k-rr record --clock host` never fails; only chaos
! mode, which offers inputs between any two bundles, can hit the window.

#include "e2k-virt.h"

#define NITER 2000              /* increments attempted */
#define DELAY 100               /* delay-loop iterations between them */
#define PERIOD 50000            /* timer0 period, ns */
#define QMASK 32767             /* VIRT_POLL_QUANTUM - 1 */
#define QGUARD 128

        .text
        .global _start
        .balign 0x1000
_start:                         ! ---- entry 0: interrupts (exceptions: fatal)
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
        rrd     %tir.hi, %dr0
        rrd     %tir.lo, %dr1
        rwd     0x0, %tir.lo            ! unfreeze the TIRs
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
        cmpesb,0 %r3, IRQ_TIMER0, %pred1
    }
    {
        ibranch .Leoi ? ~%pred1
    }
    {
        addd,0  0x0, 0x1, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_STATUS ]  ! acknowledge the expiry
    }
    {
        ldd,0   0x0, ticks, %dr5
    }
    {
        ldd,0   0x0, counter, %dr6
    }
    {
        addd,0  %dr5, 0x1, %dr5
        addd,1  %dr6, 0x1, %dr6
    }
    {
        std,2   %dr5, [ ticks ]
    }
    {
        std,2   %dr6, [ counter ]
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
        addd,0  0x0, 0x8, %dr4
    }
    {
        stw,2   %r4, [ SYSCTL_POWER_OFF ]
    }
.Lhang:
    {
        ibranch .Lhang
    }

! puts(%dr0 = NUL-terminated string): polled UART output.
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

        .skip   TT_BOOT_ENTRY * TT_ENTRY_SIZE - (. - _start)
boot:                           ! ---- entry 12
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,1  0x0, msg_hello, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  0x0, 1 << IRQ_TIMER0, %dr4
    }
    {
        stw,2   %r4, [ PIC_ENABLE_SET ]
        addd,0  0x0, PERIOD, %dr5
    }
    {
        stw,2   %r5, [ TIMER0 + TIMER_PERIOD_LO ]
        addd,0  0x0, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_CTRL ]
        addd,0  0x0, 0x0, %dr7          ! main's increments
        addd,1  0x0, 0x0, %dr10         ! iterations
    }
        rwd     PSR_PM | PSR_IE, %psr   ! interrupts on
.Louter:
        rrd     %clkr, %dr8             ! this bundle's icount
    {
        andd,0  %dr8, QMASK, %dr9
        addd,1  %dr10, 0x1, %dr10
    }
    {
        cmpbdb,0 %dr9, QGUARD, %pred0           ! just after a poll point
        cmpbedb,1 %dr9, QMASK - QGUARD, %pred1  ! not just before one
    }
    {
        ibranch .Lskip ? %pred0
    }
    {
        ibranch .Lskip ? ~%pred1
    }
    {                                   ! ---- the window: load ...
        ldd,0   0x0, counter, %dr5
    }
    {                                   ! ... add ...
        addd,0  %dr5, 0x1, %dr5
    }
    {                                   ! ... store
        std,2   %dr5, [ counter ]
        addd,0  %dr7, 0x1, %dr7
    }
.Lskip:
    {
        addd,0  0x0, 0x0, %dr11
    }
.Ldelay:
    {
        addd,0  %dr11, 0x1, %dr11
    }
    {
        cmpbdb,0 %dr11, DELAY, %pred2
    }
    {
        ibranch .Ldelay ? %pred2
    }
    {
        cmpbdb,0 %dr10, NITER, %pred3
    }
    {
        ibranch .Louter ? %pred3
    }
        rwd     PSR_PM, %psr            ! interrupts off
    {
        addd,0  0x0, 0x0, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_CTRL ]    ! timer off
    }
    {
        ldd,0   0x0, ticks, %dr5
    }
    {
        ldd,0   0x0, counter, %dr6
    }
    {
        addd,0  %dr7, %dr5, %dr5
    }
    {
        cmpedb,0 %dr5, %dr6, %pred0
    }
    {
        ibranch .Lok ? %pred0
    }
    {
        addd,1  0x0, msg_lost, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  0x0, 0x3, %dr4
    }
    {
        stw,2   %r4, [ SYSCTL_POWER_OFF ]
    }
.Lok:
    {
        addd,1  0x0, msg_ok, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  0x0, 0x0, %dr4
    }
    {
        stw,2   %r4, [ SYSCTL_POWER_OFF ]
    }
.Loff:
    {
        ibranch .Loff
    }

        .section .rodata
msg_hello:
        .asciz  "chaos_race: counting\n"
msg_ok:
        .asciz  "chaos_race: ok\n"
msg_lost:
        .asciz  "chaos_race: lost update (an interrupt hit the window)\n"

        .data
        .balign 8
ticks:  .dword  0
counter: .dword 0
