/*
 * isa.h — the e2k operation table: one row per ALS/ALES operation.
 *
 * The rows live in isa.def (hand-maintained, one X-macro row each) and
 * isa_comb.def (the systematic combined-op families). A small generator
 * (isa_gen.c, run by CMake) expands both into isa_table.c: the constant row
 * array isa_ops[] plus a decode index by (table, opc, channel). Decoder,
 * translator, disassembler and assembler all read this table; no opcode
 * number is written anywhere else.
 *
 * Facts: docs/isa.md, shared e2k-isa.md §2 and Appendix A.
 */
#ifndef E2K_EMU_ISA_H
#define E2K_EMU_ISA_H

#include <stddef.h>
#include <stdint.h>

/* ALES.opc2 values select the operation table (e2k-isa.md §2.2). A channel
 * without ALES uses the short table, which we number 0 (opc2 0 is illegal on
 * hardware, so the value is free). */
enum isa_tbl {
    ISA_TBL_SHORT = 0x00,
    ISA_TBL_EXT = 0x01,
    ISA_TBL_EXT1 = 0x02,
    ISA_TBL_EXT2 = 0x03,
    ISA_TBL_FLB = 0x04,
    ISA_TBL_FLH = 0x05,
    ISA_TBL_FLW = 0x06,
    ISA_TBL_FLD = 0x07,
    ISA_TBL_ICMB0 = 0x08,
    ISA_TBL_ICMB1 = 0x09,
    ISA_TBL_ICMB2 = 0x0a,
    ISA_TBL_ICMB3 = 0x0b,
    ISA_TBL_FCMB0 = 0x0c,
    ISA_TBL_FCMB1 = 0x0d,
    ISA_TBL_PFCMB0 = 0x0e,
    ISA_TBL_PFCMB1 = 0x0f,
    ISA_TBL_LCMBD0 = 0x10,
    ISA_TBL_LCMBD1 = 0x11,
    ISA_TBL_LCMBQ0 = 0x12,
    ISA_TBL_LCMBQ1 = 0x13,
    ISA_TBL_QPFCMB0 = 0x16,
    ISA_TBL_QPFCMB1 = 0x17,
    ISA_TBL_COUNT = 0x18
};

/* Operation formats (ALOPF, e2k-isa.md §2.3). The suffixed variants are the
 * binutils sub-formats whose operand syntax differs. */
enum isa_fmt {
    ISA_ALOPF1,        /* src1, src2, dst */
    ISA_ALOPF2,        /* src2, dst; src1 byte is a selector */
    ISA_ALOPF3,        /* store: value(dst byte), src1, src2 */
    ISA_ALOPF7,        /* compare: src1, src2, %predN (cmpopce in dst 7:5) */
    ISA_ALOPF8,        /* cctop: src2, %predN */
    ISA_MERGE,         /* merges/merged: src1, src2, dst, mrgc predicate */
    ISA_ALOPF10,       /* staa* (AAU store) */
    ISA_ALOPF11,       /* long 3-operand */
    ISA_ALOPF11_LIT8,  /* long 3-operand, ALES.opce = 8-bit immediate */
    ISA_ALOPF11_MERGE, /* long merge (qpmrgp, ...) */
    ISA_ALOPF12,       /* long 2-operand, src1 byte selector */
    ISA_ALOPF12_PSHUFH,   /* pshufh: 2-operand + lit8 in ALES */
    ISA_ALOPF12_IBRANCHD, /* ibranchd (v6) */
    ISA_ALOPF12_ICALLD,   /* icalld (v6): src1 byte = wbs */
    ISA_ALOPF13,       /* long store */
    ISA_ALOPF15,       /* rws/rwd: src2 -> state register (dst byte) */
    ISA_ALOPF16,       /* rrs/rrd: state register (src1 byte) -> dst */
    ISA_ALOPF17,       /* packed compare to predicate (v6) */
    ISA_ALOPF19,       /* ldaa* (AAU load) */
    ISA_ALOPF21,       /* src1, src2, src3 (ALES 7:0), dst */
    ISA_ALOPF22,       /* movtq family */
    ISA_AAURW,         /* aaurw* */
    ISA_AAURR,         /* aaurr* */
    ISA_ALOPF21_MERGE, /* merge_<op2> combined ops: ALOPF21 + MRGC predicate */
    ISA_FMT_COUNT
};

/* Which ALS field the row fixes (besides opc). */
enum isa_sel {
    ISA_SEL_NONE,
    ISA_SEL_SRC1, /* src1 byte == sel */
    ISA_SEL_SRC2, /* src2 byte == sel */
    ISA_SEL_CMP   /* cmpopce (ALS 7:5) == sel */
};

/* What the ALES low byte holds for this row. */
enum isa_ales {
    ISA_ALES_NONE, /* no ALES (short table) */
    ISA_ALES_OPCE, /* ALES 7:0 == opce */
    ISA_ALES_SRC3, /* ALES 7:0 is the third source operand */
    ISA_ALES_LIT8  /* ALES 7:0 is an 8-bit immediate */
};

