/*
 * asm_ctl.h — control transfer commands and conditions (asm_ctl.c).
 */
#ifndef E2K_TOOLS_AS_ASM_CTL_H
#define E2K_TOOLS_AS_ASM_CTL_H

#include "tools/as/asm_internal.h"

/* Handlers (asm_insn_fn): 1, or 0 after an error. */
int asm_ctl_copf2(struct asm_ctx *c, const char *name, const char **pp);
int asm_ctl_pref(struct asm_ctx *c, const char *name, const char **pp);
int asm_ctl_ct(struct asm_ctx *c, const char *name, const char **pp);
int asm_ctl_hicall(struct asm_ctx *c, const char *name, const char **pp);
int asm_ctl_ibranch(struct asm_ctx *c, const char *name, const char **pp);
int asm_ctl_done(struct asm_ctx *c, const char *name, const char **pp);

/* `? condition` of ct/call/ibranch/ibranchd into SS.ctcond. mode: 0
 * ct/call, 1 ibranch, 2 rbranch. */
int asm_ctl_ctcond(struct asm_ctx *c, const char **pp, int mode);

#endif
