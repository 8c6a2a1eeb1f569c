/*
 * timer_test.c — devices/timer.c: one-shot and periodic expiry on the
 * virtual clock (poll), gated expiry on the host clock (expire, poll inert),
 * counter latch, acknowledge, overruns, arm events, save/load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/timer.h"
#include "tests/unit/devices/dev_testlib.h"

struct fix {
    struct tl_irq irq;
    struct tl_clock clk;
    struct tl_events ev;
    struct timer *t;
};

static struct fix *fix_new(unsigned kind)
{
    struct fix *f = calloc(1, sizeof *f);
    tl_irq_init(&f->irq);
    struct timer_config c = {"timer0", kind, tl_clock_read, &f->clk,
                             &f->irq.line, tl_event_cb, &f->ev};
    f->t = timer_new(&c);
    return f;
}

static void fix_free(struct fix *f)
{
    timer_free(f->t);
    free(f);
}

static void wr(struct timer *t, uint64_t off, uint32_t v)
{
    timer_write(t, off, v, 4);
}

static uint32_t rd(struct timer *t, uint64_t off)
{
    return (uint32_t)timer_read(t, off, 4);
}

static void test_one_shot_fires_once_on_virtual_clock(void **state)
{
    (void)state;
    struct fix *f = fix_new(TIMER_CLOCK_VIRTUAL);
    f->clk.now = 1000;
    wr(f->t, TIMER_REG_PERIOD_LO, 500);
    wr(f->t, TIMER_REG_CTRL, TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN);
    uint64_t d;
    assert_int_equal(timer_deadline(f->t, &d), 1);
    assert_true(d == 1500);
    assert_true(tl_last(&f->ev, DEV_EV_TIMER_ARM)->a == 1500);
    f->clk.now = 1499;
    assert_int_equal(timer_poll(f->t), 0);
    assert_int_equal(f->irq.level, 0);
    f->clk.now = 1500;
    assert_int_equal(timer_poll(f->t), 1);
    assert_int_equal(f->irq.level, 1);
    assert_int_equal(rd(f->t, TIMER_REG_STATUS), TIMER_STATUS_EXPIRED);
    assert_int_equal(rd(f->t, TIMER_REG_CTRL) & TIMER_CTRL_ENABLE, 0);
    assert_int_equal(timer_deadline(f->t, &d), 0);
    assert_true(tl_last(&f->ev, DEV_EV_TIMER_ARM)->a == DEV_NO_DEADLINE);
    f->clk.now = 5000;
    assert_int_equal(timer_poll(f->t), 0);
    wr(f->t, TIMER_REG_STATUS, TIMER_STATUS_EXPIRED); /* acknowledge */
    assert_int_equal(f->irq.level, 0);
    fix_free(f);
}

static void test_periodic_rearms_and_counts_missed_periods(void **state)
{
    (void)state;
    struct fix *f = fix_new(TIMER_CLOCK_VIRTUAL);
    timer_write(f->t, TIMER_REG_PERIOD_LO, 10000, 8);
    assert_true(timer_read(f->t, TIMER_REG_PERIOD_LO, 8) == 10000);
    wr(f->t, TIMER_REG_CTRL, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC);
    f->clk.now = 10000;
    assert_int_equal(timer_poll(f->t), 1);
    assert_int_equal(f->irq.level, 0); /* IRQ_EN off */
    uint64_t d;
    timer_deadline(f->t, &d);
    assert_true(d == 20000);
    /* Late by 3.5 periods: one expiry, three overruns, next in future. */
    f->clk.now = 55000;
    assert_int_equal(timer_poll(f->t), 1);
    timer_deadline(f->t, &d);
    assert_true(d == 60000);
    /* 1 (EXPIRED still set) + 3 missed periods */
    assert_int_equal(rd(f->t, TIMER_REG_OVERRUN), 4);
    wr(f->t, TIMER_REG_STATUS, 1);
    assert_int_equal(rd(f->t, TIMER_REG_OVERRUN), 0);
    wr(f->t, TIMER_REG_CTRL, TIMER_CTRL_IRQ_EN | TIMER_CTRL_PERIODIC |
                                 TIMER_CTRL_ENABLE);
    assert_int_equal(f->irq.level, 0);
    f->clk.now = 65000;
    timer_poll(f->t);
    assert_int_equal(f->irq.level, 1);
    fix_free(f);
}

