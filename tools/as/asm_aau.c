/*
 * asm_aau.c — array access unit commands that are not ALS operations:
 * mova{b,h,w,d,q,qp} (AAS half-syllables + SS.aa), incr (the increment of
 * the preceding staa/ldaa) and fapb (an asynchronous program instruction).
 *
 * Encodings: e2k-isa.md §5.10; syntax [B tc-e2k.c parse_mova_args,
 * parse_incr_args, parse_fapb_args].
 */
#include "tools/as/asm_aau.h"

#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_lit.h"
#include "tools/as/asm_opnd.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_wc.h"

static int small_number(const char **pp, unsigned *out)
{
    const char *p = asm_skip_ws(*pp);
    if (*p < '0' || *p > '9')
        return 0;
    int64_t v = 0;
    /* plain numbers only, as gas's parse_number (strtoull) */
    char *end;
    v = (int64_t)strtoull(p, &end, 0);
    if (end == p)
        return 0;
    *out = v > 0xffff ? 0xffff : (unsigned)v;
    *pp = end;
    return 1;
}

int asm_aau_mova(struct asm_ctx *c, const char *name, const char **pp)
{
    static const struct {
        const char *name;
        unsigned max, shift;
    } k_param[4] = {
        {"area", 31, 6}, {"ind", 31, 1}, {"am", 1, 0}, {"be", 1, 15}};
    static const struct {
        const char *name;
        unsigned opc;
    } k_ops[] = {{"movab", 1}, {"movah", 2}, {"movaw", 3},
                 {"movad", 4}, {"movaq", 5}, {"movaqp", 7}};
    struct asm_wc *w = &c->wc;
    unsigned opc = 0;
    for (size_t i = 0; i < sizeof k_ops / sizeof k_ops[0]; i++)
        if (!strcmp(k_ops[i].name, name))
            opc = k_ops[i].opc;
    int q = opc == 5;
    const char *p = *pp;
    unsigned ch;
    if (!asm_accept(&p, ",") || !small_number(&p, &ch)) {
        asm_err(c, p, "mova channel expected");
        return 0;
    }
    if (ch > 3) {
        asm_err(c, NULL, "invalid mova channel %u specified", ch);
        return 0;
    }
    if (q && ch % 2) {
        asm_err(c, NULL,
                "movaq should be encoded in an even channel either "
                "0 or 2");
        return 0;
    }
    if (w->busy_aas & (1u << ch)) {
        asm_err(c, NULL, "mova channel %u is already busy", ch);
        return 0;
    }
    if (q && (w->busy_aas & (1u << (ch + 1)))) {
        asm_err(c, NULL, "channel %u required for movaq is already busy",
                ch + 1);
        return 0;
    }
    int n = q ? 2 : 1;
    w->busy_aas |= (q ? 3u : 1u) << ch;
    for (int i = 0; i < n; i++)
        w->aas[ch + i] |= (uint16_t)(opc << 12);
    int seen[4] = {0};
    unsigned ind = 0;
    for (int i = 0; i < 16; i++) {
        int k = i % 4;
        if (!asm_accept_key(&p, k_param[k].name))
            continue;
        if (seen[k]) {
            asm_err(c, p, "`%s=' has already been seen", k_param[k].name);
            return 0;
        }
        seen[k] = 1;
        unsigned v;
        if (!small_number(&p, &v)) {
            asm_err(c, p, "numeric value should be specified for `%s='",
                    k_param[k].name);
            return 0;
        }
        if (v > k_param[k].max) {
            asm_err(c, p, "%u exceeds maximal value for %s", v,
                    k_param[k].name);
            return 0;
        }
        if (k != 1 || !q) {
            for (int j = 0; j < n; j++)
                w->aas[ch + j] |= (uint16_t)(v << k_param[k].shift);
        } else {
            ind = v;
        }
        if (!asm_accept(&p, ",")) {
            asm_err(c, p, "`,' expected");
            return 0;
        }
    }
    if (q) {
        int be = (w->aas[ch] >> 15) & 1;
        w->aas[ch + (be ? 1 : 0)] |= (uint16_t)(ind << 1);
        w->aas[ch + (be ? 0 : 1)] |= (uint16_t)((ind + 8) << 1);
    }
    int byte;
    const char *at = asm_skip_ws(p);
    int r = asm_parse_gpr(c, &p, &byte);
    if (r < 0)
        return 0;
    if (r > 0 && byte < 0x100) {
        for (int i = 0; i < n; i++) {
            /* the even channel's destination is the high byte */
            unsigned k = ch + (unsigned)i;
            w->aa_dst[k / 2][1 - k % 2] = (uint8_t)(i ? byte + 1 : byte);
        }
    } else {
        int sp = r > 0 ? 0 : asm_parse_special(&p);
        if (!sp) {
            asm_err(c, at, "invalid destination for MOVA");
            return 0;
        }
        if (q)
            sp &= 0xfe;
        for (int i = 0; i < n; i++) {
            unsigned k = ch + (unsigned)i;
            w->aa_dst[k / 2][1 - k % 2] = (uint8_t)(sp | i);
        }
    }
    asm_ss_start(c);
    for (int i = 0; i < n; i++)
        w->ss.val |= 1u << (12 + ch + (unsigned)i);
    *pp = p;
    return 1;
}

