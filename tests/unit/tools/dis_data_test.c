/*
 * dis_data_test.c — what the disassembler does with bytes that are not a
 * (reproducible) bundle: undecodable bundles, misaligned starts, truncated
 * tails, tiny output buffers, random bytes; and the gas syntax's fallback to
 * `.word` data for bundles gas would lay out differently. Data lines must
 * always give back exactly the input bytes.
 */
#include "dis_testlib.h"

#include <stdlib.h>

/* Parse the `.word`/`.byte` lines of `text` back into bytes. */
static size_t parse_data(const char *text, uint8_t *out, size_t max)
{
    size_t n = 0;
    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l) {
        while (*l == ' ')
            l++;
        int word = !strncmp(l, ".word ", 6), byte = !strncmp(l, ".byte ", 6);
        if (!word && !byte)
            continue;
        const char *p = l + 6;
        for (;;) {
            char *end;
            unsigned long v = strtoul(p, &end, 0);
            if (end == p)
                break;
            for (int k = 0; k < (word ? 4 : 1) && n < max; k++)
                out[n++] = (uint8_t)(v >> (8 * k));
            p = end;
            if (*p != ',')
                break;
            p++;
        }
    }
    return n;
}

/* `buf` must print as data lines with `note`; a bundle that decodes but
 * that gas cannot reproduce still reports DIS_BUNDLE. */
static void check_kind(const uint8_t *buf, size_t len, uint64_t addr,
                       int syntax, unsigned want_used, const char *note,
                       int want_kind)
{
    char text[DIS_TEXT_MAX];
    uint8_t back[64];
    unsigned used = 0;
    struct dis_opts o = {.isa = 5, .syntax = syntax};
    int k = dis_insn(buf, len, addr, &o, text, sizeof text, &used, NULL);
    assert_int_equal(k, want_kind);
    assert_int_equal(used, want_used);
    if (!strstr(text, note))
        fail_msg("note '%s' missing in:\n%s", note, text);
    size_t n = parse_data(text, back, sizeof back);
    assert_int_equal(n, used);
    assert_memory_equal(back, buf, used);
}

static void check_data(const uint8_t *buf, size_t len, uint64_t addr,
                       int syntax, unsigned want_used, const char *note)
{
    check_kind(buf, len, addr, syntax, want_used, note, DIS_DATA);
}

static void check_gas_data(const uint8_t *buf, size_t len, const char *note)
{
    check_kind(buf, len, BASE, DIS_SYNTAX_GAS, (unsigned)len, note,
               DIS_BUNDLE);
}

static void undecodable_bundle_is_words(void **state)
{
    (void)state;
    /* The legacy gdb breakpoint: undefined short opcode 0x0D on ALC0. */
    const uint32_t w[] = {0x04000001, 0x0DC0C080};
    uint8_t buf[8];
    words(buf, w, 2);
    check_data(buf, 8, BASE, DIS_SYNTAX_MCST, 8, "! undecodable: ");
    check_data(buf, 8, BASE, DIS_SYNTAX_GAS, 8, "! undecodable: ");
    char text[DIS_TEXT_MAX];
    unsigned used;
    dis_text(buf, 8, 5, DIS_SYNTAX_MCST, text, sizeof text, &used);
    assert_non_null(strstr(text, "  .word 0x04000001, 0x0dc0c080\n"));
}

static void misaligned_start_is_data_up_to_alignment(void **state)
{
    (void)state;
    uint8_t buf[16] = {1, 2, 3, 4, 0x01, 0, 0, 4, 0x80, 0xc1, 0xc0, 0x11};
    check_data(buf, 12, BASE + 4, DIS_SYNTAX_MCST, 4, "misaligned");
    check_data(buf, 3, BASE + 5, DIS_SYNTAX_GAS, 3, "misaligned");
}

static void truncated_bundle_takes_the_tail(void **state)
{
    (void)state;
    /* HS says 16 bytes (E2), only 12 are there. */
    const uint32_t w[] = {0x08000011, 0x1182D483, 0};
    uint8_t buf[12];
    words(buf, w, 3);
    check_data(buf, 12, BASE, DIS_SYNTAX_MCST, 12, "undecodable");
    check_data(buf, 3, BASE, DIS_SYNTAX_MCST, 3, "undecodable");
    char text[DIS_TEXT_MAX];
    unsigned used;
    dis_text(buf, 3, 5, DIS_SYNTAX_MCST, text, sizeof text, &used);
    assert_non_null(strstr(text, ".byte 0x11, 0x00, 0x00\n"));
}

static void bad_arguments_rejected(void **state)
{
    (void)state;
    uint8_t buf[8] = {0};
    char text[64];
    unsigned used;
    struct dis_opts o = {.isa = 5};
    assert_int_equal(dis_insn(buf, 0, BASE, &o, text, sizeof text, &used, NULL),
                     -1);
    assert_int_equal(dis_insn(buf, 8, BASE, &o, text, 8, &used, NULL), -1);
    /* An ISA version the decoder refuses: data, not a crash. */
    o.isa = 9;
    assert_int_equal(dis_insn(buf, 8, BASE, &o, text, sizeof text, &used, NULL),
                     DIS_DATA);
}

