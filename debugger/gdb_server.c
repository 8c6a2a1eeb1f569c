/*
 * gdb_server.c — the gdb stub's policy (gdb_server.h): one connection,
 * requests (gdb_packet.h) mapped onto rev_* calls and register/memory
 * views (gdb_regs.h, gdb_frame.h), replies framed by gdb_wire.h.
 *
 * Stops are reported as gdb expects from a reverse-capable stub (gdb
 * manual "Stop Reply Packets"; rr's GdbServer does the same): T05 with
 * swbreak:/hwbreak: for breakpoints, watch:/rwatch:/awatch:ADDR for
 * watchpoints, replaylog:begin / replaylog:end at the two ends of a
 * recording. The guest's exit is reported as the end of the recording in
 * a replay, so the session stays usable for going back (rr reports the
 * end of a trace as a stop, too); only a live session sends W.
 *
 * Reverse watchpoints: rev_rcontinue() stops just after the accessing
 * instruction (replay/rev.h). gdb decides whether a write watchpoint
 * triggered by comparing the value with the one it saw last, and in
 * reverse it needs the state *before* the access for that, so the stub
 * steps back one more instruction (what rr reports too). And going back
 * from a forward watch stop, the access that was just reported is the
 * first one reverse execution meets (gdb shows it undone: old value =
 * the new one), while rev_rcontinue() would skip it (it orders a watch
 * stop before anything else at its icount); so the stub first moves to
 * the canonical state at the same icount (rev_goto), where that access
 * lies behind.
 */
#include "debugger/gdb_server.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/gdb_frame.h"
#include "debugger/gdb_net.h"
#include "debugger/gdb_packet.h"
#include "debugger/gdb_regs.h"
#include "debugger/gdb_tdesc.h"
#include "emu/machine.h"
#include "replay/rev.h"

#define THREAD_ID 1
#define MAX_POINTS 256
#define IN_BUF 8192
#define ACK_TIMEOUT_MS 10000
#define MAX_RESENDS 8
#define TAGS_MAX 4096 /* words per qXfer:tags:read (gdb asks for 1 or 2) */

/* e2k-gdb-remote.md §5: the two bundles gdb writes as a breakpoint. */
static const uint8_t k_bp_bundles[2][8] = {
    {0x01, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28}, /* setsft */
    {0x01, 0x00, 0x00, 0x04, 0x80, 0xc0, 0xc0, 0x0d}, /* legacy trap */
};

/* A code breakpoint and who wants it (rev gets one insert per address). */
struct bp_ref {
    uint64_t addr;
    int sw, hw;         /* Z0 / Z1 counts */
    int mem;            /* set by writing a breakpoint bundle */
    uint8_t orig[8];    /* bytes shown before that write */
    uint8_t shown[8];   /* the bundle gdb wrote (shown to m reads) */
};

struct wp_ref {
    uint64_t addr, len;
    int type;           /* GDB_BP_WATCH_* */
    int count;
};

struct watcher {
    int fd;
    struct rev_session *s;
    atomic_int stop;
    int closed;
    size_t len;
    uint8_t buf[IN_BUF / 2];
};

struct sess {
    struct rev_session *s;
    const struct gdb_server_opts *o;
    FILE *log;
    int fd;
    int replay;               /* rev_is_replay: reverse on, writes off */
    int closed;               /* connection ended */
    int done;                 /* -1 = serving, else enum gdb_serve_result */
    int pending;              /* wire.pkt holds an unhandled packet */
    int exited;               /* live guest exited (W sent) */
    unsigned features;        /* gdb's qSupported features */
    int threads_listed;
    struct rev_stop last;     /* last stop (for `?`) */
    int have_last;
    struct gdb_layout layout;
    struct gdb_buf out;       /* bytes to write (acks, frames) */
    struct gdb_buf reply;     /* the reply payload being built */
    struct gdb_buf last_frame;/* for resending after `-` */
    struct gdb_buf xml;       /* target.xml, built on first request */
    struct bp_ref bps[MAX_POINTS];
    int n_bps;
    struct wp_ref wps[MAX_POINTS];
    int n_wps;
    struct con con;           /* monitor commands */
    size_t in_off, in_len;
    uint8_t in[IN_BUF];
    struct gdb_wire wire;
    struct gdb_req req;
};

