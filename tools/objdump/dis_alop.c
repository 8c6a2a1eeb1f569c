/*
 * dis_alop.c — the ALS operations of a bundle, one line each, in channel
 * order, as MCST objdump prints them (binutils e2k-dis.c `print_alf`):
 *
 *   NAME,CH[,sm] OPERANDS[, mas = 0xM][, MRGC][ ? RLP[, RLP]]
 *   incr,CH %aaincrN[ ? RLP]                       (staa* with am = 1)
 *
 * Operand order per format (e2k-isa.md §2.3): ALOPF1/11/21 src1, src2,
 * [lit8 | src3,] dst; ALOPF2/12/22 src2, dst; ALOPF3/13 (stores) src1, src2,
 * value; ALOPF7/17 src1, src2, %predN; ALOPF8 src2, %predN; rws src2, %sreg;
 * rrs %sreg, dst; staa value, %aadD [ %aastiI + lit ]; ldaa %aadD [...], dst.
 * The gas syntax differs only where gas wants it: stores print the value
 * first (gas's default ld_st_style), `mas=`/`wbs=` without spaces.
 *
 * Two-channel ops (movtq, ld*q, st*q ...) are printed once, on their first
 * channel, like binutils does.
 */
#include "tools/objdump/dis_internal.h"

#include <string.h>

#include "emu/isa_fields.h"

/* Two-channel ("quad") ops. The listing follows binutils e2k-dis.c, which
 * skips the second half of the ops named here (the channels in the mask).
 * The gas syntax follows gas itself (tc-e2k.c `parse_alf_args`): an op is a
 * pair if its destination (ALOPF2/11/12/22) or stored value (ALOPF13,
 * staa/aaurw) or loaded value (ldaa/aaurr) is a register pair ('q'); pairs
 * are (0,1)/(3,4) if the op is allowed on ALC1, else (0,2)/(3,5), and
 * (2,5) for the store/AAU group (e2k-isa.md §2.4). The two lists differ
 * (binutils prints stq or cudtoap twice, which gas cannot assemble). */
struct pair_rule {
    const char *name;
    uint8_t second_mask; /* channels that are second halves */
};

static const struct pair_rule k_mcst_pairs[] = {
    {"movtq", 0x12},  {"gdtoap", 0x12}, {"cast", 0x12},   {"odtoap", 0x12},
    {"aptoap", 0x12}, {"aptoapb", 0x12}, {"getsap", 0x02},
    {"ldgdq", 0x24},  {"ldcudq", 0x24}, {"ldapq", 0x24},  {"ldq", 0x24},
    {"ldcsq", 0x24},  {"lddsq", 0x24},  {"ldesq", 0x24},  {"ldfsq", 0x24},
    {"ldgsq", 0x24},  {"ldssq", 0x24},
    {"staaq", 0x20},  {"stgdq", 0x20},  {"stapq", 0x20},  {"aaurwq", 0x20},
    {"aaurrq", 0x20}, {"stcsq", 0x20},  {"stdsq", 0x20},  {"stesq", 0x20},
    {"stfsq", 0x20},  {"stgsq", 0x20},  {"stssq", 0x20},
};

static char size_at(const struct isa_op *op, unsigned i)
{
    return i < sizeof op->sizes ? op->sizes[i] : 0;
}

/* Channels of all rows named like `op` with its format (gas's template
 * `allowed_channels` spans the per-channel rows of our table). */
static unsigned name_channels(const struct isa_op *op)
{
    const struct isa_op *rows[16];
    unsigned n = isa_by_name(op->name, rows, 16), m = 0;
    for (unsigned i = 0; i < n && i < 16; i++)
        if (rows[i]->fmt == op->fmt)
            m |= rows[i]->channels;
    return m | op->channels;
}

/* Second-half channel mask of a pair op, 0 if not a pair. */
static unsigned pair_mask(const struct isa_op *op, int gas)
{
    if (!gas) {
        for (size_t i = 0; i < sizeof k_mcst_pairs / sizeof k_mcst_pairs[0];
             i++)
            if (!strcmp(k_mcst_pairs[i].name, op->name))
                return k_mcst_pairs[i].second_mask;
        return 0;
    }
    switch (op->fmt) {
    case ISA_ALOPF11:
        if (size_at(op, 2) != 'q')
            return 0;
        break;
    case ISA_ALOPF2:
    case ISA_ALOPF12:
    case ISA_ALOPF22:
        if (size_at(op, 1) != 'q')
            return 0;
        break;
    case ISA_ALOPF13:
        return size_at(op, 2) == 'q' ? 0x20 : 0;
    case ISA_ALOPF10:
    case ISA_ALOPF19:
    case ISA_AAURW:
    case ISA_AAURR:
        return size_at(op, 0) == 'q' ? 0x20 : 0;
    default:
        return 0;
    }
    return (name_channels(op) & 2) ? 0x12 : 0x24;
}

