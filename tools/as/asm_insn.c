/*
 * asm_insn.c — one instruction statement: mnemonic, aliases, the literal
 * specifier pre-pass, and dispatch to the handlers of asm_insn.h [B tc-e2k.c
 * md_assemble, real_insn_name, replace_nested_commas].
 */
#include "tools/as/asm_insn.h"

#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_aau.h"
#include "tools/as/asm_alop.h"
#include "tools/as/asm_ctl.h"
#include "tools/as/asm_diag.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_mem.h"
#include "tools/as/asm_pls.h"
#include "tools/as/asm_stub.h"
#include "tools/as/asm_wc.h"

struct handler {
    const char *name;
    asm_insn_fn fn;
    int min_isa;
};

static int unsupported(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)pp;
    asm_err(c, NULL, "`%s' is not supported by e2k-as", name);
    return 0;
}

static const struct handler k_handlers[] = {
    {"disp", asm_ctl_copf2, 2},      {"ldisp", asm_ctl_copf2, 2},
    {"sdisp", asm_ctl_copf2, 2},     {"return", asm_ctl_copf2, 2},
    {"gettsd", asm_ctl_copf2, 3},    {"pref", asm_ctl_pref, 2},
    {"flushr", asm_stub_flush, 2},   {"flushc", asm_stub_flush, 2},
    {"fillr", asm_stub_flush, 6},    {"fillc", asm_stub_flush, 6},
    {"setbn", asm_stub_setcmd, 2},   {"setbp", asm_stub_setcmd, 2},
    {"settr", asm_stub_setcmd, 2},   {"setwd", asm_stub_setcmd, 2},
    {"vfrpsz", asm_stub_setcmd, 2},  {"setei", asm_stub_setcmd, 2},
    {"setsft", asm_stub_setsft, 2},  {"nop", asm_stub_nop, 2},
    {"ct", asm_ctl_ct, 2},           {"call", asm_ctl_ct, 2},
    {"hcall", asm_ctl_hicall, 6},    {"icall", asm_ctl_hicall, 6},
    {"ipd", asm_stub_ipd, 2},        {"loop_mode", asm_stub_flag, 2},
    {"alc", asm_stub_advance, 2},    {"abn", asm_stub_advance, 2},
    {"abp", asm_stub_advance, 2},    {"abg", asm_stub_abg, 2},
    {"srp", asm_stub_rp, 2},         {"crp", asm_stub_rp, 2},
    {"slrp", asm_stub_rp, 3},        {"bap", asm_stub_flag, 2},
    {"eap", asm_stub_flag, 2},       {"vfdi", asm_stub_flag, 2},
    {"set_mark", asm_stub_flag, 2},  {"pass", asm_pls_pass, 2},
    {"andp", asm_pls_clp, 2},        {"landp", asm_pls_clp, 2},
    {"movep", asm_pls_clp, 2},       {"clpandp", asm_pls_cpl, 2},
    {"clplandp", asm_pls_cpl, 2},    {"ibranch", asm_ctl_ibranch, 2},
    {"rbranch", asm_ctl_ibranch, 2}, {"done", asm_ctl_done, 2},
    {"iret", asm_ctl_done, 6},       {"hret", asm_ctl_done, 6},
    {"glaunch", asm_ctl_done, 6},    {"wait", asm_stub_wait, 2},
    {"incr", asm_aau_incr, 2},       {"movab", asm_aau_mova, 2},
    {"movah", asm_aau_mova, 2},      {"movaw", asm_aau_mova, 2},
    {"movad", asm_aau_mova, 2},      {"movaq", asm_aau_mova, 2},
    {"movaqp", asm_aau_mova, 2},     {"fapb", asm_aau_fapb, 2},
    {"flushts", unsupported, 3},     {"mmurr", unsupported, 2},
    {"mmurw", unsupported, 2},
};

/* Aliases [B real_insn_name]: apurX -> aaurX; on v3+ ldlXsY/stlXsY ->
 * ldXsY/stXsY (segment loads and stores of the binary compiler). */
static void real_name(const struct asm_ctx *c, const char *in, char *out,
                      size_t cap)
{
    size_t n = strlen(in);
    snprintf(out, cap, "%s", in);
    if (!strncmp(in, "apur", 4) && (n == 5 || n == 6)) {
        out[1] = 'a';
        return;
    }
    if (c->isa < 3 || n < 5)
        return;
    if (strncmp(in, "ld", 2) && strncmp(in, "st", 2))
        return;
    if (in[2] != 'l' || !strchr("cdsfg", in[3]) || in[4] != 's')
        return;
    snprintf(out, cap, "%.2s%s", in, in + 3);
}

/* gas's slurp_fmt: `_f16s`, `_f16`, `_f32s`, `_f32`, `_f64` or
 * `_lit16_ref` ... followed by a blank (1), `(`/`[` (1, not consumed) or
 * `,` (2). */
