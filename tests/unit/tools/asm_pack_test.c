/*
 * asm_pack_test.c — the bundle packer behaves as MCST gas: channel
 * assignment with backtracking, literal placement and sharing, CS1
 * conflicts, MAS, CDS sharing, ALES2/5, quad pairs, implicit delays.
 * Expected words were produced by binutils-mcst gas 2.35 (-mcpu=elbrus-v5)
 * from the same source lines.
 */
#include "asm_testlib.h"

static void test_channels_first_fit_with_backtracking(void **state)
{
    (void)state;
    /* addd takes ALC0, ldd ALC2, udivd ALC5; stw (2 or 5) then has no
     * channel, so the search backtracks: ldd moves to ALC3, stw gets 2 */
    expect_words("{ addd 0, 1, %r0 ; ldd [ %r1 ], %r2 ; udivd %r1, %r2, %r3 ;"
                 " stw %r1, [ %r2 ] ; addd,1 0, 2, %r4 }",
                 0xbc000025, 0x11c0c180, 0x11c0c284, 0x2682c081, 0x6781c082,
                 0x41818283);
}

static void test_channels_exhausted(void **state)
{
    (void)state;
    expect_error("{ ldd [ %r1 ], %r2 ; ldd [ %r2 ], %r3 ; ldd [ %r3 ], %r4 ; "
                 "ldd [ %r4 ], %r5 ; ldd [ %r5 ], %r6 }",
                 "ALSes cannot be packed");
}

static void test_literals_equal_values_share(void **state)
{
    (void)state;
    expect_words("{ addd,0 0, 0x1234, %r1 ; addd,1 0, 0x1234, %r2 ; "
                 "addd,2 0, 0x5678, %r3 ; addd,3 0, 0x1234, %r4 }",
                 0x3c000024, 0x11c0d481, 0x11c0d482, 0x11c0d083, 0x11c0d484,
                 0x12345678);
}

static void test_literals_16bit_shares_half_of_32bit(void **state)
{
    (void)state;
    expect_words("{ addd,0 0, 0x12345678, %r1 ; addd,1 0, 0x5678, %r2 }",
                 0x0c000012, 0x11c0d881, 0x11c0d082, 0x12345678);
}

static void test_literals_64bit_pairs_and_32bit_op(void **state)
{
    (void)state;
    /* a 32-bit op never needs more than a 32-bit literal */
    expect_words("{ addd,0 0, 0x100000000, %r1 ; addd,1 0, 0x200000000, %r2 ;"
                 " adds,2 0, 0x300000000, %r3 }",
                 0x1c000033, 0x11c0dc81, 0x11c0de82, 0x10c0d883, 0x00000002,
                 0x00000000, 0x00000001, 0x00000000);
}

static void test_literal_reference(void **state)
{
    (void)state;
    expect_words("addd,0 0, _lit32_ref,_lts1 0, %r1", 0x04000001, 0x11c0d981);
}

static void test_cs1_setwd_and_call_conflict(void **state)
{
    (void)state;
    expect_error("{ setwd wsz=8 ; call %ctpr1, wbs=4 }",
                 "CS1 syllable is already busy");
}

static void test_mas_per_channel(void **state)
{
    (void)state;
    expect_words("{ ldd,0 [ %r1 ], %r2, mas=0x4 ; ldd,2 [ %r1 ], %r3, mas=0x5 ;"
                 " std,5 %r1, [ %r2 ], mas=0x7 }",
                 0x94008024, 0x6781c082, 0x6781c083, 0x2782c081, 0x60814007, 0);
}

static void test_cds_halves_shared(void **state)
{
    (void)state;
    expect_words(
        "{ addd,0 %r1, 1, %r2 ? %pred3 ; addd,1 %r1, 1, %r3 ? ~%pred3 ;"
        " addd,3 %r1, 1, %r4 ? %pred3 ; merged,2 %r1, %r2, %r5, "
        "%pred3 }",
        0x3c020034, 0x1181c182, 0x1181c183, 0x0f818285, 0x1181c184, 0,
        0x90630000, 0x0d634463);
}

static void test_ales25_syllable_when_not_default(void **state)
{
    (void)state;
    expect_words("{ fadds,2 %r1, %r2, %r3 ; fadds,5 %r1, %r2, %r4 }",
                 0x92400013, 0x30818283, 0x30818284, 0x02c002c0);
}

