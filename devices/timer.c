/*
 * timer.c — one timer channel (model, registers and clock rules in
 * timer.h). The clock is read only through the machine's callback; on the
 * host clock an expiry is only ever taken from timer_expire(), so the
 * guest-visible effect of host time is exactly what the gate journaled.
 *
 * Invariant: CTRL.ENABLE is set exactly when a deadline is armed.
 */
#include "devices/timer.h"

#include <stdlib.h>

#include "emu/irq.h"

#define TIMER_STATE_MAGIC 0x524d5445u /* "ETMR" */
#define TIMER_STATE_VERSION 1

const struct dev_ops timer_dev_ops = {"timer", timer_read, timer_write,
                                      timer_reset, timer_save, timer_load};

static uint64_t now_ns(const struct timer *t)
{
    return t->cfg.clock(t->cfg.clock_opaque);
}

static void update_irq(const struct timer *t)
{
    irq_set(t->cfg.irq, (t->status & TIMER_STATUS_EXPIRED) &&
                            (t->ctrl & TIMER_CTRL_IRQ_EN));
}

static void announce(const struct timer *t)
{
    struct dev_event ev = {0};
    ev.a = t->deadline_ns;
    ev.b = t->cfg.clock_kind;
    dev_emit(t->cfg.event, t->cfg.event_opaque, t->cfg.name, &ev,
             DEV_EV_TIMER_ARM);
}

static uint64_t eff_period(const struct timer *t)
{
    if ((t->ctrl & TIMER_CTRL_PERIODIC) && t->period_ns < TIMER_MIN_PERIOD_NS)
        return TIMER_MIN_PERIOD_NS;
    return t->period_ns;
}

static void disarm(struct timer *t)
{
    t->ctrl &= ~TIMER_CTRL_ENABLE;
    t->deadline_ns = DEV_NO_DEADLINE;
}

/* deadline = base + p, or disarm if that does not fit. */
static void set_deadline(struct timer *t, uint64_t base, uint64_t p)
{
    if (base + p < base || base + p == DEV_NO_DEADLINE)
        disarm(t);
    else
        t->deadline_ns = base + p;
}

static void arm(struct timer *t)
{
    set_deadline(t, now_ns(t), eff_period(t));
    announce(t);
}

/* One expiry; `now` is known (virtual clock) or 0 (host clock). */
static void fire(struct timer *t, int now_known, uint64_t now)
{
    if (t->status & TIMER_STATUS_EXPIRED) {
        if (t->overrun != UINT32_MAX)
            t->overrun++;
    }
    t->status |= TIMER_STATUS_EXPIRED;
    if (t->ctrl & TIMER_CTRL_PERIODIC) {
        uint64_t p = eff_period(t);
        set_deadline(t, t->deadline_ns, p);
        if (now_known && t->deadline_ns != DEV_NO_DEADLINE &&
            t->deadline_ns <= now) {
            uint64_t k = (now - t->deadline_ns) / p + 1; /* missed periods */
            uint64_t o = t->overrun + k;
            t->overrun = o > UINT32_MAX ? UINT32_MAX : (uint32_t)o;
            if (k > (UINT64_MAX - t->deadline_ns) / p)
                disarm(t);
            else
                set_deadline(t, t->deadline_ns, k * p);
        }
    } else {
        disarm(t);
    }
    announce(t);
    update_irq(t);
}

int timer_deadline(const struct timer *t, uint64_t *ns)
{
    *ns = t->deadline_ns;
    return t->deadline_ns != DEV_NO_DEADLINE;
}

int timer_poll(struct timer *t)
{
    if (t->cfg.clock_kind != TIMER_CLOCK_VIRTUAL ||
        t->deadline_ns == DEV_NO_DEADLINE)
        return 0;
    uint64_t now = now_ns(t);
    if (now < t->deadline_ns)
        return 0;
    fire(t, 1, now);
    return 1;
}

int timer_expire(struct timer *t)
{
    if (t->deadline_ns == DEV_NO_DEADLINE)
        return 0;
    fire(t, 0, 0);
    return 1;
}

void timer_reset(void *opaque)
{
    struct timer *t = opaque;
    int was_armed = t->deadline_ns != DEV_NO_DEADLINE;
    t->period_ns = 0;
    t->ctrl = t->status = t->overrun = t->count_hi = 0;
    t->deadline_ns = DEV_NO_DEADLINE;
    if (was_armed)
        announce(t);
    update_irq(t);
}

