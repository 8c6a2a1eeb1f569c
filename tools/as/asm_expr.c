/*
 * asm_expr.c — expression parsing and evaluation (asm_expr.h).
 *
 * Expressions are kept as small trees in the arena because a value may only
 * be known after layout (labels, forward references). Absolute symbols are
 * replaced by their current value while parsing, as gas does, so that a later
 * `.set` of the same name does not change an earlier use.
 */
#include "tools/as/asm_expr.h"

#include <limits.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_mem.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_sym.h"

#define MAX_DEPTH 256

struct asm_expr *asm_expr_num(struct asm_ctx *c, uint64_t v)
{
    struct asm_expr *e = asm_alloc(c, sizeof *e);
    e->op = EX_NUM;
    e->num = v;
    return e;
}

struct asm_expr *asm_expr_bin(struct asm_ctx *c, int op, struct asm_expr *a,
                              struct asm_expr *b)
{
    struct asm_expr *e = asm_alloc(c, sizeof *e);
    e->op = (uint8_t)op;
    e->a = a;
    e->b = b;
    return e;
}

static int digit_val(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 10;
    return 99;
}

/* Number or numeric local label reference at p (a digit). */
static struct asm_expr *parse_number(struct asm_ctx *c, const char **pp)
{
    const char *p = *pp, *start = p;
    /* local label reference: digits followed by b/f and no name char */
    {
        const char *q = p;
        unsigned long n = 0;
        while (*q >= '0' && *q <= '9' && n < 1000000)
            n = n * 10 + (unsigned long)(*q++ - '0');
        if ((*q == 'b' || *q == 'f') &&
            !asm_is_name_char((unsigned char)q[1]) &&
            !(q - p == 1 && p[0] == '0' && *q == 'b' &&
              (q[1] == '0' || q[1] == '1'))) {
            struct asm_loc l = asm_loc_at(c, start);
            struct asm_sym *s =
                asm_local_label_ref(c, (unsigned)n, *q == 'f', &l);
            if (!s)
                return NULL;
            struct asm_expr *e = asm_alloc(c, sizeof *e);
            e->op = EX_SYM;
            e->sym = s;
            *pp = q + 1;
            return e;
        }
    }
    unsigned base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_val((unsigned char)p[2]) < 16) {
        base = 16;
        p += 2;
    } else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B') &&
               (p[2] == '0' || p[2] == '1')) {
        base = 2;
        p += 2;
    } else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
        base = 8;
        p++;
    }
    uint64_t v = 0;
    int overflow = 0;
    for (;;) {
        int d = digit_val((unsigned char)*p);
        if (d >= (int)base)
            break;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            overflow = 1;
        v = v * base + (uint64_t)d;
        p++;
    }
    if (base == 10 && (*p == '.' || *p == 'e' || *p == 'E') &&
        (p[1] >= '0' && p[1] <= '9')) {
        asm_err(c, start, "floating-point constants are not supported");
        return NULL;
    }
    while (*p == 'u' || *p == 'U' || *p == 'l' || *p == 'L')
        p++;
    if (asm_is_name_char((unsigned char)*p)) {
        asm_err(c, start, "invalid number `%.*s'", (int)(p - start + 1), start);
        return NULL;
    }
    if (overflow) {
        asm_err(c, start, "number `%.*s' does not fit in 64 bits",
                (int)(p - start), start);
        return NULL;
    }
    *pp = p;
    return asm_expr_num(c, v);
}

static int relop_of(const char *s, size_t n)
{
    static const struct {
        const char *name;
        int op;
    } k_ops[] = {
        {"ABS", RELOP_ABS},        {"PLT", RELOP_PLT},
        {"GOT", RELOP_GOT},        {"GOTOFF", RELOP_GOTOFF},
        {"GOTPLT", RELOP_GOTPLT},  {"PCREL", RELOP_PCREL},
        {"TLS_LE", RELOP_TLS},     {"TLS_IE", RELOP_TLS},
        {"TLS_GDMOD", RELOP_TLS},  {"TLS_GDREL", RELOP_TLS},
        {"TLS_DTPREL", RELOP_TLS}, {"SIZE", RELOP_SIZE},
        {"ISLOCAL", RELOP_OTHER},  {"ISLOCAL32", RELOP_OTHER},
        {"DYNOPT", RELOP_OTHER},
    };
    for (size_t i = 0; i < sizeof k_ops / sizeof k_ops[0]; i++)
        if (strlen(k_ops[i].name) == n && !strncasecmp(k_ops[i].name, s, n))
            return k_ops[i].op;
    return -1;
}

