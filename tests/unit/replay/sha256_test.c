/*
 * sha256_test.c — replay/sha256.c against the FIPS 180-2 example vectors
 * (Appendix B: "abc", the 448-bit and 896-bit messages, one million 'a'),
 * the empty message, and split updates across every block boundary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/sha256.h"

static void hex(const uint8_t d[SHA256_BYTES], char out[65])
{
    for (int i = 0; i < SHA256_BYTES; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const char *msg, const char *want)
{
    uint8_t d[SHA256_BYTES];
    char h[65];
    sha256(msg, strlen(msg), d);
    hex(d, h);
    assert_string_equal(h, want);
}

static void test_fips_abc(void **state)
{
    (void)state;
    check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_empty_message(void **state)
{
    (void)state;
    check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_fips_448_bits(void **state)
{
    (void)state;
    check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_fips_896_bits(void **state)
{
    (void)state;
    check("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopq"
          "rlmnopqrsmnopqrstnopqrstu",
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_fips_million_a(void **state)
{
    (void)state;
    struct sha256_ctx c;
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        sha256_update(&c, chunk, sizeof chunk);
    uint8_t d[SHA256_BYTES];
    char h[65];
    sha256_final(&c, d);
    hex(d, h);
    assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split point of messages around the padding boundaries (55, 56, 64
 * bytes...) gives the same digest as one update. */
static void test_split_updates_match_one_shot(void **state)
{
    (void)state;
    uint8_t msg[200];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof msg; len++) {
        uint8_t want[SHA256_BYTES];
        sha256(msg, len, want);
        for (size_t cut = 0; cut <= len; cut += (len > 70 ? 13 : 1)) {
            struct sha256_ctx c;
            uint8_t got[SHA256_BYTES];
            sha256_init(&c);
            sha256_update(&c, msg, cut);
            sha256_update(&c, msg + cut, len - cut);
            sha256_final(&c, got);
            assert_memory_equal(got, want, SHA256_BYTES);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_abc),
        cmocka_unit_test(test_empty_message),
        cmocka_unit_test(test_fips_448_bits),
        cmocka_unit_test(test_fips_896_bits),
        cmocka_unit_test(test_fips_million_a),
        cmocka_unit_test(test_split_updates_match_one_shot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
