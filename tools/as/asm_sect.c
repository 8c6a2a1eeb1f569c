/*
 * asm_sect.c — section contents and fixups (asm_sect.h).
 */
#include "tools/as/asm_sect.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_mem.h"

static int prefixed(const char *name, const char *base)
{
    size_t n = strlen(base);
    return !strncmp(name, base, n) && (name[n] == 0 || name[n] == '.');
}

/* Default flags for well-known names, as gas's ELF backend has them. */
static void default_flags(const char *name, int *flags, int *nobits)
{
    *nobits = 0;
    if (prefixed(name, ".text") || prefixed(name, ".init") ||
        prefixed(name, ".fini")) {
        *flags = SHF_ALLOC | SHF_EXECINSTR;
    } else if (prefixed(name, ".data") || prefixed(name, ".sdata") ||
               prefixed(name, ".init_array") || prefixed(name, ".fini_array")) {
        *flags = SHF_ALLOC | SHF_WRITE;
    } else if (prefixed(name, ".rodata")) {
        *flags = SHF_ALLOC;
    } else if (prefixed(name, ".bss") || prefixed(name, ".sbss")) {
        *flags = SHF_ALLOC | SHF_WRITE;
        *nobits = 1;
    } else {
        *flags = 0;
    }
}

struct asm_sect *asm_sect_get(struct asm_ctx *c, const char *name, int flags,
                              int nobits)
{
    for (struct asm_sect *s = c->obj->sects; s; s = s->next)
        if (!strcmp(s->name, name))
            return s;
    struct asm_sect *s = asm_alloc(c, sizeof *s);
    s->name = asm_strdup(c, name);
    int df, dn;
    default_flags(name, &df, &dn);
    s->flags = flags >= 0 ? (unsigned)flags : (unsigned)df;
    s->nobits = nobits >= 0 ? nobits : dn;
    s->align = (s->flags & SHF_EXECINSTR) ? 8 : 1;
    *c->obj->sects_tail = s;
    c->obj->sects_tail = &s->next;
    return s;
}

int asm_sect_group(const struct asm_sect *s)
{
    if (!(s->flags & SHF_ALLOC))
        return -1;
    if (s->flags & SHF_EXECINSTR)
        return ASM_SEC_TEXT;
    if (s->nobits)
        return ASM_SEC_BSS;
    if (s->flags & SHF_WRITE)
        return ASM_SEC_DATA;
    return ASM_SEC_RODATA;
}

static int reserve(struct asm_ctx *c, struct asm_sect *s, uint64_t n)
{
    if (n > ASM_MAX_SECT_SIZE || s->size > ASM_MAX_SECT_SIZE - n) {
        if (!c->fatal)
            asm_err(c, NULL, "section `%s' would exceed %llu MiB", s->name,
                    (unsigned long long)(ASM_MAX_SECT_SIZE >> 20));
        c->fatal = 1;
        return -1;
    }
    if (s->nobits)
        return 0;
    uint64_t need = s->size + n;
    if (need > s->cap) {
        uint64_t nc = s->cap ? s->cap : 256;
        while (nc < need)
            nc *= 2;
        uint8_t *nd = realloc(s->data, nc);
        if (!nd) {
            asm_err(c, NULL, "out of memory");
            c->fatal = 1;
            return -1;
        }
        memset(nd + s->cap, 0, nc - s->cap);
        s->data = nd;
        s->cap = nc;
    }
    return 0;
}

int asm_emit(struct asm_ctx *c, const void *data, size_t n)
{
    struct asm_sect *s = c->cur;
    if (n == 0)
        return 0;
    if (reserve(c, s, n))
        return -1;
    if (s->nobits) {
        const uint8_t *d = data;
        for (size_t i = 0; i < n; i++)
            if (d[i]) {
                asm_err(c, NULL,
                        "attempt to store non-zero data in section "
                        "`%s' (NOBITS)",
                        s->name);
                break;
            }
    } else {
        memcpy(s->data + s->size, data, n);
    }
    s->size += n;
    return 0;
}

int asm_emit_fill(struct asm_ctx *c, uint64_t n, uint8_t fill)
{
    struct asm_sect *s = c->cur;
    if (n == 0)
        return 0;
    if (reserve(c, s, n))
        return -1;
    if (s->nobits) {
        if (fill)
            asm_err(c, NULL,
                    "attempt to store non-zero data in section "
                    "`%s' (NOBITS)",
                    s->name);
    } else {
        memset(s->data + s->size, fill, n);
    }
    s->size += n;
    return 0;
}

int asm_align(struct asm_ctx *c, uint64_t align, uint8_t fill, int64_t max)
{
    struct asm_sect *s = c->cur;
    if (align <= 1)
        return 0;
    uint64_t pad = (align - (s->size & (align - 1))) & (align - 1);
    if (max >= 0 && pad > (uint64_t)max)
        return 0;
    if (align > s->align)
        s->align = (unsigned)align;
    return asm_emit_fill(c, pad, fill);
}

void asm_add_fixup(struct asm_ctx *c, int kind, uint64_t off, uint64_t bundle,
                   struct asm_expr *e, const struct asm_loc *loc)
{
    struct asm_sect *s = c->cur;
    if (asm_grow((void **)&s->fix, &s->cap_fix, s->n_fix + 1, sizeof *s->fix)) {
        asm_err(c, NULL, "out of memory");
        c->fatal = 1;
        return;
    }
    struct asm_fixup *f = &s->fix[s->n_fix++];
    f->kind = (uint8_t)kind;
    f->off = off;
    f->bundle = bundle;
    f->expr = e;
    f->loc = *loc;
}
