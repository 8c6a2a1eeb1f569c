/*
 * divergence_test.c — replay reports the first divergence precisely
 * (docs/record-replay.md §4): journals that are intact as files (every
 * check value right) but say something else than what the guest does.
 *
 * A recording of the nondet guest is copied event by event through the
 * journal writer, with one change on the way; each change must make replay
 * report SESS_DIVERGED with the right icount and kind of difference, and
 * the unchanged copy must replay identically (so the copying is faithful).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "emu/hooks.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "replay/session.h"

static char g_dir[256];
static char g_orig[300];
static FILE *g_null;

enum change {
    CH_NONE,
    CH_RANDOM_BYTES,  /* flip a byte of the random data the guest got */
    CH_READ_RESULT,   /* read() returns one byte less */
    CH_SYSCALL_NR,    /* the write is recorded as another syscall */
    CH_DROP_EVENT,    /* the clock event is missing */
    CH_EXIT_STATUS    /* the recorded exit status differs */
};

struct host_result {
    uint64_t hkind, check, nvals, nout;
    int64_t nr, ret;
    uint64_t vals[EMU_HOST_MAX_ARGS];
    const uint8_t *out[EMU_HOST_MAX_BUFS];
    uint32_t out_len[EMU_HOST_MAX_BUFS];
};

static void parse_hr(const struct jrnl_event *ev, struct host_result *h)
{
    struct jrnl_cur c;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    assert_int_equal(jrnl_cur_u(&c, &h->hkind), 0);
    assert_int_equal(jrnl_cur_s(&c, &h->nr), 0);
    assert_int_equal(jrnl_cur_s(&c, &h->ret), 0);
    assert_int_equal(jrnl_cur_u(&c, &h->check), 0);
    assert_int_equal(jrnl_cur_u(&c, &h->nvals), 0);
    assert_true(h->nvals <= EMU_HOST_MAX_ARGS);
    for (uint64_t i = 0; i < h->nvals; i++)
        assert_int_equal(jrnl_cur_u(&c, &h->vals[i]), 0);
    assert_int_equal(jrnl_cur_u(&c, &h->nout), 0);
    assert_true(h->nout <= EMU_HOST_MAX_BUFS);
    for (uint64_t i = 0; i < h->nout; i++)
        assert_int_equal(jrnl_cur_bytes(&c, &h->out[i], &h->out_len[i]), 0);
}

/* Copy g_orig to `path` with `change` applied. Returns the icount of the
 * event that was changed (or dropped). */
static uint64_t copy_with(const char *path, enum change change)
{
    struct jrnl_reader *r = NULL;
    struct jrnl_err err;
    assert_int_equal(jrnl_reader_open(&r, g_orig, &err), 0);
    struct jrnl_header hdr = *jrnl_reader_header(r);
    struct jrnl_writer *w = NULL;
    assert_int_equal(jrnl_writer_open(&w, path, &hdr, NULL, &err), 0);
    struct jrnl_event ev;
    struct jrnl_end end = {0};
    uint64_t changed_at = UINT64_MAX;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, &err)) == 1) {
        if (ev.kind == JRNL_K_END) {
            struct jrnl_cur c;
            int64_t st;
            const uint8_t *hr, *hm;
            jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
            assert_int_equal(jrnl_cur_s(&c, &st), 0);
            assert_int_equal(jrnl_cur_hash(&c, &hr), 0);
            assert_int_equal(jrnl_cur_hash(&c, &hm), 0);
            end.final_icount = ev.icount;
            end.exit_status = (int32_t)st;
            memcpy(end.regs_hash, hr, 32);
            memcpy(end.mem_hash, hm, 32);
            if (change == CH_EXIT_STATUS) {
                end.exit_status ^= 1;
                changed_at = ev.icount;
            }
            continue;
        }
        if (ev.kind == JRNL_K_STATE_HASH) {
            struct jrnl_cur c;
            const uint8_t *hr, *hm;
            jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
            assert_int_equal(jrnl_cur_hash(&c, &hr), 0);
            assert_int_equal(jrnl_cur_hash(&c, &hm), 0);
            jrnl_put_state_hash(w, ev.icount, hr, hm);
            continue;
        }
        assert_int_equal(ev.kind, JRNL_K_HOST_RESULT);
        struct host_result h;
        parse_hr(&ev, &h);
        uint8_t tmp[4096];
        const uint8_t *out0 = h.nout ? h.out[0] : NULL;
        if (changed_at == UINT64_MAX) {
            if (change == CH_RANDOM_BYTES && h.hkind == EMU_HOST_RANDOM && ev.icount > 0 &&
                h.nout && h.out_len[0] && h.out_len[0] <= sizeof tmp) {
                memcpy(tmp, h.out[0], h.out_len[0]);
                tmp[0] ^= 0x40;
                out0 = tmp;
                changed_at = ev.icount;
            } else if (change == CH_READ_RESULT && h.hkind == EMU_HOST_SYSCALL && h.nr == 3) {
                /* the guest gets one byte less (or -EIO if nothing was read) */
                h.ret = h.ret > 0 ? h.ret - 1 : -5;
                if (h.nout && h.out_len[0])
                    h.out_len[0]--;
                changed_at = ev.icount;
            } else if (change == CH_SYSCALL_NR && h.hkind == EMU_HOST_SYSCALL && h.nr == 4) {
                h.nr = 20;
                changed_at = ev.icount;
            } else if (change == CH_DROP_EVENT && h.hkind == EMU_HOST_CLOCK) {
                changed_at = ev.icount;
                continue;
            }
        }
        jrnl_put_begin(w, JRNL_K_HOST_RESULT, ev.icount);
        jrnl_put_u(w, h.hkind);
        jrnl_put_s(w, h.nr);
        jrnl_put_s(w, h.ret);
        jrnl_put_u(w, h.check);
        jrnl_put_u(w, h.nvals);
        for (uint64_t i = 0; i < h.nvals; i++)
            jrnl_put_u(w, h.vals[i]);
        jrnl_put_u(w, h.nout);
        for (uint64_t i = 0; i < h.nout; i++)
            jrnl_put_bytes(w, i == 0 ? out0 : h.out[i], h.out_len[i]);
        jrnl_put_end(w);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(jrnl_writer_close(w, &end, &err), 0);
    jrnl_reader_close(r);
    if (change != CH_NONE)
        assert_true(changed_at != UINT64_MAX);
    return changed_at;
}

