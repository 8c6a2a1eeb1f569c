/*
 * rev_test.c — the reverse engine (replay/rev.h) on a recording of
 * tests/guest/replay/timetravel.s: goto in both directions gives the state
 * digest of a straight replay; reverse-stepi N then stepi N comes back to
 * the same state; reverse-continue stops at the last breakpoint hit, the
 * last write to a watched quad (by the guest and by a system call), the
 * last read of a read-watched one; reverse-stepi across a system call;
 * REV_STOP_BEGIN at icount 0 and REV_STOP_END past the end; live sessions
 * refuse to go back; user checkpoints, events, interrupts.
 *
 * The guest's loop: iteration i (0-based) stores arr[i % 64] = 3i and
 * counter = i, then reaches `mark`; it reads `probe` every iteration and
 * calls clock_gettime (writing `ts`) after iterations 15, 31, ...
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "emu/cpu.h"
#include "emu/mem.h"
#include "replay/rev.h"
#include "replay/rev_internal.h" /* the policy's spacing, to test many checkpoints */
#include "rev_testlib.h"

static char g_dir[256];
static char g_journal[300];
static struct sess_result g_rec;
static uint8_t *g_elf;
static size_t g_elf_len;
static uint64_t g_loop, g_mark, g_sys, g_counter, g_probe, g_ts;
/* Second round: checkpoints every few hundred bundles instead of the
 * default spacing (which leaves only the one at icount 0 for this short
 * guest), so restores pick checkpoints in the middle, deltas chain and
 * the policy prunes. */
static int g_dense;

static int setup(void **state)
{
    (void)state;
    g_elf = tl_guest("timetravel", &g_elf_len);
    if (!g_elf)
        return -1;
    g_loop = tl_symbol(g_elf, g_elf_len, "loop");
    g_mark = tl_symbol(g_elf, g_elf_len, "mark");
    g_sys = tl_symbol(g_elf, g_elf_len, "sys");
    g_counter = tl_symbol(g_elf, g_elf_len, "counter");
    g_probe = tl_symbol(g_elf, g_elf_len, "probe");
    g_ts = tl_symbol(g_elf, g_elf_len, "ts");
    if (!g_loop || !g_mark || !g_sys || !g_counter || !g_probe || !g_ts)
        return -1;
    snprintf(g_dir, sizeof g_dir, "/tmp/e2k-rev-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    int rc = tl_record(g_elf, g_elf_len, g_dir, "timetravel", g_journal, sizeof g_journal,
                       &g_rec);
    return rc == SESS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    free(g_elf);
    return system(cmd) == 0 ? 0 : -1;
}

static struct rev_session *open_session(void)
{
    struct rev_opts o = {.journal = g_journal};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    int rc = rev_open(&s, &o, &err);
    if (rc)
        fail_msg("rev_open: %s", err.msg);
    if (g_dense) {
        s->pol.unit = 97;
        s->pol.forward_every = 1000;
    }
    return s;
}

static void assert_straight(struct rev_session *s)
{
    uint8_t want[32], got[32];
    uint64_t ic = rev_icount(s);
    assert_int_equal(tl_straight_digest(g_journal, ic, want), 0);
    tl_digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
}

static uint64_t quad(struct rev_session *s, uint64_t addr)
{
    uint64_t v = 0;
    assert_int_equal(rev_read_mem(s, addr, &v, 8), 0);
    return v;
}

static void go(struct rev_session *s, uint64_t icount)
{
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_goto(s, icount, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_GOTO);
    assert_int_equal(st.icount, icount);
    assert_int_equal(rev_icount(s), icount);
}

static void test_goto_matches_straight_replay(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    assert_true(rev_is_replay(s));
    assert_int_equal(rev_end_icount(s), g_rec.icount);
    static const uint64_t at[] = {20000, 300, 12345, 12344, 0, 24000, 1, 9999, 9999, 15000};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        go(s, at[i]);
        assert_straight(s);
    }
    assert_true(rev_checkpoint_bytes(s) > 0);
    struct rev_ckpt_info info[256];
    size_t n = rev_checkpoints(s, info, 256);
    if (g_dense) /* several levels of the policy, but O(log) of them */
        assert_true(n > 6 && n < 60);
    else
        assert_true(n >= 1);
    rev_close(s);
}