struct timer *timer_new(const struct timer_config *cfg)
{
    if (!cfg || !cfg->clock || cfg->clock_kind > TIMER_CLOCK_HOST)
        return NULL;
    struct timer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cfg = *cfg;
    t->deadline_ns = DEV_NO_DEADLINE;
    timer_reset(t);
    return t;
}

void timer_free(struct timer *t)
{
    free(t);
}

uint64_t timer_read(void *opaque, uint64_t offset, unsigned size)
{
    struct timer *t = opaque;
    int wide = size == 8 && (offset == TIMER_REG_COUNT_LO ||
                             offset == TIMER_REG_PERIOD_LO ||
                             offset == TIMER_REG_DEADLINE_LO);
    if ((size != 4 && !wide) || (offset & 3))
        return 0;
    uint64_t v;
    switch (offset) {
    case TIMER_REG_ID: return TIMER_ID_VALUE;
    case TIMER_REG_FREQ: return TIMER_FREQ_HZ;
    case TIMER_REG_COUNT_LO:
        v = now_ns(t);
        t->count_hi = (uint32_t)(v >> 32);
        return wide ? v : (uint32_t)v;
    case TIMER_REG_COUNT_HI: return t->count_hi;
    case TIMER_REG_PERIOD_LO:
        return wide ? t->period_ns : (uint32_t)t->period_ns;
    case TIMER_REG_PERIOD_HI: return (uint32_t)(t->period_ns >> 32);
    case TIMER_REG_CTRL: return t->ctrl;
    case TIMER_REG_STATUS: return t->status;
    case TIMER_REG_DEADLINE_LO:
        return wide ? t->deadline_ns : (uint32_t)t->deadline_ns;
    case TIMER_REG_DEADLINE_HI: return (uint32_t)(t->deadline_ns >> 32);
    case TIMER_REG_OVERRUN: return t->overrun;
    default: return 0;
    }
}

void timer_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    struct timer *t = opaque;
    int wide = size == 8 && offset == TIMER_REG_PERIOD_LO;
    uint32_t v = (uint32_t)val;
    if ((size != 4 && !wide) || (offset & 3))
        return;
    switch (offset) {
    case TIMER_REG_PERIOD_LO:
        t->period_ns = wide ? val : (t->period_ns & ~0xffffffffull) | v;
        break;
    case TIMER_REG_PERIOD_HI:
        t->period_ns = (t->period_ns & 0xffffffffull) | (uint64_t)v << 32;
        break;
    case TIMER_REG_CTRL: {
        int was_armed = t->deadline_ns != DEV_NO_DEADLINE;
        t->ctrl = v & TIMER_CTRL_MASK;
        if (t->ctrl & TIMER_CTRL_ENABLE) {
            arm(t);
        } else {
            disarm(t);
            if (was_armed)
                announce(t);
        }
        update_irq(t);
        break;
    }
    case TIMER_REG_STATUS:
        if (v & TIMER_STATUS_EXPIRED) {
            t->status &= ~TIMER_STATUS_EXPIRED;
            t->overrun = 0;
        }
        update_irq(t);
        break;
    default: break;
    }
}

int timer_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    const struct timer *t = opaque;
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, TIMER_STATE_MAGIC, TIMER_STATE_VERSION);
    dev_sw_u64(&w, t->period_ns);
    dev_sw_u64(&w, t->deadline_ns);
    dev_sw_u32(&w, t->ctrl);
    dev_sw_u32(&w, t->status);
    dev_sw_u32(&w, t->overrun);
    dev_sw_u32(&w, t->count_hi);
    return dev_sw_finish(&w, len);
}

int timer_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct timer *t = opaque, n = *t;
    struct dev_sr r;
    dev_sr_init(&r, buf, len, TIMER_STATE_MAGIC, TIMER_STATE_VERSION);
    n.period_ns = dev_sr_u64(&r);
    n.deadline_ns = dev_sr_u64(&r);
    n.ctrl = dev_sr_u32(&r);
    n.status = dev_sr_u32(&r);
    n.overrun = dev_sr_u32(&r);
    n.count_hi = dev_sr_u32(&r);
    dev_sr_check(&r, !(n.ctrl & ~TIMER_CTRL_MASK) &&
                         !(n.status & ~TIMER_STATUS_EXPIRED) &&
                         !(n.ctrl & TIMER_CTRL_ENABLE) ==
                             (n.deadline_ns == DEV_NO_DEADLINE));
    int rc = dev_sr_finish(&r);
    if (rc)
        return rc;
    *t = n;
    announce(t); /* the machine re-arms its scheduling from this */
    update_irq(t);
    return 0;
}
