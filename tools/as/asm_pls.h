/*
 * asm_pls.h — predicate logic commands (asm_pls.c).
 */
#ifndef E2K_TOOLS_AS_ASM_PLS_H
#define E2K_TOOLS_AS_ASM_PLS_H

#include "tools/as/asm_internal.h"

/* Handlers (asm_insn_fn): 1, or 0 after an error. */
int asm_pls_pass(struct asm_ctx *c, const char *name, const char **pp);
int asm_pls_clp(struct asm_ctx *c, const char *name, const char **pp);
int asm_pls_cpl(struct asm_ctx *c, const char *name, const char **pp);

/* Consistency checks at the end of the bundle [B verify_pls_insns]. */
void asm_pls_verify(struct asm_ctx *c);

#endif
