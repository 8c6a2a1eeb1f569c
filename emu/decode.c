/*
 * decode.c — bytes of one wide instruction -> struct dec_bundle.
 *
 * Three steps, each failing with its own DEC_E_* code:
 *   1. layout: split the bundle into syllables exactly as e2k-isa.md §1.4
 *      (the algorithm shared by qemu-e2k unpack_bundle and binutils
 *      e2k-dis.c unpack_instr), with the ALES2/ALES5 quirks, the
 *      upper-half-first order of half-syllables and LTS counted from the end;
 *   2. control syllables: reserved SS/CS0/CS1/PLS encodings (§7.2–7.6, §8.1);
 *   3. channels: each ALS/ALES to an isa.def row via isa_match() (§2.3), then
 *      its operands per format (§3.1, §3.2), MAS from CS1 (§7.6).
 *
 * What it deliberately is not: an executor. Anything that depends on machine
 * state (window bounds, CTPR and predicate tags, the mirrored load/store
 * rule, quad pairs, who may write %ctprN) is left to the CPU. The decoder
 * reads only buf[0 .. min(avail, len)), keeps no state and allocates nothing.
 */
#include "emu/decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emu/isa_fields.h"

static uint32_t rd32(const uint8_t *b, unsigned off)
{
    return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
           (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

static uint16_t rd16(const uint8_t *b, unsigned off)
{
    return (uint16_t)(b[off] | b[off + 1] << 8);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int fail(struct dec_err *err, int code, int ch, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->channel = ch;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

unsigned dec_bundle_len(uint32_t hs)
{
    return (HS_LNG(hs) + 1) * 8;
}

const char *dec_strerror(int code)
{
    static const char *const k_msgs[] = {
        [0] = "ok",
        [-DEC_E_TRUNCATED] = "bundle truncated",
        [-DEC_E_MISALIGNED] = "bundle address not 8-byte aligned",
        [-DEC_E_LAYOUT] = "inconsistent bundle layout",
        [-DEC_E_OPCODE] = "illegal operation",
        [-DEC_E_OPERAND] = "illegal operand",
        [-DEC_E_LITERAL] = "missing or illegal literal",
        [-DEC_E_CS0] = "reserved CS0 encoding",
        [-DEC_E_CS1] = "reserved CS1 encoding",
        [-DEC_E_SS] = "reserved SS encoding",
        [-DEC_E_PLS] = "reserved PLS encoding",
        [-DEC_E_CDS] = "bad CDS syllable",
        [-DEC_E_ISA] = "unsupported ISA version",
    };
    if (code > 0 || -code >= (int)(sizeof k_msgs / sizeof k_msgs[0]) ||
        !k_msgs[-code])
        return "unknown decode error";
    return k_msgs[-code];
}

/* ---- step 1: layout (§1.4) --------------------------------------------- */

/* Byte offset of half-syllable h from the start of the half-syllable area:
 * the first half of each 32-bit word is its upper 16 bits (§1.4 step 9). */
static unsigned half_off(unsigned h)
{
    return 2 * ((h & ~1u) + 1 - (h & 1u));
}

static int unpack(const uint8_t *buf, struct dec_bundle *b, struct dec_err *err)
{
    const uint32_t hs = b->hs;
    const unsigned len = b->len;
    unsigned p = 4;

#define TAKE32(dst)                                                          \
    do {                                                                     \
        if (p + 4 > len)                                                     \
            return fail(err, DEC_E_LAYOUT, -1,                               \
                        "syllables of the first part overrun the %u-byte "   \
                        "bundle", len);                                      \
        (dst) = rd32(buf, p);                                                \
        p += 4;                                                              \
    } while (0)

    if (HS_S(hs)) { /* step 2 */
        b->has_ss = 1;
        TAKE32(b->ss);
    }
    uint32_t als[6] = {0};
    for (unsigned i = 0; i < 6; i++) /* step 3 */
        if (HS_AL(hs, i))
            TAKE32(als[i]);
    if (HS_C0(hs)) { /* step 4 */
        b->has_cs0 = 1;
        TAKE32(b->cs0);
    }
    /* Steps 5-6: ALES2/ALES5 are never half-syllables. A physical
     * ALES5|ALES2 syllable exists iff the middle point leaves exactly one
     * word for it before CS1 (or before the end of the first part).
     * UNSURE: gas emits it only for v4+; like qemu and binutils we do not
     * look at the ISA version here. */
    const unsigned mid = (HS_MDL(hs) + 1) * 4;
    if ((HS_C1(hs) && mid == p + 8) || (!HS_C1(hs) && mid == p + 4)) {
        uint32_t w;
        TAKE32(w);
        b->ales25 = 1;
        b->ales_raw[5] = (uint16_t)(w & 0xffff);
        b->ales_raw[2] = (uint16_t)(w >> 16);
    }
    if (HS_C1(hs)) { /* step 7 */
        b->has_cs1 = 1;
        TAKE32(b->cs1);
    }
#undef TAKE32
    if (p != mid) /* step 8 */
        return fail(err, DEC_E_LAYOUT, -1,
                    "HS.mdl puts the middle at byte %u, syllables end at %u",
                    mid, p);

    /* Step 9: count the half-syllables first, read them once the bounds
     * are known. */
    static const unsigned k_half_ales[4] = {0, 1, 3, 4};
    unsigned h = 0;
    for (unsigned i = 0; i < 4; i++)
        h += HS_ALE(hs, k_half_ales[i]);
    if (b->has_ss && !SS_TYPE(b->ss)) {
        for (unsigned j = 0; j < 4; j++) {
            if (SS_AA(b->ss) >> j & 1) {
                b->aas_mask |= 1u << (j >> 1);
                b->aas_mask |= 1u << (j + 2);
            }
        }
        for (unsigned k = 0; k < 6; k++)
            h += b->aas_mask >> k & 1;
    }
    b->n_half = (uint8_t)h;
    const int gap = (int)(p + 2 * (h + (h & 1))); /* step 10 */

    /* Steps 11-12. Signed: CDS and PLS may claim more words than exist. */
    const unsigned ncd = HS_CD(hs), npl = HS_PL(hs);
    int q = (int)len - 4 - 4 * (int)(ncd + npl);
    if (q < gap && q != gap - 4)
        return fail(err, DEC_E_LAYOUT, -1,
                    "%u half-syllables and %u PLS/CDS words do not fit in %u "
                    "bytes", h, ncd + npl, len);

    /* Everything below reads inside [p, len): gap <= q + 4 <= len - 4*(ncd+npl). */
    unsigned hh = 0;
    for (unsigned i = 0; i < 4; i++) {
        unsigned c = k_half_ales[i];
        if (HS_ALE(hs, c))
            b->ales_raw[c] = rd16(buf, p + half_off(hh++));
    }
    for (unsigned k = 0; k < 6; k++)
        if (b->aas_mask >> k & 1)
            b->aas[k] = rd16(buf, p + half_off(hh++));

    unsigned r = len - 4;
    for (unsigned i = 0; i < ncd; i++, r -= 4)
        b->cds[i] = rd32(buf, r);
    for (unsigned i = 0; i < npl; i++, r -= 4)
        b->pls[i] = rd32(buf, r);
    b->n_cds = (uint8_t)ncd;
    b->n_pls = (uint8_t)npl;

    /* Step 13: every whole word between the half-syllables and PLS/CDS is
     * an LTS, LTS0 at the highest address; at most four are used. */
    for (unsigned i = 0; i < 4 && q >= gap; i++, q -= 4)
        b->lts[b->n_lts++] = rd32(buf, (unsigned)q);

    for (unsigned i = 0; i < 6; i++) {
        b->alop[i].als = als[i];
        b->alop[i].has_ales = (uint8_t)HS_ALE(hs, i);
    }
    return 0;
}

/* ---- step 2: control syllables ------------------------------------------ */

static int check_ss(const struct dec_bundle *b, unsigned isa,
                    struct dec_err *err)
{
    if (!b->has_ss)
        return 0;
    unsigned type = SS_CTCOND_TYPE(b->ss);
    /* §7.4: types 10..13 are reserved; type 9 (MLOCK || cmp/clp) is v3+. */
    if (type >= 10 && type <= 13)
        return fail(err, DEC_E_SS, -1, "SS.ctcond type %u is reserved", type);
    if (type == CT_MLOCK_OR && isa < 3)
        return fail(err, DEC_E_SS, -1, "SS.ctcond type 9 needs v3+");
    return 0;
}

/* A CS1 CALL with SS.ctop = 0 is icall/hcall (v6), whose target is in CS0. */
static int cs1_is_call(const struct dec_bundle *b)
{
    return b->has_cs1 && CS1_OPC(b->cs1) == CS1_CALL;
}

static int ss_ctop(const struct dec_bundle *b)
{
    return b->has_ss ? (int)SS_CTOP(b->ss) : 0;
}

static int check_cs0(const struct dec_bundle *b, unsigned isa,
                     struct dec_err *err)
{
    if (!b->has_cs0)
        return 0;
    const uint32_t c = b->cs0;
    const unsigned ctpr = CS0_CTPR(c), opc = CS0_OPC(c), param = c & 7;
    int needs_ct_free_ss = 0; /* ibranch, done, iret, hret, glaunch */

    /* Table of §7.2. */
    if (ctpr == 0) {
        if (opc == 0) { /* ibranch, or the target of icall/hcall (CS1
                         * CALL with SS.ctop 0, checked in check_cs1) */
            needs_ct_free_ss = !(cs1_is_call(b) && ss_ctop(b) == 0);
        } else if (opc == 3) {
            if (param == 0)
                needs_ct_free_ss = 1; /* done */
            else if ((param == 2 || param == 3 || param == 4) && isa >= 6)
                needs_ct_free_ss = 1; /* iret, hret, glaunch [B mcpu >= 6] */
            else
                return fail(err, DEC_E_CS0, -1,
                            "CS0 ctpr 0 opc 3 param %u is reserved at v%u",
                            param, isa);
        }
        /* opc 1 pref, opc 2 puttsd */
    } else {
        if (opc == 1 && ctpr != 2)
            return fail(err, DEC_E_CS0, -1, "ldisp needs %%ctpr2, not %%ctpr%u",
                        ctpr);
        if (opc == 3) {
            int is_return = ctpr == 3 && param == 0;
            int is_gettsd = param == 1 && isa >= 3; /* [B mcpu >= 3] */
            if (!is_return && !is_gettsd)
                return fail(err, DEC_E_CS0, -1,
                            "CS0 ctpr %u opc 3 param %u is reserved", ctpr,
                            param);
        }
    }
    /* §7.2: ibranch/done/... need SS with ctop 0 and a condition, and no
     * CS1 CALL [Q decode_cs0]. */
    if (needs_ct_free_ss &&
        (!b->has_ss || SS_CTOP(b->ss) != 0 || SS_CTCOND(b->ss) == 0 ||
         cs1_is_call(b)))
        return fail(err, DEC_E_CS0, -1,
                    "CS0 ibranch/done needs SS with ctop 0, a ctcond and no "
                    "call");
    return 0;
}

static int check_cs1(const struct dec_bundle *b, unsigned isa,
                     struct dec_err *err)
{
    if (!b->has_cs1)
        return 0;
    const uint32_t c = b->cs1;
    switch (CS1_OPC(c)) {
    case CS1_SETR0:
    case CS1_SETR1:
        /* §7.6: the setwd part lives in LTS0; wsz > 112 is illegal [Q]. */
        if (b->n_lts == 0)
            return fail(err, DEC_E_CS1, -1, "setwd (CS1 SETR) without LTS0");
        if (SETR_LTS_WSZ(b->lts[0]) > 112)
            return fail(err, DEC_E_CS1, -1, "setwd wsz %u > 112",
                        (unsigned)SETR_LTS_WSZ(b->lts[0]));
        return 0;
    case CS1_CALL:
        if (ss_ctop(b) != 0)
            return 0; /* call %ctprN */
        /* icall (kind 1) / hcall (kind 2): v6, target in CS0 ctpr 0 opc 0. */
        if (isa >= 6 && (CS1_CALL_KIND(c) == 1 || CS1_CALL_KIND(c) == 2) &&
            b->has_cs0 && CS0_CTPR(b->cs0) == 0 && CS0_OPC(b->cs0) == 0)
            return 0;
        return fail(err, DEC_E_CS1, -1,
                    "CS1 call without SS.ctop (icall/hcall needs v6 and CS0)");
    case CS1_FLUSHR:
        if (isa < 6 && (c & 0xc))
            return fail(err, DEC_E_CS1, -1, "fillr/fillc need v6");
        return 0;
    case CS1_SETEI:
    case CS1_WAIT:
    case CS1_SETBR:
    case CS1_MAS:
    case CS1_BG:
        return 0;
    default:
        return fail(err, DEC_E_CS1, -1, "CS1 opcode %u is reserved",
                    (unsigned)CS1_OPC(c));
    }
}

static int check_pls(const struct dec_bundle *b, struct dec_err *err)
{
    /* §8.2: CLP0 may read only @p0..@p1, CLP1 @p0..@p4, CLP2 @p0..@p5;
     * other inputs fault on hardware [T plu/clp-arg-1..5]. */
    static const unsigned k_max_input[3] = {1, 4, 5};
    for (unsigned i = 0; i < b->n_pls; i++) {
        uint32_t pls = b->pls[i];
        if (PLS_CLP_OPC(pls) == 2) /* §8.1 */
            return fail(err, DEC_E_PLS, -1, "PLS%u: CLP opcode 2 is reserved",
                        i);
        if (PLS_P0(pls) > k_max_input[i] || PLS_P1(pls) > k_max_input[i])
            return fail(err, DEC_E_PLS, -1,
                        "CLP%u reads @p%u/@p%u, only @p0..@p%u allowed", i,
                        (unsigned)PLS_P0(pls), (unsigned)PLS_P1(pls),
                        k_max_input[i]);
    }
    return 0;
}

/* ---- step 3: operands (§3.1, §3.2) -------------------------------------- */

static void opnd_reg(struct dec_opnd *o, uint8_t byte)
{
    o->byte = byte;
    if (OPND_IS_BREG(byte)) {
        o->kind = DEC_O_BREG;
        o->num = byte;
    } else if (OPND_IS_RREG(byte)) {
        o->kind = DEC_O_RREG;
        o->num = byte & 0x3f;
    } else {
        o->kind = DEC_O_GREG;
        o->num = byte & 0x1f;
    }
}

static int is_reg_byte(uint8_t byte)
{
    return byte < 0xc0 || byte >= 0xe0;
}

static void opnd_src1(struct dec_opnd *o, uint8_t byte)
{
    if (is_reg_byte(byte)) {
        opnd_reg(o, byte);
    } else { /* 0xC0..0xDF: imm5, zero-extended */
        o->kind = DEC_O_IMM;
        o->byte = byte;
        o->val = byte & 0x1f;
    }
}

/* An LTS reference of the given shape; DEC_E_LITERAL if a word is missing. */
static int opnd_lit(const struct dec_bundle *b, struct dec_opnd *o,
                    uint8_t byte, unsigned fmt, unsigned idx, int ch,
                    struct dec_err *err)
{
    unsigned need = idx + (fmt == DEC_LIT_64 ? 2 : 1);
    if (need > b->n_lts)
        return fail(err, DEC_E_LITERAL, ch,
                    "ALC%d: operand 0x%02x needs LTS%u, bundle has %u", ch,
                    byte, need - 1, b->n_lts);
    o->kind = DEC_O_LIT;
    o->byte = byte;
    o->litfmt = (uint8_t)fmt;
    o->lit_idx = (uint8_t)idx;
    switch (fmt) {
    case DEC_LIT_16LO:
        o->val = (uint64_t)(int64_t)(int16_t)(b->lts[idx] & 0xffff);
        break;
    case DEC_LIT_16HI:
        o->val = (uint64_t)(int64_t)(int16_t)(b->lts[idx] >> 16);
        break;
    case DEC_LIT_32:
        o->val = (uint64_t)(int64_t)(int32_t)b->lts[idx];
        break;
    default:
        o->val = (uint64_t)b->lts[idx + 1] << 32 | b->lts[idx];
        break;
    }
    return 0;
}

static int opnd_src2(const struct dec_bundle *b, struct dec_opnd *o,
                     uint8_t byte, int ch, struct dec_err *err)
{
    if (is_reg_byte(byte)) {
        opnd_reg(o, byte);
        return 0;
    }
    if (OPND_IS_IMM4(byte)) { /* zero-extended */
        o->kind = DEC_O_IMM;
        o->byte = byte;
        o->val = byte & 0x0f;
        return 0;
    }
    switch (byte) { /* §3.2 */
    case 0xd0:
    case 0xd1:
        return opnd_lit(b, o, byte, DEC_LIT_16LO, byte & 1, ch, err);
    case 0xd4:
    case 0xd5:
        return opnd_lit(b, o, byte, DEC_LIT_16HI, byte & 1, ch, err);
    case 0xd8:
    case 0xd9:
    case 0xda:
    case 0xdb:
        return opnd_lit(b, o, byte, DEC_LIT_32, byte & 3, ch, err);
    case 0xdc:
    case 0xdd:
    case 0xde:
        return opnd_lit(b, o, byte, DEC_LIT_64, byte - 0xdc, ch, err);
    default: /* 0xD2, 0xD3, 0xD6, 0xD7, 0xDF */
        return fail(err, DEC_E_LITERAL, ch,
                    "ALC%d: src2 0x%02x is not a literal reference", ch, byte);
    }
}

/* Third source (ALES 7:0 of ALOPF21, the value register of a store): a
 * register only. */
static int opnd_src3(struct dec_opnd *o, uint8_t byte, int ch,
                     struct dec_err *err)
{
    if (!is_reg_byte(byte))
        return fail(err, DEC_E_OPERAND, ch,
                    "ALC%d: third source 0x%02x is not a register", ch, byte);
    opnd_reg(o, byte);
    return 0;
}

static int opnd_dst(struct dec_opnd *o, uint8_t byte, int ch,
                    struct dec_err *err)
{
    o->byte = byte;
    if (is_reg_byte(byte)) {
        opnd_reg(o, byte);
    } else if (OPND_DST_CTPR(byte)) {
        o->kind = DEC_O_CTPR;
        o->num = byte - 0xd0;
    } else if (byte == OPND_DST_EMPTY || byte == OPND_DST_EMPTY_LO) {
        o->kind = DEC_O_EMPTY;
    } else if (byte >= OPND_DST_TST && byte <= OPND_DST_TCD) {
        o->kind = DEC_O_TST;
        o->num = byte;
    } else {
        return fail(err, DEC_E_OPERAND, ch,
                    "ALC%d: destination 0x%02x is a reserved special register",
                    ch, byte);
    }
    return 0;
}

static void opnd_pred(struct dec_opnd *o, uint8_t byte)
{
    o->kind = DEC_O_PRED;
    o->byte = byte;
    o->num = byte & 0x1f;
}

static void opnd_sreg(struct dec_opnd *o, uint8_t byte)
{
    o->kind = DEC_O_SREG;
    o->byte = byte;
    o->num = byte;
}

static void opnd_lit8(struct dec_opnd *o, uint16_t ales)
{
    o->kind = DEC_O_LIT8;
    o->byte = (uint8_t)(ales & 0xff);
    o->val = ales & 0xff;
}

/* ALOPF10/19 (staa/ldaa) ALS bits 9:8: 0 = no literal, k = 32-bit LTS(k-1)
 * added to the index [binutils e2k-dis.c print_alf ALOPF10]. */
static int opnd_aau_lit(const struct dec_bundle *b, struct dec_alop *a, int ch,
                        struct dec_err *err)
{
    unsigned lt = ISA_BITS(a->als, 9, 8);
    if (!lt)
        return 0;
    return opnd_lit(b, &a->src2, 0xd8 + (lt - 1), DEC_LIT_32, lt - 1, ch, err);
}

static int decode_operands(const struct dec_bundle *b, struct dec_alop *a,
                           int ch, struct dec_err *err)
{
    const uint8_t s1 = (uint8_t)ALS_SRC1(a->als), s2 = (uint8_t)ALS_SRC2(a->als),
                  d = (uint8_t)ALS_DST(a->als);
    int rc = 0;
    switch (a->op->fmt) {
    case ISA_ALOPF1:
    case ISA_MERGE:
    case ISA_ALOPF11:
    case ISA_ALOPF11_MERGE:
        opnd_src1(&a->src1, s1);
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF11_LIT8:
        opnd_src1(&a->src1, s1);
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        opnd_lit8(&a->src3, a->ales);
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF21:
    case ISA_ALOPF21_MERGE:
        opnd_src1(&a->src1, s1);
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        if ((rc = opnd_src3(&a->src3, (uint8_t)ALES_OPCE(a->ales), ch, err)))
            return rc;
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF2:
    case ISA_ALOPF12:
    case ISA_ALOPF12_IBRANCHD:
    case ISA_ALOPF22:
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF12_PSHUFH:
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        opnd_lit8(&a->src3, a->ales);
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF12_ICALLD:
        /* src1 byte = wbs [binutils e2k-dis.c]. */
        a->src1.kind = DEC_O_IMM;
        a->src1.byte = s1;
        a->src1.val = s1;
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF3:
    case ISA_ALOPF13:
        opnd_src1(&a->src1, s1);
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        return opnd_src3(&a->src3, d, ch, err);
    case ISA_ALOPF7:
    case ISA_ALOPF17:
        opnd_src1(&a->src1, s1);
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        opnd_pred(&a->dst, d);
        return 0;
    case ISA_ALOPF8:
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        opnd_pred(&a->dst, d);
        return 0;
    case ISA_ALOPF15: /* rws/rwd: src2 -> state register in the dst byte */
        if ((rc = opnd_src2(b, &a->src2, s2, ch, err)) != 0)
            return rc;
        opnd_sreg(&a->dst, d);
        return 0;
    case ISA_ALOPF16: /* rrs/rrd: state register in the src1 byte -> dst */
        opnd_sreg(&a->src1, s1);
        return opnd_dst(&a->dst, d, ch, err);
    case ISA_ALOPF10:
    case ISA_AAURW:
        if ((rc = opnd_src3(&a->src3, d, ch, err)) != 0)
            return rc;
        return opnd_aau_lit(b, a, ch, err);
    case ISA_ALOPF19:
    case ISA_AAURR:
        /* UNSURE: ldaa's literal field assumed to match staa's. */
        if ((rc = opnd_dst(&a->dst, d, ch, err)) != 0)
            return rc;
        return opnd_aau_lit(b, a, ch, err);
    default:
        return fail(err, DEC_E_OPCODE, ch, "ALC%d: %s has no operand layout",
                    ch, a->op->name);
    }
}

/* The aaurw/aaurr row sharing `op`'s encoding (isa.h ISA_F_AAUREG). */
static const struct isa_op *aau_reg_row(const struct isa_op *op, unsigned ch,
                                        unsigned isa)
{
    unsigned k = (op->tbl * 128u + op->opc) * 6 + ch;
    for (unsigned i = isa_index_start[k]; i < isa_index_start[k + 1]; i++) {
        const struct isa_op *r = &isa_ops[isa_index_rows[i]];
        if ((r->flags & ISA_F_AAUREG) && !(r->flags & ISA_F_ALIAS) &&
            isa_op_in_version(r, isa))
            return r;
    }
    return op;
}

static uint8_t cs1_mas(const struct dec_bundle *b, unsigned ch)
{
    if (!b->has_cs1 || CS1_OPC(b->cs1) != CS1_MAS)
        return 0;
    switch (ch) {
    case 0: return (uint8_t)CS1_MAS0(b->cs1);
    case 2: return (uint8_t)CS1_MAS2(b->cs1);
    case 3: return (uint8_t)CS1_MAS3(b->cs1);
    case 5: return (uint8_t)CS1_MAS5(b->cs1);
    default: return 0;
    }
}

static int decode_channel(struct dec_bundle *b, unsigned ch, unsigned isa,
                          struct dec_err *err)
{
    struct dec_alop *a = &b->alop[ch];
    a->sm = (uint8_t)ALS_SM(a->als);
    if (a->has_ales) {
        /* §1.4 step 5: a marked ALES2/5 without the physical syllable is
         * 0x01C0. A physical one that HS does not mark is ignored. */
        if ((ch == 2 || ch == 5) && !b->ales25)
            a->ales = ALES_DEFAULT;
        else
            a->ales = b->ales_raw[ch];
    }
    a->op = isa_match(ch, a->als, a->has_ales, a->ales, isa);
    if (!a->op) {
        if (a->has_ales)
            return fail(err, DEC_E_OPCODE, (int)ch,
                        "ALC%u: no v%u operation for ALS 0x%08x ALES 0x%04x",
                        ch, isa, a->als, a->ales);
        return fail(err, DEC_E_OPCODE, (int)ch,
                    "ALC%u: no v%u operation for ALS 0x%08x", ch, isa, a->als);
    }
    a->mas = cs1_mas(b, ch);
    if (a->mas == ISA_MAS_AAUREG &&
        (a->op->fmt == ISA_ALOPF10 || a->op->fmt == ISA_ALOPF19))
        a->op = aau_reg_row(a->op, ch, isa);
    return decode_operands(b, a, (int)ch, err);
}

int dec_bundle(const uint8_t *buf, size_t avail, uint64_t addr, unsigned isa,
               struct dec_bundle *out, struct dec_err *err)
{
    memset(out, 0, sizeof *out);
    out->addr = addr;
    if (err) {
        err->code = DEC_OK;
        err->channel = -1;
        err->msg[0] = 0;
    }
    if (isa < ISA_VERSION_MIN || isa > ISA_VERSION_MAX)
        return fail(err, DEC_E_ISA, -1, "ISA version %u not in %d..%d", isa,
                    ISA_VERSION_MIN, ISA_VERSION_MAX);
    if (addr & 7)
        return fail(err, DEC_E_MISALIGNED, -1,
                    "bundle at 0x%llx is not 8-byte aligned",
                    (unsigned long long)addr);
    if (!buf || avail < 4)
        return fail(err, DEC_E_TRUNCATED, -1,
                    "%zu bytes available, the header needs 4", buf ? avail : 0);
    out->hs = rd32(buf, 0);
    out->len = (uint8_t)dec_bundle_len(out->hs);
    if (avail < out->len)
        return fail(err, DEC_E_TRUNCATED, -1,
                    "HS says %u bytes, only %zu available", out->len, avail);

    int rc;
    if ((rc = unpack(buf, out, err)) != 0 || (rc = check_ss(out, isa, err)) ||
        (rc = check_cs0(out, isa, err)) || (rc = check_cs1(out, isa, err)) ||
        (rc = check_pls(out, err)))
        return rc;
    for (unsigned ch = 0; ch < 6; ch++) {
        if (!HS_AL(out->hs, ch))
            continue;
        if ((rc = decode_channel(out, ch, isa, err)) != 0)
            return rc;
    }
    return DEC_OK;
}
