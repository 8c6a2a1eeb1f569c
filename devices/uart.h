/*
 * uart.h — a 16550A-compatible UART (the subset Linux's 8250 driver and
 * simple firmware use), register names as in Linux's serial_reg.h.
 *
 * Output: every byte written to UART_TX goes to the machine's output
 * callback at once (the line is infinitely fast: THRE and TEMT are always
 * set); the machine writes it to the host's stdout. Input: the machine
 * delivers bytes with uart_input() — from the host's stdin or the console,
 * through the gate, which journals the bytes and the icount they arrive at
 * — and uart_input() accepts only what fits in the receive FIFO (16 bytes,
 * or 1 with the FIFO disabled), so no host byte is ever dropped: the
 * machine keeps the rest and offers it again later.
 *
 * Supported: RBR/THR, IER (RDI, THRI, RLSI), IIR with FIFO bits, FCR
 * (enable, clear receiver), LCR with DLAB and the divisor latches (stored,
 * no effect: there is no baud rate), MCR with loopback (TX goes to RX, MSR
 * mirrors MCR as on real parts, which the 8250 probe checks), LSR (DR, OE,
 * THRE, TEMT), MSR, SCR. Not modelled: line errors, break, receive trigger
 * levels and character timeouts (data ready raises UART_IIR_RDI at once),
 * modem-status interrupts. The interrupt line is level: asserted while IIR
 * shows an interrupt.
 *
 * Registers are 8 bits wide, at (index << reg_shift): reg_shift 0 for byte
 * spacing, 2 for 32-bit spacing (Linux "mmio32"). Accesses of 1..4 bytes at
 * a register's offset are accepted; anything else reads 0 / is ignored.
 */
#ifndef E2K_DEVICES_UART_H
#define E2K_DEVICES_UART_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"

struct irq_line;

#define UART_MMIO_SIZE 0x1000
#define UART_FIFO_SIZE 16

/* Register indexes (Linux include/uapi/linux/serial_reg.h). */
#define UART_RX 0  /* R, DLAB=0 */
#define UART_TX 0  /* W, DLAB=0 */
#define UART_DLL 0 /* RW, DLAB=1 */
#define UART_IER 1 /* RW, DLAB=0 */
#define UART_DLM 1 /* RW, DLAB=1 */
#define UART_IIR 2 /* R */
#define UART_FCR 2 /* W */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5 /* R */
#define UART_MSR 6 /* R */
#define UART_SCR 7

#define UART_IER_RDI 0x01
#define UART_IER_THRI 0x02
#define UART_IER_RLSI 0x04
#define UART_IER_MSI 0x08

#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID 0x0e
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_FIFO_ENABLED_16550A 0xc0

#define UART_FCR_ENABLE_FIFO 0x01
#define UART_FCR_CLEAR_RCVR 0x02
#define UART_FCR_CLEAR_XMIT 0x04
#define UART_FCR_TRIGGER_MASK 0xc0

#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40

#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80

/* Receives transmitted bytes (borrowed for the call). */
typedef void (*uart_output_fn)(void *opaque, const uint8_t *data, size_t len);

struct uart_config {
    const char *name;
    unsigned reg_shift;          /* 0 or 2 */
    uart_output_fn output;       /* NULL: output is discarded */
    void *output_opaque;
    const struct irq_line *irq;  /* borrowed, may be NULL */
};

struct uart {
    struct uart_config cfg;         /* configuration (not saved) */
    uint8_t rx[UART_FIFO_SIZE];     /* receive FIFO ring */
    uint8_t rx_head;                /* index of the oldest byte */
    uint8_t rx_count;               /* bytes in the FIFO */
    uint8_t ier, lcr, mcr, scr;     /* registers as written */
    uint8_t dll, dlm;               /* divisor latch */
    uint8_t fcr;                    /* FIFO enable and trigger bits */
    uint8_t lsr_oe;                 /* overrun since LSR was last read */
    uint8_t thri_pending;           /* THR-empty interrupt not yet taken */
};

struct uart *uart_new(const struct uart_config *cfg);
void uart_free(struct uart *u);

/* Host input: queue up to len bytes; returns how many were accepted. */
size_t uart_input(struct uart *u, const uint8_t *data, size_t len);
/* Bytes uart_input() would accept now. */
size_t uart_rx_space(const struct uart *u);

/* The uniform device interface (dev.h); opaque = struct uart. */
uint64_t uart_read(void *opaque, uint64_t offset, unsigned size);
void uart_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
void uart_reset(void *opaque);
int uart_save(void *opaque, uint8_t *buf, size_t cap, size_t *len);
int uart_load(void *opaque, const uint8_t *buf, size_t len);
extern const struct dev_ops uart_dev_ops;

#endif
