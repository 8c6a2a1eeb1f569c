/*
 * scenario_test.c — tools/e2k-rr/scenario.c and outcome.c: scenario files
 * (keys, comments, facts, the schedule checked with file:line, bad input
 * refused with a message), the machine options they turn into, and the
 * outcome seen through the hooks (OOM kill with the balloon's size, deflate-
 * on-oom, targets over time, violations, hang) with its facts and checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/virtio_balloon.h"
#include "emu/hooks.h"
#include "emu/machine.h"
#include "tools/e2k-rr/outcome.h"
#include "tools/e2k-rr/scenario.h"
#include "tools/e2k-rr/virt_cli.h"

/* Write text to a temporary .scn file; its path in out. */
static void scn_file(const char *text, char *out, size_t cap)
{
    snprintf(out, cap, "/tmp/scenario_test_XXXXXX");
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void test_parses_every_key(void **state)
{
    (void)state;
    char path[64], err[600] = "";
    scn_file("# a comment\n"
             "name  squeeze   # trailing comment\n"
             "description one\n"
             "description two\n"
             "kernel k.elf\n"
             "mem 16M\n"
             "clock host\n"
             "balloon deflate-on-oom=on\n"
             "cmdline bug=oom-deadlock peak=9\n"
             "hang-timeout 10ms\n"
             "at 10ms set 1536 pages\n"
             "at icount 5000 set 1M\n"
             "expect oom-kill powered-off\n"
             "expect-not hang\n",
             path, sizeof path);
    static struct scenario s;
    assert_int_equal(scenario_load(&s, path, err, sizeof err), 0);
    assert_string_equal(s.name, "squeeze");
    assert_string_equal(s.desc, "one two");
    assert_string_equal(s.kernel, "k.elf");
    assert_int_equal(s.n_opts, 5);
    assert_string_equal(s.opt[0], "--mem=16M");
    assert_string_equal(s.opt[3], "--cmdline=bug=oom-deadlock peak=9");
    assert_int_equal(s.expect, (1u << OF_OOM_KILL) | (1u << OF_POWERED_OFF));
    assert_int_equal(s.expect_not, 1u << OF_HANG);
    assert_non_null(s.schedule);
    assert_non_null(strstr(s.schedule, "at icount 5000 set 1M"));

    static struct virt_cli v;
    virt_cli_init(&v);
    assert_int_equal(scenario_apply(&s, &v, &cmd_record), 0);
    assert_int_equal(v.virt, 1);
    assert_int_equal(v.mem, 16u << 20);
    assert_string_equal(v.cmdline, "bug=oom-deadlock peak=9");
    assert_int_equal(v.hang_timeout_ns, 10000000);
    assert_true(s.script_path[0] != 0);
    assert_int_equal(access(s.script_path, R_OK), 0);
    char keep[256];
    snprintf(keep, sizeof keep, "%s", s.script_path);
    scenario_free(&s);
    assert_int_not_equal(access(keep, F_OK), 0); /* removed */
    unlink(path);
}

static void test_name_defaults_to_the_file(void **state)
{
    (void)state;
    char path[64], err[600] = "";
    scn_file("mem 8M\n", path, sizeof path);
    static struct scenario s;
    assert_int_equal(scenario_load(&s, path, err, sizeof err), 0);
    assert_string_equal(s.name, path + 5); /* "/tmp/" */
    assert_null(s.schedule);
    scenario_free(&s);
    unlink(path);
}

static void expect_error(const char *text, const char *want)
{
    char path[64], err[600] = "";
    scn_file(text, path, sizeof path);
    static struct scenario s;
    assert_int_equal(scenario_load(&s, path, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
    assert_null(s.schedule);
    unlink(path);
}

static void test_refuses_bad_input(void **state)
{
    (void)state;
    expect_error("mem 8M\nfrobnicate 1\n", ":2: unknown key 'frobnicate'");
    expect_error("expect oom-kill nonsense\n", ":1: unknown fact 'nonsense'");
    expect_error("expect hang\nexpect-not hang\n", "both expected and not");
    expect_error("clock host\nat 10ms set\n", ":2:");
    expect_error("mem\n", ":1: mem needs a value");
    char err[600];
    static struct scenario s;
    char path[64];
    scn_file("x", path, sizeof path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite("mem 8M\n\0\1", 1, 9, f); /* a NUL: binary */
    fclose(f);
    assert_int_equal(scenario_load(&s, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a scenario file"));
    unlink(path);
    assert_int_equal(scenario_load(&s, "/nonexistent/x", err, sizeof err), -1);
    assert_non_null(strstr(err, "no scenario file"));
}

static void test_kernel_lookup(void **state)
{
    (void)state;
    char path[64], err[600] = "", out[2048];
    scn_file("kernel scenario_test_kernel.elf\n", path, sizeof path);
    static struct scenario s;
    assert_int_equal(scenario_load(&s, path, err, sizeof err), 0);
    setenv("E2K_GUEST", "/tmp", 1);
    assert_int_equal(scenario_kernel(&s, out, sizeof out, err, sizeof err), -1);
    FILE *f = fopen("/tmp/scenario_test_kernel.elf", "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(scenario_kernel(&s, out, sizeof out, err, sizeof err), 0);
    assert_string_equal(out, "/tmp/scenario_test_kernel.elf");
    unlink("/tmp/scenario_test_kernel.elf");
    scenario_free(&s);
    unlink(path);
}

/* ---- outcome ---- */

static int fake_host(void *opaque, const struct emu_host_req *req,
                     struct emu_host_resp *resp)
{
    const uint64_t *target = opaque;
    (void)req;
    resp->ret = *target ? EMU_INPUT_BALLOON_TARGET : EMU_INPUT_NONE;
    resp->vals[0] = *target;
    return 0;
}

static void ev(struct machine *m, uint32_t kind, uint64_t icount, uint64_t a,
               uint64_t b, size_t n_pfns, const char *msg)
{
    static const uint32_t pfns[8];
    struct emu_dev_event e = {.kind = kind, .icount = icount, .a = a, .b = b,
                              .pfns = pfns, .n_pfns = n_pfns, .msg = msg,
                              .msg_len = msg ? strlen(msg) : 0};
    m->hooks->dev_event(m->hooks->opaque, m, &e);
}

static void target(struct machine *m, uint64_t *t, uint64_t pages,
                   uint64_t icount)
{
    *t = pages;
    struct emu_host_req req = {.kind = EMU_HOST_INPUT, .icount = icount};
    struct emu_host_resp resp;
    memset(&resp, 0, sizeof resp);
    assert_int_equal(m->hooks->host_call(m->hooks->opaque, &req, &resp), 0);
}

static void test_outcome_from_events(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 0);
    assert_non_null(m);
    uint64_t t = 0;
    struct emu_hooks inner = {.opaque = &t, .host_call = fake_host};
    mach_set_hooks(m, &inner);
    static struct outcome o;
    outcome_init(&o);
    outcome_attach(&o, m);
    target(m, &t, 8, 100);
    ev(m, EMU_DEV_BALLOON_INFLATE, 110, 0, 0, 8, NULL);
    ev(m, EMU_DEV_BALLOON_DEFLATE, 200, BALLOON_DEFL_OOM, 0, 3, NULL);
    ev(m, EMU_DEV_OOM_KILL, 300, 2, 77, 0, "hog");
    ev(m, EMU_DEV_BALLOON_VIOLATION, 310, 0x5000, 5, 0, NULL);
    outcome_finish(&o, 1, 1, 400);
    assert_int_equal(o.n_steps, 2);
    assert_int_equal(o.step[1].target, 8);
    assert_int_equal(o.step[1].held_max, 8);
    assert_int_equal(o.step[1].held_min, 0);
    assert_int_equal(o.oom_deflated, 3);
    assert_int_equal(o.kill_held, 5);
    assert_string_equal(o.kill_name, "hog");
    assert_true(outcome_has(&o, OF_OOM_KILL));
    assert_true(outcome_has(&o, OF_KILL_WITH_BALLOON));
    assert_true(outcome_has(&o, OF_OOM_DEFLATE));
    assert_true(outcome_has(&o, OF_VIOLATION));
    assert_true(outcome_has(&o, OF_POWERED_OFF));
    assert_false(outcome_has(&o, OF_HANG));

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    outcome_print(&o, f);
    fclose(f);
    assert_non_null(strstr(buf, "outcome: OOM KILL of task 2 (hog) at icount 300"));
    assert_non_null(strstr(buf, "the balloon holding 5 pages"));
    assert_non_null(strstr(buf, "icount         100:      8 -> 0..8"));
    free(buf);

    static struct scenario s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "x");
    s.expect = 1u << OF_OOM_KILL;
    s.expect_not = 1u << OF_HANG;
    f = open_memstream(&buf, &len);
    assert_int_equal(scenario_check(&s, &o, f), 1);
    s.expect |= 1u << OF_HANG;
    s.expect_not = 1u << OF_VIOLATION;
    assert_int_equal(scenario_check(&s, &o, f), 0);
    fclose(f);
    assert_non_null(strstr(buf, "scenario x: as expected"));
    assert_non_null(strstr(buf, "NOT as expected: unexpected violation, expected hang") ||
                    strstr(buf, "NOT as expected: expected hang, unexpected violation"));
    free(buf);
    mach_free(m);
}

static void test_hang_and_facts(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 0);
    static struct outcome o;
    outcome_init(&o);
    outcome_attach(&o, m); /* no hooks before: events only */
    assert_null(o.fwd.hooks.host_call);
    ev(m, EMU_DEV_HANG, 900, 0, 0, 0, "no heartbeat\x01");
    outcome_finish(&o, 1, 124, 900);
    assert_true(outcome_has(&o, OF_HANG));
    assert_false(outcome_has(&o, OF_POWERED_OFF));
    assert_string_equal(o.hang_msg, "no heartbeat?"); /* printable */
    for (unsigned i = 0; i < OF_COUNT; i++)
        assert_int_equal(outcome_fact_parse(outcome_fact_name(i)), (int)i);
    assert_int_equal(outcome_fact_parse("nope"), -1);
    assert_null(outcome_fact_name(OF_COUNT));
    mach_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_every_key),
        cmocka_unit_test(test_name_defaults_to_the_file),
        cmocka_unit_test(test_refuses_bad_input),
        cmocka_unit_test(test_kernel_lookup),
        cmocka_unit_test(test_outcome_from_events),
        cmocka_unit_test(test_hang_and_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
