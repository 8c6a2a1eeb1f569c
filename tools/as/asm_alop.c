/*
 * asm_alop.c — ALS operations: channel and `,sm` suffixes, operands of every
 * ALOPF format, predicates `? %predN`, and the implicit delays of brace-less
 * compares and state-register accesses.
 *
 * The format rules are gas's [B tc-e2k.c parse_alf_args and the
 * parse_alf*_args family]; the operands themselves are parsed in
 * asm_opnd.c (the 3-operand forms of ALOPF1/11, loads and stores as up to
 * three comma-separated sums, so `[ %r2 + 8 ]`, `%r2, 8` and `8, %r2` all
 * work) and the AAU-specific ones in asm_aau.c.
 *
 * What depends on the channel (table/ALES, selector bytes, opcode) is filled
 * in by the packer from the isa_op row chosen for the channel; here the ALS
 * is kept without its opcode byte.
 */
#include "tools/as/asm_alop.h"

#include <string.h>

#include "tools/as/asm_aau.h"
#include "tools/as/asm_ctl.h"
#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_lit.h"
#include "tools/as/asm_opnd.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_wc.h"

/* ALOPF7/17/8: compares producing %predN. */
static int parse_cmp(struct asm_opnd_ctx *o, const char **pp)
{
    const char *p = *pp;
    if (o->fmt != ISA_ALOPF8) {
        if (!asm_opnd_src1(o, &p, o->sz[0]))
            return 0;
        if (!asm_accept(&p, ",")) {
            asm_err(o->c, p, "comma expected");
            return 0;
        }
        if (!asm_opnd_src2(o, &p, o->sz[1]))
            return 0;
    } else {
        if (!asm_opnd_src2(o, &p, o->sz[0]))
            return 0;
        asm_opnd_set_field(o, 0, ASM_F_SRC1, 0xc0);
    }
    if (!asm_accept(&p, ",")) {
        asm_err(o->c, p, "comma expected");
        return 0;
    }
    struct asm_pred pr;
    const char *at = asm_skip_ws(p);
    int r = asm_parse_pred(o->c, &p, &pr, 0, 0);
    if (r <= 0) {
        if (r == 0)
            asm_err(o->c, at, "%%pred expected");
        return 0;
    }
    if (pr.neg) {
        asm_err(o->c, at, "negated predicate is irrelevant in dst2");
        return 0;
    }
    asm_opnd_set_field(o, 0, ASM_F_DST, pr.num);
    if (o->a->fixed_ch >= 0 || __builtin_popcount(o->a->allowed) == 1)
        o->c->wc.explicit_int_cmp |=
            1u << (o->a->fixed_ch >= 0 ? o->a->fixed_ch
                                       : __builtin_ctz(o->a->allowed));
    *pp = p;
    return 1;
}

