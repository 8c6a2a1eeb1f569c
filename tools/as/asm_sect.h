/*
 * asm_sect.h — sections of an input file and what goes into them: bytes,
 * alignment padding and fixups (references resolved after layout).
 *
 * Section kinds follow ELF flags; the linker (asm_link.c) gathers them into
 * the four output sections by kind: executable -> .text, read-only ->
 * .rodata, writable -> .data, NOBITS -> .bss. Sections without SHF_ALLOC
 * (e.g. .note.GNU-stack, .comment) are assembled and dropped.
 */
#ifndef E2K_TOOLS_AS_ASM_SECT_H
#define E2K_TOOLS_AS_ASM_SECT_H

#include "tools/as/asm_internal.h"

#define ASM_MAX_SECT_SIZE ((uint64_t)256 << 20) /* keeps fuzz inputs sane */

/* Find or create section `name` of the current object. flags/nobits are
 * used when it is created (-1: defaults from the name). Switches to it when
 * `enter`. */
struct asm_sect *asm_sect_get(struct asm_ctx *c, const char *name, int flags,
                              int nobits);

/* Append bytes to the current section (.bss accepts only zeros). */
int asm_emit(struct asm_ctx *c, const void *data, size_t n);

/* Append n copies of byte `fill`. */
int asm_emit_fill(struct asm_ctx *c, uint64_t n, uint8_t fill);

/* Pad to a multiple of `align` bytes (a power of two) with `fill`, unless
 * that needs more than max bytes (max < 0: no limit). */
int asm_align(struct asm_ctx *c, uint64_t align, uint8_t fill, int64_t max);

/* Record a fixup in the current section. */
void asm_add_fixup(struct asm_ctx *c, int kind, uint64_t off, uint64_t bundle,
                   struct asm_expr *e, const struct asm_loc *loc);

/* Output group of a section (ASM_SEC_* or -1 = not loaded). */
int asm_sect_group(const struct asm_sect *s);

#endif