static struct asm_expr *parse_sub(struct asm_ctx *c, const char **pp, int rank,
                                  int allow_reg, int depth);

static struct asm_expr *parse_primary(struct asm_ctx *c, const char **pp,
                                      int allow_reg, int depth)
{
    const char *p = asm_skip_ws(*pp);
    struct asm_expr *e;
    if (depth > MAX_DEPTH) {
        asm_err(c, p, "expression nested too deeply");
        return NULL;
    }
    int ch = (unsigned char)*p;
    if (ch == '(' || ch == '[') {
        int close = ch == '(' ? ')' : ']';
        p++;
        e = parse_sub(c, &p, 0, allow_reg, depth + 1);
        if (!e)
            return NULL;
        p = asm_skip_ws(p);
        if (*p != close) {
            asm_err(c, p, "`%c' expected", close);
            return NULL;
        }
        p++;
        e->paren = 1;
        *pp = p;
        return e;
    }
    if (ch == '-' || ch == '~' || ch == '+') {
        p++;
        e = parse_primary(c, &p, allow_reg, depth + 1);
        if (!e)
            return NULL;
        *pp = p;
        if (ch == '+')
            return e;
        struct asm_expr *u = asm_alloc(c, sizeof *u);
        u->op = ch == '-' ? EX_NEG : EX_NOT;
        u->a = e;
        return u;
    }
    if (ch >= '0' && ch <= '9') {
        e = parse_number(c, &p);
        if (e)
            *pp = p;
        return e;
    }
    if (ch == '\'') {
        p++;
        uint64_t v;
        if (*p == '\\' && p[1]) {
            p++;
            switch (*p) {
            case 'n': v = '\n'; break;
            case 't': v = '\t'; break;
            case 'r': v = '\r'; break;
            case 'b': v = '\b'; break;
            case 'f': v = '\f'; break;
            case '0': v = 0; break;
            default: v = (unsigned char)*p; break;
            }
            p++;
        } else if (*p) {
            v = (unsigned char)*p++;
        } else {
            asm_err(c, p, "character constant expected");
            return NULL;
        }
        if (*p == '\'')
            p++;
        *pp = p;
        return asm_expr_num(c, v);
    }
    if (ch == '%') {
        int byte;
        const char *q = p;
        int r = asm_parse_reg(c, &q, &byte);
        if (r < 0)
            return NULL;
        if (r == 0) {
            asm_err(c, p, "unknown register `%.*s'",
                    (int)(asm_name_len(p + 1) + 1), p);
            return NULL;
        }
        if (!allow_reg) {
            asm_err(c, p, "register not allowed here");
            return NULL;
        }
        e = asm_alloc(c, sizeof *e);
        e->op = EX_REG;
        e->num = (uint64_t)byte;
        *pp = q;
        return e;
    }
    if (ch == '.' && !asm_is_name_char((unsigned char)p[1])) {
        e = asm_alloc(c, sizeof *e);
        e->op = EX_DOT;
        e->sect = c->cur;
        e->num = c->cur ? c->cur->size : 0;
        *pp = p + 1;
        return e;
    }
    size_t n = asm_name_len(p);
    if (n > 0 && ch != '#') {
        struct asm_loc l = asm_loc_at(c, p);
        struct asm_sym *s = asm_sym_get(c, p, n, &l);
        const char *q = p + n;
        int relop = RELOP_NONE;
        if (*q == '@') {
            size_t m = asm_name_len(q + 1);
            relop = m ? relop_of(q + 1, m) : -1;
            if (relop < 0) {
                asm_err(c, q, "unknown relocation `%.*s'", (int)m + 1, q);
                return NULL;
            }
            q += 1 + m;
        }
        *pp = q;
        if (s->state == SYM_ABS && relop == RELOP_NONE)
            return asm_expr_num(c, s->value);
        e = asm_alloc(c, sizeof *e);
        e->op = EX_SYM;
        e->sym = s;
        e->relop = (uint8_t)relop;
        return e;
    }
    if (ch == 0 || ch == ',')
        asm_err(c, p, "expression expected");
    else
        asm_err(c, p, "expression expected at `%c'", ch);
    return NULL;
}

