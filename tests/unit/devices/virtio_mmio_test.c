/*
 * virtio_mmio_test.c — devices/virtio_mmio.c against a small echo device
 * (copies each chain's readable bytes into its writable part): identity
 * registers, feature negotiation, queue setup checks, ring handling (used
 * ring, interrupts, suppression, deferral before DRIVER_OK), every kind of
 * bad ring or descriptor (DEVICE_NEEDS_RESET, config interrupt, event,
 * nothing consumed), config space access and generation, reset, save/load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/devices/dev_testlib.h"

#define ECHO_ID 0x42
#define ECHO_F_X 0 /* the one device feature offered */

struct echo {
    struct vmmio vm;
    uint8_t cfg[12];
    unsigned resets, notifies;
    struct vmmio_chain chain;
};

static uint32_t echo_qmax(void *dev, unsigned q)
{
    (void)dev;
    return q == 0 ? 8 : q == 1 ? 4 : 0;
}

static uint32_t echo_cfg_read(void *dev, uint32_t off, unsigned size)
{
    struct echo *e = dev;
    uint32_t v = 0;
    for (unsigned i = size; i-- > 0;)
        v = v << 8 | e->cfg[off + i];
    return v;
}

static void echo_cfg_write(void *dev, uint32_t off, uint32_t val,
                           unsigned size)
{
    struct echo *e = dev;
    for (unsigned i = 0; i < size; i++, val >>= 8)
        e->cfg[off + i] = (uint8_t)val;
}

static void echo_notify(void *dev, unsigned q)
{
    struct echo *e = dev;
    int used = 0;
    e->notifies++;
    while (vmmio_pop(&e->vm, q, &e->chain) == 1) {
        uint8_t buf[256];
        long n = vmmio_chain_read(&e->vm, &e->chain, 0, buf, sizeof buf);
        if (n < 0)
            return;
        long w = vmmio_chain_write(&e->vm, &e->chain, 0, buf, (size_t)n);
        if (w < 0)
            return;
        vmmio_push(&e->vm, q, e->chain.head, (uint32_t)w);
        used = 1;
    }
    if (used)
        vmmio_notify(&e->vm, q);
}

static void echo_reset(void *dev)
{
    struct echo *e = dev;
    e->resets++;
}

static const struct vmmio_device_ops echo_ops = {
    ECHO_ID, 2, sizeof(((struct echo *)0)->cfg), echo_qmax, echo_cfg_read,
    echo_cfg_write, echo_notify, echo_reset, NULL};

static uint64_t echo_read(void *opaque, uint64_t off, unsigned size)
{
    return vmmio_read(&((struct echo *)opaque)->vm, off, size);
}

static void echo_write(void *opaque, uint64_t off, uint64_t val, unsigned sz)
{
    vmmio_write(&((struct echo *)opaque)->vm, off, val, sz);
}

struct fix {
    struct tl_machine m;
    struct tl_irq irq;
    struct tl_events ev;
    struct echo e;
    struct tl_vq vq;
};

#define VQ_AT (TL_RAM_BASE + 0x1000)
#define BUF_AT (TL_RAM_BASE + 0x4000)
#define F_ALL ((1ull << VIRTIO_F_VERSION_1) | 1ull << ECHO_F_X)

static struct fix *fix_new(void)
{
    struct fix *f = calloc(1, sizeof *f);
    assert_int_equal(tl_machine_init(&f->m, 0x8000), 0);
    tl_irq_init(&f->irq);
    struct vmmio_config c = {"echo0", &echo_ops, &f->e, 1ull << ECHO_F_X,
                             f->m.bus, &f->irq.line, tl_event_cb, &f->ev};
    assert_int_equal(vmmio_init(&f->e.vm, &c), 0);
    assert_int_equal(bus_map_mmio(f->m.bus, TL_MMIO_BASE, VMMIO_SIZE,
                                  echo_read, echo_write, &f->e, "echo"),
                     0);
    return f;
}

/* Negotiated, queue 0 of 8 ready, DRIVER_OK. */
static struct fix *fix_running(void)
{
    struct fix *f = fix_new();
    tl_negotiate(&f->m, F_ALL);
    tl_vq_setup(&f->m, &f->vq, 0, 8, VQ_AT);
    tl_driver_ok(&f->m);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_STATUS) & 0x4f,
                     VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                         VIRTIO_CONFIG_S_FEATURES_OK |
                         VIRTIO_CONFIG_S_DRIVER_OK);
    return f;
}