int dis_pair(const struct isa_op *op, unsigned ch, unsigned *second, int gas)
{
    unsigned m = pair_mask(op, gas);
    if (!m || (m >> ch) & 1)
        return 0;
    /* The partner: the lowest second-half channel above ch in the same
     * group of three, or channel 5 for the (2,5) group. */
    for (unsigned k = ch + 1; k < 6; k++) {
        if ((m >> k) & 1) {
            if (m == 0x20 || k / 3 == ch / 3) {
                *second = k;
                return 1;
            }
            return 0;
        }
    }
    return 0;
}

static int is_second_half(const struct isa_op *op, unsigned ch, int gas)
{
    return (pair_mask(op, gas) >> ch) & 1;
}

/* The gas syntax can only express a pair whose second ALS is the first one
 * with register numbers +1 (or equal, as in ldapq/stapq src1), e2k-isa.md §2.4. */
static int pair_bytes_ok(uint32_t a, uint32_t b)
{
    if ((a & 0xff000000u) != (b & 0xff000000u))
        return 0;
    for (int sh = 0; sh < 24; sh += 8) {
        unsigned x = (a >> sh) & 0xff, y = (b >> sh) & 0xff;
        int reg = OPND_IS_BREG(x) || OPND_IS_RREG(x) || OPND_IS_GREG(x);
        if (x == y)
            continue;
        if (reg && y == x + 1)
            continue;
        if (x == OPND_DST_EMPTY_LO && y == OPND_DST_EMPTY && sh == 0)
            continue;
        return 0;
    }
    return 1;
}

/* binutils `print_predicates`: every CDS half of the right kind whose mask
 * names `target` (0..5 ALC, 6/7 AM2/AM5). RLPs print as " ? a, b", MRGCs as
 * ", a" (a second MRGC is separated by a space). */
static void print_conds(struct dis_ctx *c, unsigned target, int mrgc)
{
    const struct dec_bundle *b = c->b;
    unsigned mask_bit, neg_bit, want;
    if (target <= 2) {
        mask_bit = neg_bit = target;
    } else if (target <= 5) {
        mask_bit = neg_bit = target - 3;
    } else {
        mask_bit = 3;
        neg_bit = 2;
    }
    if (mrgc)
        want = target <= 2 ? CDS_MRGC_LO : CDS_MRGC_HI;
    else
        want = (target <= 2 || target == 6) ? CDS_RLP_LO : CDS_RLP_HI;
    int n = 0;
    unsigned n_pred = 0, n_pcnt = 0;
    for (unsigned i = 0; i < b->n_cds && i < 3; i++) {
        for (unsigned j = 0; j < 2; j++) { /* low half first, as binutils */
            unsigned h = (b->cds[i] >> (16 * j)) & 0xffff;
            if (CDS_OPC(h) != want || !((CDS_MASK(h) >> mask_bit) & 1))
                continue;
            if (n == 0)
                dis_puts(c, mrgc ? ", " : " ? ");
            else
                dis_puts(c, mrgc ? " " : ", ");
            n++;
            if ((CDS_NEG(h) >> neg_bit) & 1)
                dis_puts(c, "~");
            unsigned p = CDS_PRED(h);
            dis_psrc(c, p);
            if (PSRC_IS_PCNT(p))
                n_pcnt++;
            else
                n_pred++;
        }
    }
    /* gas wants exactly one MRGC on a merge op (%pred or %pcnt), and at
     * most one %pred plus one %pcnt RLP. */
    if ((mrgc && n != 1) || (!mrgc && (n_pred > 1 || n_pcnt > 1)))
        dis_lossy(c, "conditions gas cannot encode");
}

static unsigned cs1_mas(const struct dec_bundle *b, unsigned ch)
{
    static const int8_t k_shift[6] = {21, -1, 14, 7, -1, 0};
    if (!b->has_cs1 || CS1_OPC(b->cs1) != CS1_MAS || k_shift[ch] < 0)
        return 0;
    return (b->cs1 >> k_shift[ch]) & 0x7f;
}

static void print_sreg(struct dis_ctx *c, unsigned code)
{
    const char *n = dis_sreg_name(code, c->o->isa);
    if (n) {
        dis_puts(c, n);
    } else {
        dis_printf(c, "<unknown state register 0x%02x>", code);
        dis_lossy(c, "unknown state register");
    }
}

/* %aadD [ %aastiI + lit ] of staa/ldaa (binutils prints the literal with
 * its placement even in release builds). */