static int parse_operands(struct asm_opnd_ctx *o, const char **pp)
{
    struct asm_ctx *c = o->c;
    const char *p = *pp;
    switch (o->fmt) {
    case ISA_ALOPF1:
    case ISA_ALOPF11:
    case ISA_ALOPF11_MERGE:
        if (!asm_opnd_ldst(o, &p, 0, (o->row->flags & ISA_F_MAS) != 0))
            return 0;
        if (o->fmt == ISA_ALOPF11_MERGE && !asm_opnd_pred_arg(o, &p, 1))
            return 0;
        break;
    case ISA_ALOPF3:
    case ISA_ALOPF13:
        if (!asm_opnd_ldst(o, &p, 1, (o->row->flags & ISA_F_MAS) != 0))
            return 0;
        break;
    case ISA_MERGE:
        if (!asm_opnd_src1(o, &p, o->sz[0]) || !asm_accept(&p, ",") ||
            !asm_opnd_src2(o, &p, o->sz[1]) || !asm_opnd_dst(o, &p, o->sz[2]) ||
            !asm_opnd_pred_arg(o, &p, 1))
            return 0;
        break;
    case ISA_ALOPF2:
    case ISA_ALOPF12:
    case ISA_ALOPF22:
    case ISA_ALOPF12_IBRANCHD:
    case ISA_ALOPF12_ICALLD:
        if (o->fmt == ISA_ALOPF12_IBRANCHD || o->fmt == ISA_ALOPF12_ICALLD) {
            asm_ss_start(c);
            if (asm_ss_is_set(c, SSF_CTOP)) {
                asm_err(c, NULL,
                        "SS.ctop in the current wide instruction "
                        "is already busy");
                return 0;
            }
            asm_ss_set(c, SSF_CTOP, 0, 0);
        }
        if (o->fmt == ISA_ALOPF12_ICALLD) {
            asm_accept_key(&p, "wbs");
            int64_t wbs;
            if (asm_expr_const(c, &p, &wbs))
                return 0;
            asm_opnd_set_field(o, 0, ASM_F_SRC1, (int)wbs);
            if (!asm_accept(&p, ",")) {
                asm_err(c, p, "comma expected after WBS");
                return 0;
            }
        }
        if (!asm_opnd_src2(o, &p, o->sz[0]) || !asm_opnd_dst(o, &p, o->sz[1]))
            return 0;
        if ((o->fmt == ISA_ALOPF12_IBRANCHD || o->fmt == ISA_ALOPF12_ICALLD) &&
            !asm_ctl_ctcond(c, &p, o->fmt == ISA_ALOPF12_IBRANCHD ? 1 : 0))
            return 0;
        if (o->fmt == ISA_ALOPF2 &&
            (o->row->opc == 0x61 || o->row->opc == 0x63)) {
            int d = (int)(o->a->als[0] & 0xff);
            if (d >= 0xd1 && d <= 0xd3) {
                /* movtd/getpl to %ctprN: channel 0 only [B
                 * parse_alf2_args] */
                if (o->a->fixed_ch > 0) {
                    asm_err(c, NULL,
                            "`%s' to %%ctpr registers may be "
                            "encoded in channel 0 only",
                            o->row->name);
                    return 0;
                }
                o->a->fixed_ch = 0;
            }
        }
        break;
    case ISA_ALOPF7:
    case ISA_ALOPF17:
    case ISA_ALOPF8:
        if (!parse_cmp(o, &p))
            return 0;
        break;
    case ISA_ALOPF11_LIT8:
        if (!asm_opnd_src1(o, &p, o->sz[0]) || !asm_accept(&p, ",") ||
            !asm_opnd_src2(o, &p, o->sz[1]) ||
            !asm_opnd_lit8(o, &p, "literal8") || !asm_opnd_dst(o, &p, o->sz[2]))
            return 0;
        break;
    case ISA_ALOPF12_PSHUFH:
        if (!asm_opnd_src2(o, &p, o->sz[0]) || !asm_opnd_lit8(o, &p, "order") ||
            !asm_opnd_dst(o, &p, o->sz[1]))
            return 0;
        break;
    case ISA_ALOPF15: {
        if (!asm_opnd_src2(o, &p, o->sz[0]))
            return 0;
        if (!asm_accept(&p, ",")) {
            asm_err(c, p, "comma expected");
            return 0;
        }
        int code;
        const char *flags;
        if (!asm_parse_sreg(c, &p, &code, &flags))
            return 0;
        asm_opnd_set_field(o, 0, ASM_F_DST, code);
        if (c->brace == 0 && !c->no_strict_delay && strchr(flags, 'W')) {
            /* brace-less write of such a register: wait all_e=1 */
            if (c->wc.cs1.set) {
                asm_err(c, NULL, "CS1 is busy");
                return 0;
            }
            c->wc.cs1.set = 1;
            c->wc.cs1.val = 0x30000002;
        }
        break;
    }
    case ISA_ALOPF16: {
        int code;
        const char *flags;
        if (!asm_parse_sreg(c, &p, &code, &flags))
            return 0;
        asm_opnd_set_field(o, 0, ASM_F_SRC1, code);
        if (!asm_opnd_dst(o, &p, o->sz[0]))
            return 0;
        if (c->brace == 0 && !c->no_strict_delay && strchr(flags, 'R'))
            c->wc.nop = 4;
        break;
    }
    case ISA_ALOPF21:
    case ISA_ALOPF21_MERGE:
        if (!asm_opnd_src1(o, &p, o->sz[0]) || !asm_accept(&p, ",") ||
            !asm_opnd_src2(o, &p, o->sz[1]) ||
            !asm_opnd_src3(o, &p, o->sz[2], 1, 1) ||
            !asm_opnd_dst(o, &p, o->sz[3] ? o->sz[3] : 's'))
            return 0;
        /* a combined op with merge reads its condition last [B
         * parse_alopf21_args] */
        if (o->fmt == ISA_ALOPF21_MERGE && !asm_opnd_pred_arg(o, &p, 1))
            return 0;
        break;
    case ISA_ALOPF10:
        if (!asm_opnd_src3(o, &p, o->sz[0], 0, 0) || !asm_accept(&p, ",") ||
            !asm_aau_aad_aasti(o, &p) || !asm_opnd_mas(o, &p))
            return 0;
        break;
    case ISA_ALOPF19:
        if (!asm_aau_aad_aasti(o, &p) || !asm_opnd_dst(o, &p, o->sz[0]) ||
            !asm_opnd_mas(o, &p))
            return 0;
        break;
    case ISA_AAURW:
    case ISA_AAURR: {
        unsigned opce1 = 0;
        o->a->need_mas = 1;
        o->a->mas = 0x3f; /* MAS.mod = 7, opc = 7: AAU register access */
        if (o->fmt == ISA_AAURW) {
            if (!asm_opnd_src3(o, &p, o->sz[0], 0, 0))
                return 0;
            if (!asm_accept(&p, ",")) {
                asm_err(c, p, "`,' expected");
                return 0;
            }
        }
        if (!asm_aau_reg(o, &p, &opce1))
            return 0;
        for (int i = 0; i < o->n; i++) {
            asm_opnd_set_field(o, i, ASM_F_SRC2, (int)(opce1 & 0xff));
            asm_opnd_set_field(o, i, ASM_F_SRC1, (int)(opce1 >> 8));
        }
        if (o->fmt == ISA_AAURR && !asm_opnd_dst(o, &p, o->sz[0]))
            return 0;
        break;
    }
    default:
        asm_err(c, NULL, "format %s is not supported by e2k-as",
                isa_fmt_name(o->fmt));
        return 0;
    }
    *pp = p;
    return 1;
}

