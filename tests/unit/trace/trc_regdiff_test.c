/*
 * trc_regdiff_test.c — what a bundle changed (trace/trc_regdiff.c):
 * registers of the window and globals with their tags and upper halves,
 * predicates, CTPRs and state registers by name; nothing when nothing
 * changed; the window's registers are not compared when it moved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "trace/trc_regdiff.h"

struct pair {
    struct cpu_state a, b;
    struct trc_regdiff d;
};

static int setup(void **state)
{
    struct pair *p = calloc(1, sizeof *p);
    cpu_reset(&p->a, 5);
    p->b = p->a;
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static const struct trc_change *find(const struct trc_regdiff *d, const char *name)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->ch[i].name, name) == 0)
            return &d->ch[i];
    return NULL;
}

static void test_no_change_no_lines(void **state)
{
    struct pair *p = *state;
    trc_regdiff(&p->a, &p->b, &p->d);
    assert_int_equal(p->d.n, 0);
    assert_false(p->d.window_moved);
}

static void test_registers_predicates_ctprs_by_name(void **state)
{
    struct pair *p = *state;
    p->b.rf[2].lo = 5;
    p->b.rf[3].hi = 0x3fff;
    p->b.rf[4].tag = CPU_TAG_DIAG64;
    p->b.rf[CPU_RF_G0 + 7].lo = 0x77;
    p->b.pf |= 1ull << (2 * 3);          /* %pred3 = 1 */
    p->b.pf |= 1ull << (2 * 9 + 1);      /* %pred9 tagged */
    p->b.ctpr[1] = 0x10000 | (3ull << 54);
    p->b.psr ^= 0x10;
    p->b.lsr.lcnt = 9;
    p->b.rf[CPU_NR_REGS - 1].lo = 1;     /* outside the window: ignored */
    trc_regdiff(&p->a, &p->b, &p->d);
    const struct trc_change *c;
    assert_non_null(c = find(&p->d, "%r2"));
    assert_int_equal(c->kind, TRC_CH_REG);
    assert_int_equal(c->before, 0);
    assert_int_equal(c->after, 5);
    assert_non_null(c = find(&p->d, "%r3.hi"));
    assert_int_equal(c->after, 0x3fff);
    assert_non_null(c = find(&p->d, "%r4"));
    assert_int_equal(c->tag_after, CPU_TAG_DIAG64);
    assert_non_null(find(&p->d, "%g7"));
    assert_non_null(c = find(&p->d, "%pred3"));
    assert_int_equal(c->after, 1);
    assert_non_null(c = find(&p->d, "%pred9"));
    assert_int_equal(c->tag_after, 1);
    assert_non_null(find(&p->d, "%ctpr1"));
    assert_non_null(find(&p->d, "psr"));
    assert_non_null(find(&p->d, "lsr"));
    assert_null(find(&p->d, "%r223"));
    assert_int_equal(p->d.n, 9);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    trc_regdiff_print(f, &p->d, "  => ");
    fclose(f);
    assert_non_null(strstr(buf, "  => %r2 = 0x5 (was 0x0)\n"));
    assert_non_null(strstr(buf, "  => %r4 = 0x0* (was 0x0)\n"));
    assert_non_null(strstr(buf, "  => %pred3 = 1 (was 0)\n"));
    assert_non_null(strstr(buf, "  => %pred9 = 0* (was 0)\n"));
    assert_non_null(strstr(buf, "  => %ctpr1 = 0xc0000000010000 (was 0x0)\n"));
    free(buf);
}

static void test_window_move_skips_windowed_registers(void **state)
{
    struct pair *p = *state;
    p->b.pcsp_hi += 32;                  /* a call pushed a chain frame */
    p->b.wd_size = 8;
    for (unsigned i = 0; i < 16; i++)
        p->b.rf[i].lo = 100 + i;          /* the window slid */
    p->b.rf[CPU_RF_G0].lo = 1;
    trc_regdiff(&p->a, &p->b, &p->d);
    assert_true(p->d.window_moved);
    assert_null(find(&p->d, "%r0"));
    assert_non_null(find(&p->d, "%g0"));
    assert_non_null(find(&p->d, "pcsp.hi"));
    assert_non_null(find(&p->d, "wd"));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    trc_regdiff_print(f, &p->d, "");
    fclose(f);
    assert_non_null(strstr(buf, "(window moved: %r not compared)\n"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_change_no_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registers_predicates_ctprs_by_name, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_window_move_skips_windowed_registers, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
