/*
 * balloon_script_test.c — the balloon schedule parser
 * (tools/e2k-rr/balloon_script.c): every action and trigger, units and
 * sizes, ordering, comments and blank lines, errors with FILE:LINE, the
 * all-or-nothing rule, limits, loading from a file, and formatting an
 * action back into a line that parses to the same action.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tools/e2k-rr/balloon_script.h"

static int parse(struct bscript *s, const char *text, char *err, size_t errlen)
{
    return bscript_parse(s, text, strlen(text), "sched", err, errlen);
}

static void test_every_action_and_trigger(void **st)
{
    (void)st;
    struct bscript s;
    bscript_init(&s);
    char err[200] = "";
    assert_int_equal(parse(&s,
                           "# a schedule\n"
                           "\n"
                           "at 200ms set 40M\n"
                           "at icount 5000000 set 40M   # same size\n"
                           "at 1s stats-interval 100ms\n"
                           "  at 2s stats\n"
                           "at 3s stats-request\r\n"
                           "at 0 set 1024 pages\n",
                           err, sizeof err),
                     0);
    assert_int_equal(s.n, 6);
    /* time actions in time order, then icount actions */
    assert_int_equal(s.a[0].when, BSCRIPT_AT_TIME);
    assert_int_equal(s.a[0].at, 0);
    assert_int_equal(s.a[0].op, BSCRIPT_SET);
    assert_int_equal(s.a[0].value, 4ull << 20);
    assert_int_equal(s.a[0].line, 8);
    assert_int_equal(s.a[1].at, 200000000);
    assert_int_equal(s.a[1].value, 40ull << 20);
    assert_int_equal(s.a[1].line, 3);
    assert_int_equal(s.a[2].op, BSCRIPT_STATS_INTERVAL);
    assert_int_equal(s.a[2].at, 1000000000);
    assert_int_equal(s.a[2].value, 100000000);
    assert_int_equal(s.a[3].op, BSCRIPT_STATS);
    assert_int_equal(s.a[3].at, 2000000000);
    assert_int_equal(s.a[4].op, BSCRIPT_STATS);
    assert_int_equal(s.a[5].when, BSCRIPT_AT_ICOUNT);
    assert_int_equal(s.a[5].at, 5000000);
    assert_int_equal(s.a[5].value, 40ull << 20);
    bscript_fini(&s);
}

static void test_units_and_sizes(void **st)
{
    (void)st;
    static const struct { const char *s; uint64_t v; } k_sizes[] = {
        {"0", 0}, {"4096", 4096}, {"4K", 4096}, {"8k", 8192}, {"12KiB", 12288},
        {"1M", 1 << 20}, {"1MB", 1 << 20}, {"1mib", 1 << 20}, {"2G", 2ull << 30},
        {"1T", 1ull << 40}, {"3 pages", 3 * 4096}, {"1page", 4096}, {"4096B", 4096},
    };
    char err[200];
    for (size_t i = 0; i < sizeof k_sizes / sizeof k_sizes[0]; i++) {
        uint64_t v = 1;
        assert_int_equal(bscript_parse_size(k_sizes[i].s, &v, err, sizeof err), 0);
        assert_int_equal(v, k_sizes[i].v);
    }
    static const char *const k_bad_sizes[] = {
        "", "M", "-4K", "+4K", "1000", "4.5M", "4X", "16T", "99999999999999999999",
        "18014398509481984K", "4K pages",
    };
    for (size_t i = 0; i < sizeof k_bad_sizes / sizeof k_bad_sizes[0]; i++) {
        uint64_t v = 7;
        assert_int_equal(bscript_parse_size(k_bad_sizes[i], &v, err, sizeof err),
                         BSCRIPT_E_SYNTAX);
        assert_int_equal(v, 7);
    }
    assert_int_equal(bscript_parse_size("1000", &(uint64_t){0}, err, sizeof err),
                     BSCRIPT_E_SYNTAX);
    assert_non_null(strstr(err, "multiple of 4 KiB"));
    assert_int_equal(bscript_parse_size("16T", &(uint64_t){0}, err, sizeof err),
                     BSCRIPT_E_SYNTAX);
    assert_non_null(strstr(err, "2^32-1 pages"));

    static const struct { const char *s; uint64_t v; } k_times[] = {
        {"0", 0}, {"5ns", 5}, {"7us", 7000}, {"200ms", 200000000}, {"3s", 3000000000ull},
        {"0ms", 0},
    };
    for (size_t i = 0; i < sizeof k_times / sizeof k_times[0]; i++) {
        uint64_t v = 1;
        assert_int_equal(bscript_parse_time(k_times[i].s, &v, err, sizeof err), 0);
        assert_int_equal(v, k_times[i].v);
    }
    static const char *const k_bad_times[] = {"", "5", "1.5s", "5 ms", "5MS", "5min",
                                               "-1s", "18446744073709551615s"};
    for (size_t i = 0; i < sizeof k_bad_times / sizeof k_bad_times[0]; i++)
        assert_int_equal(bscript_parse_time(k_bad_times[i], &(uint64_t){0}, err, sizeof err),
                         BSCRIPT_E_SYNTAX);
    bscript_parse_time("1.5s", &(uint64_t){0}, err, sizeof err);
    assert_non_null(strstr(err, "fractions are not supported"));
    bscript_parse_time("5", &(uint64_t){0}, err, sizeof err);
    assert_non_null(strstr(err, "needs a unit"));
}

