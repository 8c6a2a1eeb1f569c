/*
 * rtc_test.c — devices/rtc.c: Goldfish time read with the high-half latch,
 * setting the time (an offset to the clock), the alarm on the virtual and
 * host clocks, interrupt enable/clear, save/load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/rtc.h"
#include "tests/unit/devices/dev_testlib.h"

struct fix {
    struct tl_irq irq;
    struct tl_clock clk;
    struct tl_events ev;
    struct rtc *rtc;
};

static struct fix *fix_new(unsigned kind)
{
    struct fix *f = calloc(1, sizeof *f);
    tl_irq_init(&f->irq);
    struct rtc_config c = {"rtc0", kind, tl_clock_read, &f->clk,
                           &f->irq.line, tl_event_cb, &f->ev};
    f->rtc = rtc_new(&c);
    return f;
}

static void fix_free(struct fix *f)
{
    rtc_free(f->rtc);
    free(f);
}

static uint32_t rd(struct fix *f, uint64_t off)
{
    return (uint32_t)rtc_read(f->rtc, off, 4);
}

static void wr(struct fix *f, uint64_t off, uint32_t v)
{
    rtc_write(f->rtc, off, v, 4);
}

static void test_time_low_read_latches_high(void **state)
{
    (void)state;
    struct fix *f = fix_new(RTC_CLOCK_HOST);
    f->clk.now = 0x17e0000012345678ull;
    assert_int_equal(rd(f, RTC_TIME_LOW), 0x12345678);
    f->clk.now += 0x100000000ull;
    assert_int_equal(rd(f, RTC_TIME_HIGH), 0x17e00000);
    assert_int_equal(f->clk.reads, 1); /* HIGH reads no clock */
    fix_free(f);
}

static void test_setting_time_keeps_an_offset(void **state)
{
    (void)state;
    struct fix *f = fix_new(RTC_CLOCK_VIRTUAL);
    f->clk.now = 1000;
    wr(f, RTC_TIME_HIGH, 2);
    wr(f, RTC_TIME_LOW, 500);
    f->clk.now = 1100;
    assert_int_equal(rd(f, RTC_TIME_LOW), 600);
    assert_int_equal(rd(f, RTC_TIME_HIGH), 2);
    fix_free(f);
}

static void test_alarm_fires_on_poll_and_interrupts_when_enabled(void **state)
{
    (void)state;
    struct fix *f = fix_new(RTC_CLOCK_VIRTUAL);
    f->clk.now = 100;
    wr(f, RTC_ALARM_HIGH, 0);
    wr(f, RTC_ALARM_LOW, 300);
    assert_int_equal(rd(f, RTC_ALARM_STATUS), 1);
    assert_true(tl_last(&f->ev, DEV_EV_TIMER_ARM)->a == 300);
    assert_int_equal(rtc_poll(f->rtc), 0);
    f->clk.now = 300;
    assert_int_equal(rtc_poll(f->rtc), 1);
    assert_int_equal(rd(f, RTC_ALARM_STATUS), 0);
    assert_int_equal(f->irq.level, 0); /* not enabled yet */
    wr(f, RTC_IRQ_ENABLED, 1);
    assert_int_equal(f->irq.level, 1);
    wr(f, RTC_CLEAR_INTERRUPT, 1);
    assert_int_equal(f->irq.level, 0);
    /* Clearing an armed alarm disarms it. */
    wr(f, RTC_ALARM_LOW, 900);
    wr(f, RTC_CLEAR_ALARM, 1);
    f->clk.now = 1000;
    assert_int_equal(rtc_poll(f->rtc), 0);
    fix_free(f);
}

static void test_host_alarm_comes_only_from_expire(void **state)
{
    (void)state;
    struct fix *f = fix_new(RTC_CLOCK_HOST);
    wr(f, RTC_IRQ_ENABLED, 1);
    wr(f, RTC_ALARM_LOW, 50);
    f->clk.now = 1000;
    assert_int_equal(rtc_poll(f->rtc), 0);
    assert_int_equal(f->clk.reads, 0);
    assert_int_equal(rtc_expire(f->rtc), 1);
    assert_int_equal(f->irq.level, 1);
    assert_int_equal(rtc_expire(f->rtc), 0);
    fix_free(f);
}

static void test_save_load_round_trip_and_rejects_bad(void **state)
{
    (void)state;
    struct fix *f = fix_new(RTC_CLOCK_VIRTUAL);
    f->clk.now = 10;
    wr(f, RTC_TIME_LOW, 5000);
    wr(f, RTC_IRQ_ENABLED, 1);
    wr(f, RTC_ALARM_LOW, 7000);
    uint8_t buf[128], bad[128];
    size_t len;
    assert_int_equal(rtc_save(f->rtc, buf, sizeof buf, &len), 0);
    rtc_reset(f->rtc);
    assert_int_equal(rd(f, RTC_ALARM_STATUS), 0);
    assert_int_equal(rtc_load(f->rtc, buf, len), 0);
    assert_int_equal(rd(f, RTC_ALARM_STATUS), 1);
    uint64_t d;
    assert_int_equal(rtc_deadline(f->rtc, &d), 1);
    assert_true(d == 7000 - (5000 - 10)); /* in clock terms */
    memcpy(bad, buf, len);
    bad[24] = 2; /* alarm_armed */
    assert_int_equal(rtc_load(f->rtc, bad, len), DEV_E_STATE);
    assert_int_equal(rtc_load(f->rtc, buf, len + 1), DEV_E_STATE);
    fix_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_low_read_latches_high),
        cmocka_unit_test(test_setting_time_keeps_an_offset),
        cmocka_unit_test(test_alarm_fires_on_poll_and_interrupts_when_enabled),
        cmocka_unit_test(test_host_alarm_comes_only_from_expire),
        cmocka_unit_test(test_save_load_round_trip_and_rejects_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
