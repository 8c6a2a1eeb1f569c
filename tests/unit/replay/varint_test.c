/*
 * varint_test.c — replay/varint.c: LEB128 round trips at every length,
 * zigzag, truncated and overlong inputs, fixed little-endian fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "replay/varint.h"

static void test_unsigned_round_trip_every_length(void **state)
{
    (void)state;
    for (int bits = 0; bits <= 64; bits++) {
        uint64_t vals[3] = {bits ? (1ull << (bits - 1)) : 0,
                            bits == 64 ? UINT64_MAX : (1ull << bits) - 1,
                            bits ? (1ull << (bits - 1)) | 1 : 0};
        for (int i = 0; i < 3; i++) {
            uint8_t b[VARINT_MAX_BYTES];
            size_t n = varint_put_u(b, vals[i]);
            assert_int_equal(n, varint_len_u(vals[i]));
            uint64_t got = 0;
            assert_int_equal(varint_get_u(b, n, &got), (int)n);
            assert_true(got == vals[i]);
            /* One byte short is truncation. */
            assert_int_equal(varint_get_u(b, n - 1, &got), VARINT_E_TRUNCATED);
        }
    }
}

static void test_small_values_are_one_byte(void **state)
{
    (void)state;
    uint8_t b[VARINT_MAX_BYTES];
    assert_int_equal(varint_put_u(b, 127), 1);
    assert_int_equal(varint_put_u(b, 128), 2);
    assert_int_equal(varint_put_s(b, -4), 1); /* -EINTR-sized results stay small */
    assert_int_equal(varint_put_s(b, -64), 1);
    assert_int_equal(varint_put_s(b, -65), 2);
}

static void test_zigzag_signed_round_trip(void **state)
{
    (void)state;
    int64_t vals[] = {0, -1, 1, -2, 63, -64, 64, INT64_MAX, INT64_MIN, -4096, 123456789};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint8_t b[VARINT_MAX_BYTES];
        size_t n = varint_put_s(b, vals[i]);
        int64_t got;
        assert_int_equal(varint_get_s(b, n, &got), (int)n);
        assert_true(got == vals[i]);
    }
    assert_true(varint_zigzag(-1) == 1);
    assert_true(varint_zigzag(1) == 2);
    assert_true(varint_unzigzag(3) == -2);
}

static void test_over_64_bits_rejected(void **state)
{
    (void)state;
    uint8_t eleven[11] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    uint8_t tenth_big[10] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
    uint64_t v = 42;
    assert_int_equal(varint_get_u(eleven, sizeof eleven, &v), VARINT_E_OVERFLOW);
    assert_int_equal(varint_get_u(tenth_big, sizeof tenth_big, &v), VARINT_E_OVERFLOW);
    assert_true(v == 42); /* untouched on error */
    assert_int_equal(varint_get_u(eleven, 0, &v), VARINT_E_TRUNCATED);
}

static void test_fixed_little_endian(void **state)
{
    (void)state;
    uint8_t b[8];
    varint_put_le32(b, 0x11223344u);
    assert_int_equal(b[0], 0x44);
    assert_int_equal(b[3], 0x11);
    assert_true(varint_get_le32(b) == 0x11223344u);
    varint_put_le64(b, 0x0102030405060708ull);
    assert_int_equal(b[0], 0x08);
    assert_int_equal(b[7], 0x01);
    assert_true(varint_get_le64(b) == 0x0102030405060708ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsigned_round_trip_every_length),
        cmocka_unit_test(test_small_values_are_one_byte),
        cmocka_unit_test(test_zigzag_signed_round_trip),
        cmocka_unit_test(test_over_64_bits_rejected),
        cmocka_unit_test(test_fixed_little_endian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
