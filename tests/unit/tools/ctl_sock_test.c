/*
 * ctl_sock_test.c — the control socket's transport
 * (tools/e2k-rr/ctl_sock.c) and the balloon controller's poll answers
 * (tools/e2k-rr/balloon_ctl.c) without a machine: lines in order across
 * reads, overlong lines skipped, the client limit, peers that leave or do
 * not read, the socket file removed; schedule actions at their icount,
 * console commands first, stats requests only when the balloon takes
 * them, host time counted from the first poll, requests refused without
 * a balloon.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "emu/hooks.h"
#include "tools/e2k-rr/balloon_ctl.h"
#include "tools/e2k-rr/ctl_sock.h"

static void temp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/e2k-ctl-%d-%s.sock", (int)getpid(), tag);
    unlink(buf);
}

static int dial(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, path);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

static void put(int fd, const char *s, size_t n)
{
    assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

static void test_open_refuses_bad_specs(void **st)
{
    (void)st;
    struct ctl_sock *s;
    char err[200];
    assert_int_equal(ctl_sock_open(&s, "tcp:127.0.0.1:1", err, sizeof err), -1);
    assert_non_null(strstr(err, "unix:PATH"));
    assert_int_equal(ctl_sock_open(&s, "unix:", err, sizeof err), -1);
    char longp[200] = "unix:/tmp/";
    memset(longp + 10, 'x', 150);
    assert_int_equal(ctl_sock_open(&s, longp, err, sizeof err), -1);
    assert_non_null(strstr(err, "path longer than"));
    char path[100], spec[110];
    temp_path(path, sizeof path, "busy");
    snprintf(spec, sizeof spec, "unix:%s", path);
    assert_int_equal(ctl_sock_open(&s, spec, err, sizeof err), 0);
    struct ctl_sock *s2;
    assert_int_equal(ctl_sock_open(&s2, spec, err, sizeof err), -1);
    assert_non_null(strstr(err, "remove it or choose another path"));
    assert_string_equal(ctl_sock_path(s), path);
    ctl_sock_close(s);
    struct stat sb;
    assert_int_equal(stat(path, &sb), -1); /* removed */
    ctl_sock_close(NULL);
}

static void test_lines_in_order_and_replies(void **st)
{
    (void)st;
    char path[100], spec[110], err[200];
    temp_path(path, sizeof path, "lines");
    snprintf(spec, sizeof spec, "unix:%s", path);
    struct ctl_sock *s;
    assert_int_equal(ctl_sock_open(&s, spec, err, sizeof err), 0);
    int fd = dial(path);
    put(fd, "one\ntw", 6);
    char line[CTL_SOCK_LINE_MAX + 1];
    int client;
    size_t len;
    assert_int_equal(ctl_sock_next(s, &client, line, sizeof line, &len), CTL_SOCK_NONE);
    ctl_sock_pump(s);
    assert_int_equal(ctl_sock_clients(s), 1);
    assert_int_equal(ctl_sock_next(s, &client, line, sizeof line, &len), CTL_SOCK_LINE);
    assert_string_equal(line, "one");
    assert_int_equal(len, 3);
    assert_int_equal(ctl_sock_next(s, &client, line, sizeof line, &len), CTL_SOCK_NONE);
    put(fd, "o\r\n\n", 4);
    ctl_sock_pump(s);
    assert_int_equal(ctl_sock_next(s, &client, line, sizeof line, &len), CTL_SOCK_LINE);
    assert_string_equal(line, "two");
    assert_int_equal(ctl_sock_next(s, &client, line, sizeof line, &len), CTL_SOCK_LINE);
    assert_int_equal(len, 0);
    ctl_sock_reply(s, client, "{\"ok\":true}", 11);
    char got[64] = "";
    assert_int_equal(recv(fd, got, sizeof got - 1, 0), 12);
    assert_string_equal(got, "{\"ok\":true}\n");
    /* a line too long is reported once, then the next line comes */
    char *big = malloc(10000);
    memset(big, 'x', 10000);
    put(fd, big, 10000);
    put(fd, "\nafter\n", 7);
    free(big);
    int overlong = 0, after = 0;
    for (int i = 0; i < 20 && !after; i++) {
        ctl_sock_pump(s);
        int r;
        while ((r = ctl_sock_next(s, &client, line, sizeof line, &len)) != CTL_SOCK_NONE) {
            if (r == CTL_SOCK_OVERLONG)
                overlong++;
            else if (strcmp(line, "after") == 0)
                after = 1;
            else
                fail_msg("unexpected line '%.20s'", line);
        }
    }
    assert_int_equal(overlong, 1);
    assert_true(after);
    /* a peer that leaves is dropped */
    close(fd);
    ctl_sock_pump(s);
    assert_int_equal(ctl_sock_clients(s), 0);
    assert_int_equal(ctl_sock_next(s, &client, line, 10, &len), CTL_SOCK_NONE);
    ctl_sock_close(s);
}