static void print_aad(struct dis_ctx *c, uint32_t als)
{
    unsigned opce1 = (als >> 8) & 0xffff;
    unsigned lt = opce1 & 3, ind = (opce1 >> 7) & 0xf, d = (opce1 >> 11) & 0x1f;
    dis_printf(c, "%%aad%u [ %%aasti%u", d, ind);
    if (lt) {
        if (lt - 1 < c->b->n_lts) {
            dis_puts(c, " + ");
            dis_lit32(c, lt - 1, 1);
        } else {
            dis_puts(c, " + <non-existent literal>");
            dis_lossy(c, "missing literal");
        }
    }
    dis_puts(c, " ]");
    if (opce1 & 0x8)
        dis_lossy(c, "unused AAU bit set");
}

static void print_aau_reg(struct dis_ctx *c, uint32_t als)
{
    char name[32];
    if (dis_aau_name((als >> 8) & 0xffff, name, sizeof name) == 0) {
        dis_puts(c, name);
    } else {
        dis_puts(c, "%unknown_aau_reg");
        dis_lossy(c, "unknown AAU register");
    }
}

static void print_operands(struct dis_ctx *c, unsigned ch,
                           const struct dec_alop *a)
{
    const struct isa_op *op = a->op;
    uint32_t als = a->als;
    unsigned s1 = ALS_SRC1(als), s2 = ALS_SRC2(als), d = ALS_DST(als);
    switch (op->fmt) {
    case ISA_ALOPF1:
    case ISA_MERGE:
    case ISA_ALOPF11:
    case ISA_ALOPF11_LIT8:
    case ISA_ALOPF11_MERGE:
    case ISA_ALOPF21:
    case ISA_ALOPF21_MERGE:
        dis_src1(c, s1, size_at(op, 0));
        dis_puts(c, ", ");
        dis_src2(c, s2, size_at(op, 1));
        dis_puts(c, ", ");
        if (op->fmt == ISA_ALOPF11_LIT8) {
            dis_printf(c, "0x%x, ", (unsigned)ALES_OPCE(a->ales));
        } else if (op->fmt == ISA_ALOPF21 || op->fmt == ISA_ALOPF21_MERGE) {
            dis_src3(c, ALES_OPCE(a->ales), size_at(op, 2));
            dis_puts(c, ", ");
        }
        dis_dst(c, d, size_at(op, (op->fmt == ISA_ALOPF21 ||
                                 op->fmt == ISA_ALOPF21_MERGE) ? 3 : 2));
        break;
    case ISA_ALOPF2:
    case ISA_ALOPF12:
    case ISA_ALOPF12_PSHUFH:
    case ISA_ALOPF12_IBRANCHD:
    case ISA_ALOPF12_ICALLD:
    case ISA_ALOPF22:
        if (op->fmt == ISA_ALOPF12_ICALLD)
            dis_printf(c, c->gas ? "wbs=0x%x, " : "wbs = 0x%x, ", s1);
        dis_src2(c, s2, size_at(op, 0));
        dis_puts(c, ", ");
        if (op->fmt == ISA_ALOPF12_PSHUFH)
            dis_printf(c, "0x%x, ", (unsigned)ALES_OPCE(a->ales));
        dis_dst(c, d, size_at(op, 1));
        if (op->fmt == ISA_ALOPF12_IBRANCHD || op->fmt == ISA_ALOPF12_ICALLD) {
            if (!c->b->has_ss)
                dis_lossy(c, "indirect branch without SS");
            dis_ctcond(c, c->b->has_ss ? SS_CTCOND(c->b->ss) : 0, 0);
        }
        break;
    case ISA_ALOPF3:
    case ISA_ALOPF13:
        if (c->gas) { /* gas: value first (default ld_st_style) */
            dis_src3(c, d, size_at(op, 2));
            dis_puts(c, ", ");
        }
        dis_src1(c, s1, size_at(op, 0));
        dis_puts(c, ", ");
        dis_src2(c, s2, size_at(op, 1));
        if (!c->gas) {
            dis_puts(c, ", ");
            dis_src3(c, d, size_at(op, 2));
        }
        break;
    case ISA_ALOPF15:
        dis_src2(c, s2, size_at(op, 0));
        dis_puts(c, ", ");
        print_sreg(c, d);
        break;
    case ISA_ALOPF16:
        print_sreg(c, s1);
        dis_puts(c, ", ");
        dis_dst(c, d, size_at(op, 0));
        break;
    case ISA_ALOPF7:
    case ISA_ALOPF17:
        dis_src1(c, s1, size_at(op, 0));
        dis_puts(c, ", ");
        dis_src2(c, s2, size_at(op, 1));
        dis_printf(c, ", %%pred%u", ALS_PDST(als));
        if (op->fmt == ISA_ALOPF17 && ALS_CMPOPCE(als) != 0)
            dis_lossy(c, "unused compare bits set");
        break;
    case ISA_ALOPF8:
        dis_src2(c, s2, size_at(op, 0));
        dis_printf(c, ", %%pred%u", ALS_PDST(als));
        break;
    case ISA_ALOPF10:
        dis_src3(c, d, size_at(op, 0));
        dis_puts(c, ", ");
        print_aad(c, als);
        break;
    case ISA_ALOPF19:
        print_aad(c, als);
        dis_puts(c, ", ");
        dis_dst(c, d, size_at(op, 0));
        if (als & 0x7400) /* am / incr are not printed for ldaa */
            dis_lossy(c, "ldaa with am/incr");
        break;
    case ISA_AAURW:
        dis_src3(c, d, size_at(op, 0));
        dis_puts(c, ", ");
        print_aau_reg(c, als);
        break;
    case ISA_AAURR:
        print_aau_reg(c, als);
        dis_puts(c, ", ");
        dis_dst(c, d, size_at(op, 0));
        break;
    default:
        dis_lossy(c, "unknown format");
        break;
    }
    (void)ch;
}

