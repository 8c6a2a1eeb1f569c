/*
 * gdb_wire_test.c — debugger/gdb_wire.c: framing and checksums, acks and
 * no-ack mode, bad checksums, run-length decoding (valid and malformed),
 * the size limit, ^C, escaping round trips, byte-at-a-time feeding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debugger/gdb_buf.h"
#include "debugger/gdb_wire.h"

struct fix {
    struct gdb_wire w;
    struct gdb_buf acks;
};

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    gdb_wire_init(&f->w);
    gdb_buf_init(&f->acks, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    gdb_buf_fini(&f->acks);
    free(f);
    return 0;
}

/* Feed all of s; returns the first event (and how many bytes it used). */
static int feed(struct fix *f, const char *s, size_t *used)
{
    int ev = GDB_WIRE_NONE;
    size_t n = strlen(s);
    size_t u = gdb_wire_feed(&f->w, (const uint8_t *)s, n, &f->acks, &ev);
    if (used)
        *used = u;
    return ev;
}

static void test_frame_and_checksum(void **state)
{
    (void)state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_wire_frame(&b, "OK", 2);
    assert_string_equal(b.p, "$OK#9a"); /* gdb manual example checksum */
    gdb_buf_reset(&b);
    gdb_wire_frame(&b, "", 0);
    assert_string_equal(b.p, "$#00");
    gdb_buf_fini(&b);
    assert_int_equal(gdb_wire_checksum("qSupported", 10), 0x37);
}

static void test_packet_is_acked_and_delivered(void **state)
{
    struct fix *f = *state;
    size_t used;
    assert_int_equal(feed(f, "$g#67", &used), GDB_WIRE_PACKET);
    assert_int_equal(used, 5);
    assert_int_equal(f->w.pkt_len, 1);
    assert_string_equal(f->w.pkt, "g");
    assert_string_equal(f->acks.p, "+");
}

static void test_bad_checksum_is_nakked_in_ack_mode(void **state)
{
    struct fix *f = *state;
    assert_int_equal(feed(f, "$g#00", NULL), GDB_WIRE_NONE);
    assert_string_equal(f->acks.p, "-");
    /* non-hex checksum digits too */
    gdb_buf_reset(&f->acks);
    assert_int_equal(feed(f, "$g#zz", NULL), GDB_WIRE_NONE);
    assert_string_equal(f->acks.p, "-");
    /* the resent packet then goes through */
    assert_int_equal(feed(f, "$g#67", NULL), GDB_WIRE_PACKET);
}

static void test_no_ack_mode_sends_nothing(void **state)
{
    struct fix *f = *state;
    f->w.no_ack = 1;
    assert_int_equal(feed(f, "$g#67", NULL), GDB_WIRE_PACKET);
    assert_int_equal(f->acks.len, 0);
    assert_int_equal(feed(f, "$g#00", NULL), GDB_WIRE_ERROR);
    assert_int_equal(f->acks.len, 0);
}

static void test_acks_and_interrupt_between_packets(void **state)
{
    struct fix *f = *state;
    size_t used;
    assert_int_equal(feed(f, "+$g#67", &used), GDB_WIRE_ACK);
    assert_int_equal(used, 1);
    assert_int_equal(feed(f, "-", NULL), GDB_WIRE_NAK);
    assert_int_equal(feed(f, "\x03", NULL), GDB_WIRE_INTERRUPT);
    /* noise between packets is ignored */
    assert_int_equal(feed(f, "xyz\r\n", NULL), GDB_WIRE_NONE);
    assert_int_equal(feed(f, "$?#3f", NULL), GDB_WIRE_PACKET);
    assert_string_equal(f->w.pkt, "?");
}

static void test_byte_at_a_time(void **state)
{
    struct fix *f = *state;
    const char *s = "$m10000,8#c2";
    int ev = GDB_WIRE_NONE;
    for (size_t i = 0; s[i]; i++) {
        size_t u = gdb_wire_feed(&f->w, (const uint8_t *)s + i, 1, &f->acks, &ev);
        assert_int_equal(u, 1);
        if (s[i + 1])
            assert_int_equal(ev, GDB_WIRE_NONE);
    }
    assert_int_equal(ev, GDB_WIRE_PACKET);
    assert_string_equal(f->w.pkt, "m10000,8");
}

