/*
 * asm_opnd.c — operands of ALS operations: registers into operand bytes
 * (with the register pairs of quad ops), the decomposition of an operand
 * sum into registers and a literal, src1/src2/src3/dst, `mas=`, and gas's
 * three-operand form used by ALOPF1/11 ops, loads and stores.
 *
 * Rules [B tc-e2k.c encode_reg, handle, encode_src2, parse_src1/2/3,
 * parse_dst, parse_mas, parse_three_args_for_ld_st]: a constant 0..15 in
 * src2 is the 4-bit immediate unless a literal format or placement was
 * given; any other constant or symbol becomes a literal (asm_lit.c); a
 * 0..31 constant written first in a sum goes to src1.
 */
#include "tools/as/asm_opnd.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_lit.h"
#include "tools/as/asm_reg.h"

int asm_opnd_next_reg(int byte, int shift, int i)
{
    /* the second channel of a pair gets the next register */
    if (!i || !shift)
        return byte;
    if (byte < 0x80)
        return (byte + 1) & 0x7f;
    if (byte < 0xc0)
        return 0x80 | ((byte + 1) & 0x3f);
    if (byte >= 0xe0)
        return 0xe0 | ((byte + 1) & 0x1f);
    return byte;
}

void asm_opnd_set_field(struct asm_opnd_ctx *o, int i, int f, int v)
{
    uint32_t *w = &o->a->als[i];
    int sh = f == ASM_F_SRC1 ? 16 : f == ASM_F_SRC2 ? 8 : 0;
    *w = (*w & ~(0xffu << sh)) | ((uint32_t)(v & 0xff) << sh);
}

/* [B encode_reg]: a register byte into a field; pairs use (byte & ~1) + i
 * for quad operands. */
static int enc_reg(struct asm_opnd_ctx *o, int f, char fmt, int byte,
                   const char *at)
{
    if (byte >= 0x100) {
        asm_err(o->c, at, "%%aasti register not allowed here");
        return 0;
    }
    if (byte >= 0xc0 && byte <= 0xdf && f >= ASM_F_SRC1 && f <= ASM_F_SRC3) {
        asm_err(o->c, at,
                "special register not allowed in position of "
                "SRC%d",
                f);
        return 0;
    }
    for (int i = 0; i < o->n; i++) {
        int v = byte;
        if (o->n == 2 && fmt == 'q' && (f != ASM_F_SRC1 || !o->same_src1))
            v = (v & 0xfe) + i;
        asm_opnd_set_field(o, i, f, v);
    }
    return 1;
}

/* ---- operand decomposition [B handle] --------------------------------- */

static int handle(struct asm_ctx *c, const struct asm_expr *e,
                  struct asm_opnd_terms *t)
{
    if (!asm_expr_has_reg(e)) {
        struct asm_val v;
        asm_expr_eval(c, e, 0, &v);
        if (v.kind == VAL_BAD)
            return 0;
        if (v.kind == VAL_ABS) {
            if (!t->has_lit)
                t->lit_const = 1;
            t->lit_val += v.num;
        } else {
            if (t->lit_sym)
                return 0;
            t->lit_sym = (struct asm_expr *)e;
            t->lit_const = 0;
        }
        t->has_lit = 1;
        return 1;
    }
    if (e->op == EX_ADD)
        return handle(c, e->a, t) && handle(c, e->b, t);
    if (e->op == EX_REG) {
        if (t->reg1 < 0)
            t->reg1 = (int)e->num;
        else if (t->reg2 < 0)
            t->reg2 = (int)e->num;
        else
            return 0;
        return 1;
    }
    return 0;
}

static int is_abs_const(struct asm_ctx *c, const struct asm_expr *e)
{
    if (asm_expr_has_reg(e))
        return 0;
    struct asm_val v;
    asm_expr_eval(c, e, 0, &v);
    return v.kind == VAL_ABS;
}