static void test_rstepi_then_stepi_returns(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, 17003);
    uint8_t before[32], after[32];
    tl_digest(rev_machine(s), before);
    static const uint64_t n[] = {1, 1, 7, 300, 1, 5000};
    uint64_t ic = 17003;
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        assert_int_equal(rev_rstep(s, n[i], &st, &err), 0);
        assert_int_equal(st.reason, REV_STOP_STEP);
        ic -= n[i];
        assert_int_equal(rev_icount(s), ic);
        assert_straight(s);
    }
    assert_int_equal(rev_step(s, 17003 - ic, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_STEP);
    assert_int_equal(rev_icount(s), 17003);
    tl_digest(rev_machine(s), after);
    assert_memory_equal(before, after, 32);
    /* Single steps one by one, back and forth. */
    for (int i = 0; i < 20; i++) {
        assert_int_equal(rev_rstep(s, 1, &st, &err), 0);
        assert_int_equal(rev_icount(s), 17002 - (uint64_t)i);
    }
    assert_straight(s);
    for (int i = 0; i < 20; i++)
        assert_int_equal(rev_step(s, 1, &st, &err), 0);
    tl_digest(rev_machine(s), after);
    assert_memory_equal(before, after, 32);
    rev_close(s);
}

static void test_reverse_continue_to_last_breakpoint(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, 20000);
    uint64_t here = quad(s, g_counter); /* the last iteration that stored */
    assert_int_equal(rev_break_insert(s, g_mark, &err), 0);
    uint64_t prev_icount = 20000;
    for (int k = 0; k < 5; k++) {
        assert_int_equal(rev_rcontinue(s, &st, &err), 0);
        assert_int_equal(st.reason, REV_STOP_BREAK);
        assert_int_equal(st.pc, g_mark);
        assert_int_equal(rev_machine(s)->cpu.ip, g_mark);
        assert_true(st.icount < prev_icount);
        prev_icount = st.icount;
        /* At mark the iteration has stored counter = i. */
        assert_int_equal(quad(s, g_counter), here - (uint64_t)k);
        assert_straight(s);
    }
    /* Forward continue stops at the next hit again. */
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(quad(s, g_counter), here - 3);
    /* A reverse-continue with the breakpoint before every hit: begin. */
    assert_int_equal(rev_break_remove(s, g_mark, &err), 0);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_icount(s), 0);
    assert_straight(s);
    rev_close(s);
}

static void test_reverse_continue_to_last_write(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, 15000);
    uint64_t v = quad(s, g_counter);
    assert_int_equal(rev_watch_insert(s, g_counter, 8, REV_WATCH_WRITE, &err), 0);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(rev_rcontinue(s, &st, &err), 0);
        assert_int_equal(st.reason, REV_STOP_WATCH);
        assert_int_equal(st.watch_kind, REV_WATCH_WRITE);
        assert_int_equal(st.addr, g_counter);
        assert_int_equal(st.len, 8);
        /* Stopped right after the storing bundle: it is `mark` next. */
        assert_int_equal(rev_machine(s)->cpu.ip, g_mark);
        assert_int_equal(quad(s, g_counter), v - (uint64_t)k);
        assert_straight(s);
    }
    /* Forward: the next write. */
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_int_equal(quad(s, g_counter), v - 2);
    assert_int_equal(rev_machine(s)->cpu.ip, g_mark);
    rev_close(s);
}