static void print_mas(struct dis_ctx *c, unsigned ch, const struct isa_op *op)
{
    const struct dec_bundle *b = c->b;
    unsigned mas = cs1_mas(b, ch);
    int is_mas_cs1 = b->has_cs1 && CS1_OPC(b->cs1) == CS1_MAS;
    if (op->fmt == ISA_AAURW || op->fmt == ISA_AAURR) {
        /* gas always gives aaur* the MAS 0x3f ("AAU register operation") and
         * does not print it. */
        if (is_mas_cs1 && mas == 0x3f)
            c->mas_used |= 1u << ch;
        else
            dis_lossy(c, "aaur* without MAS 0x3f");
        return;
    }
    if (!(op->flags & ISA_F_MAS) || !is_mas_cs1 || mas == 0)
        return;
    if (ch == 1 || ch == 4)
        return;
    dis_printf(c, c->gas ? ", mas=0x%x" : ", mas = 0x%x", mas);
    c->mas_used |= 1u << ch;
}

static void print_alop(struct dis_ctx *c, unsigned ch)
{
    const struct dec_alop *a = &c->b->alop[ch];
    const struct isa_op *op = a->op;

    if (is_second_half(op, ch, c->gas)) {
        if (c->gas && !((c->skip >> ch) & 1))
            dis_lossy(c, "lone second half of a pair op");
        return; /* binutils prints a pair once */
    }
    unsigned second = ch;
    if (dis_pair(op, ch, &second, c->gas) && c->gas) {
        const struct dec_alop *a2 = &c->b->alop[second];
        if (!a2->op || strcmp(a2->op->name, op->name) != 0 ||
            a2->sm != a->sm || !pair_bytes_ok(a->als, a2->als) ||
            a2->ales != a->ales)
            dis_lossy(c, "pair op halves differ");
        else
            c->skip |= 1u << second;
    }

    dis_op(c);
    dis_printf(c, "%s,%u%s ", op->name, ch, a->sm ? ",sm" : "");
    c->in_pair = second != ch && ((c->skip >> second) & 1);
    print_operands(c, ch, a);
    c->in_pair = 0;
    print_mas(c, ch, op);
    if (((c->skip >> second) & 1) && ((c->mas_used >> ch) & 1) &&
        cs1_mas(c->b, second) == cs1_mas(c->b, ch))
        c->mas_used |= 1u << second; /* gas gives both halves the MAS */
    if (op->fmt == ISA_MERGE || op->fmt == ISA_ALOPF11_MERGE ||
        op->fmt == ISA_ALOPF21_MERGE)
        print_conds(c, ch, 1);
    if (op->fmt != ISA_ALOPF12_IBRANCHD && op->fmt != ISA_ALOPF12_ICALLD)
        print_conds(c, ch, 0);
    if (op->fmt == ISA_ALOPF10) {
        unsigned opce1 = (a->als >> 8) & 0xffff;
        if (opce1 & 0x4) { /* am: advance the index by %aaincrN */
            dis_op(c);
            dis_printf(c, "incr,%u %%aaincr%u", ch, (opce1 >> 4) & 7);
            print_conds(c, ch == 2 ? 6 : 7, 0);
        } else if (opce1 & 0x70) {
            dis_lossy(c, "staa incr without am");
        }
    }
}

void dis_alops(struct dis_ctx *c)
{
    for (unsigned ch = 0; ch < 6; ch++)
        if (c->b->alop[ch].op)
            print_alop(c, ch);
}
