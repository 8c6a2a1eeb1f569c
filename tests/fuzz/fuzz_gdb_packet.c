/*
 * fuzz_gdb_packet.c — libFuzzer target for the gdb stub's protocol layer
 * (debugger/gdb_wire.c, gdb_packet.c): any byte string, fed to the wire
 * decoder as a stream (in the pieces the first byte chooses) and each
 * payload parsed into a struct gdb_req, must neither crash nor read out of
 * bounds, and the results must be self-consistent: data lengths within
 * the buffer, a malformed request always with a reason, replies built
 * from the request never larger than a packet. The whole input is also
 * parsed directly as one payload. Corpus: tests/fuzz/corpus/fuzz_gdb_packet/
 * (one framed packet per file, as gdb sends them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/gdb_buf.h"
#include "debugger/gdb_packet.h"
#include "debugger/gdb_wire.h"

#define CHECK(c)         \
    do {                 \
        if (!(c))        \
            abort();     \
    } while (0)

static void check_req(const struct gdb_req *r)
{
    CHECK(r->kind > GDB_REQ_NONE && r->kind < GDB_REQ_COUNT);
    CHECK(r->data_len <= GDB_PACKET_MAX);
    CHECK(strlen(r->object) < GDB_XFER_NAME_MAX);
    CHECK(strlen(r->annex) < GDB_XFER_ANNEX_MAX);
    if (r->kind == GDB_REQ_MALFORMED)
        CHECK(r->error && r->error[0]);
    if (r->kind == GDB_REQ_SET_MEM)
        CHECK(r->len == r->data_len);
    if (r->kind == GDB_REQ_SET_BREAK || r->kind == GDB_REQ_REMOVE_BREAK)
        CHECK(r->type >= 0 && r->type <= GDB_BP_WATCH_ACCESS);
    if (r->kind == GDB_REQ_MONITOR)
        CHECK(r->data[r->data_len] == 0);
    (void)gdb_req_name(r->kind);
}

/* Replies the stub would build from this request (pure parts only). */
static void exercise_replies(const struct gdb_req *r, const uint8_t *blob, size_t n)
{
    struct gdb_buf b;
    gdb_buf_init(&b, GDB_PACKET_MAX);
    gdb_reply_xfer(&b, blob, n, r->offset, r->len);
    CHECK(b.failed || b.len <= GDB_PACKET_MAX);
    gdb_buf_reset(&b);
    struct gdb_stop st = {.kind = r->type % 3, .sig = r->signo, .status = (int)r->len,
                          .why = (int)(r->addr % 8), .addr = r->addr, .thread = r->thread,
                          .features = r->features};
    gdb_reply_stop(&b, &st);
    CHECK(gdb_wire_text_ok(b.p, b.len));
    gdb_buf_reset(&b);
    size_t cn = r->data_len < GDB_CONSOLE_CHUNK ? r->data_len : GDB_CONSOLE_CHUNK;
    gdb_reply_console(&b, (const char *)r->data, cn);
    CHECK(b.len <= GDB_PACKET_MAX);
    struct gdb_buf fr;
    gdb_buf_init(&fr, 0);
    gdb_wire_frame(&fr, b.p ? b.p : "", b.len);
    gdb_buf_fini(&fr);
    gdb_buf_fini(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gdb_wire w;
    static struct gdb_req r;
    struct gdb_buf acks;
    gdb_buf_init(&acks, 0);
    gdb_wire_init(&w);
    w.no_ack = size && (data[0] & 0x80);
    size_t piece = size ? (size_t)(data[0] & 0x0f) + 1 : 1;
    size_t off = 0;
    unsigned events = 0;
    while (off < size) {
        size_t n = size - off < piece ? size - off : piece;
        int ev;
        size_t used = gdb_wire_feed(&w, data + off, n, &acks, &ev);
        CHECK(used <= n);
        CHECK(ev != GDB_WIRE_NONE ? used >= 1 : used == n);
        off += used;
        CHECK(w.pkt_len <= GDB_PACKET_MAX);
        if (ev == GDB_WIRE_PACKET) {
            gdb_packet_parse(w.pkt, w.pkt_len, &r);
            check_req(&r);
            exercise_replies(&r, data, size);
        } else if (ev == GDB_WIRE_ERROR) {
            CHECK(w.error != NULL);
        }
        if (++events > 4 * size + 16)
            abort(); /* the decoder must make progress */
        if (ev == GDB_WIRE_NONE && used == 0)
            break;
    }
    for (size_t i = 0; i < acks.len; i++)
        CHECK(acks.p[i] == '+' || acks.p[i] == '-');
    /* the input as one payload */
    gdb_packet_parse((const char *)data, size, &r);
    check_req(&r);
    /* escaping round trip */
    struct gdb_buf e;
    gdb_buf_init(&e, 0);
    gdb_wire_escape(&e, data, size);
    if (gdb_buf_ok(&e)) {
        uint8_t *back = malloc(size + 1);
        CHECK(e.len == gdb_wire_escaped_len(data, size));
        CHECK(gdb_wire_unescape(e.p ? e.p : "", e.len, back, size + 1) == (long)size);
        CHECK(size == 0 || memcmp(back, data, size) == 0);
        free(back);
    }
    gdb_buf_fini(&e);
    gdb_buf_fini(&acks);
    return 0;
}
