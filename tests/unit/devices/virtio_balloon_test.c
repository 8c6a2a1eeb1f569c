/*
 * virtio_balloon_test.c — devices/virtio_balloon.c driven the way Linux's
 * virtio_balloon driver drives it: identity and switchable features,
 * inflate (pages marked, discarded, acknowledged), deflate with the OOM
 * inference and hint, violations by CPU and DMA, target changes with the
 * config interrupt, the stats protocol (held buffer, request, tags 0-15,
 * unknown tags, an extra buffer), bad buffers, reset, save/load, options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/virtio_balloon.h"
#include "tests/unit/devices/dev_testlib.h"

#define RAM_SIZE 0x40000ull /* 64 pages */
#define PAGE(n) (TL_RAM_BASE + 0x1000ull * (n))
#define PFN(n) ((uint32_t)(PAGE(n) >> 12))
#define BUF_AT PAGE(16) /* driver buffers live in pages 16.. */

#define F_MTH (1ull << VIRTIO_BALLOON_F_MUST_TELL_HOST)
#define F_STATS (1ull << VIRTIO_BALLOON_F_STATS_VQ)
#define F_OOM (1ull << VIRTIO_BALLOON_F_DEFLATE_ON_OOM)
#define F_V1 (1ull << VIRTIO_F_VERSION_1)

struct fix {
    struct tl_machine m;
    struct tl_irq irq;
    struct tl_events ev;
    struct balloon *b;
    struct tl_vq q[3];
    uint64_t buf_next;
};

static struct fix *fix_new_cfg(const struct balloon_config *cfg)
{
    struct fix *f = calloc(1, sizeof *f);
    assert_int_equal(tl_machine_init(&f->m, RAM_SIZE), 0);
    tl_irq_init(&f->irq);
    struct balloon_params p = {"balloon0", *cfg, f->m.bus, &f->irq.line,
                               tl_event_cb, &f->ev};
    f->b = balloon_new(&p);
    assert_non_null(f->b);
    assert_int_equal(bus_map_mmio(f->m.bus, TL_MMIO_BASE, VMMIO_SIZE,
                                  balloon_read, balloon_write, f->b,
                                  "balloon"),
                     0);
    f->buf_next = BUF_AT;
    return f;
}

static struct fix *fix_new(void)
{
    struct balloon_config cfg;
    balloon_config_default(&cfg);
    cfg.deflate_on_oom = 1;
    return fix_new_cfg(&cfg);
}

/* The Linux driver's init: negotiate, queues, (stats buffer), DRIVER_OK. */
static void start(struct fix *f, uint64_t features)
{
    assert_true(tl_negotiate(&f->m, features | F_V1) &
                VIRTIO_CONFIG_S_FEATURES_OK);
    tl_vq_setup(&f->m, &f->q[0], 0, 8, PAGE(1));
    tl_vq_setup(&f->m, &f->q[1], 1, 8, PAGE(3));
    if (features & F_STATS)
        tl_vq_setup(&f->m, &f->q[2], 2, 8, PAGE(5));
    tl_driver_ok(&f->m);
}

static void fix_free(struct fix *f)
{
    balloon_free(f->b);
    tl_machine_fini(&f->m);
    free(f);
}

/* Post an array of pfns to queue q. */
static void post_pfns(struct fix *f, unsigned q, const uint32_t *pfns,
                      unsigned n)
{
    uint64_t at = f->buf_next;
    for (unsigned i = 0; i < n; i++)
        tl_put32(&f->m, at + 4 * i, pfns[i]);
    f->buf_next += 4 * n + 16;
    tl_post(&f->m, &f->q[q], at, 4 * n);
}

static uint32_t cfg_rd(struct fix *f, unsigned off)
{
    return tl_mr(&f->m, VIRTIO_MMIO_CONFIG + off);
}

