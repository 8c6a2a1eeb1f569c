/*
 * asm_macro.c — gas macros (.macro/.endm with positional, keyword and
 * default arguments, `\arg`, `\@`, `\()`), and the repetition blocks .rept,
 * .irp and .irpc.
 *
 * Bodies are collected statement by statement (a `.endm` after `;` ends a
 * macro, as in gas, whose line reader stops at separators) and kept as text
 * with their separators. Expansion produces text that the parser pushes as a
 * new input frame (asm_src.c). Rules follow gas macro.c: names are
 * case-insensitive; an argument ends at a comma, or at a blank between two
 * names outside brackets; a quoted argument loses its quotes.
 */
#include "tools/as/asm_macro.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_mem.h"

#define MAX_PARAMS 64
#define MAX_EXPANSION ((size_t)16 << 20)

struct asm_macro {
    char *name;
    int n_params;
    char *param[MAX_PARAMS];
    char *dflt[MAX_PARAMS];
    int required[MAX_PARAMS];
    int vararg; /* last parameter takes the rest */
    char *body;
    size_t len;
    struct asm_macro *next;
};

struct buf {
    char *p;
    size_t len, cap;
    int overflow;
};

static void bput(struct buf *b, const char *s, size_t n)
{
    if (b->overflow)
        return;
    if (b->len + n + 1 > MAX_EXPANSION) {
        b->overflow = 1;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->overflow = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static int is_id(int ch)
{
    return isalnum(ch) || ch == '_' || ch == '.' || ch == '$';
}

struct asm_macro *asm_macro_find(struct asm_ctx *c, const char *name,
                                 size_t len)
{
    for (struct asm_macro *m = c->macros; m; m = m->next)
        if (strlen(m->name) == len && !strncasecmp(m->name, name, len))
            return m;
    return NULL;
}

/* .macro NAME [,] [param[=default][:req|:vararg] [,] ...] */
int asm_macro_begin(struct asm_ctx *c, const char *args)
{
    const char *p = asm_skip_ws(args);
    size_t n = asm_name_len(p);
    if (!n) {
        asm_err(c, p, "macro name expected");
        return -1;
    }
    struct asm_macro *m = asm_alloc(c, sizeof *m);
    m->name = asm_strndup(c, p, n);
    p += n;
    asm_accept(&p, ",");
    while (!asm_at_end(p)) {
        p = asm_skip_ws(p);
        size_t k = 0;
        while (is_id((unsigned char)p[k]))
            k++;
        if (!k) {
            asm_err(c, p, "macro parameter name expected");
            return -1;
        }
        if (m->n_params == MAX_PARAMS) {
            asm_err(c, p, "too many macro parameters");
            return -1;
        }
        int i = m->n_params++;
        m->param[i] = asm_strndup(c, p, k);
        p += k;
        if (*p == ':') {
            if (!strncmp(p, ":req", 4)) {
                m->required[i] = 1;
                p += 4;
            } else if (!strncmp(p, ":vararg", 7)) {
                m->vararg = 1;
                p += 7;
            }
        }
        const char *q = asm_skip_ws(p);
        if (*q == '=') {
            q = asm_skip_ws(q + 1);
            const char *e = q;
            if (*e == '"') {
                const char *s = e + 1;
                while (*s && *s != '"')
                    s++;
                m->dflt[i] = asm_strndup(c, e + 1, (size_t)(s - e - 1));
                e = *s ? s + 1 : s;
            } else {
                while (*e && *e != ',' && *e != ' ' && *e != '\t')
                    e++;
                m->dflt[i] = asm_strndup(c, q, (size_t)(e - q));
            }
            p = e;
        }
        asm_accept(&p, ",");
    }
    if (asm_macro_find(c, m->name, strlen(m->name))) {
        asm_err(c, args, "macro `%s' was already defined", m->name);
        return -1;
    }
    c->collect.kind = 1;
    c->collect.depth = 1;
    c->collect.macro = m;
    c->collect.len = 0;
    c->collect.loc = c->loc;
    return 0;
}

void asm_rept_begin(struct asm_ctx *c, int kind, long count, const char *sym,
                    const char *list)
{
    c->collect.kind = kind;
    c->collect.depth = 1;
    c->collect.count = count;
    c->collect.irp_sym = sym ? asm_strdup(c, sym) : NULL;
    c->collect.irp_list = list ? asm_strdup(c, list) : NULL;
    c->collect.len = 0;
    c->collect.loc = c->loc;
}

/* The directive word of a statement (after labels), or NULL. */
static const char *directive(const char *s, size_t len, size_t *n)
{
    const char *p = s, *end = s + len;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        size_t k = 0;
        while (p + k < end && asm_is_name_char((unsigned char)p[k]))
            k++;
        const char *q = p + k;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (k && q < end && *q == ':' && *p != '.') {
            p = q + 1; /* skip a label */
            continue;
        }
        if (k && *p == '.') {
            *n = k;
            return p;
        }
        return NULL;
    }
}

static int word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && !strncasecmp(w, s, n);
}

