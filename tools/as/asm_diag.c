/*
 * asm_diag.c — message formatting for e2k-as (asm_diag.h).
 */
#include "tools/as/asm_diag.h"

#include <stdarg.h>
#include <stdio.h>

static void vmsg(struct asm_ctx *c, const struct asm_loc *loc, const char *kind,
                 const char *fmt, va_list ap)
{
    FILE *f = c->diag ? c->diag : stderr;
    if (loc && loc->file) {
        if (loc->col > 0)
            fprintf(f, "%s:%d:%d: %s: ", loc->file, loc->line, loc->col, kind);
        else
            fprintf(f, "%s:%d: %s: ", loc->file, loc->line, kind);
    } else {
        fprintf(f, "e2k-as: %s: ", kind);
    }
    vfprintf(f, fmt, ap);
    fputc('\n', f);
}

void asm_err_loc(struct asm_ctx *c, const struct asm_loc *loc, const char *fmt,
                 ...)
{
    c->n_errors++;
    if (c->max_errors > 0 && c->n_errors > c->max_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg(c, loc, "error", fmt, ap);
    va_end(ap);
    if (c->max_errors > 0 && c->n_errors == c->max_errors) {
        FILE *f = c->diag ? c->diag : stderr;
        fprintf(f, "e2k-as: too many errors, further ones not shown\n");
    }
}

void asm_warn_loc(struct asm_ctx *c, const struct asm_loc *loc, const char *fmt,
                  ...)
{
    c->n_warnings++;
    if (c->max_errors > 0 && c->n_warnings > 4 * c->max_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg(c, loc, "warning", fmt, ap);
    va_end(ap);
}

struct asm_loc asm_loc_at(const struct asm_ctx *c, const char *p)
{
    struct asm_loc l = c->loc;
    if (c->fixed_col)
        return l;
    if (p && c->line_start && p >= c->line_start && l.col > 0)
        l.col += (int)(p - c->line_start);
    return l;
}

void asm_err(struct asm_ctx *c, const char *p, const char *fmt, ...)
{
    struct asm_loc l = asm_loc_at(c, p);
    c->n_errors++;
    if (c->max_errors > 0 && c->n_errors > c->max_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg(c, &l, "error", fmt, ap);
    va_end(ap);
    if (c->max_errors > 0 && c->n_errors == c->max_errors) {
        FILE *f = c->diag ? c->diag : stderr;
        fprintf(f, "e2k-as: too many errors, further ones not shown\n");
    }
}

void asm_warn(struct asm_ctx *c, const char *p, const char *fmt, ...)
{
    struct asm_loc l = asm_loc_at(c, p);
    c->n_warnings++;
    if (c->max_errors > 0 && c->n_warnings > 4 * c->max_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg(c, &l, "warning", fmt, ap);
    va_end(ap);
}

void asm_err_plain(struct asm_ctx *c, const char *fmt, ...)
{
    c->n_errors++;
    va_list ap;
    va_start(ap, fmt);
    vmsg(c, NULL, "error", fmt, ap);
    va_end(ap);
}
