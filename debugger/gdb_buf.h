/*
 * gdb_buf.h — a growable byte buffer with a size cap and a sticky error,
 * used to build RSP frames, replies and console output for the gdb stub.
 *
 * Not a general string library: it only appends. Once an append fails
 * (allocation, or the cap would be exceeded) the buffer stays failed and
 * further appends do nothing, so reply formatters can append freely and
 * check gdb_buf_ok() once (the sticky-error habit of style.md "Errors").
 */
#ifndef E2K_DEBUGGER_GDB_BUF_H
#define E2K_DEBUGGER_GDB_BUF_H

#include <stddef.h>
#include <stdint.h>

struct gdb_buf {
    char *p;      /* bytes, owned; always NUL-terminated when p != NULL */
    size_t len;   /* bytes used (without the NUL) */
    size_t cap;   /* bytes allocated */
    size_t limit; /* most bytes the buffer may hold (0 = 64 MiB) */
    int failed;   /* an append did not fit or could not allocate */
};

void gdb_buf_init(struct gdb_buf *b, size_t limit);
void gdb_buf_fini(struct gdb_buf *b);
/* Forget the contents and the error; keeps the allocation. */
void gdb_buf_reset(struct gdb_buf *b);
int gdb_buf_ok(const struct gdb_buf *b);

void gdb_buf_put(struct gdb_buf *b, const void *data, size_t n);
void gdb_buf_puts(struct gdb_buf *b, const char *s);
void gdb_buf_putc(struct gdb_buf *b, char c);
void gdb_buf_printf(struct gdb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Two lower-case hex digits per byte. */
void gdb_buf_hex(struct gdb_buf *b, const void *data, size_t n);

#endif
