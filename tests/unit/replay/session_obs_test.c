/*
 * session_obs_test.c — the observer of a replay (struct sess_observer,
 * replay/session_obs.c): the step window sees every icount of
 * [from, to + 1] exactly once and in order, a nonzero return ends the
 * replay early as a success, the stepped replay stays identical (same
 * final state as a plain one), and progress reports the end icount.
 * The guest is $E2K_GUEST/hello.elf, recorded here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu/machine.h"
#include "rev_testlib.h"

struct seen {
    uint64_t icounts[256];
    size_t n;
    uint64_t stop_at;          /* return 1 here (0: never) */
    uint64_t progress_calls, progress_end, progress_last;
};

static int on_step(void *ctx, struct machine *m)
{
    struct seen *s = ctx;
    if (s->n < 256)
        s->icounts[s->n++] = m->cpu.icount;
    return s->stop_at && m->cpu.icount == s->stop_at;
}

static void on_progress(void *ctx, uint64_t icount, uint64_t end)
{
    struct seen *s = ctx;
    s->progress_calls++;
    s->progress_end = end;
    s->progress_last = icount;
}

static char journal[64];
static struct sess_result plain;

static int setup(void **state)
{
    (void)state;
    size_t len = 0;
    uint8_t *elf = tl_guest("hello", &len);
    if (!elf)
        return -1;
    snprintf(journal, sizeof journal, "/tmp/session_obs_XXXXXX");
    int fd = mkstemp(journal);
    if (fd < 0)
        return -1;
    close(fd);
    static const char *const argv[] = {"hello"};
    FILE *null = fopen("/dev/null", "w");
    struct sess_record_opts ro = {.journal = journal, .program = elf, .program_bytes = len,
                                  .argc = 1, .argv = argv, .log = null};
    struct sess_result res;
    int rc = sess_record(&ro, &res);
    free(elf);
    fclose(null);
    if (rc != SESS_OK)
        return -1;
    struct sess_replay_opts po = {.journal = journal};
    return sess_replay(&po, &plain) == SESS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    unlink(journal);
    return 0;
}

static void test_step_window_sees_each_icount_once(void **state)
{
    (void)state;
    struct seen s = {0};
    struct sess_observer obs = {.ctx = &s, .step = on_step, .step_from = 10, .step_to = 20,
                                .progress = on_progress};
    struct sess_replay_opts po = {.journal = journal, .obs = &obs};
    struct sess_result res;
    assert_int_equal(sess_replay(&po, &res), SESS_OK);
    assert_false(res.stopped);
    assert_int_equal(s.n, 12);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.icounts[i], 10 + i);
    /* stepping changed nothing */
    assert_int_equal(res.icount, plain.icount);
    assert_string_equal(res.state_hex, plain.state_hex);
    assert_int_equal(res.exit_status, plain.exit_status);
    assert_true(s.progress_calls >= 12);
    assert_int_equal(s.progress_end, plain.icount);
    assert_int_equal(s.progress_last, plain.icount);
}

static void test_nonzero_step_ends_the_replay(void **state)
{
    (void)state;
    struct seen s = {.stop_at = 15};
    struct sess_observer obs = {.ctx = &s, .step = on_step, .step_from = 10, .step_to = 20};
    struct sess_replay_opts po = {.journal = journal, .obs = &obs};
    struct sess_result res;
    assert_int_equal(sess_replay(&po, &res), SESS_OK);
    assert_true(res.stopped);
    assert_int_equal(res.icount, 15);
    assert_int_equal(s.n, 6);
}

static void test_window_past_the_end_gets_the_final_state(void **state)
{
    (void)state;
    struct seen s = {0};
    uint64_t end = plain.icount;
    struct sess_observer obs = {.ctx = &s, .step = on_step, .step_from = end - 2,
                                .step_to = UINT64_MAX};
    struct sess_replay_opts po = {.journal = journal, .obs = &obs};
    struct sess_result res;
    assert_int_equal(sess_replay(&po, &res), SESS_OK);
    assert_int_equal(s.n, 3); /* end - 2, end - 1, and the exit state at end */
    assert_int_equal(s.icounts[2], end);
    assert_string_equal(res.state_hex, plain.state_hex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_window_sees_each_icount_once),
        cmocka_unit_test(test_nonzero_step_ends_the_replay),
        cmocka_unit_test(test_window_past_the_end_gets_the_final_state),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
