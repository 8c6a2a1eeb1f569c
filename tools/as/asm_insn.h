/*
 * asm_insn.h — one instruction statement: mnemonic, aliases, literal
 * specifiers, dispatch (asm_insn.c). The handlers live in asm_alop.c
 * (ALS operations), asm_ctl.c, asm_stub.c, asm_pls.c and asm_aau.c; each
 * parses its operands at *pp, records what it encodes in c->wc and returns
 * 1, or reports an error and returns 0.
 */
#ifndef E2K_TOOLS_AS_ASM_INSN_H
#define E2K_TOOLS_AS_ASM_INSN_H

#include "tools/as/asm_internal.h"

typedef int (*asm_insn_fn)(struct asm_ctx *c, const char *name,
                           const char **pp);

/* Assemble one instruction statement into the current wide instruction. */
void asm_insn(struct asm_ctx *c, const char *text);

#endif
