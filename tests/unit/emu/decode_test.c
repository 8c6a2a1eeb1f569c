/*
 * decode_test.c — dec_bundle() against the worked encodings of e2k-isa.md
 * §1.6 and the byte examples of e2k-asm-syntax.md §8, plus one test per error
 * path and per layout quirk (ALES2/5, half-syllable order, LTS from the end).
 *
 * Bundles are written as 32-bit syllables in memory order, as both documents
 * give them; mk() lays them out little-endian.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "emu/decode.h"
#include "emu/isa_fields.h"

#define V5 5

static size_t mk(uint8_t *buf, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf[4 * i] = (uint8_t)w[i];
        buf[4 * i + 1] = (uint8_t)(w[i] >> 8);
        buf[4 * i + 2] = (uint8_t)(w[i] >> 16);
        buf[4 * i + 3] = (uint8_t)(w[i] >> 24);
    }
    return 4 * n;
}

/* Decode syllables `w` at `isa`; returns the DEC_E_* code. */
static int dec_words(const uint32_t *w, size_t n, unsigned isa,
                     struct dec_bundle *b, struct dec_err *e)
{
    uint8_t buf[DEC_MAX_BUNDLE];
    size_t len = mk(buf, w, n);
    return dec_bundle(buf, len, 0x10000, isa, b, e);
}

#define DEC_OK_WORDS(b, isa, ...)                                            \
    do {                                                                     \
        const uint32_t w_[] = {__VA_ARGS__};                                 \
        struct dec_err e_;                                                   \
        int rc_ = dec_words(w_, sizeof w_ / sizeof w_[0], isa, b, &e_);      \
        if (rc_ != 0)                                                        \
            fail_msg("decode failed: %d %s", rc_, e_.msg);                   \
        assert_int_equal((b)->len, sizeof w_);                               \
    } while (0)

static int dec_err_words(const uint32_t *w, size_t n, unsigned isa, int *ch)
{
    struct dec_bundle b;
    struct dec_err e;
    int rc = dec_words(w, n, isa, &b, &e);
    assert_int_equal(rc, e.code);
    assert_true(rc == 0 || e.msg[0] != 0);
    if (ch)
        *ch = e.channel;
    return rc;
}

#define DEC_ERR(isa, ...)                                                    \
    dec_err_words((const uint32_t[]){__VA_ARGS__},                           \
                  sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t), \
                  isa, NULL)

static void assert_opnd(const struct dec_opnd *o, unsigned kind, unsigned num)
{
    assert_int_equal(o->kind, kind);
    assert_int_equal(o->num, num);
}

static void assert_imm(const struct dec_opnd *o, uint64_t val)
{
    assert_int_equal(o->kind, DEC_O_IMM);
    assert_int_equal(o->val, val);
}

static void assert_op(const struct dec_alop *a, const char *name)
{
    assert_non_null(a->op);
    assert_string_equal(a->op->name, name);
}

/* ---- e2k-isa.md §1.6 -------------------------------------------------- */

static void test_isa16_addd_imm(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x01, 0x00, 0x00, 0x04, 0x80, 0xc1, 0xc0, 0x11};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0x1000, V5, &b, NULL), 0);
    assert_int_equal(b.hs, 0x04000001);
    assert_int_equal(b.len, 8);
    assert_int_equal(b.n_lts, 0);
    assert_int_equal(b.alop[0].als, 0x11c0c180);
    assert_op(&b.alop[0], "addd");
    assert_imm(&b.alop[0].src1, 0);
    assert_imm(&b.alop[0].src2, 1);
    assert_opnd(&b.alop[0].dst, DEC_O_RREG, 0);
    assert_int_equal(b.alop[0].src3.kind, DEC_O_NONE);
    for (int i = 1; i < 6; i++)
        assert_null(b.alop[i].op);
}

static void test_isa16_disp(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x01, 0x40, 0x00, 0x00, 0x04, 0x00, 0x00, 0x40};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_int_equal(b.hs, 0x00004001);
    assert_true(b.has_cs0);
    assert_int_equal(b.cs0, 0x40000004);
    assert_int_equal(CS0_CTPR(b.cs0), 1);
    assert_int_equal(CS0_OPC(b.cs0), 0);
    assert_int_equal(CS0_DISP_SEXT(b.cs0) * 8, 0x20);
}

static void test_isa16_sdisp_return(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00004001, 0x60000003);
    assert_int_equal(CS0_OPC(b.cs0), 2);
    assert_int_equal(CS0_PARAM(b.cs0), 3);
    DEC_OK_WORDS(&b, V5, 0x00004001, 0xf0000000);
    assert_int_equal(CS0_CTPR(b.cs0), 3);
    assert_int_equal(CS0_OPC(b.cs0), 3);
}

static void test_isa16_ct(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00001001, 0xc0000420);
    assert_true(b.has_ss);
    assert_int_equal(SS_IPD(b.ss), 3);
    assert_int_equal(SS_CTOP(b.ss), 1);
    assert_int_equal(SS_CTCOND_TYPE(b.ss), CT_ALWAYS);
}

static void test_isa16_call(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x12, 0x90, 0x00, 0x00, 0x20, 0x04, 0x00, 0xc0,
                             0x04, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_int_equal(b.len, 16);
    assert_true(b.has_ss && b.has_cs1 && !b.has_cs0);
    assert_int_equal(b.cs1, 0x50000004);
    assert_int_equal(CS1_OPC(b.cs1), CS1_CALL);
    assert_int_equal(CS1_WBS(b.cs1), 4);
    assert_int_equal(b.n_lts, 1); /* the pad word shows up as LTS0 */
    assert_int_equal(b.lts[0], 0);
}

