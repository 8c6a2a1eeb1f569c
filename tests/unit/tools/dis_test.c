/*
 * dis_test.c — the disassembler against the worked encodings of e2k-isa.md
 * §1.6 and the byte examples of e2k-asm-syntax.md §8, then one bundle per
 * ALU operation format (ALOPF1..22, merge, AAU), in the MCST objdump
 * listing format. Every bundle must also print in gas syntax without
 * falling back to data (dis_testlib.h).
 */
#include "dis_testlib.h"

/* ---- e2k-isa.md §1.6 ---------------------------------------------------- */

#define EXPECT_WORDS(isa, want, ...)                                         \
    do {                                                                     \
        const uint32_t w_[] = {__VA_ARGS__};                                 \
        uint8_t b_[64];                                                      \
        size_t n_ = words(b_, w_, sizeof w_ / sizeof w_[0]);                 \
        expect_bytes(b_, n_, isa, want);                                     \
    } while (0)

static void worked_addd_imm(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  addd,0 0x0, 0x1, %dr0\n", 0x04000001, 0x11C0C180);
}

static void worked_disp(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  disp %ctpr1, 0x10020\n", 0x00004001, 0x40000004);
}

static void worked_sdisp(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  sdisp %ctpr1, 0x3\n", 0x00004001, 0x60000003);
}

static void worked_return(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  return %ctpr3\n", 0x00004001, 0xF0000000);
}

static void worked_ct(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  ct %ctpr1\n  ipd 3\n", 0x00001001, 0xC0000420);
}

static void worked_call(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  ipd 3\n  call %ctpr1, wbs = 0x4\n", 0x00009012,
                 0xC0000420, 0x50000004, 0);
}

static void worked_setwd_setbn(void **state)
{
    (void)state;
    EXPECT_WORDS(5,
                 "  setwd wsz = 0x8, nfx = 0x1, dbl = 0x0\n"
                 "  setbn rbs = 0x4, rsz = 0x3, rcur = 0x0\n",
                 0x00008011, 0x040000C4, 0, 0x00000110);
}

static void worked_lit32(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  addd,0 0x0, _f32s 0x12345678, %dr1\n", 0x04000011,
                 0x11C0D881, 0, 0x12345678);
}

static void worked_rlp(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  addd,0 %dr1, 0x1, %dr2 ? %pred3\n", 0x04010011,
                 0x1181C182, 0, 0x04630000);
}

static void worked_pls(void **state)
{
    (void)state;
    EXPECT_WORDS(5,
                 "  pass %pred0, @p0\n  pass %pred1, @p1\n"
                 "  andp @p0, @p1, @p4\n  pass @p4, %pred2\n",
                 0x00040000, 0x60610062);
}

static void worked_nop5(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  nop 5\n", 0x00000280, 0);
}

static void empty_bundle_is_nop(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  nop\n", 0x00000000, 0);
}

/* ---- e2k-asm-syntax.md §8 ----------------------------------------------- */

static void ex2_lit16_high_half(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  addd,1 %dr2, _f16s 0x10, %dr3\n", 0x08000011,
                 0x1182D483, 0, 0x00100000);
}

static void ex3_three_ops(void **state)
{
    (void)state;
    EXPECT_WORDS(5,
                 "  addd,0 0x0, _f32s 0x12345678, %dr3\n"
                 "  muld,1 %dr0, %dr1, %dr2\n"
                 "  ands,3 0x1f, %r4, %r5\n",
                 0x2C200023, 0x11C0D883, 0x21808182, 0x00DF8485, 0x01C00000,
                 0x12345678);
}

static void ex4_setwd_setbn(void **state)
{
    (void)state;
    EXPECT_WORDS(5,
                 "  setwd wsz = 0x10, nfx = 0x1, dbl = 0x0\n"
                 "  setbn rbs = 0x8, rsz = 0x7, rcur = 0x0\n",
                 0x00008011, 0x040001C8, 0, 0x00000210);
}

static void ex5_compare_and_rlp(void **state)
{
    (void)state;
    EXPECT_WORDS(5, "  nop 2\n  cmpesb,0 %r0, 0x5, %pred1\n", 0x04000101,
                 0x2080C541);
    EXPECT_WORDS(5, "  addd,2 %dr1, 0x1, %dr1 ? ~%pred1\n", 0x10010011,
                 0x1181C181, 0, 0x12610000);
}

