/*
 * state_hash_test.c — what the state digests cover (replay/state_hash.c):
 * every architectural field a replay must reproduce changes the full
 * register digest, and the cheap per-event check covers the registers the
 * guest can name now but not the rarely used AAU/DAM state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu/cpu.h"
#include "replay/state_hash.h"

static struct cpu_state *fresh(void)
{
    struct cpu_state *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->user_mode = 1;
    c->wd_size = 16;
    return c;
}

static int digest_differs(struct cpu_state *a, struct cpu_state *b)
{
    uint8_t da[32], db[32];
    sh_regs_digest(a, da);
    sh_regs_digest(b, db);
    return memcmp(da, db, 32) != 0;
}

static void test_aau_and_dam_state_change_the_digest(void **state)
{
    (void)state;
    struct cpu_state *a = fresh(), *b = fresh();
    assert_false(digest_differs(a, b));
    b->aau.aasti[3] = 5;
    assert_true(digest_differs(a, b));
    *b = *a;
    b->aau.area[1][7].cdi = 8;
    assert_true(digest_differs(a, b));
    *b = *a;
    b->dam[2].valid = 1;
    b->dam[2].addr = 0x1000;
    assert_true(digest_differs(a, b));
    *b = *a;
    b->mlock = 1;
    assert_true(digest_differs(a, b));
    free(a);
    free(b);
}

static void test_check_covers_the_window_not_the_aau(void **state)
{
    (void)state;
    struct cpu_state *a = fresh(), *b = fresh();
    b->rf[3].lo = 1; /* %r3, inside the window */
    assert_true(sh_regs_check(a) != sh_regs_check(b));
    *b = *a;
    b->rf[200].lo = 1; /* outside the window: the full digest only */
    assert_true(sh_regs_check(a) == sh_regs_check(b));
    assert_true(digest_differs(a, b));
    *b = *a;
    b->aau.aad_lo[4] = 9;
    assert_true(sh_regs_check(a) == sh_regs_check(b));
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aau_and_dam_state_change_the_digest),
        cmocka_unit_test(test_check_covers_the_window_not_the_aau),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