static void test_isa16_setwd_setbn(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x11, 0x80, 0x00, 0x00, 0xc4, 0x00, 0x00, 0x04,
                             0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x00, 0x00};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_int_equal(b.cs1, 0x040000c4);
    assert_int_equal(CS1_OPC(b.cs1), CS1_SETR0);
    assert_int_equal(CS1_SETBN(b.cs1), 1);
    assert_int_equal(CS1_RBS(b.cs1), 4);
    assert_int_equal(CS1_RSZ(b.cs1), 3);
    assert_int_equal(b.n_lts, 2);
    assert_int_equal(b.lts[0], 0x110);
    assert_int_equal(SETR_LTS_WSZ(b.lts[0]), 8);
    assert_int_equal(SETR_LTS_NFX(b.lts[0]), 1);
}

static void test_isa16_addd_lit32(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x11, 0x00, 0x00, 0x04, 0x81, 0xd8, 0xc0, 0x11,
                             0x00, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_op(&b.alop[0], "addd");
    assert_int_equal(b.alop[0].src2.kind, DEC_O_LIT);
    assert_int_equal(b.alop[0].src2.litfmt, DEC_LIT_32);
    assert_int_equal(b.alop[0].src2.lit_idx, 0);
    assert_int_equal(b.alop[0].src2.val, 0x12345678);
    assert_opnd(&b.alop[0].dst, DEC_O_RREG, 1);
}

static void test_isa16_addd_rlp(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x11, 0x00, 0x01, 0x04, 0x82, 0xc1, 0x81, 0x11,
                             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63, 0x04};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_int_equal(b.n_cds, 1);
    assert_int_equal(b.cds[0] >> 16, 0x0463);
    uint32_t rlp = b.cds[0] >> 16;
    assert_int_equal(CDS_OPC(rlp), CDS_RLP_LO);
    assert_int_equal(CDS_MASK(rlp), 1);
    assert_int_equal(CDS_PRED(rlp), 0x63);
    assert_opnd(&b.alop[0].src1, DEC_O_RREG, 1);
    assert_imm(&b.alop[0].src2, 1);
    assert_opnd(&b.alop[0].dst, DEC_O_RREG, 2);
    assert_int_equal(b.n_lts, 1);
}

static void test_isa16_pls(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x00, 0x00, 0x04, 0x00, 0x62, 0x00, 0x61, 0x60};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_int_equal(b.n_pls, 1);
    assert_int_equal(b.pls[0], 0x60610062);
    assert_int_equal(PLS_ELP0(b.pls[0]), 0x60);
    assert_int_equal(PLS_ELP1(b.pls[0]), 0x61);
    assert_int_equal(PLS_CLP_OPC(b.pls[0]), CLP_ANDP);
    assert_int_equal(PLS_P1(b.pls[0]), 1);
    assert_int_equal(PLS_VDST(b.pls[0]), 1);
    assert_int_equal(PLS_PDST(b.pls[0]), 2);
    assert_int_equal(b.n_lts, 0);
}

static void test_isa16_nop5(void **state)
{
    (void)state;
    const uint8_t bytes[] = {0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    struct dec_bundle b;
    assert_int_equal(dec_bundle(bytes, sizeof bytes, 0, V5, &b, NULL), 0);
    assert_int_equal(HS_NOP(b.hs), 5);
    assert_int_equal(b.len, 8);
    assert_int_equal(b.n_lts, 1);
}

/* ---- e2k-asm-syntax.md §8 --------------------------------------------- */

static void test_e2_lit16_hi(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x08000011, 0x1182d483, 0, 0x00100000);
    assert_op(&b.alop[1], "addd");
    assert_opnd(&b.alop[1].src1, DEC_O_RREG, 2);
    assert_int_equal(b.alop[1].src2.kind, DEC_O_LIT);
    assert_int_equal(b.alop[1].src2.litfmt, DEC_LIT_16HI);
    assert_int_equal(b.alop[1].src2.val, 0x10);
    assert_opnd(&b.alop[1].dst, DEC_O_RREG, 3);
}

static void test_e3_three_ops_ales1(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x2c200023, 0x11c0d883, 0x21808182, 0x00df8485,
                 0x01c00000, 0x12345678);
    assert_op(&b.alop[0], "addd");
    assert_int_equal(b.alop[0].src2.val, 0x12345678);
    assert_opnd(&b.alop[0].dst, DEC_O_RREG, 3);
    assert_op(&b.alop[1], "muld");
    assert_true(b.alop[1].has_ales);
    assert_int_equal(b.alop[1].ales, 0x01c0);
    assert_int_equal(b.ales_raw[1], 0x01c0);
    assert_int_equal(b.n_half, 1);
    assert_opnd(&b.alop[1].src1, DEC_O_RREG, 0);
    assert_opnd(&b.alop[1].src2, DEC_O_RREG, 1);
    assert_opnd(&b.alop[1].dst, DEC_O_RREG, 2);
    assert_op(&b.alop[3], "ands");
    assert_imm(&b.alop[3].src1, 31);
    assert_opnd(&b.alop[3].src2, DEC_O_RREG, 4);
    assert_opnd(&b.alop[3].dst, DEC_O_RREG, 5);
    assert_int_equal(b.n_lts, 1);
}