/* --- I/O --- */

static int write_all(struct sess *g, const char *p, size_t n)
{
    while (n && !g->closed) {
        ssize_t w = write(g->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            g->closed = 1;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return g->closed ? -1 : 0;
}

static void flush_out(struct sess *g)
{
    if (g->out.len)
        write_all(g, g->out.p, g->out.len);
    gdb_buf_reset(&g->out);
}

/* Read more input: >0 bytes, 0 EOF/closed, -2 timeout. */
static int fill(struct sess *g, int timeout_ms)
{
    if (g->closed)
        return 0;
    if (g->in_off == g->in_len)
        g->in_off = g->in_len = 0;
    if (g->in_len == sizeof g->in) {
        memmove(g->in, g->in + g->in_off, g->in_len - g->in_off);
        g->in_len -= g->in_off;
        g->in_off = 0;
    }
    for (;;) {
        struct pollfd p = {.fd = g->fd, .events = POLLIN};
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            return -2;
        if (r < 0) {
            g->closed = 1;
            return 0;
        }
        ssize_t n = read(g->fd, g->in + g->in_len, sizeof g->in - g->in_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g->closed = 1;
            return 0;
        }
        g->in_len += (size_t)n;
        return (int)n;
    }
}

/* Next wire event: 1 (and *ev), 0 closed, -2 timeout. */
static int next_event(struct sess *g, int *ev, int timeout_ms)
{
    for (;;) {
        while (g->in_off < g->in_len) {
            size_t used = gdb_wire_feed(&g->wire, g->in + g->in_off,
                                        g->in_len - g->in_off, &g->out, ev);
            g->in_off += used;
            flush_out(g);
            if (*ev != GDB_WIRE_NONE)
                return 1;
        }
        int r = fill(g, timeout_ms);
        if (r <= 0)
            return r;
    }
}

static void log_packet(struct sess *g, const char *dir, const char *p, size_t n)
{
    if (!g->o->verbose)
        return;
    fprintf(g->log, "gdb: %s %.*s%s\n", dir, (int)(n > 200 ? 200 : n), p, n > 200 ? "..." : "");
}

/* Frame and send one packet; in ack mode wait for gdb's `+`. */
static void send_packet(struct sess *g, const char *payload, size_t n)
{
    log_packet(g, "->", payload, n);
    gdb_buf_reset(&g->last_frame);
    gdb_wire_frame(&g->last_frame, payload, n);
    write_all(g, g->last_frame.p, g->last_frame.len);
    for (int tries = 0; !g->wire.no_ack && !g->closed && tries < MAX_RESENDS;) {
        int ev;
        int r = next_event(g, &ev, ACK_TIMEOUT_MS);
        if (r <= 0)
            return; /* closed, or no ack: go on (gdb resends if it wants) */
        if (ev == GDB_WIRE_ACK)
            return;
        if (ev == GDB_WIRE_NAK) {
            write_all(g, g->last_frame.p, g->last_frame.len);
            tries++;
        } else if (ev == GDB_WIRE_PACKET) {
            g->pending = 1; /* gdb moved on; handle it next */
            return;
        }
    }
}

static void send_reply(struct sess *g)
{
    if (!gdb_buf_ok(&g->reply)) {
        gdb_buf_reset(&g->reply);
        gdb_reply_error(&g->reply, 0x0c); /* ENOMEM-like: reply too big */
    }
    send_packet(g, g->reply.p ? g->reply.p : "", g->reply.len);
}

/* --- memory through the trap-frame view --- */

static int io_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    return rev_read_mem(ctx, addr, buf, len);
}

static int io_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    struct rev_err err;
    return rev_write_mem(ctx, addr, buf, len, &err);
}

static struct gdb_mem_io mem_io(struct sess *g)
{
    struct gdb_mem_io io = {.read = io_read, .write = io_write, .ctx = g->s};
    return io;
}