static void test_errors_name_file_and_line(void **st)
{
    (void)st;
    static const struct { const char *text, *msg; } k_bad[] = {
        {"at 1s set 4M\nset 4M\n", "sched:2: a line starts with 'at', not 'set'"},
        {"at\n", "sched:1: 'at' needs a time or 'icount N'"},
        {"at icount\n", "sched:1: 'icount' needs a number"},
        {"at icount 5x set 4K\n", "sched:1: icount '5x' is not a number"},
        {"at icount -5 set 4K\n", "sched:1: icount '-5' is not a number"},
        {"at 1s\n", "sched:1: no action after the trigger"},
        {"\n\nat 1s sett 4M\n", "sched:3: unknown action 'sett'"},
        {"at 1s set\n", "sched:1: 'set' needs a size"},
        {"at 1s set 4M now\n", "sched:1: unexpected 'now' after the action"},
        {"at 1s stats now\n", "sched:1: unexpected 'now'"},
        {"at 1s stats-interval\n", "sched:1: 'stats-interval' needs a time"},
        {"at 1s stats-interval 5\n", "sched:1: time '5' needs a unit"},
        {"at 1 set 4M\n", "sched:1: time '1' needs a unit"},
        {"at 1s set 1 2 3 4 5 6 7 8\n", "sched:1: too many words"},
        {"at 1s set \x01\x02\xff\n", "sched:1: size '?\?\?' is not a number"},
    };
    for (size_t i = 0; i < sizeof k_bad / sizeof k_bad[0]; i++) {
        struct bscript s;
        bscript_init(&s);
        char err[200] = "";
        assert_int_equal(parse(&s, k_bad[i].text, err, sizeof err), BSCRIPT_E_SYNTAX);
        if (!strstr(err, k_bad[i].msg))
            fail_msg("'%s': got '%s', want '%s'", k_bad[i].text, err, k_bad[i].msg);
        assert_int_equal(s.n, 0);
        bscript_fini(&s);
    }
    /* a NUL byte, and the default name */
    struct bscript s;
    bscript_init(&s);
    char err[200];
    assert_int_equal(bscript_parse(&s, "at 1s stats\nat\0 1s stats\n", 24, NULL, err, sizeof err),
                     BSCRIPT_E_SYNTAX);
    assert_string_equal(err, "<script>:2: NUL byte in the line");
    bscript_fini(&s);
}