static void test_e4_setwd_setbn(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00008011, 0x040001c8, 0, 0x00000210);
    assert_int_equal(CS1_RSZ(b.cs1), 7);
    assert_int_equal(CS1_RBS(b.cs1), 8);
    assert_int_equal(SETR_LTS_WSZ(b.lts[0]), 16);
}

static void test_e5_compare_and_rlp(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x04000101, 0x2080c541);
    assert_int_equal(HS_NOP(b.hs), 2);
    assert_op(&b.alop[0], "cmpesb");
    assert_opnd(&b.alop[0].src1, DEC_O_RREG, 0);
    assert_imm(&b.alop[0].src2, 5);
    assert_opnd(&b.alop[0].dst, DEC_O_PRED, 1);

    DEC_OK_WORDS(&b, V5, 0x10010011, 0x1181c181, 0, 0x12610000);
    assert_op(&b.alop[2], "addd");
    uint32_t rlp = b.cds[0] >> 16;
    assert_int_equal(rlp, 0x1261);
    assert_int_equal(CDS_MASK(rlp), 4);
    assert_int_equal(CDS_NEG(rlp), 4);
    assert_int_equal(CDS_PRED(rlp), 0x61);
}

static void test_e9_landp(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00040000, 0x60614265);
    assert_int_equal(PLS_CLP_OPC(b.pls[0]), CLP_LANDP);
    assert_int_equal(PLS_NEG1(b.pls[0]), 1);
    assert_int_equal(PLS_P0(b.pls[0]), 0);
    assert_int_equal(PLS_P1(b.pls[0]), 1);
    assert_int_equal(PLS_PDST(b.pls[0]), 5);
}

static void test_e10_merged(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x04010011, 0x0f818283, 0, 0x84640000);
    assert_op(&b.alop[0], "merged");
    assert_int_equal(b.alop[0].op->fmt, ISA_MERGE);
    assert_int_equal(CDS_OPC(b.cds[0] >> 16), CDS_MRGC_LO);
    assert_int_equal(CDS_PRED(b.cds[0] >> 16), 0x64);
    assert_opnd(&b.alop[0].dst, DEC_O_RREG, 3);
}

static void test_e13_ibranch(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00005012, 0xc0000043, 0x00000004, 0);
    assert_int_equal(SS_CTOP(b.ss), 0);
    assert_int_equal(SS_CTCOND_TYPE(b.ss), CT_PRED);
    assert_int_equal(SS_CTCOND_PSRC(b.ss), 3);
    assert_int_equal(CS0_CTPR(b.cs0), 0);
    assert_int_equal(CS0_OPC(b.cs0), 0);
}

static void test_e14_rrd_rwd(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x04100011, 0x3f83c086, 0x01c00000, 0);
    assert_op(&b.alop[0], "rrd");
    assert_opnd(&b.alop[0].src1, DEC_O_SREG, 0x83);
    assert_opnd(&b.alop[0].dst, DEC_O_RREG, 6);
    DEC_OK_WORDS(&b, V5, 0x04100011, 0x3dc08683, 0x01c00000, 0);
    assert_op(&b.alop[0], "rwd");
    assert_opnd(&b.alop[0].src2, DEC_O_RREG, 6);
    assert_opnd(&b.alop[0].dst, DEC_O_SREG, 0x83);
}

static void test_e17_lts_placement(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* Memory order: HS ALS0 ALS1 pad LTS3 LTS2 LTS1 LTS0. */
    DEC_OK_WORDS(&b, V5, 0x0c000032, 0x11c0d981, 0x11c0de82, 0, 0x11223344,
                 0x55667788, 0x01000000, 0);
    assert_int_equal(b.n_lts, 4);
    assert_int_equal(b.lts[1], 0x01000000);
    assert_int_equal(b.alop[0].src2.litfmt, DEC_LIT_32);
    assert_int_equal(b.alop[0].src2.lit_idx, 1);
    assert_int_equal(b.alop[0].src2.val, 0x1000000);
    assert_int_equal(b.alop[1].src2.litfmt, DEC_LIT_64);
    assert_int_equal(b.alop[1].src2.lit_idx, 2);
    assert_int_equal(b.alop[1].src2.val, 0x1122334455667788ull);
}

static void test_e19_mas(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x04008012, 0x6782c083, 0x61000000, 0);
    assert_op(&b.alop[0], "ldd");
    assert_int_equal(b.alop[0].mas, 0x08);
    assert_true(b.alop[0].op->flags & ISA_F_LOAD);
    assert_opnd(&b.alop[0].src1, DEC_O_RREG, 2);
    assert_imm(&b.alop[0].src2, 0);
}

static void test_e21_aas(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00001011, 0xc0001000, 0x84004001, 0);
    assert_int_equal(b.aas_mask, 0x05);
    assert_int_equal(b.aas[0], 0x8400);
    assert_int_equal(b.aas[2], 0x4001);
    assert_int_equal(AAS_OPC(b.aas[2]), 4);
    assert_int_equal(AAS_AM(b.aas[2]), 1);
    assert_int_equal(b.n_half, 2);
}

