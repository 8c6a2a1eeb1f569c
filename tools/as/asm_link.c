/*
 * asm_link.c — the built-in static linker: lays out the sections of all
 * input files, resolves symbols across files, applies the fixups and builds
 * the image (struct asm_image) that asm_elf.c writes.
 *
 * Layout: one read+execute segment at opts->base holding the ELF and
 * program headers, .text and .rodata, then one read+write segment on the
 * next page boundary with .data and .bss — the shape e2k ld gives static
 * executables, with .text starting after the headers. Fixup arithmetic is
 * the relocation arithmetic of e2k-asm-syntax.md §6 (R_E2K_DISP relative to
 * the bundle start, 64-bit literals high word first).
 */
#include "tools/as/asm_link.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_sect.h"
#include "tools/as/asm_sym.h"

#define PAGE 0x1000u
#define HDR_SIZE (sizeof(Elf64_Ehdr) + 3 * sizeof(Elf64_Phdr))

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static const char *display_name(const struct asm_sym *s, char *buf, size_t cap)
{
    /* numeric local labels are stored as .L\002N\001K */
    const char *p = strchr(s->name, '\002');
    if (p) {
        snprintf(buf, cap, "%ld (local label)", strtol(p + 1, NULL, 10));
        return buf;
    }
    return s->name;
}

/* Connect undefined symbols to the global definitions of other files. */
static void resolve_globals(struct asm_ctx *c)
{
    for (struct asm_obj *o = c->objs; o; o = o->next)
        for (struct asm_sym *s = o->syms; s; s = s->next) {
            if (!s->global || s->state == SYM_UNDEF)
                continue;
            for (struct asm_obj *o2 = o->next; o2; o2 = o2->next) {
                struct asm_obj *save = c->obj;
                c->obj = o2;
                struct asm_sym *t = asm_sym_find(c, s->name, strlen(s->name));
                c->obj = save;
                if (t && t->global && t->state != SYM_UNDEF)
                    asm_err_loc(c, &t->loc, "multiple definition of `%s'",
                                s->name);
            }
        }
    for (struct asm_obj *o = c->objs; o; o = o->next)
        for (struct asm_sym *s = o->syms; s; s = s->next) {
            if (s->state != SYM_UNDEF || s->local_only)
                continue;
            for (struct asm_obj *o2 = c->objs; o2; o2 = o2->next) {
                if (o2 == o)
                    continue;
                struct asm_obj *save = c->obj;
                c->obj = o2;
                struct asm_sym *t = asm_sym_find(c, s->name, strlen(s->name));
                c->obj = save;
                if (t && t->global && t->state != SYM_UNDEF) {
                    s->link_target = t;
                    break;
                }
            }
        }
}

