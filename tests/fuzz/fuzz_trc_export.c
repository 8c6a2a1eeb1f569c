/*
 * fuzz_trc_export.c — libFuzzer target: arbitrary bytes as a journal for
 * `e2k-rr export` and `e2k-rr plot` (trace/trc_chrome.c, trc_timeline.c,
 * trc_svg.c). Whatever the reader accepts must come out as valid JSON and
 * well-formed XML (checked with tests/unit/trace/trc_testlib.h, trapping
 * otherwise): guest text in events, huge counts and values, any kinds.
 * Seeds: tests/fuzz/corpus/fuzz_trc_export/ (journals written by the
 * journal tests and the trace tests' synthetic balloon scenario).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "replay/jrnl_reader.h"
#include "trace/trc_chrome.h"
#include "trace/trc_svg.h"
#include "trace/trc_timeline.h"
#include "../unit/trace/trc_testlib.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct jrnl_reader *r;
    struct jrnl_err e;
    if (jrnl_reader_open_mem(&r, data, size, &e) != 0)
        return 0;
    struct trc_timeline t;
    trc_timeline_init(&t);
    trc_timeline_header(&t, jrnl_reader_header(r));
    char *js = NULL, *svg = NULL;
    size_t js_len = 0, svg_len = 0;
    FILE *f = open_memstream(&js, &js_len);
    struct trc_chrome c;
    struct trc_chrome_opts co = {.insn_per_us = 1 + size % 3000, .name = "fuzz"};
    trc_chrome_begin(&c, f, &co, jrnl_reader_header(r));
    struct jrnl_event ev;
    unsigned n = 0;
    while (n++ < 20000 && jrnl_reader_next(r, &ev, &e) == 1) {
        trc_chrome_event(&c, &ev);
        if (trc_timeline_event(&t, &ev))
            break;
    }
    trc_chrome_timeline(&c, &t);
    CHECK(trc_chrome_end(&c, NULL) == 0);
    fclose(f);
    CHECK(tl_json_valid(js, js_len));
    f = open_memstream(&svg, &svg_len);
    struct trc_svg_opts so = {.x_axis = (int)(size & 1), .insn_per_us = 1 + size % 7};
    CHECK(trc_svg_write(f, &t, &so, NULL) == 0);
    fclose(f);
    CHECK(tl_xml_valid(svg, svg_len, NULL));
    free(js);
    free(svg);
    trc_timeline_fini(&t);
    jrnl_reader_close(r);
    return 0;
}
