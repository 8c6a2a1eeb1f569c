/*
 * asm_encode_test.c — e2k-as produces the documented bytes: every worked
 * encoding of e2k-isa.md §1.6 and every example of e2k-asm-syntax.md §8
 * (words in memory order, HS first).
 */
#include "asm_testlib.h"

/* ---- e2k-isa.md §1.6 ---------------------------------------------------- */

static void test_isa_addd_small_immediates(void **state)
{
    (void)state;
    expect_words("addd,0 0, 1, %r0", 0x04000001, 0x11c0c180);
}

static void test_isa_disp_forward(void **state)
{
    (void)state;
    /* L = this bundle + 0x20 */
    expect_words("disp %ctpr1, L\n nop\n nop\n nop\nL: nop\n", 0x00004001,
                 0x40000004, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void test_isa_sdisp(void **state)
{
    (void)state;
    expect_words("sdisp %ctpr1, 0x3", 0x00004001, 0x60000003);
}

static void test_isa_return(void **state)
{
    (void)state;
    expect_words("return %ctpr3", 0x00004001, 0xf0000000);
}

static void test_isa_ct(void **state)
{
    (void)state;
    expect_words("ct %ctpr1", 0x00001001, 0xc0000420);
}

static void test_isa_call(void **state)
{
    (void)state;
    expect_words("call %ctpr1, wbs=4", 0x00009012, 0xc0000420, 0x50000004, 0);
}

static void test_isa_setwd_setbn(void **state)
{
    (void)state;
    expect_words("{ setwd wsz=8, nfx=1 ; setbn rsz=3, rbs=4, rcur=0 }",
                 0x00008011, 0x040000c4, 0, 0x00000110);
}

static void test_isa_32bit_literal(void **state)
{
    (void)state;
    expect_words("addd,0 0, 0x12345678, %r1", 0x04000011, 0x11c0d881, 0,
                 0x12345678);
}

static void test_isa_predicated_op(void **state)
{
    (void)state;
    expect_words("addd,0 %r1, 1, %r2 ? %pred3", 0x04010011, 0x1181c182, 0,
                 0x04630000);
}

static void test_isa_pls_andp(void **state)
{
    (void)state;
    expect_words("{ pass %pred0,@p0 ; pass %pred1,@p1 ; andp @p0,@p1,@p4 ; "
                 "pass @p4,%pred2 }",
                 0x00040000, 0x60610062);
}

static void test_isa_nop5(void **state)
{
    (void)state;
    expect_words("nop 5", 0x00000280, 0);
}

/* ---- e2k-asm-syntax.md §8 ---------------------------------------------- */

static void test_e1(void **state)
{
    (void)state;
    expect_words("        addd,0 0, 1, %r0            ! %r0 = 1\n", 0x04000001,
                 0x11c0c180);
}

static void test_e2_16bit_literal_high_half(void **state)
{
    (void)state;
    expect_words("addd,1 %r2, 0x10, %r3", 0x08000011, 0x1182d483, 0,
                 0x00100000);
}

static void test_e3_three_ops_ales_literal(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        addd,0  0, 0x12345678, %r3\n"
                 "        muld,1  %r0, %r1, %r2\n"
                 "        ands,3  31, %r4, %r5\n"
                 "    }\n",
                 0x2c200023, 0x11c0d883, 0x21808182, 0x00df8485, 0x01c00000,
                 0x12345678);
}

static void test_e3_src2_has_only_imm4(void **state)
{
    (void)state;
    /* 31 in src2 costs a 16-bit literal */
    expect_words("ands,3 %r4, 31, %r5", 0x20000011, 0x0084d485, 0, 0x001f0000);
}

static void test_e4_window_and_rotation(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        setwd wsz=16, nfx=1\n"
                 "        setbn rsz=7, rbs=8, rcur=0\n"
                 "    }\n"
                 "        addd,0 0, 7, %b[3]\n",
                 0x00008011, 0x040001c8, 0, 0x00000210, 0x04000001, 0x11c0c703);
}

static void test_e5_compare_then_predicated(void **state)
{
    (void)state;
    expect_words("        cmpesb,0 %r0, 5, %pred1\n"
                 "        addd,2 %r1, 1, %r1 ? ~%pred1\n",
                 0x04000101, 0x2080c541, 0x10010011, 0x1181c181, 0, 0x12610000);
}