static void test_identity_and_switchable_features(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BALLOON);
    tl_mw(&f->m, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_DEVICE_FEATURES),
                     F_MTH | F_STATS | F_OOM);
    tl_mw(&f->m, VIRTIO_MMIO_QUEUE_SEL, 2);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_QUEUE_NUM_MAX),
                     BALLOON_QUEUE_NUM_MAX);
    tl_mw(&f->m, VIRTIO_MMIO_QUEUE_SEL, 3);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    fix_free(f);

    struct balloon_config cfg = {0, 0, 0, 0};
    f = fix_new_cfg(&cfg);
    tl_mw(&f->m, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_DEVICE_FEATURES), 0);
    tl_mw(&f->m, VIRTIO_MMIO_QUEUE_SEL, 2); /* no statsq without STATS_VQ */
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    /* A feature that is not offered cannot be accepted. */
    assert_false(tl_negotiate(&f->m, F_V1 | F_OOM) &
                 VIRTIO_CONFIG_S_FEATURES_OK);
    fix_free(f);
}

static void test_inflate_takes_and_discards_pages(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    memset(tl_ptr(&f->m, PAGE(40)), 0x5a, 0x2000);
    uint32_t pfns[] = {PFN(40), PFN(41), 0x10, PFN(40)};
    post_pfns(f, 0, pfns, 4);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_INFLATE);
    assert_non_null(e);
    assert_int_equal(e->n_pfns, 4);
    assert_memory_equal(e->pfns, pfns, sizeof pfns);
    assert_int_equal(e->c, 2); /* outside RAM; already in the balloon */
    assert_int_equal(f->b->pages, 2);
    assert_true(bus_ram_is_ballooned(f->m.bus, PAGE(40)));
    assert_true(bus_ram_is_ballooned(f->m.bus, PAGE(41) + 0xfff));
    assert_int_equal(tl_ptr(&f->m, PAGE(40))[7], 0);     /* discarded */
    assert_int_equal(tl_ptr(&f->m, PAGE(41))[0xfff], 0);
    assert_int_equal(f->m.changes, 2);
    /* Acknowledged by using the buffer, with nothing written. */
    assert_int_equal(tl_used_idx(&f->m, &f->q[0]), 1);
    uint32_t id, len;
    tl_used_elem(&f->m, &f->q[0], 0, &id, &len);
    assert_int_equal(len, 0);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_INTERRUPT_STATUS),
                     VIRTIO_MMIO_INT_VRING);
    assert_int_equal(f->irq.level, 1);
    fix_free(f);
}

static void test_deflate_flags_oom_when_below_target(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    balloon_set_target(f->b, 3);
    uint32_t in[] = {PFN(40), PFN(41), PFN(42)};
    post_pfns(f, 0, in, 3);
    /* The host lowers the target: a requested deflate. */
    balloon_set_target(f->b, 2);
    uint32_t out1[] = {PFN(42)};
    post_pfns(f, 1, out1, 1);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_DEFLATE);
    assert_int_equal(e->a, 0);
    assert_false(bus_ram_is_ballooned(f->m.bus, PAGE(42)));
    /* The guest deflates below the target on its own: the OOM path. */
    uint32_t out2[] = {PFN(41), PFN(50)};
    post_pfns(f, 1, out2, 2);
    e = tl_last(&f->ev, DEV_EV_BALLOON_DEFLATE);
    assert_int_equal(e->a, BALLOON_DEFL_OOM);
    assert_int_equal(e->c, 1); /* page 50 was not in the balloon */
    assert_int_equal(f->b->pages, 1);
    /* The machine says the guest is in its OOM notifier. */
    balloon_set_target(f->b, 0);
    balloon_hint_oom(f->b);
    uint32_t out3[] = {PFN(40)};
    post_pfns(f, 1, out3, 1);
    e = tl_last(&f->ev, DEV_EV_BALLOON_DEFLATE);
    assert_int_equal(e->a, BALLOON_DEFL_OOM | BALLOON_DEFL_HINT);
    assert_int_equal(f->b->oom_hint, 0); /* used up */
    assert_int_equal(tl_used_idx(&f->m, &f->q[1]), 3);
    fix_free(f);
}

static void test_unrequested_deflate_without_feature_is_flagged(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH); /* DEFLATE_ON_OOM offered but not accepted */
    balloon_set_target(f->b, 1);
    uint32_t pfn[] = {PFN(40)};
    post_pfns(f, 0, pfn, 1);
    post_pfns(f, 1, pfn, 1);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_DEFLATE);
    assert_int_equal(e->a, BALLOON_DEFL_OOM | BALLOON_DEFL_NOT_NEGOTIATED);
    fix_free(f);
}

