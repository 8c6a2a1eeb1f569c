/*
 * jrnl_truncate_test.c — a journal cut at every possible length (the
 * recorder was killed, the disk filled) either fails to open with a clean
 * error, or returns exactly the events of its complete frames, in order,
 * and then JRNL_E_TRUNCATED naming the last frame, offset and icount.
 * Never a crash (ASan checks the reads: each cut is its own exact-size
 * allocation), never a hang (reads are counted).
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
#include "tests/unit/replay/jrnl_testlib.h"

struct frame_span {
    uint64_t end;    /* offset just past the frame */
    uint64_t events; /* events up to and including this frame */
    uint64_t last_icount;
};

struct fixture {
    uint8_t *buf;
    size_t len;
    struct tl_event *ev;
    size_t n;
    uint64_t header_bytes;
    struct frame_span fr[256];
    uint64_t nfr;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct jrnl_writer_opts o = {.frame_events_max = 6};
    size_t nev = 40;
    f->buf = tl_make(&o, nev, 11, 10, &f->ev, &f->len);
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
        f->fr[k].end = fi.offset + JRNL_FRM_HDR_BYTES + fi.lz4_bytes;
        f->fr[k].events = fi.first_seq + fi.events;
        f->fr[k].last_icount = fi.last_icount;
    }
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

/* Reads a reader opened on a cut of `cut` bytes; checks the promises. */
static void check_cut(const struct fixture *f, struct jrnl_reader *r, size_t cut)
{
    uint64_t complete_frames = 0;
    while (complete_frames < f->nfr && f->fr[complete_frames].end <= cut)
        complete_frames++;
    uint64_t want_events = complete_frames ? f->fr[complete_frames - 1].events : 0;
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    assert_int_equal(st.complete, cut == f->len);
    assert_true(st.frames == complete_frames);
    struct jrnl_event ev;
    struct jrnl_err e;
    uint64_t got = 0;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, &e)) == 1) {
        assert_true(got < f->n); /* no hang, no invented events */
        assert_true(ev.seq == got);
        assert_int_equal(ev.kind, f->ev[got].kind);
        assert_true(ev.icount == f->ev[got].icount);
        assert_int_equal(ev.payload_bytes, f->ev[got].len);
        if (ev.payload_bytes)
            assert_memory_equal(ev.payload, f->ev[got].payload, ev.payload_bytes);
        got++;
    }
    assert_true(got == want_events);
    if (cut == f->len) {
        assert_int_equal(rc, 0);
        return;
    }
    assert_int_equal(rc, JRNL_E_TRUNCATED);
    assert_int_equal(st.tail.code, JRNL_E_TRUNCATED);
    if (complete_frames) {
        char want[128];
        snprintf(want, sizeof want, "truncated after frame %llu at offset %llu, last icount %llu",
                 (unsigned long long)(complete_frames - 1),
                 (unsigned long long)f->fr[complete_frames - 1].end,
                 (unsigned long long)f->fr[complete_frames - 1].last_icount);
        if (!strstr(e.msg, want))
            fail_msg("cut %zu: message '%s' lacks '%s'", cut, e.msg, want);
    } else {
        assert_non_null(strstr(e.msg, "before its first frame"));
    }
    assert_true(e.offset <= cut);
}

static void test_every_cut_point_in_memory(void **state)
{
    struct fixture *f = *state;
    assert_true(f->nfr >= 6);
    for (size_t cut = 0; cut <= f->len; cut++) {
        uint8_t *b = malloc(cut ? cut : 1);
        memcpy(b, f->buf, cut);
        struct jrnl_reader *r;
        struct jrnl_err e;
        int rc = jrnl_reader_open_mem(&r, b, cut, &e);
        if (cut < f->header_bytes) {
            assert_int_equal(rc, JRNL_E_TRUNCATED);
            assert_null(r);
            assert_non_null(strstr(e.msg, "truncated in its header"));
        } else {
            if (rc)
                fail_msg("cut %zu: open failed: %s", cut, e.msg);
            check_cut(f, r, cut);
            /* Seeking after the last complete frame also reports the cut. */
            struct jrnl_event ev;
            assert_int_equal(jrnl_reader_seek(r, UINT64_MAX, &e), 0);
            rc = jrnl_reader_next(r, &ev, &e);
            assert_int_equal(rc, cut == f->len ? 0 : JRNL_E_TRUNCATED);
            jrnl_reader_close(r);
        }
        free(b);
    }
}

static void test_cut_files_through_fd(void **state)
{
    struct fixture *f = *state;
    char path[] = "/tmp/jrnl_trunc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, f->buf, f->len), (ssize_t)f->len);
    for (size_t cut = f->len + 1; cut-- > f->header_bytes;) {
        if (cut % 5 && cut != f->len)
            continue;
        assert_int_equal(ftruncate(fd, (off_t)cut), 0);
        struct jrnl_reader *r;
        struct jrnl_err e;
        if (jrnl_reader_open(&r, path, &e) != 0)
            fail_msg("cut %zu: %s", cut, e.msg);
        check_cut(f, r, cut);
        jrnl_reader_close(r);
    }
    close(fd);
    unlink(path);
}

/* The writer dying mid-recording: what it flushed is readable. */
static void test_abandoned_writer_leaves_readable_prefix(void **state)
{
    (void)state;
    struct jrnl_header h = tl_header();
    struct jrnl_writer_opts o = {.frame_events_max = 10};
    int fd = tl_memfd(), keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, &o, &e), 0);
    for (uint64_t i = 0; i < 35; i++)
        jrnl_put_output(w, i, 1, "x", 1);
    assert_int_equal(jrnl_writer_flush(w), 0); /* 4 frames: 10+10+10+5 */
    for (uint64_t i = 35; i < 38; i++)
        jrnl_put_output(w, i, 1, "y", 1); /* pending, lost */
    jrnl_writer_free(w);
    size_t len;
    uint8_t *b = tl_slurp(keep, &len);
    close(keep);
    struct jrnl_reader *r;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    assert_false(st.complete);
    assert_true(st.frames == 4 && st.events == 35 && st.last_icount == 34);
    struct jrnl_event ev;
    int n = 0, rc;
    while ((rc = jrnl_reader_next(r, &ev, &e)) == 1)
        n++;
    assert_int_equal(n, 35);
    assert_int_equal(rc, JRNL_E_TRUNCATED);
    assert_non_null(strstr(e.msg, "truncated after frame 3 at offset"));
    assert_non_null(strstr(e.msg, "last icount 34"));
    jrnl_reader_close(r);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_cut_point_in_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cut_files_through_fd, setup, teardown),
        cmocka_unit_test(test_abandoned_writer_leaves_readable_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
