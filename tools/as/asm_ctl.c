/*
 * asm_ctl.c — control transfer: CS0 preparations (disp, ldisp, sdisp,
 * return, gettsd, pref, ibranch, done...), SS transfers (ct, call) and their
 * conditions.
 *
 * Encodings: e2k-isa.md §7.2 (CS0), §7.3/§7.4 (SS, ctcond), §7.6 (CS1
 * CALL); syntax and defaults [B tc-e2k.c parse_copf2_args, parse_pref_args,
 * parse_ct_args, parse_hicall_args, parse_ibranch_args,
 * parse_done_hiret_glaunch_args, parse_ctcond, parse_pl_ctcond]. A symbolic
 * displacement becomes a FIX_DISP fixup relative to the bundle start
 * (R_E2K_DISP).
 */
#include "tools/as/asm_ctl.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_wc.h"

#define CS0_WORD(ctpr, opc, disp)                                              \
    (((uint32_t)(ctpr) << 30) | ((uint32_t)(opc) << 28) |                      \
     ((uint32_t)(disp)&0x0fffffffu))

static int cs0_busy(struct asm_ctx *c, const char *name)
{
    if (c->wc.cs0.set) {
        asm_err(c, NULL,
                "cannot encode `%s': CS0 in the current wide "
                "instruction is already busy",
                name);
        return 1;
    }
    return 0;
}

/* Parse the target of a CS0 op: 1 and a constant in *disp, 2 and a symbolic
 * expression in *e, or 0 (error reported). */
static int parse_target(struct asm_ctx *c, const char **pp, uint64_t *disp,
                        struct asm_expr **e, int allow_plt)
{
    const char *at = asm_skip_ws(*pp);
    struct asm_expr *x = asm_expr_parse(c, pp, 0);
    if (!x)
        return 0;
    struct asm_val v;
    asm_expr_eval(c, x, 0, &v);
    if (v.kind == VAL_ABS) {
        *disp = v.num;
        return 1;
    }
    if (v.kind == VAL_BAD) {
        asm_err(c, at, "invalid expression");
        return 0;
    }
    if (x->op == EX_SYM && x->relop != RELOP_NONE && x->relop != RELOP_ABS &&
        !(allow_plt && x->relop == RELOP_PLT)) {
        asm_err(c, at, "this relocation is not supported here");
        return 0;
    }
    *e = x;
    return 2;
}

static int parse_ctpr(struct asm_ctx *c, const char **pp, unsigned *n)
{
    const char *p = *pp;
    if (!asm_accept(&p, "%ctpr")) {
        asm_err(c, p, "`%%ctpr{1,2,3}' expected");
        return 0;
    }
    if (*p < '1' || *p > '3' || (p[1] >= '0' && p[1] <= '9')) {
        asm_err(c, p, "invalid `%%ctpr' number (should be 1, 2 or 3)");
        return 0;
    }
    *n = (unsigned)(*p - '0');
    *pp = p + 1;
    return 1;
}

int asm_ctl_copf2(struct asm_ctx *c, const char *name, const char **pp)
{
    struct asm_wc *w = &c->wc;
    unsigned opc, allowed;
    int label = 1;
    if (!strcmp(name, "disp")) {
        opc = 0;
        allowed = 7;
    } else if (!strcmp(name, "ldisp")) {
        opc = 1;
        allowed = 2;
    } else if (!strcmp(name, "sdisp")) {
        opc = 2;
        allowed = 7;
    } else if (!strcmp(name, "return")) {
        opc = 3;
        allowed = 4;
        label = 0;
    } else {
        opc = 3; /* gettsd */
        allowed = 7;
        label = 0;
    }
    if (cs0_busy(c, name))
        return 0;
    unsigned ctpr;
    const char *at = asm_skip_ws(*pp);
    if (!parse_ctpr(c, pp, &ctpr))
        return 0;
    if (!(allowed & (1u << (ctpr - 1)))) {
        asm_err(c, at, "%%ctpr%u is not supported by %s", ctpr, name);
        return 0;
    }
    uint64_t disp = 0;
    if (label) {
        asm_accept(pp, ",");
        asm_accept_key(pp, "disp");
        struct asm_expr *e = NULL;
        at = asm_skip_ws(*pp);
        int r = parse_target(c, pp, &disp, &e, opc == 0);
        if (!r)
            return 0;
        if (opc == 2) {
            if (r == 2) {
                asm_err(c, at,
                        "CS0.disp in SDISP should encode an "
                        "immediate value");
                return 0;
            }
            if ((int64_t)disp < 0 || disp >= 32) {
                asm_err(c, at, "invalid value for CS0.disp in SDISP");
                return 0;
            }
        }
        if (r == 2) {
            w->cs0.expr = e;
            w->cs0.pref = 0;
            w->cs0.loc = asm_loc_at(c, at);
            disp = 0;
        }
    } else {
        disp = name[0] == 'r' ? 0 : 1; /* return / gettsd param */
    }
    w->cs0.val = CS0_WORD(ctpr, opc, disp);
    w->cs0.set = 1;
    return 1;
}