/* [B parse_als_pred_optional]: `? [~]%predN [, [~]%pcntM]`. */
static int parse_als_cond(struct asm_opnd_ctx *o, const char **pp)
{
    const char *p = *pp;
    if (!asm_accept(&p, "?"))
        return 1;
    for (int i = 0; i < 2; i++) {
        if (i == 1 && !asm_accept(&p, ","))
            break;
        struct asm_pred pr;
        const char *at = asm_skip_ws(p);
        int r = asm_parse_pred(o->c, &p, &pr, 0, 1);
        if (r <= 0) {
            if (r == 0)
                asm_err(o->c, at, "invalid predicate");
            return 0;
        }
        int slot = (pr.fld >> 5) == 3 ? 0 : 2;
        if (o->a->preds[slot].num != -1) {
            asm_err(o->c, at,
                    "two %%%s predicates acting on the same ALS "
                    "are not allowed",
                    slot == 0 ? "pred" : "pcnt");
            return 0;
        }
        o->a->preds[slot] = pr;
    }
    *pp = p;
    return 1;
}

static int quad_pair(struct asm_opnd_ctx *o, uint8_t allowed)
{
    int f = o->fmt;
    if (((f == ISA_ALOPF1 || f == ISA_ALOPF11) && o->sz[2] == 'q') ||
        ((f == ISA_ALOPF2 || f == ISA_ALOPF22 || f == ISA_ALOPF12) &&
         o->sz[1] == 'q')) {
        if (f == ISA_ALOPF11 && (o->row->flags & ISA_F_MAS) && o->sz[0] == 'q')
            o->same_src1 = 1;
        return (allowed & 2) ? 1 : 2;
    }
    if ((f == ISA_ALOPF13 && o->sz[2] == 'q') ||
        ((f == ISA_ALOPF10 || f == ISA_AAURW || f == ISA_AAURR ||
          f == ISA_ALOPF19) &&
         o->sz[0] == 'q')) {
        if (o->sz[0] == 'q')
            o->same_src1 = 1;
        return 3;
    }
    return 0;
}

