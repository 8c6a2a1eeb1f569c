/*
 * rev_virt_test.c — the reverse engine (replay/rev.h) on virt-machine
 * journals: tests/guest/virt/virt_irq.S (timer interrupts in host-clock
 * mode, the RTC, a UART input interrupt) and virt_balloon.S (virtio-balloon
 * inflate, a violation, stats, deflate), each recorded here the way
 * tests/guest/virt/virt_test.sh records them.
 *
 * Every state the engine reaches is compared with a straight replay (a
 * fresh machine built by sess_virt_machine, replayed from icount 0 with
 * virt_run in hash-interval slices) through the virt session's digests
 * (sess_virt_digests: registers, RAM and the complete device state), so a
 * checkpoint that misses device state, the machine's poll schedule or a
 * page written by device DMA shows up as a digest difference. Covered:
 * goto both ways; reverse-stepi across an interrupt delivery (and a
 * breakpoint at the trap handler's entry, a state after the delivery at
 * the same icount) and across a balloon inflate (page protection and the
 * DMA-written used ring come back, also from a checkpoint right before the
 * kick, where the DMA write is the only change); breakpoints that stop
 * after the machine's own work at an icount (an input poll, a device
 * interrupt's delivery) and are told apart from the plain position;
 * reverse-continue to the last write of `ticks` by the interrupt handler
 * and to the last DMA write of the inflate queue's used index;
 * REV_STOP_BEGIN and REV_STOP_END; the checkpoint budget. All of it twice:
 * with the default checkpoint spacing and with checkpoints every few
 * thousand bundles, so that restores start from checkpoints in the middle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "emu/machine_virt.h"
#include "emu/mem.h"
#include "replay/rev.h"
#include "replay/rev_internal.h" /* the policy's spacing, for dense checkpoints */
#include "rev_testlib.h"
#include "tools/e2k-rr/virt_cli.h"

static char g_dir[256];
static char g_irq[300], g_bal[300];
static uint64_t g_irq_end, g_bal_end;
static uint64_t g_ticks, g_start, g_vq;          /* symbols */
static uint64_t g_bal_start;
static uint64_t g_timer_at;                      /* a TIMER input's icount */
static uint64_t g_inflate_at, g_inflate_pfn;     /* a BALLOON_INFLATE */
static int g_dense;

/* ---- recording ---- */

static int record(const char *elf_name, const char *journal, int argc,
                  const char *const *argv, const struct virt_host_opts *ho,
                  uint64_t hash_interval, uint64_t *end)
{
    size_t len;
    uint8_t *elf = tl_guest(elf_name, &len);
    if (!elf)
        return -1;
    struct virt_host *host = virt_host_new(ho);
    FILE *null = fopen("/dev/null", "w");
    struct sess_virt_record_opts o = {
        .journal = journal, .kernel = elf, .kernel_bytes = len, .argc = argc, .argv = argv,
        .ram_bytes = 0, .hash_interval = hash_interval, .build = virt_cli_build,
        .live = virt_host_live, .live_opaque = host, .log = null,
    };
    /* The UART output of the recording goes to stdout: keep it quiet. */
    fflush(stdout);
    int saved = dup(1);
    if (null && saved >= 0)
        dup2(fileno(null), 1);
    struct sess_result res;
    int rc = sess_virt_record(&o, &res);
    fflush(stdout);
    if (saved >= 0) {
        dup2(saved, 1);
        close(saved);
    }
    if (null)
        fclose(null);
    virt_host_free(host);
    free(elf);
    if (rc != SESS_OK || !res.exited || res.exit_status != 0) {
        fprintf(stderr, "recording %s: outcome %d, status %d: %s\n", elf_name, rc,
                res.exit_status, res.msg);
        return -1;
    }
    *end = res.icount;
    return 0;
}

/* The first event of `kind` at or after icount `from`; its payload's first
 * pfn (BALLOON_INFLATE) in *pfn. */
