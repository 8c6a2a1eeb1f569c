/*
 * fuzz_jrnl_events.c — libFuzzer target: arbitrary bytes as the decoded
 * contents of one frame.
 *
 * fuzz_jrnl_reader mutates whole files, where the check values and LZ4
 * checksums stop nearly every mutation at the door. This target wraps the
 * input in a well-formed frame instead (valid header, frame header, LZ4
 * frame with correct checksums, no index: the reader finds it by scanning)
 * so the fuzzer reaches what lies behind them: event envelopes, icount
 * deltas, every kind's payload spec, the printer, seek and save/restore.
 * The first byte is the frame's event count; first/last icount come from a
 * lenient pre-parse of the envelopes, so the fuzzer can also get them
 * right. Seeds: tests/fuzz/corpus/fuzz_jrnl_events/.
 */
#include <lz4frame.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/jrnl_header.h"
#include "replay/jrnl_print.h"
#include "replay/jrnl_reader.h"
#include "replay/varint.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static FILE *sink(void)
{
    static FILE *f;
    if (!f)
        f = fopen("/dev/null", "w");
    return f;
}

/* Sum of the icount deltas of the first n envelopes, as far as they parse. */
static uint64_t sum_deltas(const uint8_t *p, size_t len, unsigned n)
{
    uint64_t sum = 0, v;
    size_t off = 0;
    for (unsigned i = 0; i < n; i++) {
        int a = varint_get_u(p + off, len - off, &v); /* kind */
        if (a < 0)
            break;
        off += (size_t)a;
        a = varint_get_u(p + off, len - off, &v); /* delta */
        if (a < 0)
            break;
        off += (size_t)a;
        sum += v;
        a = varint_get_u(p + off, len - off, &v); /* length */
        if (a < 0 || v > len - off - (size_t)a)
            break;
        off += (size_t)a + v;
    }
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 16))
        return 0;
    unsigned events = data[0] ? data[0] : 1;
    const uint8_t *raw = data + 1;
    size_t raw_len = size - 1;

    struct jrnl_header h;
    memset(&h, 0, sizeof h);
    h.machine = "fuzz";
    h.frame_events_max = 256;
    h.frame_bytes_max = 1u << 16;
    uint8_t *hb;
    size_t hn;
    CHECK(jrnl_header_encode(&h, &hb, &hn, NULL) == 0);

    LZ4F_preferences_t prefs;
    memset(&prefs, 0, sizeof prefs);
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    prefs.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    prefs.frameInfo.contentSize = raw_len ? raw_len : 1;
    size_t bound = LZ4F_compressFrameBound(raw_len, &prefs);
    size_t total = hn + JRNL_FRM_HDR_BYTES + bound;
    uint8_t *file = malloc(total);
    memcpy(file, hb, hn);
    free(hb);
    uint8_t *fh = file + hn, *lz = fh + JRNL_FRM_HDR_BYTES;
    size_t n = LZ4F_compressFrame(lz, bound, raw, raw_len, &prefs);
    CHECK(!LZ4F_isError(n));
    uint64_t first = 1000;
    varint_put_le32(fh, JRNL_FRAME_MAGIC);
    varint_put_le32(fh + JRNL_FRM_OFF_EVENTS, events);
    varint_put_le64(fh + JRNL_FRM_OFF_FIRST_ICOUNT, first);
    varint_put_le64(fh + JRNL_FRM_OFF_LAST_ICOUNT, first + sum_deltas(raw, raw_len, events));
    varint_put_le32(fh + JRNL_FRM_OFF_RAW, (uint32_t)raw_len);
    varint_put_le32(fh + JRNL_FRM_OFF_LZ4, (uint32_t)n);
    varint_put_le64(fh + JRNL_FRM_OFF_FIRST_SEQ, 0);
    jrnl_chk2(fh, JRNL_FRM_OFF_CHK, lz, n < JRNL_FRM_CHK_LZ4_BYTES ? n : JRNL_FRM_CHK_LZ4_BYTES,
              fh + JRNL_FRM_OFF_CHK);
    size_t len = hn + JRNL_FRM_HDR_BYTES + n;

    struct jrnl_reader *r;
    struct jrnl_err e;
    CHECK(jrnl_reader_open_mem(&r, file, len, &e) == 0);
    struct jrnl_status st;
    jrnl_reader_status(r, &st);
    struct jrnl_event ev;
    int rc;
    uint64_t count = 0;
    FILE *out = sink();
    while ((rc = jrnl_reader_next(r, &ev, &e)) == 1) {
        CHECK(count < st.events);
        if (out)
            jrnl_print_event(out, &ev, (count & 1) ? JRNL_PRINT_JSON : 0);
        count++;
    }
    CHECK(rc < 0 && e.msg[0]);
    if (count) { /* the frame was valid: seek and restore in it */
        struct jrnl_pos pos;
        CHECK(jrnl_reader_seek(r, st.last_icount, &e) == 0);
        jrnl_reader_save(r, &pos);
        CHECK(jrnl_reader_next(r, &ev, &e) == 1);
        uint64_t seq = ev.seq;
        CHECK(jrnl_reader_restore(r, &pos, &e) == 0);
        CHECK(jrnl_reader_next(r, &ev, &e) == 1 && ev.seq == seq);
    }
    jrnl_reader_close(r);
    free(file);
    return 0;
}
