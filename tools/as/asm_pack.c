/*
 * asm_pack.c — turns the collected wide instruction into bytes: merges the
 * set commands into CS1, places literals and ALS channels, allocates MAS and
 * CDS half-syllables, then lays the syllables out and fills HS.
 *
 * Everything here follows MCST gas step by step [B tc-e2k.c
 * end_wide_command, encode_setcmds/setr0/setr1/setbr/setei/setsft,
 * place_alses, pack_plcmnt, pack_wide_command]; the layout is e2k-isa.md
 * §1.5. Channel assignment is gas's: ops in source order, each trying its
 * allowed channels in ascending order (or its explicit one), the first
 * complete assignment wins.
 */
#include "tools/as/asm_pack.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_pls.h"
#include "tools/as/asm_lit.h"
#include "tools/as/asm_sect.h"
#include "tools/as/asm_wc.h"

enum {
    P_RSZ,
    P_RBS,
    P_RCUR,
    P_PSZ,
    P_TYPE,
    P_WSZ,
    P_NFX,
    P_DBL,
    P_RPSZ,
    P_SETEI
};

static int is_set(const struct asm_wc *w, int i)
{
    return w->setcmd[i] != ASM_SET_UNSET;
}

static unsigned arg(const struct asm_wc *w, int i, unsigned mask)
{
    return is_set(w, i) ? w->setcmd[i] & mask : 0;
}

static void encode_setbr(struct asm_ctx *c, int setup)
{
    struct asm_wc *w = &c->wc;
    if (w->cs1.set) {
        asm_err_loc(c, &w->loc,
                    "cannot encode SETBR, CS1 syllable is "
                    "already busy");
        return;
    }
    if (is_set(w, P_RSZ))
        w->cs1.val |= 1u << 26 | arg(w, P_RSZ, 0x3f) << 6 |
                      arg(w, P_RBS, 0x3f) | arg(w, P_RCUR, 0x3f) << 12;
    if (is_set(w, P_PSZ))
        w->cs1.val |= 1u << 27 | arg(w, P_PSZ, 0x1f) << 18;
    if (setup) {
        w->cs1.val = (w->cs1.val & 0x0fffffffu) | 4u << 28;
        w->cs1.set = 1;
    }
}

/* SETR0/SETR1: the window word goes to LTS0 (e2k-isa.md §7.6). */
static void encode_setr(struct asm_ctx *c, int opc)
{
    struct asm_wc *w = &c->wc;
    encode_setbr(c, 0);
    uint32_t lts = 0;
    if (is_set(w, P_TYPE)) {
        w->cs1.val |= 1u << 25;
        lts |= arg(w, P_TYPE, 0x7fff) << 17;
    }
    if (is_set(w, P_WSZ))
        lts |= arg(w, P_WSZ, 0x7f) << 5 | arg(w, P_NFX, 1) << 4 |
               arg(w, P_DBL, 1) << 3;
    if (opc == 1)
        lts |= arg(w, P_RPSZ, 0x1f) << 12;
    int li = asm_lit_new(c, NULL, 1, lts, LIT_32, LIT_32, 0, 0);
    (void)li;
    w->cs1.val = (w->cs1.val & 0x0fffffffu) | (uint32_t)opc << 28;
    w->cs1.set = 1;
}

static void encode_setcmds(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    if (is_set(w, P_RPSZ))
        encode_setr(c, 1);
    else if (is_set(w, P_WSZ) || is_set(w, P_TYPE))
        encode_setr(c, 0);
    else if (is_set(w, P_PSZ) || is_set(w, P_RSZ))
        encode_setbr(c, 1);
    if (is_set(w, P_SETEI)) {
        if (w->cs1.set)
            asm_err_loc(c, &w->loc,
                        "cannot encode SETEI, CS1 syllable is "
                        "already busy");
        w->cs1.val = 2u << 28 | arg(w, P_SETEI, 0xff);
        w->cs1.set = 1;
    }
    if (w->setsft) {
        if (w->cs1.set)
            asm_err_loc(c, &w->loc,
                        "cannot encode SETSFT, CS1 syllable is "
                        "already busy");
        w->cs1.val = 2u << 28 | 1u << 27;
        w->cs1.set = 1;
    }
}

