/*
 * pic_test.c — devices/pic.c: level and edge lines, enable, priority and
 * threshold, acknowledge and end of interrupt, register widths, reset,
 * save/load and rejection of bad state buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/pic.h"
#include "tests/unit/devices/dev_testlib.h"

static uint32_t rd(struct pic *p, uint64_t off)
{
    return (uint32_t)pic_read(p, off, 4);
}

static void wr(struct pic *p, uint64_t off, uint32_t v)
{
    pic_write(p, off, v, 4);
}

static void test_level_line_pending_follows_input(void **state)
{
    (void)state;
    struct tl_irq cpu;
    tl_irq_init(&cpu);
    struct pic *p = pic_new(&cpu.line);
    struct irq_line in;
    irq_init(&in, pic_irq_handler, p, 3);
    irq_set(&in, 1);
    assert_int_equal(rd(p, PIC_REG_PENDING), 1u << 3);
    assert_int_equal(cpu.level, 0); /* not enabled */
    wr(p, PIC_REG_ENABLE_SET, 1u << 3);
    assert_int_equal(cpu.level, 1);
    irq_set(&in, 0);
    assert_int_equal(rd(p, PIC_REG_PENDING), 0);
    assert_int_equal(cpu.level, 0);
    assert_int_equal(rd(p, PIC_REG_ID), PIC_ID_VALUE);
    assert_int_equal(rd(p, PIC_REG_NLINES), PIC_NUM_LINES);
    pic_free(p);
}

static void test_ack_then_eoi_redelivers_asserted_level_line(void **state)
{
    (void)state;
    struct tl_irq cpu;
    tl_irq_init(&cpu);
    struct pic *p = pic_new(&cpu.line);
    wr(p, PIC_REG_ENABLE, 0xffffffff);
    pic_set_input(p, 5, 1);
    assert_int_equal(rd(p, PIC_REG_ACK), 5);
    assert_int_equal(rd(p, PIC_REG_ACTIVE), 1u << 5);
    assert_int_equal(cpu.level, 0); /* in service */
    assert_int_equal(rd(p, PIC_REG_ACK), 0);
    wr(p, PIC_REG_EOI, 5);
    assert_int_equal(cpu.level, 1); /* still asserted: again */
    pic_set_input(p, 5, 0);
    assert_int_equal(cpu.level, 0);
    pic_free(p);
}

static void test_edge_line_latches_rising_edge_until_ack(void **state)
{
    (void)state;
    struct tl_irq cpu;
    tl_irq_init(&cpu);
    struct pic *p = pic_new(&cpu.line);
    wr(p, PIC_REG_EDGE, 1u << 7);
    wr(p, PIC_REG_ENABLE, 1u << 7);
    struct irq_line in;
    irq_init(&in, pic_irq_handler, p, 7);
    irq_pulse(&in);
    assert_int_equal(rd(p, PIC_REG_PENDING), 1u << 7);
    assert_int_equal(cpu.level, 1);
    assert_int_equal(rd(p, PIC_REG_ACK), 7);
    assert_int_equal(rd(p, PIC_REG_PENDING), 0);
    /* An edge while in service is latched and delivered after EOI. */
    irq_pulse(&in);
    assert_int_equal(cpu.level, 0);
    wr(p, PIC_REG_EOI, 7);
    assert_int_equal(cpu.level, 1);
    wr(p, PIC_REG_PENDING_CLR, 1u << 7);
    assert_int_equal(cpu.level, 0);
    /* Holding the input high is not a new edge. */
    pic_set_input(p, 7, 1);
    rd(p, PIC_REG_ACK);
    wr(p, PIC_REG_EOI, 7);
    pic_set_input(p, 7, 1);
    assert_int_equal(cpu.level, 0);
    pic_free(p);
}

static void test_priority_and_threshold_choose_the_line(void **state)
{
    (void)state;
    struct tl_irq cpu;
    tl_irq_init(&cpu);
    struct pic *p = pic_new(&cpu.line);
    wr(p, PIC_REG_ENABLE, 0xffffffff);
    wr(p, PIC_REG_PRIORITY + 4 * 2, 3);
    wr(p, PIC_REG_PRIORITY + 4 * 9, 6);
    wr(p, PIC_REG_PRIORITY + 4 * 4, 99); /* clamped */
    assert_int_equal(rd(p, PIC_REG_PRIORITY + 4 * 4), PIC_PRIO_MAX);
    wr(p, PIC_REG_PRIORITY + 4 * 4, 1);
    pic_set_input(p, 2, 1);
    pic_set_input(p, 4, 1);
    pic_set_input(p, 9, 1);
    assert_int_equal(rd(p, PIC_REG_ACK), 9);
    assert_int_equal(rd(p, PIC_REG_ACK), 2);
    wr(p, PIC_REG_THRESHOLD, 1); /* line 4 (priority 1) now masked */
    assert_int_equal(rd(p, PIC_REG_ACK), 0);
    assert_int_equal(cpu.level, 0);
    wr(p, PIC_REG_THRESHOLD, 0);
    assert_int_equal(cpu.level, 1);
    /* Equal priorities: lowest line first. */
    wr(p, PIC_REG_EOI, 9);
    wr(p, PIC_REG_EOI, 2);
    wr(p, PIC_REG_PRIORITY + 4 * 9, 1);
    wr(p, PIC_REG_PRIORITY + 4 * 2, 1);
    assert_int_equal(rd(p, PIC_REG_ACK), 2);
    /* Priority 0 never delivers. */
    wr(p, PIC_REG_PRIORITY + 4 * 4, 0);
    wr(p, PIC_REG_PRIORITY + 4 * 9, 0);
    assert_int_equal(rd(p, PIC_REG_ACK), 0);
    pic_free(p);
}