static void ex9_landp(void **state)
{
    (void)state;
    EXPECT_WORDS(5,
                 "  pass %pred0, @p0\n  pass %pred1, @p1\n"
                 "  landp @p0, ~@p1, @p4\n  pass @p4, %pred5\n",
                 0x00040000, 0x60614265);
}

static void ex10_merge(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x0f, 0x81, 0x82, 0x83)},
                   .n_cds = 1, .cds = {0x84640000}};
    expect_dis(&p, "  merged,0 %dr1, %dr2, %dr3, %pred4\n");
}

static void ex13_ibranch(void **state)
{
    (void)state;
    struct pk p = {.has_ss = 1, .ss = 0xC0000043, .has_cs0 = 1, .cs0 = 4};
    expect_dis(&p, "  ipd 3\n  ibranch 0x10020 ? %pred3\n");
    expect_gas(&p, "{\n  ipd 3\n  ibranch 0x4 ? %pred3 ! 0x10020\n}\n");
}

static void ex14_state_registers(void **state)
{
    (void)state;
    struct pk r = {.al = 1, .als = {0x3F83C086}, .ale = 1,
                   .ales = {0x01c0}};
    expect_dis(&r, "  rrd,0 %lsr, %dr6\n");
    struct pk w = {.al = 1, .als = {0x3DC08683}, .ale = 1,
                   .ales = {0x01c0}};
    expect_dis(&w, "  rwd,0 %dr6, %lsr\n");
}

static void ex17_explicit_literals(void **state)
{
    (void)state;
    struct pk p = {.al = 3,
                   .als = {ALS(0x11, 0xc0, 0xd9, 0x81),
                           ALS(0x11, 0xc0, 0xde, 0x82)},
                   .n_lts = 4,
                   .lts = {0, 0x01000000, 0x55667788, 0x11223344}};
    expect_dis(&p, "  addd,0 0x0, _f32s 0x1000000, %dr1\n"
                   "  addd,1 0x0, _f64 0x1122334455667788, %dr2\n");
    expect_gas(&p, "{\n"
                   "  addd,0 0x0, _f32s,_lts1 0x1000000, %dr1\n"
                   "  addd,1 0x0, _f64,_lts2 0x1122334455667788, %dr2\n"
                   "}\n");
}

static void ex19_mas(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x67, 0x82, 0xc0, 0x83)},
                   .has_cs1 = 1, .cs1 = 0x61000000};
    expect_dis(&p, "  ldd,0 %dr2, 0x0, %dr3, mas = 0x8\n");
    expect_gas(&p, "{\n  ldd,0 %dr2, 0x0, %dr3, mas=0x8\n}\n");
}

static void ex21_mova(void **state)
{
    (void)state;
    struct pk p = {.has_ss = 1, .ss = 0xC0001000,
                   .aas = {0x8400, 0, 0x4001}};
    expect_dis(&p, "  ipd 3\n"
                   "  movad,0 area = 0, ind = 0, am = 1, be = 0, %dr4\n");
    expect_gas(&p, "{\n  ipd 3\n"
                   "  movad,0 area=0, ind=0, am=1, be=0, %r4\n}\n");
}

static void ex22_wait_nop(void **state)
{
    (void)state;
    struct pk p = {.nop = 7, .has_cs1 = 1, .cs1 = 0x30000005};
    expect_dis(&p, "  nop 7\n  wait sas = 0, trap = 0, ma_c = 0, fl_c = 0, "
                   "ld_c = 0, st_c = 1, all_e = 0, all_c = 1\n");
    expect_gas(&p, "{\n  nop 7\n  wait all_c=1, st_c=1\n}\n");
}

/* ---- formats ------------------------------------------------------------- */

static void fmt_alopf1_sxt_and_sm(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {0x80000000u | ALS(0x0c, 0xc2, 0x85, 0x86)}};
    expect_dis(&p, "  sxt,0,sm 0x2, %r5, %dr6\n");
}

static void fmt_registers_and_globals(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x11, 0x05, 0xe3, 0xff)}};
    expect_dis(&p, "  addd,0 %db[5], %dg3, %dg31\n");
}

static void fmt_alopf2_movtd_ctpr(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x61, 0xc0, 0x89, 0xd2)}};
    expect_dis(&p, "  movtd,0 %dr9, %ctpr2\n");
}

