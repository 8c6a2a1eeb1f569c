/*
 * trc_svg_test.c — the balloon plot (trace/trc_svg.c): the SVG is
 * well-formed XML for any journal (hostile guest text included), every
 * marked event is drawn as its own element with its tooltip, the series
 * and the legend are there, axes have ticks and labels in both x units,
 * and a flood of marks is capped but counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "trace/trc_svg.h"
#include "trace/trc_timeline.h"
#include "trc_testlib.h"

static char *draw(const struct trc_timeline *t, const struct trc_svg_opts *o, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_int_equal(trc_svg_write(f, t, o, NULL), 0);
    fclose(f);
    size_t where = 0;
    if (!tl_xml_valid(buf, *len, &where))
        fail_msg("not well-formed at offset %zu: %.60s", where, buf + where);
    return buf;
}

static void test_scenario_plot_marks_every_event(void **state)
{
    (void)state;
    char path[64];
    tl_tmpname(path, sizeof path, "svg");
    assert_int_equal(tl_write_scenario(path), 0);
    struct trc_timeline t;
    trc_timeline_init(&t);
    assert_int_equal(trc_timeline_read(&t, path, NULL), 0);
    assert_true(t.system);
    assert_int_equal(t.end_icount, 1000000);
    assert_int_equal(t.counts[TRC_MARK_OOM_KILL], 1);
    assert_int_equal(t.counts[TRC_MARK_DEFLATE_OOM], 1);
    assert_int_equal(t.counts[TRC_MARK_VIOLATION], 1);
    /* statistics as a replay would report them */
    uint64_t st[16] = {0};
    for (int i = 0; i < 3; i++) {
        st[TRC_STAT_MEMFREE] = (uint64_t)(20 + 4 * i) << 20;
        struct emu_dev_event ev = {.kind = EMU_DEV_BALLOON_STATS, .icount = 100000 + 300000u * i,
                                   .a = 1u << TRC_STAT_MEMFREE, .stats = st, .n_stats = 16};
        assert_int_equal(trc_timeline_dev_event(&t, &ev), 0);
    }
    struct trc_svg_opts o = {.title = "balloon: <scenario> & \"more\""};
    size_t len;
    char *s = draw(&t, &o, &len);
    /* one element per mark, each with its kind and icount */
    assert_int_equal(tl_count(s, "<g class=\"mark oom-kill\" data-icount=\"900000\">"), 1);
    assert_int_equal(tl_count(s, "<g class=\"mark deflate-oom\" data-icount=\"900100\">"), 1);
    assert_int_equal(tl_count(s, "<g class=\"mark violation\" data-icount=\"2000\">"), 1);
    assert_int_equal(tl_count(s, "<g class=\"mark panic\""), 1);
    assert_int_equal(tl_count(s, "<g class=\"mark hang\""), 1);
    /* tooltips, escaped */
    assert_non_null(strstr(s, "<title>oom kill: pid 7 (&lt;&amp;&quot;&apos;&gt;??end), 1234 "
                              "pages at icount 900000</title>"));
    assert_non_null(strstr(s, "<title>deflate-on-oom: 32 pages returned at icount 900100"));
    assert_non_null(strstr(s, "<title>balloon violation: pfn 0x1000, address 0x1000000"));
    assert_non_null(strstr(s, "balloon: &lt;scenario&gt; &amp; &quot;more&quot;"));
    /* series and legend */
    assert_non_null(strstr(s, "<path class=\"series target\""));
    assert_non_null(strstr(s, "<path class=\"series actual\""));
    assert_non_null(strstr(s, "<path class=\"series free\""));
    assert_int_equal(tl_count(s, "<circle cx="), 3 + 1); /* samples + legend dot */
    assert_non_null(strstr(s, ">oom kill (1)</text>"));
    assert_non_null(strstr(s, ">deflate-on-oom (1)</text>"));
    assert_non_null(strstr(s, ">balloon violation (1)</text>"));
    assert_non_null(strstr(s, ">guest free memory</text>"));
    /* axes: icount ticks with SI labels up to 1M, MiB up to past 28 */
    assert_non_null(strstr(s, ">icount (wide instructions)</text>"));
    assert_non_null(strstr(s, ">1M</text>"));
    assert_non_null(strstr(s, ">200k</text>"));
    assert_non_null(strstr(s, ">memory (MiB)</text>"));
    assert_non_null(strstr(s, ">30</text>"));
    free(s);

    o.x_axis = TRC_SVG_X_TIME;
    s = draw(&t, &o, &len);
    assert_non_null(strstr(s, ">virtual time (ms)</text>")); /* 1 ms of 1 ns bundles */
    assert_non_null(strstr(s, ">0.2</text>"));
    assert_non_null(strstr(s, ">1</text>"));
    free(s);
    o.insn_per_us = 1; /* 1 us per instruction: 1 s */
    s = draw(&t, &o, &len);
    assert_non_null(strstr(s, ">virtual time (s)</text>"));
    free(s);
    trc_timeline_fini(&t);
    unlink(path);
}

