/*
 * ckpt_test.c — checkpoints (replay/ckpt.c): a restored checkpoint
 * replayed forward gives exactly the state digest of a straight replay at
 * the same icount, whatever the order of restores (backward, forward, to
 * the first one) and after dropping checkpoints; layouts (map, unmap,
 * protect) and page contents come back exactly; pages of zeros cost no
 * page of memory; the policy plans and prunes as documented.
 *
 * Guest: tests/guest/replay/timetravel.s ($E2K_GUEST/timetravel.elf),
 * recorded in-process into a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "emu/cpu.h"
#include "emu/mem.h"
#include "replay/ckpt.h"
#include "replay/ckpt_policy.h"
#include "rev_testlib.h"

static char g_dir[256];
static char g_journal[300];
static struct sess_result g_rec;

static int setup(void **state)
{
    (void)state;
    size_t len;
    uint8_t *elf = tl_guest("timetravel", &len);
    if (!elf)
        return -1;
    snprintf(g_dir, sizeof g_dir, "/tmp/e2k-ckpt-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    int rc = tl_record(elf, len, g_dir, "timetravel", g_journal, sizeof g_journal, &g_rec);
    free(elf);
    return rc == SESS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The gate position as a checkpoint part. */
static int gate_save_part(void *opaque, struct machine *m, struct ckpt_blob *out)
{
    (void)m;
    struct gate_pos pos;
    gate_save(opaque, &pos);
    return ckpt_blob_put(out, &pos, sizeof pos);
}

static int gate_load_part(void *opaque, struct machine *m, const uint8_t *data, size_t len)
{
    (void)m;
    struct gate_pos pos;
    if (len != sizeof pos)
        return -1;
    memcpy(&pos, data, sizeof pos);
    return gate_restore(opaque, &pos);
}

static void assert_at(struct tl_replay *t, uint64_t icount)
{
    uint8_t want[32], got[32];
    assert_int_equal(tl_replay_to(t, icount), LNX_RUN_LIMIT);
    assert_int_equal(t->m->cpu.icount, icount);
    tl_digest(t->m, got);
    assert_int_equal(tl_straight_digest(g_journal, icount, want), 0);
    assert_memory_equal(got, want, 32);
}

static void test_restore_then_replay_matches_straight_replay(void **state)
{
    (void)state;
    struct tl_replay t;
    assert_int_equal(tl_replay_open(&t, g_journal), 0);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, t.m), 0);
    assert_int_equal(ckpt_add_part(st, "gate", gate_save_part, gate_load_part, t.g), 0);
    static const uint64_t at[] = {0, 1000, 5003, 9000, 15001, 20000};
    struct ckpt *c[6];
    for (int i = 0; i < 6; i++) {
        assert_int_equal(tl_replay_to(&t, at[i]), LNX_RUN_LIMIT);
        assert_int_equal(ckpt_take(st, 0, &c[i]), 0);
        assert_int_equal(ckpt_icount(c[i]), at[i]);
    }
    assert_int_equal(ckpt_count(st), 6);
    assert_at(&t, 23000);
    /* Backward, then forward, then to the start, then neighbours. */
    static const int order[] = {2, 4, 0, 5, 1, 3, 3, 2};
    static const uint64_t extra[] = {700, 100, 999, 2000, 1, 0, 4000, 3};
    for (int k = 0; k < 8; k++) {
        int i = order[k];
        assert_int_equal(ckpt_restore(st, c[i]), 0);
        assert_int_equal(t.m->cpu.icount, at[i]);
        assert_at(&t, at[i] + extra[k]);
    }
    ckpt_store_free(st);
    tl_replay_close(&t);
}

static void test_checkpoint_at_same_icount_is_shared(void **state)
{
    (void)state;
    struct tl_replay t;
    assert_int_equal(tl_replay_open(&t, g_journal), 0);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, t.m), 0);
    struct ckpt *a, *b;
    tl_replay_to(&t, 4000);
    assert_int_equal(ckpt_take(st, 0, &a), 0);
    assert_int_equal(ckpt_take(st, 0, &b), 0);
    assert_ptr_equal(a, b);
    assert_int_equal(ckpt_take(st, 1, &b), 0);
    assert_ptr_not_equal(a, b);
    assert_int_equal(ckpt_index(st, a), 0);
    assert_int_equal(ckpt_index(st, b), 1);
    assert_ptr_equal(ckpt_last_at_or_before(st, 4000, 0), a);
    assert_ptr_equal(ckpt_last_at_or_before(st, 4000, 1), b);
    assert_null(ckpt_last_at_or_before(st, 3999, 9));
    ckpt_store_free(st);
    tl_replay_close(&t);
}

