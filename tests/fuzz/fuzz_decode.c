/*
 * fuzz_decode.c — libFuzzer target for dec_bundle(): any byte string, decoded
 * at every supported ISA version, must neither crash nor read outside the
 * bytes it was given, and a successful decode must be self-consistent.
 *
 * The input is used as is (libFuzzer hands an exact-size heap copy, so ASan
 * catches a read past `size`); it is also decoded from an exact copy of just
 * the bundle, which must give the same result (nothing beyond HS.lng is
 * looked at). Corpus: tests/fuzz/corpus/fuzz_decode/ (valid bundles from
 * e2k-isa.md §1.6 and e2k-asm-syntax.md §8, plus crashers found).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/decode.h"
#include "emu/isa_fields.h"

#define CHECK(c)         \
    do {                 \
        if (!(c))        \
            abort();     \
    } while (0)

static void check_opnd(const struct dec_bundle *b, const struct dec_opnd *o)
{
    CHECK(o->kind <= DEC_O_LIT8);
    if (o->kind == DEC_O_LIT) {
        CHECK(o->litfmt >= DEC_LIT_16LO && o->litfmt <= DEC_LIT_64);
        unsigned need = o->lit_idx + (o->litfmt == DEC_LIT_64 ? 2u : 1u);
        CHECK(need <= b->n_lts);
        uint32_t w = b->lts[o->lit_idx];
        switch (o->litfmt) {
        case DEC_LIT_16LO:
            CHECK((uint16_t)o->val == (uint16_t)w);
            break;
        case DEC_LIT_16HI:
            CHECK((uint16_t)o->val == (uint16_t)(w >> 16));
            break;
        case DEC_LIT_32:
            CHECK((uint32_t)o->val == w);
            break;
        default:
            CHECK(o->val == ((uint64_t)b->lts[o->lit_idx + 1] << 32 | w));
        }
    }
    if (o->kind == DEC_O_RREG)
        CHECK(o->num < 64);
    if (o->kind == DEC_O_GREG)
        CHECK(o->num < 32);
    if (o->kind == DEC_O_BREG)
        CHECK(o->num < 128);
    if (o->kind == DEC_O_PRED)
        CHECK(o->num < 32);
    if (o->kind == DEC_O_CTPR)
        CHECK(o->num >= 1 && o->num <= 3);
}

static void check_ok(const struct dec_bundle *b, size_t avail, unsigned isa)
{
    CHECK(b->len >= DEC_MIN_BUNDLE && b->len <= DEC_MAX_BUNDLE);
    CHECK(b->len % 8 == 0 && b->len <= avail);
    CHECK(b->len == dec_bundle_len(b->hs));
    CHECK(b->n_lts <= 4 && b->n_pls == HS_PL(b->hs) && b->n_cds == HS_CD(b->hs));
    CHECK(b->has_ss == HS_S(b->hs) && b->has_cs0 == HS_C0(b->hs) &&
          b->has_cs1 == HS_C1(b->hs));
    for (unsigned ch = 0; ch < 6; ch++) {
        const struct dec_alop *a = &b->alop[ch];
        if (!HS_AL(b->hs, ch)) {
            CHECK(a->op == NULL);
            continue;
        }
        CHECK(a->op != NULL);
        CHECK(a->op->channels >> ch & 1);
        CHECK(isa_op_in_version(a->op, isa));
        CHECK(!(a->op->flags & ISA_F_ALIAS));
        CHECK(a->has_ales == (a->op->tbl != ISA_TBL_SHORT));
        if (a->has_ales)
            CHECK(ALES_OPC2(a->ales) == a->op->tbl);
        if (a->mas)
            CHECK(ch == 0 || ch == 2 || ch == 3 || ch == 5);
        if (a->op->flags & ISA_F_AAUREG)
            CHECK(a->mas == ISA_MAS_AAUREG);
        check_opnd(b, &a->src1);
        check_opnd(b, &a->src2);
        check_opnd(b, &a->src3);
        check_opnd(b, &a->dst);
        /* The same ALS/ALES finds the same row again (modulo MAS). */
        const struct isa_op *m = isa_match(ch, a->als, a->has_ales, a->ales, isa);
        CHECK(m == a->op || (a->op->flags & ISA_F_AAUREG));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dec_bundle b, b2;
    struct dec_err e, e2;
    for (unsigned isa = ISA_VERSION_MIN; isa <= ISA_VERSION_MAX; isa++) {
        int rc = dec_bundle(data, size, 0x10000, isa, &b, &e);
        CHECK(rc == e.code);
        CHECK(rc <= 0 && rc >= DEC_E_ISA);
        CHECK(dec_strerror(rc) != NULL);
        if (rc != 0) {
            CHECK(e.msg[0] != 0);
            CHECK(memchr(e.msg, 0, sizeof e.msg) != NULL);
            CHECK(rc != DEC_E_ISA && rc != DEC_E_MISALIGNED);
            if (rc == DEC_E_TRUNCATED)
                CHECK(size < 4 || b.len > size);
            continue;
        }
        check_ok(&b, size, isa);
        /* Only the bundle's own bytes matter. */
        uint8_t *exact = malloc(b.len);
        CHECK(exact != NULL);
        memcpy(exact, data, b.len);
        int rc2 = dec_bundle(exact, b.len, 0x10000, isa, &b2, &e2);
        free(exact);
        CHECK(rc2 == 0 && memcmp(&b, &b2, sizeof b) == 0);
        /* One byte short is always a truncation. */
        CHECK(dec_bundle(data, b.len - 1, 0, isa, &b2, NULL) == DEC_E_TRUNCATED);
    }
    /* Misaligned addresses and bad versions never get as far as the bytes. */
    CHECK(dec_bundle(data, size, 0x10004, ISA_VERSION_DEFAULT, &b, NULL) ==
          DEC_E_MISALIGNED);
    CHECK(dec_bundle(data, size, 0, ISA_VERSION_MAX + 1, &b, NULL) == DEC_E_ISA);
    return 0;
}
