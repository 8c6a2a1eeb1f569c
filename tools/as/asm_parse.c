/*
 * asm_parse.c — the statement loop: reads lines from the input frames,
 * splits them into statements, and for each one runs the bundle hook,
 * defines labels, handles `sym = expr`, directives, macro calls and
 * instructions.
 *
 * When a statement produces new input (a macro call, .rept/.irp, .include),
 * the rest of its line is pushed first and the new text on top, so that the
 * expansion is assembled before the remainder of the line — as gas does by
 * saving its input pointer. Inactive .if branches and macro bodies being
 * collected bypass assembly.
 */
#include "tools/as/asm_parse.h"

#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_cond.h"
#include "tools/as/asm_dir.h"
#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_insn.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_macro.h"
#include "tools/as/asm_src.h"
#include "tools/as/asm_sym.h"
#include "tools/as/asm_wc.h"

/* Labels at the start of a statement: `name:` and `N:`. Returns the text
 * after them. */
static const char *labels(struct asm_ctx *c, const char *p)
{
    for (;;) {
        p = asm_skip_ws(p);
        size_t n = 0;
        int numeric = 0;
        if (*p >= '0' && *p <= '9') {
            while (p[n] >= '0' && p[n] <= '9')
                n++;
            numeric = 1;
        } else {
            n = asm_name_len(p);
        }
        if (!n)
            return p;
        const char *q = asm_skip_ws(p + n);
        if (*q != ':')
            return p;
        struct asm_loc l = asm_loc_at(c, p);
        if (numeric) {
            unsigned long v = strtoul(p, NULL, 10);
            struct asm_sym *s =
                asm_local_label_define(c, v > 1000 ? 1000 : (unsigned)v, &l);
            if (s)
                asm_sym_label(c, s, &l);
        } else {
            asm_sym_label(c, asm_sym_get(c, p, n, &l), &l);
        }
        p = q + 1;
    }
}

/* `name = expr` / `name == expr`: 1 if the statement was one. */
static int assignment(struct asm_ctx *c, const char *p)
{
    size_t n = asm_name_len(p);
    if (!n)
        return 0;
    const char *q = asm_skip_ws(p + n);
    if (*q != '=')
        return 0;
    int strict = q[1] == '=';
    q += strict ? 2 : 1;
    struct asm_loc l = asm_loc_at(c, p);
    struct asm_expr *e = asm_expr_parse(c, &q, 0);
    if (!e)
        return 1;
    if (!asm_at_end(q)) {
        asm_err(c, q, "junk at end of line: `%s'", asm_skip_ws(q));
        return 1;
    }
    asm_sym_assign(c, asm_sym_get(c, p, n, &l), e, strict, &l);
    return 1;
}

static void statement(struct asm_ctx *c, const char *text)
{
    const char *p = asm_skip_ws(text);
    if (!asm_cond_active(c)) {
        if (*p == '.')
            asm_dir_cond_only(c, p);
        return;
    }
    p = labels(c, p);
    if (!*p)
        return;
    if (assignment(c, p))
        return;
    size_t n = asm_name_len(p);
    if (*p == '.' && n) {
        int r = asm_directive(c, p, n, p + n);
        if (r)
            return;
    }
    if (n) {
        const struct asm_macro *m = asm_macro_find(c, p, n);
        if (m) {
            size_t len = 0;
            char *t = asm_macro_expand(c, m, p + n, &len);
            if (t) {
                c->pend_text = t;
                c->pend_len = len;
            }
            return;
        }
    }
    if (*p == '.') {
        asm_err(c, p, "unknown pseudo-op `%.*s'", (int)(n ? n : 1), p);
        return;
    }
    asm_insn(c, p);
}

struct line_ctx {
    struct asm_ctx *c;
    const char *line;
    size_t len;
    struct asm_loc loc;
};

/* Push the rest of the line after statement st, then pending input. */
static void push_pending(struct line_ctx *lc, const struct asm_stmt *st)
{
    struct asm_ctx *c = lc->c;
    if (st->term != '\n') {
        size_t off = (size_t)(st->text - lc->line) + st->len + 1;
        if (off <= lc->len) {
            size_t rn = lc->len - off;
            char *r = malloc(rn + 2);
            if (r) {
                memcpy(r, lc->line + off, rn);
                r[rn] = '\n';
                r[rn + 1] = 0;
                asm_src_push_macro(c, r, rn + 1, &lc->loc, st->term);
            }
        }
    }
    if (c->pend_text) {
        char *t = c->pend_text;
        c->pend_text = NULL;
        asm_src_push_macro(c, t, c->pend_len, &lc->loc, '\n');
    }
    if (c->pend_include) {
        char *name = c->pend_include;
        c->pend_include = NULL;
        asm_src_include(c, name);
        free(name);
    }
}

static int on_stmt(void *arg, const struct asm_stmt *st)
{
    struct line_ctx *lc = arg;
    struct asm_ctx *c = lc->c;
    if (c->fatal || c->end_file)
        return 1;
    char prev = c->prev_term;
    c->prev_term = st->term;
    c->loc = lc->loc;
    c->fixed_col = asm_src_in_macro(c);
    if (!c->fixed_col)
        c->loc.col = st->col;
    /* the statement text, NUL-terminated, for the parsers */
    char small[512];
    char *text = st->len < sizeof small ? small : malloc(st->len + 1);
    if (!text) {
        asm_err(c, NULL, "out of memory");
        c->fatal = 1;
        return 1;
    }
    memcpy(text, st->text, st->len);
    text[st->len] = 0;
    c->line_start = text;

    if (c->collect.kind) {
        if (asm_collect(c, text, st->len, st->term)) {
            size_t len = 0;
            char *t = asm_collect_end(c, &len);
            if (t && len) {
                c->pend_text = t;
                c->pend_len = len;
            } else {
                free(t);
            }
        }
    } else {
        asm_wc_hook(c, prev);
        statement(c, text);
    }
    c->line_start = NULL;
    if (text != small)
        free(text);
    if (c->pend_text || c->pend_include) {
        push_pending(lc, st);
        return 1;
    }
    return c->fatal || c->end_file;
}

void asm_parse_input(struct asm_ctx *c)
{
    const char *line;
    size_t len;
    struct asm_loc loc;
    char ft;
    int depth0 = c->n_conds;
    c->prev_term = '\n';
    while (!c->fatal && asm_src_next(c, &line, &len, &loc, &ft)) {
        if (ft)
            c->prev_term = ft;
        struct line_ctx lc = {c, line, len, loc};
        asm_split_line(line, len, on_stmt, &lc);
        if (c->end_file) {
            c->end_file = 0;
            asm_src_free(c);
        }
    }
    c->loc.col = 0;
    if (c->collect.kind) {
        asm_err_loc(c, &c->collect.loc, "missing %s",
                    c->collect.kind == 1 ? ".endm" : ".endr");
        size_t l;
        free(asm_collect_end(c, &l));
    }
    if (c->n_conds > depth0) {
        asm_err_loc(c, &c->loc, "missing .endif");
        c->n_conds = depth0;
    }
    if (c->brace) {
        asm_err_loc(c, &c->wc.loc, "missing `}'");
        c->brace = 0;
    }
    asm_wc_hook(c, 0);
}