int asm_collect(struct asm_ctx *c, const char *s, size_t len, char term)
{
    size_t n;
    const char *d = directive(s, len, &n);
    int is_macro = c->collect.kind == 1;
    if (d) {
        if (is_macro ? word_is(d, n, ".macro")
                     : (word_is(d, n, ".rept") || word_is(d, n, ".irp") ||
                        word_is(d, n, ".irpc") || word_is(d, n, ".rep")))
            c->collect.depth++;
        else if (is_macro
                     ? (word_is(d, n, ".endm") || word_is(d, n, ".endmacro"))
                     : word_is(d, n, ".endr"))
            c->collect.depth--;
    }
    if (c->collect.depth == 0)
        return 1;
    struct buf b = {c->collect.buf, c->collect.len, c->collect.cap, 0};
    bput(&b, s, len);
    char t = term;
    bput(&b, &t, 1);
    c->collect.buf = b.p;
    c->collect.len = b.len;
    c->collect.cap = b.cap;
    if (b.overflow) {
        asm_err(c, NULL, "macro body too large");
        c->fatal = 1;
    }
    return 0;
}

/* Substitute `\name` (from names/values), `\@` and `\()` in text. */
static void substitute(struct buf *out, const char *text, size_t len,
                       char *const *names, char *const *values, int n,
                       unsigned count)
{
    for (size_t i = 0; i < len;) {
        if (text[i] != '\\' || i + 1 >= len) {
            bput(out, text + i, 1);
            i++;
            continue;
        }
        const char *p = text + i + 1;
        if (*p == '@') {
            char num[16];
            int k = snprintf(num, sizeof num, "%u", count);
            bput(out, num, (size_t)k);
            i += 2;
            continue;
        }
        if (p[0] == '(' && p[1] == ')') {
            i += 3;
            continue;
        }
        size_t k = 0;
        while (i + 1 + k < len && (isalnum((unsigned char)p[k]) || p[k] == '_'))
            k++;
        int j;
        for (j = 0; j < n; j++)
            if (strlen(names[j]) == k && !strncmp(names[j], p, k))
                break;
        if (k && j < n) {
            bput(out, values[j], strlen(values[j]));
            i += 1 + k;
        } else {
            bput(out, text + i, 1);
            i++;
        }
    }
}

/* Split the invocation arguments the way gas's get_any_string does. */
static int split_args(struct asm_ctx *c, const struct asm_macro *m,
                      const char *args, char **values)
{
    int given[MAX_PARAMS] = {0};
    const char *p = asm_skip_ws(args);
    int pos = 0;
    while (*p) {
        /* keyword argument `name=value` */
        size_t k = 0;
        while (is_id((unsigned char)p[k]))
            k++;
        const char *q = asm_skip_ws(p + k);
        int target = -1;
        if (k && *q == '=' && q[1] != '=') {
            for (int j = 0; j < m->n_params; j++)
                if (strlen(m->param[j]) == k && !strncmp(m->param[j], p, k))
                    target = j;
            if (target < 0) {
                asm_err(c, p, "macro `%s' has no parameter `%.*s'", m->name,
                        (int)k, p);
                return -1;
            }
            p = asm_skip_ws(q + 1);
        } else {
            target = pos++;
        }
        struct buf b = {0};
        bput(&b, "", 0);
        if (target >= m->n_params) {
            asm_err(c, p, "too many arguments for macro `%s'", m->name);
            free(b.p);
            return -1;
        }
        int rest = m->vararg && target == m->n_params - 1;
        if (*p == '"' && !rest) {
            const char *s = p + 1;
            while (*s && *s != '"') {
                if (*s == '\\' && s[1])
                    s++;
                s++;
            }
            bput(&b, p + 1, (size_t)(s - p - 1));
            p = *s ? s + 1 : s;
        } else {
            int br = 0;
            while (*p) {
                char ch = *p;
                if (ch == ',' && !rest)
                    break;
                if ((ch == ' ' || ch == '\t') && !br && !rest) {
                    /* a blank separates arguments only between names */
                    const char *nx = asm_skip_ws(p);
                    int prev = b.len ? (unsigned char)b.p[b.len - 1] : 0;
                    if (!*nx || *nx == ',' ||
                        (asm_is_name_char(prev) &&
                         (asm_is_name_char((unsigned char)*nx) || *nx == '%' ||
                          *nx == '"')))
                        break;
                    p = nx;
                    continue;
                }
                if (ch == '"' || ch == '\'') {
                    const char *s = p + 1;
                    while (*s && *s != ch)
                        s++;
                    if (*s)
                        s++;
                    bput(&b, p, (size_t)(s - p));
                    p = s;
                    continue;
                }
                if (ch == '(' || ch == '[')
                    br++;
                else if ((ch == ')' || ch == ']') && br)
                    br--;
                bput(&b, p, 1);
                p++;
            }
        }
        if (b.overflow) {
            free(b.p);
            asm_err(c, NULL, "macro argument too long");
            return -1;
        }
        if (given[target]) {
            asm_err(c, NULL,
                    "value for parameter `%s' of macro `%s' given "
                    "twice",
                    m->param[target], m->name);
            free(values[target]);
        }
        values[target] = b.p;
        given[target] = 1;
        p = asm_skip_ws(p);
        if (*p == ',')
            p = asm_skip_ws(p + 1);
    }
    for (int j = 0; j < m->n_params; j++) {
        if (given[j])
            continue;
        if (m->required[j]) {
            asm_err(c, NULL,
                    "missing value for required parameter `%s' of "
                    "macro `%s'",
                    m->param[j], m->name);
            return -1;
        }
        values[j] = strdup(m->dflt[j] ? m->dflt[j] : "");
        if (!values[j])
            return -1;
    }
    return 0;
}

