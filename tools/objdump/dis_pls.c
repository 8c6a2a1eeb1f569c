/*
 * dis_pls.c — AAU `mova` ops (AAS half-syllables, e2k-isa.md §5.10) and
 * predicate logic (PLS, §8.1), worded as binutils e2k-dis.c `print_aas`,
 * `print_pls_syllables`, `print_elp`, `print_clp`:
 *
 *   movad,0 area = 0, ind = 0, am = 1, be = 0, %dr4
 *   pass %pred0, @p0          (ELP)
 *   landp @p0, ~@p1, @p4      (CLP)
 *   pass @p4, %pred5          (CLP result to a global predicate)
 *
 * PLS syllables are printed PLS2 first. The listing shows an ELP or CLP
 * only if it contributes to a `pass @pK, %predN` (or is a %rndpred pass),
 * as objdump does. The gas syntax prints every non-zero field, every local
 * predicate a printed CLP reads (gas requires them defined), and forces an
 * otherwise empty highest PLS to exist, so the PLS area reassembles as is.
 */
#include "tools/objdump/dis_internal.h"

#include "emu/isa_fields.h"

static void print_elp_src(struct dis_ctx *c, unsigned elp)
{
    elp &= 0x7f;
    if ((elp & 0x40) == 0) {
        if ((elp & 0x3f) == 0) {
            dis_puts(c, "%lcntex");
        } else {
            /* binutils prints bits 0..4 only; bit 5 (ALC5) is printed too
             * here so no information is lost. */
            dis_puts(c, "%spred");
            for (unsigned i = 0; i < 6; i++)
                if (elp & (1u << i))
                    dis_printf(c, "%u", i);
        }
    } else if ((elp & 0x60) == 0x40) {
        unsigned n = elp & 0x1f;
        if (n == 0) {
            dis_puts(c, "%bgrpred");
            dis_lossy(c, "%bgrpred");
        } else if (n <= 15) {
            dis_printf(c, "%%rndpred%u", n);
            if (c->o->isa < 3)
                dis_lossy(c, "%rndpred before elbrus-v3");
        } else {
            dis_puts(c, "<invalid pred>");
            dis_lossy(c, "invalid ELP");
        }
    } else {
        dis_printf(c, "%%pred%u", elp & 0x1f);
    }
}

static void print_elp(struct dis_ctx *c, unsigned idx, unsigned elp)
{
    dis_op(c);
    dis_puts(c, "pass ");
    print_elp_src(c, elp);
    dis_printf(c, ", @p%u", idx);
}

static void print_clp(struct dis_ctx *c, unsigned idx, unsigned clp)
{
    static const char *const k_names[4] = {"andp", "landp", "reserved",
                                           "movep"};
    dis_op(c);
    dis_printf(c, "%s %s@p%u, %s@p%u, @p%u", k_names[PLS_CLP_OPC(clp)],
               PLS_NEG0(clp) ? "~" : "", PLS_P0(clp),
               PLS_NEG1(clp) ? "~" : "", PLS_P1(clp), idx);
    if (PLS_CLP_OPC(clp) == 2)
        dis_lossy(c, "reserved CLP");
    if (PLS_VDST(clp)) {
        dis_op(c);
        dis_printf(c, "pass @p%u, %%pred%u", idx, PLS_PDST(clp));
    }
}

static int is_rndpred(unsigned elp)
{
    return (elp & 0x60) == 0x40 && (elp & 0x1f) >= 1 && (elp & 0x1f) <= 15;
}

static unsigned elp_of(const struct dec_bundle *b, unsigned k)
{
    uint32_t p = b->pls[k / 2];
    return (k & 1) ? PLS_ELP1(p) : PLS_ELP0(p);
}

