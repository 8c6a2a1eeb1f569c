/*
 * dis_out.c — the bounded text buffer the disassembler prints into.
 *
 * Every append is cut at the buffer end (and remembered in `trunc`), so a
 * printer can never overrun it, whatever the input bytes were. Op lines are
 * opened with dis_op() and closed by the next dis_op() or dis_end(), which
 * gives the MCST layout: one op per line, two-space indent.
 */
#include "tools/objdump/dis_internal.h"

#include <stdio.h>
#include <string.h>

void dis_puts(struct dis_ctx *c, const char *s)
{
    size_t n = strlen(s);
    if (c->size == 0)
        return;
    if (c->len + n >= c->size) {
        n = c->size - 1 - c->len;
        c->trunc = 1;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    c->buf[c->len] = 0;
}

void dis_printf(struct dis_ctx *c, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof tmp)
        c->trunc = 1;
    dis_puts(c, tmp);
}

void dis_op(struct dis_ctx *c)
{
    if (c->line_open)
        dis_puts(c, "\n");
    dis_puts(c, "  ");
    c->line_open = 1;
}

void dis_end(struct dis_ctx *c)
{
    if (c->line_open)
        dis_puts(c, "\n");
    c->line_open = 0;
}

void dis_lossy(struct dis_ctx *c, const char *why)
{
    if (!c->gas)
        return;
    if (!c->lossy)
        c->why = why;
    c->lossy = 1;
}