/* Parse one operand sum and decompose it. */
int asm_opnd_terms(struct asm_ctx *c, const char **pp, struct asm_opnd_terms *t)
{
    memset(t, 0, sizeof *t);
    t->reg1 = t->reg2 = -1;
    const char *start = asm_skip_ws(*pp);
    struct asm_expr *e = asm_expr_parse(c, pp, 1);
    if (!e)
        return 0;
    if (!handle(c, e, t)) {
        asm_err(c, start, "invalid operand");
        return 0;
    }
    /* gas's const_first: the outermost sum, with trailing constants folded
     * into it, starts with a constant */
    const struct asm_expr *top = e;
    while (top->op == EX_ADD && asm_expr_has_reg(top->a) &&
           is_abs_const(c, top->b))
        top = top->a;
    t->const_first =
        top->op == EX_ADD && asm_expr_has_reg(top) && is_abs_const(c, top->a);
    return 1;
}

struct asm_expr *asm_opnd_lit_expr(struct asm_ctx *c,
                                   const struct asm_opnd_terms *t)
{
    if (t->lit_const)
        return asm_expr_num(c, t->lit_val);
    if (!t->lit_val)
        return t->lit_sym;
    return asm_expr_bin(c, EX_ADD, t->lit_sym, asm_expr_num(c, t->lit_val));
}

/* ---- src2 [B encode_src2] --------------------------------------------- */

static int default_specs(const struct asm_ctx *c)
{
    return c->spec_min_col == 0 && c->spec_max_col == 7 &&
           c->spec_min_row == LIT_16 && c->spec_max_row == LIT_64;
}

static int encode_src2(struct asm_opnd_ctx *o, const struct asm_opnd_arg *g,
                       char fmt)
{
    struct asm_ctx *c = o->c;
    if (g->reg >= 0)
        return enc_reg(o, ASM_F_SRC2, fmt, g->reg, g->at);
    if (g->is_const && g->val <= 15 && default_specs(c) && !c->spec_ref) {
        for (int i = 0; i < o->n; i++)
            asm_opnd_set_field(o, i, ASM_F_SRC2, 0xc0 | (int)g->val);
        return 1;
    }
    int min_row = c->spec_min_row, max_row = c->spec_max_row;
    if (c->spec_ref) {
        if (min_row != max_row ||
            !(c->spec_min_col == c->spec_max_col ||
              (min_row == LIT_32 && (c->spec_max_col & 1)) ||
              (min_row == LIT_64 && (c->spec_max_col & 1)))) {
            asm_err(c, g->at,
                    "ambiguous or invalid literal position for a "
                    "literal reference");
            return 0;
        }
        uint8_t b = asm_lit_ref_src2(min_row, c->spec_min_col);
        for (int i = 0; i < o->n; i++)
            asm_opnd_set_field(o, i, ASM_F_SRC2, b);
        return 1;
    }
    if (!g->is_const) {
        if (g->e && g->e->op == EX_SYM && g->e->relop != RELOP_NONE &&
            g->e->relop != RELOP_ABS) {
            asm_err(c, g->at,
                    "this relocation is not supported by e2k-as "
                    "(static executables only)");
            return 0;
        }
        /* a symbol needs a 64-bit literal (R_E2K_64_ABS_LIT), or an
         * explicitly requested 32-bit one */
        if (min_row == LIT_16 && max_row == LIT_64) {
            min_row = max_row = LIT_64;
        } else if (!(min_row == LIT_64 && max_row == LIT_64) &&
                   !(min_row == LIT_32 && max_row == LIT_32)) {
            asm_err(c, g->at, "wrong size for symbol specified");
            return 0;
        }
    } else if (min_row == LIT_16 && max_row == LIT_64) {
        int64_t v = (int64_t)g->val;
        if (fmt == 'd' && (v < INT32_MIN || v > INT32_MAX))
            min_row = LIT_64;
        else if (v < -32768 || v > 32767)
            min_row = LIT_32;
    }
    int li = asm_lit_new(c, g->e, g->is_const, g->val, min_row, max_row,
                         c->spec_min_col, c->spec_max_col);
    if (li < 0)
        return 0;
    c->wc.lits[li].loc = asm_loc_at(c, g->at);
    o->a->lit = li;
    return 1;
}