/* Channels an ALS occupies when placed at position `pos`. */
static int real_channels(const struct asm_als *a, int pos, int out[2])
{
    static const int k_pair[4][6][2] = {
        {{0}},
        {{0, 1}, {0, 1}, {-1, -1}, {3, 4}, {3, 4}, {-1, -1}},
        {{0, 2}, {-1, -1}, {0, 2}, {3, 5}, {-1, -1}, {3, 5}},
        {{-1, -1}, {-1, -1}, {2, 5}, {-1, -1}, {-1, -1}, {2, 5}},
    };
    if (!a->pair) {
        out[0] = pos;
        return 1;
    }
    out[0] = k_pair[a->pair][pos][0];
    out[1] = k_pair[a->pair][pos][1];
    return out[0] < 0 ? 0 : 2;
}

static const struct isa_op *row_for(const struct asm_als *a, int ch)
{
    for (unsigned i = 0; i < a->n_rows; i++)
        if (a->rows[i]->channels & (1u << ch))
            return a->rows[i];
    return a->rows[0];
}

struct packed {
    uint32_t al[6];
    uint16_t ales[6];
    unsigned busy_al, busy_ales;
};

static int place_alses(struct asm_ctx *c, struct packed *pk)
{
    struct asm_wc *w = &c->wc;
    int n = w->n_als;
    int pos[6][6], npos[6], cur[6] = {0}, best[6];
    for (int i = 0; i < n; i++) {
        struct asm_als *a = &w->als[i];
        npos[i] = 0;
        for (int ch = 0; ch < 6; ch++) {
            int rc[2];
            if (a->fixed_ch >= 0 ? ch != a->fixed_ch
                                 : !(a->allowed & (1u << ch)))
                continue;
            if (!real_channels(a, ch, rc))
                continue;
            pos[i][npos[i]++] = ch;
        }
        if (!npos[i]) {
            asm_err_loc(c, &a->loc, "no channel for this operation");
            return -1;
        }
    }
    int found = 0, first = 0;
    for (;;) {
        unsigned busy = 0;
        int i;
        for (i = 0; i < n; i++) {
            int rc[2];
            int k = real_channels(&w->als[i], pos[i][cur[i]], rc);
            int clash = 0;
            for (int j = 0; j < k; j++)
                if (busy & (1u << rc[j]))
                    clash = 1;
            if (clash)
                break;
            for (int j = 0; j < k; j++)
                busy |= 1u << rc[j];
        }
        if (i == n) {
            first = n - 1;
            if (!found) {
                found = 1;
                memcpy(best, cur, sizeof cur);
            }
        } else {
            first = i;
        }
        for (i = n - 1; i > first; i--)
            cur[i] = 0;
        for (i = first; i >= 0; i--) {
            if (++cur[i] < npos[i])
                break;
            cur[i] = 0;
        }
        if (i < 0 || found)
            break;
        first = i;
    }
    if (!found) {
        asm_err_loc(c, &w->loc,
                    "ALSes cannot be packed into a wide "
                    "instruction");
        return -1;
    }

    int met_mas = 0;
    for (int i = 0; i < n; i++) {
        struct asm_als *a = &w->als[i];
        int rc[2];
        int k = real_channels(a, pos[i][best[i]], rc);
        a->chosen = pos[i][best[i]];
        for (int j = 0; j < k; j++) {
            int ch = rc[j];
            const struct isa_op *r = row_for(a, ch);
            uint32_t v = a->als[j];
            if (r->sel_kind == ISA_SEL_SRC1)
                v = (v & ~0x00ff0000u) | (uint32_t)r->sel << 16;
            else if (r->sel_kind == ISA_SEL_SRC2)
                v = (v & ~0x0000ff00u) | (uint32_t)r->sel << 8;
            else if (r->sel_kind == ISA_SEL_CMP)
                v = (v & ~0xe0u) | (uint32_t)(r->sel & 7) << 5;
            v = (v & ~0x7f000000u) | (uint32_t)(r->opc & 0x7f) << 24;
            pk->al[ch] = v;
            pk->busy_al |= 1u << ch;
            if (r->tbl != ISA_TBL_SHORT) {
                uint8_t lo =
                    r->ales_kind == ISA_ALES_OPCE ? r->opce : a->ales_lo;
                pk->ales[ch] = (uint16_t)(r->tbl << 8 | lo);
                pk->busy_ales |= 1u << ch;
                if (c->isa == 4 && (ch == 2 || ch == 5) &&
                    (r->flags & ISA_F_ALES25_V4))
                    w->explicit_ales25 = 1;
            }
        }
        if (a->need_mas) {
            if (w->cs1.set) {
                asm_err_loc(c, &a->loc,
                            "cannot encode MAS: CS1 syllable is "
                            "busy");
                return -1;
            }
            if (!met_mas) {
                w->cs1.val = 6u << 28;
                met_mas = 1;
            }
            for (int j = 0; j < k; j++) {
                static const int k_shift[6] = {21, -1, 14, 7, -1, 0};
                if (k_shift[rc[j]] >= 0)
                    w->cs1.val |= (uint32_t)(a->mas & 0x7f) << k_shift[rc[j]];
            }
        }
        /* RLP/MRGC half-syllables, shared when kind and predicate match */
        static const int k_opc[8][2] = {{0, 2}, {0, 2}, {0, 2},  {1, 3},
                                        {1, 3}, {1, 3}, {0, -1}, {1, -1}};
        static const unsigned k_mask[8] = {1, 2, 4, 1, 2, 4, 8, 8};
        static const unsigned k_neg[8] = {1, 2, 4, 1, 2, 4, 4, 4};
        for (int l = 0; l < 4; l++) {
            const struct asm_pred *pr = &a->preds[l];
            if (pr->num < 0)
                continue;
            int oi = l < 2 ? l : 0;
            for (int j = 0; j < k; j++) {
                int ch = rc[j];
                if (l == 3) {
                    if (ch != 2 && ch != 5) {
                        asm_err_loc(c, &a->loc,
                                    "an incr condition needs "
                                    "channel 2 or 5");
                        return -1;
                    }
                    ch = ch == 2 ? 6 : 7;
                }
                unsigned want = (unsigned)k_opc[ch][oi];
                int h;
                for (h = 0; h < 6; h++) {
                    uint16_t x = w->cds[h];
                    if ((x >> 14) != want || (x & 0x7f) != (unsigned)pr->fld)
                        continue;
                    unsigned mask = (x >> 10) & 0xf, neg = (x >> 7) & 7;
                    if ((k_mask[ch] == 4 && (mask & 8)) ||
                        (k_mask[ch] == 8 && (mask & 4))) {
                        if ((pr->neg && !(neg & k_neg[ch])) ||
                            (!pr->neg && (neg & k_neg[ch])))
                            continue;
                    }
                    w->cds[h] |= (uint16_t)(k_mask[ch] << 10);
                    if (pr->neg)
                        w->cds[h] |= (uint16_t)(k_neg[ch] << 7);
                    break;
                }
                if (h < 6)
                    continue;
                for (h = 0; h < 6 && ((w->cds[h] >> 10) & 0xf); h++)
                    ;
                if (h == 6) {
                    asm_err_loc(c, &a->loc,
                                "out of free CDS "
                                "half-syllables");
                    return -1;
                }
                w->cds[h] = (uint16_t)(want << 14 | k_mask[ch] << 10 |
                                       (pr->neg ? k_neg[ch] << 7 : 0) |
                                       (unsigned)pr->fld);
            }
        }
    }
    if (met_mas)
        w->cs1.set = 1;
    return 0;
}