int asm_ctl_pref(struct asm_ctx *c, const char *name, const char **pp)
{
    struct asm_wc *w = &c->wc;
    if (cs0_busy(c, name))
        return 0;
    const char *p = *pp;
    if (!asm_accept(&p, "%ipr")) {
        asm_err(c, p, "%%ipr expected");
        return 0;
    }
    if (*p < '0' || *p > '7' || (p[1] >= '0' && p[1] <= '9')) {
        asm_err(c, p, "invalid index for %%ipr");
        return 0;
    }
    unsigned ipr = (unsigned)(*p++ - '0'), ipd = 0;
    asm_accept(&p, ",");
    asm_accept_key(&p, "disp");
    uint64_t disp = 0;
    struct asm_expr *e = NULL;
    const char *at = asm_skip_ws(p);
    int r = parse_target(c, &p, &disp, &e, 0);
    if (!r)
        return 0;
    const char *q = p;
    if (asm_accept(&q, ",") && asm_accept_key(&q, "ipd")) {
        int64_t v;
        const char *vat = asm_skip_ws(q);
        if (asm_expr_const(c, &q, &v))
            return 0;
        if (v < 0 || v > 1) {
            asm_err(c, vat, "invalid value for ipd");
            return 0;
        }
        ipd = (unsigned)v;
        p = q;
    }
    if (r == 2) {
        w->cs0.expr = e;
        w->cs0.pref = 1;
        w->cs0.loc = asm_loc_at(c, at);
        disp = 0;
    }
    w->cs0.val = CS0_WORD(0, 1, ((uint32_t)disp << 4) + (ipd << 3) + ipr);
    w->cs0.set = 1;
    *pp = p;
    return 1;
}

/* `%cmpK`, `%cmpJ || %cmpK`, `%clpK` after `%MLOCK ||` (v3+). */
static int parse_pl_ctcond(const char **pp, uint32_t *psrc)
{
    const char *p = *pp;
    int neg = asm_accept(&p, "~");
    if (asm_accept(&p, "%cmp")) {
        int jk = -1;
        if (!strncmp(p, "0||", 3))
            jk = 0;
        else if (!strncmp(p, "3||", 3))
            jk = 1;
        if (jk >= 0) {
            p += 3;
            int negk = asm_accept(&p, "~");
            if (asm_accept(&p, "%cmp") && *p == (jk == 0 ? '1' : '4')) {
                *psrc = 1u << 3 | (unsigned)jk << 2 | (unsigned)neg << 1 |
                        (unsigned)negk;
                *pp = p + 1;
                return 1;
            }
            return 0;
        }
        char ch = *p;
        if (ch == '0' || ch == '1' || ch == '3' || ch == '4') {
            unsigned k =
                ch <= '1' ? (unsigned)(ch - '0') : (unsigned)(ch - '0' - 1);
            *psrc = k << 1 | (unsigned)neg;
            *pp = p + 1;
            return 1;
        }
        return 0;
    }
    if (asm_accept(&p, "%clp") && *p >= '0' && *p <= '2') {
        *psrc = 2u << 3 | (unsigned)(*p - '0') << 1 | (unsigned)neg;
        *pp = p + 1;
        return 1;
    }
    return 0;
}

/* `%SUB` or `#SUB` after an optional operator. */
static int subcond(const char **pp, const char *op, const char *sub)
{
    const char *p = *pp;
    if (op && !asm_accept(&p, op))
        return 0;
    p = asm_skip_ws(p);
    if (*p != '%' && *p != '#')
        return 0;
    p++;
    /* a prefix match, as gas's slurp_str */
    if (!asm_accept(&p, sub))
        return 0;
    *pp = p;
    return 1;
}