static struct cpu_state *cpu(struct sess *g)
{
    struct machine *m = rev_machine(g->s);
    return m ? &m->cpu : NULL;
}

/* --- breakpoints --- */

static struct bp_ref *bp_find(struct sess *g, uint64_t addr)
{
    for (int i = 0; i < g->n_bps; i++)
        if (g->bps[i].addr == addr)
            return &g->bps[i];
    return NULL;
}

/* Get (creating, and inserting into rev) the entry for addr. */
static struct bp_ref *bp_get(struct sess *g, uint64_t addr)
{
    struct bp_ref *b = bp_find(g, addr);
    if (b)
        return b;
    if (g->n_bps == MAX_POINTS)
        return NULL;
    struct rev_err err = {0};
    if (rev_break_insert(g->s, addr, &err) < 0) {
        fprintf(g->log, "gdb: breakpoint at 0x%" PRIx64 ": %s\n", addr, err.msg);
        return NULL;
    }
    b = &g->bps[g->n_bps++];
    memset(b, 0, sizeof *b);
    b->addr = addr;
    return b;
}

static void bp_put(struct sess *g, struct bp_ref *b)
{
    if (b->sw || b->hw || b->mem)
        return;
    struct rev_err err = {0};
    rev_break_remove(g->s, b->addr, &err);
    *b = g->bps[--g->n_bps];
}

static int wp_rev_kind(int type)
{
    return type == GDB_BP_WATCH_READ ? REV_WATCH_READ
           : type == GDB_BP_WATCH_ACCESS ? REV_WATCH_ACCESS : REV_WATCH_WRITE;
}

static int set_point(struct sess *g, const struct gdb_req *r)
{
    if (r->type <= GDB_BP_HW) {
        /* kind is 8 for e2k (§5); any kind names the bundle at addr */
        struct bp_ref *b = bp_get(g, r->addr);
        if (!b)
            return -1;
        if (r->type == GDB_BP_SW)
            b->sw++;
        else
            b->hw++;
        return 0;
    }
    if (r->len == 0)
        return -1;
    for (int i = 0; i < g->n_wps; i++) {
        struct wp_ref *w = &g->wps[i];
        if (w->addr == r->addr && w->len == r->len && w->type == r->type) {
            w->count++;
            return 0;
        }
    }
    if (g->n_wps == MAX_POINTS)
        return -1;
    struct rev_err err = {0};
    if (rev_watch_insert(g->s, r->addr, r->len, wp_rev_kind(r->type), &err) < 0) {
        fprintf(g->log, "gdb: watchpoint at 0x%" PRIx64 ": %s\n", r->addr, err.msg);
        return -1;
    }
    g->wps[g->n_wps++] = (struct wp_ref){r->addr, r->len, r->type, 1};
    return 0;
}

static int remove_point(struct sess *g, const struct gdb_req *r)
{
    if (r->type <= GDB_BP_HW) {
        struct bp_ref *b = bp_find(g, r->addr);
        int *cnt = b ? (r->type == GDB_BP_SW ? &b->sw : &b->hw) : NULL;
        if (!cnt || *cnt == 0)
            return -1;
        (*cnt)--;
        bp_put(g, b);
        return 0;
    }
    for (int i = 0; i < g->n_wps; i++) {
        struct wp_ref *w = &g->wps[i];
        if (w->addr == r->addr && w->len == r->len && w->type == r->type) {
            if (--w->count == 0) {
                struct rev_err err = {0};
                rev_watch_remove(g->s, w->addr, w->len, wp_rev_kind(w->type), &err);
                *w = g->wps[--g->n_wps];
            }
            return 0;
        }
    }
    return -1;
}

/* --- stops --- */

