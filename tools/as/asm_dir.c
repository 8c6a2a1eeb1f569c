/*
 * asm_dir.c — assembler directives: sections, symbols, alignment, data,
 * strings, conditionals, macros/repetition, includes, and the e2k ones
 * (.ignore/.accept, .push_iset/.pop_iset, .reg).
 *
 * Semantics follow GNU as with the e2k backend's changes [B tc-e2k.c
 * md_pseudo_table]: `.align N` counts bytes, `.word` is 4 bytes, `.dword`
 * 8, `.section` accepts LCC's `,"@progbits"` before the flags.
 */
#include "tools/as/asm_dir.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/as/asm_cond.h"
#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_macro.h"
#include "tools/as/asm_mem.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_sect.h"
#include "tools/as/asm_sym.h"
#include "tools/as/asm_wc.h"

typedef void (*dir_fn)(struct asm_ctx *c, const char *args, int arg);

static int expect_end(struct asm_ctx *c, const char *p)
{
    if (!asm_at_end(p)) {
        asm_err(c, p, "junk at end of line: `%s'", asm_skip_ws(p));
        return 0;
    }
    return 1;
}

/* ---- sections ---------------------------------------------------------- */

static void switch_to(struct asm_ctx *c, struct asm_sect *s)
{
    if (s != c->cur) {
        c->prev = c->cur;
        c->cur = s;
    }
}

/* Section name: quoted, or up to a comma or blank. */
static char *section_name(struct asm_ctx *c, const char **pp)
{
    const char *p = asm_skip_ws(*pp);
    if (*p == '"') {
        char buf[256];
        const char *q = p;
        long n = asm_parse_string(&q, buf, sizeof buf - 1);
        if (n <= 0 || n >= (long)sizeof buf) {
            asm_err(c, p, "bad section name");
            return NULL;
        }
        *pp = q;
        return asm_strndup(c, buf, (size_t)n);
    }
    const char *q = p;
    while (*q && *q != ',' && *q != ' ' && *q != '\t')
        q++;
    if (q == p) {
        asm_err(c, p, "section name expected");
        return NULL;
    }
    *pp = q;
    return asm_strndup(c, p, (size_t)(q - p));
}

static void do_section(struct asm_ctx *c, const char *args, int push)
{
    const char *p = args;
    char *name = section_name(c, &p);
    if (!name)
        return;
    int flags = -1, nobits = -1;
    while (asm_accept(&p, ",")) {
        p = asm_skip_ws(p);
        if (*p == '"') {
            char buf[64];
            const char *at = p;
            long n = asm_parse_string(&p, buf, sizeof buf - 1);
            if (n < 0) {
                asm_err(c, at, "unterminated string");
                return;
            }
            buf[n < (long)sizeof buf ? n : (long)sizeof buf - 1] = 0;
            if (buf[0] == '@' || buf[0] == '%') {
                nobits = !strcmp(buf + 1, "nobits");
                continue;
            }
            flags = 0;
            for (char *f = buf; *f; f++) {
                if (*f == 'a')
                    flags |= SHF_ALLOC;
                else if (*f == 'w')
                    flags |= SHF_WRITE;
                else if (*f == 'x')
                    flags |= SHF_EXECINSTR;
            }
        } else if (*p == '@' || *p == '%') {
            size_t n = asm_name_len(p + 1);
            nobits = n == 6 && !strncmp(p + 1, "nobits", 6);
            p += 1 + n;
        } else {
            /* entity size, group name, ...: skip */
            while (*p && *p != ',')
                p++;
        }
    }
    if (!expect_end(c, p))
        return;
    if (push) {
        if (c->n_sect_stack == 32) {
            asm_err(c, NULL, ".pushsection nested too deeply");
            return;
        }
        c->sect_stack[c->n_sect_stack] = c->cur;
        c->sect_stack_prev[c->n_sect_stack++] = c->prev;
    }
    struct asm_sect *s = asm_sect_get(c, name, flags, nobits);
    if (flags >= 0 && s->size == 0)
        s->flags = (unsigned)flags;
    if (nobits >= 0 && s->size == 0)
        s->nobits = nobits;
    switch_to(c, s);
}