static void fix_free(struct fix *f)
{
    vmmio_fini(&f->e.vm);
    tl_machine_fini(&f->m);
    free(f);
}

static int needs_reset(struct fix *f)
{
    return (tl_mr(&f->m, VIRTIO_MMIO_STATUS) &
            VIRTIO_CONFIG_S_NEEDS_RESET) != 0;
}

static void test_identity_registers(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    struct tl_machine *m = &f->m;
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_DEVICE_ID), ECHO_ID);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_VENDOR_ID), VMMIO_VENDOR_ID);
    tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, 1);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_QUEUE_NUM_MAX), 4);
    tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, 2);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_QUEUE_READY), 0);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_SHM_BASE_HIGH), 0xffffffff);
    /* Control registers only take aligned 32-bit accesses. */
    uint64_t v;
    bus_mmio_read(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_MAGIC_VALUE, 2, &v);
    assert_true(v == 0);
    fix_free(f);
}

static void test_feature_negotiation(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    struct tl_machine *m = &f->m;
    tl_mw(m, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_DEVICE_FEATURES), 1u << ECHO_F_X);
    tl_mw(m, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_DEVICE_FEATURES), 1); /* bit 32 */
    tl_mw(m, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_DEVICE_FEATURES), 0);
    /* Without VERSION_1, or with a feature not offered: refused. */
    assert_false(tl_negotiate(m, 1ull << ECHO_F_X) &
                 VIRTIO_CONFIG_S_FEATURES_OK);
    assert_false(tl_negotiate(m, F_ALL | 1ull << 5) &
                 VIRTIO_CONFIG_S_FEATURES_OK);
    /* DRIVER_OK without FEATURES_OK is not taken. */
    tl_mw(m, VIRTIO_MMIO_STATUS, 0x7);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_STATUS), 0x3);
    assert_true(tl_negotiate(m, 1ull << VIRTIO_F_VERSION_1) &
                VIRTIO_CONFIG_S_FEATURES_OK);
    assert_int_equal(vmmio_has_feature(&f->e.vm, ECHO_F_X), 0);
    /* Changing features after FEATURES_OK needs a reset. */
    tl_mw(m, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    tl_mw(m, VIRTIO_MMIO_DRIVER_FEATURES, 1u << ECHO_F_X);
    assert_int_equal(vmmio_has_feature(&f->e.vm, ECHO_F_X), 0);
    assert_true(tl_negotiate(m, F_ALL) & VIRTIO_CONFIG_S_FEATURES_OK);
    assert_int_equal(vmmio_has_feature(&f->e.vm, ECHO_F_X), 1);
    assert_true(vmmio_features(&f->e.vm) == F_ALL);
    fix_free(f);
}

static void test_queue_setup_is_validated(void **state)
{
    (void)state;
    struct {
        uint32_t num;
        uint64_t desc, avail, used;
        const char *why;
    } bad[] = {
        {6, VQ_AT, VQ_AT + 0x100, VQ_AT + 0x200, "power of 2"},
        {16, VQ_AT, VQ_AT + 0x100, VQ_AT + 0x200, "power of 2"},
        {8, VQ_AT + 8, VQ_AT + 0x100, VQ_AT + 0x200, "misaligned"},
        {8, VQ_AT, VQ_AT + 0x101, VQ_AT + 0x200, "misaligned"},
        {8, VQ_AT, VQ_AT + 0x100, VQ_AT + 0x202, "misaligned"},
        {8, TL_RAM_BASE + 0x8000 - 64, VQ_AT + 0x100, VQ_AT + 0x200,
         "outside"},
        {8, VQ_AT, VQ_AT + 0x100, TL_RAM_BASE + 0x8000 - 60, "outside"},
        {8, 0x1000, VQ_AT + 0x100, VQ_AT + 0x200, "outside"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct fix *f = fix_new();
        struct tl_machine *m = &f->m;
        tl_negotiate(m, F_ALL);
        tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, 0);
        tl_mw(m, VIRTIO_MMIO_QUEUE_NUM, bad[i].num);
        tl_mw(m, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)bad[i].desc);
        tl_mw(m, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(bad[i].desc >> 32));
        tl_mw(m, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)bad[i].avail);
        tl_mw(m, VIRTIO_MMIO_QUEUE_AVAIL_HIGH,
              (uint32_t)(bad[i].avail >> 32));
        tl_mw(m, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)bad[i].used);
        tl_mw(m, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(bad[i].used >> 32));
        tl_mw(m, VIRTIO_MMIO_QUEUE_READY, 1);
        assert_int_equal(tl_mr(m, VIRTIO_MMIO_QUEUE_READY), 0);
        assert_true(needs_reset(f));
        const struct tl_event *e = tl_last(&f->ev, DEV_EV_VIRTIO_ERROR);
        assert_non_null(e);
        assert_int_equal(e->a, 0);
        assert_non_null(strstr(e->msg, bad[i].why));
        /* Not DRIVER_OK yet: no configuration change interrupt. */
        assert_int_equal(tl_mr(m, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
        /* A reset clears it. */
        tl_mw(m, VIRTIO_MMIO_STATUS, 0);
        assert_int_equal(tl_mr(m, VIRTIO_MMIO_STATUS), 0);
        fix_free(f);
    }
}