static void reply_stop(struct sess *g, const struct rev_stop *st)
{
    struct gdb_stop s = {.kind = GDB_STOP_SIGNAL, .sig = GDB_SIG_TRAP,
                         .thread = THREAD_ID, .features = g->features};
    switch (st->reason) {
    case REV_STOP_BREAK: {
        struct bp_ref *b = bp_find(g, st->pc);
        s.why = (b && b->hw && !b->sw && !b->mem) ? GDB_WHY_HWBREAK : GDB_WHY_SWBREAK;
        break;
    }
    case REV_STOP_WATCH:
        s.why = st->watch_kind == REV_WATCH_READ     ? GDB_WHY_RWATCH
                : st->watch_kind == REV_WATCH_ACCESS ? GDB_WHY_AWATCH
                                                     : GDB_WHY_WATCH;
        s.addr = st->addr;
        break;
    case REV_STOP_BEGIN:
        s.why = GDB_WHY_REPLAY_BEGIN;
        break;
    case REV_STOP_END:
        s.why = GDB_WHY_REPLAY_END;
        break;
    case REV_STOP_EXITED:
        if (g->replay) {
            s.why = GDB_WHY_REPLAY_END;
        } else {
            s.kind = GDB_STOP_EXITED;
            s.status = st->status;
            g->exited = 1;
        }
        break;
    case REV_STOP_SIGNAL:
        s.sig = gdb_sig_from_linux(st->signo);
        break;
    case REV_STOP_INTERRUPT:
        s.sig = GDB_SIG_INT;
        break;
    default:
        break;
    }
    gdb_reply_stop(&g->reply, &s);
}

static void *watch_main(void *arg)
{
    struct watcher *w = arg;
    while (!atomic_load(&w->stop)) {
        struct pollfd p = {.fd = w->fd, .events = POLLIN};
        int r = poll(&p, 1, 20);
        if (r <= 0 || w->len == sizeof w->buf)
            continue;
        ssize_t n = read(w->fd, w->buf + w->len, sizeof w->buf - w->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            w->closed = 1;
            rev_interrupt(w->s);
            break;
        }
        if (memchr(w->buf + w->len, 0x03, (size_t)n))
            rev_interrupt(w->s);
        w->len += (size_t)n;
    }
    return NULL;
}

enum move { MV_STEP, MV_CONT, MV_RSTEP, MV_RCONT };

static void do_move(struct sess *g, int how)
{
    struct rev_stop st;
    struct rev_err err;
    memset(&st, 0, sizeof st);
    memset(&err, 0, sizeof err);
    int rc;
    if (how == MV_STEP) {
        rc = rev_step(g->s, 1, &st, &err);
    } else if (how == MV_RSTEP) {
        rc = rev_rstep(g->s, 1, &st, &err);
    } else {
        /* long-running: watch the socket for ^C meanwhile */
        struct watcher *w = calloc(1, sizeof *w);
        pthread_t th;
        int have_thread = 0;
        if (w) {
            w->fd = g->fd;
            w->s = g->s;
            atomic_init(&w->stop, 0);
            have_thread = pthread_create(&th, NULL, watch_main, w) == 0;
        }
        if (how == MV_RCONT && g->have_last && g->last.reason == REV_STOP_WATCH) {
            /* see the file comment: the access that led here must count */
            struct rev_stop here;
            rev_goto(g->s, rev_icount(g->s), &here, &err);
        }
        rc = how == MV_CONT ? rev_continue(g->s, &st, &err) : rev_rcontinue(g->s, &st, &err);
        if (have_thread) {
            atomic_store(&w->stop, 1);
            pthread_join(th, NULL);
            /* bytes the watcher read go back in front of the wire */
            if (g->in_off == g->in_len)
                g->in_off = g->in_len = 0;
            memmove(g->in, g->in + g->in_off, g->in_len - g->in_off);
            g->in_len -= g->in_off;
            g->in_off = 0;
            size_t room = sizeof g->in - g->in_len;
            size_t n = w->len < room ? w->len : room;
            memcpy(g->in + g->in_len, w->buf, n);
            g->in_len += n;
            if (w->closed)
                g->closed = 1;
        }
        free(w);
        if (rc >= 0 && how == MV_RCONT && st.reason == REV_STOP_WATCH) {
            struct rev_stop back;
            memset(&back, 0, sizeof back);
            if (rev_rstep(g->s, 1, &back, &err) >= 0) {
                st.icount = back.icount;
                st.pc = back.pc;
            }
        }
    }
    if (rc < 0) {
        fprintf(g->log, "gdb: %s\n", err.msg[0] ? err.msg : rev_strerror(rc));
        /* gdb takes an E reply to a resume as "stopped" with a warning */
        gdb_reply_error(&g->reply, 1);
        return;
    }
    g->last = st;
    g->have_last = 1;
    reply_stop(g, &st);
}