static void test_client_limit_and_a_peer_that_does_not_read(void **st)
{
    (void)st;
    char path[100], spec[110], err[200];
    temp_path(path, sizeof path, "limit");
    snprintf(spec, sizeof spec, "unix:%s", path);
    struct ctl_sock *s;
    assert_int_equal(ctl_sock_open(&s, spec, err, sizeof err), 0);
    int fds[CTL_SOCK_MAX_CLIENTS + 1];
    for (int i = 0; i <= CTL_SOCK_MAX_CLIENTS; i++)
        fds[i] = dial(path);
    ctl_sock_pump(s);
    assert_int_equal(ctl_sock_clients(s), CTL_SOCK_MAX_CLIENTS);
    char got[100] = "";
    assert_true(recv(fds[CTL_SOCK_MAX_CLIENTS], got, sizeof got - 1, 0) > 0);
    assert_string_equal(got, "{\"error\":\"too many clients\"}\n");
    close(fds[CTL_SOCK_MAX_CLIENTS]);
    put(fds[0], "hi\n", 3);
    ctl_sock_pump(s);
    int client;
    size_t len;
    char line[CTL_SOCK_LINE_MAX + 1];
    assert_int_equal(ctl_sock_next(s, &client, line, sizeof line, &len), CTL_SOCK_LINE);
    /* fds[0] never reads: once its queue passes the limit it is dropped */
    char reply[4000];
    memset(reply, 'r', sizeof reply);
    for (int i = 0; i < 2000 && ctl_sock_clients(s) == CTL_SOCK_MAX_CLIENTS; i++)
        ctl_sock_reply(s, client, reply, sizeof reply);
    assert_int_equal(ctl_sock_clients(s), CTL_SOCK_MAX_CLIENTS - 1);
    ctl_sock_reply(s, client, reply, 10);  /* to a dropped client: ignored */
    ctl_sock_reply(s, -1, reply, 10);
    ctl_sock_reply(s, CTL_SOCK_MAX_CLIENTS, reply, 10);
    for (int i = 0; i < CTL_SOCK_MAX_CLIENTS; i++)
        close(fds[i]);
    ctl_sock_close(s);
}

/* One poll of the controller at icount; returns the input kind. */
static int poll_at(struct bctl *c, uint64_t icount, int stats_ok, uint64_t *val)
{
    struct emu_host_req req;
    struct emu_host_resp resp;
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    req.kind = EMU_HOST_INPUT;
    req.nr = EMU_INPUT_POLL;
    req.icount = icount;
    req.args[4] = (uint64_t)stats_ok;
    for (int i = 1; i <= 3; i++)
        req.args[i] = UINT64_MAX;
    assert_int_equal(bctl_host_call(c, &req, &resp), 0);
    *val = resp.vals[0];
    return (int)resp.ret;
}

