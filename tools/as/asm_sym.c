/*
 * asm_sym.c — per-file symbol table (asm_sym.h).
 *
 * A 1024-bucket FNV-1a hash over names; symbols also form a list in order of
 * first appearance, which the linker walks so that output symbol tables are
 * deterministic.
 */
#include "tools/as/asm_sym.h"

#include <stdio.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_mem.h"

#define NBUCKETS 1024

struct asm_obj *asm_obj_new(struct asm_ctx *c)
{
    struct asm_obj *o = asm_alloc(c, sizeof *o);
    o->hash = asm_alloc(c, NBUCKETS * sizeof *o->hash);
    o->sects_tail = &o->sects;
    o->syms_tail = &o->syms;
    *c->objs_tail = o;
    c->objs_tail = &o->next;
    return o;
}

static unsigned hash_name(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h % NBUCKETS;
}

struct asm_sym *asm_sym_find(struct asm_ctx *c, const char *name, size_t len)
{
    if (len > 0 && name[0] == '$') {
        name++;
        len--;
    }
    struct asm_sym *s = c->obj->hash[hash_name(name, len)];
    for (; s; s = s->next_hash)
        if (strlen(s->name) == len && !memcmp(s->name, name, len))
            return s;
    return NULL;
}

struct asm_sym *asm_sym_get(struct asm_ctx *c, const char *name, size_t len,
                            const struct asm_loc *loc)
{
    if (len > 0 && name[0] == '$') {
        name++;
        len--;
    }
    struct asm_sym *s = asm_sym_find(c, name, len);
    if (s)
        return s;
    s = asm_alloc(c, sizeof *s);
    s->name = asm_strndup(c, name, len);
    s->state = SYM_UNDEF;
    s->local_only = len >= 2 && name[0] == '.' && name[1] == 'L';
    if (loc)
        s->loc = *loc;
    unsigned h = hash_name(name, len);
    s->next_hash = c->obj->hash[h];
    c->obj->hash[h] = s;
    *c->obj->syms_tail = s;
    c->obj->syms_tail = &s->next;
    return s;
}

int asm_sym_label(struct asm_ctx *c, struct asm_sym *sym,
                  const struct asm_loc *loc)
{
    if (sym->state != SYM_UNDEF && !sym->redefinable) {
        asm_err_loc(c, loc, "symbol `%s' is already defined", sym->name);
        return -1;
    }
    sym->state = SYM_LABEL;
    sym->redefinable = 0;
    sym->sect = c->cur;
    sym->value = c->cur->size;
    sym->equ = NULL;
    sym->loc = *loc;
    return 0;
}

int asm_sym_assign(struct asm_ctx *c, struct asm_sym *sym, struct asm_expr *e,
                   int strict, const struct asm_loc *loc)
{
    if (sym->state != SYM_UNDEF && (strict || !sym->redefinable)) {
        asm_err_loc(c, loc, "symbol `%s' is already defined", sym->name);
        return -1;
    }
    struct asm_val v;
    asm_expr_eval(c, e, 0, &v);
    sym->redefinable = 1;
    sym->loc = *loc;
    switch (v.kind) {
    case VAL_ABS:
        sym->state = SYM_ABS;
        sym->value = v.num;
        sym->equ = NULL;
        break;
    case VAL_REL:
        sym->state = SYM_LABEL;
        sym->sect = v.sect;
        sym->value = v.num;
        sym->equ = NULL;
        break;
    default:
        if (asm_expr_refers(e, sym)) {
            asm_err_loc(c, loc, "symbol `%s' defined in terms of itself",
                        sym->name);
            return -1;
        }
        sym->state = SYM_EQU;
        sym->equ = e;
        break;
    }
    return 0;
}

static struct asm_sym *local_sym(struct asm_ctx *c, unsigned n, unsigned k,
                                 const struct asm_loc *loc)
{
    char name[48];
    int len = snprintf(name, sizeof name, ".L\002%u\001%u", n, k);
    struct asm_sym *s = asm_sym_get(c, name, (size_t)len, loc);
    s->local_only = 1;
    return s;
}

#define MAX_LOCAL_LABEL 100

struct asm_sym *asm_local_label_define(struct asm_ctx *c, unsigned n,
                                       const struct asm_loc *loc)
{
    if (n >= MAX_LOCAL_LABEL) {
        asm_err_loc(c, loc, "local label %u: only 0..%d supported", n,
                    MAX_LOCAL_LABEL - 1);
        return NULL;
    }
    unsigned k = ++c->obj->local_label_count[n];
    return local_sym(c, n, k, loc);
}

struct asm_sym *asm_local_label_ref(struct asm_ctx *c, unsigned n, int fwd,
                                    const struct asm_loc *loc)
{
    if (n >= MAX_LOCAL_LABEL) {
        asm_err_loc(c, loc, "local label %u: only 0..%d supported", n,
                    MAX_LOCAL_LABEL - 1);
        return NULL;
    }
    unsigned k = c->obj->local_label_count[n] + (fwd ? 1 : 0);
    struct asm_sym *s = local_sym(c, n, k, loc);
    if (!fwd && k == 0 && s->state == SYM_UNDEF)
        asm_err_loc(c, loc, "no previous definition of local label %ub", n);
    return s;
}
