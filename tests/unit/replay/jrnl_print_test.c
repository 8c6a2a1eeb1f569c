/*
 * jrnl_print_test.c — text and JSON renderings of events (field names
 * from jrnl_kinds.def, groups, escaping, long blobs) and of the header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/jrnl_print.h"
#include "replay/varint.h"

/* Renders ev into a string (caller frees). */
static char *render(const struct jrnl_event *ev, unsigned flags)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    jrnl_print_event(f, ev, flags);
    fclose(f);
    return s;
}

static size_t syscall_payload(uint8_t *p)
{
    size_t n = 0;
    n += varint_put_u(p + n, 64);
    n += varint_put_s(p + n, -14);
    n += varint_put_u(p + n, 2);
    n += varint_put_u(p + n, 0x7ff0);
    n += varint_put_u(p + n, 2);
    p[n++] = 0xab;
    p[n++] = 0x01;
    n += varint_put_u(p + n, 0x10);
    n += varint_put_u(p + n, 0);
    return n;
}

static void test_syscall_text(void **state)
{
    (void)state;
    uint8_t p[64];
    struct jrnl_event ev = {.kind = JRNL_K_SYSCALL, .icount = 1234, .seq = 12, .payload = p};
    ev.payload_bytes = (uint32_t)syscall_payload(p);
    char *s = render(&ev, 0);
    assert_string_equal(s, "#12 icount=1234 SYSCALL nr=64 ret=-14 "
                           "writes=[{addr=0x7ff0 data=ab01} {addr=0x10 data=}]\n");
    free(s);
}

static void test_syscall_json(void **state)
{
    (void)state;
    uint8_t p[64];
    struct jrnl_event ev = {.kind = JRNL_K_SYSCALL, .icount = 1234, .seq = 12, .payload = p};
    ev.payload_bytes = (uint32_t)syscall_payload(p);
    char *s = render(&ev, JRNL_PRINT_JSON);
    assert_string_equal(s, "{\"seq\":12,\"icount\":1234,\"kind\":\"SYSCALL\",\"nr\":64,\"ret\":-14,"
                           "\"writes\":[{\"addr\":\"0x7ff0\",\"data\":\"ab01\"},"
                           "{\"addr\":\"0x10\",\"data\":\"\"}]}\n");
    free(s);
}

static void test_output_text_escaped(void **state)
{
    (void)state;
    uint8_t p[32];
    size_t n = 0;
    n += varint_put_u(p + n, 1);
    const char txt[] = "hi \"x\"\n\x01";
    n += varint_put_u(p + n, sizeof txt - 1);
    memcpy(p + n, txt, sizeof txt - 1);
    n += sizeof txt - 1;
    struct jrnl_event ev = {.kind = JRNL_K_OUTPUT, .icount = 5, .payload = p,
                            .payload_bytes = (uint32_t)n};
    char *s = render(&ev, 0);
    assert_string_equal(s, "#0 icount=5 OUTPUT fd=1 data=\"hi \\\"x\\\"\\n\\x01\"\n");
    free(s);
    s = render(&ev, JRNL_PRINT_JSON);
    assert_string_equal(s, "{\"seq\":0,\"icount\":5,\"kind\":\"OUTPUT\",\"fd\":1,"
                           "\"data\":\"hi \\\"x\\\"\\n\\u0001\"}\n");
    free(s);
}

static void test_empty_group_and_long_blob(void **state)
{
    (void)state;
    uint8_t p[300];
    size_t n = 0;
    n += varint_put_u(p + n, 0);
    n += varint_put_u(p + n, 0);
    struct jrnl_event ev = {.kind = JRNL_K_BALLOON_DEFLATE, .payload = p,
                            .payload_bytes = (uint32_t)n};
    char *s = render(&ev, 0);
    assert_string_equal(s, "#0 icount=0 BALLOON_DEFLATE from_oom=0 pfns=[]\n");
    free(s);
    n = 0;
    n += varint_put_u(p + n, 9);
    n += varint_put_u(p + n, 200);
    memset(p + n, 0xee, 200);
    n += 200;
    ev = (struct jrnl_event){.kind = JRNL_K_HOSTCALL, .payload = p, .payload_bytes = (uint32_t)n};
    s = render(&ev, 0);
    assert_non_null(strstr(s, "...(200 bytes)"));
    free(s);
    s = render(&ev, JRNL_PRINT_FULL);
    assert_null(strstr(s, "..."));
    free(s);
}

static void test_bad_payload_printed_raw(void **state)
{
    (void)state;
    uint8_t p[2] = {0x80, 0x80};
    struct jrnl_event ev = {.kind = JRNL_K_TIMER, .payload = p, .payload_bytes = 2};
    char *s = render(&ev, 0);
    assert_string_equal(s, "#0 icount=0 TIMER raw=8080\n");
    free(s);
}

static void test_header_text_and_json(void **state)
{
    (void)state;
    const char *argv[] = {"/bin/true", "a b"};
    struct jrnl_header h = {.isa_version = 5, .machine = "linux-user", .cpu = "elbrus-v5",
                            .host = "h", .argc = 2, .argv = argv, .frame_events_max = 4096,
                            .frame_bytes_max = 65536};
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    jrnl_print_header(f, &h, 0);
    jrnl_print_header(f, &h, JRNL_PRINT_JSON);
    fclose(f);
    assert_non_null(strstr(s, "cpu             elbrus-v5 (ISA v5)\n"));
    assert_non_null(strstr(s, "command         \"/bin/true\" \"a b\"\n"));
    assert_non_null(strstr(s, "\"argv\":[\"/bin/true\",\"a b\"]"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syscall_text),
        cmocka_unit_test(test_syscall_json),
        cmocka_unit_test(test_output_text_escaped),
        cmocka_unit_test(test_empty_group_and_long_blob),
        cmocka_unit_test(test_bad_payload_printed_raw),
        cmocka_unit_test(test_header_text_and_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