static void small_buffer_truncates_safely(void **state)
{
    (void)state;
    struct pk p = {.al = 0x3f,
                   .als = {ALS(0x11, 0x81, 0xd8, 0x83), ALS(0x11, 0x81, 0x82, 0x83),
                           ALS(0x11, 0x81, 0x82, 0x83), ALS(0x11, 0x81, 0x82, 0x83),
                           ALS(0x11, 0x81, 0x82, 0x83), ALS(0x11, 0x81, 0x82, 0x83)},
                   .n_lts = 1, .lts = {0x12345678}};
    uint8_t buf[64];
    size_t len = pk_pack(&p, buf);
    char text[80];
    memset(text, 'x', sizeof text);
    unsigned used;
    struct dis_opts o = {.isa = 5};
    assert_int_equal(dis_insn(buf, len, BASE, &o, text, 64, &used, NULL),
                     DIS_BUNDLE);
    assert_true(strlen(text) < 64);
    assert_int_equal(text[64], 'x');
}

static void random_bytes_never_crash(void **state)
{
    (void)state;
    uint8_t buf[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    char text[DIS_TEXT_MAX];
    for (unsigned isa = 2; isa <= 7; isa++) {
        for (int syntax = 0; syntax < 2; syntax++) {
            struct dis_opts o = {.isa = isa, .syntax = syntax};
            for (size_t pos = 0; pos < sizeof buf;) {
                unsigned used = 0;
                int k = dis_insn(buf + pos, sizeof buf - pos, BASE + pos, &o,
                                 text, sizeof text, &used, NULL);
                assert_true(k == DIS_BUNDLE || k == DIS_DATA);
                assert_true(used >= 1 && used <= sizeof buf - pos);
                assert_true(strlen(text) < sizeof text);
                pos += used;
            }
        }
    }
}

/* ---- gas syntax fallbacks ---------------------------------------------- */

static void gas_falls_back_on_nonzero_pad(void **state)
{
    (void)state;
    const uint32_t w[] = {0x08000011, 0x1182D483, 0x00000001, 0x00100000};
    uint8_t buf[16];
    words(buf, w, 4);
    check_gas_data(buf, 16, "not expressible");
    char text[DIS_TEXT_MAX];
    unsigned used;
    dis_text(buf, 16, 5, DIS_SYNTAX_MCST, text, sizeof text, &used);
    /* The pad is LTS1 to the hardware; the listing shows the op as is. */
    assert_string_equal(text, "  addd,1 %dr2, _f16s 0x10, %dr3\n");
}

static void gas_falls_back_on_unused_literal_half(void **state)
{
    (void)state;
    const uint32_t w[] = {0x08000011, 0x1182D483, 0, 0x0010beef};
    uint8_t buf[16];
    words(buf, w, 4);
    check_gas_data(buf, 16, "unused literal");
}

static void gas_falls_back_on_cds_order(void **state)
{
    (void)state;
    /* gas puts ALC0's %pred in the high half first; here it is low. */
    struct pk p = {.al = 3,
                   .als = {ALS(0x10, 0x81, 0x82, 0x83),
                           ALS(0x10, 0x84, 0x85, 0x86)},
                   .n_cds = 1, .cds = {0x0861u << 16 | 0x0462}};
    uint8_t buf[64];
    size_t len = pk_pack(&p, buf);
    check_gas_data(buf, len, "CDS");
    p.cds[0] = 0x0462u << 16 | 0x0861;
    expect_dis(&p, "  adds,0 %r1, %r2, %r3 ? %pred2\n"
                   "  adds,1 %r4, %r5, %r6 ? %pred1\n");
}

static void gas_falls_back_on_default_ales25_syllable(void **state)
{
    (void)state;
    /* adds,2 with a physical ALES5|ALES2 syllable holding defaults. */
    const uint32_t w[] = {0x10000012, 0x10818283, 0x01c001c0, 0};
    uint8_t buf[16];
    words(buf, w, 4);
    check_gas_data(buf, 16, "ALES2/5");
}

static void gas_falls_back_on_zero_mas_syllable(void **state)
{
    (void)state;
    struct pk p = {.al = 1, .als = {ALS(0x67, 0x82, 0xc0, 0x83)},
                   .has_cs1 = 1, .cs1 = 0x60000000};
    uint8_t buf[64];
    size_t len = pk_pack(&p, buf);
    check_gas_data(buf, len, "MAS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(undecodable_bundle_is_words),
        cmocka_unit_test(misaligned_start_is_data_up_to_alignment),
        cmocka_unit_test(truncated_bundle_takes_the_tail),
        cmocka_unit_test(bad_arguments_rejected),
        cmocka_unit_test(small_buffer_truncates_safely),
        cmocka_unit_test(random_bytes_never_crash),
        cmocka_unit_test(gas_falls_back_on_nonzero_pad),
        cmocka_unit_test(gas_falls_back_on_unused_literal_half),
        cmocka_unit_test(gas_falls_back_on_cds_order),
        cmocka_unit_test(gas_falls_back_on_default_ales25_syllable),
        cmocka_unit_test(gas_falls_back_on_zero_mas_syllable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