static void test_dropped_checkpoints_merge_into_the_next(void **state)
{
    (void)state;
    struct tl_replay t;
    assert_int_equal(tl_replay_open(&t, g_journal), 0);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, t.m), 0);
    assert_int_equal(ckpt_add_part(st, "gate", gate_save_part, gate_load_part, t.g), 0);
    struct ckpt *c[10];
    for (int i = 0; i < 10; i++) {
        assert_int_equal(tl_replay_to(&t, (uint64_t)i * 2000), LNX_RUN_LIMIT);
        assert_int_equal(ckpt_take(st, 0, &c[i]), 0);
    }
    /* Drop the first (its full memory moves on), the base (the last one)
     * and some in the middle; every survivor still restores exactly. */
    assert_int_equal(ckpt_drop(st, c[0]), 0);
    assert_int_equal(ckpt_drop(st, c[9]), 0);
    assert_int_equal(ckpt_drop(st, c[4]), 0);
    assert_int_equal(ckpt_drop(st, c[5]), 0);
    assert_int_equal(ckpt_count(st), 6);
    assert_at(&t, 19500);
    static const int left[] = {3, 8, 1, 6, 2, 7};
    for (int k = 0; k < 6; k++) {
        assert_int_equal(ckpt_restore(st, c[left[k]]), 0);
        assert_at(&t, (uint64_t)left[k] * 2000 + 1234);
    }
    ckpt_store_free(st);
    tl_replay_close(&t);
}

/* Layout changes without a guest: map, unmap, protect and contents come
 * back exactly, in both directions. */
static void mem_digest(struct machine *m, uint8_t out[32])
{
    sh_mem_digest(m, out);
}

static void test_layout_and_contents_come_back(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 1 << 20);
    assert_non_null(m);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, m), 0);
    struct mem *mem = m->mem;
    const uint64_t A = 0x10000, B = 0x40000, C = 0x80000;
    assert_int_equal(mem_map(mem, A, 8 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    assert_int_equal(mem_map(mem, B, 4 * 4096, MEM_PROT_R), 0);
    uint64_t v = 0x1122334455667788ull;
    assert_int_equal(mem_poke(mem, A + 8, &v, 8), 0);
    assert_int_equal(mem_poke(mem, B + 4096, &v, 8), 0);
    m->cpu.icount = 10;
    struct ckpt *c0, *c1, *c2;
    uint8_t d0[32], d1[32], d2[32], now[32];
    assert_int_equal(ckpt_take(st, 0, &c0), 0);
    mem_digest(m, d0);
    /* Change everything. */
    assert_int_equal(mem_unmap(mem, A + 2 * 4096, 2 * 4096), 0);
    assert_int_equal(mem_protect(mem, B, 4096, MEM_PROT_R | MEM_PROT_W | MEM_PROT_X), 0);
    assert_int_equal(mem_map(mem, C, 3 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    v = 42;
    assert_int_equal(mem_poke(mem, C + 4096 + 16, &v, 8), 0);
    assert_int_equal(mem_poke(mem, A + 8, &v, 8), 0);
    m->cpu.icount = 20;
    m->cpu.rf[3].lo = 77;
    assert_int_equal(ckpt_take(st, 0, &c1), 0);
    mem_digest(m, d1);
    assert_memory_not_equal(d0, d1, 32);
    assert_int_equal(mem_unmap(mem, B, 4 * 4096), 0);
    assert_int_equal(mem_poke(mem, C, &v, 8), 0);
    m->cpu.icount = 30;
    assert_int_equal(ckpt_take(st, 0, &c2), 0);
    mem_digest(m, d2);
    /* Scribble (also on a page nobody wrote before: only the write
     * generation knows it changed), then go anywhere. */
    assert_int_equal(mem_poke(mem, A, &v, 8), 0);
    assert_int_equal(mem_poke(mem, C + 2 * 4096 + 8, &v, 8), 0);
    assert_int_equal(mem_map(mem, 0x100000, 4096, MEM_PROT_R), 0);
    struct ckpt *seq[] = {c2, c0, c2, c1, c0, c1, c2, c0};
    uint8_t *want[] = {d2, d0, d2, d1, d0, d1, d2, d0};
    for (int k = 0; k < 8; k++) {
        assert_int_equal(ckpt_restore(st, seq[k]), 0);
        mem_digest(m, now);
        assert_memory_equal(now, want[k], 32);
        assert_int_equal(m->cpu.icount, ckpt_icount(seq[k]));
        assert_int_equal(m->cpu.rf[3].lo, seq[k] == c0 ? 0 : 77);
    }
    ckpt_store_free(st);
    mach_free(m);
}

static void test_zero_pages_cost_no_page(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 1 << 20);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, m), 0);
    assert_int_equal(mem_map(m->mem, 0x10000, 1024 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    struct ckpt *c;
    assert_int_equal(ckpt_take(st, 0, &c), 0);
    struct ckpt_info ci;
    ckpt_info(c, &ci);
    assert_int_equal(ci.pages, 1024);
    assert_true(ci.bytes < 64 * 1024); /* 1024 entries, no 4 KiB copies */
    /* Only the written page is in the next delta. */
    uint64_t v = 1;
    assert_int_equal(mem_poke(m->mem, 0x10000 + 77 * 4096, &v, 8), 0);
    m->cpu.icount = 5;
    assert_int_equal(ckpt_take(st, 0, &c), 0);
    ckpt_info(c, &ci);
    assert_int_equal(ci.pages, 1);
    assert_true(ci.bytes >= 4096);
    ckpt_store_free(st);
    mach_free(m);
}

static void test_policy_plan_and_levels(void **state)
{
    (void)state;
    struct ckpt_policy p;
    ckpt_policy_default(&p);
    p.unit = 100;
    assert_int_equal(ckpt_policy_level(&p, 0), 0);
    assert_int_equal(ckpt_policy_level(&p, 99), 0);
    assert_int_equal(ckpt_policy_level(&p, 100), 1);
    assert_int_equal(ckpt_policy_level(&p, 299), 1);
    assert_int_equal(ckpt_policy_level(&p, 300), 2);
    assert_int_equal(ckpt_policy_level(&p, 700), 3);
    uint64_t pts[64];
    size_t n = ckpt_policy_plan(&p, 0, 10000, pts, 64);
    /* 10000 - 100 * (2^k - 1) > 0: k = 1..6 */
    assert_int_equal(n, 6);
    assert_int_equal(pts[0], 10000 - 6300);
    assert_int_equal(pts[5], 9900);
    for (size_t i = 1; i < n; i++)
        assert_true(pts[i] > pts[i - 1]);
    assert_int_equal(ckpt_policy_plan(&p, 9950, 10000, pts, 64), 0);
    assert_int_equal(ckpt_policy_plan(&p, 9850, 10000, pts, 64), 1);
}

static void test_policy_keeps_log_many(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 1 << 20);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, m), 0);
    assert_int_equal(mem_map(m->mem, 0x10000, 4096, MEM_PROT_R | MEM_PROT_W), 0);
    struct ckpt_policy p;
    ckpt_policy_default(&p);
    p.unit = 10;
    struct ckpt *c;
    assert_int_equal(ckpt_take(st, 0, &c), 0);
    ckpt_set_flags(c, 1); /* pinned start */
    /* One checkpoint every 10 icounts up to 100000, pruning as we go. */
    size_t most = 0;
    for (uint64_t ic = 10; ic <= 100000; ic += 10) {
        m->cpu.icount = ic;
        mem_poke(m->mem, 0x10000, &ic, 8);
        assert_int_equal(ckpt_take(st, 0, &c), 0);
        ckpt_policy_prune(&p, st, ic, 1);
        if (ckpt_count(st) > most)
            most = ckpt_count(st);
    }
    /* log2(100000 / 10) ~ 13.3 levels, two each, plus the start. */
    assert_true(most <= 2 * 15 + 2);
    assert_true(ckpt_count(st) >= 10);
    /* Spacing grows: the newest two are close, the oldest far. */
    uint64_t last = ckpt_icount(ckpt_at(st, ckpt_count(st) - 1));
    assert_int_equal(last, 100000);
    ckpt_store_free(st);
    mach_free(m);
}