static int slurp_fmt(const char *s, int *ref, int *row, int *len)
{
    if (s[0] != '_')
        return 0;
    int ret, r, i, is_ref = 0;
    if (s[1] == 'f') {
        i = 4;
        if (s[2] == '1' && s[3] == '6') {
            if (s[4] == 's')
                i = 5;
            r = LIT_16;
        } else if (s[2] == '3' && s[3] == '2') {
            if (s[4] == 's')
                i = 5;
            r = LIT_32;
        } else if (s[2] == '6' && s[3] == '4') {
            r = LIT_64;
        } else {
            return 0;
        }
    } else if (!strncmp(s + 1, "lit", 3) && s[4] && s[5] &&
               !strncmp(s + 6, "_ref", 4)) {
        i = 10;
        is_ref = 1;
        if (s[4] == '1' && s[5] == '6')
            r = LIT_16;
        else if (s[4] == '3' && s[5] == '2')
            r = LIT_32;
        else if (s[4] == '6' && s[5] == '4')
            r = LIT_64;
        else
            return 0;
    } else {
        return 0;
    }
    if (s[i] == ' ' || s[i] == '\t') {
        *len = i + 1;
        ret = 1;
    } else if (s[i] == '(' || s[i] == '[') {
        *len = i;
        ret = 1;
    } else if (s[i] == ',') {
        *len = i + 1;
        ret = 2;
    } else {
        return 0;
    }
    *ref = is_ref;
    *row = r;
    return ret;
}

/* gas's slurp_lts: `_lts0lo` ... `_lts3` with the same terminator rule. */
static int slurp_lts(const char *s, int *min, int *max, int *len)
{
    if (strncmp(s, "_lts", 4))
        return 0;
    int idx = s[4] - '0', i, lo, hi, ret;
    if (s[4] == '0' || s[4] == '1') {
        if (s[5] == 'l' && s[6] == 'o') {
            lo = hi = 2 * idx;
            i = 7;
        } else if (s[5] == 'h' && s[6] == 'i') {
            lo = hi = 2 * idx + 1;
            i = 7;
        } else {
            lo = 2 * idx;
            hi = 2 * idx + 1;
            i = 5;
        }
    } else if (s[4] == '2' || s[4] == '3') {
        lo = hi = 2 * idx;
        i = 5;
    } else {
        return 0;
    }
    if (s[i] == ' ' || s[i] == '\t') {
        *len = i + 1;
        ret = 1;
    } else if (s[i] == '(' || s[i] == '[') {
        *len = i;
        ret = 1;
    } else if (s[i] == ',') {
        *len = i + 1;
        ret = 2;
    } else {
        return 0;
    }
    *min = lo;
    *max = hi;
    return ret;
}

/* [B replace_nested_commas]: commas inside brackets become `+`; the first
 * literal format/placement specifier pair is taken out (blanked, so that
 * error columns stay right) and sets c->spec_*. 0 or -1 (reported). */
static int prepass(struct asm_ctx *c, char *s)
{
    char br[256];
    size_t level = 0;
    int done = 0;
    c->spec_min_col = 0;
    c->spec_max_col = 7;
    c->spec_min_row = LIT_16;
    c->spec_max_row = LIT_64;
    c->spec_ref = 0;
    for (size_t i = 0; s[i];) {
        char ch = s[i];
        if (ch == '(' || ch == '[') {
            if (level == sizeof br) {
                asm_err(c, s + i, "nesting level of brackets too deep");
                return -1;
            }
            br[level++] = ch == '(' ? ')' : ']';
            i++;
        } else if (ch == ')' || ch == ']') {
            if (level == 0 || br[--level] != ch) {
                asm_err(c, s + i, "unbalanced `%c'", ch);
                return -1;
            }
            i++;
        } else if (ch == ',') {
            if (level > 0)
                s[i] = '+';
            i++;
        } else if (!done && ch == '_' &&
                   (i == 0 || !asm_is_name_char((unsigned char)s[i - 1]))) {
            int ref = 0, row = 0, flen = 0, lmin = 0, lmax = 0, llen = 0;
            int f = slurp_fmt(s + i, &ref, &row, &flen), l = 0;
            if (f == 0 || f == 2)
                l = slurp_lts(s + i + flen, &lmin, &lmax, &llen);
            if (f == 0 && l == 2)
                f = slurp_fmt(s + i + llen, &ref, &row, &flen);
            if (!((f == 1 && l == 0) || (f == 0 && l == 1) ||
                  (f == 2 && l == 1) || (f == 1 && l == 2))) {
                i++;
                continue;
            }
            if (f == 1 && ref && l == 0) {
                asm_err(c, s + i,
                        "_ltsX not specified for a literal "
                        "reference");
                return -1;
            }
            if (f) {
                c->spec_min_row = c->spec_max_row = row;
                c->spec_ref = ref;
            }
            if (l) {
                c->spec_min_col = lmin;
                c->spec_max_col = lmax;
                if (lmin == lmax && lmin < 4 && c->spec_min_row != LIT_16 &&
                    f) {
                    asm_err(c, s + i,
                            "invalid combination of literal "
                            "format and location");
                    return -1;
                }
            }
            size_t n = (size_t)flen + (size_t)llen;
            memset(s + i, ' ', n);
            i += n;
            done = 1;
        } else {
            i++;
        }
    }
    if (level > 0) {
        asm_err(c, NULL, "unbalanced brackets in expression");
        return -1;
    }
    return 0;
}