/* --- request handlers --- */

static void on_get_mem(struct sess *g, const struct gdb_req *r)
{
    size_t max = (GDB_PACKET_MAX - 1) / 2;
    size_t len = r->len < max ? (size_t)r->len : max;
    uint8_t *buf = (uint8_t *)g->req.data; /* reuse: the request is done */
    struct cpu_state *c = cpu(g);
    struct gdb_mem_io io = mem_io(g);
    if (!c) {
        gdb_reply_error(&g->reply, 1);
        return;
    }
    size_t got = gdb_frame_read_mem(c, 0, &io, r->addr, buf, len);
    if (got == 0 && len > 0) {
        gdb_reply_error(&g->reply, 1);
        return;
    }
    for (int i = 0; i < g->n_bps; i++) { /* show written breakpoint bundles */
        const struct bp_ref *b = &g->bps[i];
        if (!b->mem)
            continue;
        for (unsigned k = 0; k < 8; k++)
            if (b->addr + k - r->addr < got)
                buf[b->addr + k - r->addr] = b->shown[k];
    }
    gdb_reply_hex(&g->reply, buf, got);
}

static int is_bp_bundle(const uint8_t *d)
{
    return memcmp(d, k_bp_bundles[0], 8) == 0 || memcmp(d, k_bp_bundles[1], 8) == 0;
}

static void on_set_mem(struct sess *g, const struct gdb_req *r)
{
    if (r->len == 0) { /* gdb's probe for X support */
        gdb_reply_ok(&g->reply);
        return;
    }
    struct cpu_state *c = cpu(g);
    struct gdb_mem_io io = mem_io(g);
    if (!c) {
        gdb_reply_error(&g->reply, 1);
        return;
    }
    /* gdb inserting a breakpoint by writing the bundle (§5) */
    if (r->len == 8 && (r->addr & 7) == 0 && is_bp_bundle(r->data)) {
        struct bp_ref *b = bp_find(g, r->addr);
        if (!b || !b->mem) {
            uint8_t orig[8];
            if (gdb_frame_read_mem(c, 0, &io, r->addr, orig, 8) != 8 ||
                !(b = bp_get(g, r->addr))) {
                gdb_reply_error(&g->reply, 1);
                return;
            }
            memcpy(b->orig, orig, 8);
            b->mem = 1;
        }
        memcpy(b->shown, r->data, 8);
        gdb_reply_ok(&g->reply);
        return;
    }
    /* ... and removing it by writing the original bytes back */
    struct bp_ref *b = bp_find(g, r->addr);
    if (b && b->mem && r->len == 8 && memcmp(r->data, b->orig, 8) == 0) {
        b->mem = 0;
        bp_put(g, b);
        gdb_reply_ok(&g->reply);
        return;
    }
    if (g->replay) {
        fprintf(g->log, "gdb: memory writes are refused in a replay (0x%" PRIx64 ")\n",
                r->addr);
        gdb_reply_error(&g->reply, 1);
        return;
    }
    if (gdb_frame_write_mem(c, 0, &io, r->addr, r->data, r->data_len)) {
        gdb_reply_error(&g->reply, 1);
        return;
    }
    gdb_reply_ok(&g->reply);
}