char *asm_macro_expand(struct asm_ctx *c, const struct asm_macro *m,
                       const char *args, size_t *len)
{
    char *values[MAX_PARAMS] = {0};
    char *out = NULL;
    if (split_args(c, m, args, values) == 0) {
        struct buf b = {0};
        bput(&b, "", 0);
        substitute(&b, m->body ? m->body : "", m->len, m->param, values,
                   m->n_params, c->macro_count++);
        if (b.overflow) {
            asm_err(c, NULL, "macro expansion too large");
            free(b.p);
        } else {
            out = b.p;
            *len = b.len;
        }
    }
    for (int j = 0; j < MAX_PARAMS; j++)
        free(values[j]);
    return out;
}

/* Finish a collected block: define the macro, or return the text of a
 * .rept/.irp/.irpc expansion (malloc'ed) for the caller to push. */
char *asm_collect_end(struct asm_ctx *c, size_t *len)
{
    int kind = c->collect.kind;
    char *body = c->collect.buf;
    size_t blen = c->collect.len;
    c->collect.kind = 0;
    c->collect.buf = NULL;
    c->collect.len = c->collect.cap = 0;
    if (kind == 1) {
        struct asm_macro *m = c->collect.macro;
        m->body = asm_strndup(c, body ? body : "", blen);
        m->len = blen;
        m->next = c->macros;
        c->macros = m;
        free(body);
        return NULL;
    }
    struct buf b = {0};
    bput(&b, "", 0);
    if (kind == 2) {
        for (long i = 0; i < c->collect.count && !b.overflow; i++)
            bput(&b, body ? body : "", blen);
    } else {
        char *names[1] = {c->collect.irp_sym};
        const char *p = c->collect.irp_list ? c->collect.irp_list : "";
        if (kind == 3) {
            /* .irp sym, a, b, c */
            p = asm_skip_ws(p);
            do {
                const char *e = p;
                while (*e && *e != ',')
                    e++;
                const char *t = e;
                while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
                    t--;
                char *v = strndup(p, (size_t)(t - p));
                char *vals[1] = {v ? v : (char *)""};
                substitute(&b, body ? body : "", blen, names, vals, 1,
                           c->macro_count++);
                free(v);
                p = *e ? asm_skip_ws(e + 1) : e;
            } while (*p && !b.overflow);
        } else {
            /* .irpc sym, chars */
            p = asm_skip_ws(p);
            for (; *p && *p != ' ' && *p != '\t' && !b.overflow; p++) {
                char v[2] = {*p, 0};
                char *vals[1] = {v};
                substitute(&b, body ? body : "", blen, names, vals, 1,
                           c->macro_count++);
            }
        }
    }
    free(body);
    if (b.overflow) {
        asm_err_loc(c, &c->collect.loc,
                    "repetition expands to too much "
                    "text");
        free(b.p);
        c->fatal = 1;
        return NULL;
    }
    *len = b.len;
    return b.p;
}

void asm_macro_free(struct asm_ctx *c)
{
    free(c->collect.buf);
    c->collect.buf = NULL;
}
