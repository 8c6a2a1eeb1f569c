/*
 * isa_test.c — invariants of the generated operation table (isa.def,
 * isa_comb.def via isa_gen) that the decoder, assembler and disassembler rely
 * on: every row decodes back to itself, no two rows claim the same bits, a
 * mnemonic names one encoding per channel and ISA version, and the combined
 * families have the shape and size the MCST assembler has (counts taken from
 * binutils-mcst opcodes/e2k-opc.h, see docs/isa.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu/isa.h"
#include "emu/isa_fields.h"

static unsigned vlo(const struct isa_op *op)
{
    return op->isa_min > ISA_VERSION_MIN ? op->isa_min : ISA_VERSION_MIN;
}

static int hidden(const struct isa_op *op)
{
    return (op->flags & (ISA_F_ALIAS | ISA_F_AAUREG)) != 0;
}

/* An ALS/ALES pair that selects `op` (operand bytes are registers unless the
 * format fixes them). */
static void encode(const struct isa_op *op, uint32_t *als, uint16_t *ales)
{
    uint32_t src1 = 0x81, src2 = 0x82, dst = 0x83;
    switch (op->sel_kind) {
    case ISA_SEL_SRC1:
        src1 = op->sel;
        break;
    case ISA_SEL_SRC2:
        src2 = op->sel;
        break;
    case ISA_SEL_CMP:
        dst = (uint32_t)op->sel << 5 | 3;
        if (op->fmt == ISA_ALOPF8)
            src1 = 0xc0;
        break;
    default:
        break;
    }
    *als = (uint32_t)op->opc << 24 | src1 << 16 | src2 << 8 | dst;
    uint16_t low = 0;
    if (op->ales_kind == ISA_ALES_OPCE)
        low = op->opce;
    else if (op->ales_kind == ISA_ALES_SRC3)
        low = 0x84;
    else if (op->ales_kind == ISA_ALES_LIT8)
        low = 0x05;
    *ales = (uint16_t)(op->tbl << 8 | low);
}

static void test_every_row_matches_itself(void **state)
{
    (void)state;
    unsigned checked = 0;
    for (unsigned i = 0; i < isa_nops; i++) {
        const struct isa_op *op = &isa_ops[i];
        assert_int_equal(op->id, i);
        uint32_t als;
        uint16_t ales;
        encode(op, &als, &ales);
        for (unsigned ch = 0; ch < 6; ch++) {
            if (!(op->channels >> ch & 1))
                continue;
            for (unsigned v = vlo(op); v <= op->isa_max; v++) {
                const struct isa_op *m =
                    isa_match(ch, als, op->tbl != ISA_TBL_SHORT, ales, v);
                if (!hidden(op)) {
                    if (m != op)
                        fail_msg("%s ch%u v%u: isa_match gave %s", op->name,
                                 ch, v, m ? m->name : "NULL");
                } else {
                    /* An alias / AAU register row decodes as its twin. */
                    assert_non_null(m);
                    assert_false(hidden(m));
                    assert_int_equal(m->tbl, op->tbl);
                    assert_int_equal(m->opc, op->opc);
                }
                checked++;
            }
        }
        /* Outside its versions the row is never returned. */
        for (unsigned ch = 0; ch < 6; ch++) {
            if (!(op->channels >> ch & 1))
                continue;
            for (unsigned v = ISA_VERSION_MIN; v <= ISA_VERSION_MAX; v++) {
                if (isa_op_in_version(op, v))
                    continue;
                assert_ptr_not_equal(
                    isa_match(ch, als, op->tbl != ISA_TBL_SHORT, ales, v), op);
            }
        }
    }
    assert_true(checked > 10000);
}

/* Fixed ALS/ALES fields of a row, for the collision check. */
struct fixed {
    int src1, src2, cmp, opce; /* -1: free */
};

static struct fixed fixed_of(const struct isa_op *op)
{
    struct fixed f = {-1, -1, -1, -1};
    if (op->sel_kind == ISA_SEL_SRC1)
        f.src1 = op->sel;
    if (op->sel_kind == ISA_SEL_SRC2)
        f.src2 = op->sel;
    if (op->sel_kind == ISA_SEL_CMP) {
        f.cmp = op->sel;
        if (op->fmt == ISA_ALOPF8)
            f.src1 = 0xc0;
    }
    if (op->ales_kind == ISA_ALES_OPCE)
        f.opce = op->opce;
    return f;
}

static int conflict(int a, int b)
{
    return a >= 0 && b >= 0 && a != b;
}

