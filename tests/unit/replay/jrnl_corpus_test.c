/*
 * jrnl_corpus_test.c — the fuzz seed corpora for fuzz_jrnl_reader and
 * fuzz_jrnl_events, generated here and committed under tests/fuzz/corpus/.
 *
 * With E2K_REGEN_CORPUS=1 in the environment the seeds are (re)written into
 * $E2K_SRC/tests/fuzz/corpus/ (do this after a format change, with the
 * JRNL_VERSION bump). Otherwise the test checks that the committed seeds
 * still read as this build expects (seed-ok-* complete, seed-cut-*
 * truncated), so a layout change that forgot the seeds fails here.
 * Files not named seed-* (crashers kept as regression inputs) are only
 * replayed by the fuzz-corpus ctest entries.
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

struct seed {
    char name[64];
    uint8_t *bytes;
    size_t len;
};

#define MAX_SEEDS 16

static size_t make_reader_seeds(struct seed *s)
{
    size_t n = 0;
    struct tl_event *ev;
    /* All kinds, several frames. */
    struct jrnl_writer_opts o = {.frame_events_max = 4};
    s[n].bytes = tl_make(&o, jrnl_kinds_count, 21, 6, &ev, &s[n].len);
    snprintf(s[n].name, sizeof s[n].name, "seed-ok-all-kinds.jrnl");
    tl_events_free(ev, jrnl_kinds_count + 1);
    n++;
    /* Only the END event. */
    s[n].bytes = tl_make(NULL, 0, 22, 0, &ev, &s[n].len);
    snprintf(s[n].name, sizeof s[n].name, "seed-ok-end-only.jrnl");
    tl_events_free(ev, 1);
    n++;
    /* Frames split by bytes, bigger blobs. */
    struct jrnl_writer_opts o2 = {.frame_bytes_max = 200};
    s[n].bytes = tl_make(&o2, 24, 23, 60, &ev, &s[n].len);
    snprintf(s[n].name, sizeof s[n].name, "seed-ok-byte-frames.jrnl");
    tl_events_free(ev, 25);
    n++;
    /* The first seed cut in the middle of its third frame, and in its index. */
    size_t full = s[0].len;
    s[n].len = full * 2 / 3;
    s[n].bytes = malloc(s[n].len);
    memcpy(s[n].bytes, s[0].bytes, s[n].len);
    snprintf(s[n].name, sizeof s[n].name, "seed-cut-mid-frame.jrnl");
    n++;
    s[n].len = full - JRNL_END_BYTES - 10;
    s[n].bytes = malloc(s[n].len);
    memcpy(s[n].bytes, s[0].bytes, s[n].len);
    snprintf(s[n].name, sizeof s[n].name, "seed-cut-in-index.jrnl");
    n++;
    return n;
}

/* fuzz_jrnl_events input: event count byte, then the envelopes. */
static size_t make_events_seeds(struct seed *s)
{
    size_t n = 0;
    struct tl_rng r = {31};
    struct jrnl_header h = tl_header();
    int fd = tl_memfd();
    struct jrnl_writer *w;
    struct jrnl_err e;
    if (jrnl_writer_open_fd(&w, fd, &h, NULL, &e) != 0)
        return 0;
    for (size_t group = 0; group < 4; group++) {
        struct tl_buf b = {0};
        uint8_t count = 0, tmp[16];
        tl_buf_put(&b, &count, 1);
        for (size_t i = group * 5; i < group * 5 + 5 && i < jrnl_kinds_count; i++) {
            struct tl_event ev;
            tl_gen_event(w, &r, jrnl_kinds[i].num, 1, 5, &ev);
            tl_buf_put(&b, tmp, varint_put_u(tmp, ev.kind));
            tl_buf_put(&b, tmp, varint_put_u(tmp, count ? i : 0));
            tl_buf_put(&b, tmp, varint_put_u(tmp, ev.len));
            tl_buf_put(&b, ev.payload, ev.len);
            free(ev.payload);
            count++;
        }
        b.p[0] = count;
        s[n].bytes = b.p;
        s[n].len = b.len;
        snprintf(s[n].name, sizeof s[n].name, "seed-events-%zu.bin", group);
        n++;
    }
    jrnl_writer_free(w);
    return n;
}

static void seeds_free(struct seed *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i].bytes);
}

static void write_seeds(const char *dir, struct seed *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, s[i].name);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(s[i].bytes, 1, s[i].len, f), s[i].len);
        assert_int_equal(fclose(f), 0);
    }
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

/* The seeds, as generated now, read as their names say. */
static void test_generated_seeds_read_as_named(void **state)
{
    (void)state;
    struct seed s[MAX_SEEDS];
    size_t n = make_reader_seeds(s);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(s[i].bytes);
        struct jrnl_reader *r;
        struct jrnl_err e;
        assert_int_equal(jrnl_reader_open_mem(&r, s[i].bytes, s[i].len, &e), 0);
        struct jrnl_event ev;
        int rc;
        while ((rc = jrnl_reader_next(r, &ev, &e)) == 1)
            ;
        assert_int_equal(rc, strncmp(s[i].name, "seed-ok", 7) == 0 ? 0 : JRNL_E_TRUNCATED);
        jrnl_reader_close(r);
    }
    seeds_free(s, n);
}

static void test_committed_seeds_match_this_format(void **state)
{
    (void)state;
    const char *src = getenv("E2K_SRC");
    if (!src)
        skip();
    char dir[512], edir[512];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/fuzz_jrnl_reader", src);
    snprintf(edir, sizeof edir, "%s/tests/fuzz/corpus/fuzz_jrnl_events", src);
    struct seed s[MAX_SEEDS], es[MAX_SEEDS];
    size_t n = make_reader_seeds(s), en = make_events_seeds(es);
    assert_true(en > 0);
    if (getenv("E2K_REGEN_CORPUS")) {
        write_seeds(dir, s, n);
        write_seeds(edir, es, en);
    }
    for (size_t i = 0; i < n; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, s[i].name);
        size_t len = 0;
        uint8_t *b = read_file(path, &len);
        if (!b)
            fail_msg("%s missing: run with E2K_REGEN_CORPUS=1", path);
        struct jrnl_reader *r;
        struct jrnl_err e;
        int rc = jrnl_reader_open_mem(&r, b, len, &e);
        if (rc)
            fail_msg("%s: %s (regenerate with E2K_REGEN_CORPUS=1)", path, e.msg);
        struct jrnl_event ev;
        while ((rc = jrnl_reader_next(r, &ev, &e)) == 1)
            ;
        int want = strncmp(s[i].name, "seed-ok", 7) == 0 ? 0 : JRNL_E_TRUNCATED;
        if (rc != want)
            fail_msg("%s: %s (regenerate with E2K_REGEN_CORPUS=1)", path, e.msg);
        jrnl_reader_close(r);
        free(b);
    }
    seeds_free(s, n);
    seeds_free(es, en);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_seeds_read_as_named),
        cmocka_unit_test(test_committed_seeds_match_this_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
