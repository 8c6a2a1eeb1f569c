/*
 * asm_alop.h — ALS operations: every op of emu/isa.def (asm_alop.c).
 */
#ifndef E2K_TOOLS_AS_ASM_ALOP_H
#define E2K_TOOLS_AS_ASM_ALOP_H

#include "tools/as/asm_internal.h"

/* Parse one ALS operation `name` whose isa rows (usable in this ISA version)
 * are rows[0..n_rows) and add it to the current wide instruction. 1 or 0. */
int asm_alop(struct asm_ctx *c, const char *name, const char **pp,
             const struct isa_op *const *rows, unsigned n_rows);

#endif
