/*
 * dis_testlib.h — helpers shared by the disassembler tests: a bundle packer
 * that lays syllables out exactly as gas does (e2k-isa.md §1.5), and checks
 * that run dis_insn() in both syntaxes.
 *
 * A test describes a bundle by its syllables (struct pk); pk_pack() derives
 * HS.mdl/lng/al/ale/pl/cd, the ALES5|ALES2 syllable, the half-syllable order
 * (upper half first), the zero pad word and the descending LTS/PLS/CDS tail.
 * Because this is gas's layout, the gas syntax must never fall back to data
 * for a packed bundle: expect_dis() checks that too.
 */
#ifndef E2K_TESTS_UNIT_TOOLS_DIS_TESTLIB_H
#define E2K_TESTS_UNIT_TOOLS_DIS_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "emu/isa_fields.h"
#include "tools/objdump/dis.h"

#define BASE 0x10000ull

/* ALS from its fields. */
#define ALS(opc, s1, s2, d)                                                  \
    ((uint32_t)(opc) << 24 | (uint32_t)(s1) << 16 | (uint32_t)(s2) << 8 |    \
     (uint32_t)(d))

struct pk {
    unsigned isa;          /* 0: 5 */
    unsigned nop, lm, sw;  /* HS fields */
    int has_ss;
    uint32_t ss;
    uint8_t al;            /* channels with an ALS */
    uint32_t als[6];
    uint8_t ale;           /* channels with an ALES */
    uint16_t ales[6];
    int has_cs0, has_cs1;
    uint32_t cs0, cs1;
    uint16_t aas[6];       /* present per SS.aa (gas rule) */
    unsigned n_lts;        /* LTS words used (highest index + 1) */
    uint32_t lts[4];
    unsigned n_pls, n_cds;
    uint32_t pls[3], cds[3];
};

static inline void put32(uint8_t *b, uint32_t w)
{
    b[0] = (uint8_t)w;
    b[1] = (uint8_t)(w >> 8);
    b[2] = (uint8_t)(w >> 16);
    b[3] = (uint8_t)(w >> 24);
}

/* Lay out `p` as gas would; returns the length in bytes. */
static inline size_t pk_pack(const struct pk *p, uint8_t *out)
{
    uint32_t w[16];
    uint16_t half[16];
    unsigned n = 1, nh = 0;
    unsigned isa = p->isa ? p->isa : 5;
    uint32_t hs = 0;
    memset(w, 0, sizeof w);
    if (p->has_ss) {
        w[n++] = p->ss;
        hs |= 1u << 12;
    }
    for (unsigned i = 0; i < 6; i++) {
        if ((p->al >> i) & 1) {
            w[n++] = p->als[i];
            hs |= 1u << (26 + i);
        }
        if ((p->ale >> i) & 1)
            hs |= 1u << (20 + i);
    }
    if (p->has_cs0) {
        w[n++] = p->cs0;
        hs |= 1u << 14;
    }
    uint16_t e2 = ((p->ale >> 2) & 1) ? p->ales[2] : 0x01c0;
    uint16_t e5 = ((p->ale >> 5) & 1) ? p->ales[5] : 0x01c0;
    if (isa >= 4 && (e2 != 0x01c0 || e5 != 0x01c0))
        w[n++] = (uint32_t)e2 << 16 | e5;
    if (p->has_cs1) {
        w[n++] = p->cs1;
        hs |= 1u << 15;
    }
    hs |= n - 1; /* mdl */
    static const unsigned k_half_ales[4] = {0, 1, 3, 4};
    for (unsigned i = 0; i < 4; i++)
        if ((p->ale >> k_half_ales[i]) & 1)
            half[nh++] = p->ales[k_half_ales[i]];
    if (p->has_ss && !SS_TYPE(p->ss)) {
        unsigned present = 0;
        for (unsigned j = 0; j < 4; j++)
            if ((SS_AA(p->ss) >> j) & 1)
                present |= 1u << (j >> 1) | 1u << (j + 2);
        for (unsigned k = 0; k < 6; k++)
            if ((present >> k) & 1)
                half[nh++] = p->aas[k];
    }
    for (unsigned i = 0; i < nh; i += 2)
        w[n++] = (uint32_t)half[i] << 16 | (i + 1 < nh ? half[i + 1] : 0);
    if ((n + p->n_lts + p->n_pls + p->n_cds) & 1)
        w[n++] = 0;
    for (unsigned i = p->n_lts; i-- > 0;)
        w[n++] = p->lts[i];
    for (unsigned i = p->n_pls; i-- > 0;)
        w[n++] = p->pls[i];
    for (unsigned i = p->n_cds; i-- > 0;)
        w[n++] = p->cds[i];
    assert_true(n <= 16 && n % 2 == 0);
    hs |= (n / 2 - 1) << 4;
    hs |= (p->nop & 7) << 7 | (p->lm & 1) << 10 | (p->sw & 1) << 13;
    hs |= (p->n_cds & 3) << 16 | (p->n_pls & 3) << 18;
    w[0] = hs;
    for (unsigned i = 0; i < n; i++)
        put32(out + 4 * i, w[i]);
    return 4 * n;
}