static void test_all_or_nothing_and_several_sources(void **st)
{
    (void)st;
    struct bscript s;
    bscript_init(&s);
    char err[200];
    assert_int_equal(bscript_add(&s, BSCRIPT_AT_TIME, 5, BSCRIPT_SET, 4096, 0), 0);
    assert_int_equal(parse(&s, "at 1ns set 8K\nat 2ns set 12K\nat 3ns bad\n", err, sizeof err),
                     BSCRIPT_E_SYNTAX);
    assert_int_equal(s.n, 1); /* the good lines before the bad one are not kept */
    assert_int_equal(parse(&s, "at 5ns set 8K\nat 1ns stats\n", err, sizeof err), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.a[0].at, 1);
    /* equal times keep the order they were added in */
    assert_int_equal(s.a[1].value, 4096);
    assert_int_equal(s.a[2].value, 8192);
    assert_int_equal(bscript_add(&s, 7, 0, BSCRIPT_SET, 0, 0), BSCRIPT_E_SYNTAX);
    assert_int_equal(bscript_add(&s, BSCRIPT_AT_TIME, 0, 9, 0, 0), BSCRIPT_E_SYNTAX);
    bscript_fini(&s);
    bscript_fini(NULL);
}

static void test_limits(void **st)
{
    (void)st;
    struct bscript s;
    bscript_init(&s);
    char err[200];
    char line[BSCRIPT_MAX_LINE + 20];
    memset(line, ' ', sizeof line);
    memcpy(line + BSCRIPT_MAX_LINE - 11, "at 1s stats", 11);
    assert_int_equal(bscript_parse(&s, line, BSCRIPT_MAX_LINE, "x", err, sizeof err), 0);
    assert_int_equal(bscript_parse(&s, line, BSCRIPT_MAX_LINE + 1, "x", err, sizeof err),
                     BSCRIPT_E_LIMIT);
    assert_non_null(strstr(err, "x:1: line longer than"));
    bscript_fini(&s);
    /* more than BSCRIPT_MAX_ACTIONS actions */
    size_t n = BSCRIPT_MAX_ACTIONS + 1;
    char *text = malloc(n * 12 + 1);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "at 0 stats\n");
    bscript_init(&s);
    assert_int_equal(bscript_parse(&s, text, len, "big", err, sizeof err), BSCRIPT_E_LIMIT);
    assert_int_equal(s.n, 0);
    assert_int_equal(bscript_parse(&s, text, len - 11, "big", err, sizeof err), 0);
    assert_int_equal(s.n, BSCRIPT_MAX_ACTIONS);
    free(text);
    bscript_fini(&s);
}

static void test_load_from_a_file(void **st)
{
    (void)st;
    char path[] = "/tmp/e2k-bscript-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "at 10ms set 8M\nat icount 7 stats\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    struct bscript s;
    bscript_init(&s);
    char err[300];
    assert_int_equal(bscript_load(&s, path, err, sizeof err), 0);
    assert_int_equal(s.n, 2);
    unlink(path);
    assert_int_equal(bscript_load(&s, path, err, sizeof err), BSCRIPT_E_IO);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(bscript_load(&s, "/", err, sizeof err), BSCRIPT_E_IO);
    bscript_fini(&s);
}

static void test_format_parses_back(void **st)
{
    (void)st;
    struct bscript s, t;
    bscript_init(&s);
    bscript_init(&t);
    char err[200];
    assert_int_equal(parse(&s,
                           "at 3s set 40M\nat icount 99 stats-interval 5us\nat 0 stats\n"
                           "at icount 0 set 0\n",
                           err, sizeof err),
                     0);
    char text[1024] = "";
    for (size_t i = 0; i < s.n; i++) {
        char line[100];
        bscript_format(&s.a[i], line, sizeof line);
        strcat(text, line);
        strcat(text, "\n");
    }
    assert_int_equal(parse(&t, text, err, sizeof err), 0);
    assert_int_equal(t.n, s.n);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(t.a[i].when, s.a[i].when);
        assert_int_equal(t.a[i].at, s.a[i].at);
        assert_int_equal(t.a[i].op, s.a[i].op);
        assert_int_equal(t.a[i].value, s.a[i].value);
    }
    bscript_fini(&s);
    bscript_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_action_and_trigger),
        cmocka_unit_test(test_units_and_sizes),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_all_or_nothing_and_several_sources),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_load_from_a_file),
        cmocka_unit_test(test_format_parses_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
