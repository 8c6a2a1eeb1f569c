/*
 * ctl_json_test.c — the control socket's JSON layer: the bounded reader
 * and the writer (tools/e2k-rr/ctl_json.c), and the protocol on top
 * (tools/e2k-rr/ctl_proto.c): every operation, every refusal, and the
 * replies' members (Firecracker's names, the statistics by their Linux
 * names).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/e2k-rr/ctl_json.h"
#include "tools/e2k-rr/ctl_proto.h"

static int jparse(const char *s, struct ctl_json_obj *o, char *err, size_t errlen)
{
    return ctl_json_parse(s, strlen(s), o, err, errlen);
}

static void test_reader_keeps_scalars(void **st)
{
    (void)st;
    struct ctl_json_obj o;
    char err[200];
    assert_int_equal(jparse(" {\"op\" : \"get\\u00e9\\n\", \"n\":40, \"neg\":-3, \"f\":1.5e3,"
                            "\"big\":18446744073709551616, \"t\":true, \"no\":false, \"z\":null,"
                            "\"nest\":{\"a\":[1,{\"b\":[]},\"x\"]}, \"e\":{}, \"u\":\"\\ud83d\\ude00\"}\n",
                            &o, err, sizeof err),
                     0);
    assert_int_equal(o.n, 11);
    const struct ctl_json_member *m = ctl_json_get(&o, "op");
    assert_int_equal(m->type, CTL_JSON_STRING);
    assert_string_equal(m->str, "get\xc3\xa9\n");
    m = ctl_json_get(&o, "n");
    assert_true(m->type == CTL_JSON_NUMBER && m->is_int && !m->neg && m->u == 40);
    m = ctl_json_get(&o, "neg");
    assert_true(m->is_int && m->neg && m->u == 3);
    assert_false(ctl_json_get(&o, "f")->is_int);
    assert_false(ctl_json_get(&o, "big")->is_int);
    assert_true(ctl_json_get(&o, "t")->type == CTL_JSON_BOOL && ctl_json_get(&o, "t")->b);
    assert_false(ctl_json_get(&o, "no")->b);
    assert_int_equal(ctl_json_get(&o, "z")->type, CTL_JSON_NULL);
    assert_int_equal(ctl_json_get(&o, "nest")->type, CTL_JSON_OTHER);
    assert_int_equal(ctl_json_get(&o, "e")->type, CTL_JSON_OTHER);
    assert_string_equal(ctl_json_get(&o, "u")->str, "\xf0\x9f\x98\x80");
    assert_null(ctl_json_get(&o, "missing"));
    assert_int_equal(jparse("{}", &o, err, sizeof err), 0);
    assert_int_equal(o.n, 0);
    assert_int_equal(jparse("{\"z\":-0}", &o, err, sizeof err), 0);
    assert_false(o.m[0].neg);
}

static void test_reader_refuses_bad_input(void **st)
{
    (void)st;
    static const struct { const char *in, *msg; } k_bad[] = {
        {"", "a request is one JSON object"},
        {"[1]", "a request is one JSON object"},
        {"{", "object key must be a string"},
        {"{\"a\"}", "':' expected"},
        {"{\"a\":}", "unexpected character"},
        {"{\"a\":1,}", "object key must be a string"},
        {"{\"a\":1 \"b\":2}", "',' or '}' expected"},
        {"{\"a\":1}x", "trailing bytes"},
        {"{\"a\":1}{}", "trailing bytes"},
        {"{\"a\":01}", "leading zero"},
        {"{\"a\":1.}", "bad fraction"},
        {"{\"a\":1e}", "bad exponent"},
        {"{\"a\":-}", "bad number"},
        {"{\"a\":+1}", "unexpected character"},
        {"{\"a\":tru}", "unexpected character"},
        {"{\"a\":\"x}", "unterminated string"},
        {"{\"a\":\"\\x\"}", "invalid escape"},
        {"{\"a\":\"\\u12\"}", "4 hex digits"},
        {"{\"a\":\"\\udc00\"}", "lone low surrogate"},
        {"{\"a\":\"\\ud800x\"}", "high surrogate"},
        {"{\"a\":\"\\ud800\\u0041\"}", "high surrogate"},
        {"{\"a\":\"\x01\"}", "control character"},
        {"{\"a\":\"\xc0\x80\"}", "invalid UTF-8"},
        {"{\"a\":\"\xed\xa0\x80\"}", "invalid UTF-8"},
        {"{\"a\":\"\xf4\x90\x80\x80\"}", "invalid UTF-8"},
        {"{\"a\":\"\xe2\x82\"}", "invalid UTF-8"},
        {"{\"a\":1,\"a\":2}", "duplicate key"},
        {"{\"a\\u0000b\":1}", "NUL in a key"},
        {"{\"0123456789012345678901234567890123\":1}", "string longer than 31"},
        {"{\"a\":[1 2]}", "',' or ']' expected"},
        {"{\"a\":{\"b\"}}", "':' expected"},
        {"{\"a\":{1:2}}", "object key must be a string"},
        {"{\"a\":[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]}", "nested deeper than 16"},
    };
    for (size_t i = 0; i < sizeof k_bad / sizeof k_bad[0]; i++) {
        struct ctl_json_obj o;
        char err[200] = "";
        assert_int_equal(jparse(k_bad[i].in, &o, err, sizeof err), -1);
        if (!strstr(err, k_bad[i].msg))
            fail_msg("'%s': got '%s', want '%s'", k_bad[i].in, err, k_bad[i].msg);
        assert_non_null(strstr(err, "bad JSON at byte "));
    }
    /* 33 members, a 256-byte string, a 4097-byte input */
    char buf[CTL_JSON_MAX_INPUT + 2];
    size_t n = (size_t)sprintf(buf, "{");
    for (int i = 0; i < CTL_JSON_MAX_MEMBERS + 1; i++)
        n += (size_t)sprintf(buf + n, "%s\"k%d\":%d", i ? "," : "", i, i);
    strcpy(buf + n, "}");
    struct ctl_json_obj o;
    char err[200];
    assert_int_equal(jparse(buf, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "more than 32 members"));
    memset(buf, 'a', 300);
    memcpy(buf, "{\"a\":\"", 6);
    strcpy(buf + 6 + 255, "\"}");
    assert_int_equal(jparse(buf, &o, err, sizeof err), 0);
    assert_int_equal(strlen(o.m[0].str), 255);
    memset(buf, 'a', 300);
    memcpy(buf, "{\"a\":\"", 6);
    strcpy(buf + 6 + 256, "\"}");
    assert_int_equal(jparse(buf, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "string longer than 255"));
    memset(buf, ' ', sizeof buf);
    memcpy(buf, "{}", 2);
    assert_int_equal(ctl_json_parse(buf, CTL_JSON_MAX_INPUT, &o, err, sizeof err), 0);
    assert_int_equal(ctl_json_parse(buf, CTL_JSON_MAX_INPUT + 1, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "longer than 4096"));
    /* never reads past len */
    assert_int_equal(ctl_json_parse("{\"a\":1}", 6, &o, err, sizeof err), -1);
    assert_int_equal(ctl_json_parse("{\"a\":\"\\u0041\"}", 10, &o, err, sizeof err), -1);
}

