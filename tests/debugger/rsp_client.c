/*
 * rsp_client.c — a scripted gdb remote-protocol client for the end-to-end
 * debugger tests: records tests/guest/debugger/dbg.s, starts
 * `e2k-rr replay --gdb 127.0.0.1:0 JOURNAL` (the port is read from its
 * "listening on" line), and drives every packet the stub offers against
 * the real reverse-execution engine: handshake and queries, target.xml,
 * g/p, m/M/X, tags, Z0-Z4/z0-z4, c/s/vCont, bc/bs including a reverse step
 * across a system call and a reverse-continue to a watchpoint, monitor
 * commands, malformed and oversized packets, D. Then the same for a live
 * program with `e2k-rr run --gdb` (forward only, writes allowed, W at the
 * exit).
 *
 * usage: rsp_client E2K_RR DBG_ELF
 * Exit: 0 pass, 1 fail (the failing check is printed), 77 skip (the
 * engine is not in this build). Every wait is bounded: socket timeouts,
 * poll timeouts, and alarm() for the whole run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IO_TIMEOUT_MS 30000
#define PKT_MAX 20000

static const char *g_rr, *g_elf;
static char g_dir[] = "/tmp/e2k-rsp-XXXXXX";
static pid_t g_server = -1;

static void cleanup(void)
{
    if (g_server > 0) {
        kill(g_server, SIGKILL);
        waitpid(g_server, NULL, 0);
        g_server = -1;
    }
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    if (system(cmd)) {
    }
}

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    cleanup();
    exit(1);
}

#define CHECK(cond, ...)       \
    do {                       \
        if (!(cond))           \
            fail(__VA_ARGS__); \
    } while (0)

/* --- symbols of the guest (ELF64 .symtab) --- */

struct sym {
    char name[32];
    uint64_t value;
};
static struct sym g_syms[64];
static int g_nsyms;

static uint64_t sym(const char *name)
{
    for (int i = 0; i < g_nsyms; i++)
        if (strcmp(g_syms[i].name, name) == 0)
            return g_syms[i].value;
    fail("symbol %s not in %s", name, g_elf);
    return 0;
}

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void load_symbols(void)
{
    FILE *f = fopen(g_elf, "rb");
    CHECK(f, "cannot open %s", g_elf);
    static uint8_t img[1 << 20];
    size_t n = fread(img, 1, sizeof img, f);
    fclose(f);
    CHECK(n > 64 && memcmp(img, "\x7f" "ELF", 4) == 0, "%s is not an ELF file", g_elf);
    uint64_t shoff = rd(img + 0x28, 8);
    unsigned shentsize = (unsigned)rd(img + 0x3a, 2), shnum = (unsigned)rd(img + 0x3c, 2);
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = img + shoff + (uint64_t)i * shentsize;
        CHECK(shoff + (uint64_t)(i + 1) * shentsize <= n, "bad section table");
        if (rd(sh + 4, 4) != 2) /* SHT_SYMTAB */
            continue;
        uint64_t off = rd(sh + 0x18, 8), size = rd(sh + 0x20, 8);
        unsigned link = (unsigned)rd(sh + 0x28, 4);
        const uint8_t *strsh = img + shoff + (uint64_t)link * shentsize;
        uint64_t stroff = rd(strsh + 0x18, 8);
        for (uint64_t k = 0; k + 24 <= size && g_nsyms < 64; k += 24) {
            const uint8_t *s = img + off + k;
            const char *nm = (const char *)img + stroff + rd(s, 4);
            if (!*nm)
                continue;
            snprintf(g_syms[g_nsyms].name, sizeof g_syms[0].name, "%s", nm);
            g_syms[g_nsyms++].value = rd(s + 8, 8);
        }
    }
    CHECK(g_nsyms > 5, "no symbols in %s", g_elf);
}

/* --- processes --- */

