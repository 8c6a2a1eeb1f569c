/*
 * jrnl_corrupt_test.c — damaged journals. A flipped bit anywhere is
 * detected (header, frame headers and index/end records by their check
 * values, frame data by the LZ4 checksums) and reported with the offset of
 * the damaged structure; every event returned before the error is exactly
 * what was written. Also: wrong version names both versions, wrong magic,
 * and seeking past a bad frame still works.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/jrnl_reader.h"
#include "replay/varint.h"
#include "tests/unit/replay/jrnl_testlib.h"

struct fixture {
    uint8_t *buf;
    size_t len;
    struct tl_event *ev;
    size_t n;
    uint64_t header_bytes;
    uint64_t frame_off[64]; /* frame offsets, then the index offset */
    uint64_t nfr;
    uint64_t index_off, end_off;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct jrnl_writer_opts o = {.frame_events_max = 8};
    size_t nev = 30;
    f->buf = tl_make(&o, nev, 5, 12, &f->ev, &f->len);
    f->n = nev + 1;
    struct jrnl_reader *r;
    struct jrnl_err e;
    if (!f->buf || jrnl_reader_open_mem(&r, f->buf, f->len, &e) != 0)
        return -1;
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    f->header_bytes = st.header_bytes;
    f->nfr = st.frames;
    for (uint64_t k = 0; k < st.frames; k++) {
        struct jrnl_frame_info fi;
        if (jrnl_reader_frame(r, k, &fi, &e) != 0)
            return -1;
        f->frame_off[k] = fi.offset;
        f->index_off = fi.offset + JRNL_FRM_HDR_BYTES + fi.lz4_bytes;
    }
    f->frame_off[f->nfr] = f->index_off;
    f->end_off = f->len - JRNL_END_BYTES;
    jrnl_reader_close(r);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    tl_events_free(f->ev, f->n);
    free(f->buf);
    free(f);
    return 0;
}

/* Reads everything; checks events are a correct prefix; returns the final
 * code and error. */
static int read_prefix(const struct fixture *f, struct jrnl_reader *r, struct jrnl_err *e,
                       uint64_t *count)
{
    struct jrnl_event ev;
    uint64_t got = 0;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, e)) == 1) {
        assert_true(got < f->n);
        assert_true(ev.seq == got);
        assert_int_equal(ev.kind, f->ev[got].kind);
        assert_true(ev.icount == f->ev[got].icount);
        assert_int_equal(ev.payload_bytes, f->ev[got].len);
        if (ev.payload_bytes)
            assert_memory_equal(ev.payload, f->ev[got].payload, ev.payload_bytes);
        got++;
    }
    *count = got;
    return rc;
}

static void check_flip(const struct fixture *f, size_t at, uint8_t mask)
{
    uint8_t *b = malloc(f->len);
    memcpy(b, f->buf, f->len);
    b[at] ^= mask;
    struct jrnl_reader *r;
    struct jrnl_err e;
    int rc = jrnl_reader_open_mem(&r, b, f->len, &e);
    if (at < f->header_bytes) {
        /* Header: refused at open, with a message. */
        if (rc == 0)
            fail_msg("flip at header byte %zu not detected", at);
        assert_true(e.msg[0] != '\0');
        if (at >= JRNL_MAGIC_BYTES && rc != JRNL_E_VERSION && rc != JRNL_E_TRUNCATED)
            assert_int_equal(rc, JRNL_E_HEADER);
        free(b);
        return;
    }
    if (rc)
        fail_msg("flip at %zu: open failed: %s", at, e.msg);
    uint64_t got;
    rc = read_prefix(f, r, &e, &got);
    if (rc >= 0)
        fail_msg("flip at %zu (mask %02x) not detected", at, mask);
    if (at < f->index_off) {
        uint64_t k = 0;
        while (f->frame_off[k + 1] <= at)
            k++;
        /* Everything before the damaged frame was returned. */
        assert_true(got == 8 * k); /* frame_events_max 8 */
        if (rc != JRNL_E_FRAME && rc != JRNL_E_LZ4 && rc != JRNL_E_EVENT)
            fail_msg("flip at %zu: code %d: %s", at, rc, e.msg);
        if (e.offset != f->frame_off[k])
            fail_msg("flip at %zu in frame %llu: reported offset %llu: %s", at,
                     (unsigned long long)k, (unsigned long long)e.offset, e.msg);
        char want[64];
        snprintf(want, sizeof want, "frame %llu at offset %llu", (unsigned long long)k,
                 (unsigned long long)f->frame_off[k]);
        assert_non_null(strstr(e.msg, want));
    } else {
        /* Index or end record: every event is still readable (by scan). */
        assert_true(got == f->n);
        struct jrnl_status st;
        jrnl_reader_status(r, &st);
        assert_false(st.complete);
        if (at < f->end_off && rc != JRNL_E_INDEX && rc != JRNL_E_END)
            fail_msg("flip at index byte %zu: code %d: %s", at, rc, e.msg);
        if (at >= f->end_off && rc != JRNL_E_END)
            fail_msg("flip at end byte %zu: code %d: %s", at, rc, e.msg);
        assert_true(e.offset >= f->index_off && e.offset < f->len);
        assert_non_null(strstr(e.msg, "frames readable by scanning"));
    }
    jrnl_reader_close(r);
    free(b);
}