static void check_ctcond(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    if (!w->ss.started || !asm_ss_is_set(c, SSF_CTCOND))
        return;
    uint32_t cc = asm_ss_get(c, SSF_CTCOND), type = (cc >> 5) & 0xf;
    if (type == 8) {
        for (int i = 0; i < 4; i++)
            if (cc & (1u << i)) {
                int ch = i < 2 ? i : i + 1;
                if (!(w->explicit_spec & (1u << ch)))
                    asm_err_loc(c, &w->loc,
                                "no speculative operation with "
                                "an explicit ALC matches %%dt_al%d",
                                ch);
            }
    } else if (type == 9) {
        unsigned t = (cc >> 3) & 3;
        if (t == 0) {
            unsigned k = (cc >> 1) & 3;
            if (k >= 2)
                k++;
            if (!(w->explicit_int_cmp & (1u << k)))
                asm_err_loc(c, &w->loc,
                            "no integer comparison with an "
                            "explicitly specified ALC matches %%cmp%u",
                            k);
        } else if (t == 1) {
            unsigned jk = (cc >> 2) & 1;
            unsigned a = jk ? 3 : 0, b = jk ? 4 : 1;
            if (!(w->explicit_int_cmp & (1u << a)))
                asm_err_loc(c, &w->loc,
                            "no integer comparison with an "
                            "explicitly specified ALC matches %%cmp%u",
                            a);
            if (!(w->explicit_int_cmp & (1u << b)))
                asm_err_loc(c, &w->loc,
                            "no integer comparison with an "
                            "explicitly specified ALC matches %%cmp%u",
                            b);
        } else if (t == 2) {
            unsigned k = (cc >> 1) & 3;
            if (!(w->explicit_lp & (1u << (k + 4))))
                asm_err_loc(c, &w->loc,
                            "no explicit {C/M}LP producing @p%u "
                            "matches %%clp%u",
                            k + 4, k);
        }
    }
}

