/*
 * fuzz_jrnl_reader.c — libFuzzer target: arbitrary bytes as a journal file.
 *
 * Opens the input with jrnl_reader_open_mem, then exercises everything a
 * consumer would: status, header and event printing, reading to the end,
 * frame info, seek to several icounts, save/restore. Besides the
 * sanitizers, it traps when the reader breaks its own promises: more
 * events than the status announced, icounts going backwards, an error
 * without a message, a clean end (0) from a journal that is not complete.
 * Seeds: tests/fuzz/corpus/fuzz_jrnl_reader/ (made by the corpus test,
 * tests/unit/replay/jrnl_corpus_test.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "replay/jrnl_print.h"
#include "replay/jrnl_reader.h"

static FILE *sink(void)
{
    static FILE *f;
    if (!f)
        f = fopen("/dev/null", "w");
    return f;
}

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static void read_to_end(struct jrnl_reader *r, const struct jrnl_status *st, FILE *out)
{
    struct jrnl_event ev;
    struct jrnl_err e;
    uint64_t n = 0, last = 0;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, &e)) == 1) {
        CHECK(n < st->events);
        CHECK(ev.icount >= last);
        last = ev.icount;
        if (out && n < 64)
            jrnl_print_event(out, &ev, (n & 1) ? JRNL_PRINT_JSON : 0);
        n++;
    }
    CHECK(rc <= 0);
    if (rc == 0)
        CHECK(st->complete && n == st->events);
    else
        CHECK(e.code == rc && e.msg[0] != '\0');
    /* Errors are sticky until a seek or restore. */
    CHECK(jrnl_reader_next(r, &ev, &e) == rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct jrnl_reader *r;
    struct jrnl_err e;
    int rc = jrnl_reader_open_mem(&r, data, size, &e);
    if (rc) {
        CHECK(rc < 0 && r == NULL && e.code == rc && e.msg[0] != '\0');
        return 0;
    }
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    CHECK(st.complete || (st.tail.code < 0 && st.tail.msg[0] != '\0'));
    FILE *out = sink();
    if (out)
        jrnl_print_header(out, jrnl_reader_header(r), size & 1 ? JRNL_PRINT_JSON : 0);

    read_to_end(r, &st, out);
    for (uint64_t k = 0; k < st.frames && k < 256; k++) {
        struct jrnl_frame_info fi;
        if (jrnl_reader_frame(r, k, &fi, &e) != 0)
            CHECK(e.msg[0] != '\0');
    }
    uint64_t mid = st.first_icount + (st.last_icount - st.first_icount) / 2;
    uint64_t targets[4] = {0, st.first_icount, mid, st.last_icount + 1};
    for (int i = 0; i < 4; i++) {
        struct jrnl_event ev;
        if (jrnl_reader_seek(r, targets[i], &e) != 0)
            continue;
        struct jrnl_pos pos;
        jrnl_reader_save(r, &pos);
        int a = jrnl_reader_next(r, &ev, &e);
        if (a == 1) {
            CHECK(ev.icount >= targets[i]);
            uint64_t seq = ev.seq;
            CHECK(jrnl_reader_restore(r, &pos, &e) == 0);
            CHECK(jrnl_reader_next(r, &ev, &e) == 1 && ev.seq == seq);
        }
    }
    CHECK(jrnl_reader_seek(r, 0, &e) <= 0);
    read_to_end(r, &st, NULL);
    jrnl_reader_close(r);
    return 0;
}
