/*
 * asm_parse.h — the statement loop over all pending input (asm_parse.c).
 */
#ifndef E2K_TOOLS_AS_ASM_PARSE_H
#define E2K_TOOLS_AS_ASM_PARSE_H

#include "tools/as/asm_internal.h"

/* Assemble every line of the pushed input frames, then finish the last
 * wide instruction and report unterminated blocks. */
void asm_parse_input(struct asm_ctx *c);

#endif
