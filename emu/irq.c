/*
 * irq.c — interrupt lines (see irq.h). Deliberately tiny: a line is only a
 * way to call its receiver, so devices never know who is on the other end.
 */
#include "emu/irq.h"

#include <stddef.h>

void irq_init(struct irq_line *line, irq_set_fn fn, void *opaque, unsigned n)
{
    line->set = fn;
    line->opaque = opaque;
    line->n = n;
}

void irq_set(const struct irq_line *line, int level)
{
    if (line && line->set)
        line->set(line->opaque, line->n, level != 0);
}

void irq_pulse(const struct irq_line *line)
{
    irq_set(line, 1);
    irq_set(line, 0);
}
