/*
 * jrnl_kinds_test.c — the kind table (numbers, names, specs) and the spec
 * interpreter: well-formed specs, exact-length payloads, every truncation
 * and trailing byte refused, group counts bounded, the cursor.
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
#include "replay/varint.h"
#include "tests/unit/replay/jrnl_testlib.h"

static void test_kind_numbers_and_names_unique(void **state)
{
    (void)state;
    assert_true(jrnl_kinds_count >= 20);
    for (size_t i = 0; i < jrnl_kinds_count; i++) {
        const struct jrnl_kind_info *k = &jrnl_kinds[i];
        assert_true(k->num > 0 && k->num < JRNL_KIND_LIMIT);
        assert_ptr_equal(jrnl_kind_info(k->num), jrnl_kind_info(k->num));
        assert_string_equal(jrnl_kind_info(k->num)->name, k->name);
        assert_ptr_equal(jrnl_kind_by_name(k->name), k);
        assert_true(k->desc[0] != '\0');
        for (size_t j = 0; j < i; j++) {
            assert_true(jrnl_kinds[j].num != k->num);
            assert_true(strcmp(jrnl_kinds[j].name, k->name) != 0);
        }
    }
    assert_null(jrnl_kind_info(0));
    assert_null(jrnl_kind_info(JRNL_KIND_LIMIT));
    assert_null(jrnl_kind_info(UINT32_MAX));
    assert_non_null(jrnl_kind_by_name("syscall"));
    assert_null(jrnl_kind_by_name("nonesuch"));
    /* Numbers are part of the format (jrnl_kinds.def): pin a few. */
    assert_int_equal(JRNL_K_SYSCALL, 1);
    assert_int_equal(JRNL_K_STATE_HASH, 4);
    assert_int_equal(JRNL_K_END, 20);
}

/* Spec grammar: `name:T`, T one of uxsbth or a non-empty [group]. */
static void test_every_spec_is_well_formed(void **state)
{
    (void)state;
    for (size_t i = 0; i < jrnl_kinds_count; i++) {
        const char *s = jrnl_kinds[i].spec;
        int depth = 0, fields_in_group[JRNL_SPEC_MAX_DEPTH] = {0};
        while (*s) {
            if (*s == ' ') {
                s++;
                continue;
            }
            if (*s == ']') {
                assert_true(depth > 0);
                assert_true(fields_in_group[depth] > 0); /* each element takes >= 1 byte */
                depth--;
                s++;
                continue;
            }
            const char *name = s;
            while (*s && *s != ':')
                s++;
            assert_true(*s == ':' && s > name);
            for (const char *c = name; c < s; c++)
                assert_true((*c >= 'a' && *c <= 'z') || *c == '_' || (*c >= '0' && *c <= '9'));
            fields_in_group[depth]++;
            s++;
            assert_non_null(strchr("uxsbth[", *s));
            if (*s == '[') {
                depth++;
                assert_true(depth < JRNL_SPEC_MAX_DEPTH);
                fields_in_group[depth] = 0;
            }
            s++;
        }
        assert_int_equal(depth, 0);
    }
}

/* Random payloads per spec are accepted; every shorter prefix and every
 * extension by a byte is refused. */
static void test_payload_must_match_exactly(void **state)
{
    (void)state;
    struct tl_rng r = {99};
    struct jrnl_header h = tl_header();
    int fd = tl_memfd();
    struct jrnl_writer *w;
    struct jrnl_err e;
    assert_int_equal(jrnl_writer_open_fd(&w, fd, &h, NULL, &e), 0);
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < jrnl_kinds_count; i++) {
            struct tl_event ev;
            uint32_t kind = jrnl_kinds[i].num;
            tl_gen_event(w, &r, kind, 1, 9, &ev);
            assert_true(jrnl_writer_ok(w));
            size_t bad;
            char why[96];
            assert_int_equal(jrnl_payload_walk(kind, ev.payload, ev.len, NULL, &bad, why,
                                               sizeof why), 0);
            for (size_t cut = 0; cut < ev.len; cut++) {
                uint8_t *p = malloc(cut ? cut : 1);
                if (cut)
                    memcpy(p, ev.payload, cut);
                assert_int_equal(jrnl_payload_walk(kind, p, cut, NULL, &bad, why, sizeof why),
                                 JRNL_E_EVENT);
                assert_true(bad <= cut);
                free(p);
            }
            uint8_t *p = malloc(ev.len + 1);
            if (ev.len)
                memcpy(p, ev.payload, ev.len);
            p[ev.len] = 0;
            assert_int_equal(jrnl_payload_walk(kind, p, ev.len + 1, NULL, &bad, why, sizeof why),
                             JRNL_E_EVENT);
            assert_non_null(strstr(why, "trailing bytes"));
            free(p);
            free(ev.payload);
        }
    }
    jrnl_writer_free(w);
}