/* Binary operator at p: its op, rank and length; 0 if none. */
static int peek_op(const char *p, int *rank, int *len)
{
    p = asm_skip_ws(p);
    *len = 1;
    switch (p[0]) {
    case '*': *rank = 8; return EX_MUL;
    case '/': *rank = 8; return EX_DIV;
    case '%':
        /* `%` followed by a letter is a register, not modulus */
        if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))
            return 0;
        *rank = 8;
        return EX_MOD;
    case '<':
        if (p[1] == '<') {
            *len = 2;
            *rank = 8;
            return EX_SHL;
        }
        if (p[1] == '=') {
            *len = 2;
            *rank = 4;
            return EX_LE;
        }
        if (p[1] == '>') {
            *len = 2;
            *rank = 4;
            return EX_NE;
        }
        *rank = 4;
        return EX_LT;
    case '>':
        if (p[1] == '>') {
            *len = 2;
            *rank = 8;
            return EX_SHR;
        }
        if (p[1] == '=') {
            *len = 2;
            *rank = 4;
            return EX_GE;
        }
        *rank = 4;
        return EX_GT;
    case '|':
        if (p[1] == '|') {
            *len = 2;
            *rank = 2;
            return EX_LOR;
        }
        *rank = 7;
        return EX_OR;
    case '&':
        if (p[1] == '&') {
            *len = 2;
            *rank = 3;
            return EX_LAND;
        }
        *rank = 7;
        return EX_AND;
    case '^': *rank = 7; return EX_XOR;
    case '+': *rank = 5; return EX_ADD;
    case '-': *rank = 5; return EX_SUB;
    case '=':
        if (p[1] == '=') {
            *len = 2;
            *rank = 4;
            return EX_EQ;
        }
        return 0;
    default: return 0;
    }
}

static struct asm_expr *parse_sub(struct asm_ctx *c, const char **pp, int rank,
                                  int allow_reg, int depth)
{
    const char *p = *pp;
    struct asm_expr *left = parse_primary(c, &p, allow_reg, depth);
    if (!left)
        return NULL;
    for (;;) {
        int r, len;
        int op = peek_op(p, &r, &len);
        if (!op || r <= rank)
            break;
        p = asm_skip_ws(p) + len;
        struct asm_expr *right = parse_sub(c, &p, r, allow_reg, depth + 1);
        if (!right)
            return NULL;
        left = asm_expr_bin(c, op, left, right);
    }
    *pp = p;
    return left;
}

struct asm_expr *asm_expr_parse(struct asm_ctx *c, const char **pp,
                                int allow_reg)
{
    return parse_sub(c, pp, 0, allow_reg, 0);
}

int asm_expr_has_reg(const struct asm_expr *e)
{
    if (!e)
        return 0;
    if (e->op == EX_REG)
        return 1;
    return asm_expr_has_reg(e->a) || asm_expr_has_reg(e->b);
}

int asm_expr_refers(const struct asm_expr *e, const struct asm_sym *sym)
{
    if (!e)
        return 0;
    if (e->op == EX_SYM && e->sym == sym)
        return 1;
    return asm_expr_refers(e->a, sym) || asm_expr_refers(e->b, sym);
}

static void set_abs(struct asm_val *v, uint64_t n)
{
    v->kind = VAL_ABS;
    v->num = n;
    v->sect = NULL;
}

static void eval(struct asm_ctx *c, const struct asm_expr *e, int final,
                 struct asm_val *v, int depth);

static void eval_sym(struct asm_ctx *c, struct asm_sym *s, int final,
                     struct asm_val *v, int depth)
{
    while (s->state == SYM_UNDEF && s->link_target)
        s = s->link_target;
    switch (s->state) {
    case SYM_ABS: set_abs(v, s->value); return;
    case SYM_LABEL:
        if (final) {
            set_abs(v, s->sect->addr + s->value);
        } else {
            v->kind = VAL_REL;
            v->sect = s->sect;
            v->num = s->value;
        }
        return;
    case SYM_EQU:
        if (s->in_eval || depth > MAX_DEPTH) {
            asm_err_loc(c, &s->loc, "symbol `%s' defined in terms of itself",
                        s->name);
            v->kind = VAL_BAD;
            return;
        }
        s->in_eval = 1;
        eval(c, s->equ, final, v, depth + 1);
        s->in_eval = 0;
        return;
    default:
        if (final) {
            set_abs(v, 0);
            v->kind = VAL_UNKNOWN;
        } else {
            v->kind = VAL_UNKNOWN;
        }
        v->undef = s;
        return;
    }
}

static int64_t sdiv(int64_t a, int64_t b, int mod)
{
    if (b == -1)
        return mod ? 0 : (int64_t)(0 - (uint64_t)a);
    return mod ? a % b : a / b;
}

