/*
 * asm_error_test.c — e2k-as reports `file:line:column: error: ...` for bad
 * input, at the right place, and keeps going without crashing.
 */
#include "asm_testlib.h"

static void test_unknown_instruction_position(void **state)
{
    (void)state;
    expect_error("addd,0 0, 1, %r0\n  bogus %r1\n",
                 "t.s:2:3: error: unknown instruction `bogus'");
}

static void test_bad_operand_column(void **state)
{
    (void)state;
    expect_error("  addd,0 0, 1, %x9\n", "t.s:1:16: error: unknown register");
}

static void test_bad_channel(void **state)
{
    (void)state;
    expect_error("udivd,2 %r1, %r2, %r3\n", "t.s:1:7: error: illegal channel");
}

static void test_statement_after_separator_column(void **state)
{
    (void)state;
    expect_error("{ nop ; addd,0 0, 1 }\n", "t.s:1:19: error: register");
}

static void test_missing_brace(void **state)
{
    (void)state;
    expect_error("{\n addd,0 0, 1, %r0\n", "missing `}'");
}

static void test_nested_braces(void **state)
{
    (void)state;
    expect_error("{ {\n nop }\n", "unexpected `{'");
}

static void test_undefined_symbol(void **state)
{
    (void)state;
    expect_error("nop\n addd,0 0, nowhere, %r1\n",
                 "t.s:2:12: error: undefined reference to `nowhere'");
}

static void test_error_in_macro_points_at_call(void **state)
{
    (void)state;
    expect_error(".macro m\n addd,0 0, 1, %q\n.endm\n\n  m\n", "t.s:5:");
}

static void test_unknown_directive(void **state)
{
    (void)state;
    expect_error(" .frobnicate 1\n", "t.s:1:2: error: unknown pseudo-op");
}

static void test_number_too_large(void **state)
{
    (void)state;
    expect_error("addd,0 0, 0x1ffffffffffffffff, %r1\n",
                 "does not fit in 64 bits");
}

static void test_stray_endm(void **state)
{
    (void)state;
    expect_error(".endm\n", ".endm without a matching .macro");
}

static void test_redefined_label(void **state)
{
    (void)state;
    expect_error("a: nop\na: nop\n", "t.s:2:1: error: symbol `a' is already");
}

static void test_many_errors_continue(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    assert_int_not_equal(asm_test_run("x1\nx2\nnop\nx3\n", 0, &img, &d), 0);
    assert_non_null(strstr(d, "t.s:1:1:"));
    assert_non_null(strstr(d, "t.s:2:1:"));
    assert_non_null(strstr(d, "t.s:4:1:"));
    free(d);
}

static void test_garbage_does_not_crash(void **state)
{
    (void)state;
    static const char *const k_bad[] = {
        "{ } } {",
        "addd,",
        "addd,0 [ [ ] ], %r1",
        "ldd,0 [ %r1 + %r2 + 3 ]",
        ".macro",
        ".rept -5\nnop\n.endr",
        "\"unterminated",
        "%r1: nop",
        "ct %ctpr9",
        "pass @p9, %pred1",
        "setwd wsz=1000",
        "nop 99",
        "1: 1: ibranch 2b",
        ".if\n",
        ".section",
        ".quad 1 +",
        "x = x + 1",
        "addd,0 0, _f16s,_lts3 1, %r1",
        "ibranch . - 8",
        "wait bogus=1",
        "movad,9 area=0",
        "incr,2 %aaincr1",
        "rwd,0 %r1, %nosuch",
        "addd,0 0, 1 / 0, %r1",
        ".byte 1 << 70",
        ".align 3",
    };
    for (size_t i = 0; i < sizeof k_bad / sizeof k_bad[0]; i++) {
        struct asm_image img;
        char *d = NULL;
        int rc = asm_test_run(k_bad[i], 0, &img, &d);
        if (rc == 0)
            asm_image_free(&img);
        free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_instruction_position),
        cmocka_unit_test(test_bad_operand_column),
        cmocka_unit_test(test_bad_channel),
        cmocka_unit_test(test_statement_after_separator_column),
        cmocka_unit_test(test_missing_brace),
        cmocka_unit_test(test_nested_braces),
        cmocka_unit_test(test_undefined_symbol),
        cmocka_unit_test(test_error_in_macro_points_at_call),
        cmocka_unit_test(test_unknown_directive),
        cmocka_unit_test(test_number_too_large),
        cmocka_unit_test(test_stray_endm),
        cmocka_unit_test(test_redefined_label),
        cmocka_unit_test(test_many_errors_continue),
        cmocka_unit_test(test_garbage_does_not_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