int asm_opnd_src2(struct asm_opnd_ctx *o, const char **pp, char fmt)
{
    struct asm_opnd_terms t;
    const char *at = asm_skip_ws(*pp);
    if (!asm_opnd_terms(o->c, pp, &t))
        return 0;
    if (t.reg1 < 0 && !t.has_lit) {
        asm_err(o->c, at, "empty operand at position of SRC2");
        return 0;
    }
    if (t.reg2 >= 0 || (t.reg1 >= 0 && t.has_lit)) {
        asm_err(o->c, at, "illegal operand at position of SRC2");
        return 0;
    }
    struct asm_opnd_arg g = {t.reg1, t.lit_const, t.lit_val, NULL, at};
    if (t.reg1 < 0)
        g.e = asm_opnd_lit_expr(o->c, &t);
    return encode_src2(o, &g, fmt);
}

/* [B asm_opnd_src1]: a register or a constant 0..31. */
int asm_opnd_src1(struct asm_opnd_ctx *o, const char **pp, char fmt)
{
    struct asm_ctx *c = o->c;
    const char *p = asm_skip_ws(*pp);
    int byte;
    int r = asm_parse_gpr(c, &p, &byte);
    if (r < 0)
        return 0;
    if (r > 0) {
        if (byte >= 0x100) {
            asm_err(c, *pp, "invalid first argument (src1)");
            return 0;
        }
        asm_opnd_set_field(o, 0, ASM_F_SRC1, byte);
        if (o->n == 2)
            asm_opnd_set_field(
                o, 1, ASM_F_SRC1,
                asm_opnd_next_reg(byte, fmt == 'q' && !o->same_src1, 1));
        *pp = p;
        return 1;
    }
    const char *at = p;
    struct asm_expr *e = asm_expr_parse(c, &p, 0);
    if (!e)
        return 0;
    struct asm_val v;
    asm_expr_eval(c, e, 0, &v);
    if (v.kind != VAL_ABS || v.num > 31) {
        asm_err(c, at,
                "invalid first argument (src1): a register or a "
                "constant 0..31 expected");
        return 0;
    }
    for (int i = 0; i < o->n; i++)
        asm_opnd_set_field(o, i, ASM_F_SRC1, 0xc0 | (int)v.num);
    *pp = p;
    return 1;
}

/* [B asm_opnd_dst]: `, reg` or `, special`. */
int asm_opnd_dst(struct asm_opnd_ctx *o, const char **pp, char fmt)
{
    struct asm_ctx *c = o->c;
    const char *p = *pp;
    if (!asm_accept(&p, ",")) {
        asm_err(c, p, "comma followed by dst expected");
        return 0;
    }
    p = asm_skip_ws(p);
    const char *at = p;
    int byte;
    int r = asm_parse_gpr(c, &p, &byte);
    if (r < 0)
        return 0;
    if (r > 0 && byte < 0x100) {
        asm_opnd_set_field(o, 0, ASM_F_DST, byte);
        if (o->n == 2)
            asm_opnd_set_field(o, 1, ASM_F_DST,
                               asm_opnd_next_reg(byte, fmt == 'q', 1));
    } else {
        int sp = r > 0 ? 0 : asm_parse_special(&p);
        if (!sp) {
            asm_err(c, at, "invalid third argument (dst)");
            return 0;
        }
        if (o->n == 2)
            sp &= 0xfe;
        for (int i = 0; i < o->n; i++)
            asm_opnd_set_field(o, i, ASM_F_DST, sp | i);
    }
    *pp = p;
    return 1;
}

/* [B asm_opnd_src3]: the third source, into ALES (ALOPF21) or the ALS dst
 * byte (stores' value of AAU ops). */