int asm_alop(struct asm_ctx *c, const char *name, const char **pp,
             const struct isa_op *const *rows, unsigned n_rows)
{
    struct asm_wc *w = &c->wc;
    if (w->n_als >= 6) {
        asm_err(c, NULL, "an excessive ALS operation (more than six)");
        return 0;
    }
    struct asm_als *a = &w->als[w->n_als++];
    memset(a, 0, sizeof *a);
    for (int j = 0; j < 4; j++)
        a->preds[j].num = -1;
    a->fixed_ch = -1;
    a->lit = -1;
    a->loc = c->loc;
    if (n_rows > 8)
        n_rows = 8;
    for (unsigned i = 0; i < n_rows; i++) {
        a->rows[i] = rows[i];
        a->allowed |= rows[i]->channels;
    }
    a->n_rows = n_rows;

    struct asm_opnd_ctx o = {c, a, rows[0], rows[0]->fmt, 1, 0, {0}};
    /* a mnemonic that is short on some channels and long on others is
     * parsed as the long form (same operands) [B merge_alopf1_with_alopf11] */
    for (unsigned i = 1; i < n_rows; i++)
        if (rows[i]->fmt == ISA_ALOPF11 && o.fmt == ISA_ALOPF1)
            o.fmt = ISA_ALOPF11;
    memcpy(o.sz, rows[0]->sizes, 4);
    /* MCST gas declares qplog_N with 64-bit (DDDD) operands, which decides
     * its literal sizes [B e2k-opc.h]; our table says 128-bit */
    if (rows[0]->tbl == ISA_TBL_LCMBQ0 || rows[0]->tbl == ISA_TBL_LCMBQ1)
        memcpy(o.sz, "dddd", 4);
    a->pair = quad_pair(&o, a->allowed);
    o.n = a->pair ? 2 : 1;

    /* `,N` and `,sm` in either order [B parse_chn_optional,
     * parse_sm_optional] */
    const char *p = *pp;
    for (int k = 0; k < 2; k++) {
        const char *q = p;
        if (asm_accept(&q, ",")) {
            const char *num = asm_skip_ws(q);
            if (*num >= '0' && *num <= '9' && a->fixed_ch < 0) {
                unsigned ch = 0;
                while (*num >= '0' && *num <= '9' && ch < 100)
                    ch = ch * 10 + (unsigned)(*num++ - '0');
                if (ch > 5 || !(a->allowed & (1u << ch))) {
                    asm_err(c, q, "illegal channel number for `%s'", name);
                    return 0;
                }
                a->fixed_ch = (int)ch;
                p = num;
                continue;
            }
            if (asm_accept_word(&q, "sm") || asm_accept_word(&q, "s")) {
                a->als[0] |= 0x80000000u;
                a->als[1] |= 0x80000000u;
                p = q;
                continue;
            }
        }
        break;
    }
    if (a->fixed_ch >= 0 && (a->als[0] >> 31))
        w->explicit_spec |= 1u << a->fixed_ch;

    if (!parse_operands(&o, &p))
        return 0;
    if (o.fmt != ISA_ALOPF12_IBRANCHD && o.fmt != ISA_ALOPF12_ICALLD &&
        !parse_als_cond(&o, &p))
        return 0;

    if (c->brace == 0 && !c->no_strict_delay) {
        if (o.fmt == ISA_ALOPF15)
            w->nop = 5;
        else if (o.fmt == ISA_ALOPF8)
            w->nop = 2;
        else if (o.fmt == ISA_ALOPF7 || o.fmt == ISA_ALOPF17)
            /* fp compares need 4 cycles, integer ones 2 [B e2k-opc.h
             * implicit_nops] */
            w->nop = (!strncmp(name, "fcmp", 4) || !strncmp(name, "fxcmp", 5))
                         ? 4
                         : 2;
    }
    *pp = p;
    return 1;
}
