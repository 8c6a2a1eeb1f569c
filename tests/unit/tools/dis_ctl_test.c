/*
 * dis_ctl_test.c — every CS0, CS1 and SS kind, every transfer condition,
 * RLP/MRGC conditions and PLS ops, in the MCST listing format; where gas
 * wants other words, the gas syntax too.
 */
#include "dis_testlib.h"

/* SS with ipd 3, type 0, the given ctop and ctcond. */
#define SS_CT(ctop, cond) (0xC0000000u | (uint32_t)(ctop) << 10 | (cond))

static void ct_conditions(void **state)
{
    (void)state;
    static const struct {
        uint32_t cond;
        const char *text;
    } k[] = {
        {0x020, "  ct %ctpr2\n  ipd 3\n"},
        {0x045, "  ct %ctpr2 ? %pred5\n  ipd 3\n"},
        {0x065, "  ct %ctpr2 ? ~%pred5\n  ipd 3\n"},
        {0x080, "  ct %ctpr2 ? %LOOP_END\n  ipd 3\n"},
        {0x0a0, "  ct %ctpr2 ? %NOT_LOOP_END\n  ipd 3\n"},
        {0x0c5, "  ct %ctpr2 ? %pred5 || %LOOP_END\n  ipd 3\n"},
        {0x0e5, "  ct %ctpr2 ? ~%pred5 && %NOT_LOOP_END\n  ipd 3\n"},
        {0x1c5, "  ct %ctpr2 ? ~%pred5 || %LOOP_END\n  ipd 3\n"},
        {0x1e5, "  ct %ctpr2 ? %pred5 && %NOT_LOOP_END\n  ipd 3\n"},
        {0x000, "  ipd 3\n"}, /* never: objdump hides the ct */
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        struct pk p = {.has_ss = 1, .ss = SS_CT(2, k[i].cond)};
        expect_dis(&p, k[i].text);
    }
    /* gas accepts %MLOCK only after ibranch: listing only. */
    struct pk m = {.has_ss = 1, .ss = SS_CT(2, 0x100)};
    expect_mcst(&m, "  ct %ctpr2 ? %MLOCK\n  ipd 3\n");
    struct pk d = {.has_ss = 1, .ss = SS_CT(2, 0x10b)};
    expect_mcst(&d, "  ct %ctpr2 ? %MLOCK || %dt_al014\n  ipd 3\n");
}

static void ct_conditions_gas(void **state)
{
    (void)state;
    struct pk a = {.has_ss = 1, .ss = SS_CT(2, 0x0c5)};
    expect_gas(&a, "{\n  ct %ctpr2 ? %pred5 || #LOOP_END\n  ipd 3\n}\n");
    struct pk b = {.has_ss = 1, .ss = SS_CT(2, 0x000)};
    expect_gas(&b, "{\n  ct %ctpr2 ? #never\n  ipd 3\n}\n");
}

static void ibranch_mlock_is_gas_text(void **state)
{
    (void)state;
    /* gas's rbranch/ibranch ? %MLOCK: SS ctcond type 8, ctop 0. */
    struct pk p = {.has_ss = 1, .ss = SS_CT(0, 0x100), .has_cs0 = 1,
                   .cs0 = 0x00000004};
    expect_dis(&p, "  ipd 3\n  ibranch 0x10020 ? %MLOCK\n");
    expect_gas(&p, "{\n  ipd 3\n  ibranch 0x4 ? %MLOCK ! 0x10020\n}\n");
}

static void ss_stubs(void **state)
{
    (void)state;
    /* eap, bap, srp, vfdi, abg 1/0, abn 1/1, abp 0/1, alc 1/0, ipd 2. */
    uint32_t ss = 0x80000000u | 1u << 29 | 1u << 28 | 1u << 27 | 1u << 26 |
                  2u << 23 | 3u << 21 | 1u << 18 | 2u << 16;
    struct pk p = {.has_ss = 1, .ss = ss};
    expect_dis(&p, "  ipd 2\n  eap\n  bap\n  srp\n  vfdi\n"
                   "  abg abgi=1, abgd=0\n  abn abnf=1, abnt=1\n"
                   "  abp abpf=0, abpt=1\n  alc alcf=1, alct=0\n");
    expect_gas(&p, "{\n  ipd 2\n  eap\n  bap\n  srp\n  vfdi\n  abg 2\n"
                   "  abn abnf=1, abnt=1\n  abp abpf=0, abpt=1\n"
                   "  alc alcf=1, alct=0\n}\n");
}

static void ss_crp_slrp(void **state)
{
    (void)state;
    struct pk c = {.has_ss = 1, .ss = 0xC0000000u | 1u << 25};
    expect_dis(&c, "  ipd 3\n  crp\n");
    struct pk s = {.has_ss = 1, .ss = 0xC0000000u | 1u << 25 | 1u << 27};
    expect_dis(&s, "  ipd 3\n  slrp\n");
}