static uint64_t find_event(const char *journal, uint32_t kind, uint64_t from, uint64_t *pfn)
{
    struct jrnl_reader *r;
    struct jrnl_err jerr;
    if (jrnl_reader_open(&r, journal, &jerr))
        return 0;
    uint64_t at = 0;
    struct jrnl_event ev;
    while (jrnl_reader_next(r, &ev, &jerr) == 1) {
        if (ev.kind != kind || ev.icount < from)
            continue;
        at = ev.icount;
        if (pfn) {
            struct jrnl_cur c;
            uint64_t n = 0;
            jrnl_cur_init(&c, ev.payload, ev.payload_bytes);
            if (jrnl_cur_u(&c, &n) || !n || jrnl_cur_u(&c, pfn))
                at = 0;
        }
        break;
    }
    jrnl_reader_close(r);
    return at;
}

static int setup(void **state)
{
    (void)state;
    size_t len;
    uint8_t *elf = tl_guest("virt_irq", &len);
    if (!elf)
        return -1;
    g_ticks = tl_symbol(elf, len, "ticks");
    g_start = tl_symbol(elf, len, "_start");
    free(elf);
    elf = tl_guest("virt_balloon", &len);
    if (!elf)
        return -1;
    g_vq = tl_symbol(elf, len, "vq");
    g_bal_start = tl_symbol(elf, len, "_start");
    free(elf);
    if (!g_ticks || !g_start || !g_vq || !g_bal_start)
        return -1;
    snprintf(g_dir, sizeof g_dir, "/tmp/e2k-rev-virt-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    snprintf(g_irq, sizeof g_irq, "%s/irq.e2krr", g_dir);
    snprintf(g_bal, sizeof g_bal, "%s/balloon.e2krr", g_dir);

    /* virt_irq: the UART line comes from a pipe. */
    int p[2];
    if (pipe(p) || write(p[1], "ping\n", 5) != 5)
        return -1;
    close(p[1]);
    const char *irq_argv[] = {"virt_irq.elf", "--mem=8388608", "--clock=host"};
    struct virt_host_opts ho = {.input_fd = p[0]};
    int rc = record("virt_irq", g_irq, 3, irq_argv, &ho, 20000, &g_irq_end);
    close(p[0]);
    if (rc)
        return -1;

    const char *bal_argv[] = {
        "virt_balloon.elf", "--mem=33554432", "--clock=host",
        "--balloon=stats-interval=5ms,deflate-on-oom=on,must-tell-host=on",
        "--balloon-target=100@0ns", "--balloon-target=0@40000000ns"};
    uint32_t pages[] = {100, 0};
    uint64_t at[] = {0, 40000000};
    struct virt_host_opts bo = {.input_fd = -1, .stats_interval_ns = 5000000, .n_targets = 2,
                                .target_pages = pages, .target_at_ns = at};
    if (record("virt_balloon", g_bal, 6, bal_argv, &bo, 50000, &g_bal_end))
        return -1;

    /* The third timer expiry (an interrupt in the middle of the run) and
     * the first inflate. */
    g_timer_at = find_event(g_irq, JRNL_K_TIMER, 0, NULL);
    g_timer_at = find_event(g_irq, JRNL_K_TIMER, g_timer_at + 1, NULL);
    g_timer_at = find_event(g_irq, JRNL_K_TIMER, g_timer_at + 1, NULL);
    g_inflate_at = find_event(g_bal, JRNL_K_BALLOON_INFLATE, 0, &g_inflate_pfn);
    return g_timer_at > 10 && g_inflate_at > 10 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- straight replays and digests ---- */

static void digest(struct machine *m, uint8_t out[32])
{
    uint8_t regs[32], mem[32];
    sess_virt_digests(m, regs, mem);
    sh_state_digest(regs, mem, out);
}

/* The digest of the machine replayed from icount 0 straight to `icount`,
 * in slices of the hash interval (the recording's own slicing). */
static int straight_digest(const char *journal, uint64_t icount, uint8_t out[32])
{
    struct jrnl_reader *r;
    struct jrnl_err jerr;
    if (jrnl_reader_open(&r, journal, &jerr))
        return -1;
    struct sess_replay_opts so = {.journal = journal, .virt_build = virt_cli_build};
    struct machine *m;
    struct gate *g;
    char msg[512];
    if (sess_virt_machine(&so, r, NULL, NULL, NULL, &m, &g, msg, sizeof msg) != SESS_OK) {
        fprintf(stderr, "%s\n", msg);
        jrnl_reader_close(r);
        return -1;
    }
    uint64_t hi = jrnl_reader_header(r)->hash_interval_icount;
    int rc = 0;
    while (m->cpu.icount < icount) {
        const struct jrnl_event *ev;
        if (gate_peek(g, &ev) == 1 && ev->kind == JRNL_K_STATE_HASH &&
            ev->icount == m->cpu.icount) {
            gate_consume(g);
            continue;
        }
        uint64_t seg = (m->cpu.icount / hi + 1) * hi;
        if (seg > icount)
            seg = icount;
        int status;
        struct virt_err verr;
        int vr = virt_run(m, seg, &status, &verr);
        if (vr != VIRT_RUN_LIMIT) {
            rc = vr == VIRT_RUN_EXITED && m->cpu.icount == icount ? 0 : -1;
            break;
        }
    }
    digest(m, out);
    if (m->cpu.icount != icount || gate_report(g, NULL))
        rc = -1;
    mach_free(m);
    gate_free(g);
    jrnl_reader_close(r);
    return rc;
}

static struct rev_session *open_session(const char *journal)
{
    struct rev_opts o = {.journal = journal, .virt_build = virt_cli_build};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    if (rev_open(&s, &o, &err))
        fail_msg("rev_open: %s", err.msg);
    if (g_dense) {
        s->pol.unit = 997;
        s->pol.forward_every = 7001;
    }
    return s;
}

static void assert_straight(struct rev_session *s, const char *journal)
{
    uint8_t want[32], got[32];
    assert_int_equal(straight_digest(journal, rev_icount(s), want), 0);
    digest(rev_machine(s), got);
    assert_memory_equal(got, want, 32);
}

static void go(struct rev_session *s, uint64_t icount)
{
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_goto(s, icount, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_GOTO);
    assert_int_equal(rev_icount(s), icount);
}

static void step(struct rev_session *s, uint64_t n)
{
    struct rev_stop st;
    struct rev_err err = {0};
    uint64_t at = rev_icount(s);
    assert_int_equal(rev_step(s, n, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_STEP);
    assert_int_equal(rev_icount(s), at + n);
}

static void rstep(struct rev_session *s, uint64_t n)
{
    struct rev_stop st;
    struct rev_err err = {0};
    uint64_t at = rev_icount(s);
    assert_int_equal(rev_rstep(s, n, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_STEP);
    assert_int_equal(rev_icount(s), at - n);
}

static uint64_t quad(struct rev_session *s, uint64_t addr)
{
    uint64_t v = 0;
    assert_int_equal(rev_read_mem(s, addr, &v, 8), 0);
    return v;
}

/* ---- tests ---- */

static void test_open_virt_journal(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_irq);
    assert_true(rev_is_replay(s));
    assert_int_equal(rev_machine(s)->kind, MACH_VIRT);
    assert_int_equal(rev_icount(s), 0);
    assert_int_equal(rev_end_icount(s), g_irq_end);
    /* Default budget: twice the guest memory (8 MiB of RAM). */
    int dflt = 0;
    assert_int_equal(rev_checkpoint_budget(s, &dflt), 2 * (8u << 20));
    assert_true(dflt);
    rev_close(s);
    /* Without a machine builder the journal is refused. */
    struct rev_opts o = {.journal = g_irq};
    struct rev_err err = {0};
    s = NULL;
    assert_int_equal(rev_open(&s, &o, &err), REV_E_NOTSUP);
    assert_null(s);
    assert_non_null(strstr(err.msg, "virt"));
}

static void test_goto_matches_straight_replay(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_irq);
    uint64_t e = g_irq_end;
    const uint64_t at[] = {e / 2, 20000, e - 3, 1234, g_timer_at, g_timer_at + 1, 0, e,
                           g_timer_at - 1, 150001, e / 3, 77777};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        go(s, at[i]);
        assert_straight(s, g_irq);
    }
    rev_close(s);

    s = open_session(g_bal);
    e = g_bal_end;
    const uint64_t bat[] = {e - 1, g_inflate_at + 1, 12345, g_inflate_at, e / 2,
                            g_inflate_at + 100, 3, e / 4, e};
    for (size_t i = 0; i < sizeof bat / sizeof bat[0]; i++) {
        go(s, bat[i]);
        assert_straight(s, g_bal);
    }
    struct rev_ckpt_info info[256];
    size_t n = rev_checkpoints(s, info, 256);
    assert_true(n >= 1 && n < 256);
    if (g_dense)
        assert_true(n > 4);
    rev_close(s);
}

/* A timer input at X raises the interrupt, which the CPU takes before
 * bundle X: X + 1 is the first bundle of the trap handler done. */
static void test_rstepi_across_an_interrupt(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_irq);
    uint64_t x = g_timer_at;
    go(s, x - 1);
    uint8_t d[3][32];
    for (int i = 0; i < 3; i++) {
        assert_straight(s, g_irq);
        digest(rev_machine(s), d[i]);
        if (i < 2)
            step(s, 1);
    }
    /* Now at x + 1, inside the handler (TIRs frozen until it reads them). */
    struct cpu_state *c = &rev_machine(s)->cpu;
    assert_true(c->ip > g_start && c->ip < g_start + 0x100);
    uint8_t now[32];
    rstep(s, 1);
    digest(rev_machine(s), now);
    assert_memory_equal(now, d[1], 32);
    assert_true(c->ip < g_start || c->ip >= g_start + 0x1000);
    rstep(s, 1);
    digest(rev_machine(s), now);
    assert_memory_equal(now, d[0], 32);
    step(s, 2);
    digest(rev_machine(s), now);
    assert_memory_equal(now, d[2], 32);

    /* A breakpoint at the handler's entry stops at icount x, after the
     * delivery: a later state than position x, reached again by a
     * reverse-continue from further on. */
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, x);
    assert_int_equal(rev_break_insert(s, g_start, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.icount, x);
    assert_int_equal(st.pc, g_start);
    uint8_t at_break[32];
    digest(rev_machine(s), at_break);
    assert_memory_not_equal(at_break, d[1], 32);
    go(s, x); /* the same icount, back before the delivery */
    digest(rev_machine(s), now);
    assert_memory_equal(now, d[1], 32);
    go(s, x + 50);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.icount, x);
    digest(rev_machine(s), now);
    assert_memory_equal(now, at_break, 32);
    /* One step from the breakpoint: the handler's first bundle. */
    step(s, 1);
    digest(rev_machine(s), now);
    assert_memory_equal(now, d[2], 32);
    rev_close(s);
}