static void test_chain_round_trip_through_used_ring(void **state)
{
    (void)state;
    struct fix *f = fix_running();
    struct tl_machine *m = &f->m;
    memcpy(tl_ptr(m, BUF_AT), "hello ", 6);
    memcpy(tl_ptr(m, BUF_AT + 0x100), "world", 5);
    tl_desc(m, &f->vq, 3, BUF_AT, 6, VRING_DESC_F_NEXT, 5);
    tl_desc(m, &f->vq, 5, BUF_AT + 0x100, 5, VRING_DESC_F_NEXT, 1);
    tl_desc(m, &f->vq, 1, BUF_AT + 0x200, 64, VRING_DESC_F_WRITE, 0);
    tl_avail(m, &f->vq, 3);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_int_equal(tl_used_idx(m, &f->vq), 1);
    uint32_t id, len;
    tl_used_elem(m, &f->vq, 0, &id, &len);
    assert_int_equal(id, 3);
    assert_int_equal(len, 11);
    assert_memory_equal(tl_ptr(m, BUF_AT + 0x200), "hello world", 11);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_INTERRUPT_STATUS),
                     VIRTIO_MMIO_INT_VRING);
    assert_int_equal(f->irq.level, 1);
    tl_mw(m, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    assert_int_equal(f->irq.level, 0);
    /* VRING_AVAIL_F_NO_INTERRUPT suppresses the notification. */
    tl_put16(m, f->vq.avail, VRING_AVAIL_F_NO_INTERRUPT);
    tl_desc(m, &f->vq, 0, BUF_AT + 0x300, 8, VRING_DESC_F_WRITE, 0);
    tl_avail(m, &f->vq, 0);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_int_equal(tl_used_idx(m, &f->vq), 2);
    assert_int_equal(f->irq.level, 0);
    /* The used ring wraps at the queue size. */
    tl_put16(m, f->vq.avail, 0);
    for (int i = 0; i < 10; i++) {
        tl_desc(m, &f->vq, 2, BUF_AT, 1, 0, 0);
        tl_avail(m, &f->vq, 2);
        tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    }
    assert_int_equal(tl_used_idx(m, &f->vq), 12);
    tl_used_elem(m, &f->vq, 11, &id, &len);
    assert_int_equal(id, 2);
    assert_false(needs_reset(f));
    fix_free(f);
}

