/*
 * rtc.c — the Goldfish-layout real-time clock (registers and clock rules in
 * rtc.h). Register offsets and the latch-on-low-read behaviour follow the
 * Goldfish RTC as Linux's rtc-goldfish driver uses it: read TIME_LOW, then
 * TIME_HIGH; write ALARM_HIGH, then ALARM_LOW (which arms).
 *
 * Guest time = clock + offset (mod 2^64); the offset changes only when the
 * guest sets the time, which reads the clock once.
 */
#include "devices/rtc.h"

#include <stdlib.h>

#include "emu/irq.h"

#define RTC_STATE_MAGIC 0x43545245u /* "ERTC" */
#define RTC_STATE_VERSION 1

const struct dev_ops rtc_dev_ops = {"rtc", rtc_read, rtc_write, rtc_reset,
                                    rtc_save, rtc_load};

static uint64_t guest_now(const struct rtc *rtc)
{
    return rtc->cfg.clock(rtc->cfg.clock_opaque) + rtc->offset_ns;
}

static void update_irq(const struct rtc *rtc)
{
    irq_set(rtc->cfg.irq, rtc->irq_pending && (rtc->irq_enabled & 1));
}

int rtc_deadline(const struct rtc *rtc, uint64_t *ns)
{
    *ns = rtc->alarm_armed ? rtc->alarm_ns - rtc->offset_ns : DEV_NO_DEADLINE;
    return rtc->alarm_armed != 0;
}

static void announce(const struct rtc *rtc)
{
    struct dev_event ev = {0};
    rtc_deadline(rtc, &ev.a);
    ev.b = rtc->cfg.clock_kind;
    dev_emit(rtc->cfg.event, rtc->cfg.event_opaque, rtc->cfg.name, &ev,
             DEV_EV_TIMER_ARM);
}

static void fire(struct rtc *rtc)
{
    rtc->alarm_armed = 0;
    rtc->irq_pending = 1;
    announce(rtc);
    update_irq(rtc);
}

int rtc_poll(struct rtc *rtc)
{
    if (rtc->cfg.clock_kind != RTC_CLOCK_VIRTUAL || !rtc->alarm_armed ||
        guest_now(rtc) < rtc->alarm_ns)
        return 0;
    fire(rtc);
    return 1;
}

int rtc_expire(struct rtc *rtc)
{
    if (!rtc->alarm_armed)
        return 0;
    fire(rtc);
    return 1;
}

void rtc_reset(void *opaque)
{
    struct rtc *rtc = opaque;
    /* The offset is the battery-backed time: it survives a reset. */
    int was_armed = rtc->alarm_armed;
    rtc->alarm_ns = 0;
    rtc->alarm_armed = rtc->irq_enabled = rtc->irq_pending = 0;
    rtc->time_high = rtc->set_high = rtc->alarm_high = 0;
    if (was_armed)
        announce(rtc);
    update_irq(rtc);
}

struct rtc *rtc_new(const struct rtc_config *cfg)
{
    if (!cfg || !cfg->clock || cfg->clock_kind > RTC_CLOCK_HOST)
        return NULL;
    struct rtc *rtc = calloc(1, sizeof *rtc);
    if (!rtc)
        return NULL;
    rtc->cfg = *cfg;
    rtc_reset(rtc);
    return rtc;
}

void rtc_free(struct rtc *rtc)
{
    free(rtc);
}

uint64_t rtc_read(void *opaque, uint64_t offset, unsigned size)
{
    struct rtc *rtc = opaque;
    if (size != 4 || (offset & 3))
        return 0;
    switch (offset) {
    case RTC_TIME_LOW: {
        uint64_t now = guest_now(rtc);
        rtc->time_high = (uint32_t)(now >> 32);
        return (uint32_t)now;
    }
    case RTC_TIME_HIGH: return rtc->time_high;
    case RTC_IRQ_ENABLED: return rtc->irq_enabled;
    case RTC_ALARM_STATUS: return rtc->alarm_armed;
    default: return 0;
    }
}

void rtc_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    struct rtc *rtc = opaque;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (offset & 3))
        return;
    switch (offset) {
    case RTC_TIME_LOW: {
        uint64_t set = (uint64_t)rtc->set_high << 32 | v;
        int armed = rtc->alarm_armed;
        rtc->offset_ns = set - rtc->cfg.clock(rtc->cfg.clock_opaque);
        if (armed) /* the alarm stays at its guest time: its clock moved */
            announce(rtc);
        break;
    }
    case RTC_TIME_HIGH: rtc->set_high = v; break;
    case RTC_ALARM_LOW:
        rtc->alarm_ns = (uint64_t)rtc->alarm_high << 32 | v;
        rtc->alarm_armed = 1;
        announce(rtc);
        break;
    case RTC_ALARM_HIGH: rtc->alarm_high = v; break;
    case RTC_IRQ_ENABLED: rtc->irq_enabled = v & 1; break;
    case RTC_CLEAR_ALARM:
        if (rtc->alarm_armed) {
            rtc->alarm_armed = 0;
            announce(rtc);
        }
        break;
    case RTC_CLEAR_INTERRUPT: rtc->irq_pending = 0; break;
    default: return;
    }
    update_irq(rtc);
}

int rtc_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    const struct rtc *rtc = opaque;
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, RTC_STATE_MAGIC, RTC_STATE_VERSION);
    dev_sw_u64(&w, rtc->offset_ns);
    dev_sw_u64(&w, rtc->alarm_ns);
    dev_sw_u32(&w, rtc->alarm_armed);
    dev_sw_u32(&w, rtc->irq_enabled);
    dev_sw_u32(&w, rtc->irq_pending);
    dev_sw_u32(&w, rtc->time_high);
    dev_sw_u32(&w, rtc->set_high);
    dev_sw_u32(&w, rtc->alarm_high);
    return dev_sw_finish(&w, len);
}

int rtc_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct rtc *rtc = opaque, n = *rtc;
    struct dev_sr r;
    dev_sr_init(&r, buf, len, RTC_STATE_MAGIC, RTC_STATE_VERSION);
    n.offset_ns = dev_sr_u64(&r);
    n.alarm_ns = dev_sr_u64(&r);
    n.alarm_armed = dev_sr_u32(&r);
    n.irq_enabled = dev_sr_u32(&r);
    n.irq_pending = dev_sr_u32(&r);
    n.time_high = dev_sr_u32(&r);
    n.set_high = dev_sr_u32(&r);
    n.alarm_high = dev_sr_u32(&r);
    dev_sr_check(&r, n.alarm_armed <= 1 && n.irq_enabled <= 1 &&
                         n.irq_pending <= 1);
    int rc = dev_sr_finish(&r);
    if (rc)
        return rc;
    *rtc = n;
    announce(rtc);
    update_irq(rtc);
    return 0;
}