static void test_e22_wait(void **state)
{
    (void)state;
    struct dec_bundle b;
    DEC_OK_WORDS(&b, V5, 0x00008381, 0x30000005);
    assert_int_equal(HS_NOP(b.hs), 7);
    assert_int_equal(CS1_OPC(b.cs1), CS1_WAIT);
    assert_int_equal(b.cs1 & 0xf, 5);
}

/* ---- layout quirks ---------------------------------------------------- */

static void test_ales2_default_without_syllable(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* gettagd,2 %r1, %r2: EXT on channel 2, HS.ale2 set, no ALES syllable. */
    DEC_OK_WORDS(&b, V5, 0x10400011, 0x09c08182, 0, 0);
    assert_int_equal(b.ales25, 0);
    assert_int_equal(b.alop[2].ales, ALES_DEFAULT);
    assert_int_equal(b.ales_raw[2], 0);
    assert_op(&b.alop[2], "gettagd");
}

static void test_ales2_physical_syllable(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* fadds,2 (EXT1 0x30, v4+): ALES5|ALES2 word = 0x02C0 << 16 | 0x01C0. */
    DEC_OK_WORDS(&b, 4, 0x10400012, 0x30818283, 0x02c001c0, 0);
    assert_int_equal(b.ales25, 1);
    assert_int_equal(b.ales_raw[2], 0x02c0);
    assert_int_equal(b.ales_raw[5], 0x01c0);
    assert_int_equal(b.alop[2].ales, 0x02c0);
    assert_op(&b.alop[2], "fadds");
    assert_int_equal(b.alop[2].op->tbl, ISA_TBL_EXT1);
    /* The same bits at v3: EXT1 fadds on channel 2 does not exist yet. */
    const uint32_t w[] = {0x10400012, 0x30818283, 0x02c001c0, 0};
    int ch;
    assert_int_equal(dec_err_words(w, 4, 3, &ch), DEC_E_OPCODE);
    assert_int_equal(ch, 2);
}

static void test_ales25_with_cs1(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* HS ALS2 ALES25 CS1: mid = p + 8 with CS1. CS1 = MAS 0x05 for ch 2. */
    DEC_OK_WORDS(&b, V5, 0x10408013, 0x30818283, 0x02c001c0,
                 0x60000000 | 0x05 << 14);
    assert_int_equal(b.ales25, 1);
    assert_op(&b.alop[2], "fadds");
    assert_int_equal(b.alop[2].mas, 0x05);
}

static void test_ales25_unmarked_is_ignored(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* Physical ALES5|ALES2 but HS.ale2 clear: channel 2 uses the short table
     * (fadds short is channels 0,1,3,4 only, so use adds). */
    DEC_OK_WORDS(&b, V5, 0x10000012, 0x10818283, 0x02c001c0, 0);
    assert_int_equal(b.ales25, 1);
    assert_false(b.alop[2].has_ales);
    assert_op(&b.alop[2], "adds");
}

static void test_half_syllable_order(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* muld,0 / pshufw,1 (lit8 5) / muld,3: ALES0 = upper half of the first
     * word, ALES1 = its lower half, ALES3 = upper half of the second word.
     * Swapped halves would give muld an opce of 0x05. */
    DEC_OK_WORDS(&b, V5, 0x2cb00023, 0x21808182, 0x16818283, 0x21868788,
                 0x01c00105, 0x01c00000);
    assert_int_equal(b.n_half, 3);
    assert_int_equal(b.ales_raw[0], 0x01c0);
    assert_int_equal(b.ales_raw[1], 0x0105);
    assert_int_equal(b.ales_raw[3], 0x01c0);
    assert_op(&b.alop[0], "muld");
    assert_op(&b.alop[1], "pshufw");
    assert_int_equal(b.alop[1].src3.val, 5);
    assert_op(&b.alop[3], "muld");
    assert_int_equal(b.n_lts, 0);
}

static void test_half_syllable_order_illegal_opce(void **state)
{
    (void)state;
    /* muld,1 with ALES1 = 0x0100 (opce 0x00): illegal. */
    const uint32_t w[] = {0x2cb00023, 0x21808182, 0x21838485, 0x21868788,
                          0x01c00100, 0x01c00000};
    int ch;
    assert_int_equal(dec_err_words(w, 6, V5, &ch), DEC_E_OPCODE);
    assert_int_equal(ch, 1);
}

static void test_aas_shares_word_with_ales(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* muld,1 with ALES1, plus movad on channel 0 (AAS0, AAS2): three halves
     * ALES1 | AAS0 in the first word, AAS2 upper half of the second. */
    DEC_OK_WORDS(&b, V5, 0x08201022, 0xc0001000, 0x21808182, 0x01c08400,
                 0x40010000, 0);
    assert_int_equal(b.ales_raw[1], 0x01c0);
    assert_int_equal(b.aas[0], 0x8400);
    assert_int_equal(b.aas[2], 0x4001);
    assert_int_equal(b.n_half, 3);
}

static void test_lengths(void **state)
{
    (void)state;
    for (unsigned lng = 0; lng < 8; lng++)
        assert_int_equal(dec_bundle_len(lng << 4 | 0xffffff8f), (lng + 1) * 8);
    assert_int_equal(dec_bundle_len(0), 8);
    assert_int_equal(DEC_MAX_BUNDLE, 64);
}