int asm_ctl_ctcond(struct asm_ctx *c, const char **pp, int mode)
{
    const char *p = *pp;
    if (!asm_accept(&p, "?")) {
        if (!asm_at_end(p)) {
            asm_err(c, asm_skip_ws(p), "end of line expected");
            return 0;
        }
        asm_ss_set(c, SSF_CTCOND, mode == 2 ? CTCOND_MLOCK : CTCOND_ALWAYS, 0);
        return 1;
    }
    const char *at = asm_skip_ws(p);
    int parsed;
    struct asm_pred pr;
    if (subcond(&p, NULL, "always") || asm_accept_word(&p, "always")) {
        asm_ss_set(c, SSF_CTCOND, CTCOND_ALWAYS, 0);
    } else if (subcond(&p, NULL, "never") || asm_accept_word(&p, "never")) {
        asm_ss_set(c, SSF_CTCOND, CTCOND_NEVER, 0);
    } else if (subcond(&p, NULL, "LOOP_END")) {
        asm_ss_set(c, SSF_CTCOND, CTCOND_LOOP_END, 0);
    } else if (subcond(&p, NULL, "NOT_LOOP_END")) {
        asm_ss_set(c, SSF_CTCOND, CTCOND_NOT_LOOP_END, 0);
    } else if ((parsed = subcond(&p, NULL, "MLOCK")) || mode == 2) {
        if (parsed && mode != 1) {
            asm_err(c, at,
                    "%%MLOCK control transfer condition is applicable "
                    "only to ibranch");
            return 0;
        }
        if (mode == 2 || asm_accept(&p, "||")) {
            uint32_t psrc;
            uint32_t base = mode == 2 ? CTCOND_MLOCK : 0;
            if (subcond(&p, NULL, "dt_al")) {
                static const int k_conv[5] = {0, 1, -1, 2, 3};
                unsigned mask = 0;
                for (int i = 0; i < 5; i++)
                    if (k_conv[i] >= 0 && *p == '0' + i) {
                        mask |= 1u << k_conv[i];
                        p++;
                    }
                if (!mask) {
                    asm_err(c, p,
                            "index of form `[0][1][3][4]' expected "
                            "after `%%dt_al'");
                    return 0;
                }
                asm_ss_set(c, SSF_CTCOND, base | ((8u << 5) + mask), 0);
            } else if (c->isa >= 3 && parse_pl_ctcond(&p, &psrc)) {
                asm_ss_set(c, SSF_CTCOND, base | (9u << 5) | psrc, 0);
            } else {
                asm_err(c, asm_skip_ws(p),
                        "invalid control transfer "
                        "condition");
                return 0;
            }
        } else {
            asm_ss_set(c, SSF_CTCOND, CTCOND_MLOCK, 0);
        }
    } else {
        int r = asm_parse_pred(c, &p, &pr, 0, 0);
        if (r < 0)
            return 0;
        if (r == 0) {
            asm_err(c, at, "invalid control transfer condition");
            return 0;
        }
        uint32_t cc;
        if (subcond(&p, "||", "LOOP_END"))
            cc = pr.neg ? 0xeu << 5 : 0x6u << 5;
        else if (subcond(&p, "&&", "NOT_LOOP_END"))
            cc = pr.neg ? 0x7u << 5 : 0xfu << 5;
        else
            cc = pr.neg ? CTCOND_NOT_PRED : CTCOND_PRED;
        asm_ss_set(c, SSF_CTCOND, cc | (uint32_t)pr.num, 0);
    }
    *pp = p;
    return 1;
}

static void default_ipd(struct asm_ctx *c)
{
    if ((asm_ss_get(c, SSF_CTCOND) & CTCOND_TYPE_MASK) != CTCOND_NEVER)
        asm_ss_set(c, SSF_IPD, ASM_DEFAULT_IPD, 1);
}

