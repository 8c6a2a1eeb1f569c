/*
 * asm_source_test.c — the source level of e2k-as: macros (defaults,
 * keywords, \@, expansion order within a line), .rept/.irp, .include,
 * numeric local labels, .L symbols, conditionals, .set, data directives,
 * section stacks, .ignore ld_st_style, .push_iset, expressions.
 * Most checks assemble two sources that must give identical sections.
 */
#include "asm_testlib.h"

#include <unistd.h>

/* Both sources assemble and give identical .text/.rodata/.data. */
static void expect_same(const char *a, const char *b)
{
    struct asm_image ia, ib;
    char *da = NULL, *db = NULL;
    int ra = asm_test_run(a, 0, &ia, &da), rb = asm_test_run(b, 0, &ib, &db);
    if (ra || rb)
        print_error("a:\n%s\nb:\n%s\n", da ? da : "", db ? db : "");
    assert_int_equal(ra, 0);
    assert_int_equal(rb, 0);
    for (int g = 0; g < ASM_SEC_BSS; g++) {
        assert_int_equal(ia.sect[g].size, ib.sect[g].size);
        if (ia.sect[g].size)
            assert_memory_equal(ia.sect[g].data, ib.sect[g].data,
                                ia.sect[g].size);
    }
    asm_image_free(&ia);
    asm_image_free(&ib);
    free(da);
    free(db);
}

static uint64_t sym(const struct asm_image *img, const char *name)
{
    uint64_t v = 0;
    assert_int_equal(asm_image_sym(img, name, &v), 0);
    return v;
}

static void test_macro_defaults_and_keywords(void **state)
{
    (void)state;
    expect_same(".macro m, dst, val=7\n addd,0 0, \\val, \\dst\n .endm\n"
                " m %r1\n m %r2, val=3\n m val=5, dst=%r3\n",
                " addd,0 0, 7, %r1\n addd,0 0, 3, %r2\n addd,0 0, 5, %r3\n");
}

static void test_macro_body_with_braces(void **state)
{
    (void)state;
    expect_same(".macro two a, b\n {\n addd,0 0, \\a, %r1\n addd,1 0, \\b, "
                "%r2\n }\n .endm\n two 1, 2\n",
                "{ addd,0 0, 1, %r1 ; addd,1 0, 2, %r2 }\n");
}

static void test_macro_expands_before_rest_of_line(void **state)
{
    (void)state;
    /* the label after the call must follow the expansion, and a `}' after
     * an in-bundle call must close the bundle after it */
    struct asm_image img;
    char *d = NULL;
    assert_int_equal(asm_test_run(".macro inv dst\n udivd,5,sm 0, 0, \\dst\n"
                                  ".endm\n"
                                  "start: nop ; inv %r1 ; after: nop\n"
                                  "{ addd,0 0, 1, %r2 ; inv %r3 }\n",
                                  0, &img, &d),
                     0);
    assert_true(sym(&img, "after") - sym(&img, "start") == 16);
    /* the second bundle holds both ops */
    assert_int_equal(asm_test_word(&img, 6), 0x84000012);
    asm_image_free(&img);
    free(d);
}

static void test_macro_unique_labels(void **state)
{
    (void)state;
    expect_same(".macro loop\n.Lx\\@: ibranch .Lx\\@\n .endm\n loop\n loop\n",
                "a: ibranch a\nb: ibranch b\n");
}

static void test_macro_endm_after_separator(void **state)
{
    (void)state;
    expect_same(".macro set_code code=0\n addd,0 0, \\code, %g20; "
                "stb,2 %g20, [ 0 ]; .endm\n set_code 1\n",
                " addd,0 0, 1, %g20\n stb,2 %g20, [ 0 ]\n");
}

static void test_rept_and_irp(void **state)
{
    (void)state;
    expect_same(".rept 3\n nop 1\n .endr\n"
                ".irp r, %r1, %r2\n addd,0 0, 1, \\r\n .endr\n",
                " nop 1\n nop 1\n nop 1\n addd,0 0, 1, %r1\n"
                " addd,0 0, 1, %r2\n");
}

static void test_set_redefined_in_rept(void **state)
{
    (void)state;
    expect_same("i = 0\n.rept 3\n addd,0 0, i, %r1\n i = i + 1\n .endr\n",
                " addd,0 0, 0, %r1\n addd,0 0, 1, %r1\n addd,0 0, 2, %r1\n");
}

static void test_include(void **state)
{
    (void)state;
    char dir[] = "/tmp/asm-inc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/inc.s", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(" addd,0 0, 9, %r7\n", f);
    fclose(f);
    struct asm_opts o;
    asm_opts_init(&o);
    const char *inc[] = {dir};
    o.incdirs = inc;
    o.n_incdirs = 1;
    FILE *dg = fopen("/dev/null", "w");
    o.diag = dg;
    struct asm_image img;
    const char *src = " .include \"inc.s\"\n nop\n";
    assert_int_equal(asm_assemble_string(&o, "t.s", src, strlen(src), &img), 0);
    assert_int_equal(asm_test_word(&img, 1), 0x11c0c987);
    asm_image_free(&img);
    fclose(dg);
    unlink(path);
    rmdir(dir);
}

static void test_local_labels(void **state)
{
    (void)state;
    expect_same("1: nop\n ibranch 1b\n ibranch 1f\n1: nop\n ibranch 1b\n",
                "a: nop\n ibranch a\n ibranch b\nb: nop\n ibranch b\n");
}

