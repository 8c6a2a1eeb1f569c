/*
 * isa_fields.h — bit layouts of the e2k syllables (HS, SS, ALS, ALES, CS0,
 * CS1, PLS, CDS, AAS) as extract/insert macros. This is the other half of the
 * ISA description next to isa.def: the decoder, the encoder in the assembler,
 * the disassembler and the CPU take field positions from here only.
 *
 * Facts: e2k-isa.md §1.2 (HS), §2.1/2.2 (ALS/ALES), §7.2 (CS0), §7.3 (SS),
 * §7.6 (CS1), §8.1 (PLS), §8.3 (CDS), §5.10 (AAS).
 */
#ifndef E2K_EMU_ISA_FIELDS_H
#define E2K_EMU_ISA_FIELDS_H

#include <stdint.h>

#define ISA_BITS(v, hi, lo) (((uint32_t)(v) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define ISA_PUT(v, hi, lo) (((uint32_t)(v) & ((1u << ((hi) - (lo) + 1)) - 1)) << (lo))

/* HS — header syllable (§1.2). */
#define HS_MDL(hs) ISA_BITS(hs, 3, 0)
#define HS_LNG(hs) ISA_BITS(hs, 6, 4)
#define HS_NOP(hs) ISA_BITS(hs, 9, 7)
#define HS_LM(hs) ISA_BITS(hs, 10, 10)
#define HS_S(hs) ISA_BITS(hs, 12, 12)
#define HS_SW(hs) ISA_BITS(hs, 13, 13)
#define HS_C0(hs) ISA_BITS(hs, 14, 14)
#define HS_C1(hs) ISA_BITS(hs, 15, 15)
#define HS_CD(hs) ISA_BITS(hs, 17, 16)
#define HS_PL(hs) ISA_BITS(hs, 19, 18)
#define HS_ALE(hs, i) ISA_BITS(hs, 20 + (i), 20 + (i))
#define HS_AL(hs, i) ISA_BITS(hs, 26 + (i), 26 + (i))
#define HS_ALE_MASK(hs) ISA_BITS(hs, 25, 20)
#define HS_AL_MASK(hs) ISA_BITS(hs, 31, 26)

/* ALS — one per channel (§2.1). */
#define ALS_SM(a) ISA_BITS(a, 31, 31)
#define ALS_OPC(a) ISA_BITS(a, 30, 24)
#define ALS_SRC1(a) ISA_BITS(a, 23, 16)
#define ALS_SRC2(a) ISA_BITS(a, 15, 8)
#define ALS_DST(a) ISA_BITS(a, 7, 0)
#define ALS_CMPOPCE(a) ISA_BITS(a, 7, 5)
#define ALS_PDST(a) ISA_BITS(a, 4, 0)

/* ALES (§2.2). */
#define ALES_OPC2(e) ISA_BITS(e, 15, 8)
#define ALES_OPCE(e) ISA_BITS(e, 7, 0)
#define ALES_DEFAULT 0x01c0 /* EXT, opce 0xC0: ALES2/5 when not physical */

/* SS — stubs (§7.3). */
#define SS_CTCOND(s) ISA_BITS(s, 8, 0)
#define SS_CTCOND_TYPE(s) ISA_BITS(s, 8, 5)
#define SS_CTCOND_PSRC(s) ISA_BITS(s, 4, 0)
#define SS_CTOP(s) ISA_BITS(s, 11, 10)
#define SS_AA(s) ISA_BITS(s, 15, 12)
#define SS_ALCT(s) ISA_BITS(s, 16, 16)
#define SS_ALCF(s) ISA_BITS(s, 17, 17)
#define SS_ABPT(s) ISA_BITS(s, 18, 18)
#define SS_ABPF(s) ISA_BITS(s, 19, 19)
#define SS_TYPE(s) ISA_BITS(s, 20, 20)
#define SS_ABNT(s) ISA_BITS(s, 21, 21)
#define SS_ABNF(s) ISA_BITS(s, 22, 22)
#define SS_ABG(s) ISA_BITS(s, 24, 23)
#define SS_CRP(s) ISA_BITS(s, 25, 25)
#define SS_VFDI(s) ISA_BITS(s, 26, 26)
#define SS_SRP(s) ISA_BITS(s, 27, 27)
#define SS_BAP(s) ISA_BITS(s, 28, 28)
#define SS_EAP(s) ISA_BITS(s, 29, 29)
#define SS_IPD(s) ISA_BITS(s, 31, 30)

/* Transfer-condition types (§7.4). */
enum isa_ctcond {
    CT_NEVER = 0,
    CT_ALWAYS = 1,
    CT_PRED = 2,
    CT_NOT_PRED = 3,
    CT_LOOP_END = 4,
    CT_NOT_LOOP_END = 5,
    CT_PRED_OR_LOOP_END = 6,
    CT_NOT_PRED_AND_NOT_LOOP_END = 7,
    CT_MLOCK = 8,
    CT_MLOCK_OR = 9,
    CT_NOT_PRED_OR_LOOP_END = 14,
    CT_PRED_AND_NOT_LOOP_END = 15
};

