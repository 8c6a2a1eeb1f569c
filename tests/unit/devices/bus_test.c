/*
 * bus_test.c — emu/bus.c and emu/irq.c, the device contract: MMIO
 * dispatch (sizes, alignment, overlap, unmapped), bounds-checked RAM access
 * (inside, straddling, outside, overflowing, paged backing, all-or-nothing
 * writes), ballooned markers (discard, callbacks, iteration, touches) and
 * IRQ lines. (Kept with the device tests: it is their contract.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/devices/dev_testlib.h"

struct reg_dev {
    uint64_t last_off, last_val;
    unsigned last_size, reads, writes;
};

static uint64_t reg_read(void *opaque, uint64_t off, unsigned size)
{
    struct reg_dev *d = opaque;
    d->reads++;
    d->last_off = off;
    d->last_size = size;
    return 0x1122334455667788ull;
}

static void reg_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct reg_dev *d = opaque;
    d->writes++;
    d->last_off = off;
    d->last_val = val;
    d->last_size = size;
}

static void test_mmio_dispatch_passes_offset_and_size(void **state)
{
    (void)state;
    struct tl_machine m;
    struct reg_dev d = {0};
    assert_int_equal(tl_machine_init(&m, 0x10000), 0);
    assert_int_equal(bus_map_mmio(m.bus, 0x1000, 0x100, reg_read, reg_write,
                                  &d, "reg"),
                     0);
    uint64_t v;
    assert_int_equal(bus_mmio_read(m.bus, 0x1010, 4, &v), 0);
    assert_true(v == 0x55667788); /* truncated to the access size */
    assert_int_equal(d.last_off, 0x10);
    assert_int_equal(d.last_size, 4);
    assert_int_equal(bus_mmio_write(m.bus, 0x10f8, 8, 0xabcdull), 0);
    assert_int_equal(d.last_off, 0xf8);
    assert_true(d.last_val == 0xabcd);
    assert_int_equal(bus_mmio_write(m.bus, 0x1001, 1, 0x1ff), 0);
    assert_true(d.last_val == 0xff);
    assert_string_equal(bus_find_region(m.bus, 0x10ff)->name, "reg");
    tl_machine_fini(&m);
}

static void test_mmio_rejects_bad_size_alignment_and_unmapped(void **state)
{
    (void)state;
    struct tl_machine m;
    struct reg_dev d = {0};
    assert_int_equal(tl_machine_init(&m, 0x10000), 0);
    bus_map_mmio(m.bus, 0x1000, 0x100, reg_read, reg_write, &d, "reg");
    uint64_t v = 7;
    assert_int_equal(bus_mmio_read(m.bus, 0x1002, 4, &v), BUS_E_SIZE);
    assert_int_equal(bus_mmio_read(m.bus, 0x1000, 3, &v), BUS_E_SIZE);
    assert_int_equal(bus_mmio_read(m.bus, 0x2000, 4, &v), BUS_E_UNMAPPED);
    assert_true(v == 0);
    /* Last bytes of the region: inside; one past: not. */
    assert_int_equal(bus_mmio_read(m.bus, 0x10fc, 4, &v), 0);
    assert_int_equal(bus_mmio_write(m.bus, 0x1100, 4, 0), BUS_E_UNMAPPED);
    assert_int_equal(d.reads, 1);
    assert_int_equal(d.writes, 0);
    tl_machine_fini(&m);
}