static void test_tiny_period_is_raised_to_the_minimum(void **state)
{
    (void)state;
    struct fix *f = fix_new(TIMER_CLOCK_VIRTUAL);
    wr(f->t, TIMER_REG_PERIOD_LO, 0);
    wr(f->t, TIMER_REG_CTRL, TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC);
    uint64_t d;
    timer_deadline(f->t, &d);
    assert_true(d == TIMER_MIN_PERIOD_NS);
    fix_free(f);
}

static void test_host_clock_fires_only_on_expire(void **state)
{
    (void)state;
    struct fix *f = fix_new(TIMER_CLOCK_HOST);
    wr(f->t, TIMER_REG_PERIOD_LO, 100);
    wr(f->t, TIMER_REG_CTRL,
       TIMER_CTRL_ENABLE | TIMER_CTRL_PERIODIC | TIMER_CTRL_IRQ_EN);
    f->clk.now = 1000000;
    unsigned reads = f->clk.reads;
    assert_int_equal(timer_poll(f->t), 0); /* host time is not polled */
    assert_int_equal(f->clk.reads, reads);
    assert_int_equal(timer_expire(f->t), 1);
    assert_int_equal(f->clk.reads, reads); /* expiry reads no clock */
    assert_int_equal(f->irq.level, 1);
    uint64_t d;
    timer_deadline(f->t, &d);
    assert_true(d == TIMER_MIN_PERIOD_NS * 2);
    wr(f->t, TIMER_REG_CTRL, 0);
    assert_int_equal(timer_expire(f->t), 0); /* disarmed: dropped */
    fix_free(f);
}

static void test_counter_low_read_latches_high(void **state)
{
    (void)state;
    struct fix *f = fix_new(TIMER_CLOCK_VIRTUAL);
    f->clk.now = 0x0000000512345678ull;
    assert_int_equal(rd(f->t, TIMER_REG_COUNT_LO), 0x12345678);
    f->clk.now = 0x0000000900000000ull;
    assert_int_equal(rd(f->t, TIMER_REG_COUNT_HI), 5);
    assert_true(timer_read(f->t, TIMER_REG_COUNT_LO, 8) == f->clk.now);
    assert_int_equal(rd(f->t, TIMER_REG_ID), TIMER_ID_VALUE);
    assert_int_equal(rd(f->t, TIMER_REG_FREQ), TIMER_FREQ_HZ);
    assert_int_equal(timer_read(f->t, TIMER_REG_CTRL, 2), 0);
    fix_free(f);
}

static void test_save_load_round_trip_and_rejects_bad(void **state)
{
    (void)state;
    struct fix *f = fix_new(TIMER_CLOCK_VIRTUAL);
    f->clk.now = 77;
    wr(f->t, TIMER_REG_PERIOD_LO, 1234);
    wr(f->t, TIMER_REG_CTRL, TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN);
    uint8_t buf[128], bad[128];
    size_t len;
    assert_int_equal(timer_save(f->t, buf, sizeof buf, &len), 0);
    timer_reset(f->t);
    assert_int_equal(rd(f->t, TIMER_REG_CTRL), 0);
    assert_int_equal(timer_load(f->t, buf, len), 0);
    uint64_t d;
    assert_int_equal(timer_deadline(f->t, &d), 1);
    assert_true(d == 77 + 1234);
    assert_true(tl_last(&f->ev, DEV_EV_TIMER_ARM)->a == 77 + 1234);
    memcpy(bad, buf, len);
    bad[24] = 0; /* ctrl: ENABLE cleared but a deadline is armed */
    assert_int_equal(timer_load(f->t, bad, len), DEV_E_STATE);
    memcpy(bad, buf, len);
    bad[28] = 2; /* status: undefined bit */
    assert_int_equal(timer_load(f->t, bad, len), DEV_E_STATE);
    assert_int_equal(timer_load(f->t, buf, len - 4), DEV_E_STATE);
    assert_int_equal(rd(f->t, TIMER_REG_CTRL),
                     TIMER_CTRL_ENABLE | TIMER_CTRL_IRQ_EN);
    fix_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_shot_fires_once_on_virtual_clock),
        cmocka_unit_test(test_periodic_rearms_and_counts_missed_periods),
        cmocka_unit_test(test_tiny_period_is_raised_to_the_minimum),
        cmocka_unit_test(test_host_clock_fires_only_on_expire),
        cmocka_unit_test(test_counter_low_read_latches_high),
        cmocka_unit_test(test_save_load_round_trip_and_rejects_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