static void test_violations_by_cpu_and_dma_are_reported(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    uint32_t pfn[] = {PFN(40)};
    post_pfns(f, 0, pfn, 1);
    /* The machine reports a CPU write into the ballooned page. */
    assert_int_equal(bus_ram_touch(f->m.bus, PAGE(40) + 0x10, 8, 1), 1);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_VIOLATION);
    assert_non_null(e);
    assert_true(e->a == PAGE(40) + 0x10);
    assert_int_equal(e->b, PFN(40));
    assert_int_equal(e->c, BALLOON_VIOL_WRITE | BALLOON_VIOL_MUST_TELL_HOST);
    /* The driver hands the device a buffer inside the ballooned page. */
    tl_put32(&f->m, PAGE(40), PFN(41));
    tl_post(&f->m, &f->q[0], PAGE(40), 4);
    e = tl_last(&f->ev, DEV_EV_BALLOON_VIOLATION);
    assert_int_equal(e->c, BALLOON_VIOL_DMA | BALLOON_VIOL_MUST_TELL_HOST);
    assert_int_equal(f->b->violations, 2);
    /* Without MUST_TELL_HOST the flag says "maybe legal". */
    tl_mw(&f->m, VIRTIO_MMIO_STATUS, 0);
    start(f, F_STATS);
    post_pfns(f, 0, pfn, 1);
    bus_ram_touch(f->m.bus, PAGE(40), 1, 0);
    e = tl_last(&f->ev, DEV_EV_BALLOON_VIOLATION);
    assert_int_equal(e->c, 0);
    fix_free(f);
}

static void test_target_change_raises_config_interrupt(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    uint32_t gen = tl_mr(&f->m, VIRTIO_MMIO_CONFIG_GENERATION);
    balloon_set_target(f->b, 0x1234);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_TARGET);
    assert_int_equal(e->a, 0x1234);
    assert_int_equal(e->b, 0);
    assert_int_equal(cfg_rd(f, 0), 0x1234);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
    assert_int_equal(tl_mr(&f->m, VIRTIO_MMIO_INTERRUPT_STATUS),
                     VIRTIO_MMIO_INT_CONFIG);
    tl_mw(&f->m, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
    balloon_set_target(f->b, 0x1234); /* unchanged: no interrupt */
    assert_int_equal(f->irq.level, 0);
    assert_int_equal(tl_count(&f->ev, DEV_EV_BALLOON_TARGET), 2);
    /* The driver writes actual; num_pages is not the driver's. */
    tl_mw(&f->m, VIRTIO_MMIO_CONFIG + 4, 77);
    tl_mw(&f->m, VIRTIO_MMIO_CONFIG + 0, 5);
    assert_int_equal(cfg_rd(f, 4), 77);
    assert_int_equal(cfg_rd(f, 0), 0x1234);
    uint64_t v;
    bus_mmio_read(f->m.bus, TL_MMIO_BASE + VIRTIO_MMIO_CONFIG + 1, 1, &v);
    assert_true(v == 0x12);
    fix_free(f);
}

/* Write a stats buffer: n entries of (tag, val). */
static uint64_t put_stats(struct fix *f, const uint16_t *tags,
                          const uint64_t *vals, unsigned n)
{
    uint64_t at = f->buf_next;
    for (unsigned i = 0; i < n; i++) {
        tl_put16(&f->m, at + 10 * i, tags[i]);
        tl_put64(&f->m, at + 10 * i + 2, vals[i]);
    }
    f->buf_next += 10 * n + 16;
    return at;
}