static void test_mapping_overlaps_are_refused(void **state)
{
    (void)state;
    struct tl_machine m;
    assert_int_equal(tl_machine_init(&m, 0x10000), 0);
    assert_int_equal(bus_map_mmio(m.bus, 0x1000, 0x100, NULL, NULL, NULL, 0),
                     0);
    assert_int_equal(bus_map_mmio(m.bus, 0x10f0, 0x100, NULL, NULL, NULL, 0),
                     BUS_E_OVERLAP);
    assert_int_equal(bus_map_mmio(m.bus, TL_RAM_BASE + 0x1000, 0x10, NULL,
                                  NULL, NULL, 0),
                     BUS_E_OVERLAP);
    assert_int_equal(bus_add_ram(m.bus, 0x1000, 0x1000, m.ram, NULL, NULL),
                     BUS_E_OVERLAP);
    assert_int_equal(bus_add_ram(m.bus, 0x5000, 0x800, m.ram, NULL, NULL),
                     BUS_E_INVAL);
    assert_int_equal(bus_map_mmio(m.bus, UINT64_MAX - 4, 0x10, NULL, NULL,
                                  NULL, 0),
                     BUS_E_INVAL);
    tl_machine_fini(&m);
}

static void test_ram_access_is_bounds_checked(void **state)
{
    (void)state;
    struct tl_machine m;
    assert_int_equal(tl_machine_init(&m, 0x3000), 0);
    uint8_t buf[32] = {1, 2, 3};
    uint64_t end = TL_RAM_BASE + 0x3000;
    assert_int_equal(bus_ram_write(m.bus, end - 3, buf, 3), 0);
    assert_int_equal(m.ram[0x2ffd], 1);
    assert_int_equal(bus_ram_write(m.bus, end - 2, buf, 3), BUS_E_RANGE);
    assert_int_equal(bus_ram_read(m.bus, end, buf, 1), BUS_E_RANGE);
    assert_int_equal(bus_ram_read(m.bus, TL_RAM_BASE - 1, buf, 2),
                     BUS_E_RANGE);
    assert_int_equal(bus_ram_read(m.bus, UINT64_MAX - 1, buf, 8),
                     BUS_E_RANGE);
    assert_int_equal(bus_ram_check(m.bus, TL_RAM_BASE + 8, UINT64_MAX - 4),
                     BUS_E_RANGE);
    assert_int_equal(bus_ram_check(m.bus, 12345, 0), 0); /* empty */
    /* Crossing a page boundary inside RAM is fine. */
    assert_int_equal(bus_ram_write(m.bus, TL_RAM_BASE + 0xffe, buf, 4), 0);
    uint32_t v;
    assert_int_equal(bus_ram_read_le32(m.bus, TL_RAM_BASE + 0xffe, &v), 0);
    assert_true(v == 0x030201);
    assert_int_equal(bus_ram_write_le16(m.bus, TL_RAM_BASE, 0xbeef), 0);
    assert_int_equal(m.ram[0], 0xef);
    assert_int_equal(m.ram[1], 0xbe);
    tl_machine_fini(&m);
}

static uint8_t *g_pages[4];

static uint8_t *paged(void *opaque, uint64_t page)
{
    (void)opaque;
    uint64_t n = (page - 0x100000) >> 12;
    return n < 4 ? g_pages[n] : NULL;
}

static void test_paged_ram_write_is_all_or_nothing(void **state)
{
    (void)state;
    struct bus *bus = bus_new();
    uint8_t p0[4096] = {0}, p2[4096] = {0};
    g_pages[0] = p0;
    g_pages[1] = NULL; /* a hole in the backing */
    g_pages[2] = p2;
    g_pages[3] = NULL;
    assert_int_equal(bus_add_ram(bus, 0x100000, 0x4000, NULL, paged, NULL),
                     0);
    uint8_t data[8] = {9, 9, 9, 9, 9, 9, 9, 9};
    assert_int_equal(bus_ram_write(bus, 0x100ffc, data, 8), BUS_E_RANGE);
    assert_int_equal(p0[0xffc], 0); /* nothing written */
    assert_int_equal(bus_ram_write(bus, 0x102000, data, 8), 0);
    assert_int_equal(p2[7], 9);
    bus_free(bus);
}

struct touch_log {
    unsigned n;
    uint64_t gpa;
    int write, dma;
};

