/*
 * jrnl_seek_test.c — jrnl_reader_seek lands on the first event at or after
 * the icount (including runs of equal icounts split across frames), and
 * save/restore returns to the same event from anywhere.
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

struct fixture {
    uint8_t *buf;
    size_t len;
    struct tl_event *ev;
    size_t n; /* events including END */
    struct jrnl_reader *r;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    /* Small frames so runs of equal icounts (step 0) cross frame edges. */
    struct jrnl_writer_opts o = {.frame_events_max = 5};
    size_t nev = 1500;
    f->buf = tl_make(&o, nev, 7, 12, &f->ev, &f->len);
    f->n = nev + 1;
    struct jrnl_err e;
    if (!f->buf || jrnl_reader_open_mem(&f->r, f->buf, f->len, &e) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    jrnl_reader_close(f->r);
    tl_events_free(f->ev, f->n);
    free(f->buf);
    free(f);
    return 0;
}

/* Index of the first expected event with icount >= t, or n. */
static size_t first_at(const struct fixture *f, uint64_t t)
{
    size_t i = 0;
    while (i < f->n && f->ev[i].icount < t)
        i++;
    return i;
}

static void test_seek_to_every_icount(void **state)
{
    struct fixture *f = *state;
    struct jrnl_err e;
    struct jrnl_event ev;
    uint64_t lo = f->ev[0].icount, hi = f->ev[f->n - 1].icount;
    for (uint64_t t = 0; t <= hi + 2; t += (t < lo ? lo : 1)) {
        assert_int_equal(jrnl_reader_seek(f->r, t, &e), 0);
        size_t want = first_at(f, t);
        int rc = jrnl_reader_next(f->r, &ev, &e);
        if (want == f->n) {
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, 1);
        assert_true(ev.seq == want);
        assert_true(ev.icount == f->ev[want].icount);
        assert_int_equal(ev.kind, f->ev[want].kind);
        /* And reading continues in order from there, across frames. */
        for (size_t j = want + 1; j < want + 12 && j < f->n; j++) {
            assert_int_equal(jrnl_reader_next(f->r, &ev, &e), 1);
            assert_true(ev.seq == j);
        }
    }
}

static void test_seek_past_end_reads_nothing(void **state)
{
    struct fixture *f = *state;
    struct jrnl_err e;
    struct jrnl_event ev;
    assert_int_equal(jrnl_reader_seek(f->r, UINT64_MAX, &e), 0);
    assert_int_equal(jrnl_reader_next(f->r, &ev, &e), 0);
}

static void test_save_restore_returns_to_same_event(void **state)
{
    struct fixture *f = *state;
    struct jrnl_err e;
    struct jrnl_event ev;
    struct jrnl_pos saved[40];
    uint64_t seqs[40];
    assert_int_equal(jrnl_reader_seek(f->r, 0, &e), 0);
    /* Save at 40 spread-out points while reading forward. */
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (i % 37 == 0 && k < 40) {
            jrnl_reader_save(f->r, &saved[k]);
            seqs[k++] = i;
        }
        assert_int_equal(jrnl_reader_next(f->r, &ev, &e), 1);
    }
    assert_int_equal(jrnl_reader_next(f->r, &ev, &e), 0);
    /* Restore in reverse order (other frames decoded in between). */
    for (size_t j = k; j-- > 0;) {
        assert_int_equal(jrnl_reader_restore(f->r, &saved[j], &e), 0);
        for (size_t m = 0; m < 8 && seqs[j] + m < f->n; m++) {
            assert_int_equal(jrnl_reader_next(f->r, &ev, &e), 1);
            assert_true(ev.seq == seqs[j] + m);
            assert_int_equal(ev.payload_bytes, f->ev[ev.seq].len);
            if (ev.payload_bytes)
                assert_memory_equal(ev.payload, f->ev[ev.seq].payload, ev.payload_bytes);
        }
    }
}

static void test_restore_rejects_bogus_position(void **state)
{
    struct fixture *f = *state;
    struct jrnl_err e;
    struct jrnl_pos p = {UINT64_MAX / 2, 0};
    assert_int_equal(jrnl_reader_restore(f->r, &p, &e), JRNL_E_USAGE);
    p = (struct jrnl_pos){0, 1000};
    assert_int_equal(jrnl_reader_restore(f->r, &p, &e), JRNL_E_USAGE);
    /* The position at the very end is valid. */
    struct jrnl_status st;
    jrnl_reader_status(f->r, &st);
    p = (struct jrnl_pos){st.frames, 0};
    assert_int_equal(jrnl_reader_restore(f->r, &p, &e), 0);
    struct jrnl_event ev;
    assert_int_equal(jrnl_reader_next(f->r, &ev, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seek_to_every_icount, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seek_past_end_reads_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_restore_returns_to_same_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_rejects_bogus_position, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