static void hs_loop_mode_and_set_mark(void **state)
{
    (void)state;
    struct pk p = {.lm = 1, .nop = 1, .has_ss = 1, .ss = 0xC0010000};
    expect_dis(&p, "  loop_mode\n  nop 1\n  ipd 3\n  alc alcf=0, alct=1\n");
    struct pk m = {.sw = 1, .nop = 3};
    expect_gas(&m, "{\n  nop 3\n  set_mark\n}\n");
}

static void cs0_kinds(void **state)
{
    (void)state;
    struct pk ld = {.has_cs0 = 1, .cs0 = 0x90000002};
    expect_dis(&ld, "  ldisp %ctpr2, 0x10010\n");
    struct pk back = {.has_cs0 = 1, .cs0 = 0x4ffffffe};
    expect_dis(&back, "  disp %ctpr1, 0xfff0\n");
    expect_gas(&back, "{\n  disp %ctpr1, -0x2 ! 0xfff0\n}\n");
    struct pk pref = {.has_cs0 = 1, .cs0 = 0x1000012d};
    expect_dis(&pref, "  pref %ipr5, disp = 0x12, ipd = 1\n");
    struct pk gettsd = {.has_cs0 = 1, .cs0 = 0x70000001};
    expect_dis(&gettsd, "  gettsd %ctpr1\n");
    struct pk done = {.has_ss = 1, .ss = SS_CT(0, 0x20), .has_cs0 = 1,
                      .cs0 = 0x30000000};
    expect_dis(&done, "  ipd 3\n  done\n");
}

static void cs1_set_group(void **state)
{
    (void)state;
    struct pk bp = {.has_cs1 = 1, .cs1 = 0x48080000};
    expect_dis(&bp, "  setbp psz = 0x2\n");
    struct pk all = {.has_cs1 = 1, .cs1 = 0x0c0831c4, .n_lts = 1,
                     .lts = {0x00000118}};
    expect_dis(&all, "  setwd wsz = 0x8, nfx = 0x1, dbl = 0x1\n"
                     "  setbn rbs = 0x4, rsz = 0x7, rcur = 0x3\n"
                     "  setbp psz = 0x2\n");
    expect_gas(&all, "{\n  setwd wsz=0x8, nfx=0x1, dbl=0x1\n"
                     "  setbn rsz=0x7, rbs=0x4, rcur=0x3\n"
                     "  setbp psz=0x2\n}\n");
    struct pk v2 = {.isa = 2, .has_cs1 = 1, .cs1 = 0, .n_lts = 1,
                    .lts = {0x110}};
    expect_dis(&v2, "  setwd wsz = 0x8, nfx = 0x1\n");
}

static void cs1_vfrpsz(void **state)
{
    (void)state;
    struct pk p = {.has_cs1 = 1, .cs1 = 0x10000000, .n_lts = 1,
                   .lts = {0x00003110}};
    expect_dis(&p, "  vfrpsz rpsz = 0x3\n"
                   "  setwd wsz = 0x8, nfx = 0x1, dbl = 0x0\n");
    /* gas stores rpsz - 1 (tc-e2k.c param_dnlim). */
    expect_gas(&p, "{\n  vfrpsz rpsz=0x4\n"
                   "  setwd wsz=0x8, nfx=0x1, dbl=0x0\n}\n");
}

static void cs1_setei_setsft_flush(void **state)
{
    (void)state;
    struct pk e = {.has_cs1 = 1, .cs1 = 0x20000012};
    expect_dis(&e, "  setei 0x12\n");
    struct pk s = {.has_cs1 = 1, .cs1 = 0x28000000};
    expect_dis(&s, "  setsft\n");
    struct pk f = {.has_cs1 = 1, .cs1 = 0x70000003};
    expect_dis(&f, "  flushr\n  flushc\n");
    struct pk g = {.isa = 6, .has_cs1 = 1, .cs1 = 0x7000000c};
    expect_dis(&g, "  fillr\n  fillc\n");
}

static void cs1_wait_versions(void **state)
{
    (void)state;
    struct pk v5 = {.has_cs1 = 1, .cs1 = 0x3000018f};
    expect_dis(&v5, "  wait sal = 1, sas = 1, trap = 0, ma_c = 0, fl_c = 0, "
                    "ld_c = 1, st_c = 1, all_e = 1, all_c = 1\n");
    struct pk v3 = {.isa = 3, .has_cs1 = 1, .cs1 = 0x30000042};
    expect_dis(&v3, "  wait trap = 1, ma_c = 0, fl_c = 0, ld_c = 0, "
                    "st_c = 0, all_e = 1, all_c = 0\n");
}

static void cs1_vfbg(void **state)
{
    (void)state;
    struct pk p = {.has_cs1 = 1, .cs1 = 0x80012345};
    expect_mcst(&p, "  vfbg umask = 0x45, dmask = 0x23, chkm4 = 0x1\n");
}