static void test_reverse_continue_to_last_read(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, 9000);
    assert_int_equal(rev_watch_insert(s, g_probe, 8, REV_WATCH_READ, &err), 0);
    /* The probe is read by the second bundle of the iteration. */
    uint64_t prev = UINT64_MAX;
    for (int k = 0; k < 3; k++) {
        assert_int_equal(rev_rcontinue(s, &st, &err), 0);
        assert_int_equal(st.reason, REV_STOP_WATCH);
        assert_int_equal(st.watch_kind, REV_WATCH_READ);
        assert_int_equal(st.addr, g_probe);
        struct machine *m = rev_machine(s);
        /* After bundle 2 of the loop: the third bundle is next. */
        assert_true(m->cpu.ip > g_loop && m->cpu.ip < g_mark);
        if (prev != UINT64_MAX)
            assert_true(prev > st.icount);
        prev = st.icount;
        assert_straight(s);
    }
    /* Writes do not trigger a read watchpoint; accesses trigger both. */
    assert_int_equal(rev_watch_remove(s, g_probe, 8, REV_WATCH_READ, &err), 0);
    assert_int_equal(rev_watch_insert(s, g_counter, 8, REV_WATCH_READ, &err), 0);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_watch_remove(s, g_counter, 8, REV_WATCH_READ, &err), 0);
    go(s, 9000);
    assert_int_equal(rev_watch_insert(s, g_probe, 8, REV_WATCH_ACCESS, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_int_equal(st.watch_kind, REV_WATCH_ACCESS);
    rev_close(s);
}

static void test_reverse_across_a_system_call(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    /* Find a system call: continue to the `sys` bundle. */
    go(s, 5000);
    assert_int_equal(rev_break_insert(s, g_sys, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.pc, g_sys);
    uint64_t at = st.icount;
    assert_int_equal(rev_break_remove(s, g_sys, &err), 0);
    /* Step over it, then back, then forward again. */
    assert_int_equal(rev_step(s, 1, &st, &err), 0);
    assert_int_equal(rev_icount(s), at + 1);
    assert_straight(s);
    uint8_t after[32], again[32];
    tl_digest(rev_machine(s), after);
    assert_int_equal(rev_rstep(s, 1, &st, &err), 0);
    assert_int_equal(rev_icount(s), at);
    assert_int_equal(rev_machine(s)->cpu.ip, g_sys);
    assert_straight(s);
    assert_int_equal(rev_step(s, 1, &st, &err), 0);
    tl_digest(rev_machine(s), again);
    assert_memory_equal(after, again, 32);
    /* The system call's write to ts is a watchpoint hit too. */
    go(s, at + 40);
    assert_int_equal(rev_watch_insert(s, g_ts, 16, REV_WATCH_WRITE, &err), 0);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_int_equal(st.icount, at + 1);
    assert_straight(s);
    rev_close(s);
}

static void test_begin_and_end(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_rstep(s, 1, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    go(s, 10);
    assert_int_equal(rev_rstep(s, 11, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_icount(s), 0);
    /* Forward to the end: the exit, then "end of recording". */
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_EXITED);
    assert_int_equal(st.status, 0);
    assert_int_equal(st.icount, g_rec.icount);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_step(s, 1, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_goto(s, g_rec.icount + 100, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_icount(s), g_rec.icount);
    /* And back from the end. */
    assert_int_equal(rev_rstep(s, 3, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_STEP);
    assert_int_equal(rev_icount(s), g_rec.icount - 3);
    assert_straight(s);
    rev_close(s);
}

static void test_live_session_is_forward_only(void **state)
{
    (void)state;
    const char *argv[] = {"timetravel"};
    struct rev_opts o = {.program = g_elf, .program_bytes = g_elf_len, .argc = 1,
                         .argv = argv};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    assert_int_equal(rev_open(&s, &o, &err), 0);
    assert_false(rev_is_replay(s));
    assert_int_equal(rev_end_icount(s), UINT64_MAX);
    struct rev_stop st;
    assert_int_equal(rev_break_insert(s, g_mark, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(rev_rstep(s, 1, &st, &err), REV_E_NOTSUP);
    assert_int_equal(rev_rcontinue(s, &st, &err), REV_E_NOTSUP);
    assert_int_equal(rev_goto(s, 1, &st, &err), REV_E_NOTSUP);
    uint64_t id;
    assert_int_equal(rev_checkpoint(s, &id, &err), REV_E_NOTSUP);
    uint64_t v = 5;
    assert_int_equal(rev_write_mem(s, g_probe, &v, 8, &err), 0);
    assert_int_equal(quad(s, g_probe), 5);
    assert_int_equal(rev_break_remove(s, g_mark, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_EXITED);
    rev_close(s);
}

static void test_writes_refused_in_replay(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_err err = {0};
    uint64_t v = 1;
    assert_int_equal(rev_write_mem(s, g_probe, &v, 8, &err), REV_E_READONLY);
    rev_close(s);
}

static void test_user_checkpoints(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_err err = {0};
    go(s, 7777);
    uint64_t id = 0;
    assert_int_equal(rev_checkpoint(s, &id, &err), 0);
    assert_true(id > 0);
    go(s, 20000);
    go(s, 100);
    struct rev_ckpt_info info[64];
    size_t n = rev_checkpoints(s, info, 64);
    assert_true(n >= 2 && n <= 64);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (info[i].id == id) {
            found = 1;
            assert_int_equal(info[i].icount, 7777);
            assert_true(info[i].pinned);
        }
    assert_true(found);
    rev_close(s);
}

struct ev_count {
    int n;
    uint64_t first, last;
};

static int count_ev(void *ctx, uint32_t kind, uint64_t icount, const char *text)
{
    struct ev_count *c = ctx;
    (void)kind;
    assert_non_null(text);
    if (!c->n)
        c->first = icount;
    c->last = icount;
    c->n++;
    return 0;
}

static void test_events_in_a_range(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_err err = {0};
    struct ev_count c = {0};
    assert_int_equal(rev_events(s, 1000, 3000, count_ev, &c, &err), 0);
    /* One clock_gettime every 16 iterations of ~8 bundles. */
    assert_true(c.n >= 10 && c.n <= 25);
    assert_true(c.first >= 1000 && c.last <= 3000);
    rev_close(s);
}

static void test_interrupt_stops_continue(void **state)
{
    (void)state;
    struct rev_session *s = open_session();
    struct rev_stop st;
    struct rev_err err = {0};
    rev_interrupt(s);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_INTERRUPT);
    /* It was consumed: the next continue runs to the exit. */
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_EXITED);
    rev_close(s);
}

static void test_journal_checkpoints_enter_a_recording(void **state)
{
    (void)state;
    char journal[300];
    struct sess_result rec;
    /* Same program, journal checkpoints every 3000 instructions (the
     * clock values differ from g_journal's: a separate recording). */
    assert_int_equal(tl_record_ck(g_elf, g_elf_len, g_dir, "timetravel-ck", 3000, journal,
                                  sizeof journal, &rec),
                     SESS_OK);
    assert_true(rec.checkpoints >= 7);
    struct rev_opts o = {.journal = journal};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    struct rev_stop st;
    assert_int_equal(rev_open(&s, &o, &err), 0);
    s->pol.unit = 97;
    s->pol.forward_every = 1000;
    assert_int_equal(rev_goto(s, 22222, &st, &err), 0);
    assert_int_equal(rev_icount(s), 22222);
    assert_true(s->jck_applied >= 7); /* entered through 3000 .. 21000 */
    uint8_t want[32], got[32];
    assert_int_equal(tl_straight_digest(journal, 22222, want), 0);
    tl_digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
    /* Everything else still works from there. */
    assert_int_equal(rev_rstep(s, 5, &st, &err), 0);
    assert_int_equal(tl_straight_digest(journal, 22217, want), 0);
    tl_digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
    assert_int_equal(rev_goto(s, 4000, &st, &err), 0);
    assert_int_equal(tl_straight_digest(journal, 4000, want), 0);
    tl_digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
    rev_close(s);
}

/* Record another guest of the suite and open it. */
static struct rev_session *open_guest(const char *name, char *journal, size_t cap,
                                      uint8_t **elf, size_t *len, struct sess_result *rec)
{
    *elf = tl_guest(name, len);
    assert_non_null(*elf);
    tl_record(*elf, *len, g_dir, name, journal, cap, rec);
    struct rev_opts o = {.journal = journal};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    if (rev_open(&s, &o, &err))
        fail_msg("rev_open: %s", err.msg);
    if (g_dense) {
        s->pol.unit = 97;
        s->pol.forward_every = 1000;
    }
    return s;
}

/* A handler entered by a fault runs at the faulting bundle's icount: a
 * breakpoint there stops after the exception was handled. Going back to
 * such a stop gives exactly that state again, and goto of its icount gives
 * the state before the fault. */
static void test_reverse_across_signal_delivery(void **state)
{
    (void)state;
    char journal[300];
    uint8_t *elf;
    size_t len;
    struct sess_result rec;
    struct rev_session *s = open_guest("conf_exceptions", journal, sizeof journal, &elf, &len,
                                       &rec);
    uint64_t handler = tl_symbol(elf, len, "t_sig_handler");
    assert_true(handler != 0);
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_break_insert(s, handler, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.pc, handler);
    uint64_t first = st.icount;
    uint8_t at_first[32], now[32], want[32];
    tl_digest(rev_machine(s), at_first);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_true(st.icount > first);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.icount, first);
    assert_int_equal(rev_machine(s)->cpu.ip, handler);
    tl_digest(rev_machine(s), now);
    assert_memory_equal(now, at_first, 32);
    /* goto: before the fault (the faulting bundle is next). */
    assert_int_equal(rev_goto(s, first, &st, &err), 0);
    assert_int_not_equal(rev_machine(s)->cpu.ip, handler);
    assert_int_equal(tl_straight_digest(journal, first, want), 0);
    tl_digest(rev_machine(s), now);
    assert_memory_equal(now, want, 32);
    /* stepi from there runs the fault and the handler's first bundle. */
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.icount, first);
    rev_close(s);
    free(elf);
}

static void test_fatal_signal_stops_before_the_exit(void **state)
{
    (void)state;
    char journal[300];
    uint8_t *elf;
    size_t len;
    struct sess_result rec;
    struct rev_session *s = open_guest("conf_exceptions-default", journal, sizeof journal,
                                       &elf, &len, &rec);
    assert_int_equal(rec.exit_status, 139);
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_SIGNAL);
    assert_int_equal(st.signo, 11);
    assert_int_equal(st.icount, rec.icount);
    int status;
    assert_false(lnx_exited(rev_machine(s), &status)); /* still alive, at the fault */
    uint8_t want[32], now[32];
    assert_int_equal(tl_straight_digest(journal, st.icount, want), 0);
    tl_digest(rev_machine(s), now);
    assert_memory_equal(now, want, 32);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_EXITED);
    assert_int_equal(st.status, 139);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_rstep(s, 1, &st, &err), 0);
    assert_int_equal(rev_icount(s), rec.icount - 1);
    rev_close(s);
    free(elf);
}

/* A journal cut short: the session replays what it has and stops with
 * REV_STOP_END just before the first bundle that needs a missing input;
 * that is then the end in both directions. */
static void test_truncated_journal_ends_cleanly(void **state)
{
    (void)state;
    char journal[300], cut[320];
    uint8_t *elf;
    size_t len = 0;
    struct sess_result rec;
    /* bench_syscalls: a host request every 4 bundles, ~15 journal frames. */
    elf = tl_guest("bench_syscalls", &len);
    if (!elf)
        skip();
    assert_int_equal(tl_record(elf, len, g_dir, "syscalls", journal, sizeof journal, &rec),
                     SESS_OK);
    size_t jlen = 0;
    uint8_t *j = tl_slurp(journal, &jlen);
    assert_non_null(j);
    snprintf(cut, sizeof cut, "%s.cut", journal);
    FILE *f = fopen(cut, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(j, 1, jlen / 2, f), jlen / 2);
    fclose(f);
    free(j);
    struct rev_opts o = {.journal = cut};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    struct rev_stop st;
    assert_int_equal(rev_open(&s, &o, &err), 0);
    uint64_t last = rev_end_icount(s); /* the last event's icount for now */
    assert_true(last > 0 && last < rec.icount);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    uint64_t end = st.icount;
    assert_true(end >= last && end < rec.icount);
    assert_int_equal(rev_end_icount(s), end);
    uint8_t want[32], got[32];
    assert_int_equal(tl_straight_digest(journal, end, want), 0);
    tl_digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
    assert_int_equal(rev_step(s, 1, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_icount(s), end);
    assert_int_equal(rev_goto(s, end + 1000, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_icount(s), end);
    assert_int_equal(rev_rstep(s, 10, &st, &err), 0);
    assert_int_equal(rev_icount(s), end - 10);
    assert_int_equal(rev_goto(s, end / 2, &st, &err), 0);
    assert_int_equal(tl_straight_digest(journal, end / 2, want), 0);
    tl_digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
    rev_close(s);
    free(elf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goto_matches_straight_replay),
        cmocka_unit_test(test_rstepi_then_stepi_returns),
        cmocka_unit_test(test_reverse_continue_to_last_breakpoint),
        cmocka_unit_test(test_reverse_continue_to_last_write),
        cmocka_unit_test(test_reverse_continue_to_last_read),
        cmocka_unit_test(test_reverse_across_a_system_call),
        cmocka_unit_test(test_begin_and_end),
        cmocka_unit_test(test_live_session_is_forward_only),
        cmocka_unit_test(test_writes_refused_in_replay),
        cmocka_unit_test(test_user_checkpoints),
        cmocka_unit_test(test_events_in_a_range),
        cmocka_unit_test(test_interrupt_stops_continue),
        cmocka_unit_test(test_journal_checkpoints_enter_a_recording),
        cmocka_unit_test(test_reverse_across_signal_delivery),
        cmocka_unit_test(test_fatal_signal_stops_before_the_exit),
        cmocka_unit_test(test_truncated_journal_ends_cleanly),
    };
    int failed = cmocka_run_group_tests_name("default spacing", tests, setup, teardown);
    g_dense = 1;
    failed += cmocka_run_group_tests_name("dense checkpoints", tests, setup, teardown);
    return failed;
}
