/*
 * pack.h — pack the syllables of one bundle into bytes, following the gas
 * layout of e2k-isa.md §1.5 (HS, SS, ALS, CS0, ALES5|2, CS1, half-syllables
 * ALES0/1/3/4, pad, LTS, PLS, CDS). A small tool for tests, benchmarks and
 * fuzzers that need hand-built code without the assembler; it does no
 * operand or opcode checking (that is the decoder's and assembler's job).
 */
#ifndef E2K_EMU_PACK_H
#define E2K_EMU_PACK_H

#include <stdint.h>

struct pack_bundle {
    uint8_t als_mask;   /* bit i: ALSi present */
    uint32_t als[6];
    uint8_t ales_mask;  /* bit i: ALESi present (HS.ale) */
    uint16_t ales[6];   /* for 2/5: 0x01C0 needs no physical syllable */
    uint8_t has_ss, has_cs0, has_cs1;
    uint32_t ss, cs0, cs1;
    uint8_t n_lts, n_pls, n_cds;
    uint32_t lts[4], pls[3], cds[3];
    uint8_t nop;        /* HS.nop */
    uint8_t lm;         /* HS.lm */
};

/* Returns the bundle length in bytes (8..64), or -1 if it does not fit. */
int pack_bundle(const struct pack_bundle *in, uint8_t out[64]);

#endif