/* Stops at icount `at` in a state after the machine's own work there: not
 * the position `at` (goto gives that), but reached again exactly by a
 * reverse-continue from further on. */
static void check_later_state_at(struct rev_session *s, const char *journal, uint64_t at,
                                 uint64_t pc, const uint8_t *later)
{
    uint8_t now[32], want[32];
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(straight_digest(journal, at, want), 0);
    assert_memory_not_equal(later, want, 32);
    go(s, at);
    digest(rev_machine(s), now);
    assert_memory_equal(now, want, 32);
    go(s, at + 40);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.icount, at);
    assert_int_equal(st.pc, pc);
    digest(rev_machine(s), now);
    assert_memory_equal(now, later, 32);
    /* A user checkpoint there keeps that state apart from position at. */
    uint64_t id;
    assert_int_equal(rev_checkpoint(s, &id, &err), 0);
    go(s, at);
    digest(rev_machine(s), now);
    assert_memory_equal(now, want, 32);
    go(s, at + 40);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.icount, at);
    digest(rev_machine(s), now);
    assert_memory_equal(now, later, 32);
}

/* The first input poll, at icount 0, delivers a UART byte (the receive
 * interrupt is off then): a breakpoint at the first bundle stops after the
 * poll, with the byte in the FIFO -- found by a reverse-continue (going
 * forward from icount 0 steps over a breakpoint there). */
