/*
 * asm_src.h — the stack of input frames: files, strings, `.include`s and
 * macro/`.rept` expansions (asm_src.c).
 */
#ifndef E2K_TOOLS_AS_ASM_SRC_H
#define E2K_TOOLS_AS_ASM_SRC_H

#include <stddef.h>

#include "tools/as/asm_internal.h"

/* Push a top-level input file (`.S` goes through the preprocessor when
 * top != 0) or an included one. 0, or -1 (reported). */
int asm_src_push_file(struct asm_ctx *c, const char *path, int top);

/* `.include "name"`: search as given, next to the current file, then in the
 * -I directories. 0 or -1 (reported). */
int asm_src_include(struct asm_ctx *c, const char *name);

/* Push source text held in memory (copied). */
void asm_src_push_text(struct asm_ctx *c, const char *name, const char *text,
                       size_t len);

/* Push an expansion or the rest of a line; `text` (malloc'ed) is owned by
 * the frame. Its lines report the location `call`. first_term, if not 0,
 * is the statement separator that precedes its first line (it matters for
 * `{`/`}`). */
void asm_src_push_macro(struct asm_ctx *c, char *text, size_t len,
                        const struct asm_loc *call, char first_term);

/* Next physical line (without newline), valid until the next call.
 * *first_term is the separator preceding it when it starts a frame pushed
 * with one, else 0. Returns 1, or 0 when every frame is exhausted. */
int asm_src_next(struct asm_ctx *c, const char **line, size_t *len,
                 struct asm_loc *loc, char *first_term);

void asm_src_pop(struct asm_ctx *c);
int asm_src_in_macro(const struct asm_ctx *c);
void asm_src_free(struct asm_ctx *c);

#endif