static void test_e6_call_and_return(void **state)
{
    (void)state;
    expect_words("        disp %ctpr1, add_one\n"
                 "        nop 4\n"
                 "    {\n"
                 "        addd,0 0, 41, %r8\n"
                 "        call %ctpr1, wbs=4\n"
                 "    }\n"
                 "add_one:\n"
                 "    {\n"
                 "        setwd wsz=4, nfx=1\n"
                 "        return %ctpr3\n"
                 "        addd,0 %r0, 1, %r0\n"
                 "    }\n"
                 "        ct %ctpr3\n",
                 /* disp: add_one is 0x28 bytes on */
                 0x00004001, 0x40000005, 0x00000200, 0,
                 /* addd + call: 16-bit literal 41 in LTS0 high */
                 0x04009023, 0xc0000420, 0x11c0d488, 0x50000004, 0, 0x00290000,
                 /* setwd + return + addd */
                 0x0400c023, 0x1180c180, 0xf0000000, 0, 0, 0x00000090,
                 0x00001001, 0xc0000c20);
}

static void test_e7_counted_loop(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        rwd,0 (1 << 37) | 10, %lsr\n"
                 "        disp %ctpr2, 1f\n"
                 "    }\n"
                 "        addd,0 0, 0, %r1\n"
                 "        nop 3\n"
                 "1:\n"
                 "    {\n"
                 "        addd,0 %r1, 2, %r1\n"
                 "        alc alcf=1, alct=1\n"
                 "        ct %ctpr2 ? #NOT_LOOP_END\n"
                 "    }\n",
                 0x04104022, 0x3dc0dc83, 0x80000005, 0x01c00000, 0x00000020,
                 0x0000000a, 0x04000001, 0x11c0c081, 0x00000180, 0, 0x04001012,
                 0xc00308a0, 0x1181c281, 0);
}

static void test_e8_syscall_literal_address(void **state)
{
    (void)state;
    const char *src = "    {\n"
                      "        setwd wsz=8, nfx=1\n"
                      "        sdisp %ctpr1, 3\n"
                      "    }\n"
                      "    {\n"
                      "        addd,0 0, 4, %r8\n"
                      "        addd,1 0, 1, %r9\n"
                      "        addd,2 0, msg, %r10\n"
                      "        addd,3 0, msg_len, %r11\n"
                      "    }\n"
                      "        call %ctpr1, wbs=4\n"
                      "        .section \".rodata\"\n"
                      "msg:    .ascii \"hello\\n\"\n"
                      "msg_len = . - msg\n";
    struct asm_image img;
    char *d = NULL;
    assert_int_equal(asm_test_run(src, 0, &img, &d), 0);
    uint64_t msg;
    assert_int_equal(asm_image_sym(&img, "msg", &msg), 0);
    /* setwd+sdisp: 4 words; then HS, ALS0..3, pad, LTS3..LTS0 */
    assert_int_equal(asm_test_word(&img, 0), 0x0000c012);
    assert_int_equal(asm_test_word(&img, 1), 0x60000003);
    assert_int_equal(asm_test_word(&img, 4), 0x3c000044);
    assert_int_equal(asm_test_word(&img, 5), 0x11c0c488);
    assert_int_equal(asm_test_word(&img, 6), 0x11c0c189);
    assert_int_equal(asm_test_word(&img, 7), 0x11c0dc8a);
    /* msg_len is only known after its use: a symbol, so 64-bit too, and
     * sharing LTS0+1 is impossible, so it takes LTS2+3 */
    assert_int_equal(asm_test_word(&img, 8), 0x11c0de8b);
    assert_int_equal(asm_test_word(&img, 9), 0);  /* pad */
    assert_int_equal(asm_test_word(&img, 10), 0); /* LTS3 */
    assert_int_equal(asm_test_word(&img, 11), 6); /* LTS2 */
    assert_int_equal(asm_test_word(&img, 12), (uint32_t)(msg >> 32));
    assert_int_equal(asm_test_word(&img, 13), (uint32_t)msg);
    assert_int_equal(img.sect[ASM_SEC_RODATA].size, 6);
    asm_image_free(&img);
    free(d);
}

