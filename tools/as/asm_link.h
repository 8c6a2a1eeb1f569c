/*
 * asm_link.h — layout, cross-file symbol resolution and fixups
 * (asm_link.c).
 */
#ifndef E2K_TOOLS_AS_ASM_LINK_H
#define E2K_TOOLS_AS_ASM_LINK_H

#include "tools/as/asm_internal.h"

/* Build *img from every assembled object. need_start: a missing global
 * `_start` is an error (else the entry is the start of .text). Returns
 * ASM_OK or a negative asm_error; *img is filled either way and must be
 * freed with asm_image_free(). */
int asm_link(struct asm_ctx *c, struct asm_image *img, int need_start);

#endif