static void d_section(struct asm_ctx *c, const char *args, int push)
{
    do_section(c, args, push);
}

static void d_named(struct asm_ctx *c, const char *args, int which)
{
    static const char *const k_names[] = {".text", ".data", ".bss", ".rodata"};
    const char *p = asm_skip_ws(args);
    if (*p) {
        int64_t sub; /* subsection number: accepted, not used */
        if (asm_expr_const(c, &p, &sub) || !expect_end(c, p))
            return;
    }
    switch_to(c, asm_sect_get(c, k_names[which], -1, -1));
}

static void d_popsection(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    if (!expect_end(c, args))
        return;
    if (c->n_sect_stack == 0) {
        asm_err(c, NULL, ".popsection without .pushsection");
        return;
    }
    c->n_sect_stack--;
    c->cur = c->sect_stack[c->n_sect_stack];
    c->prev = c->sect_stack_prev[c->n_sect_stack];
}

static void d_previous(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    if (!expect_end(c, args) || !c->prev)
        return;
    struct asm_sect *t = c->cur;
    c->cur = c->prev;
    c->prev = t;
}

/* ---- symbols ----------------------------------------------------------- */

static struct asm_sym *sym_arg(struct asm_ctx *c, const char **pp)
{
    const char *p = asm_skip_ws(*pp);
    size_t n = asm_name_len(p);
    if (!n) {
        asm_err(c, p, "symbol name expected");
        return NULL;
    }
    struct asm_loc l = asm_loc_at(c, p);
    *pp = p + n;
    return asm_sym_get(c, p, n, &l);
}

static void d_global(struct asm_ctx *c, const char *args, int global)
{
    const char *p = args;
    do {
        struct asm_sym *s = sym_arg(c, &p);
        if (!s)
            return;
        s->global = (uint8_t)global;
    } while (asm_accept(&p, ","));
    expect_end(c, p);
}

static void d_type(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    const char *p = args;
    struct asm_sym *s = sym_arg(c, &p);
    if (!s)
        return;
    if (!asm_accept(&p, ",")) {
        asm_err(c, p, "`,' expected");
        return;
    }
    p = asm_skip_ws(p);
    if (*p == '#' || *p == '@' || *p == '%' || *p == '"')
        p++;
    size_t n = asm_name_len(p);
    static const struct {
        const char *name;
        uint8_t type;
    } k_types[] = {{"function", STT_FUNC},
                   {"STT_FUNC", STT_FUNC},
                   {"object", STT_OBJECT},
                   {"STT_OBJECT", STT_OBJECT},
                   {"notype", STT_NOTYPE},
                   {"STT_NOTYPE", STT_NOTYPE},
                   {"tls_object", STT_TLS},
                   {"STT_TLS", STT_TLS},
                   {"common", STT_COMMON},
                   {"STT_COMMON", STT_COMMON},
                   {"gnu_indirect_function", STT_GNU_IFUNC}};
    for (size_t i = 0; i < sizeof k_types / sizeof k_types[0]; i++)
        if (strlen(k_types[i].name) == n && !strncmp(k_types[i].name, p, n)) {
            s->type = k_types[i].type;
            p += n;
            if (*p == '"')
                p++;
            expect_end(c, p);
            return;
        }
    asm_err(c, p, "unrecognized symbol type `%.*s'", (int)(n ? n : 1), p);
}

static void d_size(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    const char *p = args;
    struct asm_sym *s = sym_arg(c, &p);
    if (!s)
        return;
    if (!asm_accept(&p, ",")) {
        asm_err(c, p, "`,' expected");
        return;
    }
    struct asm_expr *e = asm_expr_parse(c, &p, 0);
    if (!e || !expect_end(c, p))
        return;
    s->size_expr = e;
    s->has_size = 1;
}

