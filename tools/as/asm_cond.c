/*
 * asm_cond.c — conditional assembly (asm_cond.h). Levels are a stack in the
 * context; a level inside a skipped branch is inactive whatever its
 * condition, and only the conditional directives are looked at there
 * (asm_dir_cond_only).
 */
#include "tools/as/asm_cond.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_sym.h"

static int expect_end(struct asm_ctx *c, const char *p)
{
    if (!asm_at_end(p)) {
        asm_err(c, p, "junk at end of line: `%s'", asm_skip_ws(p));
        return 0;
    }
    return 1;
}

int asm_cond_active(const struct asm_ctx *c)
{
    return c->n_conds == 0 || c->conds[c->n_conds - 1].active;
}

void asm_cond_push(struct asm_ctx *c, int value)
{
    if (c->n_conds == 64) {
        asm_err(c, NULL, ".if nested too deeply");
        c->fatal = 1;
        return;
    }
    int parent = asm_cond_active(c);
    struct asm_cond *k = &c->conds[c->n_conds++];
    k->parent = parent;
    k->active = parent && value;
    k->done = k->active;
    k->in_else = 0;
}

/* 1/0 for a string argument of .ifc (quoted or up to a comma). */
static size_t ifc_arg(const char **pp, char *out, size_t cap)
{
    const char *p = asm_skip_ws(*pp);
    size_t n = 0;
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        while (*p && *p != q) {
            if (n + 1 < cap)
                out[n++] = *p;
            p++;
        }
        if (*p)
            p++;
    } else {
        while (*p && *p != ',') {
            if (n + 1 < cap)
                out[n++] = *p;
            p++;
        }
        while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
            n--;
    }
    out[n] = 0;
    *pp = p;
    return n;
}

void asm_cond_if(struct asm_ctx *c, const char *args, int kind)
{
    if (!asm_cond_active(c)) {
        asm_cond_push(c, 0);
        return;
    }
    const char *p = args;
    int v = 0;
    switch (kind) {
    case IF_DEF:
    case IF_NDEF: {
        p = asm_skip_ws(p);
        size_t n = asm_name_len(p);
        struct asm_sym *s = n ? asm_sym_find(c, p, n) : NULL;
        int def = s && s->state != SYM_UNDEF;
        v = kind == IF_DEF ? def : !def;
        p += n;
        break;
    }
    case IF_C:
    case IF_NC: {
        char a[256], b[256];
        ifc_arg(&p, a, sizeof a);
        if (!asm_accept(&p, ",")) {
            asm_err(c, p, "`,' expected");
            break;
        }
        ifc_arg(&p, b, sizeof b);
        v = !strcmp(a, b) == (kind == IF_C);
        break;
    }
    case IF_B:
    case IF_NB:
        v = asm_at_end(p) == (kind == IF_B);
        p += strlen(p);
        break;
    default: {
        int64_t x = 0;
        if (asm_expr_const(c, &p, &x))
            break;
        switch (kind) {
        case IF_EXPR:
        case IF_NE: v = x != 0; break;
        case IF_EQ: v = x == 0; break;
        case IF_GT: v = x > 0; break;
        case IF_GE: v = x >= 0; break;
        case IF_LT: v = x < 0; break;
        case IF_LE: v = x <= 0; break;
        }
    }
    }
    expect_end(c, p);
    asm_cond_push(c, v);
}

void asm_cond_else(struct asm_ctx *c, const char *args, int elseif)
{
    if (!c->n_conds) {
        asm_err(c, NULL, "%s without .if", elseif ? ".elseif" : ".else");
        return;
    }
    struct asm_cond *k = &c->conds[c->n_conds - 1];
    if (k->in_else) {
        asm_err(c, NULL, "%s after .else", elseif ? ".elseif" : ".else");
        return;
    }
    if (!elseif) {
        k->in_else = 1;
        k->active = k->parent && !k->done;
        k->done = 1;
        expect_end(c, args);
        return;
    }
    if (!k->parent || k->done) {
        k->active = 0;
        return;
    }
    const char *p = args;
    int64_t x = 0;
    if (asm_expr_const(c, &p, &x))
        return;
    expect_end(c, p);
    k->active = x != 0;
    k->done = k->active;
}

void asm_cond_endif(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    if (!c->n_conds) {
        asm_err(c, NULL, ".endif without .if");
        return;
    }
    c->n_conds--;
    expect_end(c, args);
}
