/*
 * jrnl_writer_test.c — the writer's sticky-error contract (as rr's
 * CompressedWriter): the first failure is kept with its message, later
 * puts do nothing, jrnl_writer_ok/flush/close report it. Also option
 * checks and flush as a sync point.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "tests/unit/replay/jrnl_testlib.h"

static struct jrnl_writer *new_writer(int *keep)
{
    struct jrnl_header h = tl_header();
    int fd = tl_memfd();
    *keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, NULL, &e), 0);
    return w;
}

static void test_icount_going_backwards_is_sticky(void **state)
{
    (void)state;
    int keep;
    struct jrnl_writer *w = new_writer(&keep);
    jrnl_put_irq(w, 100, 1, 1);
    jrnl_put_irq(w, 100, 1, 0); /* equal icount is fine */
    assert_true(jrnl_writer_ok(w));
    jrnl_put_irq(w, 99, 2, 1);
    assert_false(jrnl_writer_ok(w));
    const struct jrnl_err *we = jrnl_writer_error(w);
    assert_int_equal(we->code, JRNL_E_ORDER);
    assert_non_null(strstr(we->msg, "icount 99 after icount 100"));
    /* Later calls do nothing and keep the first error. */
    jrnl_put_irq(w, 200, 1, 1);
    jrnl_put_u(w, 5);
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_ORDER);
    struct jrnl_writer_stats st;
    jrnl_writer_stats(w, &st);
    assert_true(st.events == 2);
    assert_int_equal(jrnl_writer_flush(w), JRNL_E_ORDER);
    struct jrnl_err e;
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 300;
    assert_int_equal(jrnl_writer_close(w, &end, &e), JRNL_E_ORDER);
    assert_non_null(strstr(e.msg, "icount 99"));
    close(keep);
}

static void test_payload_not_matching_spec_is_refused(void **state)
{
    (void)state;
    int keep;
    struct jrnl_writer *w = new_writer(&keep);
    jrnl_put_begin(w, JRNL_K_SYSCALL, 1);
    jrnl_put_u(w, 64); /* nr, then nothing: ret and writes missing */
    jrnl_put_end(w);
    assert_false(jrnl_writer_ok(w));
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_USAGE);
    assert_non_null(strstr(jrnl_writer_error(w)->msg, "SYSCALL event does not match its spec"));
    jrnl_writer_free(w);
    close(keep);
}

static void test_misuse_is_reported(void **state)
{
    (void)state;
    int keep;
    struct jrnl_writer *w = new_writer(&keep);
    jrnl_put_u(w, 1);
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_USAGE);
    jrnl_writer_free(w);
    close(keep);

    w = new_writer(&keep);
    jrnl_put_begin(w, 0, 1);
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_KIND);
    jrnl_writer_free(w);
    close(keep);

    w = new_writer(&keep);
    jrnl_put_begin(w, JRNL_K_TIMER, 1);
    jrnl_put_begin(w, JRNL_K_TIMER, 1);
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_USAGE);
    jrnl_writer_free(w);
    close(keep);

    w = new_writer(&keep);
    jrnl_put_end(w);
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_USAGE);
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_close(w, NULL, &e), JRNL_E_USAGE);
    close(keep);
}

static void test_oversized_event_is_refused(void **state)
{
    (void)state;
    int keep;
    struct jrnl_writer *w = new_writer(&keep);
    static const uint8_t dummy[1];
    jrnl_put_begin(w, JRNL_K_HOSTCALL, 1);
    jrnl_put_u(w, 1);
    /* The length is checked before the data is touched. */
    jrnl_put_bytes(w, dummy, (size_t)JRNL_MAX_EVENT_BYTES + 1);
    jrnl_put_end(w);
    assert_int_equal(jrnl_writer_error(w)->code, JRNL_E_LIMIT);
    jrnl_writer_free(w);
    close(keep);
}

static void test_write_failure_is_sticky_with_errno_text(void **state)
{
    (void)state;
    int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        skip();
    struct jrnl_header h = tl_header();
    struct jrnl_writer_opts o = {.out_buffer_bytes = 4096};
    struct jrnl_writer *w;
    struct jrnl_err e;
    /* The header fits the buffer, so open succeeds; the flush fails. */
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, &o, &e), 0);
    jrnl_put_output(w, 1, 1, "x", 1);
    assert_int_equal(jrnl_writer_flush(w), JRNL_E_IO);
    assert_non_null(strstr(jrnl_writer_error(w)->msg, "write failed at offset 0"));
    assert_non_null(strstr(jrnl_writer_error(w)->msg, "No space left on device"));
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 2;
    assert_int_equal(jrnl_writer_close(w, &end, &e), JRNL_E_IO);
}

static void test_bad_options_and_header_refused_at_open(void **state)
{
    (void)state;
    struct jrnl_header h = tl_header();
    struct jrnl_writer *w;
    struct jrnl_err e;
    struct jrnl_writer_opts o = {.frame_bytes_max = JRNL_MAX_FRAME_BYTES + 1};
    assert_int_equal(jrnl_writer_open_fd(&w, tl_memfd(), &h, &o, &e), JRNL_E_USAGE);
    assert_null(w);
    h.flags = 0x80;
    assert_int_equal(jrnl_writer_open_fd(&w, tl_memfd(), &h, NULL, &e), JRNL_E_USAGE);
    h = tl_header();
    h.argc = JRNL_MAX_ARGS + 1;
    assert_int_equal(jrnl_writer_open_fd(&w, tl_memfd(), &h, NULL, &e), JRNL_E_LIMIT);
    assert_int_equal(jrnl_writer_open(&w, "/nonexistent-dir/j", &h, NULL, &e), JRNL_E_IO);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/j"));
    jrnl_writer_free(NULL);
}

/* flush is a sync point: what was put is readable while the writer runs. */
static void test_flush_makes_events_readable(void **state)
{
    (void)state;
    int keep;
    struct jrnl_writer *w = new_writer(&keep);
    for (uint64_t i = 0; i < 10; i++)
        jrnl_put_output(w, i, 1, "z", 1);
    assert_int_equal(jrnl_writer_flush(w), 0);
    size_t len;
    uint8_t *b = tl_slurp(keep, &len);
    struct jrnl_reader *r;
    struct jrnl_err e;
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    assert_false(st.complete);
    assert_true(st.events == 10);
    jrnl_reader_close(r);
    free(b);
    jrnl_put_output(w, 10, 1, "z", 1);
    struct jrnl_end end = tl_end_rec;
    end.final_icount = 11;
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    b = tl_slurp(keep, &len);
    assert_int_equal(jrnl_reader_open_mem(&r, b, len, &e), 0);
    jrnl_reader_status(r, &st);
    assert_true(st.complete);
    assert_true(st.frames == 2 && st.events == 12);
    jrnl_reader_close(r);
    free(b);
    close(keep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_icount_going_backwards_is_sticky),
        cmocka_unit_test(test_payload_not_matching_spec_is_refused),
        cmocka_unit_test(test_misuse_is_reported),
        cmocka_unit_test(test_oversized_event_is_refused),
        cmocka_unit_test(test_write_failure_is_sticky_with_errno_text),
        cmocka_unit_test(test_bad_options_and_header_refused_at_open),
        cmocka_unit_test(test_flush_makes_events_readable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