static void d_set(struct asm_ctx *c, const char *args, int strict)
{
    const char *p = args;
    struct asm_sym *s = sym_arg(c, &p);
    if (!s)
        return;
    if (!asm_accept(&p, ",")) {
        asm_err(c, p, "`,' expected");
        return;
    }
    struct asm_expr *e = asm_expr_parse(c, &p, 0);
    if (!e || !expect_end(c, p))
        return;
    asm_sym_assign(c, s, e, strict, &c->loc);
}

static void d_comm(struct asm_ctx *c, const char *args, int global)
{
    const char *p = args;
    struct asm_sym *s = sym_arg(c, &p);
    if (!s)
        return;
    int64_t size, align = 8;
    if (!asm_accept(&p, ",")) {
        asm_err(c, p, "`,' expected");
        return;
    }
    if (asm_expr_const(c, &p, &size))
        return;
    if (asm_accept(&p, ",") && asm_expr_const(c, &p, &align))
        return;
    if (!expect_end(c, p))
        return;
    if (size < 0 || align <= 0 || (align & (align - 1)) || align > 4096) {
        asm_err(c, args, "bad size or alignment");
        return;
    }
    struct asm_sect *save = c->cur;
    c->cur = asm_sect_get(c, ".bss", -1, -1);
    asm_align(c, (uint64_t)align, 0, -1);
    if (asm_sym_label(c, s, &c->loc) == 0) {
        s->type = STT_OBJECT;
        s->global = (uint8_t)(global || s->global);
        s->size = (uint64_t)size;
        s->has_size = 1;
        asm_emit_fill(c, (uint64_t)size, 0);
    }
    c->cur = save;
}

/* ---- alignment and space ------------------------------------------------ */

static void d_align(struct asm_ctx *c, const char *args, int p2)
{
    const char *p = args;
    int64_t n = 0, fill = 0, max = -1;
    if (asm_expr_const(c, &p, &n))
        return;
    if (asm_accept(&p, ",")) {
        const char *q = asm_skip_ws(p);
        if (*q != ',' && *q) {
            if (asm_expr_const(c, &p, &fill))
                return;
        }
        if (asm_accept(&p, ",") && asm_expr_const(c, &p, &max))
            return;
    }
    if (!expect_end(c, p))
        return;
    uint64_t a;
    if (p2) {
        if (n < 0 || n > 16) {
            asm_err(c, args, "alignment too large");
            return;
        }
        a = 1ull << n;
    } else {
        if (n < 0 || n > 65536) {
            asm_err(c, args, "alignment too large");
            return;
        }
        a = n ? (uint64_t)n : 1;
        if (a & (a - 1)) {
            asm_err(c, args, "alignment not a power of 2");
            return;
        }
    }
    asm_align(c, a, (uint8_t)fill, max);
}

static void d_skip(struct asm_ctx *c, const char *args, int zero)
{
    const char *p = args;
    int64_t n, fill = 0;
    if (asm_expr_const(c, &p, &n))
        return;
    if (!zero && asm_accept(&p, ",") && asm_expr_const(c, &p, &fill))
        return;
    if (!expect_end(c, p))
        return;
    if (n < 0) {
        asm_err(c, args, "negative size");
        return;
    }
    asm_emit_fill(c, (uint64_t)n, (uint8_t)fill);
}