static void test_max_bundle_64_bytes(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* addd on all six channels, 3 PLS, 3 CDS, LTS padding: 16 syllables. */
    DEC_OK_WORDS(&b, V5, 0xfc0f0076, 0x11c0c180, 0x11c0c181, 0x11c0c182,
                 0x11c0c183, 0x11c0c184, 0x11c0c185, 0, 0, 0, 0, 0, 0, 0, 0,
                 0);
    assert_int_equal(b.len, 64);
    assert_int_equal(b.n_pls, 3);
    assert_int_equal(b.n_cds, 3);
    assert_int_equal(b.n_lts, 3);
    for (int i = 0; i < 6; i++) {
        assert_op(&b.alop[i], "addd");
        assert_opnd(&b.alop[i].dst, DEC_O_RREG, i);
    }
}

/* ---- operands ---------------------------------------------------------- */

static void test_operand_kinds(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* adds,0 %b[5], %g3, %g31; adds,1 %r63, 0xC7 (imm4 7), %empty */
    DEC_OK_WORDS(&b, V5, 0x0c000012, 0x1005e3ff, 0x10bfc7df, 0);
    assert_opnd(&b.alop[0].src1, DEC_O_BREG, 5);
    assert_opnd(&b.alop[0].src2, DEC_O_GREG, 3);
    assert_opnd(&b.alop[0].dst, DEC_O_GREG, 31);
    assert_opnd(&b.alop[1].src1, DEC_O_RREG, 63);
    assert_imm(&b.alop[1].src2, 7);
    assert_int_equal(b.alop[1].dst.kind, DEC_O_EMPTY);
    /* movtd,0 %r1, %ctpr2 */
    DEC_OK_WORDS(&b, V5, 0x04000001, 0x61c081d2);
    assert_op(&b.alop[0], "movtd");
    assert_opnd(&b.alop[0].dst, DEC_O_CTPR, 2);
    assert_int_equal(b.alop[0].src1.kind, DEC_O_NONE);
    /* %tst, %empty.lo as destinations */
    DEC_OK_WORDS(&b, V5, 0x0c000012, 0x1180c1cd, 0x1180c1de, 0);
    assert_opnd(&b.alop[0].dst, DEC_O_TST, 0xcd);
    assert_int_equal(b.alop[1].dst.kind, DEC_O_EMPTY);
    assert_int_equal(b.alop[1].dst.byte, 0xde);
}

static void test_literal_shapes_sign_extend(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* ch0: 16lo LTS0 (0xffff -> -1), ch1: 16hi LTS1 (0x8000 -> sign),
     * ch3: 32 LTS1 (0xffffffff -> -1). LTS1 = 0x8000ffff, LTS0 = 0x0000ffff. */
    DEC_OK_WORDS(&b, V5, 0x2c000023, 0x11c0d080, 0x11c0d581, 0x11c0d983,
                 0x8000ffff, 0x0000ffff);
    assert_int_equal(b.alop[0].src2.litfmt, DEC_LIT_16LO);
    assert_int_equal(b.alop[0].src2.val, UINT64_MAX);
    assert_int_equal(b.alop[1].src2.litfmt, DEC_LIT_16HI);
    assert_int_equal(b.alop[1].src2.lit_idx, 1);
    assert_int_equal(b.alop[1].src2.val, 0xffffffffffff8000ull);
    assert_int_equal(b.alop[3].src2.litfmt, DEC_LIT_32);
    assert_int_equal(b.alop[3].src2.val, 0xffffffff8000ffffull);
}

static void test_store_value_in_src3(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* stw,2 %r5, [%r4 + 0x10 via imm4? no: 16 -> src2 imm4 only to 15] */
    DEC_OK_WORDS(&b, V5, 0x10000001, 0x2684cf85);
    assert_op(&b.alop[2], "stw");
    assert_opnd(&b.alop[2].src1, DEC_O_RREG, 4);
    assert_imm(&b.alop[2].src2, 15);
    assert_opnd(&b.alop[2].src3, DEC_O_RREG, 5);
    assert_int_equal(b.alop[2].dst.kind, DEC_O_NONE);
    assert_true(b.alop[2].op->flags & ISA_F_STORE);
}

static void test_alopf21_src3_and_comb(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* add_subd,1 %r0, %r1, %r2, %r3: ICMB2 opc 0x31, ALES1 = 0x0A82. */
    DEC_OK_WORDS(&b, V5, 0x08200011, 0x31808183, 0x0a820000, 0);
    assert_op(&b.alop[1], "add_subd");
    assert_true(b.alop[1].op->flags & ISA_F_COMB);
    assert_int_equal(b.alop[1].op->comb1, ISA_IC_ADD);
    assert_int_equal(b.alop[1].op->comb2, ISA_IC_SUB);
    assert_opnd(&b.alop[1].src3, DEC_O_RREG, 2);
    assert_opnd(&b.alop[1].dst, DEC_O_RREG, 3);
    /* fmul_addd,0: FCMB0 opc 0x09; plog_0x96 (xor3) = LCMBD1 opc 0x16. */
    DEC_OK_WORDS(&b, V5, 0x04100011, 0x09808183, 0x0c820000, 0);
    assert_op(&b.alop[0], "fmul_addd");
    assert_int_equal(b.alop[0].op->comb1, ISA_FC_MUL);
    DEC_OK_WORDS(&b, V5, 0x04100011, 0x16808183, 0x11820000, 0);
    assert_op(&b.alop[0], "plog_150");
    assert_int_equal(b.alop[0].op->comb1, 0x96);
}