static void test_no_two_rows_collide(void **state)
{
    (void)state;
    unsigned nkeys = ISA_TBL_COUNT * 128 * 6, collisions = 0;
    for (unsigned k = 0; k < nkeys; k++) {
        for (unsigned i = isa_index_start[k]; i < isa_index_start[k + 1]; i++) {
            const struct isa_op *a = &isa_ops[isa_index_rows[i]];
            if (hidden(a))
                continue;
            struct fixed fa = fixed_of(a);
            for (unsigned j = i + 1; j < isa_index_start[k + 1]; j++) {
                const struct isa_op *b = &isa_ops[isa_index_rows[j]];
                if (hidden(b))
                    continue;
                if (a->isa_max < b->isa_min || b->isa_max < a->isa_min)
                    continue;
                if (a->isa_max < ISA_VERSION_MIN || b->isa_max < ISA_VERSION_MIN)
                    continue;
                struct fixed fb = fixed_of(b);
                if (conflict(fa.src1, fb.src1) || conflict(fa.src2, fb.src2) ||
                    conflict(fa.cmp, fb.cmp) || conflict(fa.opce, fb.opce))
                    continue;
                print_error("collision: %s and %s (tbl %u opc 0x%02x ch %u)\n",
                            a->name, b->name, a->tbl, a->opc, k % 6);
                collisions++;
            }
        }
    }
    assert_int_equal(collisions, 0);
}

