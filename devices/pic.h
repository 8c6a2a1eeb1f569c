/*
 * pic.h — the virt machine's interrupt controller: 31 input lines, each
 * level- or edge-triggered, with pending, enable, priority, acknowledge and
 * end-of-interrupt, and one output line to the CPU.
 *
 * Model (PLIC-like, so the guest code is familiar; docs/virt-machine.md):
 *   - Line 0 does not exist: PIC_REG_ACK reads 0 when nothing is
 *     deliverable. Lines 1..31 are inputs.
 *   - Level line: pending follows the input level. Edge line: a rising
 *     input edge latches pending; acknowledge or PIC_REG_PENDING_CLR
 *     clears it.
 *   - A line is deliverable when it is pending, enabled, not in service
 *     (acknowledged but not yet ended) and its priority is above the
 *     threshold; priority 0 never delivers. The output is asserted while
 *     any line is deliverable.
 *   - Reading PIC_REG_ACK acknowledges the deliverable line of highest
 *     priority (ties: lowest number): it goes in service, and an edge
 *     line's pending bit clears. Writing the number to PIC_REG_EOI ends
 *     service; a level line still asserted is then delivered again.
 * All registers are 32-bit, accessed with aligned 4-byte accesses (other
 * sizes read 0 and are ignored on write).
 */
#ifndef E2K_DEVICES_PIC_H
#define E2K_DEVICES_PIC_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"

struct irq_line;

#define PIC_NUM_LINES 32   /* line 0 reserved: 31 usable inputs */
#define PIC_PRIO_MAX 7
#define PIC_MMIO_SIZE 0x1000
#define PIC_ID_VALUE 0x43495065u /* "ePIC", read from PIC_REG_ID */

#define PIC_REG_ID 0x00          /* R  PIC_ID_VALUE */
#define PIC_REG_PENDING 0x04     /* R  pending bit per line */
#define PIC_REG_ENABLE 0x08      /* RW enable bit per line */
#define PIC_REG_ENABLE_SET 0x0c  /* W  1 bits enable lines */
#define PIC_REG_ENABLE_CLR 0x10  /* W  1 bits disable lines */
#define PIC_REG_EDGE 0x14        /* RW 1 = edge-triggered, 0 = level */
#define PIC_REG_LEVEL 0x18       /* R  raw input levels */
#define PIC_REG_ACTIVE 0x1c      /* R  in-service bit per line */
#define PIC_REG_ACK 0x20         /* R  acknowledge: line number or 0 */
#define PIC_REG_EOI 0x24         /* W  end of interrupt: line number */
#define PIC_REG_THRESHOLD 0x28   /* RW deliver priorities > threshold */
#define PIC_REG_PENDING_CLR 0x2c /* W  1 bits clear latched edge pending */
#define PIC_REG_NLINES 0x30      /* R  PIC_NUM_LINES */
#define PIC_REG_PRIORITY 0x80    /* RW +4*n: priority of line n (0..7) */

struct pic {
    uint32_t level;      /* input levels */
    uint32_t pending;    /* pending bits */
    uint32_t enable;     /* enable bits */
    uint32_t edge;       /* 1 = edge-triggered line */
    uint32_t active;     /* in service */
    uint32_t threshold;  /* 0..PIC_PRIO_MAX */
    uint8_t priority[PIC_NUM_LINES]; /* 0..PIC_PRIO_MAX; [0] unused */
    int out;             /* output level last driven */
    const struct irq_line *irq_out; /* to the CPU, borrowed */
};

/* Create a controller driving irq_out (borrowed, may be NULL); reset
 * state: everything disabled, level-triggered, priority 1, threshold 0. */
struct pic *pic_new(const struct irq_line *irq_out);
void pic_free(struct pic *pic);

/* Input side: set line n (1..31) to level; out-of-range lines are ignored.
 * pic_irq_handler has the irq_set_fn signature (opaque = the pic), so an
 * irq_line for input n is irq_init(&line, pic_irq_handler, pic, n). */
void pic_set_input(struct pic *pic, unsigned n, int level);
void pic_irq_handler(void *opaque, unsigned n, int level);

/* The uniform device interface (dev.h); opaque = struct pic. */
uint64_t pic_read(void *opaque, uint64_t offset, unsigned size);
void pic_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
void pic_reset(void *opaque);
int pic_save(void *opaque, uint8_t *buf, size_t cap, size_t *len);
int pic_load(void *opaque, const uint8_t *buf, size_t len);
extern const struct dev_ops pic_dev_ops;

#endif
