/*
 * jrnl_roundtrip_test.c — what jrnl_writer writes, jrnl_reader returns:
 * every kind, the header, many frames (by event count and by bytes), an
 * event larger than the frame limit, the typed helpers read back with the
 * cursor, file and memory sources.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "replay/sha256.h"
#include "tests/unit/replay/jrnl_testlib.h"

/* Reads every event and compares with the expected list; returns frames. */
static uint64_t read_all_and_compare(const uint8_t *buf, size_t len, const struct tl_event *ev,
                                     size_t n)
{
    struct jrnl_reader *r;
    struct jrnl_err e;
    int rc = jrnl_reader_open_mem(&r, buf, len, &e);
    if (rc)
        fail_msg("open: %s", e.msg);
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    assert_true(st.complete);
    assert_int_equal(st.events, n);
    struct jrnl_event got;
    for (size_t i = 0; i < n; i++) {
        rc = jrnl_reader_next(r, &got, &e);
        if (rc != 1)
            fail_msg("event %zu: rc %d: %s", i, rc, e.msg);
        assert_int_equal(got.kind, ev[i].kind);
        assert_true(got.icount == ev[i].icount);
        assert_true(got.seq == i);
        assert_int_equal(got.payload_bytes, ev[i].len);
        if (ev[i].len)
            assert_memory_equal(got.payload, ev[i].payload, ev[i].len);
    }
    assert_int_equal(jrnl_reader_next(r, &got, &e), 0);
    assert_int_equal(jrnl_reader_next(r, &got, &e), 0); /* stays at the end */
    uint64_t frames = st.frames;
    jrnl_reader_close(r);
    return frames;
}

static void test_every_kind_round_trips(void **state)
{
    (void)state;
    struct jrnl_writer_opts o = {.frame_events_max = 7};
    struct tl_event *ev;
    size_t len, n = jrnl_kinds_count * 20;
    uint8_t *b = tl_make(&o, n, 1, 40, &ev, &len);
    assert_non_null(b);
    uint64_t frames = read_all_and_compare(b, len, ev, n + 1);
    assert_true(frames == (n + 1 + 6) / 7);
    tl_events_free(ev, n + 1);
    free(b);
}

static void test_header_round_trips(void **state)
{
    (void)state;
    struct tl_event *ev;
    size_t len;
    uint8_t *b = tl_make(NULL, 3, 2, 8, &ev, &len);
    assert_non_null(b);
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    const struct jrnl_header *h = jrnl_reader_header(r);
    struct jrnl_header want = tl_header();
    assert_int_equal(h->flags, JRNL_HF_PROGRAM);
    assert_int_equal(h->isa_version, 5);
    assert_true(h->record_time_ns == want.record_time_ns);
    assert_true(h->hash_interval_icount == want.hash_interval_icount);
    assert_int_equal(h->frame_events_max, JRNL_DEFAULT_FRAME_EVENTS);
    assert_int_equal(h->frame_bytes_max, JRNL_DEFAULT_FRAME_BYTES);
    assert_string_equal(h->machine, "linux-user");
    assert_string_equal(h->cpu, "elbrus-v5");
    assert_string_equal(h->host, "testhost Linux 6.1");
    assert_int_equal(h->argc, 3);
    for (int i = 0; i < 3; i++)
        assert_string_equal(h->argv[i], tl_argv[i]);
    assert_true(h->program_bytes == want.program_bytes);
    assert_memory_equal(h->program, want.program, want.program_bytes);
    uint8_t d[SHA256_BYTES];
    sha256(want.program, want.program_bytes, d);
    assert_memory_equal(h->program_sha256, d, SHA256_BYTES);
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    assert_true(st.complete);
    assert_int_equal(st.end.exit_status, 3);
    assert_true(st.end.final_icount == ev[3].icount);
    assert_memory_equal(st.end.regs_hash, tl_end_rec.regs_hash, JRNL_HASH_BYTES);
    assert_memory_equal(st.end.mem_hash, tl_end_rec.mem_hash, JRNL_HASH_BYTES);
    jrnl_reader_close(r);
    tl_events_free(ev, 4);
    free(b);
}

static void test_program_not_embedded_keeps_its_hash(void **state)
{
    (void)state;
    struct jrnl_header h = tl_header();
    h.program = NULL;
    h.program_bytes = 0;
    memset(h.program_sha256, 0xab, sizeof h.program_sha256);
    h.argc = 0;
    h.argv = NULL;
    h.machine = h.cpu = h.host = NULL;
    int fd = tl_memfd(), keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, NULL, &e), 0);
    struct jrnl_end end = tl_end_rec;
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    size_t len;
    uint8_t *b = tl_slurp(keep, &len);
    close(keep);
    struct jrnl_reader *r;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    const struct jrnl_header *g = jrnl_reader_header(r);
    assert_int_equal(g->flags & JRNL_HF_PROGRAM, 0);
    assert_null(g->program);
    assert_int_equal(g->argc, 0);
    assert_string_equal(g->machine, "");
    assert_int_equal(g->program_sha256[31], 0xab);
    /* Only the END event. */
    struct jrnl_event ev;
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_END);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 0);
    jrnl_reader_close(r);
    free(b);
}

