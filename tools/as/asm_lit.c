/*
 * asm_lit.c — literal candidates and the exhaustive placement search
 * (asm_lit.h). The search is exactly gas's odometer over candidate indices
 * with pruning at the first conflicting literal, so that ties are broken the
 * same way and the bytes match.
 */
#include "tools/as/asm_lit.h"

#include <string.h>

#include "tools/as/asm_diag.h"

/* Which (row, column) combinations exist [B tc-e2k.c dummy_table]; columns
 * are 16-bit positions: 2k = low half of LTSk, 2k + 1 = high half. */
static const int k_table[3][8] = {
    {1, 1, 1, 1, 0, 0, 0, 0}, /* 16-bit: LTS0/LTS1 halves */
    {1, 0, 1, 0, 1, 0, 1, 0}, /* 32-bit: LTS0..LTS3 */
    {1, 0, 1, 0, 1, 0, 0, 0}, /* 64-bit: LTS0+1, LTS1+2, LTS2+3 */
};

int asm_lit_new(struct asm_ctx *c, struct asm_expr *e, int is_const,
                uint64_t value, int min_row, int max_row, int min_col,
                int max_col)
{
    struct asm_wc *w = &c->wc;
    if (w->n_lits >= ASM_MAX_LITS) {
        asm_err(c, NULL, "too many literals in one wide instruction");
        return -1;
    }
    struct asm_lit *l = &w->lits[w->n_lits];
    memset(l, 0, sizeof *l);
    l->expr = e;
    l->is_const = is_const;
    l->value = value;
    l->best = -1;
    l->loc = c->loc;
    static const int k_conv[8] = {1, 0, 3, 2, 4, 5, 6, 7};
    for (int i = min_row < 0 ? 0 : min_row; i <= max_row && i <= LIT_64; i++)
        for (int j = min_col; j <= max_col && j < 8; j++) {
            /* a 16-bit literal tries the high half first unless its
             * column was given exactly */
            int k = (i == LIT_16 && min_col != max_col) ? k_conv[j] : j;
            if (k_table[i][k] && l->n < 11) {
                l->size[l->n] = i == LIT_16 ? 1 : i == LIT_32 ? 2 : 4;
                l->pos[l->n++] = k;
            }
        }
    return w->n_lits++;
}

static unsigned half_mask(int pos)
{
    return 1u << (((pos >> 1) << 1) + 1 - (pos & 1));
}

/* Symbolic literal as symbol + addend, for sharing; 0 if not of that form. */
static int sym_form(const struct asm_expr *e, const struct asm_sym **s,
                    uint64_t *add, int *relop)
{
    if (!e)
        return 0;
    if (e->op == EX_SYM) {
        *s = e->sym;
        *add = 0;
        *relop = e->relop;
        return 1;
    }
    if (e->op == EX_ADD && e->b->op == EX_NUM &&
        sym_form(e->a, s, add, relop)) {
        *add += e->b->num;
        return 1;
    }
    if (e->op == EX_ADD && e->a->op == EX_NUM &&
        sym_form(e->b, s, add, relop)) {
        *add += e->a->num;
        return 1;
    }
    if (e->op == EX_SUB && e->b->op == EX_NUM &&
        sym_form(e->a, s, add, relop)) {
        *add -= e->b->num;
        return 1;
    }
    return 0;
}

/* Would literal `l`'s piece `i` be identical to what occupies a half owned
 * by `o`'s piece `osub`? [B hsyll_same_expr] */
static int same_piece(const struct asm_lit *o, int osub,
                      const struct asm_lit *l, int i)
{
    if (o->is_const != l->is_const)
        return 0;
    if (l->is_const)
        return ((o->value >> (16 * osub)) & 0xffff) ==
               ((l->value >> (16 * i)) & 0xffff);
    if (osub != i)
        return 0;
    if (o->expr == l->expr)
        return 1;
    const struct asm_sym *s1, *s2;
    uint64_t a1, a2;
    int r1, r2;
    return sym_form(o->expr, &s1, &a1, &r1) &&
           sym_form(l->expr, &s2, &a2, &r2) && s1 == s2 && a1 == a2 && r1 == r2;
}