static int cmp_name_ch_v(const void *x, const void *y)
{
    const uint32_t *a = x, *b = y;
    int c = strcmp(isa_ops[a[0]].name, isa_ops[b[0]].name);
    if (c)
        return c;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

static void test_names_unique_per_channel_and_version(void **state)
{
    (void)state;
    /* (row, channel * 8 + version) pairs, sorted by name then key. */
    size_t cap = (size_t)isa_nops * 6 * 8, n = 0;
    uint32_t(*e)[2] = calloc(cap, sizeof *e);
    assert_non_null(e);
    for (unsigned i = 0; i < isa_nops; i++)
        for (unsigned ch = 0; ch < 6; ch++)
            if (isa_ops[i].channels >> ch & 1)
                for (unsigned v = vlo(&isa_ops[i]); v <= isa_ops[i].isa_max; v++) {
                    e[n][0] = i;
                    e[n][1] = ch * 8 + v;
                    n++;
                }
    qsort(e, n, sizeof *e, cmp_name_ch_v);
    unsigned dups = 0;
    for (size_t i = 1; i < n; i++) {
        if (e[i][1] == e[i - 1][1] &&
            !strcmp(isa_ops[e[i][0]].name, isa_ops[e[i - 1][0]].name)) {
            print_error("%s: two rows for ch%u v%u\n", isa_ops[e[i][0]].name,
                        e[i][1] / 8, e[i][1] % 8);
            dups++;
        }
    }
    free(e);
    assert_int_equal(dups, 0);
}

static unsigned operands_of(unsigned fmt)
{
    switch (fmt) {
    case ISA_ALOPF21:
    case ISA_ALOPF21_MERGE:
        return 4;
    case ISA_ALOPF1:
    case ISA_MERGE:
    case ISA_ALOPF3:
    case ISA_ALOPF11:
    case ISA_ALOPF11_LIT8:
    case ISA_ALOPF11_MERGE:
    case ISA_ALOPF13:
        return 3;
    case ISA_ALOPF2:
    case ISA_ALOPF7:
    case ISA_ALOPF12:
    case ISA_ALOPF12_PSHUFH:
    case ISA_ALOPF12_IBRANCHD:
    case ISA_ALOPF12_ICALLD:
    case ISA_ALOPF17:
    case ISA_ALOPF22:
        return 2;
    default:
        return 1;
    }
}

static void test_row_shapes(void **state)
{
    (void)state;
    for (unsigned i = 0; i < isa_nops; i++) {
        const struct isa_op *op = &isa_ops[i];
        if (strlen(op->sizes) != operands_of(op->fmt))
            fail_msg("%s: %zu sizes for %s", op->name, strlen(op->sizes),
                     isa_fmt_name(op->fmt));
        assert_true(op->fmt < ISA_FMT_COUNT);
        assert_string_not_equal(isa_fmt_name(op->fmt), "?");
        assert_string_not_equal(isa_tbl_name(op->tbl), "?");
        assert_true(op->channels != 0 && op->channels < 64);
        assert_true(op->isa_min >= 1 && op->isa_min <= op->isa_max &&
                    op->isa_max <= ISA_VERSION_MAX);
        assert_int_equal(op->tbl == ISA_TBL_SHORT,
                         op->ales_kind == ISA_ALES_NONE);
        if (op->flags & ISA_F_MAS)
            assert_true(op->flags & (ISA_F_LOAD | ISA_F_STORE));
        /* MAS exists only for channels 0, 2, 3, 5 (e2k-isa.md §7.6). */
        if (op->flags & ISA_F_MAS)
            assert_int_equal(op->channels & 0x12, 0);
        /* A row fixing a selector byte uses the byte values of §2.3. */
        if (op->ales_kind == ISA_ALES_SRC3 || op->ales_kind == ISA_ALES_LIT8)
            assert_int_equal(op->opce, 0);
    }
}

/* ---- combined families ---------------------------------------------- */

static const char *const k_icomb[16] = {
    "and", "andn", "or",  "orn", "xor", "xorn", "rsub", "merge",
    "add", "sub",  "scl", "scr", "shl", "shr",  "sar",  "getf"};
static const char *const k_fop[8] = {"add", "sub",  "hadd", "hsub",
                                     "mul", "rsub", NULL,   "addsub"};

static void test_comb_rows_consistent(void **state)
{
    (void)state;
    unsigned n_icmb = 0, n_f = 0, n_pf = 0, n_qpf = 0, n_plog = 0, n_qplog = 0,
             n_alias = 0;
    for (unsigned i = 0; i < isa_nops; i++) {
        const struct isa_op *op = &isa_ops[i];
        if (!(op->flags & ISA_F_COMB))
            continue;
        char name[40];
        assert_true(op->fmt == ISA_ALOPF21 || op->fmt == ISA_ALOPF21_MERGE);
        assert_int_equal(op->ales_kind, ISA_ALES_SRC3);
        char sz = (op->opc & 1) ? 'd' : 's';
        if (op->tbl >= ISA_TBL_ICMB0 && op->tbl <= ISA_TBL_ICMB3) {
            assert_int_equal(op->comb1, (op->opc >> 1) & 15);
            assert_int_equal(op->comb2,
                             ((op->tbl - ISA_TBL_ICMB0) << 2) | op->opc >> 5);
            snprintf(name, sizeof name, "%s_%s%c", k_icomb[op->comb1],
                     k_icomb[op->comb2], sz);
            assert_string_equal(op->name, name);
            assert_int_equal(op->fmt == ISA_ALOPF21_MERGE,
                             op->comb1 == ISA_IC_MERGE ||
                                 op->comb2 == ISA_IC_MERGE);
            /* v2+ second halves: below scl and not merge. */
            assert_int_equal(op->isa_max == ISA_VERSION_MAX,
                             op->comb2 < ISA_IC_SCL &&
                                 op->comb2 != ISA_IC_MERGE);
            assert_int_equal(op->channels, 0x12);
            n_icmb++;
            continue;
        }
        if (op->tbl >= ISA_TBL_LCMBD0 && op->tbl <= ISA_TBL_LCMBQ1) {
            unsigned base = op->tbl <= ISA_TBL_LCMBD1 ? ISA_TBL_LCMBD0
                                                       : ISA_TBL_LCMBQ0;
            assert_int_equal(op->comb1, ((op->tbl - base) << 7) | op->opc);
            if (op->flags & ISA_F_ALIAS) {
                n_alias++;
                continue;
            }
            snprintf(name, sizeof name, "%s_%u",
                     base == ISA_TBL_LCMBD0 ? "plog" : "qplog", op->comb1);
            assert_string_equal(op->name, name);
            assert_int_equal(op->isa_min, 5);
            if (base == ISA_TBL_LCMBD0)
                n_plog++;
            else
                n_qplog++;
            continue;
        }
        const char *prefix;
        unsigned base;
        if (op->tbl == ISA_TBL_FCMB0 || op->tbl == ISA_TBL_FCMB1) {
            prefix = "f", base = ISA_TBL_FCMB0;
        } else if (op->tbl == ISA_TBL_PFCMB0 || op->tbl == ISA_TBL_PFCMB1) {
            prefix = "pf", base = ISA_TBL_PFCMB0;
        } else {
            assert_true(op->tbl == ISA_TBL_QPFCMB0 ||
                        op->tbl == ISA_TBL_QPFCMB1);
            prefix = "qpf", base = ISA_TBL_QPFCMB0;
        }
        assert_int_equal(op->opc & 0x10, 0);
        assert_int_equal(op->comb1, (op->opc >> 1) & 7);
        assert_int_equal(op->comb2, ((op->tbl - base) << 2) | op->opc >> 5);
        assert_non_null(k_fop[op->comb1]);
        assert_non_null(k_fop[op->comb2]);
        snprintf(name, sizeof name, "%s%s_%s%c", prefix, k_fop[op->comb1],
                 k_fop[op->comb2], sz);
        assert_string_equal(op->name, name);
        /* Count each mnemonic once (some have a second row for ch 2/5). */
        const struct isa_op *first[4];
        assert_true(isa_by_name(op->name, first, 4) >= 1);
        if (first[0] != op)
            continue;
        if (base == ISA_TBL_FCMB0)
            n_f++;
        else if (base == ISA_TBL_PFCMB0)
            n_pf++;
        else
            n_qpf++;
    }
    /* Mnemonic counts in binutils-mcst opcodes/e2k-opc.h. */
    assert_int_equal(n_icmb, 480);
    assert_int_equal(n_f, 22);
    assert_int_equal(n_pf, 49);
    assert_int_equal(n_qpf, 52);
    assert_int_equal(n_plog, 256);
    assert_int_equal(n_qplog, 256);
    assert_int_equal(n_alias, 2 * (256 + 5));
}

struct spot {
    const char *name;
    unsigned tbl, opc, ch, isa;
};

/* Individual rows checked by hand against binutils e2k-opc.h. */
static const struct spot k_spots[] = {
    {"add_subd", ISA_TBL_ICMB2, 0x31, 1, 5},
    {"merge_ands", ISA_TBL_ICMB0, 0x0e, 4, 5},
    {"insfd", ISA_TBL_ICMB3, 0x6d, 0, 5},
    {"fmul_addd", ISA_TBL_FCMB0, 0x09, 0, 2},
    {"fmul_addd", ISA_TBL_FCMB0, 0x09, 5, 4},
    {"fadd_rsubs", ISA_TBL_FCMB1, 0x20, 3, 2},
    {"pfhadd_rsubs", ISA_TBL_PFCMB1, 0x24, 1, 3},
    {"pfaddsub_addsubs", ISA_TBL_PFCMB1, 0x6e, 2, 4},
    {"pshufb", ISA_TBL_PFCMB1, 0x4d, 0, 2},
    {"qpfaddsub_addsubd", ISA_TBL_QPFCMB1, 0x6f, 5, 5},
    {"qpfmul_hadds", ISA_TBL_QPFCMB0, 0x48, 2, 5},
    {"qpshufb", ISA_TBL_QPFCMB1, 0x4d, 3, 5},
    {"plog_128", ISA_TBL_LCMBD1, 0x00, 0, 5},
    {"qplog_255", ISA_TBL_LCMBQ1, 0x7f, 4, 7},
    {"qpcheckd", ISA_TBL_EXT1, 0x33, 0, 6},
};

static void test_spot_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k_spots / sizeof k_spots[0]; i++) {
        const struct spot *s = &k_spots[i];
        const struct isa_op *rows[8];
        unsigned n = isa_by_name(s->name, rows, 8);
        int found = 0;
        for (unsigned j = 0; j < n && j < 8; j++)
            if (rows[j]->tbl == s->tbl && rows[j]->opc == s->opc &&
                (rows[j]->channels >> s->ch & 1) &&
                isa_op_in_version(rows[j], s->isa))
                found = 1;
        if (!found)
            fail_msg("%s not at tbl %u opc 0x%02x ch%u v%u", s->name, s->tbl,
                     s->opc, s->ch, s->isa);
    }
    /* Version and channel limits of the families. */
    const struct isa_op *r[4];
    assert_int_equal(isa_by_name("fadd_muls", r, 4), 1);
    assert_int_equal(r[0]->isa_max, 1); /* v1 only */
    assert_int_equal(isa_by_name("pfhadd_addd", r, 4), 0);  /* s only */
    assert_int_equal(isa_by_name("qpfhadd_addd", r, 4), 0); /* s only */
    assert_int_equal(isa_by_name("qpfmul_mulsd", r, 4), 0);
    assert_int_equal(isa_by_name("rsub_adds", r, 4), 0);  /* op1 != rsub */
    assert_int_equal(isa_by_name("add_shld", r, 4), 1);   /* op2 < scl */
    assert_int_equal(r[0]->isa_max, 1);                     /* from v2 */
    assert_int_equal(isa_by_name("add_merged", r, 4), 1); /* op2 != merge */
    assert_int_equal(r[0]->isa_max, 1);
    assert_int_equal(r[0]->fmt, ISA_ALOPF21_MERGE);
    /* Aliases: same bits as the canonical row, hidden from isa_match. */
    assert_int_equal(isa_by_name("plog_0x96", r, 4), 1);
    assert_true(r[0]->flags & ISA_F_ALIAS);
    assert_int_equal(isa_by_name("plog_xor", r, 4), 1);
    assert_int_equal(r[0]->comb1, 0x96);
    assert_int_equal(isa_by_name("qplog_sel3", r, 4), 1);
    assert_int_equal(r[0]->comb1, 0xd8);
    assert_int_equal(isa_by_name("aaurws", r, 4), 1);
    assert_true(r[0]->flags & ISA_F_AAUREG);
    /* qpcheck* selectors (binutils include/opcode/e2k.h). */
    assert_int_equal(isa_by_name("qpchecks", r, 4), 1);
    assert_int_equal(r[0]->opce, 0xc0);
    assert_int_equal(isa_by_name("qpcheckq", r, 4), 1);
    assert_int_equal(r[0]->opce, 0xc2);
}

