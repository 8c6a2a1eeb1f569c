/*
 * rtc.h — the real-time clock: wall time in nanoseconds since the Unix
 * epoch, with one alarm, in the register layout of the Goldfish RTC (which
 * Linux drives with rtc-goldfish). The Goldfish names are kept with an RTC_
 * prefix (Linux calls them TIMER_TIME_LOW etc.).
 *
 * Wall time comes from the machine's clock callback: the host's wall clock
 * read through the gate (so every read is journaled and replays exactly),
 * or a deterministic clock derived from icount. The guest may set the time;
 * that is kept as an offset to the clock, which is guest state.
 *
 * The alarm fires like the timer's deadline (timer.h): rtc_poll() on a
 * virtual clock, rtc_expire() through the gate on the host clock. A
 * DEV_EV_TIMER_ARM event gives the alarm in the clock's terms (guest time
 * minus the offset) whenever it changes.
 *
 * Registers (32-bit, aligned 4-byte accesses):
 *   RTC_TIME_LOW        R  now, low half; latches RTC_TIME_HIGH
 *                      W  set the time to (last RTC_TIME_HIGH write << 32 |
 *                         value)
 *   RTC_TIME_HIGH       R  high half latched by the last RTC_TIME_LOW read
 *                      W  high half of the next time set
 *   RTC_ALARM_LOW       W  alarm = (last RTC_ALARM_HIGH write << 32 | value),
 *                         and arm it
 *   RTC_ALARM_HIGH      W  high half of the next alarm
 *   RTC_IRQ_ENABLED     RW interrupt enable (bit 0)
 *   RTC_CLEAR_ALARM     W  disarm the alarm
 *   RTC_ALARM_STATUS    R  1 while the alarm is armed
 *   RTC_CLEAR_INTERRUPT W  clear the pending alarm interrupt
 * The interrupt line is asserted while an alarm interrupt is pending and
 * enabled.
 */
#ifndef E2K_DEVICES_RTC_H
#define E2K_DEVICES_RTC_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"

struct irq_line;

#define RTC_MMIO_SIZE 0x1000
#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_ALARM 0x14
#define RTC_ALARM_STATUS 0x18
#define RTC_CLEAR_INTERRUPT 0x1c

enum rtc_clock {
    RTC_CLOCK_VIRTUAL = 0, /* derived from icount: rtc_poll() fires */
    RTC_CLOCK_HOST = 1     /* host wall clock via the gate: rtc_expire() */
};

struct rtc_config {
    const char *name;
    unsigned clock_kind;        /* enum rtc_clock */
    dev_clock_fn clock;         /* wall ns since the epoch; required */
    void *clock_opaque;
    const struct irq_line *irq; /* borrowed, may be NULL */
    dev_event_fn event;         /* optional: DEV_EV_TIMER_ARM */
    void *event_opaque;
};

struct rtc {
    struct rtc_config cfg; /* configuration (not saved) */
    uint64_t offset_ns;    /* guest time - clock (mod 2^64) */
    uint64_t alarm_ns;     /* alarm, in guest time */
    uint32_t alarm_armed;  /* RTC_ALARM_STATUS */
    uint32_t irq_enabled;  /* RTC_IRQ_ENABLED */
    uint32_t irq_pending;  /* alarm fired, not yet cleared */
    uint32_t time_high;    /* RTC_TIME_HIGH latched by a TIME_LOW read */
    uint32_t set_high;     /* last RTC_TIME_HIGH write */
    uint32_t alarm_high;   /* last RTC_ALARM_HIGH write */
};

struct rtc *rtc_new(const struct rtc_config *cfg);
void rtc_free(struct rtc *rtc);

/* The alarm in clock terms: 1 and *ns if armed, else 0. */
int rtc_deadline(const struct rtc *rtc, uint64_t *ns);
/* Virtual clock: fire if due. Returns 1 if it fired. */
int rtc_poll(struct rtc *rtc);
/* Host clock: deliver the alarm (from the gate). 1 if taken, 0 if not
 * armed. */
int rtc_expire(struct rtc *rtc);

/* The uniform device interface (dev.h); opaque = struct rtc. */
uint64_t rtc_read(void *opaque, uint64_t offset, unsigned size);
void rtc_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
void rtc_reset(void *opaque);
int rtc_save(void *opaque, uint8_t *buf, size_t cap, size_t *len);
int rtc_load(void *opaque, const uint8_t *buf, size_t len);
extern const struct dev_ops rtc_dev_ops;

#endif
