/*
 * trc_chrome_test.c — the Chrome trace-event writer (trace/trc_chrome.c)
 * on a synthetic virt journal: the output is valid JSON, every journal
 * event is an instant on its track, OOM kills are global, deflate-on-oom
 * is named, balloon counters carry exact values and timestamps, guest
 * text is escaped, long lists are cut with their length kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "replay/jrnl_reader.h"
#include "trace/trc_chrome.h"
#include "trace/trc_timeline.h"
#include "trc_testlib.h"

/* Exports path (plus stats dev events if given) into a malloc'd string. */
static char *export_journal(const char *path, const struct emu_dev_event *stats, size_t nstats,
                            size_t *len)
{
    struct jrnl_reader *r = NULL;
    struct jrnl_err je;
    assert_int_equal(jrnl_reader_open(&r, path, &je), 0);
    struct trc_timeline t;
    trc_timeline_init(&t);
    trc_timeline_header(&t, jrnl_reader_header(r));
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    struct trc_chrome c;
    struct trc_chrome_opts o = {.name = "scenario <test>.e2krr"};
    trc_chrome_begin(&c, f, &o, jrnl_reader_header(r));
    struct jrnl_event ev;
    while (jrnl_reader_next(r, &ev, &je) == 1) {
        trc_chrome_event(&c, &ev);
        assert_int_equal(trc_timeline_event(&t, &ev), 0);
    }
    for (size_t i = 0; i < nstats; i++)
        assert_int_equal(trc_timeline_dev_event(&t, &stats[i]), 0);
    trc_chrome_timeline(&c, &t);
    assert_int_equal(trc_chrome_end(&c, NULL), 0);
    fclose(f);
    jrnl_reader_close(r);
    trc_timeline_fini(&t);
    return buf;
}

static void test_scenario_export_is_valid_json_with_every_event(void **state)
{
    (void)state;
    char path[64];
    tl_tmpname(path, sizeof path, "chrome");
    assert_int_equal(tl_write_scenario(path), 0);
    size_t len = 0;
    char *j = export_journal(path, NULL, 0, &len);
    assert_true(tl_json_valid(j, len));
    assert_non_null(strstr(j, "\"traceEvents\":["));
    assert_non_null(strstr(j, "\"displayTimeUnit\":\"ns\""));
    /* track names are metadata events */
    assert_non_null(strstr(j, "\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":3,"
                              "\"args\":{\"name\":\"balloon\"}"));
    assert_non_null(strstr(j, "\"args\":{\"name\":\"scenario <test>.e2krr\"}"));
    /* header strings escaped in otherData */
    assert_non_null(strstr(j, "\"host\":\"test \\\"host\\\" <a&b>\""));
    /* one instant per journal event (12 + END) */
    assert_int_equal(tl_count(j, "\"ph\":\"i\""), 13);
    assert_int_equal(tl_count(j, "\"name\":\"BALLOON_INFLATE\""), 2);
    assert_int_equal(tl_count(j, "\"name\":\"BALLOON_DEFLATE\""), 1);
    assert_int_equal(tl_count(j, "\"name\":\"BALLOON_DEFLATE (deflate-on-oom)\""), 1);
    assert_non_null(strstr(j, "\"name\":\"BALLOON_VIOLATION\",\"cat\":\"balloon\",\"ph\":\"i\","
                              "\"s\":\"t\",\"ts\":2.000"));
    /* OOM kills, panics and hangs are global instants */
    assert_non_null(strstr(j, "\"name\":\"OOM_KILL\",\"cat\":\"guest\",\"ph\":\"i\",\"s\":\"g\","
                              "\"ts\":900.000"));
    assert_non_null(strstr(j, "\"name\":\"PANIC\",\"cat\":\"guest\",\"ph\":\"i\",\"s\":\"g\""));
    assert_non_null(strstr(j, "\"name\":\"HANG\",\"cat\":\"guest\",\"ph\":\"i\",\"s\":\"g\""));
    /* guest text escaped: quotes, backslash-free, control and high bytes */
    assert_non_null(strstr(j, "\"comm\":\"<&\\\"'>\\u0001\\u00ffend\""));
    assert_non_null(strstr(j, "\"msg\":\"kernel \\\"panic\\\"\\n\""));
    /* exact microseconds: icount 1500 at 1000 per us */
    assert_non_null(strstr(j, "\"name\":\"BALLOON_INFLATE\",\"cat\":\"balloon\",\"ph\":\"i\","
                              "\"s\":\"t\",\"ts\":1.500"));
    /* lists: the length, then 16 elements */
    assert_non_null(strstr(j, "\"pfns\":64,\"pfns_list\":[{\"pfn\":\"0x1000\"},"));
    assert_int_equal(tl_count(j, "{\"pfn\":\"0x1000\"}"), 2); /* inflate + oom deflate */
    assert_null(strstr(j, "\"pfn\":\"0x1010\"")); /* element 17 of the first inflate */
    assert_non_null(strstr(j, "\"from_oom\":3,\"pfns\":32,\"pfns_list\":["));
    /* counters: target 256 pages = 1 MiB at 0, 64 pages = 0.25 MiB later */
    assert_non_null(strstr(j, "{\"name\":\"balloon target\",\"cat\":\"balloon\",\"ph\":\"C\","
                              "\"ts\":0.000,\"pid\":1,\"args\":{\"MiB\":1.000}}"));
    assert_non_null(strstr(j, "{\"name\":\"balloon target\",\"cat\":\"balloon\",\"ph\":\"C\","
                              "\"ts\":400.000,\"pid\":1,\"args\":{\"MiB\":0.250}}"));
    /* actual: 0, 64, 128, 64, 32 pages, then held to the end */
    assert_non_null(strstr(j, "\"name\":\"balloon actual\",\"cat\":\"balloon\",\"ph\":\"C\","
                              "\"ts\":3.000,\"pid\":1,\"args\":{\"MiB\":0.500}}"));
    assert_non_null(strstr(j, "\"name\":\"balloon actual\",\"cat\":\"balloon\",\"ph\":\"C\","
                              "\"ts\":1000.000,\"pid\":1,\"args\":{\"MiB\":0.125}}"));
    assert_null(strstr(j, "guest free memory")); /* no statistics given */
    free(j);
    unlink(path);
}

