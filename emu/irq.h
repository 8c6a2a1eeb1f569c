/*
 * irq.h — an interrupt line: the wire between a device and whatever it
 * interrupts (the interrupt controller, or the CPU for the controller's
 * output), as TinyEMU's IRQSignal in iomem.h.
 *
 * A line is a callback plus the input number it drives. It holds no state of
 * its own: the level a device drives is derived from the device's registers
 * (saved with the device), and the receiver keeps the levels of its inputs
 * (saved with the receiver). So checkpoints need nothing from here, and a
 * device may call irq_set() with an unchanged level (receivers ignore that).
 *
 * Lifetime: lines are plain structs embedded in their owner (the machine);
 * devices borrow them.
 */
#ifndef E2K_EMU_IRQ_H
#define E2K_EMU_IRQ_H

/* Receives a level change on input `n`; level is 0 or 1. */
typedef void (*irq_set_fn)(void *opaque, unsigned n, int level);

struct irq_line {
    irq_set_fn set; /* receiver; NULL: an unconnected line (ignored) */
    void *opaque;   /* passed to `set`, borrowed */
    unsigned n;     /* the receiver's input number */
};

/* Connect `line` to input `n` of the receiver `fn`/`opaque`. */
void irq_init(struct irq_line *line, irq_set_fn fn, void *opaque, unsigned n);
/* Drive the line to `level` (nonzero = asserted). line may be NULL. */
void irq_set(const struct irq_line *line, int level);
/* An edge: assert, then deassert (for edge-triggered receivers). */
void irq_pulse(const struct irq_line *line);

#endif