static void test_lit8_formats(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* pshufh,1 %r1, 0x1b, %r2: EXT 0x17, src1 0xC0, ALES1 = 0x011B. */
    DEC_OK_WORDS(&b, V5, 0x08200011, 0x17c08182, 0x011b0000, 0);
    assert_op(&b.alop[1], "pshufh");
    assert_int_equal(b.alop[1].src3.kind, DEC_O_LIT8);
    assert_int_equal(b.alop[1].src3.val, 0x1b);
    /* pextrh,4 %r1, %r2, 3, %r3 */
    DEC_OK_WORDS(&b, V5, 0x41000011, 0x1e818283, 0x01030000, 0);
    assert_op(&b.alop[4], "pextrh");
    assert_int_equal(b.alop[4].src3.val, 3);
}

static void test_aau_register_by_mas(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* staaw,2 %r1 with MAS 0 -> staaw; with MAS 0x3F -> aaurw. */
    DEC_OK_WORDS(&b, V5, 0x10408012, 0x1e000081, 0x60000000, 0);
    assert_op(&b.alop[2], "staaw");
    assert_opnd(&b.alop[2].src3, DEC_O_RREG, 1);
    DEC_OK_WORDS(&b, V5, 0x10408012, 0x1e000081, 0x60000000 | 0x3f << 14, 0);
    assert_op(&b.alop[2], "aaurw");
    assert_int_equal(b.alop[2].mas, 0x3f);
    /* staaw with literal select 1 -> LTS0 */
    DEC_OK_WORDS(&b, V5, 0x10408012, 0x1e000181, 0x60000000, 0x1234);
    assert_int_equal(b.alop[2].src2.kind, DEC_O_LIT);
    assert_int_equal(b.alop[2].src2.val, 0x1234);
}

static void test_mas_only_for_mas_channels(void **state)
{
    (void)state;
    struct dec_bundle b;
    /* ldd on 0, 2, 3, 5 with MAS 1, 2, 3, 4 */
    uint32_t cs1 = 0x60000000 | 1u << 21 | 2u << 14 | 3u << 7 | 4u;
    DEC_OK_WORDS(&b, V5, 0xb4008035, 0x67808182, 0x67808183, 0x67808184,
                 0x67808185, cs1, 0, 0);
    assert_int_equal(b.alop[0].mas, 1);
    assert_int_equal(b.alop[2].mas, 2);
    assert_int_equal(b.alop[3].mas, 3);
    assert_int_equal(b.alop[5].mas, 4);
}

/* ---- error paths ------------------------------------------------------- */

static void test_err_isa_version(void **state)
{
    (void)state;
    assert_int_equal(DEC_ERR(1, 0x04000001, 0x11c0c180), DEC_E_ISA);
    assert_int_equal(DEC_ERR(8, 0x04000001, 0x11c0c180), DEC_E_ISA);
}

static void test_err_misaligned(void **state)
{
    (void)state;
    uint8_t buf[8];
    const uint32_t w[] = {0x04000001, 0x11c0c180};
    mk(buf, w, 2);
    struct dec_bundle b;
    struct dec_err e;
    assert_int_equal(dec_bundle(buf, 8, 0x1004, V5, &b, &e), DEC_E_MISALIGNED);
    assert_int_equal(e.code, DEC_E_MISALIGNED);
}

static void test_err_truncated(void **state)
{
    (void)state;
    uint8_t buf[16];
    const uint32_t w[] = {0x08000011, 0x1182d483, 0, 0x00100000};
    mk(buf, w, 4);
    struct dec_bundle b;
    struct dec_err e;
    assert_int_equal(dec_bundle(buf, 3, 0, V5, &b, &e), DEC_E_TRUNCATED);
    assert_int_equal(dec_bundle(NULL, 0, 0, V5, &b, &e), DEC_E_TRUNCATED);
    assert_int_equal(dec_bundle(buf, 15, 0, V5, &b, &e), DEC_E_TRUNCATED);
    assert_int_equal(b.hs, 0x08000011);
    assert_int_equal(b.len, 16);
    assert_int_equal(dec_bundle(buf, 16, 0, V5, &b, NULL), 0);
    /* extra bytes after the bundle are not looked at */
    uint8_t big[64] = {0};
    memcpy(big, buf, 16);
    assert_int_equal(dec_bundle(big, sizeof big, 0, V5, &b, NULL), 0);
    assert_int_equal(b.len, 16);
}

static void test_err_layout(void **state)
{
    (void)state;
    /* mdl says 3 syllables, only HS + ALS0 */
    assert_int_equal(DEC_ERR(V5, 0x04000013, 0x11c0c180, 0, 0), DEC_E_LAYOUT);
    /* first part longer than the bundle (all six ALS, lng 0) */
    assert_int_equal(DEC_ERR(V5, 0xfc000006, 0x11c0c180), DEC_E_LAYOUT);
    /* 3 CDS + 3 PLS in an 8-byte bundle */
    assert_int_equal(DEC_ERR(V5, 0x000f0000, 0), DEC_E_LAYOUT);
    /* half-syllables overlap the CDS word */
    assert_int_equal(DEC_ERR(V5, 0x2cb10023, 0x21808182, 0x21808182,
                             0x21808182, 0x01c001c0, 0x01c00000),
                     DEC_E_LAYOUT);
}

