/*
 * gdb_packet.c — RSP request parsing and reply formatting (gdb_packet.h).
 * Packet syntax from the gdb manual, "Remote Protocol" → "Packets",
 * "General Query Packets", "Stop Reply Packets"; e2k specifics (qXfer:tags,
 * breakpoint kind 8) from e2k-gdb-remote.md §5, §6.
 *
 * Every parser below works on [p, end) of a payload that may hold any
 * bytes (including NUL) and checks every length against the fixed buffer
 * in struct gdb_req.
 */
#include "debugger/gdb_packet.h"

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

int gdb_parse_hex_u64(const char *p, const char *end, uint64_t *v,
                      const char **next)
{
    uint64_t x = 0;
    int digits = 0;
    while (p < end && hexval((unsigned char)*p) >= 0) {
        if (digits == 16)
            return -1;
        x = x << 4 | (uint64_t)hexval((unsigned char)*p);
        digits++;
        p++;
    }
    if (!digits)
        return -1;
    *v = x;
    if (next)
        *next = p;
    return 0;
}

long gdb_hex_decode(const char *in, size_t n, uint8_t *out, size_t cap)
{
    if (n % 2 || n / 2 > cap)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hexval((unsigned char)in[i]);
        int lo = hexval((unsigned char)in[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(n / 2);
}

static int starts(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static int is(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) == n && memcmp(p, lit, n) == 0;
}

static int malformed(struct gdb_req *r, const char *why)
{
    r->kind = GDB_REQ_MALFORMED;
    r->error = why;
    return 0;
}

/* Thread id: -1, 0, hex, or pPID.TID / pPID (gdb manual "thread-id"). */
static int parse_tid(const char *p, const char *end, struct gdb_req *r,
                     const char **next)
{
    uint64_t v;
    r->pid = 0;
    if (p < end && *p == 'p') {
        p++;
        if (p < end && *p == '-') {
            if (p + 1 >= end || p[1] != '1')
                return -1;
            r->pid = -1;
            p += 2;
        } else {
            if (gdb_parse_hex_u64(p, end, &v, &p) || v > 0x7fffffff)
                return -1;
            r->pid = (long)v;
        }
        if (p < end && *p == '.') {
            p++;
        } else {
            r->thread = GDB_TID_ALL;
            *next = p;
            return 0;
        }
    }
    if (p < end && *p == '-') {
        if (p + 1 >= end || p[1] != '1')
            return -1;
        r->thread = GDB_TID_ALL;
        *next = p + 2;
        return 0;
    }
    if (gdb_parse_hex_u64(p, end, &v, &p) || v > 0x7fffffff)
        return -1;
    r->thread = (long)v;
    *next = p;
    return 0;
}

/* "ADDR,LEN" followed by `term` (or the end when term is 0). */
static int parse_addr_len(const char *p, const char *end, char term,
                          struct gdb_req *r, const char **next)
{
    if (gdb_parse_hex_u64(p, end, &r->addr, &p) || p >= end || *p != ',')
        return -1;
    p++;
    if (gdb_parse_hex_u64(p, end, &r->len, &p))
        return -1;
    if (term) {
        if (p >= end || *p != term)
            return -1;
        p++;
    } else if (p != end) {
        return -1;
    }
    *next = p;
    return 0;
}

static int parse_resume(const char *p, const char *end, struct gdb_req *r,
                         int kind, int with_sig)
{
    r->kind = kind;
    if (with_sig) {
        uint64_t sig;
        if (gdb_parse_hex_u64(p, end, &sig, &p) || sig > 255) {
            malformed(r, "bad signal number");
            return 0;
        }
        r->signo = (int)sig;
        if (p == end)
            return 0;
        if (*p != ';') {
            malformed(r, "bad resume packet");
            return 0;
        }
        p++;
    }
    if (p == end)
        return 0;
    if (gdb_parse_hex_u64(p, end, &r->addr, &p) || p != end) {
        malformed(r, "bad resume address");
        return 0;
    }
    r->has_addr = 1;
    return 0;
}

/* vCont;ACTION[:TID](;ACTION[:TID])*: we have one thread, so the first
 * action that names it, -1, or no thread decides. */
static int parse_vcont(const char *p, const char *end, struct gdb_req *r)
{
    int chosen = 0;
    while (p < end) {
        if (*p != ';') {
            malformed(r, "bad vCont packet");
            return 0;
        }
        p++;
        if (p >= end) {
            malformed(r, "empty vCont action");
            return 0;
        }
        char act = *p++;
        int sig = 0;
        if (act == 'C' || act == 'S') {
            uint64_t v;
            if (gdb_parse_hex_u64(p, end, &v, &p) || v > 255) {
                malformed(r, "bad vCont signal");
                return 0;
            }
            sig = (int)v;
        } else if (act != 'c' && act != 's') {
            /* t, r (range stepping) and the rest are not offered
             * (vCont? lists c;C;s;S) */
            r->kind = GDB_REQ_UNSUPPORTED;
            return 0;
        }
        long tid = GDB_TID_ALL;
        if (p < end && *p == ':') {
            p++;
            if (parse_tid(p, end, r, &p)) {
                malformed(r, "bad vCont thread id");
                return 0;
            }
            tid = r->thread;
        }
        if (!chosen) {
            chosen = 1;
            r->kind = (act == 'c' || act == 'C') ? GDB_REQ_CONT : GDB_REQ_STEP;
            r->signo = sig;
            r->thread = tid;
        }
    }
    if (!chosen)
        malformed(r, "vCont without an action");
    return 0;
}

static int parse_q(const char *p, const char *end, struct gdb_req *r)
{
    if (starts(p, end, "qSupported")) {
        const char *q = p + 10;
        r->kind = GDB_REQ_SUPPORTED;
        if (q < end && *q == ':') {
            q++;
            while (q < end) {
                const char *e = memchr(q, ';', (size_t)(end - q));
                if (!e)
                    e = end;
                if (is(q, e, "swbreak+"))
                    r->features |= GDB_FEAT_SWBREAK;
                else if (is(q, e, "hwbreak+"))
                    r->features |= GDB_FEAT_HWBREAK;
                else if (is(q, e, "multiprocess+"))
                    r->features |= GDB_FEAT_MULTIPROCESS;
                q = e < end ? e + 1 : e;
            }
        } else if (q != end) {
            r->kind = GDB_REQ_UNSUPPORTED;
        }
        return 0;
    }
    if (is(p, end, "qC")) {
        r->kind = GDB_REQ_CURRENT_THREAD;
    } else if (is(p, end, "qfThreadInfo")) {
        r->kind = GDB_REQ_THREADS_FIRST;
    } else if (is(p, end, "qsThreadInfo")) {
        r->kind = GDB_REQ_THREADS_NEXT;
    } else if (is(p, end, "qAttached") || starts(p, end, "qAttached:")) {
        r->kind = GDB_REQ_ATTACHED;
    } else if (starts(p, end, "qRcmd,")) {
        p += 6;
        long n = gdb_hex_decode(p, (size_t)(end - p), r->data, GDB_PACKET_MAX);
        if (n < 0) {
            malformed(r, "qRcmd: bad hex");
            return 0;
        }
        r->data_len = (size_t)n;
        r->data[n] = 0;
        r->kind = GDB_REQ_MONITOR;
    } else if (starts(p, end, "qXfer:")) {
        /* qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH */
        const char *o = p + 6;
        const char *c = memchr(o, ':', (size_t)(end - o));
        if (!c || c == o || (size_t)(c - o) >= GDB_XFER_NAME_MAX) {
            malformed(r, "qXfer: bad object");
            return 0;
        }
        memcpy(r->object, o, (size_t)(c - o));
        r->object[c - o] = 0;
        if (!starts(c + 1, end, "read:")) {
            r->kind = GDB_REQ_UNSUPPORTED; /* write and others */
            return 0;
        }
        const char *a = c + 6;
        const char *ae = memchr(a, ':', (size_t)(end - a));
        if (!ae || (size_t)(ae - a) >= GDB_XFER_ANNEX_MAX) {
            malformed(r, "qXfer: bad annex");
            return 0;
        }
        memcpy(r->annex, a, (size_t)(ae - a));
        r->annex[ae - a] = 0;
        if (memchr(r->annex, 0, (size_t)(ae - a))) {
            malformed(r, "qXfer: bad annex");
            return 0;
        }
        const char *q = ae + 1;
        if (gdb_parse_hex_u64(q, end, &r->offset, &q) || q >= end ||
            *q != ',' || gdb_parse_hex_u64(q + 1, end, &r->len, &q) ||
            q != end) {
            malformed(r, "qXfer: bad offset or length");
            return 0;
        }
        r->kind = GDB_REQ_XFER_READ;
    } else {
        r->kind = GDB_REQ_UNSUPPORTED;
    }
    return 0;
}

static int parse(const char *payload, size_t n, struct gdb_req *r)
{
    const char *p = payload, *end = payload + n;
    r->kind = GDB_REQ_UNSUPPORTED;
    r->error = NULL;
    r->addr = r->len = r->offset = 0;
    r->regnum = 0;
    r->type = 0;
    r->has_addr = 0;
    r->signo = 0;
    r->thread = GDB_TID_ALL;
    r->pid = 0;
    r->features = 0;
    r->object[0] = r->annex[0] = 0;
    r->data_len = 0;
    r->data[0] = 0;
    if (n == 0) {
        r->kind = GDB_REQ_UNSUPPORTED;
        return 0;
    }
    uint64_t v;
    long got;
    switch (*p) {
    case '?':
        r->kind = n == 1 ? GDB_REQ_HALT_REASON : GDB_REQ_UNSUPPORTED;
        return 0;
    case 'g':
        r->kind = n == 1 ? GDB_REQ_GET_REGS : GDB_REQ_UNSUPPORTED;
        return 0;
    case 'G':
        got = gdb_hex_decode(p + 1, n - 1, r->data, GDB_PACKET_MAX);
        if (got < 0)
            return malformed(r, "G: bad hex data");
        r->data_len = (size_t)got;
        r->kind = GDB_REQ_SET_REGS;
        return 0;
    case 'p':
        if (gdb_parse_hex_u64(p + 1, end, &v, &p) || p != end || v > 0xffff)
            return malformed(r, "p: bad register number");
        r->regnum = (unsigned)v;
        r->kind = GDB_REQ_GET_REG;
        return 0;
    case 'P':
        if (gdb_parse_hex_u64(p + 1, end, &v, &p) || p >= end || *p != '=' ||
            v > 0xffff)
            return malformed(r, "P: bad register number");
        p++;
        got = gdb_hex_decode(p, (size_t)(end - p), r->data, GDB_PACKET_MAX);
        if (got <= 0)
            return malformed(r, "P: bad hex value");
        r->regnum = (unsigned)v;
        r->data_len = (size_t)got;
        r->kind = GDB_REQ_SET_REG;
        return 0;
    case 'm':
        if (parse_addr_len(p + 1, end, 0, r, &p))
            return malformed(r, "m: bad address or length");
        r->kind = GDB_REQ_GET_MEM;
        return 0;
    case 'M':
        if (parse_addr_len(p + 1, end, ':', r, &p))
            return malformed(r, "M: bad address or length");
        if (r->len > GDB_PACKET_MAX)
            return malformed(r, "M: too long");
        got = gdb_hex_decode(p, (size_t)(end - p), r->data, GDB_PACKET_MAX);
        if (got < 0 || (uint64_t)got != r->len)
            return malformed(r, "M: data does not match the length");
        r->data_len = (size_t)got;
        r->kind = GDB_REQ_SET_MEM;
        return 0;
    case 'X':
        if (parse_addr_len(p + 1, end, ':', r, &p))
            return malformed(r, "X: bad address or length");
        if (r->len > GDB_PACKET_MAX)
            return malformed(r, "X: too long");
        got = gdb_wire_unescape(p, (size_t)(end - p), r->data, GDB_PACKET_MAX);
        if (got < 0 || (uint64_t)got != r->len)
            return malformed(r, "X: data does not match the length");
        r->data_len = (size_t)got;
        r->kind = GDB_REQ_SET_MEM;
        return 0;
    case 'c':
        return parse_resume(p + 1, end, r, GDB_REQ_CONT, 0);
    case 'C':
        return parse_resume(p + 1, end, r, GDB_REQ_CONT, 1);
    case 's':
        return parse_resume(p + 1, end, r, GDB_REQ_STEP, 0);
    case 'S':
        return parse_resume(p + 1, end, r, GDB_REQ_STEP, 1);
    case 'b':
        if (is(p, end, "bc"))
            r->kind = GDB_REQ_RCONT;
        else if (is(p, end, "bs"))
            r->kind = GDB_REQ_RSTEP;
        return 0;
    case 'Z':
    case 'z': {
        int set = *p == 'Z';
        if (n < 2 || p[1] < '0' || p[1] > '9')
            return malformed(r, "Z/z: bad type");
        r->type = p[1] - '0';
        if (r->type > GDB_BP_WATCH_ACCESS) {
            r->kind = GDB_REQ_UNSUPPORTED;
            return 0;
        }
        if (n < 3 || p[2] != ',')
            return malformed(r, "Z/z: bad packet");
        p += 3;
        if (gdb_parse_hex_u64(p, end, &r->addr, &p) || p >= end || *p != ',' ||
            gdb_parse_hex_u64(p + 1, end, &r->len, &p))
            return malformed(r, "Z/z: bad address or kind");
        /* ";cond..." / ";cmds..." (target-side conditions) are not
         * offered, so gdb does not send them; ignore if present. */
        if (p != end && *p != ';')
            return malformed(r, "Z/z: bad packet");
        r->kind = set ? GDB_REQ_SET_BREAK : GDB_REQ_REMOVE_BREAK;
        return 0;
    }
    case 'H':
        if (n < 3 || (p[1] != 'g' && p[1] != 'c'))
            return malformed(r, "H: bad operation");
        r->type = p[1];
        if (parse_tid(p + 2, end, r, &p) || p != end)
            return malformed(r, "H: bad thread id");
        r->kind = GDB_REQ_SET_THREAD;
        return 0;
    case 'T':
        if (parse_tid(p + 1, end, r, &p) || p != end)
            return malformed(r, "T: bad thread id");
        r->kind = GDB_REQ_THREAD_ALIVE;
        return 0;
    case 'k':
        r->kind = n == 1 ? GDB_REQ_KILL : GDB_REQ_UNSUPPORTED;
        return 0;
    case 'D':
        r->kind = (n == 1 || p[1] == ';') ? GDB_REQ_DETACH : GDB_REQ_UNSUPPORTED;
        return 0;
    case 'v':
        if (is(p, end, "vCont?"))
            r->kind = GDB_REQ_VCONT_QUERY;
        else if (starts(p, end, "vCont;"))
            parse_vcont(p + 5, end, r);
        else if (starts(p, end, "vKill")) {
            r->kind = GDB_REQ_KILL;
            r->type = 'v'; /* vKill has a reply, k has none */
        }
        return 0;
    case 'q':
        return parse_q(p, end, r);
    case 'Q':
        if (is(p, end, "QStartNoAckMode"))
            r->kind = GDB_REQ_NOACK;
        return 0;
    default:
        return 0;
    }
    return 0;
}

void gdb_packet_parse(const char *payload, size_t n, struct gdb_req *r)
{
    parse(payload, n, r);
}

const char *gdb_req_name(int kind)
{
    static const char *const k_names[GDB_REQ_COUNT] = {
        [GDB_REQ_NONE] = "none",
        [GDB_REQ_UNSUPPORTED] = "unsupported",
        [GDB_REQ_MALFORMED] = "malformed",
        [GDB_REQ_SUPPORTED] = "qSupported",
        [GDB_REQ_NOACK] = "QStartNoAckMode",
        [GDB_REQ_HALT_REASON] = "?",
        [GDB_REQ_GET_REGS] = "g",
        [GDB_REQ_SET_REGS] = "G",
        [GDB_REQ_GET_REG] = "p",
        [GDB_REQ_SET_REG] = "P",
        [GDB_REQ_GET_MEM] = "m",
        [GDB_REQ_SET_MEM] = "M/X",
        [GDB_REQ_CONT] = "continue",
        [GDB_REQ_STEP] = "step",
        [GDB_REQ_RCONT] = "bc",
        [GDB_REQ_RSTEP] = "bs",
        [GDB_REQ_VCONT_QUERY] = "vCont?",
        [GDB_REQ_SET_BREAK] = "Z",
        [GDB_REQ_REMOVE_BREAK] = "z",
        [GDB_REQ_MONITOR] = "qRcmd",
        [GDB_REQ_ATTACHED] = "qAttached",
        [GDB_REQ_CURRENT_THREAD] = "qC",
        [GDB_REQ_THREADS_FIRST] = "qfThreadInfo",
        [GDB_REQ_THREADS_NEXT] = "qsThreadInfo",
        [GDB_REQ_SET_THREAD] = "H",
        [GDB_REQ_THREAD_ALIVE] = "T",
        [GDB_REQ_XFER_READ] = "qXfer:read",
        [GDB_REQ_KILL] = "k",
        [GDB_REQ_DETACH] = "D",
    };
    if (kind < 0 || kind >= GDB_REQ_COUNT || !k_names[kind])
        return "?";
    return k_names[kind];
}

int gdb_sig_from_linux(int s)
{
    /* Linux numbering (asm-generic/signal.h, which e2k uses) to gdb's
     * (gdb/signals.def). */
    switch (s) {
    case 1: return GDB_SIG_HUP;
    case 2: return GDB_SIG_INT;
    case 3: return GDB_SIG_QUIT;
    case 4: return GDB_SIG_ILL;
    case 5: return GDB_SIG_TRAP;
    case 6: return GDB_SIG_ABRT;
    case 7: return GDB_SIG_BUS;
    case 8: return GDB_SIG_FPE;
    case 9: return GDB_SIG_KILL;
    case 10: return GDB_SIG_USR1;
    case 11: return GDB_SIG_SEGV;
    case 12: return GDB_SIG_USR2;
    case 13: return GDB_SIG_PIPE;
    case 14: return GDB_SIG_ALRM;
    case 15: return GDB_SIG_TERM;
    case 31: return GDB_SIG_SYS;
    default: return GDB_SIG_0;
    }
}

void gdb_reply_stop(struct gdb_buf *b, const struct gdb_stop *st)
{
    if (st->kind == GDB_STOP_EXITED) {
        gdb_buf_printf(b, "W%02x", st->status & 0xff);
        return;
    }
    if (st->kind == GDB_STOP_KILLED) {
        gdb_buf_printf(b, "X%02x", st->sig & 0xff);
        return;
    }
    gdb_buf_printf(b, "T%02x", st->sig & 0xff);
    if (st->thread > 0)
        gdb_buf_printf(b, "thread:%lx;", (unsigned long)st->thread);
    switch (st->why) {
    case GDB_WHY_SWBREAK:
        if (st->features & GDB_FEAT_SWBREAK)
            gdb_buf_puts(b, "swbreak:;");
        break;
    case GDB_WHY_HWBREAK:
        if (st->features & GDB_FEAT_HWBREAK)
            gdb_buf_puts(b, "hwbreak:;");
        break;
    case GDB_WHY_WATCH:
        gdb_buf_printf(b, "watch:%llx;", (unsigned long long)st->addr);
        break;
    case GDB_WHY_RWATCH:
        gdb_buf_printf(b, "rwatch:%llx;", (unsigned long long)st->addr);
        break;
    case GDB_WHY_AWATCH:
        gdb_buf_printf(b, "awatch:%llx;", (unsigned long long)st->addr);
        break;
    case GDB_WHY_REPLAY_BEGIN:
        gdb_buf_puts(b, "replaylog:begin;");
        break;
    case GDB_WHY_REPLAY_END:
        gdb_buf_puts(b, "replaylog:end;");
        break;
    default:
        break;
    }
}

void gdb_reply_ok(struct gdb_buf *b)
{
    gdb_buf_puts(b, "OK");
}

void gdb_reply_error(struct gdb_buf *b, unsigned code)
{
    gdb_buf_printf(b, "E%02x", code & 0xff);
}

void gdb_reply_hex(struct gdb_buf *b, const void *data, size_t n)
{
    gdb_buf_hex(b, data, n);
}

void gdb_reply_supported(struct gdb_buf *b, int reverse)
{
    /* e2k-gdb-remote.md §0, §6.1: tags read must be offered so gdb does
     * not show uninitialised tag bits; features:read serves our own
     * description, equivalent to gdb's built-in e2k-linux (§2.4). */
    gdb_buf_printf(b,
                   "PacketSize=%x;QStartNoAckMode+;swbreak+;hwbreak+;"
                   "qXfer:features:read+;qXfer:tags:read+;vContSupported+",
                   GDB_PACKET_MAX);
    if (reverse)
        gdb_buf_puts(b, ";ReverseStep+;ReverseContinue+");
}

void gdb_reply_xfer(struct gdb_buf *b, const void *data, size_t total,
                    uint64_t offset, uint64_t len)
{
    if (offset >= total) {
        gdb_buf_putc(b, 'l');
        return;
    }
    const uint8_t *d = (const uint8_t *)data + offset;
    size_t left = total - (size_t)offset;
    size_t want = len < left ? (size_t)len : left;
    /* Escaping can double a byte: stop before the frame would exceed the
     * packet size gdb was told (PacketSize), minus the `m`/`l`. */
    size_t room = GDB_PACKET_MAX - 1, n = 0, used = 0;
    while (n < want) {
        size_t one = gdb_wire_escaped_len(d + n, 1);
        if (used + one > room)
            break;
        used += one;
        n++;
    }
    gdb_buf_putc(b, n == left ? 'l' : 'm');
    gdb_wire_escape(b, d, n);
}

void gdb_reply_console(struct gdb_buf *b, const char *text, size_t n)
{
    gdb_buf_putc(b, 'O');
    gdb_buf_hex(b, text, n);
}