static void fmt_alopf3_store(void **state)
{
    (void)state;
    struct pk p = {.al = 4, .als = {0, 0, ALS(0x26, 0x84, 0xc8, 0x85)}};
    expect_dis(&p, "  stw,2 %dr4, 0x8, %r5\n");
    expect_gas(&p, "{\n  stw,2 %r5, %dr4, 0x8\n}\n");
}

static void fmt_alopf7_alopf8(void **state)
{
    (void)state;
    struct pk p = {.al = 9,
                   .als = {ALS(0x21, 0x81, 0xd4, 0xc7), 0, 0,
                           ALS(0x24, 0xc0, 0x81, 0x42)},
                   .n_lts = 1, .lts = {0x7fff0000}};
    expect_dis(&p, "  cmpldb,0 %dr1, _f16s 0x7fff, %pred7\n"
                   "  cctope,3 %r1, %pred2\n");
}

static void fmt_alopf10_staa_incr(void **state)
{
    (void)state;
    struct pk p = {.al = 4, .als = {0, 0, ALS(0x1c, 0x00, 0x35, 0x80)},
                   .ale = 4, .ales = {0, 0, 0x01c0},
                   .n_lts = 1, .lts = {0xeeee}};
    expect_dis(&p, "  staab,2 %r0, %aad0 [ %aasti0 + _f32s,_lts0 0xeeee ]\n"
                   "  incr,2 %aaincr3\n");
}

static void fmt_alopf11_and_lit8(void **state)
{
    (void)state;
    struct pk p = {.al = 2, .als = {0, ALS(0x1e, 0x81, 0x82, 0x83)},
                   .ale = 2, .ales = {0, 0x0103}};
    expect_dis(&p, "  pextrh,1 %dr1, %dr2, 0x3, %r3\n");
}

static void fmt_alopf11_on_channel5_needs_ales25(void **state)
{
    (void)state;
    /* fadds on ALC5 is EXT1 (0x02c0): the ALES5|ALES2 syllable is needed. */
    struct pk p = {.al = 0x20, .als = {[5] = ALS(0x30, 0x81, 0x82, 0x83)},
                   .ale = 0x20, .ales = {[5] = 0x02c0}};
    expect_dis(&p, "  fadds,5 %r1, %r2, %r3\n");
}

static void fmt_alopf11_merge_v6(void **state)
{
    (void)state;
    struct pk p = {.isa = 6, .al = 1, .als = {ALS(0x40, 0x81, 0x82, 0x83)},
                   .ale = 1, .ales = {0x01c0},
                   .n_cds = 1, .cds = {0x84e50000}};
    expect_dis(&p, "  pmrgp,0 %dr1, %dr2, %dr3, ~%pred5\n");
}

static void fmt_alopf12_getsp(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x58, 0xec, 0xd8, 0x84)}, .ale = 1,
                   .ales = {0x01c0}, .n_lts = 1, .lts = {0xffffffe0}};
    expect_dis(&p, "  getsp,0 _f32s 0xffffffe0, %dr4\n");
}

static void fmt_alopf12_pshufh(void **state)
{
    (void)state;
    struct pk p = {.al = 2, .als = {0, ALS(0x17, 0xc0, 0x82, 0x83)},
                   .ale = 2, .ales = {0, 0x011b}};
    expect_dis(&p, "  pshufh,1 %dr2, 0x1b, %dr3\n");
}

static void fmt_ibranchd_icalld_v6(void **state)
{
    (void)state;
    struct pk b = {.isa = 6, .has_ss = 1, .ss = 0xc0000041, .al = 1,
                   .als = {ALS(0x53, 0xc0, 0x82, 0x83)}, .ale = 1,
                   .ales = {0x01c0}};
    expect_dis(&b, "  ipd 3\n  ibranchd,0 %dr2, %dr3 ? %pred1\n");
    struct pk c = {.isa = 6, .has_ss = 1, .ss = 0xc0000020, .al = 1,
                   .als = {ALS(0x54, 0x04, 0x82, 0x83)}, .ale = 1,
                   .ales = {0x01c0}};
    expect_dis(&c, "  ipd 3\n  icalld,0 wbs = 0x4, %dr2, %dr3\n");
}

static void fmt_alopf13_long_store(void **state)
{
    (void)state;
    struct pk p = {.al = 4, .als = {0, 0, ALS(0x27, 0x81, 0x82, 0x83)},
                   .ale = 4, .ales = {0, 0, 0x01c0}};
    expect_dis(&p, "  stgdd,2 %r1, %r2, %dr3\n");
    expect_gas(&p, "{\n  stgdd,2 %dr3, %r1, %r2\n}\n");
}

