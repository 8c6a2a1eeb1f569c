! boot.S — from the jumpstart to the scheduler, and the way out.
!
! The machine enters trap-table entry 12 (trap.S), which branches here,
! privileged, interrupts off, with %dr1 = the boot info
! (docs/virt-machine.md §7.1, §7.2: RAM banks, kernel start/end, devices,
! clock, command line). kernel_boot:
!   1. console on, banner;
!   2. reads RAM size, kernel end and the command line from the boot info;
!   3. gives every page between the kernel's end and the end of low RAM to
!      the page allocator;
!   4. sets up the balloon (balloon.S) and the tasks: the balloon task,
!      then the workload (workload.S);
!   5. enables the PIC lines (UART 1, timer0 2, virtio slot 0 8), starts
!      the tick and enables interrupts (PSR.ie; PSR is per procedure, so
!      everything called from here runs with interrupts on);
!   6. runs the scheduler until the workload is over, prints a summary and
!      powers off: status EXIT_OK, or EXIT_OOM_KILLED if the OOM killer
!      killed a task.
!
!   kernel_boot(%dr1 = boot info)     never returns
!   power_off(%dr0 = status)          never returns

#include "kernel.h"

#define BI_RAM_LOW_SIZE 0x18
#define BI_KERNEL_END 0x38
#define BI_NDEVS 0x40
#define BI_CLOCK 0x44
#define BI_DEVS 0x48
#define BI_DEV_BYTES 40

        .text
        .global kernel_boot
kernel_boot:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd    %dr1, 0x0, %dr10        ! boot info
    }
    CALL(uart_init)
    PUTS(msg_banner)
    {
        ldd     %dr10, BI_RAM_LOW_SIZE, %dr11
        ldd     %dr10, BI_KERNEL_END, %dr12
    }
    {
        ldw     %dr10, BI_NDEVS, %r13
        ldw     %dr10, BI_CLOCK, %r14
    }
    KLOG(msg_ram)
    {
        shrd    %dr11, 0xa, %dr5
    }
    PUTN(%dr5)
    PUTS(msg_kib)
    {
        cmpedb  %dr14, 0x0, %pred0
        addd    0x0, msg_host, A0
    }
    {
        addd    0x0, msg_virtual, A0 ? %pred0
    }
    CALL(puts)
    {
        muld    %dr13, BI_DEV_BYTES, %dr5       ! the command line follows
    }                                           ! the device table
    {
        addd    %dr5, %dr10, %dr5
    }
    {
        ldw     %dr5, BI_DEVS, %r6              ! its length
        addd    %dr5, BI_DEVS + 4, %dr7         ! its bytes
    }
    {
        addd    %dr7, 0x0, A0
        addd    %dr6, 0x0, A1
    }
    CALL(cmdline_parse)

    {
        addd    %dr12, 0x0, A0
        addd    %dr11, 0x0, A1
    }
    CALL(page_alloc_init)
    KLOG(msg_mem)
    LOAD(nr_free, %dr5)
    PUTN(%dr5)
    PUTS(msg_pages_free)

    CALL(balloon_init)
    {
        cmpedb  A0, 0x0, %pred0
        addd    0x0, balloon_step, A0
        addd    0x0, name_balloon, A1
        addd    0x0, TF_KERNEL, A2
    }
    {
        disp    %ctpr1, task_create
    }
        call    %ctpr1, wbs = 0x8 ? ~%pred0
    CALL(workload_init)

    {
        addd    0x0, (1 << IRQ_UART0) | (1 << IRQ_TIMER0) | (1 << IRQ_VIRTIO0), %dr5
    }
    {
        stw     %r5, [ PIC_ENABLE_SET ]
    }
    CALL(timer_init)
        rwd     PSR_PM | PSR_IE, %psr   ! interrupts on
    CALL(schedule)

    KLOG(msg_summary)
    LOAD(oom_kills, %dr5)
    PUTN(%dr5)
    PUTS(msg_kills)
    LOAD(balloon_oom_pages, %dr5)
    PUTN(%dr5)
    PUTS(msg_oom_pages)
    LOAD(balloon_nr, %dr5)
    PUTN(%dr5)
    PUTS(msg_balloon)
    LOAD(stats_answered, %dr5)
    PUTN(%dr5)
    PUTS(msg_stats)
    LOAD(oom_kills, %dr5)
    {
        cmpedb  %dr5, 0x0, %pred0
        addd    0x0, EXIT_OOM_KILLED, A0
    }
    {
        addd    0x0, EXIT_OK, A0 ? %pred0
    }
    CALL(power_off)

FUNC(power_off)
    KLOG(msg_off)
    PUTN(%dr0)
    PUTS(msg_nl)
    {
        stw     %r0, [ SYSCTL_POWER_OFF ]
    }
.Lhalt:
    {
        ibranch .Lhalt                  ! the machine stops at the store
    }

        .section .rodata
msg_banner:     .asciz "e2k mini-kernel (tests/guest/kernel)\n"
msg_ram:        .asciz "boot: "
msg_kib:        .asciz " KiB of RAM, "
msg_host:       .asciz "host clock\n"
msg_virtual:    .asciz "virtual clock\n"
msg_mem:        .asciz "mem: "
msg_pages_free: .asciz " pages free\n"
name_balloon:   .asciz "balloon"
msg_summary:    .asciz "kernel: workload over: "
msg_kills:      .asciz " OOM kills, deflate-on-oom gave back "
msg_oom_pages:  .asciz " pages, balloon holds "
msg_balloon:    .asciz " pages, "
msg_stats:      .asciz " stats requests answered\n"
msg_off:        .asciz "kernel: power off, status "
msg_nl:         .asciz "\n"