int asm_opnd_src3(struct asm_opnd_ctx *o, const char **pp, char fmt, int ales,
                  int comma)
{
    struct asm_ctx *c = o->c;
    const char *p = *pp;
    if (comma && !asm_accept(&p, ",")) {
        asm_err(c, p, "comma followed by src3 expected");
        return 0;
    }
    int bracket = asm_accept(&p, "[");
    const char *at = asm_skip_ws(p);
    int byte;
    int r = asm_parse_gpr(c, &p, &byte);
    if (r < 0)
        return 0;
    if (r == 0 || byte >= 0x100) {
        asm_err(c, at, "invalid src3");
        return 0;
    }
    if (bracket && !asm_accept(&p, "]")) {
        asm_err(c, p, "`]' expected");
        return 0;
    }
    if (ales) {
        o->a->ales_lo = (uint8_t)byte;
        o->a->ales_lo_fixed = 1;
    } else {
        asm_opnd_set_field(o, 0, ASM_F_DST, byte);
    }
    if (o->n == 2)
        asm_opnd_set_field(o, 1, ASM_F_DST,
                           asm_opnd_next_reg(byte, fmt == 'q', 1));
    *pp = p;
    return 1;
}

/* [B asm_opnd_mas] after a memory operand: `, mas = EXPR`. */
int asm_opnd_mas(struct asm_opnd_ctx *o, const char **pp)
{
    const char *p = *pp;
    if (*asm_skip_ws(p) == '?')
        return 1;
    if (!asm_accept(&p, ",") || !asm_accept_key(&p, "mas"))
        return 1;
    int64_t v;
    if (asm_expr_const(o->c, &p, &v))
        return 0;
    if (v < 0 || v >= 0x80) {
        asm_err(o->c, *pp, "illegal mas value `0x%llx'", (unsigned long long)v);
        return 0;
    }
    o->a->mas = (uint8_t)v;
    if (v)
        o->a->need_mas = 1; /* zero MAS needs no CS1 [B asm_opnd_mas] */
    *pp = p;
    return 1;
}

/* [B parse_three_args_for_ld_st]: ALOPF1/11 and loads (src1, src2, dst)
 * and stores (value, src1, src2), each operand a sum. */