static void on_touch(void *opaque, uint64_t gpa, int is_write, int by_dma)
{
    struct touch_log *t = opaque;
    t->n++;
    t->gpa = gpa;
    t->write = is_write;
    t->dma = by_dma;
}

static void test_balloon_markers_discard_and_report(void **state)
{
    (void)state;
    struct tl_machine m;
    struct touch_log t = {0};
    assert_int_equal(tl_machine_init(&m, 0x8000), 0);
    bus_set_balloon_touch_cb(m.bus, on_touch, &t);
    memset(m.ram, 0xaa, 0x8000);
    uint64_t pg = TL_RAM_BASE + 0x3000;
    assert_int_equal(bus_ram_set_ballooned(m.bus, pg + 5, 1, 1), 1);
    assert_int_equal(bus_ram_set_ballooned(m.bus, pg, 1, 1), 0); /* again */
    assert_int_equal(m.ram[0x3000], 0);     /* discarded */
    assert_int_equal(m.ram[0x3fff], 0);
    assert_int_equal(m.ram[0x4000], 0xaa);  /* neighbour intact */
    assert_int_equal(m.changes, 1);
    assert_true(bus_ram_is_ballooned(m.bus, pg + 0xfff));
    assert_false(bus_ram_is_ballooned(m.bus, pg + 0x1000));
    assert_int_equal(bus_ram_set_ballooned(m.bus, 0x1000, 1, 1), BUS_E_RANGE);
    /* DMA touching it is reported, and still performed. */
    uint8_t b[16];
    assert_int_equal(bus_ram_read(m.bus, pg - 8, b, 16), 0);
    assert_int_equal(t.n, 1);
    assert_true(t.gpa == pg);
    assert_int_equal(t.dma, 1);
    assert_int_equal(t.write, 0);
    /* CPU touches are counted per page, even past RAM. */
    assert_int_equal(bus_ram_touch(m.bus, pg + 0x10, 8, 1), 1);
    assert_int_equal(t.dma, 0);
    assert_int_equal(t.write, 1);
    assert_int_equal(bus_ram_touch(m.bus, TL_RAM_BASE, UINT64_MAX, 0), 1);
    /* Iteration in address order. */
    bus_ram_set_ballooned(m.bus, TL_RAM_BASE + 0x7000, 1, 0);
    uint64_t p;
    assert_int_equal(bus_ram_next_ballooned(m.bus, 0, &p), 1);
    assert_true(p == pg);
    assert_int_equal(bus_ram_next_ballooned(m.bus, pg + 1, &p), 1);
    assert_true(p == TL_RAM_BASE + 0x7000);
    assert_int_equal(bus_ram_next_ballooned(m.bus, p + 1, &p), 0);
    assert_int_equal(bus_ram_set_ballooned(m.bus, pg, 0, 0), 1);
    assert_int_equal(m.bus->n_ballooned, 1);
    tl_machine_fini(&m);
}

static void test_irq_line_calls_receiver_with_level(void **state)
{
    (void)state;
    struct tl_irq t;
    tl_irq_init(&t);
    irq_set(&t.line, 5);
    assert_int_equal(t.level, 1);
    irq_set(&t.line, 0);
    irq_pulse(&t.line);
    assert_int_equal(t.level, 0);
    assert_int_equal(t.raises, 2);
    irq_set(NULL, 1); /* unconnected: ignored */
    struct irq_line none = {0};
    irq_set(&none, 1);
    assert_string_equal(bus_strerror(BUS_E_RANGE),
                        "range not inside guest RAM");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mmio_dispatch_passes_offset_and_size),
        cmocka_unit_test(test_mmio_rejects_bad_size_alignment_and_unmapped),
        cmocka_unit_test(test_mapping_overlaps_are_refused),
        cmocka_unit_test(test_ram_access_is_bounds_checked),
        cmocka_unit_test(test_paged_ram_write_is_all_or_nothing),
        cmocka_unit_test(test_balloon_markers_discard_and_report),
        cmocka_unit_test(test_irq_line_calls_receiver_with_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