static void test_group_count_is_bounded_by_payload(void **state)
{
    (void)state;
    uint8_t p[16];
    size_t n = 0;
    n += varint_put_u(p + n, 1);          /* from_oom */
    n += varint_put_u(p + n, 1ull << 40); /* pfns count: absurd */
    p[n++] = 5;
    size_t bad;
    char why[96];
    assert_int_equal(jrnl_payload_walk(JRNL_K_BALLOON_DEFLATE, p, n, NULL, &bad, why, sizeof why),
                     JRNL_E_EVENT);
    assert_non_null(strstr(why, "pfns"));
    assert_non_null(strstr(why, "group count"));
    assert_int_equal(jrnl_payload_walk(77, p, n, NULL, &bad, why, sizeof why), JRNL_E_KIND);
    /* A blob length past the end names its field. */
    n = 0;
    n += varint_put_u(p + n, 3);
    n += varint_put_u(p + n, 200);
    assert_int_equal(jrnl_payload_walk(JRNL_K_HOSTCALL, p, n, NULL, &bad, why, sizeof why),
                     JRNL_E_EVENT);
    assert_int_equal(bad, 1);
    assert_non_null(strstr(why, "field data: length past the end"));
}

struct count_ctx {
    int fields, elems, ends;
};
static void cnt_field(void *c, const struct jrnl_field *f)
{
    (void)f;
    ((struct count_ctx *)c)->fields++;
}
static void cnt_elem(void *c, int depth, uint64_t i)
{
    (void)depth;
    (void)i;
    ((struct count_ctx *)c)->elems++;
}
static void cnt_end(void *c, int depth)
{
    (void)depth;
    ((struct count_ctx *)c)->ends++;
}

static void test_visitor_sees_every_field(void **state)
{
    (void)state;
    uint8_t p[64];
    size_t n = 0;
    n += varint_put_u(p + n, 0);  /* from_oom */
    n += varint_put_u(p + n, 3);  /* 3 pfns */
    n += varint_put_u(p + n, 10);
    n += varint_put_u(p + n, 11);
    n += varint_put_u(p + n, 1u << 30);
    struct count_ctx c = {0};
    struct jrnl_visitor v = {cnt_field, cnt_elem, cnt_end, &c};
    assert_int_equal(jrnl_payload_walk(JRNL_K_BALLOON_DEFLATE, p, n, &v, NULL, NULL, 0), 0);
    assert_int_equal(c.fields, 1 + 1 + 3); /* from_oom, the group, 3 pfns */
    assert_int_equal(c.elems, 3);
    assert_int_equal(c.ends, 1);
    /* Empty spec: only the empty payload. */
    assert_int_equal(jrnl_payload_walk(JRNL_K_BALLOON_STATS_REQ, p, 0, NULL, NULL, NULL, 0), 0);
    assert_int_equal(jrnl_payload_walk(JRNL_K_BALLOON_STATS_REQ, p, 1, NULL, NULL, NULL, 0),
                     JRNL_E_EVENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_numbers_and_names_unique),
        cmocka_unit_test(test_every_spec_is_well_formed),
        cmocka_unit_test(test_payload_must_match_exactly),
        cmocka_unit_test(test_group_count_is_bounded_by_payload),
        cmocka_unit_test(test_visitor_sees_every_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