int asm_ctl_ct(struct asm_ctx *c, const char *name, const char **pp)
{
    struct asm_wc *w = &c->wc;
    asm_ss_start(c);
    unsigned ctpr;
    if (!parse_ctpr(c, pp, &ctpr))
        return 0;
    /* gas writes ctop directly, without the SET_FIELD bookkeeping */
    w->ss.val = (w->ss.val & ~(3u << 10)) | ctpr << 10;
    if (!strcmp(name, "call")) {
        asm_accept(pp, ",");
        asm_accept_key(pp, "wbs");
        int64_t wbs;
        if (asm_expr_const(c, pp, &wbs))
            return 0;
        if (w->cs1.set) {
            asm_err(c, NULL, "cannot encode `call': CS1 is busy");
            return 0;
        }
        w->cs1.set = 1;
        w->cs1.val = 5u << 28 | ((uint32_t)wbs & 0xff);
    }
    if (!asm_ctl_ctcond(c, pp, 0))
        return 0;
    default_ipd(c);
    return 1;
}

int asm_ctl_hicall(struct asm_ctx *c, const char *name, const char **pp)
{
    struct asm_wc *w = &c->wc;
    int hcall = name[0] == 'h';
    asm_ss_start(c);
    w->ss.val &= ~(3u << 10);
    uint64_t disp = 0;
    struct asm_expr *e = NULL;
    const char *at = asm_skip_ws(*pp);
    int r = parse_target(c, pp, &disp, &e, 1);
    if (!r)
        return 0;
    asm_accept(pp, ",");
    if (cs0_busy(c, name))
        return 0;
    if (r == 1 && hcall) {
        if (disp >= 16) {
            asm_err(c, at, "invalid value for CS0.disp in HCALL");
            return 0;
        }
        disp <<= 1;
    } else if (r == 2) {
        if (hcall) {
            asm_err(c, at,
                    "CS0.disp in HCALL should encode an immediate "
                    "value");
            return 0;
        }
        w->cs0.expr = e;
        w->cs0.pref = 0;
        w->cs0.loc = asm_loc_at(c, at);
        disp = 0;
    }
    w->cs0.val = CS0_WORD(0, 0, disp);
    w->cs0.set = 1;
    asm_accept_key(pp, "wbs");
    int64_t wbs;
    if (asm_expr_const(c, pp, &wbs))
        return 0;
    if (w->cs1.set) {
        asm_err(c, NULL, "cannot encode `%s': CS1 is busy", name);
        return 0;
    }
    w->cs1.set = 1;
    w->cs1.val = 5u << 28 | (hcall ? 2u : 1u) << 7 | ((uint32_t)wbs & 0xff);
    if (!asm_ctl_ctcond(c, pp, 0))
        return 0;
    default_ipd(c);
    return 1;
}

int asm_ctl_ibranch(struct asm_ctx *c, const char *name, const char **pp)
{
    struct asm_wc *w = &c->wc;
    asm_ss_start(c);
    if (asm_ss_is_set(c, SSF_CTOP)) {
        asm_err(c, NULL,
                "cannot encode `%s', SS.ctop in the current wide "
                "instruction is already busy",
                name);
        return 0;
    }
    asm_ss_set(c, SSF_CTOP, 0, 0);
    if (cs0_busy(c, name))
        return 0;
    asm_accept(pp, ",");
    uint64_t disp = 0;
    struct asm_expr *e = NULL;
    const char *at = asm_skip_ws(*pp);
    int r = parse_target(c, pp, &disp, &e, 0);
    if (!r)
        return 0;
    if (r == 2) {
        w->cs0.expr = e;
        w->cs0.pref = 0;
        w->cs0.loc = asm_loc_at(c, at);
        disp = 0;
    }
    if (!asm_ctl_ctcond(c, pp, name[0] == 'r' ? 2 : 1))
        return 0;
    w->cs0.val = CS0_WORD(0, 0, disp);
    w->cs0.set = 1;
    default_ipd(c);
    return 1;
}

int asm_ctl_done(struct asm_ctx *c, const char *name, const char **pp)
{
    struct asm_wc *w = &c->wc;
    if (!asm_ctl_ctcond(c, pp, 0))
        return 0;
    asm_ss_start(c);
    asm_ss_set(c, SSF_CTOP, 0, 0);
    if (cs0_busy(c, name))
        return 0;
    unsigned param = name[0] == 'i'   ? 2
                     : name[0] == 'h' ? 3
                     : name[0] == 'g' ? 4
                                      : 0;
    w->cs0.val = CS0_WORD(0, 3, param);
    w->cs0.set = 1;
    default_ipd(c);
    return 1;
}