static void test_isa_match_edges(void **state)
{
    (void)state;
    /* Bad channel, table beyond the known ones, ALES with opc2 0. */
    assert_null(isa_match(6, 0x11c0c180, 0, 0, 5));
    assert_null(isa_match(0, 0x21808182, 1, 0x18c0, 5));
    assert_null(isa_match(0, 0x21808182, 1, 0x00c0, 5));
    assert_null(isa_match(0, 0x21808182, 1, 0xffc0, 5));
    /* Version outside every row. */
    assert_null(isa_match(0, 0x11c0c180, 0, 0, 0));
    assert_null(isa_match(0, 0x11c0c180, 0, 0, 8));
    const struct isa_op *op = isa_match(0, 0x11c0c180, 0, 0, 5);
    assert_non_null(op);
    assert_string_equal(op->name, "addd");
    /* isa_by_name counts beyond `max`. */
    const struct isa_op *one[1];
    assert_int_equal(isa_by_name("fadds", one, 1), 2);
    assert_int_equal(isa_by_name("no_such_op", one, 1), 0);
}

static void test_parse_cpu_and_names(void **state)
{
    (void)state;
    assert_int_equal(isa_parse_cpu("elbrus-v5"), 5);
    assert_int_equal(isa_parse_cpu("v3"), 3);
    assert_int_equal(isa_parse_cpu("7"), 7);
    assert_int_equal(isa_parse_cpu("elbrus-v1"), -1);
    assert_int_equal(isa_parse_cpu("v8"), -1);
    assert_int_equal(isa_parse_cpu("elbrus-v55"), -1);
    assert_int_equal(isa_parse_cpu(""), -1);
    assert_string_equal(isa_tbl_name(ISA_TBL_QPFCMB1), "QPFCMB1");
    assert_string_equal(isa_tbl_name(0x14), "?");
    assert_string_equal(isa_tbl_name(99), "?");
    assert_string_equal(isa_fmt_name(ISA_ALOPF21_MERGE), "ALOPF21-MERGE");
    assert_string_equal(isa_fmt_name(ISA_FMT_COUNT), "?");
}

static void test_index_covers_every_row(void **state)
{
    (void)state;
    for (unsigned i = 0; i < isa_nops; i++) {
        const struct isa_op *op = &isa_ops[i];
        for (unsigned ch = 0; ch < 6; ch++) {
            if (!(op->channels >> ch & 1))
                continue;
            unsigned k = (op->tbl * 128u + op->opc) * 6 + ch, hits = 0;
            for (unsigned j = isa_index_start[k]; j < isa_index_start[k + 1];
                 j++)
                hits += isa_index_rows[j] == i;
            assert_int_equal(hits, 1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row_matches_itself),
        cmocka_unit_test(test_no_two_rows_collide),
        cmocka_unit_test(test_names_unique_per_channel_and_version),
        cmocka_unit_test(test_row_shapes),
        cmocka_unit_test(test_comb_rows_consistent),
        cmocka_unit_test(test_spot_rows),
        cmocka_unit_test(test_isa_match_edges),
        cmocka_unit_test(test_parse_cpu_and_names),
        cmocka_unit_test(test_index_covers_every_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