static void d_fill(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    const char *p = args;
    int64_t rep, size = 1, value = 0;
    if (asm_expr_const(c, &p, &rep))
        return;
    if (asm_accept(&p, ",")) {
        if (*asm_skip_ws(p) != ',' && asm_expr_const(c, &p, &size))
            return;
        if (asm_accept(&p, ",") && asm_expr_const(c, &p, &value))
            return;
    }
    if (!expect_end(c, p))
        return;
    if (rep < 0 || size < 0 || (size > 8 && rep > 0)) {
        asm_err(c, args, "bad .fill repeat count or size");
        return;
    }
    if (rep * (size ? size : 1) > (int64_t)(256 << 20)) {
        asm_err(c, args, ".fill too large");
        return;
    }
    /* as in gas, only the low 4 bytes of the value are used; the upper
     * bytes of an 8-byte repeat are zero */
    uint8_t b[8] = {0};
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)((uint64_t)value >> (8 * i));
    for (int64_t i = 0; i < rep && !c->fatal; i++)
        asm_emit(c, b, (size_t)size);
}

/* ---- data --------------------------------------------------------------- */

static int reloc_ok(struct asm_ctx *c, const struct asm_expr *e, const char *at)
{
    if (!e)
        return 1;
    if (e->op == EX_SYM && e->relop != RELOP_NONE && e->relop != RELOP_ABS) {
        asm_err(c, at, "this relocation is not supported by e2k-as");
        return 0;
    }
    return reloc_ok(c, e->a, at) && reloc_ok(c, e->b, at);
}

static void emit_value(struct asm_ctx *c, unsigned size, struct asm_expr *e,
                       const char *at)
{
    if (!reloc_ok(c, e, at))
        return;
    struct asm_val v;
    asm_expr_eval(c, e, 0, &v);
    if (v.kind == VAL_BAD) {
        asm_err(c, at, "invalid expression");
        return;
    }
    uint8_t b[16] = {0};
    uint64_t off = c->cur->size;
    if (v.kind == VAL_ABS)
        for (unsigned i = 0; i < size && i < 8; i++)
            b[i] = (uint8_t)(v.num >> (8 * i));
    if (asm_emit(c, b, size))
        return;
    if (v.kind != VAL_ABS) {
        struct asm_loc l = asm_loc_at(c, at);
        int kind = size == 1   ? FIX_DATA8
                   : size == 2 ? FIX_DATA16
                   : size == 4 ? FIX_DATA32
                               : FIX_DATA64;
        asm_add_fixup(c, kind, off, 0, e, &l);
    }
}

static void d_data(struct asm_ctx *c, const char *args, int size)
{
    const char *p = args;
    if (asm_at_end(p))
        return;
    do {
        const char *at = asm_skip_ws(p);
        struct asm_expr *e = asm_expr_parse(c, &p, 0);
        if (!e)
            return;
        emit_value(c, (unsigned)size, e, at);
    } while (asm_accept(&p, ","));
    expect_end(c, p);
}

static void d_leb128(struct asm_ctx *c, const char *args, int is_signed)
{
    const char *p = args;
    do {
        int64_t v;
        if (asm_expr_const(c, &p, &v))
            return;
        uint8_t b[10];
        size_t n = 0;
        for (;;) {
            uint8_t byte = (uint8_t)(v & 0x7f);
            int64_t next = is_signed ? v >> 7 : (int64_t)((uint64_t)v >> 7);
            int done = is_signed ? ((next == 0 && !(byte & 0x40)) ||
                                    (next == -1 && (byte & 0x40)))
                                 : next == 0;
            b[n++] = done ? byte : (uint8_t)(byte | 0x80);
            v = next;
            if (done || n == sizeof b)
                break;
        }
        asm_emit(c, b, n);
    } while (asm_accept(&p, ","));
    expect_end(c, p);
}

