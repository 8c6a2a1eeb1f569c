/*
 * asm_pack.h — packing a collected wide instruction into bytes (asm_pack.c).
 */
#ifndef E2K_TOOLS_AS_ASM_PACK_H
#define E2K_TOOLS_AS_ASM_PACK_H

#include "tools/as/asm_internal.h"

/* Encode the bundle in c->wc and append it (with its fixups) to the
 * current section; problems are reported and nothing is emitted. */
void asm_pack(struct asm_ctx *c);

#endif
