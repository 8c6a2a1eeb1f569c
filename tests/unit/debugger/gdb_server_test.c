/*
 * gdb_server_test.c — debugger/gdb_server.c over a socketpair, against the
 * fake engine of fake_rev.h: every packet the stub implements, as gdb
 * would send it, with the replies checked; stops for breakpoints (Z0, Z1
 * and written breakpoint bundles), watchpoints (write/read/access, both
 * directions), the ends of the recording, ^C; monitor commands; malformed
 * and oversized packets; replay (read-only, reverse) vs live sessions.
 * Every read has a timeout, so a stuck server fails the test instead of
 * hanging it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <unistd.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debugger/gdb_server.h"
#include "debugger/gdb_wire.h"
#include "fake_rev.h"

#define TIMEOUT_MS 5000

struct client {
    int fd;
    int noack;
    char in[65536];
    size_t len;
    char pkt[GDB_PACKET_MAX + 1];
};

struct fix {
    struct rev_session *s;
    struct client c;
    int sfd;
    pthread_t th;
    int result;
    FILE *log;
    struct gdb_server_opts o;
    unsigned slow_us;
};

static void *serve(void *arg)
{
    struct fix *f = arg;
    f->result = gdb_server_serve(f->s, f->sfd, &f->o);
    close(f->sfd);
    return NULL;
}

static struct fix *start(int replay)
{
    struct fix *f = calloc(1, sizeof *f);
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    f->s = fake_rev_new(replay);
    f->c.fd = sv[0];
    f->sfd = sv[1];
    f->log = tmpfile();
    f->o.log = f->log;
    f->result = -99;
    assert_int_equal(pthread_create(&f->th, NULL, serve, f), 0);
    return f;
}

static int stop(struct fix *f)
{
    shutdown(f->c.fd, SHUT_RDWR);
    close(f->c.fd);
    pthread_join(f->th, NULL);
    int r = f->result;
    fclose(f->log);
    rev_close(f->s);
    free(f);
    return r;
}

static int fill(struct client *c)
{
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    if (poll(&p, 1, TIMEOUT_MS) <= 0)
        return -1;
    ssize_t n = read(c->fd, c->in + c->len, sizeof c->in - c->len);
    if (n <= 0)
        return -1;
    c->len += (size_t)n;
    return 0;
}

static void consume(struct client *c, size_t n)
{
    memmove(c->in, c->in + n, c->len - n);
    c->len -= n;
}

static void raw_send(struct client *c, const void *p, size_t n)
{
    assert_int_equal(write(c->fd, p, n), (ssize_t)n);
}

/* Next ack character ('+' or '-'), skipping nothing else. */
static char recv_ack(struct client *c)
{
    while (c->len == 0)
        assert_int_equal(fill(c), 0);
    char ch = c->in[0];
    consume(c, 1);
    return ch;
}

static void send_pkt_n(struct client *c, const char *p, size_t n)
{
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_wire_frame(&b, p, n);
    raw_send(c, b.p, b.len);
    gdb_buf_fini(&b);
    if (!c->noack)
        assert_int_equal(recv_ack(c), '+');
}

static void send_pkt(struct client *c, const char *p)
{
    send_pkt_n(c, p, strlen(p));
}

/* Next packet's payload (checksum checked, acked). */
static const char *recv_pkt(struct client *c)
{
    for (;;) {
        char *d = memchr(c->in, '$', c->len);
        if (d) {
            char *h = memchr(d, '#', c->len - (size_t)(d - c->in));
            if (h && (size_t)(h - c->in) + 3 <= c->len) {
                size_t n = (size_t)(h - d - 1);
                assert_true(n <= GDB_PACKET_MAX);
                memcpy(c->pkt, d + 1, n);
                c->pkt[n] = 0;
                unsigned cs = 0;
                sscanf(h + 1, "%2x", &cs);
                assert_int_equal(cs, gdb_wire_checksum(c->pkt, n));
                consume(c, (size_t)(h - c->in) + 3);
                if (!c->noack)
                    raw_send(c, "+", 1);
                return c->pkt;
            }
        }
        assert_int_equal(fill(c), 0);
    }
}

static const char *req(struct client *c, const char *p)
{
    send_pkt(c, p);
    return recv_pkt(c);
}

