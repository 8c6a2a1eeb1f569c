/*
 * asm_stub.h — set commands, wait, flushes, nop, ipd and SS stubs
 * (asm_stub.c).
 */
#ifndef E2K_TOOLS_AS_ASM_STUB_H
#define E2K_TOOLS_AS_ASM_STUB_H

#include "tools/as/asm_internal.h"

/* Handlers (asm_insn_fn): 1, or 0 after an error. */
int asm_stub_setcmd(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_setsft(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_wait(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_flush(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_nop(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_ipd(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_flag(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_advance(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_abg(struct asm_ctx *c, const char *name, const char **pp);
int asm_stub_rp(struct asm_ctx *c, const char *name, const char **pp);

#endif
