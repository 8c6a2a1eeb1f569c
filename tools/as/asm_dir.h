/*
 * asm_dir.h — assembler directives (asm_dir.c).
 */
#ifndef E2K_TOOLS_AS_ASM_DIR_H
#define E2K_TOOLS_AS_ASM_DIR_H

#include <stddef.h>

#include "tools/as/asm_internal.h"

/* Run directive `name` (n chars, with its dot) with operand text `args`.
 * Returns 1 if it was a directive, 0 if the name is unknown. */
int asm_directive(struct asm_ctx *c, const char *name, size_t n,
                  const char *args);

/* In a skipped .if branch: only track .if/.else/.endif nesting. */
void asm_dir_cond_only(struct asm_ctx *c, const char *stmt);

#endif
