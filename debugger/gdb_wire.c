/*
 * gdb_wire.c — RSP framing, checksums, acknowledgements, escaping and
 * run-length decoding (gdb_wire.h). A small state machine over received
 * bytes; nothing here trusts the input: every path is bounded by
 * GDB_PACKET_MAX and every malformed sequence ends in an event the
 * session answers, never in a stall or a crash.
 */
#include "debugger/gdb_wire.h"

#include <string.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void gdb_wire_init(struct gdb_wire *w)
{
    memset(w, 0, sizeof *w);
}

static void begin_packet(struct gdb_wire *w)
{
    w->state = GDB_WS_BODY;
    w->sum = 0;
    w->csum = 0;
    w->csum_bad = 0;
    w->overflow = 0;
    w->bad_rle = 0;
    w->pkt_len = 0;
    w->pkt[0] = 0;
}

static void body_byte(struct gdb_wire *w, char c)
{
    if (w->pkt_len < GDB_PACKET_MAX)
        w->pkt[w->pkt_len++] = c;
    else
        w->overflow = 1;
}

/* The packet ended (second checksum digit seen): decide the event. */
static int end_packet(struct gdb_wire *w, int c2, struct gdb_buf *acks)
{
    w->state = GDB_WS_IDLE;
    int lo = hexval(c2);
    int good = !w->csum_bad && lo >= 0 &&
               (uint8_t)(w->csum << 4 | lo) == w->sum;
    w->pkt[w->pkt_len < GDB_PACKET_MAX ? w->pkt_len : GDB_PACKET_MAX] = 0;
    if (!good) {
        w->stat_bad++;
        if (!w->no_ack) {
            if (acks)
                gdb_buf_putc(acks, '-');
            return GDB_WIRE_NONE; /* gdb resends */
        }
        w->error = "bad checksum";
        return GDB_WIRE_ERROR;
    }
    if (!w->no_ack && acks)
        gdb_buf_putc(acks, '+');
    if (w->overflow) {
        w->stat_bad++;
        w->error = "packet too long";
        return GDB_WIRE_ERROR;
    }
    if (w->bad_rle) {
        w->stat_bad++;
        w->error = "malformed run-length encoding";
        return GDB_WIRE_ERROR;
    }
    w->stat_packets++;
    return GDB_WIRE_PACKET;
}

size_t gdb_wire_feed(struct gdb_wire *w, const uint8_t *in, size_t n,
                     struct gdb_buf *acks, int *event)
{
    *event = GDB_WIRE_NONE;
    for (size_t i = 0; i < n; i++) {
        char c = (char)in[i];
        switch (w->state) {
        case GDB_WS_IDLE:
            if (c == '$') {
                begin_packet(w);
            } else if (c == '+') {
                *event = GDB_WIRE_ACK;
                return i + 1;
            } else if (c == '-') {
                *event = GDB_WIRE_NAK;
                return i + 1;
            } else if (c == 0x03) {
                *event = GDB_WIRE_INTERRUPT;
                return i + 1;
            }
            /* anything else between packets is line noise: ignored */
            break;
        case GDB_WS_BODY:
            if (c == '$') {
                begin_packet(w); /* a new packet starts: drop the partial */
            } else if (c == '#') {
                w->state = GDB_WS_CSUM1;
            } else if (c == '*') {
                w->sum += (uint8_t)c;
                w->state = GDB_WS_RLE;
            } else {
                w->sum += (uint8_t)c;
                body_byte(w, c);
            }
            break;
        case GDB_WS_RLE:
            if (c == '$') {
                begin_packet(w);
                break;
            }
            if (c == '#') {
                w->bad_rle = 1;
                w->state = GDB_WS_CSUM1;
                break;
            }
            w->sum += (uint8_t)c;
            w->state = GDB_WS_BODY;
            /* gdb manual "Run-Length Encoding": `*` then a printable
             * character; repeat count = char - 29 (so at least 3). */
            if ((uint8_t)c < 32 || (uint8_t)c > 126 || w->pkt_len == 0) {
                w->bad_rle = 1;
                break;
            }
            if (w->overflow) /* nothing stored to repeat: length only */
                break;
            {
                unsigned count = (unsigned)(uint8_t)c - 29;
                char prev = w->pkt[w->pkt_len - 1];
                for (unsigned k = 0; k < count; k++)
                    body_byte(w, prev);
            }
            break;
        case GDB_WS_CSUM1: {
            int hi = hexval(c);
            if (c == '$') { /* truncated frame: start over */
                begin_packet(w);
                break;
            }
            w->csum_bad = hi < 0;
            w->csum = (uint8_t)(hi < 0 ? 0 : hi);
            w->state = GDB_WS_CSUM2;
            break;
        }
        case GDB_WS_CSUM2:
            if (c == '$') {
                begin_packet(w);
                break;
            }
            *event = end_packet(w, c, acks);
            if (*event != GDB_WIRE_NONE)
                return i + 1;
            break;
        default:
            w->state = GDB_WS_IDLE;
            break;
        }
    }
    return n;
}

uint8_t gdb_wire_checksum(const char *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += (uint8_t)p[i];
    return s;
}

void gdb_wire_frame(struct gdb_buf *out, const char *payload, size_t n)
{
    gdb_buf_putc(out, '$');
    gdb_buf_put(out, payload, n);
    gdb_buf_printf(out, "#%02x", gdb_wire_checksum(payload, n));
}

static int needs_escape(uint8_t c)
{
    return c == '$' || c == '#' || c == '}' || c == '*';
}

void gdb_wire_escape(struct gdb_buf *out, const void *data, size_t n)
{
    const uint8_t *d = data;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (!needs_escape(d[i]))
            continue;
        gdb_buf_put(out, d + run, i - run);
        gdb_buf_putc(out, '}');
        gdb_buf_putc(out, (char)(d[i] ^ 0x20));
        run = i + 1;
    }
    gdb_buf_put(out, d + run, n - run);
}

size_t gdb_wire_escaped_len(const void *data, size_t n)
{
    const uint8_t *d = data;
    size_t len = n;
    for (size_t i = 0; i < n; i++)
        len += needs_escape(d[i]);
    return len;
}

long gdb_wire_unescape(const char *in, size_t n, uint8_t *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)in[i];
        if (c == '}') {
            if (++i >= n)
                return -1;
            c = (uint8_t)in[i] ^ 0x20;
        }
        if (o >= cap)
            return -1;
        out[o++] = c;
    }
    return (long)o;
}

int gdb_wire_text_ok(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (needs_escape((uint8_t)p[i]))
            return 0;
    return 1;
}