static void call_with_condition(void **state)
{
    (void)state;
    struct pk p = {.has_ss = 1, .ss = SS_CT(3, 0x67), .has_cs1 = 1,
                   .cs1 = 0x50000008};
    expect_dis(&p, "  ipd 3\n  call %ctpr3, wbs = 0x8 ? ~%pred7\n");
    expect_gas(&p, "{\n  ipd 3\n  call %ctpr3, wbs=0x8 ? ~%pred7\n}\n");
}

static void icall_v6(void **state)
{
    (void)state;
    struct pk p = {.isa = 6, .has_ss = 1, .ss = SS_CT(0, 0x20),
                   .has_cs0 = 1, .cs0 = 0x00000010, .has_cs1 = 1,
                   .cs1 = 0x50000084};
    expect_dis(&p, "  ipd 3\n  icall 0x10, wbs = 0x4\n");
}

static void rlp_pred_and_pcnt(void **state)
{
    (void)state;
    /* ALC0: %pred2 (CDS0 high half) and ~%pcnt1 (low half); binutils
     * prints the low half of each CDS first. */
    struct pk p = {.al = 1, .als = {ALS(0x11, 0x81, 0x82, 0x83)},
                   .n_cds = 1, .cds = {0x0462 << 16 | 0x04c1}};
    expect_dis(&p, "  addd,0 %dr1, %dr2, %dr3 ? ~%pcnt1, %pred2\n");
}

static void rlp_shared_half(void **state)
{
    (void)state;
    /* One RLP half for channels 0 and 1, negated for 1. */
    struct pk p = {.al = 3,
                   .als = {ALS(0x10, 0x81, 0x82, 0x83),
                           ALS(0x10, 0x84, 0x85, 0x86)},
                   .n_cds = 1, .cds = {(0x0c00 | 0x0100 | 0x64) << 16}};
    expect_dis(&p, "  adds,0 %r1, %r2, %r3 ? %pred4\n"
                   "  adds,1 %r4, %r5, %r6 ? ~%pred4\n");
}

static void pls_movep_and_cascade(void **state)
{
    (void)state;
    /* PLS0: elp0 %pred1, elp1 %pred2, CLP0 andp @p0, ~@p1 -> @p4.
     * PLS1: elp0 %pred3, CLP1 movep @p4, @p2 -> @p5, pass to %pred9. */
    uint32_t pls0 = 0x61u << 24 | 0x62u << 16 | (0x0000 | 0 << 10 | 1 << 9 | 1 << 6);
    uint32_t pls1 = 0x63u << 24 | 0x00u << 16 |
                    (0xc000 | 4 << 10 | 2 << 6 | 1 << 5 | 9);
    struct pk p = {.n_pls = 2, .pls = {pls0, pls1}};
    expect_dis(&p, "  pass %pred3, @p2\n"
                   "  movep @p4, @p2, @p5\n  pass @p5, %pred9\n"
                   "  pass %pred1, @p0\n  pass %pred2, @p1\n"
                   "  andp @p0, ~@p1, @p4\n");
}

static void pls_unused_elp_hidden_in_listing(void **state)
{
    (void)state;
    /* An ELP nobody reads is not shown by objdump; gas syntax keeps it. */
    struct pk p = {.n_pls = 1, .pls = {0x65000000}};
    expect_dis(&p, "");
    expect_gas(&p, "{\n  pass %pred5, @p0\n}\n");
}

static void pls_rndpred_and_spred(void **state)
{
    (void)state;
    struct pk p = {.n_pls = 1, .pls = {0x45u << 24 | 0x03u << 16 | 0x65}};
    expect_dis(&p, "  pass %rndpred5, @p0\n  pass %spred01, @p1\n"
                   "  andp @p0, @p1, @p4\n  pass @p4, %pred5\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ct_conditions),
        cmocka_unit_test(ct_conditions_gas),
        cmocka_unit_test(ibranch_mlock_is_gas_text),
        cmocka_unit_test(ss_stubs),
        cmocka_unit_test(ss_crp_slrp),
        cmocka_unit_test(hs_loop_mode_and_set_mark),
        cmocka_unit_test(cs0_kinds),
        cmocka_unit_test(cs1_set_group),
        cmocka_unit_test(cs1_vfrpsz),
        cmocka_unit_test(cs1_setei_setsft_flush),
        cmocka_unit_test(cs1_wait_versions),
        cmocka_unit_test(cs1_vfbg),
        cmocka_unit_test(call_with_condition),
        cmocka_unit_test(icall_v6),
        cmocka_unit_test(rlp_pred_and_pcnt),
        cmocka_unit_test(rlp_shared_half),
        cmocka_unit_test(pls_movep_and_cascade),
        cmocka_unit_test(pls_unused_elp_hidden_in_listing),
        cmocka_unit_test(pls_rndpred_and_spred),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
