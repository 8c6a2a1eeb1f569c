! trap.S — the trap table and the handler of every exception and interrupt.
!
! The machine makes the kernel's entry point (_start, 4 KiB aligned) the
! base of the trap table, OSCUD.base (docs/e2k-system-mode.md §2.1):
!   entry 0  (+0x0000)  every exception and interrupt (this file),
!   entry 12 (+0x6000)  the jumpstart: the machine starts the kernel there
!                       with %dr1 = the boot info (docs/virt-machine.md §7.1).
! This file is linked first, so it owns the start of .text.
!
! Trap entry (docs/virt-machine.md §7.3) pushed a chain frame for the
! interrupted code, gave us an empty register window and PSR = 0x01
! (interrupts off), froze the TIRs and kept every %ctpr. The handler:
!   1. opens its window, reads TIR.hi/TIR.lo and unfreezes them;
!   2. an interrupt (TIR.hi bit 32): asks the PIC which line (ACK), jumps
!      to the device's interrupt routine, ends the line (EOI);
!      anything else: a kernel bug here, so it panics (exception below);
!   3. returns with `done`, which restores PSR, the window, the predicates
!      and the interrupted IP.
! Interrupt routines (IRQ_ROUTINE in kernel.h) are reached with `ibranch`
! and end with IRQ_RETURN, a branch to irq_done: they make no calls and
! prepare no %ctpr, so the interrupted code's %ctpr1..3 survive without
! being saved (a `call` would empty them). They run in this window with
! %r3 = the line and may use %dr8..%dr15.

#include "kernel.h"

        .text
        .global _start
        .balign 0x1000
_start:                                 ! ---- entry 0
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
        rrd     %tir.hi, %dr0           ! exception mask (bit 32: interrupt)
        rrd     %tir.lo, %dr1           ! address of the bundle
        rwd     0x0, %tir.lo            ! unfreeze the TIRs
    {
        shrd    %dr0, EXC_BIT_INTERRUPT, %dr2
    }
    {
        andd    %dr2, 0x1, %dr2
    }
    {
        cmpedb  %dr2, 0x0, %pred0
    }
    {
        ibranch exception ? %pred0
    }
    {
        ldw     0x0, PIC_ACK, %r3       ! the line; it is now in service
    }
    {
        cmpesb  %r3, IRQ_TIMER0, %pred1
        cmpesb  %r3, IRQ_UART0, %pred2
    }
    {
        cmpesb  %r3, IRQ_VIRTIO0, %pred3
    }
    {
        ibranch timer_interrupt ? %pred1        ! timer.S
    }
    {
        ibranch uart_interrupt ? %pred2         ! uart.S
    }
    {
        ibranch balloon_interrupt ? %pred3      ! balloon.S
    }
        .global irq_done
irq_done:                               ! every interrupt routine ends here
    {
        stw     %r3, [ PIC_EOI ]        ! end of interrupt
    }
    {
        nop     3
    }
    {
        done
    }

! An exception in the kernel: print the mask and the address, report a
! panic to the system controller (it shows up in the journal as PANIC) and
! power off.
exception:
    KLOG(msg_exc)
    {
        addd    %dr0, 0x0, A0
        disp    %ctpr1, puthex
    }
        call    %ctpr1, wbs = 0x8
    PUTS(msg_at)
    {
        addd    %dr1, 0x0, A0
        disp    %ctpr1, puthex
    }
        call    %ctpr1, wbs = 0x8
    PUTS(msg_nl)
    {
        addd    0x0, msg_panic, %dr7
        addd    0x0, msg_panic_len, %dr8
        addd    0x0, 0x0, %dr9
    }
    {
        stw     %r7, [ SYSCTL_MSG_LO ]
        stw     %r9, [ SYSCTL_MSG_HI ]
    }
    {
        stw     %r8, [ SYSCTL_MSG_LEN ]
    }
    {
        stw     %r0, [ SYSCTL_PANIC ]   ! the low word of the mask as code
    }
    {
        addd    0x0, EXIT_PANIC, A0
        disp    %ctpr1, power_off
    }
        call    %ctpr1, wbs = 0x8

        .skip   TT_BOOT_ENTRY * TT_ENTRY_SIZE - (. - _start)
                                        ! ---- entry 12: the jumpstart
    {
        ibranch kernel_boot             ! boot.S; %dr1 = boot info
    }

        .section .rodata
msg_exc:        .asciz "kernel: unexpected exception, TIR.hi "
msg_at:         .asciz " at "
msg_nl:         .asciz "\n"
msg_panic:      .ascii "unexpected exception in the kernel"
        msg_panic_len = . - msg_panic
        .byte 0
