/*
 * timer.h — one timer channel: a free-running nanosecond counter plus a
 * one-shot or periodic deadline that raises a level interrupt.
 *
 * The timer never reads time itself. It reads the machine's clock callback
 * (counter register, arming) and is told when time has passed:
 *   - TIMER_CLOCK_VIRTUAL: the clock is derived from icount, so it is
 *     deterministic; the machine calls timer_poll() at points of its
 *     choosing (typically when icount reaches the deadline it learned from
 *     timer_deadline() or a DEV_EV_TIMER_ARM event) and the timer fires if
 *     the clock has reached the deadline.
 *   - TIMER_CLOCK_HOST: the clock is the host's, read through the gate.
 *     timer_poll() does nothing; the machine arms a host timer at the
 *     deadline and delivers each expiry with timer_expire(), through the
 *     gate, so it is journaled and replay delivers it at the same icount.
 *
 * Registers (32-bit, aligned 4-byte accesses; the 64-bit pairs also take an
 * aligned 8-byte access at the LO offset):
 *   TIMER_REG_ID        R   TIMER_ID_VALUE
 *   TIMER_REG_FREQ      R   counter frequency in Hz (1e9: nanoseconds)
 *   TIMER_REG_COUNT_LO  R   clock now, low half; latches COUNT_HI
 *   TIMER_REG_COUNT_HI  R   high half latched by the last COUNT_LO read
 *   TIMER_REG_PERIOD_LO RW  interval in ns (one-shot delay or period)
 *   TIMER_REG_PERIOD_HI RW
 *   TIMER_REG_CTRL      RW  TIMER_CTRL_*; a write that sets ENABLE, or
 *                           changes PERIODIC while enabled, (re)arms:
 *                           deadline = now + period
 *   TIMER_REG_STATUS    R/W1C TIMER_STATUS_EXPIRED; writing 1 acknowledges
 *                           (clears it and the overrun count)
 *   TIMER_REG_DEADLINE_LO/HI R  armed deadline, or all ones
 *   TIMER_REG_OVERRUN   R   expiries while EXPIRED was already set
 * The interrupt is asserted while STATUS.EXPIRED and CTRL.IRQ_EN. A
 * one-shot expiry clears CTRL.ENABLE; a periodic one re-arms at
 * deadline + period (catching up over missed periods on the virtual
 * clock). Periods below TIMER_MIN_PERIOD_NS are raised to it in periodic
 * mode, so a guest cannot make the machine spin.
 */
#ifndef E2K_DEVICES_TIMER_H
#define E2K_DEVICES_TIMER_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"

struct irq_line;

#define TIMER_MMIO_SIZE 0x1000
#define TIMER_ID_VALUE 0x524d5445u /* "ETMR" */
#define TIMER_FREQ_HZ 1000000000u
#define TIMER_MIN_PERIOD_NS 1000u

#define TIMER_REG_ID 0x00
#define TIMER_REG_FREQ 0x04
#define TIMER_REG_COUNT_LO 0x08
#define TIMER_REG_COUNT_HI 0x0c
#define TIMER_REG_PERIOD_LO 0x10
#define TIMER_REG_PERIOD_HI 0x14
#define TIMER_REG_CTRL 0x18
#define TIMER_REG_STATUS 0x1c
#define TIMER_REG_DEADLINE_LO 0x20
#define TIMER_REG_DEADLINE_HI 0x24
#define TIMER_REG_OVERRUN 0x28

#define TIMER_CTRL_ENABLE 0x1
#define TIMER_CTRL_PERIODIC 0x2
#define TIMER_CTRL_IRQ_EN 0x4
#define TIMER_CTRL_MASK 0x7
#define TIMER_STATUS_EXPIRED 0x1

enum timer_clock {
    TIMER_CLOCK_VIRTUAL = 0, /* icount-derived: timer_poll() fires */
    TIMER_CLOCK_HOST = 1     /* host clock: timer_expire() via the gate */
};

struct timer_config {
    const char *name;             /* instance name for events */
    unsigned clock_kind;          /* enum timer_clock */
    dev_clock_fn clock;           /* required */
    void *clock_opaque;
    const struct irq_line *irq;   /* borrowed, may be NULL */
    dev_event_fn event;           /* optional: DEV_EV_TIMER_ARM */
    void *event_opaque;
};

struct timer {
    struct timer_config cfg; /* configuration (not saved) */
    uint64_t period_ns;      /* PERIOD */
    uint64_t deadline_ns;    /* DEV_NO_DEADLINE when not armed */
    uint32_t ctrl;           /* TIMER_CTRL_* */
    uint32_t status;         /* TIMER_STATUS_* */
    uint32_t overrun;        /* OVERRUN */
    uint32_t count_hi;       /* COUNT_HI latched by COUNT_LO */
};

/* Create a timer; NULL on bad config (no clock) or allocation failure. */
struct timer *timer_new(const struct timer_config *cfg);
void timer_free(struct timer *t);

/* Next deadline: 1 and *ns if armed, else 0. */
int timer_deadline(const struct timer *t, uint64_t *ns);
/* Virtual clock: fire if clock >= deadline. Returns 1 if it fired. */
int timer_poll(struct timer *t);
/* Host clock: deliver one expiry (from the gate). Returns 1 if taken, 0 if
 * the timer was not armed (the expiry is dropped, deterministically). */
int timer_expire(struct timer *t);

/* The uniform device interface (dev.h); opaque = struct timer. */
uint64_t timer_read(void *opaque, uint64_t offset, unsigned size);
void timer_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
void timer_reset(void *opaque);
int timer_save(void *opaque, uint8_t *buf, size_t cap, size_t *len);
int timer_load(void *opaque, const uint8_t *buf, size_t len);
extern const struct dev_ops timer_dev_ops;

#endif