static void test_err_opcode(void **state)
{
    (void)state;
    int ch;
    const uint32_t w[] = {0x04000001, 0x0d808182}; /* short opc 0x0d */
    assert_int_equal(dec_err_words(w, 2, V5, &ch), DEC_E_OPCODE);
    assert_int_equal(ch, 0);
    /* ALES with opc2 0x14 (unassigned) on channel 1 */
    assert_int_equal(DEC_ERR(V5, 0x08200011, 0x21808182, 0x14c00000, 0),
                     DEC_E_OPCODE);
    /* muld on channel 2 (not allowed there) */
    assert_int_equal(DEC_ERR(V5, 0x10400011, 0x21808182, 0, 0), DEC_E_OPCODE);
    /* cctopb needs src1 = 0xC0 */
    assert_int_equal(DEC_ERR(V5, 0x04000001, 0x24c18021), DEC_E_OPCODE);
}

static void test_err_operand(void **state)
{
    (void)state;
    /* reserved special destination 0xC0 */
    assert_int_equal(DEC_ERR(V5, 0x04000001, 0x11c0c1c0), DEC_E_OPERAND);
    assert_int_equal(DEC_ERR(V5, 0x04000001, 0x11c0c1d0), DEC_E_OPERAND);
    /* store value byte is an immediate */
    assert_int_equal(DEC_ERR(V5, 0x10000001, 0x2684cfc1), DEC_E_OPERAND);
    /* ALOPF21 src3 = 0xD0 */
    assert_int_equal(DEC_ERR(V5, 0x08200011, 0x31808183, 0x0ad00000, 0),
                     DEC_E_OPERAND);
}

static void test_err_literal(void **state)
{
    (void)state;
    /* 32-bit LTS0 reference, no LTS at all */
    assert_int_equal(DEC_ERR(V5, 0x04000001, 0x11c0d880), DEC_E_LITERAL);
    /* reserved literal selectors */
    static const uint8_t bad[] = {0xd2, 0xd3, 0xd6, 0xd7, 0xdf};
    for (unsigned i = 0; i < sizeof bad; i++)
        assert_int_equal(DEC_ERR(V5, 0x04000011, 0x11c00080 | bad[i] << 8, 1,
                                 2),
                         DEC_E_LITERAL);
    /* 64-bit literal in LTS1/LTS2 with only LTS0, LTS1 present */
    assert_int_equal(DEC_ERR(V5, 0x04000011, 0x11c0dd80, 1, 2), DEC_E_LITERAL);
    /* 16-bit LTS1 with only LTS0 */
    assert_int_equal(DEC_ERR(V5, 0x04000001, 0x11c0d180), DEC_E_LITERAL);
}

static void test_err_cs0(void **state)
{
    (void)state;
    /* ldisp with %ctpr1 */
    assert_int_equal(DEC_ERR(V5, 0x00004001, 0x50000000), DEC_E_CS0);
    /* ibranch without SS */
    assert_int_equal(DEC_ERR(V5, 0x00004001, 0x00000004), DEC_E_CS0);
    /* ibranch with SS ctcond never */
    assert_int_equal(DEC_ERR(V5, 0x00005012, 0xc0000000, 4, 0), DEC_E_CS0);
    /* ctpr 0 opc 3 param 1 is reserved; iret (param 2) only from v6 */
    assert_int_equal(DEC_ERR(V5, 0x00005012, 0xc0000020, 0x30000001, 0),
                     DEC_E_CS0);
    assert_int_equal(DEC_ERR(V5, 0x00005012, 0xc0000020, 0x30000002, 0),
                     DEC_E_CS0);
    assert_int_equal(DEC_ERR(6, 0x00005012, 0xc0000020, 0x30000002, 0), 0);
    /* ibranch together with call %ctpr1 */
    assert_int_equal(DEC_ERR(V5, 0x0000d013, 0xc0000420, 0x00000004,
                             0x50000004),
                     DEC_E_CS0);
    /* ctpr 1 opc 3 param 0 (return needs %ctpr3) */
    assert_int_equal(DEC_ERR(V5, 0x00004001, 0x70000000), DEC_E_CS0);
    /* gettsd %ctpr1 at v5 is fine */
    assert_int_equal(DEC_ERR(V5, 0x00004001, 0x70000001), 0);
}

static void test_err_cs1(void **state)
{
    (void)state;
    for (uint32_t opc = 9; opc < 16; opc++)
        assert_int_equal(DEC_ERR(V5, 0x00008001, opc << 28), DEC_E_CS1);
    /* setwd without LTS0 */
    assert_int_equal(DEC_ERR(V5, 0x00008001, 0x00000000), DEC_E_CS1);
    /* wsz 113 */
    assert_int_equal(DEC_ERR(V5, 0x00008011, 0, 0, 113u << 5), DEC_E_CS1);
    assert_int_equal(DEC_ERR(V5, 0x00008011, 0, 0, 112u << 5), 0);
    /* call without SS.ctop */
    assert_int_equal(DEC_ERR(V5, 0x00008001, 0x50000004), DEC_E_CS1);
    /* hcall (kind 2) with CS0 target: v6 only */
    assert_int_equal(DEC_ERR(6, 0x0000c012, 0x00000010, 0x50000104, 0), 0);
    assert_int_equal(DEC_ERR(V5, 0x0000c012, 0x00000010, 0x50000104, 0),
                     DEC_E_CS1);
    /* fillr needs v6 */
    assert_int_equal(DEC_ERR(V5, 0x00008001, 0x70000004), DEC_E_CS1);
    assert_int_equal(DEC_ERR(6, 0x00008001, 0x70000004), 0);
}