static void test_writer_escapes_and_overflows(void **st)
{
    (void)st;
    char buf[128];
    struct ctl_json_out w;
    ctl_json_begin(&w, buf, sizeof buf);
    ctl_json_u64(&w, "n", UINT64_MAX);
    ctl_json_bool(&w, "b", 1);
    ctl_json_bool(&w, "c", 0);
    ctl_json_str(&w, "s", "q\"b\\\n\x01\x7f\xc3\xa9");
    size_t n = ctl_json_end(&w);
    assert_string_equal(buf, "{\"n\":18446744073709551615,\"b\":true,\"c\":false,"
                             "\"s\":\"q\\\"b\\\\\\u000a\\u0001\\u007f\xc3\xa9\"}");
    assert_int_equal(n, strlen(buf));
    /* what it writes, the reader reads */
    struct ctl_json_obj o;
    char err[100];
    assert_int_equal(ctl_json_parse(buf, n, &o, err, sizeof err), 0);
    assert_string_equal(ctl_json_get(&o, "s")->str, "q\"b\\\n\x01\x7f\xc3\xa9");
    char small[16];
    ctl_json_begin(&w, small, sizeof small);
    ctl_json_str(&w, "error", "a long message that does not fit");
    assert_int_equal(ctl_json_end(&w), 0);
    assert_true(strlen(small) < sizeof small);
}

