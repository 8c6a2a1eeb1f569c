/*
 * pack.c — bundle packing (pack.h), the layout algorithm of e2k-isa.md
 * §1.5 (as gas tc-e2k.c pack_wide_command does it).
 */
#include "emu/pack.h"

#include <string.h>

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

int pack_bundle(const struct pack_bundle *in, uint8_t out[64])
{
    uint32_t syl[16];
    unsigned n = 1; /* HS */
    uint32_t hs = 0;
    if (in->has_ss) {
        syl[n++] = in->ss;
        hs |= 1u << 12;
    }
    for (unsigned i = 0; i < 6; i++) {
        if ((in->als_mask >> i) & 1) {
            syl[n++] = in->als[i];
            hs |= 1u << (26 + i);
        }
    }
    if (in->has_cs0) {
        syl[n++] = in->cs0;
        hs |= 1u << 14;
    }
    uint16_t a2 = (in->ales_mask >> 2) & 1 ? in->ales[2] : 0x01c0;
    uint16_t a5 = (in->ales_mask >> 5) & 1 ? in->ales[5] : 0x01c0;
    if (a2 != 0x01c0 || a5 != 0x01c0)
        syl[n++] = (uint32_t)a5 | (uint32_t)a2 << 16;
    if (in->has_cs1) {
        syl[n++] = in->cs1;
        hs |= 1u << 15;
    }
    hs |= (n - 1) & 0xf; /* mdl */
    static const unsigned k_half[4] = {0, 1, 3, 4};
    unsigned h = 0;
    for (unsigned j = 0; j < 4; j++) {
        unsigned i = k_half[j];
        if (!((in->ales_mask >> i) & 1))
            continue;
        if (n >= 16)
            return -1;
        if (!(h & 1))
            syl[n] = (uint32_t)in->ales[i] << 16;
        else
            syl[n++] |= in->ales[i];
        h++;
    }
    if (h & 1)
        n++;
    for (unsigned i = 0; i < 6; i++)
        if ((in->ales_mask >> i) & 1)
            hs |= 1u << (20 + i);
    if ((n + in->n_lts + in->n_pls + in->n_cds) & 1)
        syl[n++] = 0;
    if (n + in->n_lts + in->n_pls + in->n_cds > 16)
        return -1;
    for (int i = in->n_lts - 1; i >= 0; i--)
        syl[n++] = in->lts[i];
    for (int i = in->n_pls - 1; i >= 0; i--)
        syl[n++] = in->pls[i];
    for (int i = in->n_cds - 1; i >= 0; i--)
        syl[n++] = in->cds[i];
    hs |= ((n / 2 - 1) & 7) << 4;
    hs |= (uint32_t)(in->nop & 7) << 7;
    hs |= (uint32_t)(in->lm & 1) << 10;
    hs |= (uint32_t)(in->n_cds & 3) << 16;
    hs |= (uint32_t)(in->n_pls & 3) << 18;
    syl[0] = hs;
    for (unsigned i = 0; i < n; i++)
        put32(out + 4 * i, syl[i]);
    return (int)(4 * n);
}