static void put16(uint32_t *words, unsigned base, unsigned idx, uint16_t v)
{
    /* u16 index idx of the little-endian word array starting at base */
    uint32_t *wp = &words[base + idx / 2];
    if (idx & 1)
        *wp = (*wp & 0x0000ffffu) | (uint32_t)v << 16;
    else
        *wp = (*wp & 0xffff0000u) | v;
}

static void emit_fapb(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    uint8_t b[16] = {0};
    for (int i = 0; i < 2; i++)
        if (w->busy_aps & (1u << i))
            for (int k = 0; k < 4; k++) {
                b[8 * i + k] = (uint8_t)(w->aps[i] >> (8 * k));
                b[8 * i + 4 + k] = (uint8_t)(w->apls[i] >> (8 * k));
            }
    asm_emit(c, b, sizeof b);
}

void asm_pack(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    if (w->busy_aps) {
        emit_fapb(c);
        return;
    }
    int errs = c->n_errors;
    asm_pls_verify(c);
    check_ctcond(c);
    encode_setcmds(c);
    struct asm_lts_map map;
    if (asm_lit_place(c, &map))
        return;
    for (int i = 0; i < w->n_als; i++) {
        struct asm_als *a = &w->als[i];
        if (a->lit < 0)
            continue;
        uint8_t b = asm_lit_src2(&w->lits[a->lit]);
        for (int j = 0; j < (a->pair ? 2 : 1); j++)
            a->als[j] = (a->als[j] & ~0xff00u) | (uint32_t)b << 8;
    }
    struct packed pk;
    memset(&pk, 0, sizeof pk);
    if (place_alses(c, &pk))
        return;
    if (c->n_errors != errs)
        return;

    uint32_t words[20];
    memset(words, 0, sizeof words);
    uint32_t hs = 0;
    unsigned n = 1, cs0_at = 0;
    if (w->lm)
        hs |= 1u << 10;
    if (w->sw)
        hs |= 1u << 13;
    if (w->ss.started) {
        hs |= 1u << 12;
        words[n++] = w->ss.val;
    }
    for (int ch = 0; ch < 6; ch++)
        if (pk.busy_al & (1u << ch)) {
            hs |= 1u << (26 + ch);
            words[n++] = pk.al[ch];
        }
    if (w->cs0.set) {
        cs0_at = n;
        words[n++] = w->cs0.val;
        hs |= 1u << 14;
    }
    if (c->isa >= 4 && (((pk.busy_ales & 4) && pk.ales[2] != 0x01c0) ||
                        ((pk.busy_ales & 0x20) && pk.ales[5] != 0x01c0) ||
                        w->explicit_ales25)) {
        uint16_t a2 = (pk.busy_ales & 4) ? pk.ales[2] : 0x01c0;
        uint16_t a5 = (pk.busy_ales & 0x20) ? pk.ales[5] : 0x01c0;
        words[n++] = (uint32_t)a2 << 16 | a5;
    }
    if (w->cs1.set) {
        words[n++] = w->cs1.val;
        hs |= 1u << 15;
    }
    hs |= n - 1; /* mdl */

    unsigned h = 0, base = n;
    for (int ch = 0; ch < 6; ch++) {
        if (!(pk.busy_ales & (1u << ch)))
            continue;
        hs |= 1u << (20 + ch);
        if (ch == 2 || ch == 5) {
            if (c->isa < 4 && pk.ales[ch] != 0x01c0) {
                asm_err_loc(c, &w->loc,
                            "this operation on channel %d needs "
                            "elbrus-v4 or later",
                            ch);
                return;
            }
            continue; /* ALES2/5 never take a half-syllable slot */
        }
        put16(words, base, (h & ~1u) + 1 - (h & 1), pk.ales[ch]);
        h++;
    }
    for (int i = 0; i < 2; i++)
        if (w->busy_aas & (3u << (2 * i))) {
            uint16_t v = (uint16_t)(w->aa_dst[i][0] | w->aa_dst[i][1] << 8);
            put16(words, base, (h & ~1u) + 1 - (h & 1), v);
            h++;
        }
    for (int i = 0; i < 4; i++)
        if (w->busy_aas & (1u << i)) {
            put16(words, base, (h & ~1u) + 1 - (h & 1), w->aas[i]);
            h++;
        }
    h = (h + 1) & ~1u;
    n += h / 2;

    unsigned n_lts = 0, n_cds = 0, n_pls;
    for (int i = 7; i >= 0; i--)
        if (map.busy & (1u << (((i >> 1) << 1) + 1 - (i & 1)))) {
            n_lts = 1 + (unsigned)i / 2;
            break;
        }
    for (int i = 5; i >= 0; i--)
        if ((w->cds[i] >> 10) & 0xf) {
            n_cds = 1 + (unsigned)i / 2;
            break;
        }
    if (w->pls[2].needed)
        w->pls[1].needed = 1;
    if (w->pls[1].needed)
        w->pls[0].needed = 1;
    n_pls = (unsigned)(w->pls[0].needed + w->pls[1].needed + w->pls[2].needed);
    hs |= n_pls << 18;
    if ((n + n_lts + n_pls + n_cds) & 1)
        n++; /* zero pad syllable */

    unsigned total = n + n_lts + n_pls + n_cds;
    if (total > 16) {
        asm_err_loc(c, &w->loc,
                    "wide instruction requires %u syllables "
                    "which exceeds the maximal supported size of 16",
                    total);
        return;
    }
    /* literals: LTS(n_lts - 1) first; fixups are recorded after emission */
    unsigned lts_base = n;
    struct {
        int kind;
        unsigned word;
        struct asm_expr *e;
        const struct asm_loc *loc;
    } fx[8];
    int n_fx = 0;
    for (int i = 2 * (int)n_lts - 1, k = 0; i >= 0; i--, k++) {
        unsigned idx = (unsigned)(k + (i % 2 ? 1 : -1));
        int o = map.owner[i];
        uint16_t v = 0;
        if (o >= 0) {
            const struct asm_lit *l = &w->lits[o];
            int sub = map.sub[i];
            if (l->is_const) {
                v = (uint16_t)(l->value >> (16 * sub));
            } else {
                int size = l->size[l->best];
                if ((size == 2 && sub == 0) || (size == 4 && sub == 2)) {
                    fx[n_fx].kind = size == 2 ? FIX_LIT32 : FIX_LIT64;
                    fx[n_fx].word = lts_base + idx / 2;
                    fx[n_fx].e = l->expr;
                    fx[n_fx].loc = &l->loc;
                    n_fx++;
                }
            }
        }
        put16(words, lts_base, idx, v);
    }
    n += n_lts;
    for (int i = 2; i >= 0; i--)
        if (w->pls[i].needed)
            words[n++] = w->pls[i].val;
    for (unsigned i = 0; i < 2 * n_cds; i++) {
        unsigned idx = 2 * n_cds - 2 - (i & ~1u) + 1 - (i & 1);
        put16(words, n, idx, w->cds[i]);
    }
    hs |= n_cds << 16;
    n += n_cds;
    hs |= (n / 2 - 1) << 4; /* lng */
    if (w->nop != 0xff)
        hs |= (w->nop & 7) << 7;
    else if (hs != 0)
        hs |= 1u << 7; /* bare nop among other contents = nop 1 */
    words[0] = hs;

    struct asm_sect *s = c->cur;
    uint64_t start = s->size;
    if (start % 8)
        asm_warn_loc(c, &w->loc,
                     "wide instruction at an address that is "
                     "not a multiple of 8");
    uint8_t bytes[64];
    for (unsigned i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            bytes[4 * i + k] = (uint8_t)(words[i] >> (8 * k));
    if (asm_emit(c, bytes, 4 * n))
        return;
    if (w->cs0.set && w->cs0.expr)
        asm_add_fixup(c, w->cs0.pref ? FIX_PREF : FIX_DISP, start + 4 * cs0_at,
                      start, w->cs0.expr, &w->cs0.loc);
    for (int i = 0; i < n_fx; i++)
        asm_add_fixup(c, fx[i].kind, start + 4 * fx[i].word, start, fx[i].e,
                      fx[i].loc);
}