#define OP_BUCKETS 4096u

struct op_node {
    const struct isa_op *op;
    struct op_node *next;
};

static unsigned name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % OP_BUCKETS;
}

/* isa_by_name() through a hash of the table built once per run (the table
 * has thousands of rows; a linear scan per instruction is noticeable).
 * Rows come out in table order, as isa_by_name() gives them. */
static unsigned rows_by_name(struct asm_ctx *c, const char *name,
                             const struct isa_op **out, unsigned max)
{
    struct op_node **b = c->op_hash;
    if (!b) {
        b = asm_alloc(c, OP_BUCKETS * sizeof *b);
        struct op_node *nodes = asm_alloc(c, isa_nops * sizeof *nodes);
        /* insert backwards so that each chain is in table order */
        for (unsigned i = isa_nops; i-- > 0;) {
            unsigned h = name_hash(isa_ops[i].name);
            nodes[i].op = &isa_ops[i];
            nodes[i].next = b[h];
            b[h] = &nodes[i];
        }
        c->op_hash = b;
    }
    unsigned n = 0;
    for (struct op_node *k = b[name_hash(name)]; k; k = k->next) {
        if (strcmp(k->op->name, name))
            continue;
        if (n < max)
            out[n] = k->op;
        n++;
    }
    return n;
}

void asm_insn(struct asm_ctx *c, const char *text)
{
    struct asm_wc *w = &c->wc;
    const char *p = asm_skip_ws(text);
    const char *mn = p;
    c->wc.insn_met = 1;
    if (!w->has_loc) {
        w->loc = asm_loc_at(c, mn);
        w->has_loc = 1;
    }
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
        p++;
    size_t n = (size_t)(p - mn);
    if (n == 0 || !(*p == 0 || *p == ',' || *p == ' ' || *p == '\t' ||
                    *p == '%' || *p == '[')) {
        asm_err(c, mn, "unknown opcode `%.*s'",
                (int)(asm_name_len(mn) ? asm_name_len(mn) : 1), mn);
        w->errors = 1;
        return;
    }
    char name[32], real[32];
    if (n >= sizeof name) {
        asm_err(c, mn, "unknown instruction `%.*s'", (int)n, mn);
        w->errors = 1;
        return;
    }
    memcpy(name, mn, n);
    name[n] = 0;
    real_name(c, name, real, sizeof real);

    asm_insn_fn fn = NULL;
    for (size_t i = 0; i < sizeof k_handlers / sizeof k_handlers[0]; i++)
        if (!strcmp(k_handlers[i].name, real) &&
            c->isa >= k_handlers[i].min_isa) {
            fn = k_handlers[i].fn;
            break;
        }
    const struct isa_op *all[16], *rows[16];
    unsigned n_rows = 0;
    if (!fn) {
        unsigned total = rows_by_name(c, real, all, 16);
        if (total > 16)
            total = 16;
        for (unsigned i = 0; i < total; i++)
            if (isa_op_in_version(all[i], (unsigned)c->isa))
                rows[n_rows++] = all[i];
        if (n_rows == 0) {
            if (total)
                asm_err(c, mn, "`%s' is not available on elbrus-v%d", real,
                        c->isa);
            else
                asm_err(c, mn, "unknown instruction `%s'", name);
            w->errors = 1;
            return;
        }
    }

    /* operands: a modifiable copy with the same offsets as the statement */
    size_t len = strlen(p);
    char *buf = malloc(len + 1);
    if (!buf) {
        asm_err(c, mn, "out of memory");
        w->errors = 1;
        return;
    }
    memcpy(buf, p, len + 1);
    const char *saved = c->line_start;
    /* map columns of buf onto the statement */
    struct asm_loc saved_loc = c->loc;
    c->loc = asm_loc_at(c, p);
    c->line_start = buf;
    int ok = prepass(c, buf) == 0;
    const char *q = buf;
    if (ok)
        ok = fn ? fn(c, real, &q) : asm_alop(c, real, &q, rows, n_rows);
    if (ok && !asm_at_end(q)) {
        asm_err(c, q, "unrecognized arguments `%s' in `%s'", asm_skip_ws(q),
                name);
        ok = 0;
    }
    if (!ok)
        w->errors = 1;
    c->line_start = saved;
    c->loc = saved_loc;
    free(buf);
}
