/*
 * asm_macro.h — .macro definitions and expansion, .rept/.irp/.irpc
 * (asm_macro.c). While c->collect.kind != 0 every statement goes to
 * asm_collect() instead of being assembled.
 */
#ifndef E2K_TOOLS_AS_ASM_MACRO_H
#define E2K_TOOLS_AS_ASM_MACRO_H

#include <stddef.h>

#include "tools/as/asm_internal.h"

struct asm_macro *asm_macro_find(struct asm_ctx *c, const char *name,
                                 size_t len);

/* `.macro` with its operand text: start collecting. 0 or -1. */
int asm_macro_begin(struct asm_ctx *c, const char *args);

/* kind 2: .rept count; 3: .irp sym, list; 4: .irpc sym, chars. */
void asm_rept_begin(struct asm_ctx *c, int kind, long count, const char *sym,
                    const char *list);

/* Collect one statement with its separator; 1 when it was the closing
 * .endm/.endr (then call asm_collect_end). */
int asm_collect(struct asm_ctx *c, const char *s, size_t len, char term);

/* Close the block: defines a macro (returns NULL) or returns the expanded
 * repetition text (malloc'ed, length in *len; NULL if empty or on error). */
char *asm_collect_end(struct asm_ctx *c, size_t *len);

/* Expansion text of macro m called with `args` (malloc'ed), or NULL after
 * reporting an error. */
char *asm_macro_expand(struct asm_ctx *c, const struct asm_macro *m,
                       const char *args, size_t *len);

void asm_macro_free(struct asm_ctx *c);

#endif
