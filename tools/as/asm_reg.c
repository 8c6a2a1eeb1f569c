/*
 * asm_reg.c — operand register names (asm_reg.h).
 */
#include "tools/as/asm_reg.h"

#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_lex.h"

/* Unsigned number as strtoull(base 0) would read it; no sign. */
static int read_uint(const char **pp, unsigned long *out)
{
    const char *p = asm_skip_ws(*pp);
    if (*p < '0' || *p > '9')
        return 0;
    char *end;
    unsigned long long v = strtoull(p, &end, 0);
    if (end == p)
        return 0;
    if (v > 0xffffffffull)
        v = 0xffffffffull;
    *out = (unsigned long)v;
    *pp = end;
    return 1;
}

int asm_parse_gpr(struct asm_ctx *c, const char **pp, int *byte)
{
    const char *p = asm_skip_ws(*pp);
    const char *start = p;
    if (*p != '%')
        return 0;
    p++;
    if (*p == 'd' || *p == 'x')
        p++;
    else if (p[0] == 'q' && p[1] == 'p')
        p += 2;
    else if (*p == 'q')
        p++;
    enum { BASED, GLOBAL, WINDOW, AASTI } type;
    if ((p[0] == 'b' || p[0] == 'r') && p[1] == '[') {
        type = BASED;
        p += 2;
    } else if (p[0] == 'g') {
        type = GLOBAL;
        p++;
    } else if (p[0] == 'r') {
        type = WINDOW;
        p++;
    } else if (!strncmp(p, "aasti", 5)) {
        type = AASTI;
        p += 5;
    } else {
        return 0;
    }
    unsigned long idx;
    if (!read_uint(&p, &idx))
        return 0;
    if (type == BASED) {
        p = asm_skip_ws(p);
        if (*p != ']') {
            asm_err(c, p, "`]' expected");
            return -1;
        }
        p++;
    }
    static const unsigned long k_limit[] = {128, 32, 64, 16};
    if (idx >= k_limit[type]) {
        asm_err(c, start, "illegal register index in `%.*s'", (int)(p - start),
                start);
        return -1;
    }
    switch (type) {
    case BASED: *byte = (int)idx; break;
    case GLOBAL: *byte = 0xe0 | (int)idx; break;
    case WINDOW: *byte = 0x80 | (int)idx; break;
    case AASTI: *byte = 0x100 + (int)idx; break;
    }
    *pp = p;
    return 1;
}

int asm_parse_special(const char **pp)
{
    /* Order matters: %tcd before %tc [B parse_special_register]. The
     * .lo/.hi spellings of %empty are our extension. */
    static const struct {
        const char *name;
        int code;
    } k_specials[] = {
        {"%tst", 0xcd},      {"%tcd", 0xcf},      {"%tc", 0xce},
        {"%ctpr1", 0xd1},    {"%ctpr2", 0xd2},    {"%ctpr3", 0xd3},
        {"%empty.lo", 0xde}, {"%empty.hi", 0xdf}, {"%empty", 0xdf},
    };
    for (size_t i = 0; i < sizeof k_specials / sizeof k_specials[0]; i++) {
        const char *p = *pp;
        if (asm_accept(&p, k_specials[i].name)) {
            *pp = p;
            return k_specials[i].code;
        }
    }
    return 0;
}

int asm_parse_reg(struct asm_ctx *c, const char **pp, int *byte)
{
    int r = asm_parse_gpr(c, pp, byte);
    if (r != 0)
        return r;
    int s = asm_parse_special(pp);
    if (s) {
        *byte = s;
        return 1;
    }
    return 0;
}

int asm_parse_pred(struct asm_ctx *c, const char **pp, struct asm_pred *pr,
                   int local, int allow_pcnt)
{
    const char *p = *pp;
    int neg = asm_accept(&p, "~");
    int mask;
    if (local) {
        if (!asm_accept(&p, "@p"))
            return 0;
        mask = 0;
    } else if (asm_accept(&p, "%pred")) {
        mask = 0x60;
    } else if (allow_pcnt && asm_accept(&p, "%pcnt")) {
        mask = 0x40;
    } else {
        return 0;
    }
    unsigned long n;
    const char *num = p;
    if (!read_uint(&p, &n))
        return 0;
    if (n > 31) {
        asm_err(c, num, "predicate number %lu out of range", n);
        return -1;
    }
    pr->num = (int)n;
    pr->neg = neg;
    pr->fld = mask | (int)n;
    *pp = p;
    return 1;
}

struct sreg_row {
    const char *name;
    int code, first, last;
    const char *flags;
};

static const struct sreg_row k_sregs[] = {
#define SREG(name, code, first, last, flags) {#name, code, first, last, flags},
#include "emu/sreg.def"
#undef SREG
};

int asm_parse_sreg(struct asm_ctx *c, const char **pp, int *code,
                   const char **flags)
{
    const char *p = asm_skip_ws(*pp);
    const char *start = p;
    if (*p != '%') {
        asm_err(c, p, "CU register expected");
        return 0;
    }
    p++;
    if (*p < 'a' || *p > 'z') {
        asm_err(c, start, "invalid register name");
        return 0;
    }
    const char *n = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
           *p == '_')
        p++;
    size_t len = (size_t)(p - n);
    for (size_t i = 0; i < sizeof k_sregs / sizeof k_sregs[0]; i++) {
        if (strlen(k_sregs[i].name) != len || strncmp(k_sregs[i].name, n, len))
            continue;
        if (c->isa < k_sregs[i].first || c->isa > k_sregs[i].last) {
            asm_err(c, start,
                    "CU register `%%%s' is not available on "
                    "elbrus-v%d",
                    k_sregs[i].name, c->isa);
            return 0;
        }
        *code = k_sregs[i].code;
        *flags = k_sregs[i].flags;
        *pp = p;
        return 1;
    }
    asm_err(c, start, "invalid CU register `%.*s'", (int)(p - start), start);
    return 0;
}
