/*
 * gdb_wire.h — the byte level of the GDB remote serial protocol (RSP):
 * packet framing `$payload#cs`, the modulo-256 checksum, `+`/`-`
 * acknowledgements and QStartNoAckMode, `}` escaping of binary data,
 * run-length decoding of incoming packets, and the ^C (0x03) interrupt
 * byte. Facts: gdb manual, "Remote Protocol" (Overview, Binary Data,
 * Run-Length Encoding, Interrupts, Packet Acknowledgment).
 *
 * What it is not: it knows nothing of packet contents (gdb_packet.h) and
 * does no I/O. The caller feeds received bytes in and gets events out;
 * acknowledgements to send back are appended to the caller's output
 * buffer. So it is tested and fuzzed without a socket.
 *
 * Size limit: a packet whose run-length-decoded payload exceeds
 * GDB_PACKET_MAX is not stored; it is acknowledged (so gdb does not resend
 * it forever) and reported as GDB_WIRE_ERROR, for which the session sends
 * an error reply and goes on. The same happens for a malformed run-length
 * sequence. A bad checksum is answered with `-` (gdb then resends) in
 * acknowledgement mode and reported as an error in no-ack mode.
 */
#ifndef E2K_DEBUGGER_GDB_WIRE_H
#define E2K_DEBUGGER_GDB_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "debugger/gdb_buf.h"

/* Largest packet payload accepted (after run-length decoding); announced
 * as PacketSize in qSupported. Must hold a `G` packet (2 x 4588 hex
 * digits + 1, e2k-gdb-remote.md §2.3) with room to spare. */
#define GDB_PACKET_MAX 16384

enum gdb_wire_event {
    GDB_WIRE_NONE = 0,      /* all input consumed, nothing complete */
    GDB_WIRE_PACKET,        /* w->pkt[0..pkt_len) is a whole packet */
    GDB_WIRE_INTERRUPT,     /* 0x03 outside a packet: stop the target */
    GDB_WIRE_ERROR,         /* a packet arrived but cannot be used
                               (w->error says why): reply with an error */
    GDB_WIRE_ACK,           /* `+` from gdb for our last packet */
    GDB_WIRE_NAK            /* `-`: resend our last packet */
};

enum gdb_wire_state {
    GDB_WS_IDLE = 0,   /* between packets */
    GDB_WS_BODY,       /* after `$` */
    GDB_WS_RLE,        /* after `*`: the count character comes next */
    GDB_WS_CSUM1,      /* after `#` */
    GDB_WS_CSUM2
};

struct gdb_wire {
    int state;                      /* enum gdb_wire_state */
    int no_ack;                     /* QStartNoAckMode was accepted */
    uint8_t sum;                    /* checksum of the raw body so far */
    uint8_t csum;                   /* checksum received (first digit) */
    int csum_bad;                   /* a checksum digit was not hex */
    int overflow;                   /* decoded body exceeded the limit */
    int bad_rle;                    /* malformed run-length sequence */
    const char *error;              /* reason for GDB_WIRE_ERROR (static) */
    size_t pkt_len;                 /* decoded payload bytes */
    char pkt[GDB_PACKET_MAX + 1];   /* decoded payload, NUL-terminated
                                       (may contain NULs from X data) */
    uint64_t stat_packets;          /* packets delivered */
    uint64_t stat_bad;              /* checksum errors, oversize, RLE */
};

void gdb_wire_init(struct gdb_wire *w);

/* Consume input up to and including the first event. Returns the number
 * of bytes used (<= n) and sets *event; GDB_WIRE_NONE means all n bytes
 * were used without completing anything. Acknowledgements (`+`/`-`) are
 * appended to `acks` unless in no-ack mode. */
size_t gdb_wire_feed(struct gdb_wire *w, const uint8_t *in, size_t n,
                     struct gdb_buf *acks, int *event);

/* Append `$payload#cs` to out. The payload goes as is: binary parts must
 * have been escaped with gdb_wire_escape(), and text replies must not
 * contain `$`, `#`, `}` or `*` (gdb_wire_text_ok() checks). */
void gdb_wire_frame(struct gdb_buf *out, const char *payload, size_t n);
uint8_t gdb_wire_checksum(const char *p, size_t n);

/* Append data with `$`, `#`, `}` and `*` escaped as `}` followed by the
 * byte XOR 0x20 (binary replies, e.g. qXfer). */
void gdb_wire_escape(struct gdb_buf *out, const void *data, size_t n);
/* Bytes gdb_wire_escape() would produce for data. */
size_t gdb_wire_escaped_len(const void *data, size_t n);
/* Undo the escaping of binary packet data (X, qXfer:*:write). Returns the
 * decoded length, or -1 for a `}` at the end or output beyond cap. */
long gdb_wire_unescape(const char *in, size_t n, uint8_t *out, size_t cap);
/* 1 if text can go into a frame unescaped. */
int gdb_wire_text_ok(const char *p, size_t n);

#endif
