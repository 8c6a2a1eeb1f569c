/*
 * virt_board.h — the devices of the `virt` machine, assembled on its bus
 * (docs/virt-machine.md §2): sysctl, PIC, uart0, timer0, timer1, rtc and a
 * virtio-mmio balloon in slot 0, at the documented addresses and PIC lines,
 * with the PIC's output wired into the CPU (virt_cpu_irq).
 *
 * Clocks: timer0/timer1 count the machine's virtual clock (icount) or the
 * host's monotonic clock read through the gate (--clock); the RTC always
 * reads the host's wall clock through the gate. UART output goes to a host
 * stream (stdout by default) unless muted (replay --quiet). Device events
 * go to the machine: deadlines to its scheduler, power-off/reset to its run
 * loop, balloon traffic and panics to the hooks (journal).
 *
 * The board is owned by the machine once attached (mach_free frees it);
 * its device state is saved and restored through the machine
 * (virt_save_devices).
 */
#ifndef E2K_DEVICES_VIRT_BOARD_H
#define E2K_DEVICES_VIRT_BOARD_H

#include <stddef.h>
#include <stdio.h>

#include "devices/virtio_balloon.h"

struct machine;

/* docs/virt-machine.md §2. */
#define VB_SYSCTL_BASE 0xf0000000ull
#define VB_PIC_BASE 0xf0001000ull
#define VB_UART0_BASE 0xf0002000ull
#define VB_TIMER0_BASE 0xf0003000ull
#define VB_TIMER1_BASE 0xf0004000ull
#define VB_RTC_BASE 0xf0005000ull
#define VB_VIRTIO_BASE 0xf0010000ull
#define VB_VIRTIO_STRIDE 0x200ull
#define VB_VIRTIO_SLOTS 8
#define VB_IRQ_UART0 1
#define VB_IRQ_TIMER0 2
#define VB_IRQ_TIMER1 3
#define VB_IRQ_RTC 4
#define VB_IRQ_VIRTIO0 8 /* slot n: 8 + n */

struct virt_board_config {
    struct balloon_config balloon; /* --balloon options */
    int no_balloon;                /* 1: slot 0 stays empty */
    int mute_output;               /* 1: UART output discarded */
    FILE *out;                     /* UART output; NULL = stdout */
};

/* Create the devices, map them on the machine's bus and attach the board
 * (virt_attach_board). The machine must have been set up (virt_setup).
 * Returns 0, or -1 with a one-line reason in err. */
int virt_board_attach(struct machine *m, const struct virt_board_config *cfg,
                      char *err, size_t errlen);

#endif