/* A monitor command: collect the O packets' text, expect OK at the end. */
static void monitor(struct client *c, const char *cmd, char *out, size_t size)
{
    char hex[512] = "qRcmd,";
    for (size_t i = 0; cmd[i]; i++)
        snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x", (unsigned char)cmd[i]);
    send_pkt(c, hex);
    size_t o = 0;
    out[0] = 0;
    for (;;) {
        const char *r = recv_pkt(c);
        if (r[0] != 'O' || strcmp(r, "OK") == 0) {
            assert_string_equal(r, "OK");
            return;
        }
        for (const char *p = r + 1; p[0] && p[1] && o + 1 < size; p += 2) {
            unsigned v;
            sscanf(p, "%2x", &v);
            out[o++] = (char)v;
        }
        out[o] = 0;
    }
}

static uint64_t reg53(struct client *c)
{
    const char *r = req(c, "p35");
    assert_int_equal(strlen(r), 16);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        unsigned b;
        sscanf(r + 2 * i, "%2x", &b);
        v = v << 8 | b;
    }
    return v;
}

static void handshake(struct client *c)
{
    const char *r = req(c, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    assert_non_null(strstr(r, "PacketSize=4000"));
    assert_string_equal(req(c, "QStartNoAckMode"), "OK");
    c->noack = 1;
}

#define BP(t) (FAKE_CODE + 8 * (t))

static void test_handshake_and_queries(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    const char *r = req(c, "qSupported:multiprocess+;swbreak+;hwbreak+");
    assert_non_null(strstr(r, "ReverseStep+"));
    assert_non_null(strstr(r, "ReverseContinue+"));
    assert_non_null(strstr(r, "qXfer:features:read+"));
    assert_non_null(strstr(r, "qXfer:tags:read+"));
    assert_non_null(strstr(r, "swbreak+;hwbreak+"));
    assert_string_equal(req(c, "vMustReplyEmpty"), "");
    assert_string_equal(req(c, "QStartNoAckMode"), "OK");
    c->noack = 1;
    /* the `+` gdb sends for that OK must not confuse the stub */
    raw_send(c, "+", 1);
    assert_string_equal(req(c, "?"), "T05thread:1;");
    assert_string_equal(req(c, "qAttached"), "1");
    assert_string_equal(req(c, "qC"), "QC1");
    assert_string_equal(req(c, "qfThreadInfo"), "m1");
    assert_string_equal(req(c, "qsThreadInfo"), "l");
    assert_string_equal(req(c, "Hg0"), "OK");
    assert_string_equal(req(c, "Hc-1"), "OK");
    assert_string_equal(req(c, "Hgp1.1"), "OK");
    assert_string_equal(req(c, "Hg2"), "E01");
    assert_string_equal(req(c, "T1"), "OK");
    assert_string_equal(req(c, "T2"), "E01");
    assert_string_equal(req(c, "vCont?"), "vCont;c;C;s;S");
    assert_string_equal(req(c, "qTStatus"), "");
    assert_string_equal(req(c, "D"), "OK");
    assert_int_equal(stop(f), GDB_SERVE_DETACHED);
}

static void test_registers(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    const char *g = req(c, "g");
    assert_int_equal(strlen(g), 2 * 4588);
    /* PC in register 53 at byte 424 */
    char pc[17];
    memcpy(pc, g + 2 * 424, 16);
    pc[16] = 0;
    assert_string_equal(pc, "0000010000000000");
    assert_true(reg53(c) == FAKE_CODE);
    assert_string_equal(req(c, "p386"), "E01");     /* 902: gdb-internal */
    assert_string_equal(req(c, "p24a"), "E01");     /* 586: not in the core layout */
    assert_string_equal(req(c, "p2a6"), "xxxxxxxxxxxxxxxx"); /* 670 (_r0): description only */
    assert_string_equal(req(c, "p4000"), "E01");
    /* a replay refuses writes */
    assert_string_equal(req(c, "P35=0800010000000000"), "E01");
    char G[2 * 4588 + 2] = "G";
    memcpy(G + 1, g, 2 * 4588 + 1);
    assert_string_equal(req(c, G), "E01");
    send_pkt(c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_memory_and_tags(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    char p[64];
    snprintf(p, sizeof p, "m%llx,8", (unsigned long long)FAKE_DATA);
    assert_string_equal(req(c, p), "0000000000000000");
    assert_string_equal(req(c, "m90000,8"), "E01");
    snprintf(p, sizeof p, "m%llx,10", (unsigned long long)FAKE_DATA + 0xff8);
    assert_int_equal(strlen(req(c, p)), 16); /* partial: to the end of the page */
    snprintf(p, sizeof p, "M%llx,2:abcd", (unsigned long long)FAKE_DATA);
    assert_string_equal(req(c, p), "E01");
    snprintf(p, sizeof p, "X%llx,0:", (unsigned long long)FAKE_DATA);
    assert_string_equal(req(c, p), "OK");
    /* tags: one byte per word, 'l' + binary */
    snprintf(p, sizeof p, "qXfer:tags:read::%llx,2", (unsigned long long)FAKE_DATA);
    const char *r = req(c, p);
    assert_int_equal(r[0], 'l');
    assert_int_equal(r[1], 0);
    assert_string_equal(req(c, "qXfer:tags:read::20001,1"), "E01");
    assert_string_equal(req(c, "qXfer:auxv:read::0,100"), "");
    send_pkt(c, "vKill;1");
    assert_string_equal(recv_pkt(c), "OK");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_target_xml_in_chunks(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    size_t cap = 1 << 20, len = 0;
    char *xml = malloc(cap);
    for (int rounds = 0; rounds < 1000; rounds++) {
        char p[80];
        snprintf(p, sizeof p, "qXfer:features:read:target.xml:%zx,7ff", len);
        const char *r = req(c, p);
        assert_true(r[0] == 'm' || r[0] == 'l');
        long n = gdb_wire_unescape(r + 1, strlen(r + 1), (uint8_t *)xml + len, cap - len);
        assert_true(n >= 0 && n <= 0x7ff);
        len += (size_t)n;
        if (r[0] == 'l')
            break;
    }
    xml[len] = 0;
    assert_non_null(strstr(xml, "</target>"));
    assert_non_null(strstr(xml, "org.mcst.gdb.e2k.linux"));
    assert_string_equal(req(c, "qXfer:features:read:other.xml:0,10"), "E00");
    free(xml);
    send_pkt(c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_breakpoints_steps_and_reverse(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    char p[64];
    snprintf(p, sizeof p, "Z0,%llx,8", (unsigned long long)BP(25));
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, "c"), "T05thread:1;swbreak:;");
    assert_true(reg53(c) == BP(25));
    assert_string_equal(req(c, "s"), "T05thread:1;");
    assert_true(reg53(c) == BP(26));
    assert_string_equal(req(c, "vCont;s:1"), "T05thread:1;");
    assert_true(reg53(c) == BP(27));
    assert_string_equal(req(c, "bs"), "T05thread:1;");
    assert_string_equal(req(c, "bs"), "T05thread:1;swbreak:;");
    assert_true(reg53(c) == BP(25));
    /* reverse-continue to a write watchpoint: the bundle at 19 wrote
     * FAKE_DATA; gdb is shown the state before it, pc = that bundle */
    snprintf(p, sizeof p, "Z2,%llx,8", (unsigned long long)FAKE_DATA);
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, "bc"), "T05thread:1;watch:20000;");
    assert_true(reg53(c) == BP(19));
    assert_string_equal(req(c, p), "OK"); /* the same twice: counted */
    p[0] = 'z';
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, p), "E01"); /* no more */
    snprintf(p, sizeof p, "z0,%llx,8", (unsigned long long)BP(25));
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, "bc"), "T05thread:1;replaylog:begin;");
    assert_true(reg53(c) == BP(0));
    assert_string_equal(req(c, "bs"), "T05thread:1;replaylog:begin;");
    /* read and access watchpoints going forward */
    snprintf(p, sizeof p, "Z3,%llx,4", (unsigned long long)FAKE_DATA + 4);
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, "c"), "T05thread:1;rwatch:20000;");
    assert_true(reg53(c) == BP(6));
    p[0] = 'z';
    assert_string_equal(req(c, p), "OK");
    snprintf(p, sizeof p, "Z4,%llx,8", (unsigned long long)FAKE_DATA);
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, "vCont;c"), "T05thread:1;awatch:20000;");
    assert_true(reg53(c) == BP(10));
    p[0] = 'z';
    assert_string_equal(req(c, p), "OK");
    /* hardware breakpoint kind */
    snprintf(p, sizeof p, "Z1,%llx,8", (unsigned long long)BP(40));
    assert_string_equal(req(c, p), "OK");
    assert_string_equal(req(c, "c"), "T05thread:1;hwbreak:;");
    p[0] = 'z';
    assert_string_equal(req(c, p), "OK");
    /* to the end: a replay reports the exit as the end of the log */
    assert_string_equal(req(c, "c"), "T05thread:1;replaylog:end;");
    assert_string_equal(req(c, "?"), "T05thread:1;replaylog:end;");
    assert_string_equal(req(c, "bs"), "T05thread:1;");
    /* resuming at another address is refused in a replay */
    assert_string_equal(req(c, "c10000"), "E01");
    send_pkt(c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_breakpoint_by_memory_write(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    char p[96], orig[17];
    snprintf(p, sizeof p, "m%llx,8", (unsigned long long)BP(30));
    snprintf(orig, sizeof orig, "%s", req(c, p));
    /* both bundles of e2k-gdb-remote.md §5 act as breakpoints */
    snprintf(p, sizeof p, "M%llx,8:0180000000000028", (unsigned long long)BP(30));
    assert_string_equal(req(c, p), "OK");
    snprintf(p, sizeof p, "M%llx,8:0100000480c0c00d", (unsigned long long)BP(35));
    assert_string_equal(req(c, p), "OK");
    snprintf(p, sizeof p, "m%llx,8", (unsigned long long)BP(30));
    assert_string_equal(req(c, p), "0180000000000028"); /* gdb sees what it wrote */
    assert_string_equal(req(c, "c"), "T05thread:1;swbreak:;");
    assert_true(reg53(c) == BP(30));
    assert_string_equal(req(c, "c"), "T05thread:1;swbreak:;");
    assert_true(reg53(c) == BP(35));
    /* writing the original bytes back removes it */
    snprintf(p, sizeof p, "M%llx,8:%s", (unsigned long long)BP(30), orig);
    assert_string_equal(req(c, p), "OK");
    snprintf(p, sizeof p, "m%llx,8", (unsigned long long)BP(30));
    assert_string_equal(req(c, p), orig);
    assert_string_equal(req(c, "bc"), "T05thread:1;replaylog:begin;");
    assert_string_equal(req(c, "D"), "OK");
    assert_int_equal(stop(f), GDB_SERVE_DETACHED);
}

static void test_monitor_commands(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    char out[4096];
    monitor(c, "when", out, sizeof out);
    assert_non_null(strstr(out, "icount 0 of 100"));
    monitor(c, "goto 50", out, sizeof out);
    assert_non_null(strstr(out, "icount 50"));
    assert_true(reg53(c) == BP(50));
    monitor(c, "checkpoint", out, sizeof out);
    assert_non_null(strstr(out, "checkpoint 1 at icount 50"));
    monitor(c, "checkpoints", out, sizeof out);
    assert_non_null(strstr(out, "1 checkpoint"));
    monitor(c, "info events", out, sizeof out);
    assert_non_null(strstr(out, "=> icount 50"));
    assert_non_null(strstr(out, "HOST_RESULT"));
    monitor(c, "events next HOST_RESULT", out, sizeof out);
    assert_non_null(strstr(out, "icount 99"));
    monitor(c, "events next OUTPUT", out, sizeof out);
    assert_non_null(strstr(out, "error: events: no OUTPUT event after icount 50"));
    monitor(c, "events prev HOST_RESULT", out, sizeof out);
    assert_non_null(strstr(out, "icount 15"));
    monitor(c, "balloon", out, sizeof out);
    assert_non_null(strstr(out, "no balloon"));
    monitor(c, "info balloon", out, sizeof out);
    assert_non_null(strstr(out, "no balloon"));
    monitor(c, "stepi", out, sizeof out);
    assert_non_null(strstr(out, "not a monitor command"));
    monitor(c, "help", out, sizeof out);
    assert_non_null(strstr(out, "goto"));
    assert_null(strstr(out, "rstepi"));
    monitor(c, "nonsense", out, sizeof out);
    assert_non_null(strstr(out, "unknown command"));
    /* a long output comes in several O packets */
    monitor(c, "help events", out, sizeof out);
    assert_non_null(strstr(out, "events [near|next|prev] [KIND]"));
    send_pkt(c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_bad_packets_get_errors_and_the_session_goes_on(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    /* in ack mode: a bad checksum is nakked, the resend works */
    raw_send(c, "$g#00", 5);
    assert_int_equal(recv_ack(c), '-');
    handshake(c);
    assert_string_equal(req(c, "m1234"), "E01");
    assert_string_equal(req(c, "Z0,zz,8"), "E01");
    assert_string_equal(req(c, "qRcmd,xyz"), "E01");
    assert_string_equal(req(c, "qFooBar"), "");
    /* oversized: error reply, then business as usual */
    size_t big = GDB_PACKET_MAX + 100;
    char *b = malloc(big);
    memset(b, '0', big);
    b[0] = 'G';
    send_pkt_n(c, b, big);
    assert_string_equal(recv_pkt(c), "E01");
    free(b);
    /* garbage between packets, a stray ^C while stopped */
    raw_send(c, "garbage\x03", 8);
    assert_string_equal(req(c, "?"), "T05thread:1;");
    /* bytes of a packet arriving one at a time */
    const char *one = "$qC#b4";
    for (const char *q = one; *q; q++)
        raw_send(c, q, 1);
    assert_string_equal(recv_pkt(c), "QC1");
    send_pkt(c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_interrupt_stops_a_continue(void **state)
{
    (void)state;
    struct fix *f = start(1);
    struct client *c = &f->c;
    handshake(c);
    /* the fake engine takes 20 ms per bundle: 2 s to the end */
    f->s->slow_us = 20000;
    send_pkt(c, "c");
    usleep(100 * 1000);
    raw_send(c, "\x03", 1);
    assert_string_equal(recv_pkt(c), "T02thread:1;");
    assert_true(f->s->calls_interrupt >= 1);
    assert_true(f->s->t > 0 && f->s->t < FAKE_END);
    assert_string_equal(req(c, "?"), "T02thread:1;");
    f->s->slow_us = 0;
    /* the connection dropping during a continue interrupts it too */
    f->s->slow_us = 20000;
    send_pkt(c, "c");
    usleep(50 * 1000);
    assert_int_equal(stop(f), GDB_SERVE_CLOSED);
}

static void test_kill_after_handshake(void **state)
{
    (void)state;
    struct fix *f = start(1);
    handshake(&f->c);
    send_pkt(&f->c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

static void test_connection_loss_ends_the_session(void **state)
{
    (void)state;
    struct fix *f = start(1);
    handshake(&f->c);
    assert_int_equal(stop(f), GDB_SERVE_CLOSED);
}

static void test_live_session(void **state)
{
    (void)state;
    struct fix *f = start(0);
    struct client *c = &f->c;
    const char *r = req(c, "qSupported:swbreak+");
    assert_null(strstr(r, "Reverse"));
    assert_string_equal(req(c, "QStartNoAckMode"), "OK");
    c->noack = 1;
    assert_string_equal(req(c, "bs"), "E01");
    assert_string_equal(req(c, "bc"), "E01");
    char p[96];
    snprintf(p, sizeof p, "M%llx,2:abcd", (unsigned long long)FAKE_DATA + 0x100);
    assert_string_equal(req(c, p), "OK");
    snprintf(p, sizeof p, "m%llx,2", (unsigned long long)FAKE_DATA + 0x100);
    assert_string_equal(req(c, p), "abcd");
    snprintf(p, sizeof p, "X%llx,2:}\x03}\x04", (unsigned long long)FAKE_DATA + 0x100);
    assert_string_equal(req(c, p), "OK");
    snprintf(p, sizeof p, "m%llx,2", (unsigned long long)FAKE_DATA + 0x100);
    assert_string_equal(req(c, p), "2324");
    /* registers: %g1 and the PC */
    assert_string_equal(req(c, "P4=2a00000000000000"), "OK");
    assert_true(f->s->m.cpu.rf[CPU_RF_G0 + 1].lo == 0x2a);
    assert_string_equal(req(c, "P23=0100000000000000"), "E01"); /* psr */
    assert_string_equal(req(c, "P35=4000010000000000"), "OK");
    assert_true(f->s->m.cpu.ip == 0x10040);
    const char *g = req(c, "g");
    char G[2 * 4588 + 2] = "G";
    memcpy(G + 1, g, 2 * 4588 + 1);
    memcpy(G + 1 + 2 * 24, "0500000000000000", 16); /* %g0 */
    assert_string_equal(req(c, G), "OK");
    assert_true(f->s->m.cpu.rf[CPU_RF_G0].lo == 5);
    assert_string_equal(req(c, "c"), "W07");
    assert_string_equal(req(c, "?"), "W07");
    assert_string_equal(req(c, "c"), "E01");
    send_pkt(c, "k");
    assert_int_equal(stop(f), GDB_SERVE_KILLED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handshake_and_queries),
        cmocka_unit_test(test_registers),
        cmocka_unit_test(test_memory_and_tags),
        cmocka_unit_test(test_target_xml_in_chunks),
        cmocka_unit_test(test_breakpoints_steps_and_reverse),
        cmocka_unit_test(test_breakpoint_by_memory_write),
        cmocka_unit_test(test_monitor_commands),
        cmocka_unit_test(test_bad_packets_get_errors_and_the_session_goes_on),
        cmocka_unit_test(test_interrupt_stops_a_continue),
        cmocka_unit_test(test_kill_after_handshake),
        cmocka_unit_test(test_connection_loss_ends_the_session),
        cmocka_unit_test(test_live_session),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
