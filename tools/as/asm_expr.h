/*
 * asm_expr.h — GNU as expressions: numbers (C style, with U/L suffixes),
 * character constants, symbols (with `@RELOC` operators), `.`, numeric local
 * label references, unary - ~ !, and the binary operators with gas
 * precedence (* / % << >> over | & ^ over + - over comparisons over && over
 * ||; comparisons yield -1 for true as in gas). Square brackets group like
 * parentheses. Instruction operands may also contain registers.
 *
 * Sources: gas expr.c (operator ranks, folding rules) and e2k-asm-syntax.md
 * §1 (U/L suffixes accepted, `$` prefix ignored).
 */
#ifndef E2K_TOOLS_AS_ASM_EXPR_H
#define E2K_TOOLS_AS_ASM_EXPR_H

#include "tools/as/asm_internal.h"

/* Parse an expression at *pp. allow_reg: registers may appear as terms.
 * Returns NULL after reporting an error. */
struct asm_expr *asm_expr_parse(struct asm_ctx *c, const char **pp,
                                int allow_reg);

/* Value of e. final = 0: during assembly (labels are section-relative,
 * undefined symbols make it VAL_UNKNOWN); final = 1: after layout (labels
 * are addresses; undefined symbols are reported and count as 0). */
void asm_expr_eval(struct asm_ctx *c, const struct asm_expr *e, int final,
                   struct asm_val *v);

/* Parse an expression that must be absolute now. 0 or -1 (reported). */
int asm_expr_const(struct asm_ctx *c, const char **pp, int64_t *out);

struct asm_expr *asm_expr_num(struct asm_ctx *c, uint64_t v);
struct asm_expr *asm_expr_bin(struct asm_ctx *c, int op, struct asm_expr *a,
                              struct asm_expr *b);

int asm_expr_has_reg(const struct asm_expr *e);
int asm_expr_refers(const struct asm_expr *e, const struct asm_sym *sym);

#endif