static void on_get_reg(struct sess *g, const struct gdb_req *r)
{
    uint8_t v[GDB_REG_MAX_BYTES];
    struct cpu_state *c = cpu(g);
    int n = c ? gdb_regs_read(&g->layout, c, r->regnum, v) : -1;
    if (n > 0) {
        gdb_reply_hex(&g->reply, v, (size_t)n);
        return;
    }
    struct gdb_reg_desc d;
    /* §2.3: 902/903 are gdb-internal; others past the wire range exist
     * only in the description: shown as unavailable (`xx`) */
    if (r->regnum >= GDB_REG_WIRE_COUNT && r->regnum != 902 && r->regnum != 903 &&
        gdb_reg_desc(r->regnum, &d) == 0) {
        for (unsigned i = 0; i < (d.bits + 7) / 8; i++)
            gdb_buf_puts(&g->reply, "xx");
        return;
    }
    gdb_reply_error(&g->reply, 1);
}

static void on_set_regs(struct sess *g, const struct gdb_req *r, int one)
{
    struct cpu_state *c = cpu(g);
    if (g->replay || !c) {
        fprintf(g->log, "gdb: register writes are refused in a replay\n");
        gdb_reply_error(&g->reply, 1);
        return;
    }
    unsigned bad = 0;
    int rc = one ? gdb_regs_write(&g->layout, c, r->regnum, r->data, r->data_len)
                 : gdb_regs_write_all(&g->layout, c, r->data, r->data_len, &bad);
    if (rc) {
        fprintf(g->log, "gdb: cannot write register %u\n", one ? r->regnum : bad);
        gdb_reply_error(&g->reply, 1);
        return;
    }
    gdb_reply_ok(&g->reply);
}

static void on_xfer(struct sess *g, const struct gdb_req *r)
{
    if (strcmp(r->object, "features") == 0) {
        if (strcmp(r->annex, "target.xml") != 0) {
            gdb_reply_error(&g->reply, 0);
            return;
        }
        if (g->xml.len == 0) {
            struct machine *m = rev_machine(g->s);
            gdb_tdesc_xml(&g->xml, m ? m->isa : 5);
        }
        gdb_reply_xfer(&g->reply, g->xml.p, g->xml.len, r->offset, r->len);
        return;
    }
    if (strcmp(r->object, "tags") == 0) {
        /* §6.1: OFFSET = address, LENGTH = 32-bit words, one byte each */
        struct cpu_state *c = cpu(g);
        uint8_t tags[TAGS_MAX];
        size_t n = r->len < TAGS_MAX ? (size_t)r->len : TAGS_MAX;
        if (!c || (r->offset & 3) || r->annex[0]) {
            gdb_reply_error(&g->reply, 1);
            return;
        }
        struct gdb_mem_io io = mem_io(g);
        gdb_frame_read_tags(c, 0, &io, r->offset, n, tags);
        gdb_reply_xfer(&g->reply, tags, n, 0, n);
        return;
    }
    /* other objects are not offered; an empty reply says so */
}

static void on_monitor(struct sess *g, const char *text)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) {
        gdb_reply_error(&g->reply, 1);
        return;
    }
    g->con.out = f;
    g->con.monitor = 1;
    con_exec(&g->con, text);
    fclose(f);
    g->con.out = NULL;
    for (size_t off = 0; off < size && !g->closed; off += GDB_CONSOLE_CHUNK) {
        size_t n = size - off < GDB_CONSOLE_CHUNK ? size - off : GDB_CONSOLE_CHUNK;
        gdb_buf_reset(&g->reply);
        gdb_reply_console(&g->reply, buf + off, n);
        send_reply(g);
    }
    free(buf);
    gdb_buf_reset(&g->reply);
    gdb_reply_ok(&g->reply);
}

static int thread_ok(long t)
{
    return t == GDB_TID_ALL || t == GDB_TID_ANY || t == THREAD_ID;
}