static void test_e9_predicate_logic(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        cmpbsb,0 %r0, %r1, %pred0\n"
                 "        cmpedb,1 %r2, 0, %pred1\n"
                 "    }\n"
                 "        nop 1\n"
                 "    {\n"
                 "        pass %pred0, @p0\n"
                 "        pass %pred1, @p1\n"
                 "        landp @p0, ~@p1, @p4\n"
                 "        pass @p4, %pred5\n"
                 "    }\n",
                 0x0c000012, 0x20808120, 0x2182c041, 0, 0x00000080, 0,
                 0x00040000, 0x60614265);
}

static void test_e10_merge(void **state)
{
    (void)state;
    expect_words("merged,0 %r1, %r2, %r3, %pred4", 0x04010011, 0x0f818283, 0,
                 0x84640000);
}

static void test_e11_addresses(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    const char *src = "        ldw,0 [ %r4 + 12 ], %r5\n"
                      "        ldd,3 [ table ], %g16\n"
                      "        stw,2 %r5, [ %r4 + 16 ]\n"
                      "        std,5 %g16, 8, table\n"
                      "        .data\n"
                      "table:  .quad 1, 2, 3\n";
    assert_int_equal(asm_test_run(src, 0, &img, &d), 0);
    uint64_t t;
    assert_int_equal(asm_image_sym(&img, "table", &t), 0);
    assert_int_equal(asm_test_word(&img, 0), 0x04000001);
    assert_int_equal(asm_test_word(&img, 1), 0x6684cc85);
    assert_int_equal(asm_test_word(&img, 2), 0x20000011);
    assert_int_equal(asm_test_word(&img, 3), 0x67c0dcf0);
    assert_int_equal(asm_test_word(&img, 4), (uint32_t)(t >> 32));
    assert_int_equal(asm_test_word(&img, 5), (uint32_t)t);
    assert_int_equal(asm_test_word(&img, 6), 0x10000011);
    assert_int_equal(asm_test_word(&img, 7), 0x2684d485);
    assert_int_equal(asm_test_word(&img, 9), 0x00100000);
    assert_int_equal(asm_test_word(&img, 10), 0x80000011);
    assert_int_equal(asm_test_word(&img, 11), 0x27c8dcf0);
    asm_image_free(&img);
    free(d);
}

static void test_e12_speculative_load(void **state)
{
    (void)state;
    expect_words("        ldd,0,sm [ 0 ], %r1\n"
                 "        gettagd,2 %r1, %r2\n",
                 0x04000001, 0xe7c0c081, 0x10400001, 0x09c08182);
}

static void test_e13_ibranch(void **state)
{
    (void)state;
    expect_words("        ibranch 2f ? %pred3\n2:\n", 0x00005012, 0xc0000043,
                 0x00000002, 0);
}

static void test_e14_state_registers(void **state)
{
    (void)state;
    expect_words("        rrd,0 %lsr, %r6\n"
                 "        rwd,0 %r6, %lsr\n",
                 0x04100011, 0x3f83c086, 0x01c00000, 0, 0x04100291, 0x3dc08683,
                 0x01c00000, 0);
}

static void test_e15_bit_fields(void **state)
{
    (void)state;
    expect_words("getfd,1 %r0, (8) | (16 << 6) | (1 << 12), %r1\n"
                 "insfd,1 %r0, (0) | (8 << 6), %r2, %r3\n",
                 0x08000011, 0x1f80d481, 0, 0x14080000, 0x08200011, 0x6d80d483,
                 0x0b820000, 0x02000000);
}

static void test_e16_rotation(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        setbn rsz=1, rbs=2, rcur=0\n"
                 "    }\n"
                 "    {\n"
                 "        addd,0 %b[0], 1, %b[0]\n"
                 "        abn abnf=0, abnt=1\n"
                 "        ct %ctpr1 ? %pred0\n"
                 "    }\n",
                 0x00008001, 0x44000042, 0x04001012, 0xc0200440, 0x1100c100, 0);
}

static void test_e17_explicit_placement(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        addd,0 0, _f32s,_lts1 0x1000000, %r1\n"
                 "        addd,1 0, _f64,_lts2 0x1122334455667788, %r2\n"
                 "    }\n",
                 0x0c000032, 0x11c0d981, 0x11c0de82, 0, 0x11223344, 0x55667788,
                 0x01000000, 0);
}

