/*
 * trc_insn_test.c — the instruction trace (trace/trc_insn.c) of a
 * recorded user-mode guest ($E2K_GUEST/hello.elf): one block per executed
 * bundle, identical through the reverse engine and through the replay
 * session, windows and address filters, events between bundles, a fake
 * disassembler called with the bundle's bytes, and bad arguments refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "trace/trc_insn.h"
#include "../replay/rev_testlib.h"
#include "trc_testlib.h"

static char journal[64];
static uint64_t end_icount;

static int setup(void **state)
{
    (void)state;
    size_t len = 0;
    uint8_t *elf = tl_guest("hello", &len);
    if (!elf)
        return -1;
    tl_tmpname(journal, sizeof journal, "insn");
    static const char *const argv[] = {"hello"};
    FILE *null = fopen("/dev/null", "w");
    struct sess_record_opts ro = {.journal = journal, .program = elf, .program_bytes = len,
                                  .argc = 1, .argv = argv, .log = null};
    struct sess_result res;
    int rc = sess_record(&ro, &res);
    free(elf);
    fclose(null);
    end_icount = res.icount;
    return rc == SESS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    unlink(journal);
    return 0;
}

/* Counts calls; prints "op<N>" with the bundle's length. */
struct fake_dis {
    unsigned calls;
    unsigned isa;
};

static int fake_dis(void *ctx, const uint8_t *buf, size_t avail, uint64_t addr, unsigned isa,
                    char *out, size_t size, unsigned *consumed)
{
    struct fake_dis *d = ctx;
    (void)buf;
    d->calls++;
    d->isa = isa;
    snprintf(out, size, "  fake %zu bytes at 0x%llx\n", avail, (unsigned long long)addr);
    *consumed = (unsigned)avail;
    return 0;
}

static char *trace(struct trc_insn_opts *o, struct trc_insn_result *res, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    o->journal = journal;
    o->out = f;
    *rc = trc_insn_run(o, res, NULL);
    fclose(f);
    return buf;
}

static size_t headers(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
        if (*p >= '0' && *p <= '9')
            n++;
    return n;
}

static void test_whole_trace_same_both_ways(void **state)
{
    (void)state;
    struct trc_insn_opts o = {.to = UINT64_MAX, .events = 1, .backend = TRC_BACKEND_REV};
    struct trc_insn_result r1, r2;
    int rc;
    char *a = trace(&o, &r1, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(r1.backend, TRC_BACKEND_REV);
    o.backend = TRC_BACKEND_SESSION;
    char *b = trace(&o, &r2, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(r2.backend, TRC_BACKEND_SESSION);
    assert_string_equal(a, b);
    assert_int_equal(r1.bundles, end_icount);
    assert_int_equal(headers(a), end_icount);
    assert_true(r1.ended && r2.ended);
    assert_int_equal(r1.events, 3); /* two host requests, END */
    assert_non_null(strstr(a, "\n0 0x"));
    assert_non_null(strstr(a, "  -- #1 icount="));
    assert_non_null(strstr(a, " END status=0"));
    assert_non_null(strstr(a, "    => %"));
    free(a);
    free(b);
    /* auto picks the reverse engine for a user-mode journal */
    o.backend = TRC_BACKEND_AUTO;
    free(trace(&o, &r1, &rc));
    assert_int_equal(r1.backend, TRC_BACKEND_REV);
}

static void test_window_and_address_filter(void **state)
{
    (void)state;
    struct fake_dis d = {0};
    struct trc_insn_opts o = {.from = 20, .to = 29, .dis = fake_dis, .dis_ctx = &d};
    struct trc_insn_result r;
    int rc;
    char *a = trace(&o, &r, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(r.bundles, 10);
    assert_int_equal(d.calls, 10);
    assert_int_equal(d.isa, 5);
    assert_non_null(strstr(a, "\n  fake "));
    assert_true(strncmp(a, "20 0x", 5) == 0);
    assert_non_null(strstr(a, "\n29 0x"));
    assert_null(strstr(a, "\n30 0x"));
    assert_false(r.ended);
    /* the address of bundle 20 only */
    unsigned long long pc = strtoull(a + 3, NULL, 16);
    free(a);
    struct trc_insn_opts p = {.to = UINT64_MAX, .pc_lo = pc, .pc_hi = pc + 1,
                              .backend = TRC_BACKEND_SESSION};
    a = trace(&p, &r, &rc);
    assert_int_equal(rc, 0);
    assert_true(r.bundles >= 1);
    char want[40];
    snprintf(want, sizeof want, " 0x%012llx:\n", pc);
    assert_int_equal(tl_count(a, want), r.bundles);
    assert_int_equal(headers(a), r.bundles);
    free(a);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    struct trc_insn_result r;
    struct trc_err e = {0};
    struct trc_insn_opts o = {.journal = journal, .out = stdout, .from = 5, .to = 4};
    assert_int_equal(trc_insn_run(&o, &r, &e), TRC_E_ARGS);
    o.from = 0;
    o.to = 9;
    o.pc_lo = 8;
    o.pc_hi = 8;
    assert_int_equal(trc_insn_run(&o, &r, &e), TRC_E_ARGS);
    o.pc_hi = 0;
    o.journal = "/nonexistent/j.e2krr";
    assert_int_equal(trc_insn_run(&o, &r, &e), TRC_E_JOURNAL);
    assert_non_null(strstr(e.msg, "/nonexistent/j.e2krr"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_trace_same_both_ways),
        cmocka_unit_test(test_window_and_address_filter),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