static int place_one(struct asm_wc *w, struct asm_lts_map *m, int li, int idx,
                     int prove)
{
    const struct asm_lit *l = &w->lits[li];
    int base = l->pos[idx], size = l->size[idx];
    if (prove)
        for (int i = 0; i < size; i++) {
            int pos = base + i;
            if ((m->busy & half_mask(pos)) &&
                !same_piece(&w->lits[m->owner[pos]], m->sub[pos], l, i))
                return 0;
        }
    for (int i = 0; i < size; i++) {
        int pos = base + i;
        if (m->busy & half_mask(pos))
            continue;
        m->busy |= half_mask(pos);
        m->owner[pos] = li;
        m->sub[pos] = i;
    }
    return 1;
}

static void clear_map(struct asm_lts_map *m)
{
    for (int i = 0; i < 8; i++) {
        m->owner[i] = -1;
        m->sub[i] = 0;
    }
    m->busy = 0;
}

/* qsort order of [B compare_literal_placements] as a strict weak order. */
static int lit_before(const struct asm_lit *a, int ia, const struct asm_lit *b,
                      int ib)
{
    if (a->n != b->n)
        return a->n < b->n;
    for (int i = 0; i < a->n; i++)
        if (a->size[i] != b->size[i])
            return a->size[i] > b->size[i];
    return ia < ib;
}

int asm_lit_place(struct asm_ctx *c, struct asm_lts_map *map)
{
    struct asm_wc *w = &c->wc;
    int n = w->n_lits;
    int order[ASM_MAX_LITS], cur[ASM_MAX_LITS] = {0}, best[ASM_MAX_LITS];
    for (int i = 0; i < n; i++) {
        if (w->lits[i].n == 0) {
            asm_err_loc(c, &w->lits[i].loc,
                        "no valid literal position for this format");
            return -1;
        }
        order[i] = i;
    }
    for (int i = 1; i < n; i++)
        for (int j = i;
             j > 0 && lit_before(&w->lits[order[j]], order[j],
                                 &w->lits[order[j - 1]], order[j - 1]);
             j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    unsigned best_res = 0x100;
    int first = 0;
    for (;;) {
        clear_map(map);
        int i;
        for (i = 0; i < n; i++) {
            if (!place_one(w, map, order[i], cur[i], i >= first))
                break;
            /* placing more literals only adds mask bits, so a prefix that
             * is already no better than the best complete assignment cannot
             * win: skipping it keeps gas's result (first strict minimum) */
            if (map->busy >= best_res)
                break;
        }
        if (i == n) {
            first = n - 1;
            if (map->busy < best_res) {
                best_res = map->busy;
                memcpy(best, cur, sizeof cur);
            }
        } else {
            first = i;
        }
        for (i = n - 1; i > first; i--)
            cur[i] = 0;
        for (i = first; i >= 0; i--) {
            if (++cur[i] < w->lits[order[i]].n)
                break;
            cur[i] = 0;
        }
        if (i < 0)
            break;
        first = i;
    }
    if (best_res == 0x100) {
        asm_err_loc(c, &w->loc,
                    "literals cannot be packed into a wide "
                    "instruction");
        return -1;
    }
    clear_map(map);
    for (int i = 0; i < n; i++) {
        w->lits[order[i]].best = best[i];
        place_one(w, map, order[i], best[i], 0);
    }
    return 0;
}

uint8_t asm_lit_src2(const struct asm_lit *l)
{
    int pos = l->pos[l->best], size = l->size[l->best];
    int k = pos / 2, hi = pos % 2;
    if (size == 1)
        return (uint8_t)(0xd0 | (k == 1 ? 1 : 0) | (hi ? 4 : 0));
    if (size == 2)
        return (uint8_t)(0xd8 | k);
    return (uint8_t)(0xdc | k);
}

uint8_t asm_lit_ref_src2(int row, int col)
{
    if (row == LIT_16)
        return (uint8_t)(0xd0 | ((col & 2) ? 1 : 0) | ((col & 1) ? 4 : 0));
    if (row == LIT_32)
        return (uint8_t)(0xd8 | (col >> 1));
    return (uint8_t)(0xdc | (col >> 1));
}