/* Listing: the objdump rule (print what feeds a pass to %predN). */
static void pls_mcst(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    unsigned n = b->n_pls > 3 ? 3 : b->n_pls;
    int need[7] = {0};
    for (unsigned i = 0; i < n; i++)
        if (PLS_VDST(b->pls[i]))
            need[4 + i] = 1;
    for (int again = 1; again;) {
        again = 0;
        for (unsigned i = 0; i < 3; i++) {
            if (need[4 + i] != 1)
                continue;
            unsigned in[2] = {PLS_P0(b->pls[i]), PLS_P1(b->pls[i])};
            for (int j = 0; j < 2; j++) {
                if (in[j] < 7 && need[in[j]] == 0) {
                    need[in[j]] = 1;
                    if (in[j] >= 4)
                        again = 1;
                }
            }
            need[4 + i] = 2;
        }
    }
    for (int i = (int)n - 1; i >= 0; i--) {
        if (i < 2) {
            for (unsigned k = 2 * i; k < 2u * i + 2; k++) {
                unsigned elp = elp_of(b, k);
                if (need[k] || is_rndpred(elp))
                    print_elp(c, k, elp);
            }
        }
        if (need[4 + i])
            print_clp(c, 4 + i, PLS_CLP(b->pls[i]));
    }
}

/* Gas syntax: print enough for gas to rebuild the same PLS words. */
static void pls_gas(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    unsigned n = b->n_pls > 3 ? 3 : b->n_pls;
    int clp[3] = {0}, elp[4] = {0};
    if (n == 0)
        return;
    for (unsigned i = 0; i < n; i++) {
        uint32_t p = b->pls[i];
        if (p & 0x80800000u)
            dis_lossy(c, "PLS reserved bits set");
        if (PLS_CLP(p) != 0)
            clp[i] = 1;
        if (!PLS_VDST(p) && PLS_PDST(p))
            dis_lossy(c, "CLP pdst without vdst");
        if (i < 2)
            for (unsigned k = 2 * i; k < 2 * i + 2; k++)
                if (elp_of(b, k))
                    elp[k] = 1;
    }
    /* Keep the highest PLS alive even if all its fields are zero. */
    {
        unsigned top = n - 1;
        int any = clp[top] || (top < 2 && (elp[2 * top] || elp[2 * top + 1]));
        if (!any) {
            if (top < 2)
                elp[2 * top] = 1;
            else
                clp[top] = 1;
        }
    }
    /* Inputs of printed CLPs must be defined; iterate to a fixed point. */
    int depth[3] = {0};
    for (int round = 0; round < 4; round++) {
        for (unsigned i = 0; i < n; i++) {
            if (!clp[i])
                continue;
            unsigned in[2] = {PLS_P0(b->pls[i]), PLS_P1(b->pls[i])};
            static const unsigned k_max_in[3] = {1, 4, 5};
            int d = 0;
            for (int j = 0; j < 2; j++) {
                if (in[j] > k_max_in[i]) {
                    dis_lossy(c, "CLP input gas does not allow");
                    continue;
                }
                if (in[j] < 4) {
                    if (in[j] / 2 >= n)
                        dis_lossy(c, "CLP reads a missing ELP");
                    else
                        elp[in[j]] = 1;
                    if (d < 1)
                        d = 1;
                } else {
                    if (in[j] - 4 >= n)
                        dis_lossy(c, "CLP reads a missing CLP");
                    else
                        clp[in[j] - 4] = 1;
                    if (d < depth[in[j] - 4] + 1)
                        d = depth[in[j] - 4] + 1;
                }
            }
            depth[i] = d;
            if (d > 2)
                dis_lossy(c, "CLP cascading deeper than 2");
        }
    }
    for (int i = (int)n - 1; i >= 0; i--) {
        if (i < 2)
            for (unsigned k = 2 * i; k < 2u * i + 2; k++)
                if (elp[k])
                    print_elp(c, k, elp_of(b, k));
        if (clp[i])
            print_clp(c, 4 + i, PLS_CLP(b->pls[i]));
    }
}