static void eval(struct asm_ctx *c, const struct asm_expr *e, int final,
                 struct asm_val *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > MAX_DEPTH) {
        v->kind = VAL_BAD;
        return;
    }
    switch (e->op) {
    case EX_NUM: set_abs(v, e->num); return;
    case EX_REG: v->kind = VAL_BAD; return;
    case EX_DOT:
        if (final) {
            set_abs(v, (e->sect ? e->sect->addr : 0) + e->num);
        } else {
            v->kind = VAL_REL;
            v->sect = e->sect;
            v->num = e->num;
        }
        return;
    case EX_SYM: eval_sym(c, e->sym, final, v, depth); return;
    default: break;
    }
    struct asm_val a, b;
    eval(c, e->a, final, &a, depth + 1);
    if (e->op == EX_NEG || e->op == EX_NOT || e->op == EX_LNOT) {
        if (a.kind != VAL_ABS) {
            *v = a;
            if (a.kind == VAL_REL)
                v->kind = VAL_UNKNOWN;
            return;
        }
        uint64_t x = a.num;
        set_abs(v, e->op == EX_NEG ? 0 - x : e->op == EX_NOT ? ~x : !x);
        return;
    }
    eval(c, e->b, final, &b, depth + 1);
    if (a.kind == VAL_BAD || b.kind == VAL_BAD) {
        v->kind = VAL_BAD;
        return;
    }
    if (e->op == EX_ADD) {
        if (a.kind == VAL_ABS && b.kind == VAL_ABS) {
            set_abs(v, a.num + b.num);
            return;
        }
        if (a.kind == VAL_REL && b.kind == VAL_ABS) {
            *v = a;
            v->num += b.num;
            return;
        }
        if (a.kind == VAL_ABS && b.kind == VAL_REL) {
            *v = b;
            v->num += a.num;
            return;
        }
    } else if (e->op == EX_SUB) {
        if (a.kind == VAL_ABS && b.kind == VAL_ABS) {
            set_abs(v, a.num - b.num);
            return;
        }
        if (a.kind == VAL_REL && b.kind == VAL_ABS) {
            *v = a;
            v->num -= b.num;
            return;
        }
        if (a.kind == VAL_REL && b.kind == VAL_REL && a.sect == b.sect) {
            set_abs(v, a.num - b.num);
            return;
        }
    }
    if (a.kind != VAL_ABS || b.kind != VAL_ABS) {
        v->kind = VAL_UNKNOWN;
        v->undef = a.undef ? a.undef : b.undef;
        return;
    }
    int64_t x = (int64_t)a.num, y = (int64_t)b.num;
    uint64_t ux = a.num, uy = b.num, r = 0;
    switch (e->op) {
    case EX_MUL: r = ux * uy; break;
    case EX_DIV:
    case EX_MOD:
        if (y == 0) {
            if (!final)
                asm_warn(c, NULL, "division by zero");
            y = 1;
        }
        r = (uint64_t)sdiv(x, y, e->op == EX_MOD);
        break;
    case EX_SHL: r = uy >= 64 ? 0 : ux << uy; break;
    case EX_SHR: r = uy >= 64 ? 0 : ux >> uy; break;
    case EX_OR: r = ux | uy; break;
    case EX_ORNOT: r = ux | ~uy; break;
    case EX_XOR: r = ux ^ uy; break;
    case EX_AND: r = ux & uy; break;
    case EX_EQ: r = x == y ? UINT64_MAX : 0; break;
    case EX_NE: r = x != y ? UINT64_MAX : 0; break;
    case EX_LT: r = x < y ? UINT64_MAX : 0; break;
    case EX_LE: r = x <= y ? UINT64_MAX : 0; break;
    case EX_GE: r = x >= y ? UINT64_MAX : 0; break;
    case EX_GT: r = x > y ? UINT64_MAX : 0; break;
    case EX_LAND: r = x && y; break;
    case EX_LOR: r = x || y; break;
    case EX_ADD: r = ux + uy; break;
    case EX_SUB: r = ux - uy; break;
    default: v->kind = VAL_BAD; return;
    }
    set_abs(v, r);
}

void asm_expr_eval(struct asm_ctx *c, const struct asm_expr *e, int final,
                   struct asm_val *v)
{
    eval(c, e, final, v, 0);
}

int asm_expr_const(struct asm_ctx *c, const char **pp, int64_t *out)
{
    const char *start = asm_skip_ws(*pp);
    struct asm_expr *e = asm_expr_parse(c, pp, 0);
    if (!e)
        return -1;
    struct asm_val v;
    asm_expr_eval(c, e, 0, &v);
    if (v.kind != VAL_ABS) {
        asm_err(c, start, "constant expression expected");
        return -1;
    }
    *out = (int64_t)v.num;
    return 0;
}
