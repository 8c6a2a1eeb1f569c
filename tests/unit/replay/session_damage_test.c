/*
 * session_damage_test.c — replaying damaged journals (the record/replay
 * issue's acceptance): a journal of the nondet guest, cut at every length
 * and with a byte flipped at every offset, must replay to a clean error
 * (SESS_JOURNAL) or a divergence report (SESS_DIVERGED), never crash, hang
 * or pass as good; the intact journal replays identically.
 *
 * Runs in-process (sess_replay) so that thousands of replays take seconds.
 * Needs the guest built by the test suite ($E2K_GUEST/nondet.elf).
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

#include "replay/session.h"

static char g_dir[256];
static uint8_t *g_journal;
static size_t g_journal_bytes;
static struct sess_result g_rec;
static FILE *g_null;

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int setup(void **state)
{
    (void)state;
    const char *guest = getenv("E2K_GUEST");
    if (!guest)
        return -1;
    char elf_path[512];
    snprintf(elf_path, sizeof elf_path, "%s/nondet.elf", guest);
    size_t elf_len;
    uint8_t *elf = slurp(elf_path, &elf_len);
    if (!elf) {
        fprintf(stderr, "cannot read %s (build the guests first)\n", elf_path);
        return -1;
    }
    snprintf(g_dir, sizeof g_dir, "/tmp/e2k-damage-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char jpath[300];
    snprintf(jpath, sizeof jpath, "%s/j.e2krr", g_dir);
    g_null = fopen("/dev/null", "w");
    /* stdin: the test's own (whatever it is): read may return 0 bytes or
     * data; the journal captures either. */
    const char *argv[] = {"nondet"};
    const char *envp[] = {"E2K_TEST=1", NULL};
    struct sess_record_opts o = {
        .journal = jpath, .program = elf, .program_bytes = elf_len,
        .argc = 1, .argv = argv, .envp = envp, .log = g_null,
    };
    int rc = sess_record(&o, &g_rec);
    free(elf);
    if (rc != SESS_OK) {
        fprintf(stderr, "record failed: %s\n", g_rec.msg);
        return -1;
    }
    g_journal = slurp(jpath, &g_journal_bytes);
    return g_journal ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", g_dir);
    free(g_journal);
    if (g_null)
        fclose(g_null);
    return 0;
}

static int replay_bytes(const uint8_t *b, size_t n, struct sess_result *res)
{
    char path[300];
    snprintf(path, sizeof path, "%s/d.e2krr", g_dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
    struct sess_replay_opts o = {.journal = path, .emit_output = 0, .log = g_null};
    return sess_replay(&o, res);
}

static void test_intact_journal_replays_identically(void **state)
{
    (void)state;
    struct sess_result res;
    assert_int_equal(replay_bytes(g_journal, g_journal_bytes, &res), SESS_OK);
    assert_int_equal(res.exit_status, g_rec.exit_status);
    assert_int_equal(res.icount, g_rec.icount);
    assert_memory_equal(res.state, g_rec.state, 32);
}

static void test_every_cut_point_is_reported(void **state)
{
    (void)state;
    for (size_t n = 0; n < g_journal_bytes; n++) {
        struct sess_result res;
        int rc = replay_bytes(g_journal, n, &res);
        if (rc != SESS_JOURNAL && rc != SESS_DIVERGED)
            fail_msg("cut at %zu of %zu: outcome %d (%s)", n, g_journal_bytes, rc, res.msg);
        if (!res.msg[0] && !res.report.what[0])
            fail_msg("cut at %zu: no message", n);
    }
}

static void test_every_flipped_byte_is_detected(void **state)
{
    (void)state;
    uint8_t *b = malloc(g_journal_bytes);
    assert_non_null(b);
    for (size_t off = 0; off < g_journal_bytes; off++) {
        memcpy(b, g_journal, g_journal_bytes);
        b[off] ^= 0x5a;
        struct sess_result res;
        int rc = replay_bytes(b, g_journal_bytes, &res);
        if (rc != SESS_JOURNAL && rc != SESS_DIVERGED)
            fail_msg("flip at %zu of %zu: outcome %d: damage not detected", off,
                     g_journal_bytes, rc);
    }
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intact_journal_replays_identically),
        cmocka_unit_test(test_every_cut_point_is_reported),
        cmocka_unit_test(test_every_flipped_byte_is_detected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
