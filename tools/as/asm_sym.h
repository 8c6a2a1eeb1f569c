/*
 * asm_sym.h — symbols of one input file: labels, `=`/.set equates,
 * numeric local labels (`1:`, `1b`, `1f`) and `.L` locals.
 *
 * Semantics follow GNU as: a label is section + offset; `sym = expr` binds
 * sym to the value of expr at that point (an absolute number, a section
 * offset, or — if expr is not yet computable — the expression itself); a
 * symbol used before its definition stays symbolic at the use, which for an
 * instruction literal means a 64-bit literal [B tc-e2k.c encode_src2].
 */
#ifndef E2K_TOOLS_AS_ASM_SYM_H
#define E2K_TOOLS_AS_ASM_SYM_H

#include "tools/as/asm_internal.h"

struct asm_obj *asm_obj_new(struct asm_ctx *c);

/* Find a symbol of the current object; NULL if never seen. A leading `$`
 * is ignored [B e2k_canonicalize_symbol_name]. */
struct asm_sym *asm_sym_find(struct asm_ctx *c, const char *name, size_t len);

/* Find or create (undefined) a symbol; `loc` is remembered as the first
 * reference of a new one. */
struct asm_sym *asm_sym_get(struct asm_ctx *c, const char *name, size_t len,
                            const struct asm_loc *loc);

/* Define `sym` as a label at the current location. 0 or -1 (reported). */
int asm_sym_label(struct asm_ctx *c, struct asm_sym *sym,
                  const struct asm_loc *loc);

/* `sym = expr` / .set / .equ; `strict` (==, .equiv) refuses redefinition. */
int asm_sym_assign(struct asm_ctx *c, struct asm_sym *sym, struct asm_expr *e,
                   int strict, const struct asm_loc *loc);

/* Numeric local labels: define instance N: (returns its symbol), or refer
 * to the previous (`Nb`) or next (`Nf`) one. */
struct asm_sym *asm_local_label_define(struct asm_ctx *c, unsigned n,
                                       const struct asm_loc *loc);
struct asm_sym *asm_local_label_ref(struct asm_ctx *c, unsigned n, int fwd,
                                    const struct asm_loc *loc);

#endif