static void d_ascii(struct asm_ctx *c, const char *args, int zero)
{
    const char *p = asm_skip_ws(args);
    if (!*p)
        return;
    for (;;) {
        p = asm_skip_ws(p);
        if (*p != '"') {
            asm_err(c, p, "string expected");
            return;
        }
        const char *at = p;
        long n = asm_parse_string(&p, NULL, 0);
        if (n < 0) {
            asm_err(c, at, "unterminated string");
            return;
        }
        char *buf = malloc((size_t)n + 1);
        if (!buf)
            return;
        p = at;
        asm_parse_string(&p, buf, (size_t)n);
        buf[n] = 0;
        asm_emit(c, buf, (size_t)n + (zero ? 1 : 0));
        free(buf);
        /* gas concatenates `"a" "b"` and `"a", "b"` */
        const char *q = asm_skip_ws(p);
        if (*q == ',')
            p = q + 1;
        else if (*q == '"')
            p = q;
        else
            break;
    }
    expect_end(c, p);
}

static void d_reg(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    const char *p = args;
    int byte;
    int r = asm_parse_gpr(c, &p, &byte);
    if (r <= 0 || byte >= 0x100) {
        if (r == 0)
            asm_err(c, args,
                    "general-purpose register should be specified "
                    "as an argument to .reg");
        return;
    }
    uint8_t b = (uint8_t)byte;
    if (expect_end(c, p))
        asm_emit(c, &b, 1);
}

/* ---- input control ------------------------------------------------------ */

static void d_include(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    const char *p = asm_skip_ws(args);
    char buf[1024];
    if (*p != '"') {
        asm_err(c, p, "file name expected");
        return;
    }
    long n = asm_parse_string(&p, buf, sizeof buf - 1);
    if (n < 0 || n >= (long)sizeof buf) {
        asm_err(c, args, "bad file name");
        return;
    }
    buf[n] = 0;
    if (!expect_end(c, p))
        return;
    c->pend_include = strdup(buf);
}

static void d_macro(struct asm_ctx *c, const char *args, int arg)
{
    (void)arg;
    asm_macro_begin(c, args);
}

static void d_rept(struct asm_ctx *c, const char *args, int kind)
{
    const char *p = args;
    if (kind == 2) {
        int64_t n;
        if (asm_expr_const(c, &p, &n) || !expect_end(c, p))
            n = 0;
        if (n < 0)
            n = 0;
        if (n > 1000000) {
            asm_err(c, args, ".rept count too large");
            n = 0;
        }
        asm_rept_begin(c, 2, (long)n, NULL, NULL);
        return;
    }
    p = asm_skip_ws(p);
    size_t n = 0;
    while (asm_is_name_char((unsigned char)p[n]))
        n++;
    if (!n) {
        asm_err(c, p, "symbol expected");
        asm_rept_begin(c, 2, 0, NULL, NULL);
        return;
    }
    char *sym = asm_strndup(c, p, n);
    p += n;
    asm_accept(&p, ",");
    asm_rept_begin(c, kind, 0, sym, asm_skip_ws(p));
}

static void d_stray(struct asm_ctx *c, const char *args, int arg)
{
    (void)args;
    asm_err(c, NULL, "%s without a matching %s", arg ? ".endr" : ".endm",
            arg ? ".rept" : ".macro");
}

static void d_end(struct asm_ctx *c, const char *args, int arg)
{
    (void)args;
    (void)arg;
    c->end_file = 1;
}

static void d_ignore(struct asm_ctx *c, const char *args, int ignore)
{
    const char *p = asm_skip_ws(args);
    if (asm_accept_word(&p, "ld_st_style"))
        c->ignore_ld_st = ignore;
    else if (asm_accept_word(&p, "strict_delay"))
        c->no_strict_delay = ignore || c->opts->no_strict_delay;
}