static void test_dot_l_symbols_stay_local(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    assert_int_equal(
        asm_test_run(".Lx: nop\nvisible: ibranch .Lx\n", 0, &img, &d), 0);
    uint64_t v;
    assert_int_equal(asm_image_sym(&img, ".Lx", &v), -1);
    assert_int_equal(asm_image_sym(&img, "visible", &v), 0);
    asm_image_free(&img);
    free(d);
}

static void test_conditionals(void **state)
{
    (void)state;
    expect_same("X = 2\n.if X > 1\n nop 1\n.else\n nop 2\n.endif\n"
                ".ifdef Y\n nop 3\n.elseif X == 2\n nop 4\n.endif\n"
                ".ifndef Y\n.if 0\n nop 5\n.endif\n nop 6\n.endif\n",
                " nop 1\n nop 4\n nop 6\n");
}

static void test_data_directives(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    const char *src = " .data\n"
                      "a: .byte 1, 2\n"
                      " .short 0x304\n"
                      " .word 0x5060708\n"
                      " .balign 8\n"
                      "q: .quad a, q - a\n"
                      " .ascii \"ab\" \"c\", \"d\"\n"
                      " .asciz \"e\"\n"
                      " .p2align 2, 0xee\n"
                      " .skip 2, 0x55\n"
                      " .zero 1\n"
                      " .fill 2, 2, 0x1234\n"
                      " .hword 'A'\n"
                      " .dword 1\n";
    assert_int_equal(asm_test_run(src, 0, &img, &d), 0);
    const uint8_t *p = img.sect[ASM_SEC_DATA].data;
    uint64_t a = sym(&img, "a");
    static const uint8_t head[8] = {1, 2, 4, 3, 8, 7, 6, 5};
    assert_memory_equal(p, head, 8);
    uint64_t q0 = 0, q1 = 0;
    memcpy(&q0, p + 8, 8);
    memcpy(&q1, p + 16, 8);
    assert_true(q0 == a);
    assert_int_equal(q1, 8);
    assert_memory_equal(p + 24, "abcde\0", 6);
    static const uint8_t tail[] = {0xee, 0xee, 0x55, 0x55, 0, 0x34,
                                   0x12, 0x34, 0x12, 'A',  0};
    assert_memory_equal(p + 30, tail, sizeof tail);
    assert_int_equal(img.sect[ASM_SEC_DATA].size, 30 + sizeof tail + 8);
    asm_image_free(&img);
    free(d);
}

static void test_section_stack(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    assert_int_equal(asm_test_run(" nop\n .pushsection \".rodata\"\n"
                                  "r: .byte 1\n .popsection\n nop\n"
                                  " .section .data,\"aw\",@progbits\n"
                                  " .byte 2\n .previous\n nop\n"
                                  " .section .bss\nb: .skip 16\n",
                                  0, &img, &d),
                     0);
    assert_int_equal(img.sect[ASM_SEC_TEXT].size, 24);
    assert_int_equal(img.sect[ASM_SEC_RODATA].size, 1);
    assert_int_equal(img.sect[ASM_SEC_DATA].size, 1);
    assert_int_equal(img.sect[ASM_SEC_BSS].size, 16);
    assert_true(sym(&img, "b") == img.sect[ASM_SEC_BSS].addr);
    asm_image_free(&img);
    free(d);
}

static void test_ignore_ld_st_style(void **state)
{
    (void)state;
    expect_same(".ignore ld_st_style\n std,2 [ %r2 + 8 ], %r1\n"
                ".accept ld_st_style\n std,2 %r1, [ %r2 + 8 ]\n",
                " std,2 %r1, [ %r2 + 8 ]\n std,2 %r1, [ %r2 + 8 ]\n");
}

static void test_push_iset(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    /* fadds on channel 5 needs v4 */
    assert_int_equal(asm_test_run(".push_iset 5\n fadds,5 %r1, %r2, %r3\n"
                                  ".pop_iset\n",
                                  3, &img, &d),
                     0);
    asm_image_free(&img);
    free(d);
}

static void test_expressions(void **state)
{
    (void)state;
    expect_same(" addd,0 0, 1UL << 37, %r1\n addd,0 0, 1 + 2 * 3, %r2\n"
                " addd,0 0, 6 | 3 & 1, %r3\n addd,0 0, 'A', %r4\n"
                " addd,0 0, (2 > 1) + 1, %r5\n addd,0 0, $sym, %r6\nsym:\n",
                " addd,0 0, 0x2000000000, %r1\n addd,0 0, 7, %r2\n"
                " addd,0 0, 1, %r3\n addd,0 0, 65, %r4\n"
                " addd,0 0, 0, %r5\n addd,0 0, sym, %r6\nsym:\n");
}

static void test_forward_equate_is_symbolic(void **state)
{
    (void)state;
    /* a value defined later is a symbol at its use: 64-bit literal */
    expect_same(" addd,0 0, n, %r1\nn = 5\n", " addd,0 0, _f64 5, %r1\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_macro_defaults_and_keywords),
        cmocka_unit_test(test_macro_body_with_braces),
        cmocka_unit_test(test_macro_expands_before_rest_of_line),
        cmocka_unit_test(test_macro_unique_labels),
        cmocka_unit_test(test_macro_endm_after_separator),
        cmocka_unit_test(test_rept_and_irp),
        cmocka_unit_test(test_set_redefined_in_rept),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_local_labels),
        cmocka_unit_test(test_dot_l_symbols_stay_local),
        cmocka_unit_test(test_conditionals),
        cmocka_unit_test(test_data_directives),
        cmocka_unit_test(test_section_stack),
        cmocka_unit_test(test_ignore_ld_st_style),
        cmocka_unit_test(test_push_iset),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_forward_equate_is_symbolic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