void dis_pls(struct dis_ctx *c)
{
    if (c->gas)
        pls_gas(c);
    else
        pls_mcst(c);
}

static void mova_fields(uint16_t aa2, unsigned *be, unsigned *opc,
                        unsigned *area, unsigned *ind, unsigned *am)
{
    *be = (aa2 >> 15) & 1;
    *opc = (aa2 >> 12) & 7;
    *area = (aa2 >> 6) & 0x1f;
    *ind = (aa2 >> 1) & 0x1f;
    *am = aa2 & 1;
}

static unsigned mova_dst(const struct dec_bundle *b, unsigned ch)
{
    /* AAS0 holds channels 0 (high byte) and 1 (low byte), AAS1 2 and 3. */
    return (b->aas[ch / 2] >> ((1 - ch % 2) * 8)) & 0xff;
}

void dis_aas(struct dis_ctx *c)
{
    static const char *const k_names[8] = {"reserved", "movab", "movah",
                                           "movaw", "movad", "movaq",
                                           "reserved", "movaqp"};
    const struct dec_bundle *b = c->b;
    const char *eq = c->gas ? "=" : " = ";
    unsigned used = 0;
    for (unsigned ch = 0; ch < 4; ch++)
        if ((b->aas_mask >> (ch + 2)) & 1)
            used |= 1u << ch;
    for (unsigned ch = 0; ch < 4; ch++) {
        if (!((used >> ch) & 1))
            continue;
        uint16_t aa2 = b->aas[ch + 2];
        unsigned be, opc, area, ind, am;
        mova_fields(aa2, &be, &opc, &area, &ind, &am);
        unsigned dst = mova_dst(b, ch);
        if (c->gas) {
            if (opc == 0 || opc == 6)
                dis_lossy(c, "reserved mova");
            if (aa2 & 0x0800)
                dis_lossy(c, "AAS bit 11 set");
            if (opc == 5 && (ch % 2 || !((used >> (ch + 1)) & 1))) {
                dis_lossy(c, "movaq without its odd channel");
            } else if (opc == 5) { /* movaq: channels ch, ch + 1 as one op */
                uint16_t o2 = b->aas[ch + 3];
                unsigned be2, opc2, area2, ind2, am2;
                mova_fields(o2, &be2, &opc2, &area2, &ind2, &am2);
                unsigned d2 = mova_dst(b, ch + 1);
                unsigned lo_ind = be ? ind2 : ind, hi_ind = be ? ind : ind2;
                int reg = dst < 0xc0 || dst >= 0xe0;
                if (opc2 != 5 || be2 != be || area2 != area || am2 != am ||
                    (o2 & 0x0800) || hi_ind != lo_ind + 8 ||
                    (reg ? d2 != dst + 1 : (dst & 1) || d2 != (dst | 1)))
                    dis_lossy(c, "movaq halves gas would not produce");
                ind = lo_ind;
                used &= ~(1u << (ch + 1));
                c->in_pair = 1;
            }
        }
        dis_op(c);
        dis_printf(c, "%s,%u area%s%u, ind%s%u, am%s%u, be%s%u, ", k_names[opc],
                   ch, eq, area, eq, ind, eq, am, eq, be);
        /* gas checks the size prefix against the op (tc-e2k.c
         * parse_mova_args) but always accepts an unprefixed register. */
        dis_dst(c, dst, c->gas ? 0 : opc < 5 ? 'd' : 'q');
        c->in_pair = 0;
    }
    /* A destination byte of an unused channel sharing AAS0/AAS1. */
    for (unsigned ch = 0; ch < 4; ch++) {
        unsigned pair = ch ^ 1;
        if (!((b->aas_mask >> (ch + 2)) & 1) &&
            ((b->aas_mask >> (pair + 2)) & 1) && mova_dst(b, ch) != 0)
            dis_lossy(c, "unused mova destination set");
    }
}
