/*
 * trc_progress_test.c — the progress line (trace/trc_progress.c): silent
 * when the stream is not a terminal, nothing in the first second, at most
 * one line per 250 ms, rate / percentage / ETA, and erased at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trc_progress.h"

static uint64_t fake_ns;

static uint64_t fake_clock(void *ctx)
{
    (void)ctx;
    return fake_ns;
}

static void test_not_a_terminal_prints_nothing(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct trc_progress p;
    trc_progress_init(&p, f, "replay");
    assert_int_equal(p.on, 0); /* a memory stream is no tty */
    p.clock_ns = fake_clock;
    fake_ns = p.start_ns = 1000;
    for (int i = 0; i < 100; i++) {
        fake_ns += 500000000;
        trc_progress_update(&p, (uint64_t)i * 1000000, 100000000);
    }
    trc_progress_end(&p);
    fclose(f);
    assert_int_equal(len, 0);
    free(buf);
}

static void test_rate_limited_lines_and_erase(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct trc_progress p;
    trc_progress_init(&p, f, "replay");
    p.on = 1; /* as on a terminal */
    p.clock_ns = fake_clock;
    fake_ns = p.start_ns = 5000000000ull;
    trc_progress_update(&p, 0, 0); /* first update: icount 0 */
    fake_ns += 900000000;           /* 0.9 s: still quiet */
    trc_progress_update(&p, 90000000, 0);
    fflush(f);
    assert_int_equal(len, 0);
    fake_ns += 100000000;           /* 1.0 s, 100 M instructions */
    trc_progress_update(&p, 100000000, 0);
    fflush(f);
    assert_string_equal(buf, "\rreplay: icount 100000000, 100.0 M instr/s");
    size_t first = len;
    for (int i = 0; i < 24; i++) {  /* 24 x 10 ms: within one period */
        fake_ns += 10000000;
        trc_progress_update(&p, 100000000 + (uint64_t)i, 0);
    }
    fflush(f);
    assert_int_equal(len, first);
    fake_ns += 20000000;            /* 1.26 s: a new line */
    trc_progress_update(&p, 126000000, 0);
    fflush(f);
    assert_true(len > first);
    assert_int_equal(strlen(buf), len);
    trc_progress_end(&p);
    fflush(f);
    /* erased: '\r', spaces over the last line, '\r' */
    assert_int_equal(buf[len - 1], '\r');
    assert_int_equal(buf[len - 2], ' ');
    fclose(f);
    free(buf);
}

static void test_format_percentage_and_eta(void **state)
{
    (void)state;
    char line[160];
    trc_progress_format(line, sizeof line, "replay", 250000000, 1000000000, 250000000, 2.5);
    assert_string_equal(line, "replay: icount 250000000 (25%), 100.0 M instr/s, ETA 8s");
    trc_progress_format(line, sizeof line, "replay", 1000, 400001000, 1000, 0.001);
    assert_string_equal(line, "replay: icount 1000 (0%), 1.0 M instr/s, ETA 6m40s");
    trc_progress_format(line, sizeof line, "record", 7, 0, 7, 0);
    assert_string_equal(line, "record: icount 7, 0.0 M instr/s");
    trc_progress_format(line, sizeof line, "x", 0, 7200000000ull, 1000000, 1.0);
    assert_string_equal(line, "x: icount 0 (0%), 1.0 M instr/s, ETA 2h00m");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_a_terminal_prints_nothing),
        cmocka_unit_test(test_rate_limited_lines_and_erase),
        cmocka_unit_test(test_format_percentage_and_eta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
