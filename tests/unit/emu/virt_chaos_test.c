/*
 * virt_chaos_test.c — the chaos performer (emu/machine_virt_chaos.h): the
 * generator is deterministic for a seed and differs between seeds; run
 * seeds differ per run; a performer driven by the same sequence of
 * requests gives the same answers and extra poll points for the same seed
 * (so a chaos run is a function of its seed), and another seed changes
 * them; expiries never come before their deadline; balloon commands keep
 * their order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "emu/hooks.h"
#include "emu/machine_virt.h"
#include "emu/machine_virt_chaos.h"

static void rng_deterministic(void **state)
{
    (void)state;
    struct chaos_rng a, b, c;
    chaos_rng_seed(&a, 42);
    chaos_rng_seed(&b, 42);
    chaos_rng_seed(&c, 43);
    int differs = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = chaos_rng_next(&a);
        assert_int_equal(x, chaos_rng_next(&b));
        differs |= x != chaos_rng_next(&c);
    }
    assert_true(differs);
    for (int i = 0; i < 1000; i++)
        assert_true(chaos_rng_below(&a, 7) < 7);
    assert_int_equal(chaos_rng_below(&a, 0), 0);
    assert_int_not_equal(chaos_run_seed(1, 0), chaos_run_seed(1, 1));
    assert_int_not_equal(chaos_run_seed(1, 0), chaos_run_seed(2, 0));
    assert_int_equal(chaos_run_seed(5, 9), chaos_run_seed(5, 9));
}

/* Drive a performer like the run loop would: a timer armed with a
 * 50000 ns period, polls at the performer's extra points and at every
 * quantum; log (icount, answer) pairs. Returns the count. */
static size_t drive(uint64_t seed, uint64_t log[][2], size_t max)
{
    struct chaos_action act[2] = {{0, 100000, CHAOS_SET_PAGES, 10},
                                  {0, 100000, CHAOS_SET_PAGES, 20}};
    struct virt_chaos_opts o = {.seed = seed, .cmd_jitter_ns = 50000,
                                .n_actions = 2, .actions = act};
    struct virt_chaos *c = virt_chaos_new(&o);
    assert_non_null(c);
    size_t n = 0;
    uint64_t icount = 0, deadline = 0;
    struct emu_host_req req;
    struct emu_host_resp resp;
    memset(&req, 0, sizeof req);
    req.kind = EMU_HOST_CLOCK;
    req.nr = VIRT_CLOCK_ID_MONOTONIC;
    memset(&resp, 0, sizeof resp);
    virt_chaos_host_call(c, &req, &resp);
    deadline = resp.vals[0] * 1000000000ull + resp.vals[1] + 50000;
    while (icount < 1000000 && n < max) {
        uint64_t at = virt_chaos_next_poll(c, NULL, icount);
        uint64_t q = (icount / VIRT_POLL_QUANTUM + 1) * VIRT_POLL_QUANTUM;
        icount = at > icount && at < q ? at : at <= icount ? icount + 1 : q;
        for (;;) {
            memset(&req, 0, sizeof req);
            memset(&resp, 0, sizeof resp);
            req.kind = EMU_HOST_INPUT;
            req.nr = EMU_INPUT_POLL;
            req.icount = icount;
            req.args[1] = deadline;
            req.args[2] = req.args[3] = UINT64_MAX;
            assert_int_equal(virt_chaos_host_call(c, &req, &resp), 0);
            if (resp.ret == EMU_INPUT_NONE)
                break;
            if (resp.ret == EMU_INPUT_TIMER) {
                /* never early: chaos time is 1 s + icount */
                assert_true(1000000000ull + icount >= deadline);
                deadline += 50000;
            }
            log[n][0] = icount;
            log[n][1] = (uint64_t)resp.ret << 32 | resp.vals[0];
            if (++n == max)
                break;
        }
    }
    virt_chaos_free(c);
    return n;
}

static uint64_t la[256][2], lb[256][2], lc[256][2];

static void performer_deterministic(void **state)
{
    (void)state;
    size_t na = drive(7, la, 256), nb = drive(7, lb, 256), nc = drive(8, lc, 256);
    assert_true(na > 10);
    assert_int_equal(na, nb);
    assert_memory_equal(la, lb, na * sizeof la[0]);
    assert_true(na != nc || memcmp(la, lc, na * sizeof la[0]) != 0);
    /* inputs land off the regular poll grid, and the two balloon
     * commands arrive in their order */
    int off_grid = 0, first = -1, second = -1;
    for (size_t i = 0; i < na; i++) {
        off_grid |= la[i][0] % VIRT_POLL_QUANTUM != 0;
        if (la[i][1] == ((uint64_t)EMU_INPUT_BALLOON_TARGET << 32 | 10))
            first = (int)i;
        if (la[i][1] == ((uint64_t)EMU_INPUT_BALLOON_TARGET << 32 | 20))
            second = (int)i;
    }
    assert_true(off_grid);
    if (!(first >= 0 && second > first))
        for (size_t i = 0; i < na; i++)
            print_message("%llu %llx\n", (unsigned long long)la[i][0], (unsigned long long)la[i][1]);
    assert_true(first >= 0 && second > first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rng_deterministic),
        cmocka_unit_test(performer_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
