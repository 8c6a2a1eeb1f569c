/*
 * pic.c — the interrupt controller (model and registers in pic.h).
 *
 * The output level is always recomputed from the registers (update()),
 * never tracked incrementally, so a restored state drives the right level.
 * Line 0 is masked out of every bit set.
 */
#include "devices/pic.h"

#include <stdlib.h>

#include "emu/irq.h"

#define PIC_STATE_MAGIC 0x43495045u /* "EPIC" */
#define PIC_STATE_VERSION 1
#define LINES_MASK 0xfffffffeu      /* lines 1..31 */

const struct dev_ops pic_dev_ops = {"pic", pic_read, pic_write, pic_reset,
                                    pic_save, pic_load};

static uint32_t deliverable(const struct pic *pic)
{
    uint32_t m = pic->pending & pic->enable & ~pic->active & LINES_MASK;
    uint32_t out = 0;
    for (unsigned n = 1; n < PIC_NUM_LINES; n++)
        if ((m >> n & 1) && pic->priority[n] > pic->threshold)
            out |= 1u << n;
    return out;
}

static void update(struct pic *pic)
{
    int out = deliverable(pic) != 0;
    if (out != pic->out) {
        pic->out = out;
        irq_set(pic->irq_out, out);
    }
}

void pic_reset(void *opaque)
{
    struct pic *pic = opaque;
    /* Input levels are wires, not registers: they survive a reset. */
    pic->pending = pic->level & LINES_MASK;
    pic->enable = pic->edge = pic->active = pic->threshold = 0;
    for (unsigned n = 0; n < PIC_NUM_LINES; n++)
        pic->priority[n] = n ? 1 : 0;
    update(pic);
}

struct pic *pic_new(const struct irq_line *irq_out)
{
    struct pic *pic = calloc(1, sizeof *pic);
    if (!pic)
        return NULL;
    pic->irq_out = irq_out;
    pic_reset(pic);
    return pic;
}

void pic_free(struct pic *pic)
{
    free(pic);
}

void pic_set_input(struct pic *pic, unsigned n, int level)
{
    if (n == 0 || n >= PIC_NUM_LINES)
        return;
    uint32_t bit = 1u << n;
    int old = (pic->level & bit) != 0;
    level = level != 0;
    if (level)
        pic->level |= bit;
    else
        pic->level &= ~bit;
    if (pic->edge & bit) {
        if (level && !old)
            pic->pending |= bit;
    } else if (level) {
        pic->pending |= bit;
    } else {
        pic->pending &= ~bit;
    }
    update(pic);
}

void pic_irq_handler(void *opaque, unsigned n, int level)
{
    pic_set_input(opaque, n, level);
}

/* Acknowledge: the best deliverable line goes in service. */
static uint32_t ack(struct pic *pic)
{
    uint32_t m = deliverable(pic);
    unsigned best = 0;
    for (unsigned n = 1; n < PIC_NUM_LINES; n++)
        if ((m >> n & 1) && (!best || pic->priority[n] > pic->priority[best]))
            best = n;
    if (best) {
        pic->active |= 1u << best;
        if (pic->edge & (1u << best))
            pic->pending &= ~(1u << best);
        update(pic);
    }
    return best;
}

uint64_t pic_read(void *opaque, uint64_t offset, unsigned size)
{
    struct pic *pic = opaque;
    if (size != 4 || (offset & 3))
        return 0;
    if (offset >= PIC_REG_PRIORITY &&
        offset < PIC_REG_PRIORITY + 4 * PIC_NUM_LINES)
        return pic->priority[(offset - PIC_REG_PRIORITY) / 4];
    switch (offset) {
    case PIC_REG_ID: return PIC_ID_VALUE;
    case PIC_REG_PENDING: return pic->pending;
    case PIC_REG_ENABLE: return pic->enable;
    case PIC_REG_EDGE: return pic->edge;
    case PIC_REG_LEVEL: return pic->level;
    case PIC_REG_ACTIVE: return pic->active;
    case PIC_REG_ACK: return ack(pic);
    case PIC_REG_THRESHOLD: return pic->threshold;
    case PIC_REG_NLINES: return PIC_NUM_LINES;
    default: return 0;
    }
}

void pic_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    struct pic *pic = opaque;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (offset & 3))
        return;
    if (offset >= PIC_REG_PRIORITY &&
        offset < PIC_REG_PRIORITY + 4 * PIC_NUM_LINES) {
        unsigned n = (unsigned)(offset - PIC_REG_PRIORITY) / 4;
        if (n)
            pic->priority[n] = (uint8_t)(v > PIC_PRIO_MAX ? PIC_PRIO_MAX : v);
        update(pic);
        return;
    }
    switch (offset) {
    case PIC_REG_ENABLE: pic->enable = v & LINES_MASK; break;
    case PIC_REG_ENABLE_SET: pic->enable |= v & LINES_MASK; break;
    case PIC_REG_ENABLE_CLR: pic->enable &= ~v; break;
    case PIC_REG_EDGE: {
        uint32_t changed = (pic->edge ^ v) & LINES_MASK;
        pic->edge = v & LINES_MASK;
        /* A line changing mode starts over: level lines follow the input,
         * edge lines wait for the next rising edge. */
        pic->pending = (pic->pending & ~changed) |
                       (pic->level & changed & ~pic->edge);
        break;
    }
    case PIC_REG_EOI:
        if (v > 0 && v < PIC_NUM_LINES)
            pic->active &= ~(1u << v);
        break;
    case PIC_REG_THRESHOLD:
        pic->threshold = v > PIC_PRIO_MAX ? PIC_PRIO_MAX : v;
        break;
    case PIC_REG_PENDING_CLR: pic->pending &= ~(v & pic->edge); break;
    default: return;
    }
    update(pic);
}

int pic_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    const struct pic *pic = opaque;
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, PIC_STATE_MAGIC, PIC_STATE_VERSION);
    dev_sw_u32(&w, pic->level);
    dev_sw_u32(&w, pic->pending);
    dev_sw_u32(&w, pic->enable);
    dev_sw_u32(&w, pic->edge);
    dev_sw_u32(&w, pic->active);
    dev_sw_u32(&w, pic->threshold);
    dev_sw_bytes(&w, pic->priority, PIC_NUM_LINES);
    return dev_sw_finish(&w, len);
}

int pic_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct pic *pic = opaque, t = *pic;
    struct dev_sr r;
    dev_sr_init(&r, buf, len, PIC_STATE_MAGIC, PIC_STATE_VERSION);
    t.level = dev_sr_u32(&r);
    t.pending = dev_sr_u32(&r);
    t.enable = dev_sr_u32(&r);
    t.edge = dev_sr_u32(&r);
    t.active = dev_sr_u32(&r);
    t.threshold = dev_sr_u32(&r);
    dev_sr_bytes(&r, t.priority, PIC_NUM_LINES);
    uint32_t all = t.level | t.pending | t.enable | t.edge | t.active;
    dev_sr_check(&r, !(all & ~LINES_MASK) && t.threshold <= PIC_PRIO_MAX &&
                         t.priority[0] == 0);
    for (unsigned n = 1; n < PIC_NUM_LINES; n++)
        dev_sr_check(&r, t.priority[n] <= PIC_PRIO_MAX);
    /* A level line's pending bit is its input level. */
    dev_sr_check(&r, !((t.pending ^ t.level) & ~t.edge));
    int rc = dev_sr_finish(&r);
    if (rc)
        return rc;
    t.out = -1; /* force the output to be driven */
    *pic = t;
    update(pic);
    return 0;
}