static int replay(const char *path, struct sess_result *res)
{
    struct sess_replay_opts o = {.journal = path, .emit_output = 0, .log = g_null};
    return sess_replay(&o, res);
}

static int setup(void **state)
{
    (void)state;
    const char *guest = getenv("E2K_GUEST");
    if (!guest)
        return -1;
    char elf_path[512];
    snprintf(elf_path, sizeof elf_path, "%s/nondet.elf", guest);
    FILE *f = fopen(elf_path, "rb");
    if (!f)
        return -1;
    static uint8_t elf[1 << 16];
    size_t len = fread(elf, 1, sizeof elf, f);
    fclose(f);
    snprintf(g_dir, sizeof g_dir, "/tmp/e2k-div-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    snprintf(g_orig, sizeof g_orig, "%s/orig.e2krr", g_dir);
    g_null = fopen("/dev/null", "w");
    /* Give the guest something on stdin: a pipe with known bytes. */
    int p[2];
    if (pipe(p) != 0)
        return -1;
    int saved = dup(0);
    if (write(p[1], "twelve bytes", 12) != 12)
        return -1;
    close(p[1]);
    dup2(p[0], 0);
    close(p[0]);
    const char *argv[] = {"nondet"};
    const char *envp[] = {"E2K_TEST=1", NULL};
    struct sess_record_opts o = {.journal = g_orig, .program = elf, .program_bytes = len,
                                 .argc = 1, .argv = argv, .envp = envp, .log = g_null};
    struct sess_result res;
    int rc = sess_record(&o, &res);
    dup2(saved, 0);
    close(saved);
    return rc == SESS_OK && res.exit_status == 12 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", g_dir);
    if (g_null)
        fclose(g_null);
    return 0;
}

static void expect_divergence(enum change change, const char *what)
{
    char path[300];
    snprintf(path, sizeof path, "%s/changed.e2krr", g_dir);
    uint64_t at = copy_with(path, change);
    struct sess_result res;
    assert_int_equal(replay(path, &res), SESS_DIVERGED);
    if (!strstr(res.report.what, what))
        fail_msg("report '%s' does not mention '%s'", res.report.what, what);
    /* Reported at the changed event, or at the first check after it. */
    assert_true(res.report.icount >= at);
}

static void test_faithful_copy_replays_identically(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/copy.e2krr", g_dir);
    copy_with(path, CH_NONE);
    struct sess_result a, b;
    assert_int_equal(replay(g_orig, &a), SESS_OK);
    assert_int_equal(replay(path, &b), SESS_OK);
    assert_int_equal(a.exit_status, 12);
    assert_memory_equal(a.state, b.state, 32);
}

static void test_different_random_bytes_show_in_memory(void **state)
{
    (void)state;
    expect_divergence(CH_RANDOM_BYTES, "memory");
}

static void test_different_read_result_shows_in_registers(void **state)
{
    (void)state;
    expect_divergence(CH_READ_RESULT, "registers");
}

static void test_other_syscall_is_named(void **state)
{
    (void)state;
    expect_divergence(CH_SYSCALL_NR, "syscall write");
}

static void test_missing_event_is_reported(void **state)
{
    (void)state;
    expect_divergence(CH_DROP_EVENT, "clock");
}

static void test_other_exit_status_is_reported(void **state)
{
    (void)state;
    expect_divergence(CH_EXIT_STATUS, "exited with status 12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faithful_copy_replays_identically),
        cmocka_unit_test(test_different_random_bytes_show_in_memory),
        cmocka_unit_test(test_different_read_result_shows_in_registers),
        cmocka_unit_test(test_other_syscall_is_named),
        cmocka_unit_test(test_missing_event_is_reported),
        cmocka_unit_test(test_other_exit_status_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