static void test_many_frames_by_count_and_bytes(void **state)
{
    (void)state;
    static const struct jrnl_writer_opts opts[] = {
        {.frame_events_max = 16},
        {.frame_bytes_max = 300},
        {.frame_events_max = 1},
    };
    for (size_t oi = 0; oi < sizeof opts / sizeof opts[0]; oi++) {
        struct tl_event *ev;
        size_t len, n = 5000;
        uint8_t *b = tl_make(&opts[oi], n, 3 + oi, 24, &ev, &len);
        assert_non_null(b);
        uint64_t frames = read_all_and_compare(b, len, ev, n + 1);
        assert_true(frames > 100);
        /* Every frame within its limits, and frames tile the events. */
        struct jrnl_reader *r;
        struct jrnl_err e;
        assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
        uint64_t seq = 0;
        for (uint64_t k = 0; k < frames; k++) {
            struct jrnl_frame_info fi;
            assert_int_equal(jrnl_reader_frame(r, k, &fi, &e), 0);
            assert_true(fi.first_seq == seq);
            assert_true(fi.events >= 1);
            if (opts[oi].frame_events_max)
                assert_true(fi.events <= opts[oi].frame_events_max);
            if (opts[oi].frame_bytes_max && fi.events > 1)
                assert_true(fi.raw_bytes <= opts[oi].frame_bytes_max);
            assert_true(fi.first_icount == ev[seq].icount);
            assert_true(fi.last_icount == ev[seq + fi.events - 1].icount);
            seq += fi.events;
        }
        assert_true(seq == n + 1);
        jrnl_reader_close(r);
        tl_events_free(ev, n + 1);
        free(b);
    }
}

static void test_event_larger_than_frame_limit_gets_own_frame(void **state)
{
    (void)state;
    struct jrnl_header h = tl_header();
    struct jrnl_writer_opts o = {.frame_bytes_max = 256};
    int fd = tl_memfd(), keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, &o, &e), 0);
    /* Incompressible, so the LZ4 frame is as large as it gets. */
    size_t big_len = 4 << 20;
    uint8_t *big = malloc(big_len);
    struct tl_rng rng = {77};
    for (size_t i = 0; i < big_len; i++)
        big[i] = (uint8_t)tl_next(&rng);
    jrnl_put_output(w, 10, 1, "hi", 2);
    struct jrnl_memw mw = {0x7ff000, big, (uint32_t)big_len};
    jrnl_put_syscall(w, 20, 63, (int64_t)big_len, &mw, 1);
    jrnl_put_output(w, 30, 2, "after", 5);
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 40;
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    size_t len;
    uint8_t *b = tl_slurp(keep, &len);
    close(keep);
    struct jrnl_reader *r;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    struct jrnl_event ev;
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_SYSCALL);
    assert_true(ev.frame == 1);
    struct jrnl_cur c;
    uint64_t nr, nw, addr;
    int64_t ret;
    const uint8_t *data;
    uint32_t dn;
    jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
    assert_int_equal(jrnl_cur_u(&c, &nr), 0);
    assert_int_equal(jrnl_cur_s(&c, &ret), 0);
    assert_int_equal(jrnl_cur_u(&c, &nw), 0);
    assert_int_equal(jrnl_cur_u(&c, &addr), 0);
    assert_int_equal(jrnl_cur_bytes(&c, &data, &dn), 0);
    assert_true(jrnl_cur_done(&c));
    assert_true(nr == 63 && ret == (int64_t)big_len && nw == 1 && addr == 0x7ff000);
    assert_int_equal(dn, big_len);
    assert_memory_equal(data, big, big_len);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_true(ev.frame == 2);
    jrnl_reader_close(r);
    free(big);
    free(b);
}

/* The most compressible frame still passes the reader's ratio limit. */
static void test_all_zero_event_round_trips(void **state)
{
    (void)state;
    struct jrnl_header h = tl_header();
    int fd = tl_memfd(), keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, NULL, &e), 0);
    size_t zlen = JRNL_MAX_EVENT_BYTES - 16;
    uint8_t *z = calloc(1, zlen);
    jrnl_put_begin(w, JRNL_K_CHECKPOINT, 1);
    jrnl_put_bytes(w, z, zlen);
    jrnl_put_end(w);
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 2;
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    size_t len;
    uint8_t *b = tl_slurp(keep, &len);
    close(keep);
    assert_true(len < zlen / 200);
    struct jrnl_reader *r;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    struct jrnl_event ev;
    int rc = jrnl_reader_next(r, &ev, &e);
    if (rc != 1)
        fail_msg("%s", e.msg);
    assert_int_equal(ev.payload_bytes, zlen + 4);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 0);
    jrnl_reader_close(r);
    free(z);
    free(b);
}