static void test_err_ss(void **state)
{
    (void)state;
    for (uint32_t t = 10; t <= 13; t++)
        assert_int_equal(DEC_ERR(V5, 0x00001001, 0xc0000000 | t << 5),
                         DEC_E_SS);
    assert_int_equal(DEC_ERR(2, 0x00001001, 0xc0000000 | 9u << 5), DEC_E_SS);
    assert_int_equal(DEC_ERR(3, 0x00001001, 0xc0000000 | 9u << 5), 0);
}

static void test_err_pls(void **state)
{
    (void)state;
    assert_int_equal(DEC_ERR(V5, 0x00040000, 0x60618062), DEC_E_PLS);
    assert_int_equal(DEC_ERR(V5, 0x00040000, 0x6061c062), 0); /* movep */
    /* CLP inputs out of range [qemu-e2k-tests plu/clp-arg-1..5] */
    assert_int_equal(DEC_ERR(V5, 0x00080010, 0, 0x60600000, 0x60604820),
                     DEC_E_PLS);
    assert_int_equal(DEC_ERR(V5, 0x00080010, 0, 0x60600000, 0x606040a0),
                     DEC_E_PLS);
    assert_int_equal(DEC_ERR(V5, 0x00080010, 0, 0x60605420, 0x60600000),
                     DEC_E_PLS);
    assert_int_equal(DEC_ERR(V5, 0x00080010, 0, 0x60604160, 0x60600000),
                     DEC_E_PLS);
    assert_int_equal(DEC_ERR(V5, 0x000c0010, 0x00005820, 0x60600000,
                             0x60600000),
                     DEC_E_PLS);
    /* plu/clp-arg-6,7 also fault on hardware, but their inputs are in
     * range (every CLP writes %pred0): not a static check (docs/isa.md). */
    assert_int_equal(DEC_ERR(V5, 0x000c0010, 0x00004160, 0x60605020,
                             0x60604020),
                     0);
    /* cascading CLP0 -> CLP1 -> CLP2 [plu/cascading-2] is fine */
    assert_int_equal(DEC_ERR(V5, 0x000c0010, 0x000054e4, 0x62635080,
                             0x60614040),
                     0);
}

static void test_strerror(void **state)
{
    (void)state;
    for (int c = 0; c >= DEC_E_ISA; c--) {
        assert_non_null(dec_strerror(c));
        assert_string_not_equal(dec_strerror(c), "unknown decode error");
    }
    assert_string_equal(dec_strerror(-100), "unknown decode error");
    assert_string_equal(dec_strerror(5), "unknown decode error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isa16_addd_imm),
        cmocka_unit_test(test_isa16_disp),
        cmocka_unit_test(test_isa16_sdisp_return),
        cmocka_unit_test(test_isa16_ct),
        cmocka_unit_test(test_isa16_call),
        cmocka_unit_test(test_isa16_setwd_setbn),
        cmocka_unit_test(test_isa16_addd_lit32),
        cmocka_unit_test(test_isa16_addd_rlp),
        cmocka_unit_test(test_isa16_pls),
        cmocka_unit_test(test_isa16_nop5),
        cmocka_unit_test(test_e2_lit16_hi),
        cmocka_unit_test(test_e3_three_ops_ales1),
        cmocka_unit_test(test_e4_setwd_setbn),
        cmocka_unit_test(test_e5_compare_and_rlp),
        cmocka_unit_test(test_e9_landp),
        cmocka_unit_test(test_e10_merged),
        cmocka_unit_test(test_e13_ibranch),
        cmocka_unit_test(test_e14_rrd_rwd),
        cmocka_unit_test(test_e17_lts_placement),
        cmocka_unit_test(test_e19_mas),
        cmocka_unit_test(test_e21_aas),
        cmocka_unit_test(test_e22_wait),
        cmocka_unit_test(test_ales2_default_without_syllable),
        cmocka_unit_test(test_ales2_physical_syllable),
        cmocka_unit_test(test_ales25_with_cs1),
        cmocka_unit_test(test_ales25_unmarked_is_ignored),
        cmocka_unit_test(test_half_syllable_order),
        cmocka_unit_test(test_half_syllable_order_illegal_opce),
        cmocka_unit_test(test_aas_shares_word_with_ales),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_max_bundle_64_bytes),
        cmocka_unit_test(test_operand_kinds),
        cmocka_unit_test(test_literal_shapes_sign_extend),
        cmocka_unit_test(test_store_value_in_src3),
        cmocka_unit_test(test_alopf21_src3_and_comb),
        cmocka_unit_test(test_lit8_formats),
        cmocka_unit_test(test_aau_register_by_mas),
        cmocka_unit_test(test_mas_only_for_mas_channels),
        cmocka_unit_test(test_err_isa_version),
        cmocka_unit_test(test_err_misaligned),
        cmocka_unit_test(test_err_truncated),
        cmocka_unit_test(test_err_layout),
        cmocka_unit_test(test_err_opcode),
        cmocka_unit_test(test_err_operand),
        cmocka_unit_test(test_err_literal),
        cmocka_unit_test(test_err_cs0),
        cmocka_unit_test(test_err_cs1),
        cmocka_unit_test(test_err_ss),
        cmocka_unit_test(test_err_pls),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