static void test_line_zero_and_bad_widths_are_ignored(void **state)
{
    (void)state;
    struct tl_irq cpu;
    tl_irq_init(&cpu);
    struct pic *p = pic_new(&cpu.line);
    pic_set_input(p, 0, 1);
    pic_set_input(p, 32, 1);
    wr(p, PIC_REG_ENABLE, 0xffffffff);
    assert_int_equal(rd(p, PIC_REG_ENABLE), 0xfffffffe);
    assert_int_equal(rd(p, PIC_REG_PENDING), 0);
    pic_write(p, PIC_REG_ENABLE, 0, 2);
    assert_int_equal(rd(p, PIC_REG_ENABLE), 0xfffffffe);
    assert_int_equal(pic_read(p, PIC_REG_ENABLE, 1), 0);
    assert_int_equal(pic_read(p, PIC_REG_ENABLE + 1, 4), 0);
    pic_free(p);
}

static void test_save_load_round_trip_and_restores_output(void **state)
{
    (void)state;
    struct tl_irq cpu;
    tl_irq_init(&cpu);
    struct pic *p = pic_new(&cpu.line);
    wr(p, PIC_REG_ENABLE, 0x0ff0);
    wr(p, PIC_REG_EDGE, 0x0100);
    wr(p, PIC_REG_PRIORITY + 4 * 6, 5);
    pic_set_input(p, 6, 1);
    pic_set_input(p, 8, 1);
    rd(p, PIC_REG_ACK);
    size_t len;
    assert_int_equal(pic_save(p, NULL, 0, &len), DEV_E_NOSPACE);
    uint8_t buf[256];
    assert_int_equal(pic_save(p, buf, sizeof buf, &len), 0);
    int level = cpu.level;
    pic_reset(p);
    assert_int_equal(rd(p, PIC_REG_ENABLE), 0);
    assert_int_equal(pic_load(p, buf, len), 0);
    assert_int_equal(cpu.level, level);
    uint8_t again[256];
    size_t len2;
    assert_int_equal(pic_save(p, again, sizeof again, &len2), 0);
    assert_int_equal(len2, len);
    assert_memory_equal(buf, again, len);
    pic_free(p);
}

static void test_load_rejects_bad_buffers(void **state)
{
    (void)state;
    struct pic *p = pic_new(NULL);
    uint8_t buf[256], bad[256];
    size_t len;
    pic_set_input(p, 3, 1);
    assert_int_equal(pic_save(p, buf, sizeof buf, &len), 0);
    assert_int_equal(pic_load(p, buf, len - 1), DEV_E_STATE); /* short */
    memcpy(bad, buf, len);
    bad[len] = 0;
    assert_int_equal(pic_load(p, bad, len + 1), DEV_E_STATE); /* long */
    bad[0] ^= 1;
    assert_int_equal(pic_load(p, bad, len), DEV_E_STATE);     /* magic */
    memcpy(bad, buf, len);
    bad[4] = 2;
    assert_int_equal(pic_load(p, bad, len), DEV_E_STATE);     /* version */
    memcpy(bad, buf, len);
    bad[8 + 24 + 3] = 9; /* priority of line 3 */
    assert_int_equal(pic_load(p, bad, len), DEV_E_STATE);
    memcpy(bad, buf, len);
    bad[8] |= 1; /* level bit of line 0 */
    assert_int_equal(pic_load(p, bad, len), DEV_E_STATE);
    memcpy(bad, buf, len);
    bad[12] = 0; /* level line 3 asserted but not pending */
    assert_int_equal(pic_load(p, bad, len), DEV_E_STATE);
    assert_int_equal(pic_load(p, NULL, 0), DEV_E_STATE);
    /* The device was left as it was. */
    assert_int_equal(rd(p, PIC_REG_PENDING), 1u << 3);
    pic_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_line_pending_follows_input),
        cmocka_unit_test(test_ack_then_eoi_redelivers_asserted_level_line),
        cmocka_unit_test(test_edge_line_latches_rising_edge_until_ack),
        cmocka_unit_test(test_priority_and_threshold_choose_the_line),
        cmocka_unit_test(test_line_zero_and_bad_widths_are_ignored),
        cmocka_unit_test(test_save_load_round_trip_and_restores_output),
        cmocka_unit_test(test_load_rejects_bad_buffers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