static void test_requests(void **st)
{
    (void)st;
    struct ctl_req r;
    char err[200];
#define REQ(s) ctl_parse_request(s, strlen(s), &r, err, sizeof err)
    assert_int_equal(REQ("{\"op\":\"patch_balloon\",\"amount_mib\":40}"), 0);
    assert_int_equal(r.op, CTL_OP_PATCH_BALLOON);
    assert_int_equal(r.amount_mib, 40);
    assert_int_equal(REQ("{\"amount_mib\":0,\"op\":\"patch_balloon\"}"), 0);
    assert_int_equal(r.amount_mib, 0);
    assert_int_equal(REQ("{\"op\":\"get_balloon\"}"), 0);
    assert_int_equal(r.op, CTL_OP_GET_BALLOON);
    assert_int_equal(REQ("{\"op\":\"get_balloon_stats\"}"), 0);
    assert_int_equal(r.op, CTL_OP_GET_BALLOON_STATS);
    assert_int_equal(REQ("{\"op\":\"patch_balloon_stats_interval\",\"stats_polling_interval_s\":5}"),
                     0);
    assert_int_equal(r.op, CTL_OP_PATCH_STATS_INTERVAL);
    assert_int_equal(r.interval_s, 5);
    assert_int_equal(REQ("{\"op\":\"request_balloon_stats\"}"), 0);
    assert_int_equal(r.op, CTL_OP_REQUEST_STATS);
    assert_int_equal(REQ("{\"op\":\"patch_balloon\",\"amount_mib\":16777215}"), 0);

    static const struct { const char *in, *msg; } k_bad[] = {
        {"{}", "needs \"op\""},
        {"{\"op\":5}", "needs \"op\""},
        {"{\"op\":\"frob\"}", "unknown op"},
        {"{\"op\":\"get_balloon\\u0000\"}", "unknown op"},
        {"{\"op\":\"get_balloon\",\"x\":1}", "unknown member 'x'"},
        {"{\"op\":\"patch_balloon\"}", "missing member 'amount_mib'"},
        {"{\"op\":\"patch_balloon\",\"amount_mib\":\"40\"}", "non-negative integer"},
        {"{\"op\":\"patch_balloon\",\"amount_mib\":-1}", "non-negative integer"},
        {"{\"op\":\"patch_balloon\",\"amount_mib\":1.0}", "non-negative integer"},
        {"{\"op\":\"patch_balloon\",\"amount_mib\":16777216}", "out of range (at most 16777215)"},
        {"{\"op\":\"patch_balloon\",\"amount_mib\":1,\"stats_polling_interval_s\":1}",
         "unknown member"},
        {"{\"op\":\"patch_balloon_stats_interval\",\"stats_polling_interval_s\":65536}",
         "out of range"},
        {"{\"op\":\"get_balloon\"", "bad JSON at byte"},
    };
    for (size_t i = 0; i < sizeof k_bad / sizeof k_bad[0]; i++) {
        err[0] = 0;
        assert_int_equal(REQ(k_bad[i].in), -1);
        if (!strstr(err, k_bad[i].msg))
            fail_msg("'%s': got '%s', want '%s'", k_bad[i].in, err, k_bad[i].msg);
    }
#undef REQ
}

static void test_replies(void **st)
{
    (void)st;
    char buf[CTL_REPLY_MAX];
    assert_int_equal(ctl_reply_ok(buf, sizeof buf, 65536), strlen("{\"ok\":true,\"icount\":65536}"));
    assert_string_equal(buf, "{\"ok\":true,\"icount\":65536}");
    ctl_reply_error(buf, sizeof buf, "no \"balloon\"");
    assert_string_equal(buf, "{\"error\":\"no \\\"balloon\\\"\"}");

    struct ctl_balloon_view v;
    memset(&v, 0, sizeof v);
    v.icount = 98304;
    v.info.target_pages = 10240;
    v.info.actual_pages = 2560;
    v.info.deflate_on_oom = 1;
    v.info.stats_icount = UINT64_MAX;
    v.stats_interval_ns = 2500000000ull;
    ctl_reply_balloon(buf, sizeof buf, &v);
    assert_string_equal(buf, "{\"amount_mib\":40,\"deflate_on_oom\":true,"
                             "\"stats_polling_interval_s\":2,"
                             "\"stats_polling_interval_ns\":2500000000,"
                             "\"target_pages\":10240,\"actual_pages\":2560,\"target_mib\":40,"
                             "\"actual_mib\":10,\"icount\":98304}");
    ctl_reply_stats(buf, sizeof buf, &v);
    assert_string_equal(buf, "{\"target_pages\":10240,\"actual_pages\":2560,\"target_mib\":40,"
                             "\"actual_mib\":10,\"icount\":98304}");
    /* every tag by its name, only those reported */
    v.info.stats_valid = 0xffff;
    for (unsigned t = 0; t < VIRT_BALLOON_NSTATS; t++)
        v.info.stats[t] = 1000 + t;
    v.info.stats_icount = 90000;
    size_t n = ctl_reply_stats(buf, sizeof buf, &v);
    assert_true(n > 0);
    static const char *const k_names[] = {
        "swap_in", "swap_out", "major_faults", "minor_faults", "free_memory", "total_memory",
        "available_memory", "disk_caches", "hugetlb_allocations", "hugetlb_failures",
        "oom_kills", "alloc_stalls", "async_scans", "direct_scans", "async_reclaims",
        "direct_reclaims",
    };
    for (unsigned t = 0; t < VIRT_BALLOON_NSTATS; t++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\":%u,", k_names[t], 1000 + t);
        if (!strstr(buf, want))
            fail_msg("no %s in %s", want, buf);
    }
    assert_non_null(strstr(buf, "\"stats_icount\":90000,\"icount\":98304}"));
    v.info.stats_valid = 1u << 10;
    ctl_reply_stats(buf, sizeof buf, &v);
    assert_non_null(strstr(buf, "\"oom_kills\":1010,"));
    assert_null(strstr(buf, "swap_in"));
    /* replies parse as JSON, the largest too */
    v.info.stats_valid = 0xffff;
    ctl_reply_stats(buf, sizeof buf, &v);
    struct ctl_json_obj o;
    char err[100];
    assert_int_equal(ctl_json_parse(buf, strlen(buf), &o, err, sizeof err), 0);
    assert_null(virt_balloon_stat_name(16));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_keeps_scalars),
        cmocka_unit_test(test_reader_refuses_bad_input),
        cmocka_unit_test(test_writer_escapes_and_overflows),
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_replies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