static void test_e18_indirect_jump(void **state)
{
    (void)state;
    expect_words("        movtd,0 %r9, %ctpr2\n"
                 "        nop 5\n"
                 "        ct %ctpr2\n",
                 0x04000001, 0x61c089d2, 0x00000280, 0, 0x00001001, 0xc0000820);
}

static void test_e19_mas(void **state)
{
    (void)state;
    expect_words("ldd,0 [ %r2 ], %r3, mas=0x8", 0x04008012, 0x6782c083,
                 0x61000000, 0);
}

static void test_e20_data_and_sections(void **state)
{
    (void)state;
    struct asm_image img;
    char *d = NULL;
    const char *src = "        .section \".rodata\"\n"
                      "        .balign 8\n"
                      "msg:    .ascii \"hello\\n\"\n"
                      "msg_len = . - msg\n"
                      "        .data\n"
                      "        .align 8\n"
                      "table:  .quad 1, 2, 3\n"
                      "counter: .word 0\n"
                      "        .fill 16, 1, 0\n";
    assert_int_equal(asm_test_run(src, 0, &img, &d), 0);
    assert_int_equal(img.sect[ASM_SEC_RODATA].size, 6);
    assert_memory_equal(img.sect[ASM_SEC_RODATA].data, "hello\n", 6);
    assert_int_equal(img.sect[ASM_SEC_DATA].size, 24 + 4 + 16);
    assert_int_equal(img.sect[ASM_SEC_DATA].data[8], 2);
    uint64_t t, cnt, len;
    assert_int_equal(asm_image_sym(&img, "table", &t), 0);
    assert_int_equal(asm_image_sym(&img, "counter", &cnt), 0);
    assert_int_equal(asm_image_sym(&img, "msg_len", &len), 0);
    assert_true(cnt == t + 24);
    assert_true(len == 6);
    asm_image_free(&img);
    free(d);
}

static void test_e21_mova(void **state)
{
    (void)state;
    expect_words("movad,0 area=0, ind=0, am=1, be=0, %r4", 0x00001011,
                 0xc0001000, 0x84004001, 0);
}

static void test_e22_wait_and_nop(void **state)
{
    (void)state;
    expect_words("    {\n"
                 "        wait all_c=1, st_c=1\n"
                 "        nop 7\n"
                 "    }\n",
                 0x00008381, 0x30000005);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isa_addd_small_immediates),
        cmocka_unit_test(test_isa_disp_forward),
        cmocka_unit_test(test_isa_sdisp),
        cmocka_unit_test(test_isa_return),
        cmocka_unit_test(test_isa_ct),
        cmocka_unit_test(test_isa_call),
        cmocka_unit_test(test_isa_setwd_setbn),
        cmocka_unit_test(test_isa_32bit_literal),
        cmocka_unit_test(test_isa_predicated_op),
        cmocka_unit_test(test_isa_pls_andp),
        cmocka_unit_test(test_isa_nop5),
        cmocka_unit_test(test_e1),
        cmocka_unit_test(test_e2_16bit_literal_high_half),
        cmocka_unit_test(test_e3_three_ops_ales_literal),
        cmocka_unit_test(test_e3_src2_has_only_imm4),
        cmocka_unit_test(test_e4_window_and_rotation),
        cmocka_unit_test(test_e5_compare_then_predicated),
        cmocka_unit_test(test_e6_call_and_return),
        cmocka_unit_test(test_e7_counted_loop),
        cmocka_unit_test(test_e8_syscall_literal_address),
        cmocka_unit_test(test_e9_predicate_logic),
        cmocka_unit_test(test_e10_merge),
        cmocka_unit_test(test_e11_addresses),
        cmocka_unit_test(test_e12_speculative_load),
        cmocka_unit_test(test_e13_ibranch),
        cmocka_unit_test(test_e14_state_registers),
        cmocka_unit_test(test_e15_bit_fields),
        cmocka_unit_test(test_e16_rotation),
        cmocka_unit_test(test_e17_explicit_placement),
        cmocka_unit_test(test_e18_indirect_jump),
        cmocka_unit_test(test_e19_mas),
        cmocka_unit_test(test_e20_data_and_sections),
        cmocka_unit_test(test_e21_mova),
        cmocka_unit_test(test_e22_wait_and_nop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