static void test_policy_budget(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 1 << 20);
    struct ckpt_store *st;
    assert_int_equal(ckpt_store_new(&st, m), 0);
    assert_int_equal(mem_map(m->mem, 0x10000, 64 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    struct ckpt_policy p;
    ckpt_policy_default(&p);
    p.unit = 10;
    p.budget_bytes = 40 * 4096 + 200000;
    struct ckpt *c;
    assert_int_equal(ckpt_take(st, 0, &c), 0);
    ckpt_set_flags(c, 1);
    for (uint64_t ic = 10; ic <= 2000; ic += 10) {
        m->cpu.icount = ic;
        /* every checkpoint rewrites 16 pages */
        for (int k = 0; k < 16; k++) {
            uint64_t v = ic + (uint64_t)k;
            mem_poke(m->mem, 0x10000 + (uint64_t)((ic / 10 + (uint64_t)k) % 64) * 4096, &v, 8);
        }
        assert_int_equal(ckpt_take(st, 0, &c), 0);
        ckpt_policy_prune(&p, st, ic, 1);
        assert_true(ckpt_store_bytes(st) <= p.budget_bytes + 64 * 4096);
    }
    ckpt_store_free(st);
    mach_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restore_then_replay_matches_straight_replay),
        cmocka_unit_test(test_checkpoint_at_same_icount_is_shared),
        cmocka_unit_test(test_dropped_checkpoints_merge_into_the_next),
        cmocka_unit_test(test_layout_and_contents_come_back),
        cmocka_unit_test(test_zero_pages_cost_no_page),
        cmocka_unit_test(test_policy_plan_and_levels),
        cmocka_unit_test(test_policy_keeps_log_many),
        cmocka_unit_test(test_policy_budget),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