static void fmt_alopf15_rws(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x3c, 0xc0, 0x86, 0x80)}, .ale = 1,
                   .ales = {0x01c0}};
    expect_dis(&p, "  rws,0 %r6, %upsr\n");
}

static void fmt_alopf17_v6(void **state)
{
    (void)state;
    struct pk p = {.isa = 6, .al = 1, .als = {ALS(0x28, 0x81, 0x82, 0x03)},
                   .ale = 1, .ales = {0x02c0}};
    expect_dis(&p, "  pcmpeqbop,0 %dr1, %dr2, %pred3\n");
}

static void fmt_alopf19_ldaa(void **state)
{
    (void)state;
    struct pk p = {.al = 4, .als = {0, 0, ALS(0x5c, 0x09, 0x00, 0x84)},
                   .ale = 4, .ales = {0, 0, 0x01c0}};
    expect_dis(&p, "  ldaab,2 %aad1 [ %aasti2 ], %r4\n");
}

static void fmt_alopf21_insfd(void **state)
{
    (void)state;
    struct pk p = {.al = 2, .als = {0, ALS(0x6d, 0x81, 0x82, 0x84)},
                   .ale = 2, .ales = {0, 0x0b83}};
    expect_dis(&p, "  insfd,1 %dr1, %dr2, %dr3, %dr4\n");
}

static void fmt_alopf21_combined(void **state)
{
    (void)state;
    /* add_subd: ICMB2 opc 0x31 (e2k-isa.md §5.7). */
    struct pk p = {.al = 0x10, .als = {[4] = ALS(0x31, 0x81, 0x82, 0x84)},
                   .ale = 0x10, .ales = {[4] = 0x0a83}};
    expect_dis(&p, "  add_subd,4 %dr1, %dr2, %dr3, %dr4\n");
}

static void fmt_alopf22_movtq_pair_printed_once(void **state)
{
    (void)state;
    struct pk p = {.al = 3,
                   .als = {ALS(0x57, 0xc0, 0x82, 0x84),
                           ALS(0x57, 0xc0, 0x83, 0x85)},
                   .ale = 3, .ales = {0x01c0, 0x01c0}};
    expect_dis(&p, "  movtq,0 %qr2, %qr4\n");
}

static void pair_rules_differ_between_syntaxes(void **state)
{
    (void)state;
    /* stq is a (2,5) pair for gas; binutils prints both halves. */
    struct pk p = {.al = 0x24,
                   .als = {[2] = ALS(0x01, 0x81, 0xc8, 0x86),
                           [5] = ALS(0x01, 0x81, 0xc8, 0x87)},
                   .ale = 0x24, .ales = {[2] = 0x01c0, [5] = 0x01c0}};
    expect_dis(&p, "  stq,2 %dr1, 0x8, %qr6\n  stq,5 %dr1, 0x8, %qr7\n");
    expect_gas(&p, "{\n  stq,2 %qr6, %dr1, 0x8\n}\n");
}

static void mova_quad_pair_in_gas_syntax(void **state)
{
    (void)state;
    /* movaq,0 area=1, ind=2, am=1 fills channels 0 and 1 (ind + 8 in the
     * upper half); gas wants unprefixed mova destinations. */
    struct pk p = {.has_ss = 1, .ss = 0xC0003000,
                   .aas = {0x8485, 0, 0x5045, 0x5055}};
    expect_dis(&p, "  ipd 3\n"
                   "  movaq,0 area = 1, ind = 2, am = 1, be = 0, %qr4\n"
                   "  movaq,1 area = 1, ind = 10, am = 1, be = 0, %qr5\n");
    expect_gas(&p, "{\n  ipd 3\n  movaq,0 area=1, ind=2, am=1, be=0, %r4\n}\n");
}

static void fmt_aau_registers(void **state)
{
    (void)state;
    struct pk w = {.al = 4, .als = {0, 0, ALS(0x1e, 0x28, 0x00, 0x81)},
                   .ale = 4, .ales = {0, 0, 0x01c0}, .has_cs1 = 1,
                   .cs1 = 0x600fc000};
    expect_dis(&w, "  aaurw,2 %r1, %aad5\n");
    struct pk r = {.al = 0x20, .als = {[5] = ALS(0x5e, 0x01, 0x84, 0x87)},
                   .ale = 0x20, .ales = {[5] = 0x01c0}, .has_cs1 = 1,
                   .cs1 = 0x6000003f};
    expect_dis(&r, "  aaurr,5 %aasti3, %r7\n");
}