static void test_bad_descriptors_need_reset_and_touch_nothing(void **state)
{
    (void)state;
    const uint64_t end = TL_RAM_BASE + 0x8000;
    struct {
        const char *why;
        int ndesc;
        struct { uint64_t addr; uint32_t len; uint16_t flags, next; } d[3];
        uint16_t head, avail_idx; /* avail_idx 0: just one entry */
    } cases[] = {
        {"outside guest RAM", 1, {{end - 4, 8, 0, 0}}, 0, 0},
        {"outside guest RAM", 1, {{0x10, 8, 0, 0}}, 0, 0},
        {"outside guest RAM", 1, {{UINT64_MAX - 3, 8, 0, 0}}, 0, 0},
        {"outside guest RAM", 1, {{TL_MMIO_BASE, 4, 0, 0}}, 0, 0},
        {"next index out of range", 1, {{BUF_AT, 8, VRING_DESC_F_NEXT, 8}},
         0, 0},
        {"loop", 2,
         {{BUF_AT, 8, VRING_DESC_F_NEXT, 1},
          {BUF_AT, 8, VRING_DESC_F_NEXT, 0}}, 0, 0},
        {"readable descriptor after a device-writable", 2,
         {{BUF_AT, 8, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1},
          {BUF_AT, 8, 0, 0}}, 0, 0},
        {"indirect", 1, {{BUF_AT, 16, VRING_DESC_F_INDIRECT, 0}}, 0, 0},
        {"available ring entry out of range", 1, {{BUF_AT, 8, 0, 0}}, 9, 0},
        {"moved by more than the queue size", 1, {{BUF_AT, 8, 0, 0}}, 0, 9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fix *f = fix_running();
        struct tl_machine *m = &f->m;
        for (int k = 0; k < cases[i].ndesc; k++)
            tl_desc(m, &f->vq, (uint16_t)k, cases[i].d[k].addr,
                    cases[i].d[k].len, cases[i].d[k].flags,
                    cases[i].d[k].next);
        tl_avail(m, &f->vq, cases[i].head);
        if (cases[i].avail_idx)
            tl_put16(m, f->vq.avail + 2, cases[i].avail_idx);
        uint64_t written = m->written;
        tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
        assert_true(needs_reset(f));
        const struct tl_event *e = tl_last(&f->ev, DEV_EV_VIRTIO_ERROR);
        assert_non_null(e);
        if (!strstr(e->msg, cases[i].why))
            fail_msg("case %zu: got '%s'", i, e->msg);
        assert_int_equal(e->a, 0);
        assert_int_equal(tl_used_idx(m, &f->vq), 0);
        assert_true(m->written == written); /* no DMA write at all */
        assert_int_equal(tl_mr(m, VIRTIO_MMIO_INTERRUPT_STATUS),
                         VIRTIO_MMIO_INT_CONFIG);
        assert_int_equal(f->irq.level, 1);
        /* Further notifies do nothing, and the error is reported once. */
        unsigned notifies = f->e.notifies;
        tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
        assert_int_equal(f->e.notifies, notifies);
        assert_int_equal(tl_count(&f->ev, DEV_EV_VIRTIO_ERROR), 1);
        /* Reset and re-initialise: works again. */
        tl_negotiate(m, F_ALL);
        tl_vq_setup(m, &f->vq, 0, 8, VQ_AT);
        tl_driver_ok(m);
        assert_false(needs_reset(f));
        tl_desc(m, &f->vq, 0, BUF_AT, 8, VRING_DESC_F_WRITE, 0);
        tl_avail(m, &f->vq, 0);
        tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
        assert_int_equal(tl_used_idx(m, &f->vq), 1);
        fix_free(f);
    }
}

static void test_notify_before_driver_ok_is_deferred(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    struct tl_machine *m = &f->m;
    tl_negotiate(m, F_ALL);
    tl_vq_setup(m, &f->vq, 0, 8, VQ_AT);
    tl_desc(m, &f->vq, 0, BUF_AT, 8, VRING_DESC_F_WRITE, 0);
    tl_avail(m, &f->vq, 0);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_int_equal(tl_used_idx(m, &f->vq), 0); /* §2.1.2 */
    tl_driver_ok(m);
    assert_int_equal(tl_used_idx(m, &f->vq), 1);
    fix_free(f);
}

static void test_queue_layout_is_frozen_while_ready(void **state)
{
    (void)state;
    struct fix *f = fix_running();
    struct tl_machine *m = &f->m;
    tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, 0);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NUM, 2);
    tl_mw(m, VIRTIO_MMIO_QUEUE_DESC_LOW, 0xdead0000);
    assert_int_equal(f->e.vm.q[0].num, 8);
    assert_true(f->e.vm.q[0].desc == VQ_AT);
    tl_mw(m, VIRTIO_MMIO_QUEUE_READY, 0);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_QUEUE_READY), 0);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NUM, 2);
    assert_int_equal(f->e.vm.q[0].num, 2);
    fix_free(f);
}

