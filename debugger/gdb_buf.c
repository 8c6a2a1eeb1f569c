/*
 * gdb_buf.c — append-only byte buffer with a cap and a sticky error
 * (gdb_buf.h).
 */
#include "debugger/gdb_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GDB_BUF_DEFAULT_LIMIT ((size_t)64 << 20)

void gdb_buf_init(struct gdb_buf *b, size_t limit)
{
    memset(b, 0, sizeof *b);
    b->limit = limit ? limit : GDB_BUF_DEFAULT_LIMIT;
}

void gdb_buf_fini(struct gdb_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void gdb_buf_reset(struct gdb_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->p)
        b->p[0] = 0;
}

int gdb_buf_ok(const struct gdb_buf *b)
{
    return !b->failed;
}

/* Make room for n more bytes plus the NUL; 0 or -1 (and failed set). */
static int reserve(struct gdb_buf *b, size_t n)
{
    if (b->failed)
        return -1;
    if (n > b->limit || b->len > b->limit - n) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void gdb_buf_put(struct gdb_buf *b, const void *data, size_t n)
{
    if (reserve(b, n))
        return;
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = 0;
}

void gdb_buf_puts(struct gdb_buf *b, const char *s)
{
    gdb_buf_put(b, s, strlen(s));
}

void gdb_buf_putc(struct gdb_buf *b, char c)
{
    gdb_buf_put(b, &c, 1);
}

void gdb_buf_printf(struct gdb_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        gdb_buf_put(b, small, (size_t)n);
        return;
    }
    if (reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void gdb_buf_hex(struct gdb_buf *b, const void *data, size_t n)
{
    static const char k_hex[] = "0123456789abcdef";
    if (n > SIZE_MAX / 2 || reserve(b, 2 * n))
        return;
    const uint8_t *d = data;
    for (size_t i = 0; i < n; i++) {
        b->p[b->len++] = k_hex[d[i] >> 4];
        b->p[b->len++] = k_hex[d[i] & 15];
    }
    b->p[b->len] = 0;
}
