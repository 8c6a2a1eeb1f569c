/*
 * asm_pls.c — predicate logic: `pass` into local predicates (ELP) and out of
 * them (CLP/MLP destination), andp/landp/movep (CLP/MLP), the brace-less
 * clpandp/clplandp shorthand, and the end-of-bundle consistency checks.
 *
 * Encodings: e2k-isa.md §8.1; syntax and checks [B tc-e2k.c
 * parse_pass_args, encode_elp, encode_clp_mlp_pass, parse_clp_mlp_args,
 * encode_clp_mlp, parse_cpl_args, verify_pls_insns].
 */
#include "tools/as/asm_pls.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_wc.h"

static int local_pred(struct asm_ctx *c, const char **pp, struct asm_pred *pr)
{
    const char *at = asm_skip_ws(*pp);
    int r = asm_parse_pred(c, pp, pr, 1, 0);
    if (r > 0 && pr->num > 6) {
        asm_err(c, at, "invalid local predicate `@p%d'", pr->num);
        return -1;
    }
    return r;
}

/* `%lcntex`, `%spredMASK` (digits 0..5), `%rndpredN` (v3+). */
static int spred(struct asm_ctx *c, const char **pp, unsigned *out)
{
    const char *p = *pp;
    if (asm_accept(&p, "%lcntex")) {
        *out = 0;
        *pp = p;
        return 1;
    }
    if (asm_accept(&p, "%spred")) {
        unsigned m = 0;
        while (*p >= '0' && *p <= '5')
            m |= 1u << (*p++ - '0');
        if (m) {
            *out = m;
            *pp = p;
            return 1;
        }
        return 0;
    }
    if (c->isa >= 3 && asm_accept(&p, "%rndpred")) {
        unsigned n = 0;
        if (*p < '0' || *p > '9')
            return 0;
        while (*p >= '0' && *p <= '9' && n < 100)
            n = n * 10 + (unsigned)(*p++ - '0');
        if (n < 1 || n > 15)
            return 0;
        *out = 0x40 | n;
        *pp = p;
        return 1;
    }
    return 0;
}

static int encode_elp(struct asm_ctx *c, int gnum, unsigned sp,
                      const struct asm_pred *lp)
{
    if (lp->num > 3) {
        asm_err(c, NULL,
                "only @p0, @p1, @p2 and @p3 can be used to store "
                "the result of ELP");
        return 0;
    }
    int idx = lp->num / 2;
    unsigned elp = gnum < 0 ? sp : 0x60u | (unsigned)gnum;
    asm_pls_set(c, idx, lp->num % 2 == 0 ? PLSF_ELP0 : PLSF_ELP1, elp);
    c->wc.pls[idx].needed = 1;
    c->wc.explicit_lp |= 1u << lp->num;
    return 1;
}

static int encode_pass_out(struct asm_ctx *c, const struct asm_pred *lp,
                           int gnum)
{
    if (lp->num < 4) {
        asm_err(c, NULL,
                "only @p4, @p5 and @p6 can be used to pass the "
                "result of {C/M}LP to %%pred");
        return 0;
    }
    int idx = lp->num - 4;
    asm_pls_set(c, idx, PLSF_VDST, 1);
    asm_pls_set(c, idx, PLSF_PDST, (uint32_t)gnum);
    c->wc.explicit_lp |= 1u << (7 + idx);
    return 1;
}

int asm_pls_pass(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    const char *p = *pp;
    struct asm_pred g, l;
    unsigned sp = 0;
    int r = asm_parse_pred(c, &p, &g, 0, 0);
    if (r < 0)
        return 0;
    int is_sp = 0;
    if (r == 0)
        is_sp = spred(c, &p, &sp);
    if (r > 0 || is_sp) {
        if (r > 0 && g.neg) {
            asm_err(c, NULL,
                    "a negated predicate can't be used as the "
                    "source for pass in ELP");
            return 0;
        }
        if (!asm_accept(&p, ",")) {
            asm_err(c, p, "comma expected");
            return 0;
        }
        int k = local_pred(c, &p, &l);
        if (k <= 0) {
            if (k == 0)
                asm_err(c, p,
                        "local predicate expected as the destination "
                        "for pass in ELP");
            return 0;
        }
        if (l.neg) {
            asm_err(c, NULL,
                    "a negated local predicate can't be used as the "
                    "destination for pass in ELP");
            return 0;
        }
        if (!encode_elp(c, r > 0 ? g.num : -1, sp, &l))
            return 0;
    } else {
        int k = local_pred(c, &p, &l);
        if (k < 0)
            return 0;
        if (k == 0) {
            asm_err(c, asm_skip_ws(p),
                    "either of %%lcntex, %%spred, "
                    "%%pred%s or @p expected as the first parameter for "
                    "`pass'",
                    c->isa >= 3 ? ", %rndpred" : "");
            return 0;
        }
        if (l.neg) {
            asm_err(c, NULL,
                    "a negated local predicate can't be used as the "
                    "source for pass in {C/M}LP");
            return 0;
        }
        if (!asm_accept(&p, ",")) {
            asm_err(c, p, "comma expected");
            return 0;
        }
        r = asm_parse_pred(c, &p, &g, 0, 0);
        if (r <= 0) {
            if (r == 0)
                asm_err(c, asm_skip_ws(p),
                        "global predicate expected as the "
                        "destination for pass in {C/M}LP");
            return 0;
        }
        if (g.neg) {
            asm_err(c, NULL,
                    "a negated predicate can't be used as the "
                    "destination for pass in {C/M}LP");
            return 0;
        }
        if (!encode_pass_out(c, &l, g.num))
            return 0;
    }
    *pp = p;
    return 1;
}