static void test_break_after_an_input_poll(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_irq);
    assert_int_equal(find_event(g_irq, JRNL_K_UART_INPUT, 0, NULL), 0);
    uint64_t pc = rev_machine(s)->cpu.ip;
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_break_insert(s, pc, &err), 0);
    go(s, 500);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.icount, 0);
    uint8_t later[32];
    digest(rev_machine(s), later);
    check_later_state_at(s, g_irq, 0, pc, later);
    rev_close(s);
}

/* The balloon's used-buffer interrupt is raised by the kick (an MMIO
 * store) and taken before the next bundle, in the middle of a run: a
 * breakpoint at the trap table stops after the delivery. */
static void test_break_after_a_device_interrupt(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_bal);
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, g_inflate_at);
    assert_int_equal(rev_break_insert(s, g_bal_start, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BREAK);
    assert_int_equal(st.pc, g_bal_start);
    uint64_t at = st.icount;
    assert_true(at % VIRT_POLL_QUANTUM != 0);
    uint8_t later[32];
    digest(rev_machine(s), later);
    check_later_state_at(s, g_bal, at, g_bal_start, later);
    rev_close(s);
}

static void test_rstepi_across_a_balloon_inflate(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_bal);
    uint64_t y = g_inflate_at, page = g_inflate_pfn << 12;
    unsigned prot = 0;
    go(s, y + 1);
    assert_straight(s, g_bal);
    assert_int_equal(mem_query(rev_machine(s)->mem, page, &prot, NULL), 0);
    assert_int_equal(prot, MEM_PROT_NONE);
    uint8_t after[32], before[32], now[32];
    digest(rev_machine(s), after);
    rstep(s, 1);
    assert_straight(s, g_bal);
    digest(rev_machine(s), before);
    assert_int_equal(mem_query(rev_machine(s)->mem, page, &prot, NULL), 0);
    assert_int_not_equal(prot, MEM_PROT_NONE);
    step(s, 1);
    digest(rev_machine(s), now);
    assert_memory_equal(now, after, 32);
    /* A checkpoint right before the kicking bundle: the only page written
     * between it and y + 1 is the used ring, by the device's DMA (the
     * kick is an MMIO store), so going back restores it only if DMA
     * writes are tracked. */
    go(s, y);
    uint64_t id;
    struct rev_err err = {0};
    assert_int_equal(rev_checkpoint(s, &id, &err), 0);
    step(s, 1);
    digest(rev_machine(s), now);
    assert_memory_equal(now, after, 32);
    rstep(s, 1);
    digest(rev_machine(s), now);
    assert_memory_equal(now, before, 32);
    /* From far after (deflated again), back to just before it. */
    go(s, g_bal_end - 10);
    go(s, y);
    digest(rev_machine(s), now);
    assert_memory_equal(now, before, 32);
    rstep(s, 5);
    assert_straight(s, g_bal);
    step(s, 6);
    digest(rev_machine(s), now);
    assert_memory_equal(now, after, 32);
    rev_close(s);
}

