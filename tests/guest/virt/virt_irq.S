! virt_irq.S — a small kernel for the `virt` machine (docs/virt-machine.md,
! docs/e2k-system-mode.md §8): boots at trap-table entry 12, prints through
! the UART, takes timer0 interrupts (virtual or host clock, --clock), reads
! the RTC (a host input through the gate), takes a UART receive interrupt
! for a line typed on stdin, and powers off through the system controller
! with status 0 if everything worked (bits: 1 no ticks, 2 RTC, 4 no input,
! 8 an unexpected exception).
!
! Trap table: entry 0 (+0x0000) takes every exception and interrupt, entry
! 12 (+0x6000) is the machine's jumpstart. The handler reads and unfreezes
! the TIRs, asks the PIC which line it was (ACK), serves it, ends it (EOI)
! and returns with `done`. It touches no %ctpr, so the interrupted code's
! CTPRs survive (trap entry and `done` keep them, e2k-system-mode.md §2.2).

#include "e2k-virt.h"

#define GUARD 20000000          /* spin iterations before giving up */
#define NTICKS 5

        .text
        .global _start
        .balign 0x1000
_start:                         ! ---- entry 0: exceptions and interrupts
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
        ibranch fatal ? %pred0          ! an exception: not expected here
    }
    {
        ldw,0   0x0, PIC_ACK, %r3       ! which line; puts it in service
    }
    {
        cmpesb,0 %r3, IRQ_TIMER0, %pred1
        cmpesb,1 %r3, IRQ_UART0, %pred2
    }
    {
        ibranch .Ltimer ? %pred1
    }
    {
        ibranch .Luart ? %pred2
    }
    {
        ibranch .Leoi
    }
.Ltimer:
    {
        addd,0  0x0, 0x1, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_STATUS ]  ! acknowledge the expiry
        ldd,0   0x0, ticks, %dr5
    }
    {
        addd,0  %dr5, 0x1, %dr5
    }
    {
        std,2   %dr5, [ ticks ]
    }
    {
        ibranch .Leoi
    }
.Luart:                         ! drain the receive FIFO into rxbuf
    {
        ldb,0   0x0, UART_LSR, %r4
    }
    {
        andd,0  %dr4, UART_LSR_DR, %dr4
    }
    {
        cmpedb,0 %dr4, 0x0, %pred3
    }
    {
        ibranch .Leoi ? %pred3
    }
    {
        ldb,0   0x0, UART_RX, %r5
        ldd,3   0x0, rxcount, %dr6
    }
    {
        cmpbdb,0 %dr6, 0x3f, %pred4     ! keep the last byte a NUL
    }
    {
        stb,2   %r5, [ %dr6 + rxbuf ] ? %pred4
        addd,0  %dr6, 0x1, %dr6 ? %pred4
    }
    {
        std,2   %dr6, [ rxcount ]
    }
    {
        ibranch .Luart
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
fatal:                          ! print the exception mask and power off
    {
        std,2   %dr0, [ lastexc ]
        addd,0  0x0, msg_fatal, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
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

! puts(%dr0 = NUL-terminated string): polled UART output (THR is always
! empty on this UART).
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
boot:                           ! ---- entry 12: %r0 = 0, %dr1 = boot info
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, 0x0, %dr20         ! failure bits
        addd,1  0x0, msg_hello, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  0x0, (1 << IRQ_UART0) | (1 << IRQ_TIMER0), %dr4
    }
    {
        stw,2   %r4, [ PIC_ENABLE_SET ]
        addd,0  0x0, 100000, %dr5       ! 100 us
    }
    {
        stw,2   %r5, [ TIMER0 + TIMER_PERIOD_LO ]
        addd,0  0x0, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_CTRL ]
    }
        rwd     PSR_PM | PSR_IE, %psr   ! interrupts on
    {
        addd,0  0x0, 0x0, %dr7
    }
.Lwait_ticks:
    {
        ldd,0   0x0, ticks, %dr5
        addd,1  %dr7, 0x1, %dr7
    }
    {
        cmpbedb,0 NTICKS, %dr5, %pred0
        cmpbdb,1 %dr7, GUARD, %pred1
    }
    {
        ibranch .Lticked ? %pred0
    }
    {
        ibranch .Lwait_ticks ? %pred1
    }
    {
        ord,0   %dr20, 0x1, %dr20
    }
.Lticked:
    {
        addd,0  0x0, 0x0, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_CTRL ]    ! timer off
        addd,0  0x0, msg_ticks, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
                                ! RTC: nanoseconds since 1970, read through
                                ! the gate; the high word is far from 0
    {
        ldw,0   0x0, RTC_TIME_LOW, %r4
    }
    {
        ldw,0   0x0, RTC_TIME_HIGH, %r5
    }
    {
        cmpbsb,0 %r5, 0x10000000, %pred0        ! before 1978: wrong
    }
    {
        ord,0   %dr20, 0x2, %dr20 ? %pred0
    }
    {
        addd,0  0x0, msg_rtc, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
                                ! UART input: wait for a line
    {
        addd,0  0x0, UART_IER_RDI, %dr4
    }
    {
        stb,2   %r4, [ UART_IER ]
        addd,0  0x0, 0x0, %dr7
    }
.Lwait_rx:
    {
        ldd,0   0x0, rxcount, %dr6
        addd,1  %dr7, 0x1, %dr7
    }
    {
        cmpedb,0 %dr6, 0x0, %pred0
        cmpbdb,1 %dr7, GUARD, %pred1
    }
    {
        ibranch .Lrx_more ? %pred0
    }
    {
        ldb,0   %dr6, rxbuf - 1, %r5    ! the last byte received
    }
    {
        cmpesb,0 %r5, 0xa, %pred2
    }
    {
        ibranch .Lrx_done ? %pred2
    }
.Lrx_more:
    {
        ibranch .Lwait_rx ? %pred1
    }
    {
        ord,0   %dr20, 0x4, %dr20
    }
.Lrx_done:
    {
        addd,0  0x0, msg_uart, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  0x0, rxbuf, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  0x0, msg_bye, %dr16
        disp    %ctpr1, puts
    }
        call    %ctpr1, wbs = 0x8
    {
        stw,2   %r20, [ SYSCTL_POWER_OFF ]
    }
.Loff:
    {
        ibranch .Loff
    }

        .section .rodata
msg_hello:
        .asciz  "virt: hello from an e2k kernel\n"
msg_ticks:
        .asciz  "timer: ticks ok\n"
msg_rtc:
        .asciz  "rtc: read\n"
msg_uart:
        .asciz  "uart: got "
msg_bye:
        .asciz  "virt: power off\n"
msg_fatal:
        .asciz  "virt: unexpected exception\n"

        .data
        .balign 8
ticks:  .dword  0
rxcount: .dword 0
lastexc: .dword 0
rxbuf:  .skip   64
