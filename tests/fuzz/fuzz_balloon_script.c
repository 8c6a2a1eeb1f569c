/*
 * fuzz_balloon_script.c — libFuzzer target for the balloon schedule
 * parser (tools/e2k-rr/balloon_script.c): any byte string as a script
 * must neither crash nor read out of bounds; a refused one leaves the list
 * as it was and says where (NAME:LINE: ...); an accepted one gives sorted
 * actions with valid kinds, page-multiple targets, and lines that format
 * and parse back to the same actions. Corpus:
 * tests/fuzz/corpus/fuzz_balloon_script/ (one script per file).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/e2k-rr/balloon_script.h"

#define CHECK(c)         \
    do {                 \
        if (!(c))        \
            abort();     \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bscript s;
    bscript_init(&s);
    CHECK(bscript_add(&s, BSCRIPT_AT_TIME, 5, BSCRIPT_STATS, 0, 0) == 0);
    char err[300] = "";
    int rc = bscript_parse(&s, (const char *)data, size, "f", err, sizeof err);
    if (rc != 0) {
        CHECK(rc == BSCRIPT_E_SYNTAX || rc == BSCRIPT_E_LIMIT || rc == BSCRIPT_E_NOMEM);
        CHECK(strncmp(err, "f:", 2) == 0);
        CHECK(s.n == 1);
        bscript_fini(&s);
        return 0;
    }
    struct bscript t;
    bscript_init(&t);
    for (size_t i = 0; i < s.n; i++) {
        const struct bscript_action *a = &s.a[i];
        CHECK(a->when <= BSCRIPT_AT_ICOUNT);
        CHECK(a->op >= BSCRIPT_SET && a->op <= BSCRIPT_STATS);
        if (a->op == BSCRIPT_SET)
            CHECK(a->value % BSCRIPT_PAGE_BYTES == 0 &&
                  a->value / BSCRIPT_PAGE_BYTES <= UINT32_MAX);
        if (i) {
            const struct bscript_action *p = &s.a[i - 1];
            CHECK(p->when < a->when || (p->when == a->when && p->at <= a->at));
        }
        char line[128];
        bscript_format(a, line, sizeof line);
        CHECK(bscript_parse(&t, line, strlen(line), "g", err, sizeof err) == 0);
    }
    CHECK(t.n == s.n);
    for (size_t i = 0; i < s.n; i++)
        CHECK(t.a[i].when == s.a[i].when && t.a[i].at == s.a[i].at &&
              t.a[i].op == s.a[i].op && t.a[i].value == s.a[i].value);
    bscript_fini(&t);
    bscript_fini(&s);
    return 0;
}