int asm_aau_incr(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    struct asm_wc *w = &c->wc;
    if (w->n_als == 0) {
        asm_err(c, NULL, "unexpected `incr'");
        return 0;
    }
    struct asm_als *a = &w->als[w->n_als - 1];
    const char *p = *pp;
    const char *q = p;
    unsigned ch;
    if (asm_accept(&q, ",") && small_number(&q, &ch)) {
        int pos0 = a->fixed_ch >= 0
                       ? a->fixed_ch
                       : (a->allowed ? __builtin_ctz(a->allowed) : -1);
        if ((int)ch != pos0) {
            asm_err(c, NULL, "incorrect channel specified for `incr'");
            return 0;
        }
        p = q;
    }
    if (!asm_accept(&p, "%aaincr")) {
        asm_err(c, asm_skip_ws(p), "`%%aaincr' expected");
        return 0;
    }
    unsigned incr;
    if (!small_number(&p, &incr)) {
        asm_err(c, p, "index of `%%aaincr' expected");
        return 0;
    }
    q = p;
    if (asm_accept(&q, "?")) {
        struct asm_pred pr;
        if (asm_parse_pred(c, &q, &pr, 0, 1) > 0) {
            a->preds[3] = pr;
            p = q;
        }
    }
    int n = a->pair ? 2 : 1;
    for (int i = 0; i < n; i++)
        a->als[i] |= (((incr << 4) | 0x4) & 0xff) << 8;
    *pp = p;
    return 1;
}

/* fapb fields [B parse_fapb_args]: name, bit offset, matched in this
 * order; disp goes to APLS. */
int asm_aau_fapb(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    static const struct {
        const char *name;
        unsigned shift;
    } k_f[] = {{"ct", 31},  {"dpl", 31},  {"si", 30}, {"dcd", 28},
               {"fmt", 25}, {"mrng", 20}, {"d", 15},  {"incr", 12},
               {"ind", 8},  {"be", 14},   {"am", 13}, {"area", 8},
               {"asz", 5},  {"abs", 0},   {"disp", 0}};
    enum { N = sizeof k_f / sizeof k_f[0] };
    int set[N] = {0};
    uint32_t val[N] = {0};
    const char *p = *pp;
    int comma = 0;
    while (!asm_at_end(p)) {
        if (comma && !asm_accept(&p, ",")) {
            asm_err(c, asm_skip_ws(p), "comma expected");
            return 0;
        }
        comma = 1;
        size_t i;
        for (i = 0; i < N; i++)
            if (asm_accept_key(&p, k_f[i].name)) {
                const char *at = asm_skip_ws(p);
                char *end;
                unsigned long long v = strtoull(at, &end, 0);
                if (end == at) {
                    asm_err(c, at, "value expected after `%s='", k_f[i].name);
                    return 0;
                }
                p = end;
                val[i] = (uint32_t)v;
                set[i] = 1;
                break;
            }
        if (i == N) {
            asm_err(c, asm_skip_ws(p), "unrecognized fapb parameter");
            return 0;
        }
    }
    struct asm_wc *w = &c->wc;
    unsigned ch;
    if (set[0] && set[1]) {
        asm_err(c, NULL, "`ct' and `dpl' can't be set within the same fapb");
        return 0;
    } else if (set[0]) {
        ch = 0;
    } else if (set[1]) {
        ch = 1;
    } else {
        asm_err(c, NULL, "neither `ct', nor `dpl' has been specified");
        return 0;
    }
    if (w->busy_aps & (1u << ch)) {
        asm_err(c, NULL, "fapb occupying APS%u has already been met", ch);
        return 0;
    }
    if (val[2] == 0 && (set[9] || set[10] || set[11])) {
        asm_err(c, NULL,
                "neither of `be', `am' and `area' can be specified "
                "provided that `si == 0'");
        return 0;
    }
    if (val[2] == 1 && (set[7] || set[8])) {
        asm_err(c, NULL,
                "neither of `incr' and `ind' can be specified "
                "provided that `si == 1'");
        return 0;
    }
    w->busy_aps |= 1u << ch;
    for (size_t i = 0; i + 1 < N; i++)
        if (set[i])
            w->aps[ch] |= val[i] << k_f[i].shift;
    w->apls[ch] = val[N - 1];
    *pp = p;
    return 1;
}