/* Words in memory order to bytes. */
static inline size_t words(uint8_t *out, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put32(out + 4 * i, w[i]);
    return 4 * n;
}

static inline int dis_text(const uint8_t *buf, size_t len, unsigned isa,
                           int syntax, char *out, size_t size,
                           unsigned *used)
{
    struct dis_opts o = {0};
    o.isa = isa;
    o.syntax = syntax;
    return dis_insn(buf, len, BASE, &o, out, size, used, NULL);
}

/* MCST syntax only (for encodings gas cannot produce). */
static inline void expect_mcst(const struct pk *p, const char *want)
{
    uint8_t buf[64];
    char text[DIS_TEXT_MAX];
    unsigned used;
    size_t len = pk_pack(p, buf);
    int k = dis_text(buf, len, p->isa ? p->isa : 5, DIS_SYNTAX_MCST, text,
                     sizeof text, &used);
    assert_int_equal(k, DIS_BUNDLE);
    if (strcmp(text, want) != 0)
        fail_msg("MCST text differs.\n--- want\n%s--- got\n%s", want, text);
}

/* Disassemble `buf` in MCST syntax and compare with `want`; the gas syntax
 * must give a bundle (not data) and consume the same bytes. */
static inline void expect_bytes(const uint8_t *buf, size_t len, unsigned isa,
                                const char *want)
{
    char text[DIS_TEXT_MAX], gas[DIS_TEXT_MAX];
    unsigned used = 0, used2 = 0;
    struct dec_err e;
    struct dis_opts o = {0};
    o.isa = isa;
    int k = dis_insn(buf, len, BASE, &o, text, sizeof text, &used, &e);
    if (k != DIS_BUNDLE)
        fail_msg("not decoded: %s\n%s", e.msg, text);
    if (strcmp(text, want) != 0)
        fail_msg("MCST text differs.\n--- want\n%s--- got\n%s", want, text);
    assert_int_equal(used, len);
    k = dis_text(buf, len, isa, DIS_SYNTAX_GAS, gas, sizeof gas, &used2);
    assert_int_equal(k, DIS_BUNDLE);
    assert_int_equal(used2, len);
    if (strncmp(gas, "{\n", 2) != 0 || strstr(gas, "warning"))
        fail_msg("gas syntax fell back:\n%s", gas);
}

static inline void expect_dis(const struct pk *p, const char *want)
{
    uint8_t buf[64];
    size_t len = pk_pack(p, buf);
    expect_bytes(buf, len, p->isa ? p->isa : 5, want);
}

/* The gas-syntax text of a packed bundle. */
static inline void expect_gas(const struct pk *p, const char *want)
{
    uint8_t buf[64];
    char text[DIS_TEXT_MAX];
    unsigned used;
    size_t len = pk_pack(p, buf);
    dis_text(buf, len, p->isa ? p->isa : 5, DIS_SYNTAX_GAS, text,
             sizeof text, &used);
    if (strcmp(text, want) != 0)
        fail_msg("gas text differs.\n--- want\n%s--- got\n%s", want, text);
}

#endif