static int encode_clp(struct asm_ctx *c, const struct asm_pred *a,
                      const struct asm_pred *b, const struct asm_pred *d,
                      unsigned opc)
{
    if (d->num < 4) {
        asm_err(c, NULL,
                "only @p4, @p5 and @p6 can be used to store the "
                "result of {C/M}LP");
        return 0;
    }
    int idx = d->num - 4;
    const char *err = NULL;
    if (idx == 0 && (a->num > 1 || b->num > 1))
        err = "@p0 and @p1";
    else if (idx == 1 && (a->num > 4 || b->num > 4))
        err = "@p0, @p1, @p2, @p3 and @p4";
    else if (a->num > 5 || b->num > 5)
        err = "@p0, @p1, @p2, @p3, @p4 and @p5";
    if (err) {
        asm_err(c, NULL,
                "only `%s' can be used as incoming parameters for "
                "{C/M}LP%d",
                err, idx);
        return 0;
    }
    asm_pls_set(c, idx, PLSF_OPC, opc);
    asm_pls_set(c, idx, PLSF_NEG0, (uint32_t)a->neg);
    asm_pls_set(c, idx, PLSF_P0, (uint32_t)a->num);
    asm_pls_set(c, idx, PLSF_NEG1, (uint32_t)b->neg);
    asm_pls_set(c, idx, PLSF_P1, (uint32_t)b->num);
    c->wc.pls[idx].needed = 1;
    c->wc.explicit_lp |= 1u << (idx + 4);
    c->wc.clp_in[idx][0] = a->num;
    c->wc.clp_in[idx][1] = b->num;
    return 1;
}

int asm_pls_clp(struct asm_ctx *c, const char *name, const char **pp)
{
    unsigned opc = !strcmp(name, "andp") ? 0 : !strcmp(name, "landp") ? 1 : 3;
    struct asm_pred l[3];
    const char *p = *pp;
    static const char *const k_what[3] = {"the first source parameter",
                                          "the second source parameter",
                                          "the destination"};
    for (int i = 0; i < 3; i++) {
        if (i && !asm_accept(&p, ",")) {
            asm_err(c, p, "comma expected");
            return 0;
        }
        int r = local_pred(c, &p, &l[i]);
        if (r <= 0) {
            if (r == 0)
                asm_err(c, asm_skip_ws(p),
                        "local predicate expected as %s "
                        "for {C/M}LP",
                        k_what[i]);
            return 0;
        }
    }
    if (l[2].neg) {
        asm_err(c, NULL,
                "a negated local predicate can't be used as the "
                "destination for {C/M}LP");
        return 0;
    }
    if (!encode_clp(c, &l[0], &l[1], &l[2], opc))
        return 0;
    *pp = p;
    return 1;
}

int asm_pls_cpl(struct asm_ctx *c, const char *name, const char **pp)
{
    if (c->brace) {
        asm_err(c, NULL,
                "combined predicate logic command shouldn't be used "
                "within a wide instruction");
        return 0;
    }
    struct asm_pred s[3];
    const char *p = *pp;
    for (int i = 0; i < 3; i++) {
        if (i && !asm_accept(&p, ",")) {
            asm_err(c, p, "comma expected");
            return 0;
        }
        int r = asm_parse_pred(c, &p, &s[i], 0, 0);
        if (r <= 0) {
            if (r == 0)
                asm_err(c, asm_skip_ws(p), "predicate expected");
            return 0;
        }
    }
    if (s[2].neg) {
        asm_err(c, NULL, "dst predicate can't be negated");
        return 0;
    }
    struct asm_pred l0 = {0, s[0].neg, 0}, l1 = {1, s[1].neg, 1};
    struct asm_pred l4 = {4, 0, 4};
    struct asm_pred e0 = {0, 0, 0}, e1 = {1, 0, 1};
    if (!encode_elp(c, s[0].num, 0, &e0) || !encode_elp(c, s[1].num, 0, &e1) ||
        !encode_clp(c, &l0, &l1, &l4, !strcmp(name, "clpandp") ? 0 : 1) ||
        !encode_pass_out(c, &l4, s[2].num))
        return 0;
    *pp = p;
    return 1;
}

void asm_pls_verify(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    int casc[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (!(w->explicit_lp & (1u << (4 + i)))) {
            if (w->explicit_lp & (1u << (7 + i)))
                asm_err_loc(c, &w->loc,
                            "undefined @p%d passed to a global "
                            "predicate via {C/M}LP%d",
                            4 + i, i);
            continue;
        }
        for (int j = 0; j < 2; j++) {
            int in = w->clp_in[i][j];
            if (!(w->explicit_lp & (1u << in))) {
                asm_err_loc(c, &w->loc,
                            "undefined @p%d used as an incoming "
                            "parameter for CLP%d",
                            in, i);
                if (in >= 4)
                    return;
            }
            int k = in < 4 ? 1 : casc[in - 4] + 1;
            if (k > casc[i]) {
                casc[i] = k;
                if (k > 2)
                    asm_err_loc(c, &w->loc,
                                "maximal supported cascading of "
                                "2 exceeded for {C/M}LP%d",
                                i);
            }
        }
    }
}