static void test_stats_protocol(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    assert_true(tl_negotiate(&f->m, F_V1 | F_MTH | F_STATS) &
                VIRTIO_CONFIG_S_FEATURES_OK);
    tl_vq_setup(&f->m, &f->q[0], 0, 8, PAGE(1));
    tl_vq_setup(&f->m, &f->q[1], 1, 8, PAGE(3));
    tl_vq_setup(&f->m, &f->q[2], 2, 8, PAGE(5));
    /* Linux primes the statsq with a filled buffer before DRIVER_OK. */
    uint16_t tags[] = {VIRTIO_BALLOON_S_MEMFREE, VIRTIO_BALLOON_S_MEMTOT,
                       99, VIRTIO_BALLOON_S_OOM_KILL,
                       VIRTIO_BALLOON_S_ALLOC_STALL,
                       VIRTIO_BALLOON_S_ASYNC_SCAN,
                       VIRTIO_BALLOON_S_DIRECT_SCAN,
                       VIRTIO_BALLOON_S_ASYNC_RECLAIM,
                       VIRTIO_BALLOON_S_DIRECT_RECLAIM};
    uint64_t vals[] = {1000, 4000, 5, 3, 11, 12, 13, 14, 15};
    uint64_t at = put_stats(f, tags, vals, 9);
    tl_post(&f->m, &f->q[2], at, 9 * 10 + 4); /* trailing bytes ignored */
    assert_int_equal(tl_count(&f->ev, DEV_EV_BALLOON_STATS), 0);
    tl_driver_ok(&f->m);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_STATS);
    assert_non_null(e);
    assert_int_equal(e->a, 0xfc30); /* tags 4, 5, 10-15 */
    assert_int_equal(e->b, 9);
    assert_int_equal(e->c, 1);      /* tag 99 ignored */
    assert_int_equal(e->stats[VIRTIO_BALLOON_S_MEMTOT], 4000);
    assert_int_equal(e->stats[VIRTIO_BALLOON_S_DIRECT_RECLAIM], 15);
    /* The device keeps the buffer... */
    assert_int_equal(tl_used_idx(&f->m, &f->q[2]), 0);
    /* ...and returns it to ask for new statistics. */
    assert_int_equal(balloon_request_stats(f->b), 1);
    assert_int_equal(tl_used_idx(&f->m, &f->q[2]), 1);
    assert_int_equal(f->irq.level, 1);
    assert_int_equal(balloon_request_stats(f->b), 0); /* none held */
    uint16_t t2[] = {VIRTIO_BALLOON_S_MEMFREE};
    uint64_t v2[] = {900};
    tl_post(&f->m, &f->q[2], put_stats(f, t2, v2, 1), 10);
    e = tl_last(&f->ev, DEV_EV_BALLOON_STATS);
    assert_int_equal(e->a, 1u << VIRTIO_BALLOON_S_MEMFREE);
    assert_int_equal(e->stats[VIRTIO_BALLOON_S_MEMFREE], 900);
    assert_int_equal(e->stats[VIRTIO_BALLOON_S_MEMTOT], 4000); /* kept */
    assert_int_equal(f->b->stats_valid, 0xfc30);
    fix_free(f);
}

static void test_stats_second_buffer_returns_the_first(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS);
    uint16_t t[] = {VIRTIO_BALLOON_S_SWAP_IN};
    uint64_t v[] = {1};
    uint16_t h1 = tl_post(&f->m, &f->q[2], put_stats(f, t, v, 1), 10);
    tl_post(&f->m, &f->q[2], put_stats(f, t, v, 1), 10);
    assert_int_equal(tl_used_idx(&f->m, &f->q[2]), 1);
    uint32_t id, len;
    tl_used_elem(&f->m, &f->q[2], 0, &id, &len);
    assert_int_equal(id, h1);
    assert_int_equal(tl_count(&f->ev, DEV_EV_BALLOON_STATS), 2);
    fix_free(f);
}

static void test_stats_request_needs_negotiated_stats(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH); /* STATS_VQ offered, not accepted */
    assert_int_equal(balloon_request_stats(f->b), 0);
    fix_free(f);
}

static void test_bad_pfn_buffer_needs_reset_and_takes_nothing(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    tl_post(&f->m, &f->q[0], TL_RAM_BASE + RAM_SIZE - 8, 16);
    assert_true(tl_mr(&f->m, VIRTIO_MMIO_STATUS) &
                VIRTIO_CONFIG_S_NEEDS_RESET);
    assert_non_null(tl_last(&f->ev, DEV_EV_VIRTIO_ERROR));
    assert_int_equal(tl_count(&f->ev, DEV_EV_BALLOON_INFLATE), 0);
    assert_int_equal(f->b->pages, 0);
    assert_int_equal(f->m.bus->n_ballooned, 0);
    fix_free(f);
}