static void test_statistics_become_a_free_memory_counter(void **state)
{
    (void)state;
    char path[64];
    tl_tmpname(path, sizeof path, "chrome");
    assert_int_equal(tl_write_scenario(path), 0);
    uint64_t st[16] = {0};
    st[TRC_STAT_MEMFREE] = 30u << 20;
    st[TRC_STAT_MEMTOT] = 64u << 20;
    struct emu_dev_event evs[2] = {
        {.kind = EMU_DEV_BALLOON_STATS, .icount = 70000, .a = 0x30, .stats = st, .n_stats = 16},
        {.kind = EMU_DEV_BALLOON_STATS, .icount = 80000, .a = 0x20, .stats = st, .n_stats = 16},
    };
    size_t len = 0;
    char *j = export_journal(path, evs, 2, &len);
    assert_true(tl_json_valid(j, len));
    /* the report without MEMFREE (a = 0x20) adds no point; end sample added */
    assert_int_equal(tl_count(j, "\"name\":\"guest free memory\""), 2);
    assert_non_null(strstr(j, "{\"name\":\"guest free memory\",\"cat\":\"balloon\",\"ph\":\"C\","
                              "\"ts\":70.000,\"pid\":1,\"args\":{\"MiB\":30.000}}"));
    free(j);
    unlink(path);
}

static void test_json_strings_and_big_numbers(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const uint8_t s[] = {'a', '"', '\\', '\n', '\r', '\t', 0, 0x1f, 0x7f, 0x80, 0xff, 'z'};
    trc_json_string(f, s, sizeof s, 100);
    fputc(' ', f);
    trc_json_string(f, (const uint8_t *)"abcdef", 6, 3);
    fclose(f);
    assert_string_equal(buf, "\"a\\\"\\\\\\n\\r\\t\\u0000\\u001f\\u007f\\u0080\\u00ffz\" \"abc...\"");
    free(buf);

    /* a HOST_RESULT with a value beyond 2^53 and a long byte field */
    char path[64];
    tl_tmpname(path, sizeof path, "chrome");
    static const char *const argv[] = {"prog"};
    struct jrnl_header h;
    memset(&h, 0, sizeof h);
    h.isa_version = 5;
    h.machine = "linux-user";
    h.cpu = "elbrus-v5";
    h.host = "h";
    h.argc = 1;
    h.argv = argv;
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open(&w, path, &h, NULL, &e), 0);
    uint8_t big[200];
    memset(big, 0xab, sizeof big);
    jrnl_put_begin(w, JRNL_K_HOST_RESULT, 5);
    jrnl_put_u(w, 1);
    jrnl_put_s(w, -9007199254740993ll);
    jrnl_put_s(w, 3);
    jrnl_put_u(w, 0xffffffffffffffffull);
    jrnl_put_u(w, 0);
    jrnl_put_u(w, 1);
    jrnl_put_bytes(w, big, sizeof big);
    jrnl_put_end(w);
    struct jrnl_end end = {.final_icount = 9};
    assert_int_equal(jrnl_writer_close(w, &end, &e), 0);
    len = 0;
    char *j = export_journal(path, NULL, 0, &len);
    assert_true(tl_json_valid(j, len));
    assert_non_null(strstr(j, "\"nr\":\"-9007199254740993\",\"ret\":3"));
    assert_non_null(strstr(j, "\"check\":\"0xffffffffffffffff\""));
    assert_non_null(strstr(j, "\"vals\":0,\"vals_list\":[]"));
    assert_non_null(strstr(j, "...(200 bytes)\"}]"));
    assert_non_null(strstr(j, "\"cat\":\"input\""));
    assert_null(strstr(j, "\"ph\":\"C\"")); /* a user-mode journal has no balloon */
    free(j);
    unlink(path);
}

static void test_checker_rejects_bad_json(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "\"\\x\"", "01", "1.", "[1] [2]", "\"a\nb\"",
        "{a:1}", "tru",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(tl_json_valid(bad[i], strlen(bad[i])));
    static const char ok[] = " {\"a\":[1,-2.5e3,true,null,\"\\u00ff\"],\"b\":{}} ";
    assert_true(tl_json_valid(ok, strlen(ok)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_export_is_valid_json_with_every_event),
        cmocka_unit_test(test_statistics_become_a_free_memory_counter),
        cmocka_unit_test(test_json_strings_and_big_numbers),
        cmocka_unit_test(test_checker_rejects_bad_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