int asm_opnd_ldst(struct asm_opnd_ctx *o, const char **pp, int store, int mas)
{
    struct asm_ctx *c = o->c;
    struct asm_opnd_arg args[3];
    struct asm_opnd_terms t[3];
    const char *opstart[3];
    int len = 0, i;
    const char *p = *pp;
    for (i = 0; i < 3; i++) {
        opstart[i] = asm_skip_ws(p);
        if (!asm_opnd_terms(c, &p, &t[i]))
            return 0;
        struct asm_opnd_terms *ti = &t[i];
        if (ti->reg1 >= 0 && ti->reg2 >= 0 && ti->has_lit) {
            if (ti->lit_const && ti->lit_val == 0) {
                ti->has_lit = 0;
            } else {
                asm_err(c, opstart[i],
                        "excessive number of terms in an "
                        "operand");
                return 0;
            }
        }
#define ADD_ARG(g)                                                             \
    do {                                                                       \
        if (len == 3) {                                                        \
            asm_err(c, opstart[i],                                             \
                    "excessive number of operands for an "                     \
                    "instruction");                                            \
            return 0;                                                          \
        }                                                                      \
        args[len++] = (g);                                                     \
    } while (0)
        struct asm_opnd_arg lit = {-1, ti->lit_const, ti->lit_val, NULL,
                                   opstart[i]};
        if (ti->has_lit) {
            lit.e = asm_opnd_lit_expr(c, ti);
            int fit_src1 = ti->const_first && o->sz[0] != 'q' &&
                           ti->lit_const && ti->lit_val <= 31;
            if (fit_src1)
                ADD_ARG(lit);
            if (ti->reg1 >= 0)
                ADD_ARG(
                    ((struct asm_opnd_arg){ti->reg1, 0, 0, NULL, opstart[i]}));
            if (!fit_src1)
                ADD_ARG(lit);
        } else {
            ADD_ARG(((struct asm_opnd_arg){ti->reg1, 0, 0, NULL, opstart[i]}));
            if (ti->reg2 >= 0)
                ADD_ARG(
                    ((struct asm_opnd_arg){ti->reg2, 0, 0, NULL, opstart[i]}));
        }
#undef ADD_ARG
        if (mas && !asm_opnd_mas(o, &p))
            return 0;
        if (i < 2) {
            const char *q = asm_skip_ws(p);
            if (*q == 0 || *q == '?') {
                if (i == 0) {
                    asm_err(c, q,
                            "insufficient number of operands for an "
                            "instruction");
                    return 0;
                }
                break;
            }
            if (!asm_accept(&p, ",")) {
                asm_err(c, q, "missing comma");
                return 0;
            }
        }
    }
    if (i == 3)
        i = 2;
    if (store && !c->ignore_ld_st)
        i = 0;
    if (t[i].reg1 < 0 || t[i].reg2 >= 0 || t[i].has_lit) {
        asm_err(c, opstart[i], "register should be specified for %s",
                store ? "SRC3" : "DST");
        return 0;
    }
    if (len < 2) {
        asm_err(c, opstart[0],
                "insufficient number of operands for an "
                "instruction");
        return 0;
    }
    if (store && !c->ignore_ld_st) {
        /* value first: rotate it to the end */
        struct asm_opnd_arg v = args[0];
        args[0] = args[1];
        if (len == 3)
            args[1] = args[2];
        args[len - 1] = v;
    }
    if (len == 2) {
        args[2] = args[1];
        if (args[0].reg >= 0) {
            args[1] = (struct asm_opnd_arg){-1, 1, 0, NULL, args[0].at};
        } else {
            args[1] = args[0];
            args[0] = (struct asm_opnd_arg){-1, 1, 0, NULL, args[1].at};
        }
        if (!args[1].e && args[1].reg < 0)
            args[1].e = asm_expr_num(c, 0);
    }
    if (args[2].reg < 0) {
        asm_err(c, args[2].at, "register expected");
        return 0;
    }
    if (!enc_reg(o, ASM_F_DST, o->sz[2], args[2].reg, args[2].at))
        return 0;
    if (args[0].reg >= 0) {
        if (!enc_reg(o, ASM_F_SRC1, o->sz[0], args[0].reg, args[0].at))
            return 0;
    } else if (args[0].is_const && args[0].val <= 31) {
        for (int k = 0; k < o->n; k++)
            asm_opnd_set_field(o, k, ASM_F_SRC1, 0xc0 | (int)args[0].val);
    } else {
        asm_err(c, args[0].at, "invalid argument in position of SRC1");
        return 0;
    }
    if (!encode_src2(o, &args[1], o->sz[1]))
        return 0;
    *pp = p;
    return 1;
}

int asm_opnd_pred_arg(struct asm_opnd_ctx *o, const char **pp, int slot)
{
    const char *p = *pp;
    if (!asm_accept(&p, ",")) {
        asm_err(o->c, p, "comma expected");
        return 0;
    }
    struct asm_pred pr;
    int r = asm_parse_pred(o->c, &p, &pr, 0, 1);
    if (r <= 0) {
        if (r == 0)
            asm_err(o->c, p, "predicate expected");
        return 0;
    }
    o->a->preds[slot] = pr;
    *pp = p;
    return 1;
}

int asm_opnd_lit8(struct asm_opnd_ctx *o, const char **pp, const char *what)
{
    const char *p = *pp;
    if (!asm_accept(&p, ",")) {
        asm_err(o->c, p, "`, %s' expected", what);
        return 0;
    }
    int64_t v;
    if (asm_expr_const(o->c, &p, &v))
        return 0;
    if (v < 0 || v > 0xff) {
        asm_err(o->c, *pp, "value of %s is out of range", what);
        return 0;
    }
    o->a->ales_lo = (uint8_t)v;
    o->a->ales_lo_fixed = 1;
    *pp = p;
    return 1;
}
