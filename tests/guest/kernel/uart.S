! uart.S — the console: a driver for uart0, the 16550A-compatible UART of
! the virt machine (docs/virt-machine.md §3.4, PIC line 1).
!
! Output is polled: the machine's UART transmits at once, so the
! transmitter is always empty and a byte is written straight to UART_TX.
! Input is interrupt-driven: the receive interrupt (UART_IER_RDI) drains
! the receive FIFO into a 64-byte ring; tasks take bytes with uart_getc.
! The interrupt handler is the only writer of rx_head, uart_getc the only
! writer of rx_tail, so the ring needs no lock.
!
!   uart_init()           enable the receive interrupt
!   puts(%dr0 = string)   print a NUL-terminated string
!   putn(%dr0 = n)        print n in decimal
!   puthex(%dr0 = n)      print n as 0x... in hexadecimal
!   klog_stamp()          print "[  1234] ": the tick count (timer.S)
!   uart_interrupt        interrupt routine of line 1 (trap.S)
!   uart_getc() -> %dr0   the next received byte, or -1 if none

#include "kernel.h"

#define RX_RING 64

        .text
FUNC(uart_init)
    {
        addd    0x0, UART_IER_RDI, %dr1
    }
    {
        stb     %r1, [ UART_IER ]
    }
    RET

FUNC(puts)
    {
        return  %ctpr3
    }
.Lputs_next:
    {
        ldb     %dr0, 0x0, %r1
    }
    {
        cmpesb  %r1, 0x0, %pred0
    }
    {
        ct      %ctpr3 ? %pred0
    }
    {
        stb     %r1, [ UART_TX ]
        addd    %dr0, 0x1, %dr0
    }
    {
        ibranch .Lputs_next
    }

! Digits are produced backwards into numbuf, then printed.
FUNC(putn)
    {
        addd    0x0, numbuf + 23, %dr2  ! the terminating NUL stays 0
    }
.Lputn_digit:
    {
        udivd,5 %dr0, 0xa, %dr3         ! q = n / 10
        subd    %dr2, 0x1, %dr2
    }
    {
        muld    %dr3, 0xa, %dr4
    }
    {
        subd    %dr0, %dr4, %dr4        ! n - 10 q
        addd    %dr3, 0x0, %dr0
    }
    {
        addd    %dr4, 0x30, %dr4        ! '0' + digit
        cmpedb  %dr3, 0x0, %pred0
    }
    {
        stb     %r4, [ %dr2 + 0x0 ]
    }
    {
        ibranch .Lputn_digit ? ~%pred0
    }
    {
        addd    %dr2, 0x0, A0
    }
    CALL(puts)
    RET

FUNC(puthex)
    {
        addd    0x0, numbuf + 23, %dr2
    }
.Lputhex_digit:
    {
        andd    %dr0, 0xf, %dr4
        shrd    %dr0, 0x4, %dr0
        subd    %dr2, 0x1, %dr2
    }
    {
        ldb     %dr4, hexdigits, %r4
        cmpedb  %dr0, 0x0, %pred0
    }
    {
        stb     %r4, [ %dr2 + 0x0 ]
    }
    {
        ibranch .Lputhex_digit ? ~%pred0
    }
    PUTS(msg_0x)
    {
        addd    %dr2, 0x0, A0
    }
    CALL(puts)
    RET

! "[%6lu] " with the tick count: the prefix of every log line.
FUNC(klog_stamp)
    PUTS(msg_lbr)
    LOAD(jiffies, %dr0)
    {
        addd    0x0, 0x5, %dr1          ! pad to 6 digits
        addd    0x0, 100000, %dr2
    }
.Lstamp_pad:
    {
        cmpbdb  %dr0, %dr2, %pred0      ! n < 10^k: one more space
        cmpedb  %dr1, 0x0, %pred1
    }
    {
        ibranch .Lstamp_num ? %pred1
    }
    {
        ibranch .Lstamp_num ? ~%pred0
    }
    PUTS(msg_sp)
    {
        udivd,5 %dr2, 0xa, %dr2
        subd    %dr1, 0x1, %dr1
    }
    {
        ibranch .Lstamp_pad
    }
.Lstamp_num:
    PUTN(%dr0)
    PUTS(msg_rbr)
    RET

! Interrupt: move every received byte into the ring (drop when full).
IRQ_ROUTINE(uart_interrupt)
.Lrx_more:
    {
        ldb     0x0, UART_LSR, %r8
    }
    {
        andd    %dr8, UART_LSR_DR, %dr8
    }
    {
        cmpedb  %dr8, 0x0, %pred0
    }
    {
        ibranch irq_done ? %pred0       ! the FIFO is empty
    }
    {
        ldb     0x0, UART_RX, %r9
    }
    LOAD(rx_head, %dr10)
    LOAD(rx_tail, %dr11)
    {
        subd    %dr10, %dr11, %dr12
        andd    %dr10, RX_RING - 1, %dr13
    }
    {
        cmpbdb  %dr12, RX_RING, %pred1  ! room in the ring?
    }
    {
        stb     %r9, [ %dr13 + rx_ring ] ? %pred1
        addd    %dr10, 0x1, %dr10 ? %pred1
    }
    STORE(%dr10, rx_head)
    {
        ibranch .Lrx_more
    }

FUNC(uart_getc)
    LOAD(rx_head, %dr1)
    LOAD(rx_tail, %dr2)
    {
        subd    0x0, 0x1, %dr0          ! -1: nothing received
        cmpedb  %dr1, %dr2, %pred0
        andd    %dr2, RX_RING - 1, %dr3
    }
    {
        return  %ctpr3
    }
    {
        ct      %ctpr3 ? %pred0
    }
    {
        ldb     %dr3, rx_ring, %r0
        addd    %dr2, 0x1, %dr2
    }
    STORE(%dr2, rx_tail)
    {
        ct      %ctpr3
    }

        .section .rodata
hexdigits:      .ascii "0123456789abcdef"
msg_0x:         .asciz "0x"
msg_lbr:        .asciz "["
msg_rbr:        .asciz "] "
msg_sp:         .asciz " "

        .bss
        .balign 8
numbuf:         .skip 24
rx_head:        .skip 8
rx_tail:        .skip 8
rx_ring:        .skip RX_RING
