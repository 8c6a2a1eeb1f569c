/*
 * asm_mem.h — the assembler's arena: everything a run allocates (names,
 * expressions, macro bodies) lives until the context is freed, so parsers
 * never have to track ownership of small objects.
 */
#ifndef E2K_TOOLS_AS_ASM_MEM_H
#define E2K_TOOLS_AS_ASM_MEM_H

#include <stddef.h>

struct asm_ctx;

/* Zeroed memory owned by the context. Never NULL (aborts the run with a
 * message only if the host is out of memory). */
void *asm_alloc(struct asm_ctx *c, size_t n);

/* Copy of s[0..n) plus a terminating NUL, owned by the context. */
char *asm_strndup(struct asm_ctx *c, const char *s, size_t n);
char *asm_strdup(struct asm_ctx *c, const char *s);

/* Free every arena block. */
void asm_arena_free(struct asm_ctx *c);

/* Growable buffer helper for heap arrays owned elsewhere: makes room for
 * `need` elements of `elem` bytes in *p (capacity *cap). 0 or -1. */
int asm_grow(void **p, size_t *cap, size_t need, size_t elem);

#endif