static void d_iset(struct asm_ctx *c, const char *args, int push)
{
    if (c->brace) {
        asm_err(c, NULL,
                "`.p%s_iset' may not be used within a wide "
                "instruction",
                push ? "ush" : "op");
        return;
    }
    if (push) {
        const char *p = asm_skip_ws(args);
        if (p[0] < '2' || p[0] > '7' || !asm_at_end(p + 1)) {
            asm_err(c, p,
                    "invalid iset version provided to `.push_iset': "
                    "integer from 2 to 7 inclusively expected");
            return;
        }
        if (c->n_isa_stack == 16) {
            asm_err(c, NULL, ".push_iset nested too deeply");
            return;
        }
        c->isa_stack[c->n_isa_stack++] = c->isa;
        c->isa = p[0] - '0';
    } else {
        if (!c->n_isa_stack) {
            asm_err(c, NULL, "`.pop_iset' without `.push_iset'");
            return;
        }
        c->isa = c->isa_stack[--c->n_isa_stack];
    }
}

static void d_message(struct asm_ctx *c, const char *args, int kind)
{
    const char *p = asm_skip_ws(args);
    char buf[256] = "";
    if (*p == '"') {
        long n = asm_parse_string(&p, buf, sizeof buf - 1);
        if (n >= 0)
            buf[n < (long)sizeof buf - 1 ? n : (long)sizeof buf - 1] = 0;
    }
    if (kind == 0)
        asm_err(c, NULL, "%s", *buf ? buf : ".err encountered");
    else if (kind == 1)
        asm_warn(c, NULL, "%s", buf);
    else
        fprintf(c->diag ? c->diag : stderr, "%s\n", buf);
}

static void d_nothing(struct asm_ctx *c, const char *args, int arg)
{
    (void)c;
    (void)args;
    (void)arg;
}

static void d_unsupported(struct asm_ctx *c, const char *args, int arg)
{
    (void)args;
    (void)arg;
    asm_err(c, NULL, "this directive is not supported by e2k-as");
}

/* ---- table -------------------------------------------------------------- */

