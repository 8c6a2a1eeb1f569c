/*
 * asm_lit.h — long literals of a wide instruction and their placement in
 * the LTS syllables.
 *
 * Algorithm [B tc-e2k.c parse_literal/encode_src2, place_literals,
 * place_literal]: each literal gets a list of candidate positions (16-bit
 * halves of LTS0/LTS1, 32-bit LTS0..3, 64-bit LTS0+1, LTS1+2, LTS2+3; a
 * 16-bit one prefers the high half). Literals are sorted by number of
 * candidates (fewer first), then by size (larger first), then by source
 * order; every combination is tried and the one whose busy-half mask is
 * numerically smallest wins, the first one found among equals. The mask
 * numbers the high half of LTSk as bit 2k and the low half as bit 2k+1.
 * Equal 16-bit pieces of constants, and identical symbol references at the
 * same sub-position, may share a half.
 */
#ifndef E2K_TOOLS_AS_ASM_LIT_H
#define E2K_TOOLS_AS_ASM_LIT_H

#include "tools/as/asm_internal.h"

/* Add a literal to the current bundle with rows min_row..max_row (LIT_16..
 * LIT_64) and columns min_col..max_col (16-bit positions 0..7). Returns its
 * index, or -1 (too many literals; reported). */
int asm_lit_new(struct asm_ctx *c, struct asm_expr *e, int is_const,
                uint64_t value, int min_row, int max_row, int min_col,
                int max_col);

/* Result of placement: for each half position, the literal that owns it and
 * which 16-bit piece of it (-1 = free). */
struct asm_lts_map {
    int owner[8];
    int sub[8];
    unsigned busy; /* gas's mask, see above */
};

/* Place all literals of the bundle. 0, or -1 with an error reported. */
int asm_lit_place(struct asm_ctx *c, struct asm_lts_map *map);

/* The src2 byte that refers to literal l after placement (§3.2). */
uint8_t asm_lit_src2(const struct asm_lit *l);

/* The src2 byte of an explicit reference `_litNN_ref,_ltsX`. */
uint8_t asm_lit_ref_src2(int row, int col);

#endif
