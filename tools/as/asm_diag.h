/*
 * asm_diag.h — error and warning messages of e2k-as.
 *
 * Every message is one line `file:line:column: error: text` (or
 * `warning:`), the form compilers use, so editors can jump to it. Errors are
 * counted; after opts->max_errors further ones are only counted.
 */
#ifndef E2K_TOOLS_AS_ASM_DIAG_H
#define E2K_TOOLS_AS_ASM_DIAG_H

#include "tools/as/asm_internal.h"

#if defined(__GNUC__)
#define ASM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ASM_PRINTF(a, b)
#endif

/* Error at an explicit location. */
void asm_err_loc(struct asm_ctx *c, const struct asm_loc *loc, const char *fmt,
                 ...) ASM_PRINTF(3, 4);
void asm_warn_loc(struct asm_ctx *c, const struct asm_loc *loc, const char *fmt,
                  ...) ASM_PRINTF(3, 4);

/* Error at `p`, a pointer into the statement being assembled (the column is
 * computed from it); p == NULL means the statement start. */
void asm_err(struct asm_ctx *c, const char *p, const char *fmt, ...)
    ASM_PRINTF(3, 4);
void asm_warn(struct asm_ctx *c, const char *p, const char *fmt, ...)
    ASM_PRINTF(3, 4);

/* Location of `p` within the current statement. */
struct asm_loc asm_loc_at(const struct asm_ctx *c, const char *p);

/* Error without a source position (command line, I/O). */
void asm_err_plain(struct asm_ctx *c, const char *fmt, ...) ASM_PRINTF(2, 3);

#endif