/* AAU register names for aaurw/aaurr [B include/opcode/e2k/aau-regs.def]:
 * the ALS "opce1" field is reg << 2 | ind << 7 | d << 11. */
int asm_aau_reg(struct asm_opnd_ctx *o, const char **pp, unsigned *opce1)
{
    static const struct {
        const char *name;
        unsigned reg, count;
        int kind; /* 0: no index, 1: index in d, 2: index in ind */
    } k_aau[] = {
        {"aasti_tag", 0x11, 0, 0},  {"aaind_tag", 0x12, 0, 0},
        {"aaincr_tag", 0x13, 0, 0}, {"aasr", 0x1b, 0, 0},
        {"aafstr", 0x08, 0, 0},     {"aaldv", 0x09, 0, 0},
        {"aaldm", 0x0a, 0, 0},      {"aadr", 0x10, 32, 1},
        {"aad", 0x00, 32, 1},       {"aasti", 0x01, 16, 2},
        {"aaind", 0x02, 16, 2},     {"aaincr", 0x03, 16, 2},
        {"aaldi", 0x04, 32, 1},     {"aalda", 0x05, 32, 1},
        {"aabf", 0x0c, 16, 2},
    };
    const char *p = asm_skip_ws(*pp);
    if (*p != '%') {
        asm_err(o->c, p, "AAU register expected");
        return 0;
    }
    const char *n = ++p;
    while ((*p >= 'a' && *p <= 'z') || *p == '_')
        p++;
    size_t len = (size_t)(p - n);
    for (size_t i = 0; i < sizeof k_aau / sizeof k_aau[0]; i++) {
        if (strlen(k_aau[i].name) != len || strncmp(k_aau[i].name, n, len))
            continue;
        unsigned idx = 0;
        if (k_aau[i].count) {
            if (*p < '0' || *p > '9')
                break;
            while (*p >= '0' && *p <= '9' && idx < 1000)
                idx = idx * 10 + (unsigned)(*p++ - '0');
            if (idx >= k_aau[i].count)
                break;
        } else if (*p >= '0' && *p <= '9') {
            break;
        }
        *opce1 = k_aau[i].reg << 2;
        if (k_aau[i].kind == 1)
            *opce1 |= idx << 11;
        else if (k_aau[i].kind == 2)
            *opce1 |= idx << 7;
        *pp = p;
        return 1;
    }
    asm_err(o->c, n - 1, "invalid AAU register");
    return 0;
}

/* `%aadN [ %aastiM (+ literal) ]` of staa/ldaa [B parse_alf10_args,
 * parse_aasti]. */
int asm_aau_aad_aasti(struct asm_opnd_ctx *o, const char **pp)
{
    struct asm_ctx *c = o->c;
    const char *p = *pp;
    if (!asm_accept(&p, "%aad")) {
        asm_err(c, p, "%%aad expected");
        return 0;
    }
    unsigned aad = 0;
    if (*p < '0' || *p > '9') {
        asm_err(c, p, "%%aad index expected");
        return 0;
    }
    while (*p >= '0' && *p <= '9' && aad < 1000)
        aad = aad * 10 + (unsigned)(*p++ - '0');
    if (aad > 31) {
        asm_err(c, p, "invalid %%aad index specified");
        return 0;
    }
    struct asm_opnd_terms t;
    const char *at = asm_skip_ws(p);
    if (!asm_opnd_terms(c, &p, &t))
        return 0;
    if (t.reg1 < 0x100 || t.reg1 > 0x10f || t.reg2 >= 0) {
        asm_err(c, at, "%%aasti<idx> expected");
        return 0;
    }
    unsigned sti = (unsigned)t.reg1 - 0x100;
    uint32_t f = aad << 19 | (sti >> 1) << 16 | (sti & 1) << 15;
    if (t.has_lit) {
        if (c->spec_min_row != LIT_32 || c->spec_max_row != LIT_32 ||
            !(c->spec_min_col == 0 || c->spec_min_col == 2 ||
              c->spec_min_col == 4)) {
            asm_err(c, at, "literal in %%aasti needs `_f32s,_lts0..2'");
            return 0;
        }
        f |= (uint32_t)((c->spec_min_col >> 1) + 1) << 8;
        if (!c->spec_ref) {
            int li =
                asm_lit_new(c, asm_opnd_lit_expr(c, &t), t.lit_const, t.lit_val,
                            LIT_32, LIT_32, c->spec_min_col, c->spec_min_col);
            if (li < 0)
                return 0;
        }
    }
    for (int i = 0; i < o->n; i++)
        o->a->als[i] |= f;
    *pp = p;
    return 1;
}
