/*
 * e2k-virt.h — constants for guest kernels of the `virt` machine
 * (docs/virt-machine.md: memory map, interrupt lines, device registers;
 * docs/e2k-system-mode.md §8: trap table, PSR/UPSR bits, TIR layout).
 * For .S files run through cpp by e2k-as; numbers only, no code.
 */
#ifndef E2K_VIRT_H
#define E2K_VIRT_H

/* Trap table (OSCUD.base = the kernel's 4 KiB-aligned entry point). */
#define TT_ENTRY_SIZE 0x800
#define TT_BOOT_ENTRY 12            /* the machine starts the kernel here */
#define BOOTINFO 0x1000             /* %dr1 at entry 12 */

/* PSR / UPSR bits. */
#define PSR_PM 0x01
#define PSR_IE 0x02
#define PSR_UIE 0x10
#define PSR_NMIE 0x20
#define UPSR_FE 0x01
#define UPSR_IE 0x20
#define UPSR_NMIE 0x80

/* TIR.hi exception bits. */
#define EXC_BIT_INTERRUPT 32

/* Devices. */
#define SYSCTL 0xf0000000
#define SYSCTL_POWER_OFF (SYSCTL + 0x04)
#define SYSCTL_PANIC (SYSCTL + 0x0c)

#define PIC 0xf0001000
#define PIC_PENDING (PIC + 0x04)
#define PIC_ENABLE_SET (PIC + 0x0c)
#define PIC_ENABLE_CLR (PIC + 0x10)
#define PIC_ACK (PIC + 0x20)
#define PIC_EOI (PIC + 0x24)

#define UART0 0xf0002000
#define UART_RX (UART0 + 0)
#define UART_TX (UART0 + 0)
#define UART_IER (UART0 + 1)
#define UART_IIR (UART0 + 2)
#define UART_LSR (UART0 + 5)
#define UART_IER_RDI 0x01
#define UART_LSR_DR 0x01

#define TIMER0 0xf0003000
#define TIMER1 0xf0004000
#define TIMER_COUNT_LO 0x08
#define TIMER_PERIOD_LO 0x10
#define TIMER_CTRL 0x18
#define TIMER_STATUS 0x1c
#define TIMER_CTRL_ENABLE 0x1
#define TIMER_CTRL_PERIODIC 0x2
#define TIMER_CTRL_IRQ_EN 0x4

#define RTC 0xf0005000
#define RTC_TIME_LOW (RTC + 0x00)
#define RTC_TIME_HIGH (RTC + 0x04)

#define VIRTIO0 0xf0010000          /* slot 0: virtio-balloon */

/* PIC lines. */
#define IRQ_UART0 1
#define IRQ_TIMER0 2
#define IRQ_TIMER1 3
#define IRQ_RTC 4
#define IRQ_VIRTIO0 8

#endif