static void test_controller_answers_polls(void **st)
{
    (void)st;
    struct bscript sched;
    bscript_init(&sched);
    char err[300];
    const char text[] = "at icount 100000 set 400K\nat icount 100000 stats\n"
                        "at icount 200000 stats\nat icount 300000 set 8K\n";
    assert_int_equal(bscript_parse(&sched, text, strlen(text), "t", err, sizeof err), 0);
    struct bctl_opts o = {.schedule = &sched, .ram_bytes = 1 << 20};
    struct bctl *c;
    assert_int_equal(bctl_new(&c, &o, err, sizeof err), 0);
    uint64_t v;
    assert_int_equal(poll_at(c, 65536, 1, &v), EMU_INPUT_NONE);
    assert_int_equal(poll_at(c, 131072, 1, &v), EMU_INPUT_BALLOON_TARGET);
    assert_int_equal(v, 100);
    assert_int_equal(poll_at(c, 131072, 1, &v), EMU_INPUT_BALLOON_STATS);
    assert_int_equal(poll_at(c, 131072, 1, &v), EMU_INPUT_NONE);
    /* a stats request the balloon cannot take is dropped */
    assert_int_equal(poll_at(c, 229376, 0, &v), EMU_INPUT_NONE);
    /* console commands go first */
    assert_int_equal(bctl_set_target(c, 2 << 20, err, sizeof err), -1);
    assert_non_null(strstr(err, "more than the guest's RAM"));
    assert_int_equal(bctl_set_target(c, 100, err, sizeof err), -1);
    assert_int_equal(bctl_console_set(c, 64 << 10, err, sizeof err), 0);
    assert_int_equal(poll_at(c, 327680, 1, &v), EMU_INPUT_BALLOON_TARGET);
    assert_int_equal(v, 16);
    assert_int_equal(poll_at(c, 327680, 1, &v), EMU_INPUT_BALLOON_TARGET);
    assert_int_equal(v, 2);
    assert_int_equal(bctl_commands(c), 4);
    bctl_free(c);
    /* a schedule target above RAM is refused when the controller is made */
    o.ram_bytes = 200 << 10;
    assert_int_equal(bctl_new(&c, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "(line 1) is more than the guest's RAM"));
    bscript_fini(&sched);
    /* host time counts from the first poll, not from bctl_new */
    bscript_init(&sched);
    assert_int_equal(bscript_parse(&sched, "at 20ms set 8K", 14, "t", err, sizeof err), 0);
    o.ram_bytes = 0;
    assert_int_equal(bctl_new(&c, &o, err, sizeof err), 0);
    usleep(30000);
    assert_int_equal(poll_at(c, 0, 1, &v), EMU_INPUT_NONE);
    assert_int_equal(poll_at(c, 32768, 1, &v), EMU_INPUT_NONE);
    usleep(25000);
    assert_int_equal(poll_at(c, 65536, 1, &v), EMU_INPUT_BALLOON_TARGET);
    assert_int_equal(v, 2);
    bctl_free(c);
    bscript_fini(&sched);
}

static void test_controller_without_a_balloon(void **st)
{
    (void)st;
    char path[100], spec[110], err[300];
    temp_path(path, sizeof path, "bctl");
    snprintf(spec, sizeof spec, "unix:%s", path);
    struct bctl_opts o = {.control = spec, .stats_interval_ns = 1};
    struct bctl *c;
    assert_int_equal(bctl_new(&c, &o, err, sizeof err), 0);
    int fd = dial(path);
    put(fd, "{\"op\":\"get_balloon\"}\nnonsense\n", 30);
    uint64_t v;
    /* the first poll starts the host clock (and serves the socket); the
     * periodic stats request (every 1 ns) comes at the next */
    assert_int_equal(poll_at(c, 0, 0, &v), EMU_INPUT_NONE);
    usleep(1000);
    assert_int_equal(poll_at(c, 32768, 0, &v), EMU_INPUT_NONE);
    assert_int_equal(poll_at(c, 65536, 1, &v), EMU_INPUT_BALLOON_STATS);
    char got[400] = "";
    size_t n = 0;
    for (int i = 0; i < 100 && !strstr(got, "bad JSON"); i++) {
        ssize_t k = recv(fd, got + n, sizeof got - 1 - n, MSG_DONTWAIT);
        if (k > 0)
            n += (size_t)k;
        else
            usleep(1000);
    }
    assert_non_null(strstr(got, "{\"error\":\"this machine has no balloon\"}\n"));
    assert_non_null(strstr(got, "{\"error\":\"bad JSON at byte 0"));
    close(fd);
    bctl_free(c);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(bctl_new(&c, &(struct bctl_opts){.control = "unix:/nonexistent-dir/x"}, err,
                              sizeof err),
                     -1);
    assert_non_null(strstr(err, "--control: /nonexistent-dir/x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_refuses_bad_specs),
        cmocka_unit_test(test_lines_in_order_and_replies),
        cmocka_unit_test(test_client_limit_and_a_peer_that_does_not_read),
        cmocka_unit_test(test_controller_answers_polls),
        cmocka_unit_test(test_controller_without_a_balloon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
