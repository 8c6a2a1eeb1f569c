! virt_mem64.S — the reverse-execution benchmark's virt-machine kernel
! (bench/bench_rev.c, second figure): the mem64.s workload as a kernel on a
! 64 MiB virt machine. It writes one quad into each page of RAM from 2 MiB
! to 64 MiB (15 872 pages), then runs ITER iterations of a loop that reads
! a quad of that area (a new page every 256 iterations), adds, and stores
! into a 2 KiB table, while timer0 interrupts it every 100 us of virtual
! time (one tick every 10^5 bundles; the handler counts them); then it
! powers off with status 0. Machine: --machine virt --mem 64M, either clock.
!
! Trap table as tests/guest/virt/virt_irq.S: entry 0 takes the interrupts,
! entry 12 is the boot entry.

#include "e2k-virt.h"

#define ITER 125000000
#define BIG 0x200000                    /* 2 MiB: above the kernel */
#define PAGES 15872                     /* up to 64 MiB */

        .text
        .global _start
        .balign 0x1000
_start:                                 ! ---- entry 0: interrupts
    {
        setwd   wsz = 0x10, nfx = 0x1
    }
        rrd     %tir.hi, %dr0
        rrd     %tir.lo, %dr1
        rwd     0x0, %tir.lo            ! unfreeze the TIRs
    {
        ldw,0   0x0, PIC_ACK, %r3       ! the line (timer0)
    }
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
        stw,2   %r3, [ PIC_EOI ]
    }
    {
        nop 3
    }
    {
        done
    }

        .skip   TT_BOOT_ENTRY * TT_ENTRY_SIZE - (. - _start)
boot:                                   ! ---- entry 12
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, BIG - 0x1000, %dr1 ! p
        addd,1  0x0, 0x0, %dr0          ! k = 0
    }
touch:
    {
        addd,0  %dr0, 0x1, %dr0         ! k++
        addd,1  %dr1, 0x1000, %dr1      ! next page
    }
    {
        std,2   %dr0, [ %dr1 + 0x0 ]    ! page[k] = k
        cmpbdb,0 %dr0, PAGES, %pred0
    }
    {
        ibranch touch ? %pred0
    }
    {
        addd,0  0x0, 1 << IRQ_TIMER0, %dr4
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
        addd,0  0x0, 0x0, %dr0          ! i = 0
        addd,1  0x0, BIG, %dr1
        addd,2  0x0, small, %dr6
        addd,3  0x0, 0x0, %dr5
    }
loop:
    {
        addd,0  %dr0, 0x1, %dr0         ! i++
        shrd,1  %dr0, 0x8, %dr2         ! a new page every 256 iterations
        andd,3  %dr0, 0xff, %dr3        ! table index
    }
    {
        andd,0  %dr2, 0x3fff, %dr2
        shld,1  %dr3, 0x3, %dr3
    }
    {
        cmpbdb,0 %dr2, PAGES, %pred1    ! page index inside the area
        shld,1  %dr2, 0xc, %dr2
    }
    {
        addd,0  0x0, 0x0, %dr2 ? ~%pred1
    }
    {
        addd,0  %dr1, %dr2, %dr4        ! &big[page]
        addd,1  %dr6, %dr3, %dr7        ! &small[i & 255]
    }
    {
        ldd,0   %dr4, 0x0, %dr8         ! read the big area
    }
    {
        addd,0  %dr5, %dr8, %dr5        ! acc += it
        cmpbdb,1 %dr0, ITER, %pred0
    }
    {
        std,2   %dr5, [ %dr7 + 0x0 ]    ! small[i & 255] = acc
    }
    {
        ibranch loop ? %pred0
    }
    {
        addd,0  0x0, 0x0, %dr4
    }
    {
        stw,2   %r4, [ TIMER0 + TIMER_CTRL ]    ! timer off
    }
    {
        stw,2   %r4, [ SYSCTL_POWER_OFF ]       ! status 0
    }
.Loff:
    {
        ibranch .Loff
    }

        .data
        .balign 8
ticks:  .dword  0
        .balign 4096
small:  .skip   2048