/* The interrupt handler increments `ticks`: the last write before the end
 * is the last tick, the one before it the tick before. */
static void test_rcontinue_to_a_write_in_the_handler(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_irq);
    struct rev_stop st;
    struct rev_err err = {0};
    go(s, g_irq_end);
    uint64_t last = quad(s, g_ticks);
    assert_true(last >= 5);
    assert_int_equal(rev_watch_insert(s, g_ticks, 8, REV_WATCH_WRITE, &err), 0);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_int_equal(st.addr, g_ticks);
    assert_int_equal(quad(s, g_ticks), last);
    uint64_t hit = st.icount;
    assert_true(st.pc > g_start && st.pc < g_start + 0x1000); /* in the handler */
    assert_straight(s, g_irq);
    rstep(s, 1); /* before the storing bundle */
    assert_int_equal(quad(s, g_ticks), last - 1);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_true(st.icount < hit);
    assert_int_equal(quad(s, g_ticks), last - 1);
    assert_straight(s, g_irq);
    /* Forward again from the start: the first tick. */
    go(s, 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_int_equal(quad(s, g_ticks), 1);
    assert_straight(s, g_irq);
    rev_close(s);
}

/* The balloon device writes the inflate queue's used index by DMA while
 * the guest's kick (an MMIO write) runs: a write watchpoint sees it. */
