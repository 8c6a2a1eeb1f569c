/*
 * gdb_server.h — the gdb stub's policy: what each RSP request means for a
 * rev_* session (replay/rev.h), in the manner of rr's GdbServer
 * (style.md "Protocol vs. policy"). Parsing and framing live in
 * gdb_packet.h / gdb_wire.h; sockets in gdb_net.h.
 *
 * One client at a time, one thread (thread id 1). In a replay the stub
 * offers reverse execution (bs, bc) and refuses every state change
 * (G/P/M/X answer E01, except breakpoint bundles, below); a live session
 * (`e2k-rr run --gdb`) runs forward only and accepts writes.
 *
 * What MCST's gdb is shown (e2k-gdb-remote.md): a 4588-byte `g`, the PC in
 * register 53, a trap-frame view of the stopped thread (gdb_frame.h), our
 * own target.xml equal in content to gdb's built-in description, tags
 * through qXfer:tags:read, breakpoints by Z0 with kind 8. If gdb writes
 * one of the two e2k breakpoint bundles into memory instead (§5), the
 * write is turned into a breakpoint and the bytes are shown to gdb but
 * not stored, so it also works in a replay.
 *
 * Interrupts: while continuing, a helper thread watches the socket and
 * calls rev_interrupt() on ^C (0x03) or when the connection drops.
 */
#ifndef E2K_DEBUGGER_GDB_SERVER_H
#define E2K_DEBUGGER_GDB_SERVER_H

#include <stdio.h>

#include "debugger/con.h"

struct rev_session;

struct gdb_server_opts {
    const char *host;      /* NULL: 127.0.0.1 */
    int port;              /* 0: any free port */
    int accept_timeout_ms; /* <= 0: wait for a client forever */
    FILE *log;             /* NULL: stderr. "listening", connect, errors */
    con_dis_fn dis;        /* disassembler for monitor output; may be NULL */
    void *dis_ctx;
    int verbose;           /* log every packet */
};

enum gdb_serve_result {
    GDB_SERVE_DETACHED = 0, /* gdb sent D */
    GDB_SERVE_KILLED = 1,   /* gdb sent k / vKill */
    GDB_SERVE_CLOSED = 2    /* the connection ended */
};

/* Serve one connected client on fd (not closed here) until it detaches,
 * kills or disconnects. Returns enum gdb_serve_result, or -1 if the
 * session could not be set up (out of memory). */
int gdb_server_serve(struct rev_session *s, int fd, const struct gdb_server_opts *o);

/* Listen on o->host:o->port, log "gdb: listening on HOST:PORT", accept one
 * client, serve it. Returns enum gdb_serve_result or -1 (log says why). */
int gdb_server_run(struct rev_session *s, const struct gdb_server_opts *o);

#endif