static void test_run_length_decoding(void **state)
{
    struct fix *f = *state;
    /* "0* " = '0' then 32-29 = 3 more: "0000" (gdb manual RLE example) */
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_wire_frame(&b, "X0* ", 4);
    assert_int_equal(feed(f, b.p, NULL), GDB_WIRE_PACKET);
    assert_string_equal(f->w.pkt, "X0000");
    gdb_buf_fini(&b);
}

static void test_malformed_run_length_is_an_error(void **state)
{
    struct fix *f = *state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_wire_frame(&b, "*  ", 3); /* nothing to repeat */
    assert_int_equal(feed(f, b.p, NULL), GDB_WIRE_ERROR);
    assert_string_equal(f->acks.p, "+"); /* acked: gdb must not resend */
    gdb_buf_reset(&b);
    gdb_wire_frame(&b, "a*\x01", 3); /* count below 3 */
    assert_int_equal(feed(f, b.p, NULL), GDB_WIRE_ERROR);
    /* `*` right before `#` */
    assert_int_equal(feed(f, "$a*#8b", NULL), GDB_WIRE_ERROR);
    gdb_buf_fini(&b);
}

static void test_oversized_packet_is_acked_and_reported(void **state)
{
    struct fix *f = *state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    char *big = malloc(GDB_PACKET_MAX + 10);
    memset(big, 'a', GDB_PACKET_MAX + 10);
    gdb_wire_frame(&b, big, GDB_PACKET_MAX + 10);
    assert_int_equal(feed(f, b.p, NULL), GDB_WIRE_ERROR);
    assert_string_equal(f->w.error, "packet too long");
    assert_string_equal(f->acks.p, "+");
    /* exactly the limit is fine */
    gdb_buf_reset(&b);
    gdb_wire_frame(&b, big, GDB_PACKET_MAX);
    assert_int_equal(feed(f, b.p, NULL), GDB_WIRE_PACKET);
    assert_int_equal(f->w.pkt_len, GDB_PACKET_MAX);
    /* run-length expansion past the limit too */
    gdb_buf_reset(&b);
    gdb_buf_putc(&b, 'a');
    for (int i = 0; i < GDB_PACKET_MAX / 97 + 2; i++)
        gdb_buf_puts(&b, "a*~"); /* 1 + 97 each */
    struct gdb_buf fr;
    gdb_buf_init(&fr, 0);
    gdb_wire_frame(&fr, b.p, b.len);
    assert_int_equal(feed(f, fr.p, NULL), GDB_WIRE_ERROR);
    /* and the wire still works afterwards */
    assert_int_equal(feed(f, "$g#67", NULL), GDB_WIRE_PACKET);
    free(big);
    gdb_buf_fini(&b);
    gdb_buf_fini(&fr);
}

static void test_dollar_restarts_a_broken_packet(void **state)
{
    struct fix *f = *state;
    assert_int_equal(feed(f, "$m1000,$g#67", NULL), GDB_WIRE_PACKET);
    assert_string_equal(f->w.pkt, "g");
}

static void test_escape_round_trip(void **state)
{
    (void)state;
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_wire_escape(&b, all, sizeof all);
    assert_int_equal(b.len, gdb_wire_escaped_len(all, sizeof all));
    assert_int_equal(b.len, 256 + 4); /* $ # } * */
    for (size_t i = 0; i < b.len; i++)
        assert_true(b.p[i] != '$' && b.p[i] != '#' && b.p[i] != '*');
    uint8_t back[256];
    assert_int_equal(gdb_wire_unescape(b.p, b.len, back, sizeof back), 256);
    assert_memory_equal(back, all, 256);
    /* dangling escape, and output past the cap */
    assert_int_equal(gdb_wire_unescape("ab}", 3, back, sizeof back), -1);
    assert_int_equal(gdb_wire_unescape("abc", 3, back, 2), -1);
    gdb_buf_fini(&b);
}

static void test_text_check(void **state)
{
    (void)state;
    assert_true(gdb_wire_text_ok("T05thread:1;", 12));
    assert_false(gdb_wire_text_ok("a#b", 3));
    assert_false(gdb_wire_text_ok("a*b", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_and_checksum),
        cmocka_unit_test_setup_teardown(test_packet_is_acked_and_delivered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_checksum_is_nakked_in_ack_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_ack_mode_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acks_and_interrupt_between_packets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_byte_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_length_decoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_run_length_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oversized_packet_is_acked_and_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dollar_restarts_a_broken_packet, setup, teardown),
        cmocka_unit_test(test_escape_round_trip),
        cmocka_unit_test(test_text_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