static void test_reset_gives_every_page_back(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    balloon_set_target(f->b, 3);
    uint32_t pfns[] = {PFN(40), PFN(41), PFN(50)};
    post_pfns(f, 0, pfns, 3);
    tl_mw(&f->m, VIRTIO_MMIO_CONFIG + 4, 3);
    tl_mw(&f->m, VIRTIO_MMIO_STATUS, 0);
    const struct tl_event *e = tl_last(&f->ev, DEV_EV_BALLOON_DEFLATE);
    assert_non_null(e);
    assert_int_equal(e->a, BALLOON_DEFL_RESET);
    assert_int_equal(e->n_pfns, 3);
    assert_memory_equal(e->pfns, pfns, sizeof pfns);
    assert_int_equal(f->b->pages, 0);
    assert_int_equal(f->m.bus->n_ballooned, 0);
    assert_int_equal(cfg_rd(f, 0), 3); /* the host's target stays */
    assert_int_equal(cfg_rd(f, 4), 0);
    fix_free(f);
}

static void test_save_load_restores_pages_and_rings(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    start(f, F_MTH | F_STATS | F_OOM);
    balloon_set_target(f->b, 4);
    uint32_t pfns[] = {PFN(40), PFN(41), PFN(42), PFN(60)};
    post_pfns(f, 0, pfns, 4);
    uint16_t t[] = {VIRTIO_BALLOON_S_AVAIL};
    uint64_t v[] = {77};
    tl_post(&f->m, &f->q[2], put_stats(f, t, v, 1), 10);
    size_t len;
    assert_int_equal(balloon_save(f->b, NULL, 0, &len), DEV_E_NOSPACE);
    uint8_t *buf = malloc(len), *bad = malloc(len);
    assert_int_equal(balloon_save(f->b, buf, len, &len), 0);
    balloon_reset(f->b);
    assert_int_equal(f->m.bus->n_ballooned, 0);
    assert_int_equal(balloon_load(f->b, buf, len), 0);
    assert_int_equal(f->b->pages, 4);
    assert_true(bus_ram_is_ballooned(f->m.bus, PAGE(42)));
    assert_true(bus_ram_is_ballooned(f->m.bus, PAGE(60)));
    assert_int_equal(f->b->stats[VIRTIO_BALLOON_S_AVAIL], 77);
    /* The queues carry on: deflate and request stats. */
    uint32_t out[] = {PFN(60)};
    balloon_set_target(f->b, 3);
    post_pfns(f, 1, out, 1);
    assert_int_equal(f->b->pages, 3);
    assert_int_equal(balloon_request_stats(f->b), 1);
    /* Same state, same bytes. */
    assert_int_equal(balloon_load(f->b, buf, len), 0);
    uint8_t *again = malloc(len);
    size_t len2;
    assert_int_equal(balloon_save(f->b, again, len, &len2), 0);
    assert_int_equal(len2, len);
    assert_memory_equal(again, buf, len);
    /* Runs: 2 (40-42 and 60) at the end of the buffer. */
    size_t runs_at = len - 8 - 2 * 16;
    memcpy(bad, buf, len);
    bad[runs_at + 8 + 16 + 8] = 0x40; /* second run's count: past RAM */
    assert_int_equal(balloon_load(f->b, bad, len), DEV_E_STATE);
    memcpy(bad, buf, len);
    memcpy(bad + runs_at + 8 + 16, bad + runs_at + 8, 8); /* overlap */
    assert_int_equal(balloon_load(f->b, bad, len), DEV_E_STATE);
    memcpy(bad, buf, len);
    bad[runs_at + 8] |= 1; /* unaligned start */
    assert_int_equal(balloon_load(f->b, bad, len), DEV_E_STATE);
    assert_int_equal(balloon_load(f->b, buf, len - 1), DEV_E_STATE);
    assert_int_equal(f->b->pages, 4); /* unchanged by the failures */
    assert_int_equal(f->m.bus->n_ballooned, 4);
    free(buf);
    free(bad);
    free(again);
    fix_free(f);
}