static void test_empty_timeline_says_so(void **state)
{
    (void)state;
    struct trc_timeline t;
    trc_timeline_init(&t);
    size_t len;
    char *s = draw(&t, NULL, &len);
    assert_non_null(strstr(s, "no balloon activity in this journal"));
    assert_non_null(strstr(s, ">guest free memory (no stats)</text>"));
    assert_non_null(strstr(s, ">oom kill (0)</text>"));
    assert_null(strstr(s, "<g class=\"mark "));
    free(s);
}

static void test_mark_flood_is_capped_but_counted(void **state)
{
    (void)state;
    struct trc_timeline t;
    trc_timeline_init(&t);
    struct jrnl_header h;
    memset(&h, 0, sizeof h);
    h.flags = JRNL_HF_SYSTEM;
    trc_timeline_header(&t, &h);
    uint8_t payload[16];
    for (uint64_t i = 0; i < TRC_SVG_MAX_MARKS + 10; i++) {
        /* BALLOON_VIOLATION pfn:x addr:x, both small varints */
        payload[0] = 0x10;
        payload[1] = 0x20;
        struct jrnl_event ev = {.kind = JRNL_K_BALLOON_VIOLATION, .icount = i * 10,
                                .payload = payload, .payload_bytes = 2};
        assert_int_equal(trc_timeline_event(&t, &ev), 0);
    }
    size_t len;
    char *s = draw(&t, NULL, &len);
    assert_int_equal(tl_count(s, "<g class=\"mark violation\""), TRC_SVG_MAX_MARKS);
    assert_non_null(strstr(s, ">balloon violation (5010), some not drawn</text>"));
    free(s);
    trc_timeline_fini(&t);
}

static void test_xml_text_escapes_everything(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    trc_xml_text(f, "a<b>&\"c'\x01\x7f\xc3\xa9z");
    fclose(f);
    assert_string_equal(buf, "a&lt;b&gt;&amp;&quot;c&apos;????z");
    free(buf);
}

static void test_checker_rejects_bad_xml(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "<a>", "<a></b>", "<a>&</a>", "<a>&foo;</a>", "<a x=1/>", "<a x=\"<\"/>", "<a/><b/>",
        "text<a/>", "<a>\x01</a>", "<a x=\"1\"y=\"2\"/>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(tl_xml_valid(bad[i], strlen(bad[i]), NULL));
    static const char ok[] =
        "<?xml version=\"1.0\"?>\n<svg a=\"1\"><!-- c --><g b='&amp;'>x &#38; y</g><r/></svg>\n";
    assert_true(tl_xml_valid(ok, strlen(ok), NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_plot_marks_every_event),
        cmocka_unit_test(test_empty_timeline_says_so),
        cmocka_unit_test(test_mark_flood_is_capped_but_counted),
        cmocka_unit_test(test_xml_text_escapes_everything),
        cmocka_unit_test(test_checker_rejects_bad_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