static void layout(struct asm_ctx *c, struct asm_image *img)
{
    static const char *const k_names[ASM_SEC_COUNT] = {".text", ".rodata",
                                                       ".data", ".bss"};
    uint64_t size[ASM_SEC_COUNT] = {0};
    unsigned align[ASM_SEC_COUNT] = {8, 8, 8, 8};
    for (int g = 0; g < ASM_SEC_COUNT; g++)
        for (struct asm_obj *o = c->objs; o; o = o->next)
            for (struct asm_sect *s = o->sects; s; s = s->next) {
                if (asm_sect_group(s) != g)
                    continue;
                unsigned a = s->align;
                /* gas gives non-empty data sections 16-byte alignment [B
                 * md_section_align] */
                if (g != ASM_SEC_TEXT && s->size && a < 16)
                    a = 16;
                s->align = a;
                if (a > align[g])
                    align[g] = a;
                size[g] = align_up(size[g], a);
                s->addr = size[g]; /* offset for now */
                size[g] += s->size;
            }
    uint64_t base = c->opts->base;
    uint64_t text = align_up(base + HDR_SIZE, align[0]);
    uint64_t ro = align_up(text + size[0], align[1]);
    uint64_t rx_end = ro + size[1];
    uint64_t data = align_up(rx_end, PAGE);
    data = align_up(data, align[2]);
    uint64_t bss = align_up(data + size[2], align[3]);
    uint64_t addr[ASM_SEC_COUNT] = {text, ro, data, bss};
    for (int g = 0; g < ASM_SEC_COUNT; g++) {
        img->sect[g].name = k_names[g];
        img->sect[g].addr = addr[g];
        img->sect[g].size = size[g];
        img->sect[g].align = align[g];
    }
    for (struct asm_obj *o = c->objs; o; o = o->next)
        for (struct asm_sect *s = o->sects; s; s = s->next) {
            int g = asm_sect_group(s);
            s->group = g;
            if (g >= 0)
                s->addr += addr[g];
            else
                s->addr = 0;
        }
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void apply(struct asm_ctx *c, struct asm_sect *s,
                  const struct asm_fixup *f)
{
    struct asm_val v;
    asm_expr_eval(c, f->expr, 1, &v);
    if (v.kind == VAL_UNKNOWN && v.undef) {
        char buf[64];
        asm_err_loc(c, &f->loc, "undefined reference to `%s'",
                    display_name(v.undef, buf, sizeof buf));
        return;
    }
    if (v.kind != VAL_ABS) {
        asm_err_loc(c, &f->loc, "expression cannot be computed");
        return;
    }
    if (s->nobits || !s->data)
        return;
    uint8_t *p = s->data + f->off;
    uint64_t x = v.num;
    switch (f->kind) {
    case FIX_DATA8: put_le(p, x, 1); break;
    case FIX_DATA16: put_le(p, x, 2); break;
    case FIX_DATA32:
    case FIX_LIT32:
        if ((int64_t)x < INT32_MIN || x > UINT32_MAX)
            asm_warn_loc(c, &f->loc, "value 0x%llx truncated to 32 bits",
                         (unsigned long long)x);
        put_le(p, x, 4);
        break;
    case FIX_DATA64: put_le(p, x, 8); break;
    case FIX_LIT64:
        /* LTS(i+1) holds the high word and comes first in memory */
        put_le(p, x >> 32, 4);
        put_le(p + 4, x, 4);
        break;
    case FIX_DISP: {
        uint64_t from = s->addr + f->bundle;
        int64_t d = (int64_t)(x - from);
        if (d % 8) {
            asm_err_loc(c, &f->loc,
                        "transfer target 0x%llx is not a "
                        "multiple of 8 bytes away",
                        (unsigned long long)x);
            return;
        }
        d /= 8;
        if (d < -(1 << 27) || d >= (1 << 27)) {
            asm_err_loc(c, &f->loc, "transfer target out of range");
            return;
        }
        uint32_t w = get_le32(p);
        w = (w & 0xf0000000u) | ((uint32_t)d & 0x0fffffffu);
        put_le(p, w, 4);
        break;
    }
    case FIX_PREF: {
        uint64_t from = s->addr + f->bundle;
        int64_t d = ((int64_t)(x & ~0x7full) - (int64_t)(from & ~0x7full)) >> 7;
        uint32_t w = get_le32(p);
        w = (w & 0xf000000fu) | (((uint32_t)d << 4) & 0x0ffffff0u);
        put_le(p, w, 4);
        break;
    }
    }
}

static int add_sym(struct asm_image *img, size_t *cap, const char *name,
                   uint64_t value, uint64_t size, uint8_t type, int global,
                   int sect)
{
    if (img->n_syms == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        struct asm_image_sym *ns = realloc(img->syms, nc * sizeof *ns);
        if (!ns)
            return -1;
        img->syms = ns;
        *cap = nc;
    }
    struct asm_image_sym *y = &img->syms[img->n_syms];
    y->name = strdup(name);
    if (!y->name)
        return -1;
    y->value = value;
    y->size = size;
    y->type = type;
    y->global = (uint8_t)global;
    y->sect = (int8_t)sect;
    img->n_syms++;
    return 0;
}

int asm_link(struct asm_ctx *c, struct asm_image *img, int need_start)
{
    memset(img, 0, sizeof *img);
    img->isa = c->opts->isa;
    resolve_globals(c);
    layout(c, img);
    for (int g = 0; g < ASM_SEC_COUNT; g++) {
        if (g == ASM_SEC_BSS || !img->sect[g].size)
            continue;
        img->sect[g].data = calloc(1, img->sect[g].size);
        if (!img->sect[g].data)
            return ASM_E_NOMEM;
    }
    for (struct asm_obj *o = c->objs; o; o = o->next) {
        c->obj = o;
        for (struct asm_sect *s = o->sects; s; s = s->next) {
            for (size_t i = 0; i < s->n_fix; i++)
                apply(c, s, &s->fix[i]);
            if (s->group >= 0 && s->group != ASM_SEC_BSS && s->size) {
                struct asm_image_sect *is = &img->sect[s->group];
                memcpy(is->data + (s->addr - is->addr), s->data, s->size);
            }
        }
    }
    /* symbols */
    size_t cap = 0;
    int have_start = 0;
    for (struct asm_obj *o = c->objs; o; o = o->next) {
        c->obj = o;
        for (struct asm_sym *s = o->syms; s; s = s->next) {
            if (s->state == SYM_UNDEF || s->local_only)
                continue;
            struct asm_val v;
            asm_expr_eval(c, &(struct asm_expr){.op = EX_SYM, .sym = s}, 1, &v);
            if (v.kind != VAL_ABS)
                continue;
            uint64_t size = s->size;
            if (s->has_size && s->size_expr) {
                struct asm_val sv;
                asm_expr_eval(c, s->size_expr, 1, &sv);
                if (sv.kind == VAL_ABS)
                    size = sv.num;
            }
            int sect = -1;
            if (s->state == SYM_LABEL)
                sect = s->sect->group;
            else if (s->state == SYM_EQU)
                sect = -1;
            uint8_t type = s->type;
            if (type == STT_NOTYPE && sect == ASM_SEC_TEXT)
                type = STT_FUNC; /* [B e2k_adjust_symtab] */
            if (s->global && !strcmp(s->name, "_start")) {
                img->entry = v.num;
                have_start = 1;
            }
            if (add_sym(img, &cap, s->name, v.num, size, type, s->global, sect))
                return ASM_E_NOMEM;
        }
    }
    if (!have_start) {
        if (need_start)
            asm_err_plain(c, "undefined entry symbol `_start' (it must be "
                             "defined and .global)");
        img->entry = img->sect[ASM_SEC_TEXT].addr;
    }
    return c->n_errors ? ASM_E_SOURCE : ASM_OK;
}
