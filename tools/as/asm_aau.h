/*
 * asm_aau.h — array access unit commands and operands (asm_aau.c).
 */
#ifndef E2K_TOOLS_AS_ASM_AAU_H
#define E2K_TOOLS_AS_ASM_AAU_H

#include "tools/as/asm_internal.h"

struct asm_opnd_ctx;

/* Handlers (asm_insn_fn): 1, or 0 after an error. */
int asm_aau_mova(struct asm_ctx *c, const char *name, const char **pp);
int asm_aau_incr(struct asm_ctx *c, const char *name, const char **pp);
int asm_aau_fapb(struct asm_ctx *c, const char *name, const char **pp);

/* Operands of aaurw/aaurr: an AAU register name into *opce1. 1 or 0. */
int asm_aau_reg(struct asm_opnd_ctx *o, const char **pp, unsigned *opce1);
/* Operands of staa/ldaa: `%aadN [ %aastiM (+ literal) ]`. 1 or 0. */
int asm_aau_aad_aasti(struct asm_opnd_ctx *o, const char **pp);

#endif