static const struct {
    const char *name;
    dir_fn fn;
    int arg;
    int cond; /* processed in skipped .if branches */
} k_dirs[] = {
    {"text", d_named, 0, 0},
    {"data", d_named, 1, 0},
    {"bss", d_named, 2, 0},
    {"rodata", d_named, 3, 0},
    {"section", d_section, 0, 0},
    {"seg", d_section, 0, 0},
    {"pushsection", d_section, 1, 0},
    {"popsection", d_popsection, 0, 0},
    {"previous", d_previous, 0, 0},
    {"global", d_global, 1, 0},
    {"globl", d_global, 1, 0},
    {"weak", d_global, 1, 0},
    {"local", d_global, 0, 0},
    {"type", d_type, 0, 0},
    {"size", d_size, 0, 0},
    {"set", d_set, 0, 0},
    {"equ", d_set, 0, 0},
    {"equiv", d_set, 1, 0},
    {"comm", d_comm, 1, 0},
    {"lcomm", d_comm, 0, 0},
    {"align", d_align, 0, 0},
    {"balign", d_align, 0, 0},
    {"p2align", d_align, 1, 0},
    {"skip", d_skip, 0, 0},
    {"space", d_skip, 0, 0},
    {"zero", d_skip, 1, 0},
    {"fill", d_fill, 0, 0},
    {"byte", d_data, 1, 0},
    {"short", d_data, 2, 0},
    {"hword", d_data, 2, 0},
    {"half", d_data, 2, 0},
    {"2byte", d_data, 2, 0},
    {"uahalf", d_data, 2, 0},
    {"word", d_data, 4, 0},
    {"long", d_data, 4, 0},
    {"int", d_data, 4, 0},
    {"4byte", d_data, 4, 0},
    {"uaword", d_data, 4, 0},
    {"dword", d_data, 8, 0},
    {"quad", d_data, 8, 0},
    {"8byte", d_data, 8, 0},
    {"uadword", d_data, 8, 0},
    {"ptr", d_data, 16, 0},
    {"uleb128", d_leb128, 0, 0},
    {"sleb128", d_leb128, 1, 0},
    {"ascii", d_ascii, 0, 0},
    {"asciz", d_ascii, 1, 0},
    {"string", d_ascii, 1, 0},
    {"reg", d_reg, 0, 0},
    {"include", d_include, 0, 0},
    {"macro", d_macro, 0, 0},
    {"endm", d_stray, 0, 0},
    {"endmacro", d_stray, 0, 0},
    {"rept", d_rept, 2, 0},
    {"rep", d_rept, 2, 0},
    {"irp", d_rept, 3, 0},
    {"irpc", d_rept, 4, 0},
    {"endr", d_stray, 1, 0},
    {"end", d_end, 0, 0},
    {"ignore", d_ignore, 1, 0},
    {"accept", d_ignore, 0, 0},
    {"push_iset", d_iset, 1, 0},
    {"pop_iset", d_iset, 0, 0},
    {"err", d_message, 0, 0},
    {"error", d_message, 0, 0},
    {"warning", d_message, 1, 0},
    {"print", d_message, 2, 0},
    {"if", asm_cond_if, IF_EXPR, 1},
    {"ifdef", asm_cond_if, IF_DEF, 1},
    {"ifndef", asm_cond_if, IF_NDEF, 1},
    {"ifnotdef", asm_cond_if, IF_NDEF, 1},
    {"ifc", asm_cond_if, IF_C, 1},
    {"ifnc", asm_cond_if, IF_NC, 1},
    {"ifeq", asm_cond_if, IF_EQ, 1},
    {"ifne", asm_cond_if, IF_NE, 1},
    {"ifgt", asm_cond_if, IF_GT, 1},
    {"ifge", asm_cond_if, IF_GE, 1},
    {"iflt", asm_cond_if, IF_LT, 1},
    {"ifle", asm_cond_if, IF_LE, 1},
    {"ifb", asm_cond_if, IF_B, 1},
    {"ifnb", asm_cond_if, IF_NB, 1},
    {"else", asm_cond_else, 0, 1},
    {"elseif", asm_cond_else, 1, 1},
    {"endif", asm_cond_endif, 0, 1},
    {"file", d_nothing, 0, 0},
    {"ident", d_nothing, 0, 0},
    {"loc", d_nothing, 0, 0},
    {"hidden", d_nothing, 0, 0},
    {"protected", d_nothing, 0, 0},
    {"internal", d_nothing, 0, 0},
    {"ias_line", d_nothing, 0, 0},
    {"gnu_attribute", d_nothing, 0, 0},
    {"label", d_unsupported, 0, 0},
    {"org", d_unsupported, 0, 0},
    {"incbin", d_unsupported, 0, 0},
    {"exitm", d_unsupported, 0, 0},
};

int asm_directive(struct asm_ctx *c, const char *name, size_t n,
                  const char *args)
{
    if (n < 2 || name[0] != '.')
        return 0;
    if (n > 5 && !strncmp(name, ".cfi_", 5))
        return 1; /* call-frame information: not needed for an executable */
    for (size_t i = 0; i < sizeof k_dirs / sizeof k_dirs[0]; i++)
        if (strlen(k_dirs[i].name) == n - 1 &&
            !strncasecmp(k_dirs[i].name, name + 1, n - 1)) {
            k_dirs[i].fn(c, args, k_dirs[i].arg);
            return 1;
        }
    return 0;
}

void asm_dir_cond_only(struct asm_ctx *c, const char *stmt)
{
    size_t n = asm_name_len(stmt);
    for (size_t i = 0; i < sizeof k_dirs / sizeof k_dirs[0]; i++)
        if (k_dirs[i].cond && strlen(k_dirs[i].name) == n - 1 &&
            !strncasecmp(k_dirs[i].name, stmt + 1, n - 1)) {
            /* nested .if in a skipped branch: push an inactive level; do
             * not evaluate anything */
            if (k_dirs[i].fn == asm_cond_if)
                asm_cond_push(c, 0);
            else
                k_dirs[i].fn(c, stmt + n, k_dirs[i].arg);
            return;
        }
}