/* Row flags. */
#define ISA_F_MAS 0x01  /* memory op: takes a MAS from CS1 */
#define ISA_F_COMB 0x02 /* generated combined op (isa_comb.def) */
#define ISA_F_LOAD 0x04 /* reads memory */
#define ISA_F_STORE 0x08 /* writes memory */
/* Another spelling of a row with the same encoding (aaurws, plog_0xNN,
 * plog_and, ...): the assembler accepts it, isa_match() never returns it. */
#define ISA_F_ALIAS 0x10
/* The aaurw and aaurr rows (AAU register access) share the encoding of
 * staa and ldaa with MAS 0x3F [binutils tc-e2k.c parse_aaurw_args]. isa_match()
 * cannot see the MAS and returns the staa/ldaa row; dec_bundle() switches to
 * this row when CS1 gives the channel MAS 0x3F. */
#define ISA_F_AAUREG 0x20
/* v4 only: gas emits the physical ALES5|ALES2 syllable for this channel-2/5
 * row even when both halves hold 0x01C0 (binutils e2k-opc.h
 * explicit_ales25_v4; checked against MCST gas 2.35, docs/tools.md). */
#define ISA_F_ALES25_V4 0x40
#define ISA_MAS_AAUREG 0x3f

/* Combined-op component operations (e2k-isa.md §5.7), for ISA_F_COMB rows.
 * What comb1/comb2 hold depends on the table:
 *   ICMB0..3            comb1 = op1, comb2 = op2 (enum isa_icomb)
 *   FCMB, PFCMB, QPFCMB comb1 = fop1, comb2 = fop2 (enum isa_fcomb)
 *   LCMBD, LCMBQ        comb1 = 8-bit truth table N of plog_N/qplog_N,
 *                       comb2 = 0 */
enum isa_icomb {
    ISA_IC_AND, ISA_IC_ANDN, ISA_IC_OR, ISA_IC_ORN, ISA_IC_XOR, ISA_IC_XORN,
    ISA_IC_RSUB, ISA_IC_MERGE, ISA_IC_ADD, ISA_IC_SUB, ISA_IC_SCL, ISA_IC_SCR,
    ISA_IC_SHL, ISA_IC_SHR, ISA_IC_SAR, ISA_IC_GETF
};
enum isa_fcomb {
    ISA_FC_ADD = 0, ISA_FC_SUB = 1, ISA_FC_HADD = 2, ISA_FC_HSUB = 3,
    ISA_FC_MUL = 4, ISA_FC_RSUB = 5, ISA_FC_ADDSUB = 7
};

#define ISA_VERSION_MIN 2
#define ISA_VERSION_MAX 7
#define ISA_VERSION_DEFAULT 5 /* elbrus-v5 with tags: the peer suite's target */

struct isa_op {
    const char *name;   /* mnemonic exactly as gas writes it */
    uint16_t id;        /* index of this row in isa_ops[] */
    uint8_t fmt;        /* enum isa_fmt */
    uint8_t tbl;        /* enum isa_tbl */
    uint8_t opc;        /* ALS bits 30:24 */
    uint8_t sel_kind;   /* enum isa_sel */
    uint8_t sel;        /* the fixed selector value */
    uint8_t ales_kind;  /* enum isa_ales */
    uint8_t opce;       /* required ALES 7:0 for ISA_ALES_OPCE */
    uint8_t channels;   /* bit i set: allowed on ALC i */
    uint8_t isa_min;    /* first ISA version (1..7) */
    uint8_t isa_max;    /* last ISA version */
    uint8_t flags;      /* ISA_F_* */
    uint8_t comb1;      /* ISA_F_COMB: first operation (enum isa_icomb) */
    uint8_t comb2;      /* ISA_F_COMB: second operation */
    char sizes[5];      /* operand sizes in assembly order: s d q p */
};

extern const struct isa_op isa_ops[];
extern const unsigned isa_nops;

/* Rows that may match (tbl, opc, ch): a contiguous run of row ids in
 * isa_index_rows[], from isa_index_start[k] to isa_index_start[k + 1],
 * k = (tbl * 128 + opc) * 6 + ch. Built by isa_gen. */
extern const uint16_t isa_index_start[];
extern const uint16_t isa_index_rows[];

/* The row a channel's ALS/ALES selects, or NULL (illegal opcode). `ales` is
 * ignored when `has_ales` is 0. `isa` is the ISA version (2..7). Rows flagged
 * ISA_F_ALIAS or ISA_F_AAUREG are never returned (see their flags). */
const struct isa_op *isa_match(unsigned ch, uint32_t als, int has_ales,
                               uint16_t ales, unsigned isa);

/* Rows whose mnemonic is `name`: fills up to `max` pointers, returns the
 * total number of such rows. */
unsigned isa_by_name(const char *name, const struct isa_op **out,
                     unsigned max);

/* 1 if the row exists in ISA version `isa`. */
int isa_op_in_version(const struct isa_op *op, unsigned isa);

/* Names of tables, formats (for docs, errors and the disassembler). */
const char *isa_tbl_name(unsigned tbl);
const char *isa_fmt_name(unsigned fmt);

/* Parse "elbrus-vN", "vN" or "N" into an ISA version; -1 if invalid. */
int isa_parse_cpu(const char *s);

#endif