/* Handle g->req; returns 0 to reply, 1 when no reply is due. */
static int dispatch(struct sess *g)
{
    struct gdb_req *r = &g->req;
    struct gdb_buf *b = &g->reply;
    switch (r->kind) {
    case GDB_REQ_SUPPORTED:
        g->features = r->features;
        gdb_reply_supported(b, g->replay);
        break;
    case GDB_REQ_NOACK:
        gdb_reply_ok(b);
        break;
    case GDB_REQ_HALT_REASON:
        if (g->have_last) {
            reply_stop(g, &g->last);
        } else {
            struct gdb_stop s = {.kind = GDB_STOP_SIGNAL, .sig = GDB_SIG_TRAP,
                                 .thread = THREAD_ID};
            gdb_reply_stop(b, &s);
        }
        break;
    case GDB_REQ_GET_REGS: {
        struct cpu_state *c = cpu(g);
        if (!c) {
            gdb_reply_error(b, 1);
            break;
        }
        uint8_t *img = r->data; /* GDB_PACKET_MAX >= 4588 */
        gdb_regs_read_all(&g->layout, c, img);
        gdb_reply_hex(b, img, g->layout.g_bytes);
        break;
    }
    case GDB_REQ_SET_REGS:
        on_set_regs(g, r, 0);
        break;
    case GDB_REQ_GET_REG:
        on_get_reg(g, r);
        break;
    case GDB_REQ_SET_REG:
        on_set_regs(g, r, 1);
        break;
    case GDB_REQ_GET_MEM:
        on_get_mem(g, r);
        break;
    case GDB_REQ_SET_MEM:
        on_set_mem(g, r);
        break;
    case GDB_REQ_CONT:
    case GDB_REQ_STEP:
        if (r->has_addr) {
            struct cpu_state *c = cpu(g);
            if (!c || (g->replay && c->ip != r->addr)) {
                gdb_reply_error(b, 1);
                break;
            }
            c->ip = r->addr;
        }
        if (g->exited) {
            gdb_reply_error(b, 1);
            break;
        }
        do_move(g, r->kind == GDB_REQ_STEP ? MV_STEP : MV_CONT);
        break;
    case GDB_REQ_RCONT:
    case GDB_REQ_RSTEP:
        if (!g->replay) {
            gdb_reply_error(b, 1);
            break;
        }
        do_move(g, r->kind == GDB_REQ_RSTEP ? MV_RSTEP : MV_RCONT);
        break;
    case GDB_REQ_VCONT_QUERY:
        gdb_buf_puts(b, "vCont;c;C;s;S");
        break;
    case GDB_REQ_SET_BREAK:
        if (set_point(g, r))
            gdb_reply_error(b, 1);
        else
            gdb_reply_ok(b);
        break;
    case GDB_REQ_REMOVE_BREAK:
        if (remove_point(g, r))
            gdb_reply_error(b, 1);
        else
            gdb_reply_ok(b);
        break;
    case GDB_REQ_MONITOR:
        on_monitor(g, (const char *)r->data);
        break;
    case GDB_REQ_ATTACHED:
        gdb_buf_puts(b, "1"); /* "attached": gdb detaches, not kills, on quit */
        break;
    case GDB_REQ_CURRENT_THREAD:
        gdb_buf_printf(b, "QC%x", THREAD_ID);
        break;
    case GDB_REQ_THREADS_FIRST:
        gdb_buf_printf(b, "m%x", THREAD_ID);
        break;
    case GDB_REQ_THREADS_NEXT:
        gdb_buf_puts(b, "l");
        break;
    case GDB_REQ_SET_THREAD:
        if (thread_ok(r->thread))
            gdb_reply_ok(b);
        else
            gdb_reply_error(b, 1);
        break;
    case GDB_REQ_THREAD_ALIVE:
        if (r->thread == THREAD_ID && !g->exited)
            gdb_reply_ok(b);
        else
            gdb_reply_error(b, 1);
        break;
    case GDB_REQ_XFER_READ:
        on_xfer(g, r);
        break;
    case GDB_REQ_KILL:
        g->done = GDB_SERVE_KILLED;
        if (r->type != 'v')
            return 1; /* `k` has no reply */
        gdb_reply_ok(b);
        break;
    case GDB_REQ_DETACH:
        g->done = GDB_SERVE_DETACHED;
        gdb_reply_ok(b);
        break;
    case GDB_REQ_MALFORMED:
        fprintf(g->log, "gdb: bad packet: %s\n", r->error ? r->error : "?");
        gdb_reply_error(b, 1);
        break;
    default: /* unsupported: empty reply */
        break;
    }
    return 0;
}

