/*
 * asm_reg.h — register names as operands: general-purpose registers
 * (%rN, %b[N], %gN with d/x/q/qp size prefixes), special destinations
 * (%empty, %ctprN, %tst, %tc, %tcd), predicates (%predN, %pcntN, @pN) and
 * state registers (%lsr, %psp.lo, ... from emu/sreg.def).
 *
 * Encodings: e2k-isa.md §3.1, §3.3, §8.1; syntax [B tc-e2k.c
 * parse_generic_register, parse_special_register, parse_pred_generic].
 */
#ifndef E2K_TOOLS_AS_ASM_REG_H
#define E2K_TOOLS_AS_ASM_REG_H

#include "tools/as/asm_internal.h"

/* Register size prefix as written (binutils only distinguishes single and
 * double; quad prefixes are accepted and treated as single). */
enum asm_reg_fmt { REGF_SINGLE, REGF_DOUBLE };

/* A general register at *pp: returns 1 and sets *byte to its operand byte
 * (AASTI registers: 0x100 + N), advancing *pp; 0 if there is none. Out of
 * range indices are errors (returns -1). */
int asm_parse_gpr(struct asm_ctx *c, const char **pp, int *byte);

/* %empty/%ctprN/%tst/%tc/%tcd at *pp: the destination byte, or 0. */
int asm_parse_special(const char **pp);

/* Either of the above (the `md_operand` of gas): 1 and *byte, 0, or -1. */
int asm_parse_reg(struct asm_ctx *c, const char **pp, int *byte);

/* `[~]%predN` (and `[~]%pcntN` if allow_pcnt) or, with local = 1,
 * `[~]@pN`. Returns 1 and fills *pr, 0 if not there, -1 on a bad number. */
int asm_parse_pred(struct asm_ctx *c, const char **pp, struct asm_pred *pr,
                   int local, int allow_pcnt);

/* State register at *pp (`%lsr`): code and flags string from emu/sreg.def.
 * Errors (unknown, not in this ISA) are reported; returns 1 or 0. */
int asm_parse_sreg(struct asm_ctx *c, const char **pp, int *code,
                   const char **flags);

#endif