static void fmt_empty_destinations(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x11, 0x81, 0x82, 0xdf)}};
    expect_dis(&p, "  addd,0 %dr1, %dr2, %empty.hi\n");
    expect_gas(&p, "{\n  addd,0 %dr1, %dr2, %empty\n}\n");
    /* 0xde alone: gas has no name for it (listing only). */
    struct pk lo = {.al = 2, .als = {0, ALS(0x11, 0x81, 0x82, 0xde)}};
    expect_mcst(&lo, "  addd,1 %dr1, %dr2, %empty.lo\n");
    /* A pair op to %empty: gas writes 0xde, 0xdf. */
    struct pk q = {.al = 3,
                   .als = {ALS(0x57, 0xc0, 0x82, 0xde),
                           ALS(0x57, 0xc0, 0x83, 0xdf)},
                   .ale = 3, .ales = {0x01c0, 0x01c0}};
    expect_dis(&q, "  movtq,0 %qr2, %empty.lo\n");
    expect_gas(&q, "{\n  movtq,0 %qr2, %empty\n}\n");
}

static void fmt_literal_64_high_word_zero(void **state)
{
    (void)state;
    struct pk p = {.al = 2, .als = {0, ALS(0x11, 0xc0, 0xdd, 0x8c)},
                   .n_lts = 3, .lts = {0, 0x1a08, 0}};
    expect_dis(&p, "  addd,1 0x0, _f64 0x1a08, %dr12\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_addd_imm),
        cmocka_unit_test(worked_disp),
        cmocka_unit_test(worked_sdisp),
        cmocka_unit_test(worked_return),
        cmocka_unit_test(worked_ct),
        cmocka_unit_test(worked_call),
        cmocka_unit_test(worked_setwd_setbn),
        cmocka_unit_test(worked_lit32),
        cmocka_unit_test(worked_rlp),
        cmocka_unit_test(worked_pls),
        cmocka_unit_test(worked_nop5),
        cmocka_unit_test(empty_bundle_is_nop),
        cmocka_unit_test(ex2_lit16_high_half),
        cmocka_unit_test(ex3_three_ops),
        cmocka_unit_test(ex4_setwd_setbn),
        cmocka_unit_test(ex5_compare_and_rlp),
        cmocka_unit_test(ex9_landp),
        cmocka_unit_test(ex10_merge),
        cmocka_unit_test(ex13_ibranch),
        cmocka_unit_test(ex14_state_registers),
        cmocka_unit_test(ex17_explicit_literals),
        cmocka_unit_test(ex19_mas),
        cmocka_unit_test(ex21_mova),
        cmocka_unit_test(ex22_wait_nop),
        cmocka_unit_test(fmt_alopf1_sxt_and_sm),
        cmocka_unit_test(fmt_registers_and_globals),
        cmocka_unit_test(fmt_alopf2_movtd_ctpr),
        cmocka_unit_test(fmt_alopf3_store),
        cmocka_unit_test(fmt_alopf7_alopf8),
        cmocka_unit_test(fmt_alopf10_staa_incr),
        cmocka_unit_test(fmt_alopf11_and_lit8),
        cmocka_unit_test(fmt_alopf11_on_channel5_needs_ales25),
        cmocka_unit_test(fmt_alopf11_merge_v6),
        cmocka_unit_test(fmt_alopf12_getsp),
        cmocka_unit_test(fmt_alopf12_pshufh),
        cmocka_unit_test(fmt_ibranchd_icalld_v6),
        cmocka_unit_test(fmt_alopf13_long_store),
        cmocka_unit_test(fmt_alopf15_rws),
        cmocka_unit_test(fmt_alopf17_v6),
        cmocka_unit_test(fmt_alopf19_ldaa),
        cmocka_unit_test(fmt_alopf21_insfd),
        cmocka_unit_test(fmt_alopf21_combined),
        cmocka_unit_test(fmt_alopf22_movtq_pair_printed_once),
        cmocka_unit_test(pair_rules_differ_between_syntaxes),
        cmocka_unit_test(mova_quad_pair_in_gas_syntax),
        cmocka_unit_test(fmt_aau_registers),
        cmocka_unit_test(fmt_empty_destinations),
        cmocka_unit_test(fmt_literal_64_high_word_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
