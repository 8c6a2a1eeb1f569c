/*
 * asm_testlib.h — helpers for the e2k-as tests: assemble a source string
 * with asm_assemble_string(), capture the messages, compare the .text words
 * (32-bit little-endian syllables in memory order) with expected values.
 */
#ifndef E2K_TESTS_UNIT_TOOLS_ASM_TESTLIB_H
#define E2K_TESTS_UNIT_TOOLS_ASM_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/as/asm.h"

/* Assemble src for ISA `isa` (0: default). Returns the asm_error code; the
 * messages are in *diag (caller frees). */
static inline int asm_test_run(const char *src, int isa, struct asm_image *img,
                               char **diag)
{
    struct asm_opts o;
    asm_opts_init(&o);
    if (isa)
        o.isa = isa;
    size_t dlen = 0;
    char *dbuf = NULL;
    FILE *f = open_memstream(&dbuf, &dlen);
    o.diag = f;
    o.no_include = 0;
    int rc = asm_assemble_string(&o, "t.s", src, strlen(src), img);
    fclose(f);
    if (diag)
        *diag = dbuf;
    else
        free(dbuf);
    return rc;
}

static inline uint32_t asm_test_word(const struct asm_image *img, size_t i)
{
    const uint8_t *p = img->sect[ASM_SEC_TEXT].data + 4 * i;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* Assert that src assembles and .text starts with words w[0..n). */
#define expect_words_isa(isa, src, ...)                                        \
    do {                                                                       \
        static const uint32_t w_[] = {__VA_ARGS__};                            \
        struct asm_image img_;                                                 \
        char *d_ = NULL;                                                       \
        int rc_ = asm_test_run((src), (isa), &img_, &d_);                      \
        if (rc_ != 0)                                                          \
            print_error("assembly failed:\n%s\n", d_ ? d_ : "");               \
        assert_int_equal(rc_, 0);                                              \
        size_t n_ = sizeof w_ / sizeof w_[0];                                  \
        assert_true(img_.sect[ASM_SEC_TEXT].size >= 4 * n_);                   \
        for (size_t i_ = 0; i_ < n_; i_++) {                                   \
            if (asm_test_word(&img_, i_) != w_[i_])                            \
                print_error("word %zu: got %08x want %08x\n", i_,              \
                            asm_test_word(&img_, i_), w_[i_]);                 \
            assert_int_equal(asm_test_word(&img_, i_), w_[i_]);                \
        }                                                                      \
        if (img_.sect[ASM_SEC_TEXT].size != 4 * n_)                            \
            print_error("text is %llu bytes, expected %zu\n",                  \
                        (unsigned long long)img_.sect[ASM_SEC_TEXT].size,      \
                        4 * n_);                                               \
        assert_int_equal(img_.sect[ASM_SEC_TEXT].size, 4 * n_);                \
        asm_image_free(&img_);                                                 \
        free(d_);                                                              \
    } while (0)

#define expect_words(src, ...) expect_words_isa(0, src, __VA_ARGS__)

/* Assert that src fails and the messages contain `needle`. */
static inline void expect_error(const char *src, const char *needle)
{
    struct asm_image img;
    char *d = NULL;
    int rc = asm_test_run(src, 0, &img, &d);
    if (rc == 0 || !d || !strstr(d, needle))
        print_error("expected an error containing `%s', got rc %d:\n%s\n",
                    needle, rc, d ? d : "");
    assert_int_not_equal(rc, 0);
    assert_non_null(d);
    assert_non_null(strstr(d, needle));
    asm_image_free(&img);
    free(d);
}

#endif