static void test_typed_helpers_read_back_with_cursor(void **state)
{
    (void)state;
    struct jrnl_header h = tl_header();
    int fd = tl_memfd(), keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, NULL, &e), 0);
    struct jrnl_memw mw[2] = {{0x1000, "abcd", 4}, {0xffffffffffff0000ull, "", 0}};
    uint8_t rh[32], mh[32];
    memset(rh, 0x11, 32);
    memset(mh, 0x22, 32);
    jrnl_put_syscall(w, 5, 0, -4, mw, 2);
    jrnl_put_output(w, 5, 1, "hello\n", 6);
    jrnl_put_state_hash(w, 9, rh, mh);
    jrnl_put_signal(w, 12, 14, "si", 2);
    jrnl_put_irq(w, 12, 3, 1);
    assert_true(jrnl_writer_ok(w));
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 12;
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    size_t len;
    uint8_t *b = tl_slurp(keep, &len);
    close(keep);

    struct jrnl_reader *r;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    struct jrnl_event ev;
    struct jrnl_cur c;
    uint64_t u, v;
    int64_t s;
    const uint8_t *p;
    uint32_t n;

    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_SYSCALL);
    assert_true(ev.icount == 5);
    jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
    assert_int_equal(jrnl_cur_u(&c, &u), 0);
    assert_true(u == 0);
    assert_int_equal(jrnl_cur_s(&c, &s), 0);
    assert_true(s == -4);
    assert_int_equal(jrnl_cur_u(&c, &u), 0);
    assert_true(u == 2);
    assert_int_equal(jrnl_cur_u(&c, &v), 0);
    assert_true(v == 0x1000);
    assert_int_equal(jrnl_cur_bytes(&c, &p, &n), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(p, "abcd", 4);
    assert_int_equal(jrnl_cur_u(&c, &v), 0);
    assert_true(v == 0xffffffffffff0000ull);
    assert_int_equal(jrnl_cur_bytes(&c, &p, &n), 0);
    assert_int_equal(n, 0);
    assert_true(jrnl_cur_done(&c));
    assert_int_equal(jrnl_cur_u(&c, &v), JRNL_E_EVENT); /* nothing left */

    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_OUTPUT);
    jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
    assert_int_equal(jrnl_cur_u(&c, &u), 0);
    assert_true(u == 1);
    assert_int_equal(jrnl_cur_bytes(&c, &p, &n), 0);
    assert_int_equal(n, 6);
    assert_memory_equal(p, "hello\n", 6);

    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_STATE_HASH);
    assert_true(ev.icount == 9);
    jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
    assert_int_equal(jrnl_cur_hash(&c, &p), 0);
    assert_memory_equal(p, rh, 32);
    assert_int_equal(jrnl_cur_hash(&c, &p), 0);
    assert_memory_equal(p, mh, 32);
    assert_true(jrnl_cur_done(&c));

    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_SIGNAL);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_IRQ);
    assert_true(ev.icount == 12);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 1);
    assert_int_equal(ev.kind, JRNL_K_END);
    assert_int_equal(jrnl_reader_next(r, &ev, &e), 0);
    jrnl_reader_close(r);
    free(b);
}

static void test_file_path_writer_and_reader(void **state)
{
    (void)state;
    char path[] = "/tmp/jrnl_roundtrip_XXXXXX";
    int tfd = mkstemp(path);
    assert_true(tfd >= 0);
    close(tfd);
    struct jrnl_header h = tl_header();
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open(&w, path, &h, NULL, &e), 0);
    for (uint64_t i = 0; i < 10000; i++)
        jrnl_put_output(w, i, 1, "0123456789", 1 + i % 10);
    struct jrnl_writer_stats ws;
    jrnl_writer_stats(w, &ws);
    assert_true(ws.events == 10000);
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 10000;
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    struct jrnl_reader *r;
    assert_int_equal(jrnl_reader_open(&r, path, &e), 0);
    struct jrnl_event ev;
    uint64_t count = 0;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, &e)) == 1) {
        if (ev.kind == JRNL_K_OUTPUT) {
            assert_true(ev.icount == count);
            assert_int_equal(ev.payload_bytes, 2 + 1 + count % 10);
        }
        count++;
    }
    assert_int_equal(rc, 0);
    assert_true(count == 10001);
    jrnl_reader_close(r);
    unlink(path);
    assert_int_equal(jrnl_reader_open(&r, path, &e), JRNL_E_IO);
    assert_null(r);
    assert_non_null(strstr(e.msg, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_round_trips),
        cmocka_unit_test(test_header_round_trips),
        cmocka_unit_test(test_program_not_embedded_keeps_its_hash),
        cmocka_unit_test(test_many_frames_by_count_and_bytes),
        cmocka_unit_test(test_event_larger_than_frame_limit_gets_own_frame),
        cmocka_unit_test(test_all_zero_event_round_trips),
        cmocka_unit_test(test_typed_helpers_read_back_with_cursor),
        cmocka_unit_test(test_file_path_writer_and_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