static void handle_packet(struct sess *g)
{
    log_packet(g, "<-", g->wire.pkt, g->wire.pkt_len);
    gdb_packet_parse(g->wire.pkt, g->wire.pkt_len, &g->req);
    gdb_buf_reset(&g->reply);
    if (dispatch(g))
        return;
    send_reply(g);
    if (g->req.kind == GDB_REQ_NOACK)
        g->wire.no_ack = 1;
}

int gdb_server_serve(struct rev_session *s, int fd, const struct gdb_server_opts *o)
{
    struct sess *g = calloc(1, sizeof *g);
    if (!g)
        return -1;
    g->s = s;
    g->o = o;
    g->log = o->log ? o->log : stderr;
    g->fd = fd;
    g->replay = rev_is_replay(s);
    g->done = -1;
    gdb_wire_init(&g->wire);
    gdb_layout_init(&g->layout, GDB_TD_CORE);
    gdb_buf_init(&g->out, 0);
    gdb_buf_init(&g->reply, GDB_PACKET_MAX);
    gdb_buf_init(&g->last_frame, 0);
    gdb_buf_init(&g->xml, 0);
    con_init(&g->con, s, NULL);
    g->con.dis = o->dis;
    g->con.dis_ctx = o->dis_ctx;
    while (g->done < 0 && !g->closed) {
        int ev;
        if (g->pending) {
            g->pending = 0;
            ev = GDB_WIRE_PACKET;
        } else if (next_event(g, &ev, -1) <= 0) {
            break;
        }
        switch (ev) {
        case GDB_WIRE_PACKET:
            handle_packet(g);
            break;
        case GDB_WIRE_ERROR:
            fprintf(g->log, "gdb: bad packet: %s\n", g->wire.error);
            gdb_buf_reset(&g->reply);
            gdb_reply_error(&g->reply, 1);
            send_reply(g);
            break;
        case GDB_WIRE_NAK:
            if (g->last_frame.len)
                write_all(g, g->last_frame.p, g->last_frame.len);
            break;
        default: /* `+`, or ^C while stopped: nothing to do */
            break;
        }
    }
    int result = g->done >= 0 ? g->done : GDB_SERVE_CLOSED;
    /* Leave the session as we found it: no breakpoints of ours stay. */
    while (g->n_bps) {
        g->bps[0].sw = g->bps[0].hw = g->bps[0].mem = 0;
        bp_put(g, &g->bps[0]);
    }
    for (int i = 0; i < g->n_wps; i++) {
        struct rev_err err = {0};
        rev_watch_remove(s, g->wps[i].addr, g->wps[i].len, wp_rev_kind(g->wps[i].type), &err);
    }
    gdb_buf_fini(&g->out);
    gdb_buf_fini(&g->reply);
    gdb_buf_fini(&g->last_frame);
    gdb_buf_fini(&g->xml);
    free(g);
    return result;
}

int gdb_server_run(struct rev_session *s, const struct gdb_server_opts *o)
{
    FILE *log = o->log ? o->log : stderr;
    const char *host = o->host ? o->host : GDB_NET_DEFAULT_HOST;
    char msg[256];
    int port = 0;
    int lfd = gdb_net_listen(host, o->port, &port, msg, sizeof msg);
    if (lfd < 0) {
        fprintf(log, "gdb: %s\n", msg);
        return -1;
    }
    fprintf(log, "gdb: listening on %s:%d (in gdb: target remote %s:%d)\n", host, port, host,
            port);
    fflush(log);
    int fd = gdb_net_accept(lfd, o->accept_timeout_ms, msg, sizeof msg);
    close(lfd);
    if (fd < 0) {
        fprintf(log, "gdb: %s\n", msg);
        return -1;
    }
    fprintf(log, "gdb: debugger connected\n");
    fflush(log);
    int rc = gdb_server_serve(s, fd, o);
    close(fd);
    fprintf(log, "gdb: debugger %s\n", rc == GDB_SERVE_DETACHED ? "detached"
                                       : rc == GDB_SERVE_KILLED ? "killed the session"
                                                                : "disconnected");
    return rc;
}