static void test_config_space_access_and_generation(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    struct tl_machine *m = &f->m;
    memcpy(f->e.cfg, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c", 12);
    uint64_t v;
    bus_mmio_read(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG + 1, 1, &v);
    assert_true(v == 0x02);
    bus_mmio_read(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG + 2, 2, &v);
    assert_true(v == 0x0403);
    bus_mmio_read(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG + 8, 4, &v);
    assert_true(v == 0x0c0b0a09);
    bus_mmio_read(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG + 12, 4, &v);
    assert_true(v == 0); /* past the config space */
    bus_mmio_read(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG, 8, &v);
    assert_true(v == 0); /* 8-byte accesses are not used (§4.2.2.2) */
    bus_mmio_write(m->bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG + 4, 2, 0xbbaa);
    assert_int_equal(f->e.cfg[4], 0xaa);
    assert_int_equal(f->e.cfg[5], 0xbb);
    uint32_t g = tl_mr(m, VIRTIO_MMIO_CONFIG_GENERATION);
    vmmio_config_changed(&f->e.vm);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_CONFIG_GENERATION), g + 1);
    assert_int_equal(f->irq.level, 0); /* no DRIVER_OK: no interrupt */
    tl_negotiate(m, F_ALL);
    tl_driver_ok(m);
    vmmio_config_changed(&f->e.vm);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_INTERRUPT_STATUS),
                     VIRTIO_MMIO_INT_CONFIG);
    assert_int_equal(f->irq.level, 1);
    fix_free(f);
}

static void test_reset_clears_queues_and_interrupts(void **state)
{
    (void)state;
    struct fix *f = fix_running();
    struct tl_machine *m = &f->m;
    vmmio_config_changed(&f->e.vm);
    assert_int_equal(f->irq.level, 1);
    unsigned resets = f->e.resets;
    tl_mw(m, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(f->e.resets, resets + 1);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_STATUS), 0);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    assert_int_equal(f->irq.level, 0);
    tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, 0);
    assert_int_equal(tl_mr(m, VIRTIO_MMIO_QUEUE_READY), 0);
    fix_free(f);
}

static void test_save_load_round_trip_and_rejects_bad(void **state)
{
    (void)state;
    struct fix *f = fix_running();
    struct tl_machine *m = &f->m;
    tl_desc(m, &f->vq, 0, BUF_AT, 8, VRING_DESC_F_WRITE, 0);
    tl_avail(m, &f->vq, 0);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    uint8_t buf[1024];
    struct dev_sw w;
    dev_sw_init(&w, buf, sizeof buf, 0x4f484345, 1);
    vmmio_save(&f->e.vm, &w);
    size_t len;
    assert_int_equal(dev_sw_finish(&w, &len), 0);
    tl_mw(m, VIRTIO_MMIO_STATUS, 0); /* lose everything */
    struct dev_sr r;
    struct vmmio loaded;
    dev_sr_init(&r, buf, len, 0x4f484345, 1);
    vmmio_load(&f->e.vm, &loaded, &r);
    assert_int_equal(dev_sr_finish(&r), 0);
    f->e.vm = loaded;
    vmmio_sync_irq(&f->e.vm);
    assert_int_equal(f->irq.level, 1);
    /* It carries on where it was: the next buffer is used entry 1. */
    tl_desc(m, &f->vq, 1, BUF_AT, 8, VRING_DESC_F_WRITE, 0);
    tl_avail(m, &f->vq, 1);
    tl_mw(m, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_int_equal(tl_used_idx(m, &f->vq), 2);
    /* A ring moved outside RAM, or a foreign feature set, is refused. */
    uint8_t bad[1024];
    memcpy(bad, buf, len);
    size_t q0 = 8 + 8 + 4 * 3 + 8 + 4 * 5; /* first queue record */
    bad[q0 + 8 + 7] = 0x7f;                /* desc address, high byte */
    dev_sr_init(&r, bad, len, 0x4f484345, 1);
    vmmio_load(&f->e.vm, &loaded, &r);
    assert_int_equal(dev_sr_finish(&r), DEV_E_STATE);
    memcpy(bad, buf, len);
    bad[8] ^= 1 << ECHO_F_X; /* offered features */
    dev_sr_init(&r, bad, len, 0x4f484345, 1);
    vmmio_load(&f->e.vm, &loaded, &r);
    assert_int_equal(dev_sr_finish(&r), DEV_E_STATE);
    fix_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_registers),
        cmocka_unit_test(test_feature_negotiation),
        cmocka_unit_test(test_queue_setup_is_validated),
        cmocka_unit_test(test_chain_round_trip_through_used_ring),
        cmocka_unit_test(test_bad_descriptors_need_reset_and_touch_nothing),
        cmocka_unit_test(test_notify_before_driver_ok_is_deferred),
        cmocka_unit_test(test_queue_layout_is_frozen_while_ready),
        cmocka_unit_test(test_config_space_access_and_generation),
        cmocka_unit_test(test_reset_clears_queues_and_interrupts),
        cmocka_unit_test(test_save_load_round_trip_and_rejects_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