static void test_watchpoint_on_device_dma(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_bal);
    struct rev_stop st;
    struct rev_err err = {0};
    uint64_t used_idx = g_vq + 0x200 + 2; /* inflateq's used->idx */
    assert_int_equal(rev_watch_insert(s, used_idx, 2, REV_WATCH_WRITE, &err), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_int_equal(st.addr, used_idx);
    assert_int_equal(st.icount, g_inflate_at + 1); /* after the kicking bundle */
    uint16_t idx = 0;
    assert_int_equal(rev_read_mem(s, used_idx, &idx, 2), 0);
    assert_int_equal(idx, 1);
    assert_straight(s, g_bal);
    go(s, g_bal_end);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_true(st.icount > g_inflate_at + 1);
    assert_straight(s, g_bal);
    uint64_t last = st.icount;
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_WATCH);
    assert_true(st.icount < last);
    rev_close(s);
}

static void test_begin_and_end(void **state)
{
    (void)state;
    struct rev_session *s = open_session(g_irq);
    struct rev_stop st;
    struct rev_err err = {0};
    assert_int_equal(rev_rstep(s, 1, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    go(s, 1000);
    assert_int_equal(rev_rstep(s, 5000, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_icount(s), 0);
    assert_int_equal(rev_continue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_EXITED);
    assert_int_equal(st.icount, g_irq_end);
    assert_int_equal(st.status, 0);
    assert_int_equal(rev_step(s, 1, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_goto(s, g_irq_end + 100, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_END);
    assert_int_equal(rev_icount(s), g_irq_end);
    rstep(s, 1);
    assert_straight(s, g_irq);
    assert_int_equal(rev_rcontinue(s, &st, &err), 0);
    assert_int_equal(st.reason, REV_STOP_BEGIN);
    assert_int_equal(rev_icount(s), 0);
    assert_straight(s, g_irq);
    rev_close(s);
}

static void test_checkpoint_budget(void **state)
{
    (void)state;
    struct rev_opts o = {.journal = g_bal, .virt_build = virt_cli_build,
                         .checkpoint_mem = 256 << 10};
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    assert_int_equal(rev_open(&s, &o, &err), 0);
    s->pol.unit = 997;
    s->pol.forward_every = 7001;
    int dflt = 1;
    assert_int_equal(rev_checkpoint_budget(s, &dflt), 256 << 10);
    assert_false(dflt);
    go(s, g_bal_end - 1);
    go(s, g_bal_end / 2);
    /* Above the budget only the pinned start and the anchor may remain. */
    struct rev_ckpt_info info[256];
    size_t n = rev_checkpoints(s, info, 256);
    assert_true(rev_checkpoint_bytes(s) <= (256 << 10) || n <= 2);
    rstep(s, 3);
    assert_straight(s, g_bal);
    rev_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_virt_journal),
        cmocka_unit_test(test_goto_matches_straight_replay),
        cmocka_unit_test(test_rstepi_across_an_interrupt),
        cmocka_unit_test(test_break_after_an_input_poll),
        cmocka_unit_test(test_break_after_a_device_interrupt),
        cmocka_unit_test(test_rstepi_across_a_balloon_inflate),
        cmocka_unit_test(test_rcontinue_to_a_write_in_the_handler),
        cmocka_unit_test(test_watchpoint_on_device_dma),
        cmocka_unit_test(test_begin_and_end),
        cmocka_unit_test(test_checkpoint_budget),
    };
    int failed = cmocka_run_group_tests_name("default spacing", tests, setup, teardown);
    g_dense = 1;
    failed += cmocka_run_group_tests_name("dense checkpoints", tests, setup, teardown);
    return failed;
}
