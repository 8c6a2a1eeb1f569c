/*
 * asm_driver.c — the public entry points of e2k-as (asm.h): set up a
 * context, assemble each input as its own object, link, write the ELF.
 *
 * Each input file is a separate object (its own sections, local symbols and
 * macros), as if it had been assembled alone and then linked — the way the
 * peer test suite builds its programs (test + common/start.S).
 */
#include "tools/as/asm.h"

#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_internal.h"
#include "tools/as/asm_link.h"
#include "tools/as/asm_macro.h"
#include "tools/as/asm_mem.h"
#include "tools/as/asm_parse.h"
#include "tools/as/asm_sect.h"
#include "tools/as/asm_src.h"
#include "tools/as/asm_sym.h"

void asm_opts_init(struct asm_opts *o)
{
    memset(o, 0, sizeof *o);
    o->isa = ISA_VERSION_DEFAULT;
    o->base = ASM_DEFAULT_BASE;
    o->max_errors = 50;
}

static int check_opts(const struct asm_opts *o, FILE *diag)
{
    if (o->isa < ISA_VERSION_MIN || o->isa > ISA_VERSION_MAX) {
        fprintf(diag,
                "e2k-as: error: ISA version %d not supported "
                "(elbrus-v%d..v%d)\n",
                o->isa, ISA_VERSION_MIN, ISA_VERSION_MAX);
        return ASM_E_ARGS;
    }
    if (o->base & 0xfff) {
        fprintf(diag,
                "e2k-as: error: base address 0x%llx is not "
                "page-aligned\n",
                (unsigned long long)o->base);
        return ASM_E_ARGS;
    }
    return ASM_OK;
}

static void ctx_init(struct asm_ctx *c, const struct asm_opts *o)
{
    memset(c, 0, sizeof *c);
    c->opts = o;
    c->isa = o->isa;
    c->diag = o->diag ? o->diag : stderr;
    c->max_errors = o->max_errors;
    c->objs_tail = &c->objs;
}

/* Start a new object (one input file). */
static void begin_object(struct asm_ctx *c)
{
    c->obj = asm_obj_new(c);
    c->cur = asm_sect_get(c, ".text", -1, -1);
    c->prev = NULL;
    c->n_sect_stack = 0;
    c->n_conds = 0;
    c->macros = NULL;
    c->isa = c->opts->isa;
    c->n_isa_stack = 0;
    c->ignore_ld_st = 0;
    c->no_strict_delay = c->opts->no_strict_delay;
    c->brace = 0;
    memset(&c->wc, 0, sizeof c->wc);
}

static void ctx_free(struct asm_ctx *c)
{
    asm_src_free(c);
    asm_macro_free(c);
    free(c->pend_text);
    free(c->pend_include);
    for (struct asm_obj *o = c->objs; o; o = o->next)
        for (struct asm_sect *s = o->sects; s; s = s->next) {
            free(s->data);
            free(s->fix);
        }
    asm_arena_free(c);
}

int asm_assemble_files(const struct asm_opts *opts, const char *const *files,
                       unsigned n_files, const char *out_path)
{
    FILE *diag = opts->diag ? opts->diag : stderr;
    int rc = check_opts(opts, diag);
    if (rc)
        return rc;
    struct asm_ctx c;
    ctx_init(&c, opts);
    int io = 0;
    for (unsigned i = 0; i < n_files && !c.fatal; i++) {
        begin_object(&c);
        if (asm_src_push_file(&c, files[i], 1)) {
            io = 1;
            continue;
        }
        asm_parse_input(&c);
    }
    struct asm_image img;
    memset(&img, 0, sizeof img);
    if (c.n_errors) {
        rc = io && c.n_errors == 1 ? ASM_E_IO : ASM_E_SOURCE;
    } else {
        rc = asm_link(&c, &img, 1);
        if (rc == ASM_OK) {
            rc = asm_elf_write(&img, out_path);
            if (rc == ASM_E_IO)
                fprintf(diag, "e2k-as: error: cannot write `%s'\n", out_path);
        }
    }
    asm_image_free(&img);
    ctx_free(&c);
    return rc;
}

int asm_assemble_string(const struct asm_opts *opts, const char *name,
                        const char *src, size_t len, struct asm_image *img)
{
    memset(img, 0, sizeof *img);
    FILE *diag = opts->diag ? opts->diag : stderr;
    int rc = check_opts(opts, diag);
    if (rc)
        return rc;
    struct asm_ctx c;
    ctx_init(&c, opts);
    begin_object(&c);
    asm_src_push_text(&c, name ? name : "<string>", src, len);
    asm_parse_input(&c);
    if (c.n_errors) {
        rc = ASM_E_SOURCE;
    } else {
        rc = asm_link(&c, img, 0);
    }
    if (rc != ASM_OK)
        asm_image_free(img);
    ctx_free(&c);
    return rc;
}

void asm_image_free(struct asm_image *img)
{
    if (!img)
        return;
    for (int g = 0; g < ASM_SEC_COUNT; g++)
        free(img->sect[g].data);
    for (size_t i = 0; i < img->n_syms; i++)
        free(img->syms[i].name);
    free(img->syms);
    memset(img, 0, sizeof *img);
}

int asm_image_sym(const struct asm_image *img, const char *name, uint64_t *addr)
{
    for (size_t i = 0; i < img->n_syms; i++)
        if (!strcmp(img->syms[i].name, name)) {
            *addr = img->syms[i].value;
            return 0;
        }
    return -1;
}