static void test_ales25_default_has_no_syllable(void **state)
{
    (void)state;
    expect_words("{ muld,0 %r1, %r2, %r3 ; gettagd,2 %r1, %r2 ; nop }",
                 0x14500092, 0x21818283, 0x09c08182, 0x01c00000);
}

static void test_ales25_before_v4_is_an_error(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    /* fadds on channel 2 does not exist before v4 */
    assert_int_not_equal(asm_test_run("fadds,2 %r1, %r2, %r3", 3, &img, &d), 0);
    free(d);
}

static void test_implicit_nop_after_compares(void **state)
{
    (void)state;
    expect_words("cmpesb %r1, %r2, %pred0\n"
                 "fcmpeqsb %r1, %r2, %pred0\n"
                 "{ cmpesb %r1, %r2, %pred0 }\n",
                 0x04000101, 0x20818240, 0x04000201, 0x2e818200, 0x04000001,
                 0x20818240);
}

static void test_no_strict_delay(void **state)
{
    (void)state;
    expect_words(".ignore strict_delay\ncmpesb %r1, %r2, %pred0\n", 0x04000001,
                 0x20818240);
}

static void test_implicit_wait_and_nop_for_state_registers(void **state)
{
    (void)state;
    expect_words("rws %r1, %psr\nrrd %cud.lo, %r1\n", 0x04108292, 0x3cc08100,
                 0x30000002, 0x01c00000, 0x04100211, 0x3f31c081, 0x01c00000, 0);
}

static void test_quad_pairs(void **state)
{
    (void)state;
    expect_words("ldq,0 [ %r2 + 8 ], %r4\nmovtq %r2, %r4\n"
                 "stq,2 %r4, [ %r2 + 16 ]\n",
                 0x14500012, 0x4182c884, 0x4182c885, 0x01c00000, 0x0c300012,
                 0x57c08284, 0x57c08385, 0x01c001c0, 0x92400012, 0x0182d484,
                 0x0182d485, 0x00100000);
}

static void test_bare_nop_alone_is_empty_bundle(void **state)
{
    (void)state;
    expect_words("nop\n{}\n", 0, 0, 0, 0);
}

static void test_pls_cascade_check(void **state)
{
    (void)state;
    expect_error("{ pass %pred1, @p2 ; andp @p0, @p2, @p5 ; pass @p5, %pred3 }",
                 "undefined @p0");
}

static void test_ss_field_explicit_twice(void **state)
{
    (void)state;
    expect_error("{ ct %ctpr1 ; ct %ctpr2 ? %pred0 }", "ss.ctcond");
}

static void test_literal_area_overflow(void **state)
{
    (void)state;
    expect_error("{ addd,0 0, 0x100000001, %r1 ; addd,1 0, 0x200000001, %r2 ;"
                 " addd,3 0, 0x300000001, %r3 ; addd,4 0, 0x400000001, %r4 }",
                 "literals cannot be packed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channels_first_fit_with_backtracking),
        cmocka_unit_test(test_channels_exhausted),
        cmocka_unit_test(test_literals_equal_values_share),
        cmocka_unit_test(test_literals_16bit_shares_half_of_32bit),
        cmocka_unit_test(test_literals_64bit_pairs_and_32bit_op),
        cmocka_unit_test(test_literal_reference),
        cmocka_unit_test(test_cs1_setwd_and_call_conflict),
        cmocka_unit_test(test_mas_per_channel),
        cmocka_unit_test(test_cds_halves_shared),
        cmocka_unit_test(test_ales25_syllable_when_not_default),
        cmocka_unit_test(test_ales25_default_has_no_syllable),
        cmocka_unit_test(test_ales25_before_v4_is_an_error),
        cmocka_unit_test(test_implicit_nop_after_compares),
        cmocka_unit_test(test_no_strict_delay),
        cmocka_unit_test(test_implicit_wait_and_nop_for_state_registers),
        cmocka_unit_test(test_quad_pairs),
        cmocka_unit_test(test_bare_nop_alone_is_empty_bundle),
        cmocka_unit_test(test_pls_cascade_check),
        cmocka_unit_test(test_ss_field_explicit_twice),
        cmocka_unit_test(test_literal_area_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