/* CS0 (§7.2). */
#define CS0_CTPR(c) ISA_BITS(c, 31, 30)
#define CS0_OPC(c) ISA_BITS(c, 29, 28)
#define CS0_DISP(c) ISA_BITS(c, 27, 0)
#define CS0_PARAM(c) ISA_BITS(c, 27, 0)
/* Sign-extended 28-bit displacement in 8-byte units. */
#define CS0_DISP_SEXT(c) ((int32_t)((uint32_t)(c) << 4) >> 4)

/* CS1 (§7.6). */
#define CS1_OPC(c) ISA_BITS(c, 31, 28)
enum isa_cs1_opc {
    CS1_SETR0 = 0,
    CS1_SETR1 = 1,
    CS1_SETEI = 2, /* bit 27 = 1: setsft */
    CS1_WAIT = 3,
    CS1_SETBR = 4,
    CS1_CALL = 5,
    CS1_MAS = 6,
    CS1_FLUSHR = 7,
    CS1_BG = 8
};
#define CS1_RBS(c) ISA_BITS(c, 5, 0)
#define CS1_RSZ(c) ISA_BITS(c, 11, 6)
#define CS1_RCUR(c) ISA_BITS(c, 17, 12)
#define CS1_PSZ(c) ISA_BITS(c, 22, 18)
#define CS1_SETTR(c) ISA_BITS(c, 25, 25)
#define CS1_SETBN(c) ISA_BITS(c, 26, 26)
#define CS1_SETBP(c) ISA_BITS(c, 27, 27)
#define CS1_WBS(c) ISA_BITS(c, 6, 0)
#define CS1_CALL_KIND(c) ISA_BITS(c, 9, 7)
#define CS1_MAS0(c) ISA_BITS(c, 27, 21)
#define CS1_MAS2(c) ISA_BITS(c, 20, 14)
#define CS1_MAS3(c) ISA_BITS(c, 13, 7)
#define CS1_MAS5(c) ISA_BITS(c, 6, 0)
#define CS1_SETEI_VAL(c) ISA_BITS(c, 7, 0)
#define CS1_SETSFT(c) ISA_BITS(c, 27, 27)

/* LTS0 word of SETR0/SETR1 (§7.6). */
#define SETR_LTS_DBL(l) ISA_BITS(l, 3, 3)
#define SETR_LTS_NFX(l) ISA_BITS(l, 4, 4)
#define SETR_LTS_WSZ(l) ISA_BITS(l, 11, 5)
#define SETR_LTS_RPSZ(l) ISA_BITS(l, 16, 12)
#define SETR_LTS_TR(l) ISA_BITS(l, 31, 17)

/* PLS (§8.1). */
#define PLS_ELP0(p) ISA_BITS(p, 30, 24)
#define PLS_ELP1(p) ISA_BITS(p, 22, 16)
#define PLS_CLP_OPC(p) ISA_BITS(p, 15, 14)
#define PLS_NEG0(p) ISA_BITS(p, 13, 13)
#define PLS_P0(p) ISA_BITS(p, 12, 10)
#define PLS_NEG1(p) ISA_BITS(p, 9, 9)
#define PLS_P1(p) ISA_BITS(p, 8, 6)
#define PLS_VDST(p) ISA_BITS(p, 5, 5)
#define PLS_PDST(p) ISA_BITS(p, 4, 0)
#define PLS_CLP(p) ISA_BITS(p, 15, 0)
enum isa_clp_opc { CLP_ANDP = 0, CLP_LANDP = 1, CLP_MOVEP = 3 };

/* CDS halves (§8.3). */
#define CDS_OPC(h) ISA_BITS(h, 15, 14)
#define CDS_MASK(h) ISA_BITS(h, 13, 10)
#define CDS_NEG(h) ISA_BITS(h, 9, 7)
#define CDS_PRED(h) ISA_BITS(h, 6, 0)
enum isa_cds_opc { CDS_RLP_LO = 0, CDS_RLP_HI = 1, CDS_MRGC_LO = 2, CDS_MRGC_HI = 3 };

/* Predicate-source byte (§8.1). */
#define PSRC_IS_PRED(v) (((v) & 0x60) == 0x60)
#define PSRC_IS_PCNT(v) (((v) & 0x60) == 0x40)
#define PSRC_NUM(v) ((v) & 0x1f)
#define PSRC_LCNTEX 0x00

/* AAS (§5.10). */
#define AAS_BE(a) ISA_BITS(a, 15, 15)
#define AAS_OPC(a) ISA_BITS(a, 14, 12)
#define AAS_AREA(a) ISA_BITS(a, 10, 6)
#define AAS_IND(a) ISA_BITS(a, 5, 1)
#define AAS_AM(a) ISA_BITS(a, 0, 0)

/* Operand bytes (§3.1, §3.2). */
#define OPND_IS_BREG(b) ((b) < 0x80)
#define OPND_IS_RREG(b) (((b) & 0xc0) == 0x80)
#define OPND_IS_GREG(b) (((b) & 0xe0) == 0xe0)
#define OPND_IS_IMM4(b) (((b) & 0xf0) == 0xc0)
#define OPND_IS_LIT(b) (((b) & 0xf0) == 0xd0)
#define OPND_DST_CTPR(b) ((b) >= 0xd1 && (b) <= 0xd3)
#define OPND_DST_EMPTY_LO 0xde
#define OPND_DST_EMPTY 0xdf
#define OPND_DST_TST 0xcd
#define OPND_DST_TC 0xce
#define OPND_DST_TCD 0xcf

#endif