static void test_every_flipped_bit_is_detected(void **state)
{
    struct fixture *f = *state;
    for (size_t at = 0; at < f->len; at++) {
        check_flip(f, at, 0x01);
        check_flip(f, at, 0x80);
        check_flip(f, at, (uint8_t)(1u << (at % 8)));
    }
}

static void test_header_flip_names_check_offset(void **state)
{
    struct fixture *f = *state;
    uint8_t *b = malloc(f->len);
    memcpy(b, f->buf, f->len);
    b[JRNL_HDR_FIXED_BYTES + 6] ^= 0x20; /* inside the machine name */
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, b, f->len, &e), JRNL_E_HEADER);
    char want[64];
    snprintf(want, sizeof want, "check value at offset %llu",
             (unsigned long long)(f->header_bytes - JRNL_CHK_BYTES));
    assert_non_null(strstr(e.msg, want));
    free(b);
}

static void test_frame_data_flip_reports_frame_and_offset(void **state)
{
    struct fixture *f = *state;
    uint8_t *b = malloc(f->len);
    memcpy(b, f->buf, f->len);
    /* Past the bytes the frame check covers: the LZ4 checksums catch it. */
    b[f->frame_off[2] + JRNL_FRM_HDR_BYTES + JRNL_FRM_CHK_LZ4_BYTES + 8] ^= 0x04;
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, b, f->len, &e), 0);
    uint64_t got;
    int rc = read_prefix(f, r, &e, &got);
    assert_int_equal(rc, JRNL_E_LZ4);
    assert_true(got == 16);
    assert_true(e.offset == f->frame_off[2]);
    assert_true(e.icount == f->ev[16].icount);
    /* Sticky: no way past it by reading... */
    struct jrnl_event ev;
    assert_int_equal(jrnl_reader_next(r, &ev, &e), JRNL_E_LZ4);
    /* ...but seeking beyond the bad frame works. */
    assert_int_equal(jrnl_reader_seek(r, f->ev[24].icount, &e), 0);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_true(ev.icount == f->ev[24].icount);
    /* And seeking into it reports it again. */
    assert_int_equal(jrnl_reader_seek(r, f->ev[17].icount, &e), JRNL_E_LZ4);
    jrnl_reader_close(r);
    free(b);
}

static void test_version_mismatch_names_both_versions(void **state)
{
    struct fixture *f = *state;
    uint8_t *b = malloc(f->len);
    memcpy(b, f->buf, f->len);
    varint_put_le32(b + JRNL_HDR_OFF_VERSION, JRNL_VERSION + 41);
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, b, f->len, &e), JRNL_E_VERSION);
    char want[96];
    snprintf(want, sizeof want, "journal format version %d, this build reads only version %d",
             JRNL_VERSION + 41, JRNL_VERSION);
    assert_string_equal(e.msg, want);
    free(b);
}

static void test_not_a_journal(void **state)
{
    (void)state;
    static const char text[] = "#!/bin/sh\necho this is not a journal\n";
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, text, sizeof text, &e), JRNL_E_MAGIC);
    assert_non_null(strstr(e.msg, "not an e2k-rr journal"));
    assert_int_equal(jrnl_reader_open_mem(&r, NULL, 0, &e), JRNL_E_TRUNCATED);
}

static void test_huge_lengths_are_refused_without_allocating(void **state)
{
    struct fixture *f = *state;
    uint8_t *b = malloc(f->len);
    memcpy(b, f->buf, f->len);
    /* Header length beyond the limit. */
    varint_put_le32(b + JRNL_HDR_OFF_BYTES, 0xffffffffu);
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, b, f->len, &e), JRNL_E_HEADER);
    assert_non_null(strstr(e.msg, "out of range"));
    assert_true(e.offset == JRNL_HDR_OFF_BYTES);
    /* A frame claiming 4 GiB of data: its check fails first; with a valid
     * check it is refused by the limits. */
    memcpy(b, f->buf, f->len);
    uint8_t *h = b + f->frame_off[1];
    varint_put_le32(h + JRNL_FRM_OFF_RAW, 0xfffffff0u);
    jrnl_chk2(h, JRNL_FRM_OFF_CHK, h + JRNL_FRM_HDR_BYTES, JRNL_FRM_CHK_LZ4_BYTES,
              h + JRNL_FRM_OFF_CHK);
    assert_int_equal(jrnl_reader_open_mem(&r, b, f->len, &e), 0);
    uint64_t got;
    assert_int_equal(read_prefix(f, r, &e, &got), JRNL_E_FRAME);
    assert_non_null(strstr(e.msg, "decoded size out of range"));
    jrnl_reader_close(r);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_flipped_bit_is_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_flip_names_check_offset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frame_data_flip_reports_frame_and_offset, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_version_mismatch_names_both_versions, setup,
                                        teardown),
        cmocka_unit_test(test_not_a_journal),
        cmocka_unit_test_setup_teardown(test_huge_lengths_are_refused_without_allocating, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
