/*
 * sysctl_test.c — devices/sysctl.c: power-off status, reset, panic with a
 * message from guest RAM (cut at NUL, capped, outside RAM reported without
 * it), register widths, heartbeats stamped with the virtual clock, OOM
 * kills with the task name, save/load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/sysctl.h"
#include "tests/unit/devices/dev_testlib.h"

struct fix {
    struct tl_machine m;
    struct tl_events ev;
    struct sysctl *s;
    uint64_t now; /* the virtual clock */
};

static uint64_t fix_clock(void *opaque)
{
    return ((struct fix *)opaque)->now;
}

static struct fix *fix_new(void)
{
    struct fix *f = calloc(1, sizeof *f);
    tl_machine_init(&f->m, 0x2000);
    struct sysctl_config c = {.name = "sysctl", .bus = f->m.bus,
                              .event = tl_event_cb, .event_opaque = &f->ev,
                              .clock = fix_clock, .clock_opaque = f};
    f->s = sysctl_new(&c);
    return f;
}

static void fix_free(struct fix *f)
{
    sysctl_free(f->s);
    tl_machine_fini(&f->m);
    free(f);
}

static void wr(struct fix *f, uint64_t off, uint32_t v)
{
    sysctl_write(f->s, off, v, 4);
}

static void test_power_off_reports_exit_status(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_ID, 4), SYSCTL_ID_VALUE);
    wr(f, SYSCTL_REG_POWER_OFF, 42);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_POWER_OFF);
    assert_non_null(e);
    assert_int_equal(e->a, 42);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_EXIT_STATUS, 4), 42);
    wr(f, SYSCTL_REG_RESET, 1);
    assert_non_null(tl_last(&f->ev, DEV_EV_RESET));
    sysctl_write(f->s, SYSCTL_REG_POWER_OFF, 1, 2); /* bad width */
    assert_int_equal(f->ev.n, 2);
    fix_free(f);
}

static void test_panic_reads_message_from_ram(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    memcpy(tl_ptr(&f->m, TL_RAM_BASE + 0x100), "Kernel panic\0junk", 17);
    wr(f, SYSCTL_REG_PANIC_MSG_LO, (uint32_t)(TL_RAM_BASE + 0x100));
    wr(f, SYSCTL_REG_PANIC_MSG_HI, 0);
    wr(f, SYSCTL_REG_PANIC_MSG_LEN, 17);
    wr(f, SYSCTL_REG_PANIC, 7);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_PANIC);
    assert_non_null(e);
    assert_int_equal(e->a, 7);
    assert_int_equal(e->c, 0);
    assert_int_equal(e->msg_len, 12);
    assert_memory_equal(e->msg, "Kernel panic", 12);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_PANIC_COUNT, 4), 1);
    fix_free(f);
}

static void test_panic_message_outside_ram_is_dropped(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    wr(f, SYSCTL_REG_PANIC_MSG_LO, (uint32_t)(TL_RAM_BASE + 0x1ff0));
    wr(f, SYSCTL_REG_PANIC_MSG_LEN, 0x20); /* runs past the end of RAM */
    wr(f, SYSCTL_REG_PANIC, 1);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_PANIC);
    assert_int_equal(e->c, 1);
    assert_int_equal(e->msg_len, 0);
    /* A huge length is capped, not trusted. */
    memset(tl_ptr(&f->m, TL_RAM_BASE), 'x', 0x2000);
    wr(f, SYSCTL_REG_PANIC_MSG_LO, (uint32_t)TL_RAM_BASE);
    wr(f, SYSCTL_REG_PANIC_MSG_LEN, 0xffffffff);
    wr(f, SYSCTL_REG_PANIC, 2);
    e = tl_last(&f->ev, DEV_EV_PANIC);
    assert_int_equal(e->c, 0);
    assert_int_equal(e->msg_len, SYSCTL_PANIC_MSG_MAX);
    fix_free(f);
}

static void test_heartbeat_stamps_progress(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    assert_true(sysctl_heartbeat_ns(f->s) == SYSCTL_NO_HEARTBEAT);
    f->now = 1000;
    wr(f, SYSCTL_REG_HEARTBEAT, 0); /* the first one counts, even 0 */
    assert_int_equal(sysctl_heartbeat_ns(f->s), 1000);
    f->now = 5000;
    wr(f, SYSCTL_REG_HEARTBEAT, 0); /* the same value: no progress */
    assert_int_equal(sysctl_heartbeat_ns(f->s), 1000);
    wr(f, SYSCTL_REG_HEARTBEAT, 7);
    assert_int_equal(sysctl_heartbeat_ns(f->s), 5000);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_HEARTBEAT, 4), 7);
    assert_int_equal(f->ev.n, 0); /* heartbeats make no events */
    sysctl_reset(f->s);
    assert_true(sysctl_heartbeat_ns(f->s) == SYSCTL_NO_HEARTBEAT);
    fix_free(f);
}

static void test_oom_kill_reports_task_and_name(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    memcpy(tl_ptr(&f->m, TL_RAM_BASE + 0x40), "hog\0", 4);
    wr(f, SYSCTL_REG_PANIC_MSG_LO, (uint32_t)(TL_RAM_BASE + 0x40));
    wr(f, SYSCTL_REG_PANIC_MSG_LEN, 8);
    wr(f, SYSCTL_REG_OOM_PAGES, 1536);
    wr(f, SYSCTL_REG_OOM_KILL, 2);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_OOM_KILL);
    assert_non_null(e);
    assert_int_equal(e->a, 2);
    assert_int_equal(e->b, 1536);
    assert_int_equal(e->msg_len, 3);
    assert_memory_equal(e->msg, "hog", 3);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_OOM_KILL, 4), 1);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_PANIC_COUNT, 4), 0);
    fix_free(f);
}

static void test_save_load_round_trip_and_rejects_bad(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    wr(f, SYSCTL_REG_PANIC_MSG_HI, 3);
    wr(f, SYSCTL_REG_PANIC_MSG_LEN, 9);
    f->now = 77;
    wr(f, SYSCTL_REG_HEARTBEAT, 5);
    wr(f, SYSCTL_REG_OOM_PAGES, 12);
    uint8_t buf[64];
    size_t len;
    assert_int_equal(sysctl_save(f->s, buf, sizeof buf, &len), 0);
    sysctl_reset(f->s);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_PANIC_MSG_LEN, 4), 0);
    assert_int_equal(sysctl_load(f->s, buf, len), 0);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_PANIC_MSG_HI, 4), 3);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_PANIC_MSG_LEN, 4), 9);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_HEARTBEAT, 4), 5);
    assert_int_equal(sysctl_heartbeat_ns(f->s), 77);
    assert_int_equal(sysctl_read(f->s, SYSCTL_REG_OOM_PAGES, 4), 12);
    assert_int_equal(sysctl_load(f->s, buf, len - 1), DEV_E_STATE);
    buf[1] ^= 0xff;
    assert_int_equal(sysctl_load(f->s, buf, len), DEV_E_STATE);
    fix_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_power_off_reports_exit_status),
        cmocka_unit_test(test_panic_reads_message_from_ram),
        cmocka_unit_test(test_panic_message_outside_ram_is_dropped),
        cmocka_unit_test(test_heartbeat_stamps_progress),
        cmocka_unit_test(test_oom_kill_reports_task_and_name),
        cmocka_unit_test(test_save_load_round_trip_and_rejects_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
