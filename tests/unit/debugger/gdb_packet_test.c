/*
 * gdb_packet_test.c — debugger/gdb_packet.c: every request the stub
 * understands parses into its GDB_REQ_* with the right fields, malformed
 * packets give GDB_REQ_MALFORMED with a reason, unknown ones
 * GDB_REQ_UNSUPPORTED; replies (stop, qSupported, qXfer chunks, console)
 * are formatted as the gdb manual says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debugger/gdb_packet.h"

static struct gdb_req *R;

static int setup(void **state)
{
    (void)state;
    R = calloc(1, sizeof *R);
    return R ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(R);
    return 0;
}

static int parse(const char *s)
{
    gdb_packet_parse(s, strlen(s), R);
    return R->kind;
}

static void test_simple_requests(void **state)
{
    (void)state;
    assert_int_equal(parse("?"), GDB_REQ_HALT_REASON);
    assert_int_equal(parse("g"), GDB_REQ_GET_REGS);
    assert_int_equal(parse("QStartNoAckMode"), GDB_REQ_NOACK);
    assert_int_equal(parse("qC"), GDB_REQ_CURRENT_THREAD);
    assert_int_equal(parse("qfThreadInfo"), GDB_REQ_THREADS_FIRST);
    assert_int_equal(parse("qsThreadInfo"), GDB_REQ_THREADS_NEXT);
    assert_int_equal(parse("qAttached"), GDB_REQ_ATTACHED);
    assert_int_equal(parse("qAttached:1"), GDB_REQ_ATTACHED);
    assert_int_equal(parse("vCont?"), GDB_REQ_VCONT_QUERY);
    assert_int_equal(parse("bc"), GDB_REQ_RCONT);
    assert_int_equal(parse("bs"), GDB_REQ_RSTEP);
    assert_int_equal(parse("k"), GDB_REQ_KILL);
    assert_int_equal(R->type, 0);
    assert_int_equal(parse("vKill;1"), GDB_REQ_KILL);
    assert_int_equal(R->type, 'v');
    assert_int_equal(parse("D"), GDB_REQ_DETACH);
    assert_int_equal(parse("D;1"), GDB_REQ_DETACH);
}

static void test_qsupported_reads_gdb_features(void **state)
{
    (void)state;
    assert_int_equal(parse("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;"
                           "xmlRegisters=i386"),
                     GDB_REQ_SUPPORTED);
    assert_int_equal(R->features, GDB_FEAT_SWBREAK | GDB_FEAT_HWBREAK | GDB_FEAT_MULTIPROCESS);
    assert_int_equal(parse("qSupported"), GDB_REQ_SUPPORTED);
    assert_int_equal(R->features, 0);
}

static void test_registers(void **state)
{
    (void)state;
    assert_int_equal(parse("p35"), GDB_REQ_GET_REG);
    assert_int_equal(R->regnum, 53);
    assert_int_equal(parse("P35=0800010000000000"), GDB_REQ_SET_REG);
    assert_int_equal(R->regnum, 53);
    assert_int_equal(R->data_len, 8);
    assert_int_equal(R->data[0], 0x08);
    assert_int_equal(R->data[2], 0x01);
    assert_int_equal(parse("G0011aa"), GDB_REQ_SET_REGS);
    assert_int_equal(R->data_len, 3);
    assert_int_equal(R->data[2], 0xaa);
    assert_int_equal(parse("p"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("p10000"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("P35="), GDB_REQ_MALFORMED);
    assert_int_equal(parse("P35=123"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("G0"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("Gzz"), GDB_REQ_MALFORMED);
    assert_non_null(R->error);
}

static void test_memory(void **state)
{
    (void)state;
    assert_int_equal(parse("m10078,40"), GDB_REQ_GET_MEM);
    assert_true(R->addr == 0x10078 && R->len == 0x40);
    assert_int_equal(parse("M20000,4:01020304"), GDB_REQ_SET_MEM);
    assert_true(R->addr == 0x20000 && R->len == 4 && R->data_len == 4);
    assert_int_equal(R->data[3], 4);
    /* X: binary with escapes: } then '#'^0x20 = 0x03 */
    const char x[] = "X20000,3:a}\x03" "b";
    gdb_packet_parse(x, sizeof x - 1, R);
    assert_int_equal(R->kind, GDB_REQ_SET_MEM);
    assert_int_equal(R->data_len, 3);
    assert_int_equal(R->data[1], '#');
    /* X with NUL bytes inside */
    const char xn[] = "X10,2:\0\0";
    gdb_packet_parse(xn, sizeof xn - 1, R);
    assert_int_equal(R->kind, GDB_REQ_SET_MEM);
    assert_int_equal(R->data_len, 2);
    assert_int_equal(parse("X10,0:"), GDB_REQ_SET_MEM); /* gdb's probe */
    assert_int_equal(R->len, 0);
    assert_int_equal(parse("m10078"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("m,4"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("m10078,40x"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("m11111111111111111,4"), GDB_REQ_MALFORMED); /* > 64 bits */
    assert_int_equal(parse("M20000,4:0102"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("M20000,4"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("X20000,2:abc"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("X20000,2:a}"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("M0,ffffffffffff:00"), GDB_REQ_MALFORMED);
}

static void test_resume(void **state)
{
    (void)state;
    assert_int_equal(parse("c"), GDB_REQ_CONT);
    assert_false(R->has_addr);
    assert_int_equal(parse("c10080"), GDB_REQ_CONT);
    assert_true(R->has_addr && R->addr == 0x10080);
    assert_int_equal(parse("s"), GDB_REQ_STEP);
    assert_int_equal(parse("C05"), GDB_REQ_CONT);
    assert_int_equal(R->signo, 5);
    assert_int_equal(parse("S0b;10080"), GDB_REQ_STEP);
    assert_true(R->signo == 11 && R->addr == 0x10080);
    assert_int_equal(parse("vCont;c"), GDB_REQ_CONT);
    assert_int_equal(parse("vCont;s:1"), GDB_REQ_STEP);
    assert_int_equal(R->thread, 1);
    assert_int_equal(parse("vCont;s:p1.1;c"), GDB_REQ_STEP);
    assert_int_equal(R->pid, 1);
    assert_int_equal(parse("vCont;C05:-1"), GDB_REQ_CONT);
    assert_int_equal(parse("vCont;r10000,10020:1"), GDB_REQ_UNSUPPORTED);
    assert_int_equal(parse("vCont;"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("vCont;s:"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("cxyz"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("C"), GDB_REQ_MALFORMED);
}

static void test_breakpoints(void **state)
{
    (void)state;
    for (int t = 0; t <= 4; t++) {
        char p[32];
        snprintf(p, sizeof p, "Z%d,10080,8", t);
        assert_int_equal(parse(p), GDB_REQ_SET_BREAK);
        assert_int_equal(R->type, t);
        assert_true(R->addr == 0x10080 && R->len == 8);
        p[0] = 'z';
        assert_int_equal(parse(p), GDB_REQ_REMOVE_BREAK);
    }
    assert_int_equal(parse("Z0,10080,8;X1,0"), GDB_REQ_SET_BREAK); /* conditions ignored */
    assert_int_equal(parse("Z5,10080,8"), GDB_REQ_UNSUPPORTED);
    assert_int_equal(parse("Z0,10080"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("Z0;10080,8"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("Z"), GDB_REQ_MALFORMED);
}

static void test_threads(void **state)
{
    (void)state;
    assert_int_equal(parse("Hg0"), GDB_REQ_SET_THREAD);
    assert_true(R->type == 'g' && R->thread == GDB_TID_ANY);
    assert_int_equal(parse("Hc-1"), GDB_REQ_SET_THREAD);
    assert_int_equal(R->thread, GDB_TID_ALL);
    assert_int_equal(parse("Hgp1.1"), GDB_REQ_SET_THREAD);
    assert_true(R->pid == 1 && R->thread == 1);
    assert_int_equal(parse("T1"), GDB_REQ_THREAD_ALIVE);
    assert_int_equal(parse("Hx1"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("Hg"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("T"), GDB_REQ_MALFORMED);
}

static void test_monitor_and_xfer(void **state)
{
    (void)state;
    assert_int_equal(parse("qRcmd,7768656e"), GDB_REQ_MONITOR); /* "when" */
    assert_string_equal((const char *)R->data, "when");
    assert_int_equal(parse("qRcmd,7"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("qXfer:features:read:target.xml:0,fff"), GDB_REQ_XFER_READ);
    assert_string_equal(R->object, "features");
    assert_string_equal(R->annex, "target.xml");
    assert_true(R->offset == 0 && R->len == 0xfff);
    assert_int_equal(parse("qXfer:tags:read::10078,2"), GDB_REQ_XFER_READ);
    assert_string_equal(R->object, "tags");
    assert_string_equal(R->annex, "");
    assert_true(R->offset == 0x10078 && R->len == 2);
    assert_int_equal(parse("qXfer:tags:write::10078:ab"), GDB_REQ_UNSUPPORTED);
    assert_int_equal(parse("qXfer:features:read:target.xml:0"), GDB_REQ_MALFORMED);
    assert_int_equal(parse("qXfer::read:a:0,1"), GDB_REQ_MALFORMED);
}

static void test_unknown_packets_are_unsupported(void **state)
{
    (void)state;
    const char *u[] = {"", "vMustReplyEmpty", "qTStatus", "qOffsets", "!", "QNonStop:1",
                       "qSymbol::", "gg", "??", "vFile:open:", "b", "bz"};
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        assert_int_equal(parse(u[i]), GDB_REQ_UNSUPPORTED);
}

static void test_stop_replies(void **state)
{
    (void)state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    struct gdb_stop s = {.kind = GDB_STOP_SIGNAL, .sig = 5, .thread = 1,
                         .why = GDB_WHY_SWBREAK, .features = GDB_FEAT_SWBREAK};
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;swbreak:;");
    gdb_buf_reset(&b);
    s.features = 0; /* gdb did not announce swbreak+: not sent */
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;");
    gdb_buf_reset(&b);
    s.why = GDB_WHY_HWBREAK;
    s.features = GDB_FEAT_HWBREAK;
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;hwbreak:;");
    gdb_buf_reset(&b);
    s.why = GDB_WHY_WATCH;
    s.addr = 0x20008;
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;watch:20008;");
    gdb_buf_reset(&b);
    s.why = GDB_WHY_RWATCH;
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;rwatch:20008;");
    gdb_buf_reset(&b);
    s.why = GDB_WHY_AWATCH;
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;awatch:20008;");
    gdb_buf_reset(&b);
    s.why = GDB_WHY_REPLAY_BEGIN;
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;replaylog:begin;");
    gdb_buf_reset(&b);
    s.why = GDB_WHY_REPLAY_END;
    gdb_reply_stop(&b, &s);
    assert_string_equal(b.p, "T05thread:1;replaylog:end;");
    gdb_buf_reset(&b);
    struct gdb_stop w = {.kind = GDB_STOP_EXITED, .status = 17};
    gdb_reply_stop(&b, &w);
    assert_string_equal(b.p, "W11");
    gdb_buf_reset(&b);
    struct gdb_stop x = {.kind = GDB_STOP_KILLED, .sig = GDB_SIG_SEGV};
    gdb_reply_stop(&b, &x);
    assert_string_equal(b.p, "X0b");
    gdb_buf_fini(&b);
    assert_int_equal(gdb_sig_from_linux(7), GDB_SIG_BUS);
    assert_int_equal(gdb_sig_from_linux(10), GDB_SIG_USR1);
    assert_int_equal(gdb_sig_from_linux(11), GDB_SIG_SEGV);
    assert_int_equal(gdb_sig_from_linux(99), GDB_SIG_0);
}

static void test_supported_reply_lists_the_features(void **state)
{
    (void)state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_reply_supported(&b, 1);
    const char *want[] = {"PacketSize=4000", "QStartNoAckMode+", "swbreak+", "hwbreak+",
                          "ReverseStep+", "ReverseContinue+", "qXfer:features:read+",
                          "qXfer:tags:read+"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_non_null(strstr(b.p, want[i]));
    gdb_buf_reset(&b);
    gdb_reply_supported(&b, 0);
    assert_null(strstr(b.p, "Reverse"));
    gdb_buf_fini(&b);
}

static void test_xfer_chunks(void **state)
{
    (void)state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    const char obj[] = "<target>#*</target>"; /* 20 bytes, two to escape */
    gdb_reply_xfer(&b, obj, 20, 0, 8);
    assert_string_equal(b.p, "m<target>");
    gdb_buf_reset(&b);
    gdb_reply_xfer(&b, obj, 20, 8, 100);
    assert_string_equal(b.p, "l}\x03}\x0a</target>");
    gdb_buf_reset(&b);
    gdb_reply_xfer(&b, obj, 20, 20, 100);
    assert_string_equal(b.p, "l");
    gdb_buf_reset(&b);
    /* a huge object is cut to one packet */
    size_t big = 3 * GDB_PACKET_MAX;
    char *o = malloc(big);
    memset(o, '#', big); /* every byte escaped: 2 per byte */
    gdb_reply_xfer(&b, o, big, 0, big);
    assert_true(b.len <= GDB_PACKET_MAX);
    assert_int_equal(b.p[0], 'm');
    free(o);
    gdb_buf_fini(&b);
}

static void test_console_and_hex(void **state)
{
    (void)state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_reply_console(&b, "hi\n", 3);
    assert_string_equal(b.p, "O68690a");
    gdb_buf_reset(&b);
    gdb_reply_error(&b, 1);
    assert_string_equal(b.p, "E01");
    uint8_t out[4];
    assert_int_equal(gdb_hex_decode("0aFf", 4, out, 4), 2);
    assert_int_equal(out[1], 0xff);
    assert_int_equal(gdb_hex_decode("0a0", 3, out, 4), -1);
    assert_int_equal(gdb_hex_decode("0a0b0c0d0e", 10, out, 4), -1);
    gdb_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_requests),
        cmocka_unit_test(test_qsupported_reads_gdb_features),
        cmocka_unit_test(test_registers),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_resume),
        cmocka_unit_test(test_breakpoints),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_monitor_and_xfer),
        cmocka_unit_test(test_unknown_packets_are_unsupported),
        cmocka_unit_test(test_stop_replies),
        cmocka_unit_test(test_supported_reply_lists_the_features),
        cmocka_unit_test(test_xfer_chunks),
        cmocka_unit_test(test_console_and_hex),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