static void test_save_load_with_runs_across_adjacent_ram_ranges(void **state)
{
    (void)state;
    struct fix *f = fix_new();
    uint8_t *hi = calloc(1, 0x4000); /* a second range right after RAM */
    assert_int_equal(bus_add_ram(f->m.bus, TL_RAM_BASE + RAM_SIZE, 0x4000,
                                 hi, NULL, NULL),
                     0);
    bus_set_written_cb(f->m.bus, NULL, NULL); /* tl_written knows one range */
    start(f, F_MTH | F_STATS | F_OOM);
    uint32_t pfns[] = {PFN(62), PFN(63), PFN(64), PFN(65)};
    post_pfns(f, 0, pfns, 4);
    assert_int_equal(f->b->pages, 4);
    uint8_t buf[2048];
    size_t len;
    assert_int_equal(balloon_save(f->b, buf, sizeof buf, &len), 0);
    assert_int_equal(balloon_load(f->b, buf, len), 0);
    assert_int_equal(f->b->pages, 4);
    assert_true(bus_ram_is_ballooned(f->m.bus, PAGE(64)));
    balloon_free(f->b);
    f->b = NULL;
    tl_machine_fini(&f->m);
    free(f);
    free(hi);
}

static void test_parse_balloon_options(void **state)
{
    (void)state;
    struct balloon_config c;
    char err[200];
    balloon_config_default(&c);
    assert_int_equal(c.must_tell_host, 1);
    assert_int_equal(c.deflate_on_oom, 0);
    assert_int_equal(balloon_parse_opts("deflate-on-oom=on,must-tell-host=on,"
                                        "stats-interval=1s",
                                        &c, err, sizeof err),
                     0);
    assert_int_equal(c.deflate_on_oom, 1);
    assert_true(c.stats_interval_ns == 1000000000ull);
    assert_int_equal(balloon_parse_opts("stats=off", &c, err, sizeof err),
                     DEV_E_INVAL); /* interval still set */
    assert_int_equal(balloon_parse_opts("stats-interval=0,stats=off,"
                                        "must-tell-host=off",
                                        &c, err, sizeof err),
                     0);
    assert_int_equal(c.stats, 0);
    assert_int_equal(c.must_tell_host, 0);
    assert_int_equal(balloon_parse_opts("stats-interval=250ms", &c, err,
                                        sizeof err),
                     0);
    assert_true(c.stats_interval_ns == 250000000ull);
    assert_int_equal(c.stats, 1);
    assert_int_equal(balloon_parse_opts("stats-interval=7", &c, NULL, 0), 0);
    assert_true(c.stats_interval_ns == 7000000000ull);
    const char *bad[] = {"deflate-on-oom=yes", "bogus=on", "stats",
                         "stats-interval=1h", "stats-interval=ms",
                         "stats-interval=99999999999999999999s"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct balloon_config before = c;
        err[0] = 0;
        assert_int_equal(balloon_parse_opts(bad[i], &c, err, sizeof err),
                         DEV_E_INVAL);
        assert_non_null(strstr(err, "--balloon"));
        assert_int_equal(before.stats, c.stats); /* *cfg untouched */
        assert_true(before.stats_interval_ns == c.stats_interval_ns);
        assert_int_equal(before.deflate_on_oom, c.deflate_on_oom);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_and_switchable_features),
        cmocka_unit_test(test_inflate_takes_and_discards_pages),
        cmocka_unit_test(test_deflate_flags_oom_when_below_target),
        cmocka_unit_test(test_unrequested_deflate_without_feature_is_flagged),
        cmocka_unit_test(test_violations_by_cpu_and_dma_are_reported),
        cmocka_unit_test(test_target_change_raises_config_interrupt),
        cmocka_unit_test(test_stats_protocol),
        cmocka_unit_test(test_stats_second_buffer_returns_the_first),
        cmocka_unit_test(test_stats_request_needs_negotiated_stats),
        cmocka_unit_test(test_bad_pfn_buffer_needs_reset_and_takes_nothing),
        cmocka_unit_test(test_reset_gives_every_page_back),
        cmocka_unit_test(test_save_load_restores_pages_and_rings),
        cmocka_unit_test(test_save_load_with_runs_across_adjacent_ram_ranges),
        cmocka_unit_test(test_parse_balloon_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