static int run_wait(char *const argv[], const char *out_path)
{
    pid_t p = fork();
    if (p == 0) {
        int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    CHECK(waitpid(p, &st, 0) == p, "waitpid");
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Start `e2k-rr ARGS` with stderr on a pipe; return the port it listens
 * on (or skip/fail). */
static int start_server(char *const argv[])
{
    int pfd[2];
    CHECK(pipe(pfd) == 0, "pipe");
    g_server = fork();
    if (g_server == 0) {
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(nul, 1);
        dup2(pfd[1], 2);
        close(pfd[0]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(pfd[1]);
    char buf[4096];
    size_t len = 0;
    for (;;) {
        struct pollfd p = {.fd = pfd[0], .events = POLLIN};
        CHECK(poll(&p, 1, IO_TIMEOUT_MS) > 0, "no 'listening' line from e2k-rr");
        ssize_t n = read(pfd[0], buf + len, sizeof buf - 1 - len);
        CHECK(n > 0, "e2k-rr exited before listening: %.*s", (int)len, buf);
        len += (size_t)n;
        buf[len] = 0;
        if (strstr(buf, "not in this build")) {
            printf("SKIP: the reverse-execution engine (replay/rev.c) is not built\n");
            cleanup();
            exit(77);
        }
        char *l = strstr(buf, "listening on 127.0.0.1:");
        if (l && strchr(l, '\n')) {
            int port = atoi(l + strlen("listening on 127.0.0.1:"));
            /* keep draining stderr in the background would need a thread;
             * the server writes little, so the pipe buffer suffices */
            return port;
        }
    }
}

static int finish_server(void)
{
    int st = 0;
    for (int i = 0; i < 300; i++) {
        pid_t r = waitpid(g_server, &st, WNOHANG);
        if (r == g_server) {
            g_server = -1;
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        }
        usleep(100 * 1000);
    }
    fail("e2k-rr did not exit after the debugger left");
    return -1;
}

/* --- the protocol --- */

static int g_fd = -1, g_noack;
static char g_in[1 << 16];
static size_t g_inlen;
static char g_pkt[PKT_MAX + 1];

static void connect_to(int port)
{
    g_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int ok = -1;
    for (int i = 0; i < 100 && ok; i++) {
        ok = connect(g_fd, (struct sockaddr *)&a, sizeof a);
        if (ok)
            usleep(50 * 1000);
    }
    CHECK(ok == 0, "cannot connect to 127.0.0.1:%d: %s", port, strerror(errno));
    g_noack = 0;
    g_inlen = 0;
}

static void fill(void)
{
    struct pollfd p = {.fd = g_fd, .events = POLLIN};
    CHECK(poll(&p, 1, IO_TIMEOUT_MS) > 0, "timeout waiting for the stub");
    ssize_t n = read(g_fd, g_in + g_inlen, sizeof g_in - g_inlen);
    CHECK(n > 0, "connection closed by the stub");
    g_inlen += (size_t)n;
}

static void eat(size_t n)
{
    memmove(g_in, g_in + n, g_inlen - n);
    g_inlen -= n;
}

static void raw(const void *p, size_t n)
{
    CHECK(write(g_fd, p, n) == (ssize_t)n, "write to the stub failed");
}

static void send_n(const char *p, size_t n)
{
    static char f[PKT_MAX + 8];
    unsigned cs = 0;
    CHECK(n + 4 < sizeof f, "packet too big for the client");
    f[0] = '$';
    memcpy(f + 1, p, n);
    for (size_t i = 0; i < n; i++)
        cs = (cs + (unsigned char)p[i]) & 0xff;
    snprintf(f + 1 + n, 4, "#%02x", cs);
    raw(f, n + 4);
    if (!g_noack) {
        while (g_inlen == 0)
            fill();
        CHECK(g_in[0] == '+', "no ack for %.40s (got '%c')", p, g_in[0]);
        eat(1);
    }
}

static const char *recv_p(void)
{
    for (;;) {
        char *d = memchr(g_in, '$', g_inlen);
        char *h = d ? memchr(d, '#', g_inlen - (size_t)(d - g_in)) : NULL;
        if (h && (size_t)(h - g_in) + 3 <= g_inlen) {
            size_t n = (size_t)(h - d - 1);
            CHECK(n <= PKT_MAX, "reply too long");
            memcpy(g_pkt, d + 1, n);
            g_pkt[n] = 0;
            unsigned cs = 0, want = 0;
            for (size_t i = 0; i < n; i++)
                cs = (cs + (unsigned char)g_pkt[i]) & 0xff;
            sscanf(h + 1, "%2x", &want);
            CHECK(cs == want, "bad checksum from the stub");
            eat((size_t)(h - g_in) + 3);
            if (!g_noack)
                raw("+", 1);
            return g_pkt;
        }
        fill();
    }
}

static const char *q(const char *p)
{
    send_n(p, strlen(p));
    return recv_p();
}

static const char *qf(const char *fmt, ...)
{
    char p[PKT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p, sizeof p, fmt, ap);
    va_end(ap);
    return q(p);
}

#define EXPECT(reply, want)                                                    \
    do {                                                                       \
        const char *r_ = (reply);                                              \
        CHECK(strcmp(r_, (want)) == 0, "line %d: reply '%.80s', want '%s'",   \
              __LINE__, r_, (want));                                           \
    } while (0)

static uint64_t hex_le(const char *h, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
        unsigned b;
        CHECK(sscanf(h + 2 * i, "%2x", &b) == 1, "bad hex '%.20s'", h);
        v = v << 8 | b;
    }
    return v;
}

static uint64_t reg(unsigned n)
{
    const char *r = qf("p%x", n);
    CHECK(strlen(r) == 16, "p%x: '%s'", n, r);
    return hex_le(r, 8);
}

static uint64_t mem64(uint64_t a)
{
    const char *r = qf("m%llx,8", (unsigned long long)a);
    CHECK(strlen(r) == 16, "m%llx: '%s'", (unsigned long long)a, r);
    return hex_le(r, 8);
}

/* The current window's %rN through the trap-frame view, as MCST gdb reads
 * it (e2k-gdb-remote.md §4.2, pre-v5 layout). */
static uint64_t window_reg(unsigned n)
{
    uint64_t psp_lo = reg(49), psp_hi = reg(50), cr1_lo = reg(54);
    uint64_t wbs = (cr1_lo >> 33) & 0x7f;
    CHECK(n < 2 * wbs, "%%r%u is outside the window (wbs %llu)", n, (unsigned long long)wbs);
    uint64_t vpsp = (psp_lo & 0xffffffffffffull) + (psp_hi & 0xffffffff) - 32 * wbs;
    return mem64(vpsp + 32 * (n >> 1) + 8 * (n & 1));
}

static void monitor(const char *cmd, char *out, size_t size)
{
    char p[512] = "qRcmd,";
    for (size_t i = 0; cmd[i]; i++)
        snprintf(p + strlen(p), sizeof p - strlen(p), "%02x", (unsigned char)cmd[i]);
    send_n(p, strlen(p));
    size_t o = 0;
    out[0] = 0;
    for (;;) {
        const char *r = recv_p();
        if (strcmp(r, "OK") == 0)
            return;
        CHECK(r[0] == 'O', "monitor %s: reply '%s'", cmd, r);
        for (const char *h = r + 1; h[0] && h[1] && o + 1 < size; h += 2) {
            unsigned v;
            sscanf(h, "%2x", &v);
            out[o++] = (char)v;
        }
        out[o] = 0;
    }
}

static uint64_t when(void)
{
    char out[256];
    monitor("when", out, sizeof out);
    CHECK(strncmp(out, "icount ", 7) == 0, "monitor when: '%s'", out);
    return strtoull(out + 7, NULL, 10);
}

static char g_stop_sw[64];

/* --- the replay session --- */

static void replay_session(const char *journal)
{
    char *argv[] = {(char *)g_rr, "replay", "--quiet", "--gdb", "127.0.0.1:0",
                    (char *)journal, NULL};
    int port = start_server(argv);
    connect_to(port);
    uint64_t start = sym("_start"), sys_call = sym("sys_call"), after = sym("after_call");
    uint64_t store = sym("store"), before = sym("before_call"), counter = sym("counter");
    uint64_t loop = sym("loop");

    /* handshake, in acknowledgement mode first */
    const char *r = q("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;"
                      "vContSupported+;xmlRegisters=i386");
    const char *need[] = {"PacketSize=", "QStartNoAckMode+", "swbreak+", "hwbreak+",
                          "ReverseStep+", "ReverseContinue+", "qXfer:features:read+",
                          "qXfer:tags:read+"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        CHECK(strstr(r, need[i]), "qSupported reply lacks %s: %s", need[i], r);
    EXPECT(q("vMustReplyEmpty"), "");
    EXPECT(q("?"), "T05thread:1;");
    EXPECT(q("qAttached"), "1");
    EXPECT(q("qC"), "QC1");
    EXPECT(q("qfThreadInfo"), "m1");
    EXPECT(q("qsThreadInfo"), "l");
    EXPECT(q("Hg0"), "OK");
    EXPECT(q("Hc-1"), "OK");
    EXPECT(q("T1"), "OK");
    EXPECT(q("vCont?"), "vCont;c;C;s;S");
    EXPECT(q("QStartNoAckMode"), "OK");
    g_noack = 1;

    /* target.xml in chunks */
    static char xml[1 << 20];
    size_t xl = 0;
    for (int i = 0; i < 1000; i++) {
        r = qf("qXfer:features:read:target.xml:%zx,800", xl);
        CHECK(r[0] == 'm' || r[0] == 'l', "qXfer features: '%.40s'", r);
        for (const char *p = r + 1; *p && xl + 1 < sizeof xml; p++)
            xml[xl++] = *p == '}' ? (char)(*++p ^ 0x20) : *p;
        if (r[0] == 'l')
            break;
    }
    xml[xl] = 0;
    int nregs = 0;
    for (const char *p = xml; (p = strstr(p, "<reg ")); p++)
        nregs++;
    CHECK(nregs == 840, "target.xml has %d registers, want 840", nregs);
    CHECK(strstr(xml, "org.mcst.gdb.e2k.linux"), "target.xml lacks the core feature");

    /* registers: 4588-byte g, PC in 53 */
    r = q("g");
    CHECK(strlen(r) == 2 * 4588, "g reply has %zu hex digits, want 9176", strlen(r));
    CHECK(hex_le(r + 2 * 424, 8) == start, "g: PC at byte 424 is not _start");
    CHECK(reg(53) == start, "p35 is not _start");
    static char G[2 * 4588 + 2];
    G[0] = 'G';
    memcpy(G + 1, r, 2 * 4588 + 1);
    EXPECT(q(G), "E01"); /* replay: read-only */
    EXPECT(q("p386"), "E01");
    EXPECT(qf("P35=%016llx", 0ull), "E01");

    /* memory, tags, refused writes, the X probe */
    CHECK(mem64(counter) == 0, "counter not 0 at the start");
    r = qf("qXfer:tags:read::%llx,2", (unsigned long long)counter);
    CHECK(r[0] == 'l' && strlen(r) == 1, "tags reply"); /* 'l' + two NUL bytes */
    EXPECT(qf("M%llx,8:0100000000000000", (unsigned long long)counter), "E01");
    EXPECT(qf("X%llx,0:", (unsigned long long)counter), "OK");
    EXPECT(q("m0,8"), "E01");

    /* breakpoint on the system call; step across it; reverse-step back */
    EXPECT(qf("Z0,%llx,8", (unsigned long long)sys_call), "OK");
    EXPECT(q("c"), g_stop_sw);
    CHECK(reg(53) == sys_call, "c did not stop at sys_call");
    uint64_t ic = when();
    CHECK(window_reg(16) == 0x14, "%%r16 before the call is not __NR_getpid");
    EXPECT(q("s"), "T05thread:1;");
    CHECK(reg(53) == after, "s over the call bundle did not reach after_call");
    CHECK(when() == ic + 1, "s moved more than one bundle");
    uint64_t pid = window_reg(16);
    CHECK(pid != 0x14 && pid != 0, "getpid's result not in %%r16 after the call");
    r = q("bs"); /* a step that lands on a breakpoint may say so or not */
    CHECK(strcmp(r, "T05thread:1;") == 0 || strcmp(r, g_stop_sw) == 0, "bs: '%s'", r);
    CHECK(reg(53) == sys_call, "bs across the system call did not go back to sys_call");
    CHECK(when() == ic, "bs did not go back exactly one bundle");
    CHECK(window_reg(16) == 0x14, "%%r16 after bs is not the value before the call");
    EXPECT(q("s"), "T05thread:1;");
    CHECK(window_reg(16) == pid, "replayed getpid result differs");
    EXPECT(qf("z0,%llx,8", (unsigned long long)sys_call), "OK");

    /* watchpoints: forward, then reverse-continue to the previous write */
    EXPECT(qf("Z2,%llx,8", (unsigned long long)counter), "OK");
    char want[64];
    snprintf(want, sizeof want, "T05thread:1;watch:%llx;", (unsigned long long)counter);
    EXPECT(q("c"), want);
    CHECK(reg(53) == before, "a watch stop is after the store");
    CHECK(mem64(counter) == 2, "counter after the second store");
    EXPECT(q("c"), want);
    CHECK(mem64(counter) == 3, "counter after the third store");
    EXPECT(q("bc"), want);
    CHECK(reg(53) == store, "bc to a watchpoint: pc is not the storing bundle");
    CHECK(mem64(counter) == 2, "bc to a watchpoint: not the state before the store");
    EXPECT(q("bc"), want);
    CHECK(mem64(counter) == 1, "second bc: counter");
    EXPECT(qf("z2,%llx,8", (unsigned long long)counter), "OK");
    EXPECT(qf("Z3,%llx,8", (unsigned long long)counter), "OK");
    EXPECT(qf("z3,%llx,8", (unsigned long long)counter), "OK");
    EXPECT(qf("Z4,%llx,8", (unsigned long long)counter), "OK");
    EXPECT(qf("z4,%llx,8", (unsigned long long)counter), "OK");

    /* a hardware breakpoint, vCont */
    EXPECT(qf("Z1,%llx,8", (unsigned long long)loop), "OK");
    EXPECT(q("vCont;c"), "T05thread:1;hwbreak:;");
    CHECK(reg(53) == loop, "Z1 stop not at loop");
    EXPECT(q("vCont;s:1"), "T05thread:1;");
    EXPECT(qf("z1,%llx,8", (unsigned long long)loop), "OK");

    /* monitor commands */
    char out[8192];
    monitor("goto 0", out, sizeof out);
    CHECK(strstr(out, "icount 0"), "monitor goto: %s", out);
    CHECK(reg(53) == start, "after monitor goto 0 the pc is not _start");
    monitor("checkpoint", out, sizeof out);
    CHECK(strstr(out, "checkpoint"), "monitor checkpoint: %s", out);
    monitor("info events", out, sizeof out);
    CHECK(strstr(out, "HOST_RESULT"), "monitor info events: %s", out);
    monitor("balloon", out, sizeof out);
    CHECK(strstr(out, "no balloon"), "monitor balloon: %s", out);
    monitor("help", out, sizeof out);
    CHECK(strstr(out, "when"), "monitor help: %s", out);

    /* the ends of the recording */
    EXPECT(q("bc"), "T05thread:1;replaylog:begin;");
    EXPECT(q("bs"), "T05thread:1;replaylog:begin;");
    EXPECT(q("c"), "T05thread:1;replaylog:end;");
    EXPECT(q("?"), "T05thread:1;replaylog:end;");
    CHECK(mem64(counter) == 5, "counter at the end");

    /* a breakpoint written as a bundle (gdb without Z0), in a replay */
    monitor("goto 0", out, sizeof out);
    char orig[17];
    snprintf(orig, sizeof orig, "%s", qf("m%llx,8", (unsigned long long)sys_call));
    EXPECT(qf("M%llx,8:0100000480c0c00d", (unsigned long long)sys_call), "OK");
    EXPECT(qf("m%llx,8", (unsigned long long)sys_call), "0100000480c0c00d");
    EXPECT(q("c"), g_stop_sw);
    CHECK(reg(53) == sys_call, "written breakpoint did not stop");
    EXPECT(qf("M%llx,8:%s", (unsigned long long)sys_call, orig), "OK");
    EXPECT(qf("m%llx,8", (unsigned long long)sys_call), orig);

    /* malformed and oversized packets get E01; the session goes on */
    EXPECT(q("m12"), "E01");
    EXPECT(q("Zx"), "E01");
    static char big[PKT_MAX];
    memset(big, '0', 17000);
    big[0] = 'G';
    send_n(big, 17000);
    EXPECT(recv_p(), "E01");
    raw("$g#00", 5); /* bad checksum in no-ack mode */
    EXPECT(recv_p(), "E01");
    EXPECT(q("qC"), "QC1");

    EXPECT(q("D"), "OK");
    close(g_fd);
    int st = finish_server();
    CHECK(st == 0, "e2k-rr replay --gdb exited with %d", st);
}

/* --- a live program --- */

static void live_session(void)
{
    char *argv[] = {(char *)g_rr, "run", "--gdb", "127.0.0.1:0", (char *)g_elf, NULL};
    int port = start_server(argv);
    connect_to(port);
    const char *r = q("qSupported:swbreak+");
    CHECK(!strstr(r, "Reverse"), "a live session offers reverse execution");
    EXPECT(q("QStartNoAckMode"), "OK");
    g_noack = 1;
    uint64_t counter = sym("counter"), sys_call = sym("sys_call");
    EXPECT(q("bs"), "E01");
    EXPECT(qf("Z0,%llx,8", (unsigned long long)sys_call), "OK");
    EXPECT(q("c"), "T05thread:1;swbreak:;");
    EXPECT(qf("M%llx,8:2a00000000000000", (unsigned long long)counter), "OK");
    CHECK(mem64(counter) == 42, "live memory write did not stick");
    EXPECT(q("P4=0700000000000000"), "OK"); /* %g1 */
    CHECK(reg(4) == 7, "live register write did not stick");
    r = q("g");
    CHECK(strlen(r) == 2 * 4588, "live g");
    static char G[2 * 4588 + 2];
    G[0] = 'G';
    memcpy(G + 1, r, 2 * 4588 + 1);
    memcpy(G + 1 + 2 * (24 + 8 * 2), "0900000000000000", 16); /* %g2 */
    EXPECT(q(G), "OK");
    CHECK(reg(5) == 9, "live G did not set %%g2");
    EXPECT(qf("z0,%llx,8", (unsigned long long)sys_call), "OK");
    EXPECT(q("c"), "W03");
    send_n("k", 1); /* no reply to k */
    close(g_fd);
    int st = finish_server();
    CHECK(st == 0, "e2k-rr run --gdb exited with %d", st);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: rsp_client E2K_RR DBG_ELF\n");
        return 2;
    }
    g_rr = argv[1];
    g_elf = argv[2];
    alarm(300);
    signal(SIGPIPE, SIG_IGN);
    CHECK(mkdtemp(g_dir), "mkdtemp");
    snprintf(g_stop_sw, sizeof g_stop_sw, "T05thread:1;swbreak:;");
    load_symbols();
    char journal[256], log[256];
    snprintf(journal, sizeof journal, "%s/dbg.e2krr", g_dir);
    snprintf(log, sizeof log, "%s/record.log", g_dir);
    char *rec[] = {(char *)g_rr, "record", "-o", journal, (char *)g_elf, NULL};
    int st = run_wait(rec, log);
    CHECK(st == 3, "recording dbg.elf: exit status %d, want 3", st);
    replay_session(journal);
    live_session();
    cleanup();
    printf("rsp_client: all packets checked\n");
    return 0;
}
