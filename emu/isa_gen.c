/*
 * isa_gen.c — build-time generator: expands isa.def and isa_comb.def into
 * isa_table.c (the constant row array and the decode index).
 *
 * Why a generator: the decoder wants an O(1) index by (table, opc, channel),
 * the combined families are some two thousand systematic rows, and both
 * should be constant data rather than built at start-up. Nothing here runs in
 * e2k-rr itself; the output lives in the build tree and is never committed.
 * The generator checks the shape of each row (channels, versions, sizes) and
 * fails the build on a malformed one; table-wide invariants (no two rows
 * decode the same bits) are checked by tests/unit/emu/isa_test.c.
 *
 * How the families expand: docs/isa.md "Combined families".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/isa.h"

struct row {
    char name[32];
    const char *fmt;
    unsigned tbl, opc, sel_kind, sel, ales_kind, opce, ch, vmin, vmax, flags,
        comb1, comb2;
    char sizes[5];
};

#define MAX_ROWS 8192
static struct row g_rows[MAX_ROWS];
static unsigned g_n;

static void die(const char *what, const char *name)
{
    fprintf(stderr, "isa_gen: %s: %s\n", name, what);
    exit(1);
}

/* "C0134" -> bit mask of channels; "C" alone -> 0. */
static unsigned chmask(const char *s)
{
    unsigned m = 0;
    if (*s != 'C')
        die("channel list must start with C", s);
    for (s++; *s; s++) {
        if (*s < '0' || *s > '5')
            die("bad channel list", s);
        m |= 1u << (*s - '0');
    }
    return m;
}

#define NOSEL ISA_SEL_NONE, 0
#define S1(v) ISA_SEL_SRC1, v
#define S2(v) ISA_SEL_SRC2, v
#define CMP(v) ISA_SEL_CMP, v
#define NOALES ISA_ALES_NONE, 0
#define OPCE(v) ISA_ALES_OPCE, v
#define SRC3 ISA_ALES_SRC3, 0
#define LIT8 ISA_ALES_LIT8, 0
#define MAS ISA_F_MAS
#define ALES25V4 ISA_F_ALES25_V4
#define ALIAS ISA_F_ALIAS
#define AAUREG ISA_F_AAUREG

static struct row *add_mask(const char *name, const char *fmt, unsigned tbl,
                            unsigned opc, unsigned sk, unsigned sv,
                            unsigned ak, unsigned av, unsigned ch, unsigned lo,
                            unsigned hi, const char *sizes, unsigned flags)
{
    if (g_n >= MAX_ROWS)
        die("too many rows (raise MAX_ROWS)", name);
    if (strlen(name) >= sizeof g_rows[0].name)
        die("mnemonic too long", name);
    if (tbl >= ISA_TBL_COUNT || opc > 0x7f || sv > 0xff || av > 0xff)
        die("table/opc/selector out of range", name);
    if (!ch || ch > 0x3f)
        die("no channel", name);
    if (lo < 1 || hi > ISA_VERSION_MAX || lo > hi)
        die("bad ISA range", name);
    if ((tbl == ISA_TBL_SHORT) != (ak == ISA_ALES_NONE))
        die("short-table rows have no ALES and long ones need one", name);
    if (strlen(sizes) >= sizeof g_rows[0].sizes ||
        strspn(sizes, "sdqp") != strlen(sizes))
        die("bad operand sizes", name);

    struct row *r = &g_rows[g_n++];
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->fmt = fmt;
    r->tbl = tbl;
    r->opc = opc;
    r->sel_kind = sk;
    r->sel = sv;
    r->ales_kind = ak;
    r->opce = av;
    r->ch = ch;
    r->vmin = lo;
    r->vmax = hi;
    snprintf(r->sizes, sizeof r->sizes, "%s", sizes);
    if (flags & ISA_F_MAS) {
        if (!strcmp(fmt, "ALOPF3") || !strcmp(fmt, "ALOPF13") ||
            !strcmp(fmt, "ALOPF10"))
            flags |= ISA_F_STORE;
        else
            flags |= ISA_F_LOAD;
    }
    r->flags = flags;
    return r;
}

static void add_explicit(void)
{
#define ISA_OP(name, fmt, tbl, opc, sel, ales, ch, lo, hi, sizes, flags)       \
    add_mask(#name, #fmt, ISA_TBL_##tbl, opc, sel, ales, chmask(#ch), lo, hi, \
             sizes, flags);
#include "emu/isa.def"
#undef ISA_OP
}

/* ---- ICMB ------------------------------------------------------------ */

struct icomb {
    const char *name;
    int as1, as2;
};

