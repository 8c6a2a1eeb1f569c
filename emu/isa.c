/*
 * isa.c — lookups over the generated operation table (isa_table.c).
 *
 * isa_match() is the decode key of e2k-isa.md §2.3: (table, opc, channel),
 * then the format's selector (src1 byte, src2 byte, cmpopce or ALES.opce) and
 * the ISA version. It runs once per ALS at decode/translate time, never per
 * executed instruction.
 */
#include "emu/isa.h"

#include <string.h>

#include "emu/isa_fields.h"

int isa_op_in_version(const struct isa_op *op, unsigned isa)
{
    return isa >= op->isa_min && isa <= op->isa_max;
}

static int sel_matches(const struct isa_op *op, uint32_t als, uint16_t ales)
{
    switch (op->sel_kind) {
    case ISA_SEL_SRC1:
        if (ALS_SRC1(als) != op->sel)
            return 0;
        break;
    case ISA_SEL_SRC2:
        if (ALS_SRC2(als) != op->sel)
            return 0;
        break;
    case ISA_SEL_CMP:
        if (ALS_CMPOPCE(als) != op->sel)
            return 0;
        /* cctop* (ALOPF8) also fixes src1 = 0xC0 (§2.3 step 3). */
        if (op->fmt == ISA_ALOPF8 && ALS_SRC1(als) != 0xc0)
            return 0;
        break;
    default:
        break;
    }
    if (op->ales_kind == ISA_ALES_OPCE && ALES_OPCE(ales) != op->opce)
        return 0;
    return 1;
}

const struct isa_op *isa_match(unsigned ch, uint32_t als, int has_ales,
                               uint16_t ales, unsigned isa)
{
    unsigned tbl = has_ales ? ALES_OPC2(ales) : ISA_TBL_SHORT;
    if (ch >= 6 || tbl >= ISA_TBL_COUNT || (has_ales && tbl == ISA_TBL_SHORT))
        return NULL;
    unsigned k = (tbl * 128 + ALS_OPC(als)) * 6 + ch;
    const struct isa_op *fallback = NULL;
    for (unsigned i = isa_index_start[k]; i < isa_index_start[k + 1]; i++) {
        const struct isa_op *op = &isa_ops[isa_index_rows[i]];
        if ((op->flags & (ISA_F_ALIAS | ISA_F_AAUREG)) ||
            !isa_op_in_version(op, isa) || !sel_matches(op, als, ales))
            continue;
        /* A row that fixes a selector is more specific than one that does
         * not; prefer it when both match. */
        if (op->sel_kind != ISA_SEL_NONE || op->ales_kind == ISA_ALES_OPCE)
            return op;
        if (!fallback)
            fallback = op;
    }
    return fallback;
}

unsigned isa_by_name(const char *name, const struct isa_op **out, unsigned max)
{
    unsigned n = 0;
    for (unsigned i = 0; i < isa_nops; i++) {
        if (strcmp(isa_ops[i].name, name) != 0)
            continue;
        if (n < max)
            out[n] = &isa_ops[i];
        n++;
    }
    return n;
}

const char *isa_tbl_name(unsigned tbl)
{
    static const char *const k_names[ISA_TBL_COUNT] = {
        "short", "EXT",    "EXT1",   "EXT2",   "FLB",    "FLH",
        "FLW",   "FLD",    "ICMB0",  "ICMB1",  "ICMB2",  "ICMB3",
        "FCMB0", "FCMB1",  "PFCMB0", "PFCMB1", "LCMBD0", "LCMBD1",
        "LCMBQ0", "LCMBQ1", NULL,    NULL,     "QPFCMB0", "QPFCMB1"};
    if (tbl >= ISA_TBL_COUNT || !k_names[tbl])
        return "?";
    return k_names[tbl];
}

const char *isa_fmt_name(unsigned fmt)
{
    static const char *const k_names[ISA_FMT_COUNT] = {
        "ALOPF1",  "ALOPF2",  "ALOPF3",  "ALOPF7",  "ALOPF8",
        "MERGE",   "ALOPF10", "ALOPF11", "ALOPF11-LIT8", "ALOPF11-MERGE",
        "ALOPF12", "ALOPF12-PSHUFH", "ALOPF12-IBRANCHD", "ALOPF12-ICALLD",
        "ALOPF13", "ALOPF15", "ALOPF16", "ALOPF17", "ALOPF19", "ALOPF21",
        "ALOPF22", "AAURW",   "AAURR",   "ALOPF21-MERGE"};
    return fmt < ISA_FMT_COUNT ? k_names[fmt] : "?";
}

int isa_parse_cpu(const char *s)
{
    if (!strncmp(s, "elbrus-", 7))
        s += 7;
    if (*s == 'v')
        s++;
    if (s[0] >= '0' && s[0] <= '9' && s[1] == 0) {
        int v = s[0] - '0';
        if (v >= ISA_VERSION_MIN && v <= ISA_VERSION_MAX)
            return v;
    }
    return -1;
}