static void add_icomb(void)
{
    struct icomb ic[16] = {{0}};
#define ISA_ICOMB(n, name, a1, a2) ic[n] = (struct icomb){#name, a1, a2};
#include "emu/isa_comb.def"
#undef ISA_ICOMB
    for (unsigned t = ISA_TBL_ICMB0; t <= ISA_TBL_ICMB3; t++) {
        for (unsigned opc = 0; opc < 128; opc++) {
            unsigned op1 = (opc >> 1) & 15;
            unsigned op2 = ((t - ISA_TBL_ICMB0) << 2) | (opc >> 5);
            if (!ic[op1].as1 || !ic[op2].as2)
                continue;
            char name[32];
            int d = opc & 1;
            snprintf(name, sizeof name, "%s_%s%c", ic[op1].name, ic[op2].name,
                     d ? 'd' : 's');
            /* as2 == 1: the second half only in v1. merge in either half
             * also reads an MRGC condition (binutils ALOPF21_MERGE). */
            int merge = op1 == ISA_IC_MERGE || op2 == ISA_IC_MERGE;
            struct row *r = add_mask(
                name, merge ? "ALOPF21_MERGE" : "ALOPF21", t, opc, NOSEL, SRC3,
                chmask("C14"), 1, ic[op2].as2 == 2 ? 7 : 1,
                d ? "dddd" : "ssss", ISA_F_COMB);
            r->comb1 = op1;
            r->comb2 = op2;
        }
    }
}

/* ---- FCMB, PFCMB, QPFCMB ---------------------------------------------- */

enum fcmb_family {
#define ISA_FCMB_FAMILY(id, prefix, tbl0, ch, late_ch, late_isa, ss, sd) FAM_##id,
#include "emu/isa_comb.def"
#undef ISA_FCMB_FAMILY
    FAM_COUNT
};

struct fcmb_family_def {
    const char *prefix;
    unsigned tbl0;
    const char *ch, *late_ch;
    unsigned late_isa;
    const char *sizes_s, *sizes_d;
};

static const struct fcmb_family_def k_families[FAM_COUNT] = {
#define ISA_FCMB_FAMILY(id, prefix, tbl0, ch, late_ch, late_isa, ss, sd) \
    [FAM_##id] = {#prefix, ISA_TBL_##tbl0, #ch, #late_ch, late_isa, ss, sd},
#include "emu/isa_comb.def"
#undef ISA_FCMB_FAMILY
};

static const char *k_fop[8] = {
#define ISA_FOP(n, name) [n] = #name,
#include "emu/isa_comb.def"
#undef ISA_FOP
};

static unsigned fop_num(const char *name)
{
    for (unsigned i = 0; i < 8; i++)
        if (k_fop[i] && !strcmp(k_fop[i], name))
            return i;
    die("unknown fop", name);
    return 0;
}

/* One cell of an ISA_FCMB_ROW: "<first><last><sizes>" or "". */
static void add_fcmb_cell(unsigned fam, unsigned fop1, unsigned fop2,
                          const char *cell)
{
    const struct fcmb_family_def *f = &k_families[fam];
    if (!cell[0])
        return;
    if (!k_fop[fop2] || strlen(cell) < 3 || cell[0] < '1' || cell[0] > '7' ||
        cell[1] < cell[0] || cell[1] > '7' ||
        strspn(cell + 2, "sd") != strlen(cell + 2))
        die("bad ISA_FCMB_ROW cell", cell);
    unsigned lo = cell[0] - '0', hi = cell[1] - '0';
    unsigned ch = chmask(f->ch), late = chmask(f->late_ch);
    for (const char *sz = cell + 2; *sz; sz++) {
        unsigned d = *sz == 'd';
        unsigned opc = (fop1 << 1) | d | ((fop2 & 3) << 5);
        unsigned tbl = f->tbl0 + (fop2 >> 2);
        const char *sizes = d ? f->sizes_d : f->sizes_s;
        char name[32];
        snprintf(name, sizeof name, "%s%s_%s%c", f->prefix, k_fop[fop1],
                 k_fop[fop2], *sz);
        /* The late channels join at late_isa: one row, or two with the same
         * name and disjoint channels. */
        struct row *r[2] = {NULL, NULL};
        if (!late || hi < f->late_isa) {
            r[0] = add_mask(name, "ALOPF21", tbl, opc, NOSEL, SRC3, ch, lo, hi,
                            sizes, ISA_F_COMB);
        } else if (lo >= f->late_isa) {
            r[0] = add_mask(name, "ALOPF21", tbl, opc, NOSEL, SRC3, ch | late,
                            lo, hi, sizes, ISA_F_COMB);
        } else {
            r[0] = add_mask(name, "ALOPF21", tbl, opc, NOSEL, SRC3, ch, lo, hi,
                            sizes, ISA_F_COMB);
            r[1] = add_mask(name, "ALOPF21", tbl, opc, NOSEL, SRC3, late,
                            f->late_isa, hi, sizes, ISA_F_COMB);
        }
        for (unsigned i = 0; i < 2; i++) {
            if (r[i]) {
                r[i]->comb1 = fop1;
                r[i]->comb2 = fop2;
            }
        }
    }
}

static void add_fcomb(void)
{
#define ISA_FCMB_ROW(id, f1, c_add, c_sub, c_hadd, c_hsub, c_mul, c_rsub,    \
                     c_addsub)                                               \
    {                                                                        \
        const char *cells[8] = {c_add, c_sub, c_hadd, c_hsub,                \
                                c_mul, c_rsub, "", c_addsub};                \
        for (unsigned f2 = 0; f2 < 8; f2++)                                  \
            add_fcmb_cell(FAM_##id, fop_num(#f1), f2, cells[f2]);            \
    }
#include "emu/isa_comb.def"
#undef ISA_FCMB_ROW
}

/* ---- PLOG ------------------------------------------------------------ */

struct plog_alias {
    const char *name;
    unsigned n;
};

static const struct plog_alias k_plog_alias[] = {
#define ISA_PLOG_ALIAS(name, n) {#name, n},
#include "emu/isa_comb.def"
#undef ISA_PLOG_ALIAS
};

static void add_plog_row(const char *name, unsigned tbl0, unsigned n,
                         unsigned ch, unsigned lo, unsigned hi,
                         const char *sizes, unsigned flags)
{
    struct row *r = add_mask(name, "ALOPF21", tbl0 + (n >> 7), n & 0x7f, NOSEL,
                             SRC3, ch, lo, hi, sizes, ISA_F_COMB | flags);
    r->comb1 = n;
}

static void add_plog_family(const char *prefix, unsigned tbl0, unsigned ch,
                            unsigned lo, unsigned hi, const char *sizes)
{
    char name[32];
    for (unsigned n = 0; n < 256; n++) {
        snprintf(name, sizeof name, "%s_%u", prefix, n);
        add_plog_row(name, tbl0, n, ch, lo, hi, sizes, 0);
    }
    for (unsigned n = 0; n < 256; n++) {
        snprintf(name, sizeof name, "%s_0x%02x", prefix, n);
        add_plog_row(name, tbl0, n, ch, lo, hi, sizes, ISA_F_ALIAS);
    }
    for (size_t i = 0; i < sizeof k_plog_alias / sizeof k_plog_alias[0]; i++) {
        snprintf(name, sizeof name, "%s_%s", prefix, k_plog_alias[i].name);
        add_plog_row(name, tbl0, k_plog_alias[i].n, ch, lo, hi, sizes,
                     ISA_F_ALIAS);
    }
}

static void add_plog(void)
{
#define ISA_PLOG_FAMILY(prefix, tbl0, c, lo, hi, sizes) \
    add_plog_family(#prefix, ISA_TBL_##tbl0, chmask(#c), lo, hi, sizes);
#include "emu/isa_comb.def"
#undef ISA_PLOG_FAMILY
}

/* ---- output ------------------------------------------------------------ */

static int row_in_key(const struct row *r, unsigned tbl, unsigned opc,
                      unsigned ch)
{
    return r->tbl == tbl && r->opc == opc && (r->ch >> ch & 1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: isa_gen OUT.c\n");
        return 2;
    }
    add_explicit();
    add_icomb();
    add_fcomb();
    add_plog();

    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fprintf(f, "/* Generated by emu/isa_gen.c from isa.def and isa_comb.def. Do not edit. */\n");
    fprintf(f, "#include \"emu/isa.h\"\n\nconst struct isa_op isa_ops[] = {\n");
    for (unsigned i = 0; i < g_n; i++) {
        struct row *r = &g_rows[i];
        fprintf(f,
                "    {\"%s\", %u, ISA_%s, %u, 0x%02x, %u, 0x%02x, %u, 0x%02x, "
                "0x%02x, %u, %u, 0x%02x, %u, %u, \"%s\"},\n",
                r->name, i, r->fmt, r->tbl, r->opc, r->sel_kind, r->sel,
                r->ales_kind, r->opce, r->ch, r->vmin, r->vmax, r->flags,
                r->comb1, r->comb2, r->sizes);
    }
    fprintf(f, "};\nconst unsigned isa_nops = %u;\n\n", g_n);

    /* Index: rows by (tbl, opc, ch), in row order. One pass over the rows
     * per (tbl, opc) keeps this fast enough for a build step. */
    unsigned nkeys = ISA_TBL_COUNT * 128 * 6;
    unsigned *count = calloc(nkeys, sizeof *count);
    if (!count)
        die("out of memory", "index");
    for (unsigned i = 0; i < g_n; i++)
        for (unsigned ch = 0; ch < 6; ch++)
            if (g_rows[i].ch >> ch & 1)
                count[(g_rows[i].tbl * 128 + g_rows[i].opc) * 6 + ch]++;
    fprintf(f, "const uint16_t isa_index_start[] = {\n");
    unsigned pos = 0;
    for (unsigned k = 0; k < nkeys; k++) {
        fprintf(f, "%u,%s", pos, (k % 16 == 15) ? "\n" : "");
        pos += count[k];
    }
    if (pos > 0xffff)
        die("index too large for uint16_t", "index");
    fprintf(f, "%u};\n\nconst uint16_t isa_index_rows[] = {\n", pos);
    for (unsigned k = 0; k < nkeys; k++) {
        if (!count[k])
            continue;
        unsigned tbl = k / (128 * 6), opc = (k / 6) % 128, ch = k % 6;
        for (unsigned i = 0; i < g_n; i++)
            if (row_in_key(&g_rows[i], tbl, opc, ch))
                fprintf(f, "%u,", i);
        fprintf(f, "\n");
    }
    fprintf(f, "0};\n");
    free(count);
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
