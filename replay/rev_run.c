/*
 * rev_run.c — moving a reverse-execution session in time (rev.h): step,
 * continue, reverse-step, reverse-continue, goto.
 *
 * Everything is built from two pieces:
 *   - run_to(): replay forward to an icount with lnx_run (virt_run for
 *     the virt machine, through rev_mach_run), consuming the
 *     journal's STATE_HASH events on the way (their register digests are
 *     checked), taking the checkpoints the policy asks for, and reporting
 *     breakpoints and watchpoint hits when asked to ("stops armed");
 *   - seek(): go to a canonical position: restore the newest checkpoint at
 *     or before it (unless the present is closer), then run_to it without
 *     stops, leaving the policy's checkpoints on the way (ckpt_policy.c).
 * A reverse-continue scans the stretches between checkpoints backwards,
 * newest first: restore the checkpoint that starts the stretch, run to its
 * end with stops armed, remember the last stop before the present; the
 * first stretch with one decides, and the session seeks there and replays
 * the last few bundles with stops armed to stand exactly at that stop
 * (rev_internal.h explains the order of stops within an icount). Without
 * any, it ends at icount 0 (REV_STOP_BEGIN).
 *
 * The end: a complete journal ends where the guest exited (REV_STOP_EXITED
 * there, REV_STOP_END when asked to go further). An incomplete one ends
 * where the guest needs an input the journal does not have: the session
 * goes back to just before that bundle and reports REV_STOP_END; that
 * icount is then the known end.
 */
#include "replay/rev.h"

#include <string.h>

#include "emu/cpu.h"
#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/ckpt.h"
#include "replay/ckpt_jrnl.h"
#include "replay/gate.h"
#include "replay/jrnl_kinds.h"
#include "replay/rev_internal.h"
#include "replay/state_hash.h"

#define PLAN_MAX 64

/* Checkpoints a forward run takes: explicit icounts (ascending) and/or
 * every `grid` icounts (0: none). */
struct plan {
    uint64_t pts[PLAN_MAX];
    size_t n;
    uint64_t grid;
};

static void prune(struct rev_session *s, uint64_t present)
{
    if (!s->ck)
        return;
    s->pol.budget_bytes = rev_checkpoint_budget(s, NULL);
    ckpt_policy_prune(&s->pol, s->ck, present, REV_CK_PINNED);
}

static int restore(struct rev_session *s, struct ckpt *c, struct rev_err *err)
{
    int rc = ckpt_restore(s->ck, c);
    s->pending.what = 0;
    s->at_watch = 0;
    if (rc) {
        /* The machine is in no known state: go to the start. */
        struct ckpt *first = ckpt_at(s->ck, 0);
        if (first && first != c)
            ckpt_restore(s->ck, first);
        return rev_fail(err, rc == CKPT_E_NOMEM ? REV_E_NOMEM : REV_E_JOURNAL,
                        "restoring the checkpoint at icount %llu: %s",
                        (unsigned long long)ckpt_icount(c), ckpt_strerror(rc));
    }
    rev_watch_apply(s);
    return 0;
}

/* The journal could not serve a request at the present (the guest ran the
 * bundle before it): the recording ends just before that bundle. */
static int journal_end(struct rev_session *s, struct rev_err *err);

/* Events the gate consumes itself: answers to host requests, and the virt
 * machine's inputs (served at input polls) and device outputs (compared
 * when the device produces them). */
static int gate_owned(uint32_t kind)
{
    switch (kind) {
    case JRNL_K_HOST_RESULT:
    case JRNL_K_UART_INPUT:
    case JRNL_K_TIMER:
    case JRNL_K_BALLOON_CMD:
    case JRNL_K_BALLOON_STATS_REQ:
    case JRNL_K_BALLOON_INFLATE:
    case JRNL_K_BALLOON_DEFLATE:
    case JRNL_K_BALLOON_VIOLATION:
    case JRNL_K_OOM_KILL:
    case JRNL_K_HANG:
    case JRNL_K_PANIC:
        return 1;
    default:
        return 0;
    }
}

/* Consume the journal's non-request events at the present icount; *next
 * gets the icount of the next one ahead (or UINT64_MAX). */
static int journal_events(struct rev_session *s, uint64_t *next, struct rev_err *err)
{
    struct cpu_state *c = &s->m->cpu;
    *next = UINT64_MAX;
    for (;;) {
        const struct jrnl_event *ev = NULL;
        int pr = gate_peek(s->g, &ev);
        if (pr <= 0 || gate_owned(ev->kind))
            return 0; /* end, damage (found when a request needs it), or the
                         gate's (a request, a virt input or output) */
        if (ev->icount > c->icount) {
            *next = ev->icount;
            return 0;
        }
        if (ev->kind == JRNL_K_END)
            return 0; /* the guest ends at this icount (a fatal fault) */
        if (ev->icount < c->icount)
            return rev_fail(err, REV_E_DIVERGED,
                            "the replay reached icount %llu past a %s event at icount %llu",
                            (unsigned long long)c->icount, jrnl_kind_info(ev->kind)->name,
                            (unsigned long long)ev->icount);
        if (ev->kind == JRNL_K_STATE_HASH) {
            struct jrnl_cur cur;
            const uint8_t *want;
            uint8_t regs[SH_DIGEST_BYTES];
            jrnl_cur_init(&cur, ev->payload, ev->payload_bytes);
            if (jrnl_cur_hash(&cur, &want))
                return rev_fail(err, REV_E_JOURNAL, "malformed STATE_HASH event #%llu",
                                (unsigned long long)ev->seq);
            sh_regs_digest(c, regs);
            if (memcmp(regs, want, SH_DIGEST_BYTES) != 0)
                return rev_fail(err, REV_E_DIVERGED,
                                "state hash at icount %llu: registers differ",
                                (unsigned long long)c->icount);
        }
        gate_consume(s->g);
    }
}

static int run_failure(struct rev_session *s, const char *msg, struct rev_err *err)
{
    struct gate_report rep;
    if (!gate_report(s->g, &rep))
        return rev_fail(err, REV_E_JOURNAL, "the machine stopped at icount %llu: %s",
                        (unsigned long long)s->m->cpu.icount, msg);
    if (rep.diverged)
        return rev_fail(err, REV_E_DIVERGED, "%s", rep.what);
    return journal_end(s, err);
}

/* Replay forward to icount `limit` (see the file comment). */
static int run_to(struct rev_session *s, uint64_t limit, int stops, struct plan *pl,
                  struct rev_err *err)
{
    struct machine *m = s->m;
    struct cpu_state *c = &m->cpu;
    size_t pi = 0;
    s->armed = stops;
    s->pending.what = 0;
    for (;;) {
        if (atomic_exchange(&s->intr, 0)) {
            c->halt_req = 0;
            return RUN_INTR;
        }
        if (rev_exited(s, NULL))
            return RUN_EXITED;
        uint64_t ic = c->icount;
        if (s->end_cut && ic >= s->end_icount)
            return RUN_END; /* an incomplete journal's known end */
        /* A complete journal: the guest exits at its final icount (a fatal
         * fault there still has to be tried: it does not count). */
        int complete = s->replay && s->end_known && !s->end_cut;
        if (complete && ic > s->end_icount)
            return rev_fail(err, REV_E_DIVERGED,
                            "the guest ran past icount %llu, where the recording ends",
                            (unsigned long long)s->end_icount), RUN_ERROR;
        if (ic >= limit)
            return RUN_LIMIT;
        uint64_t seg = limit;
        if (s->end_cut && s->end_icount < seg)
            seg = s->end_icount;
        if (complete && s->end_icount < UINT64_MAX && s->end_icount + 1 < seg)
            seg = s->end_icount + 1;
        while (pl && pi < pl->n && pl->pts[pi] <= ic)
            pi++;
        if (pl && pi < pl->n && pl->pts[pi] < seg)
            seg = pl->pts[pi];
        if (pl && pl->grid) {
            uint64_t g = (ic / pl->grid + 1) * pl->grid;
            if (g > ic && g < seg)
                seg = g;
        }
        if (s->replay) {
            /* Stop where the recorder wrote its state hashes (the events
             * after a request are not visible before it is answered). */
            uint64_t next;
            if (journal_events(s, &next, err))
                return RUN_ERROR;
            if (next < seg)
                seg = next;
            if (s->hash_interval) {
                uint64_t h = (ic / s->hash_interval + 1) * s->hash_interval;
                if (h > ic && h < seg)
                    seg = h;
            }
        }
        if (s->watch_applied && m->mem->layout_gen != s->watch_layout_gen)
            rev_watch_apply(s); /* the guest mapped or unmapped memory */
        char msg[256] = "";
        int r = rev_mach_run(s, seg, msg, sizeof msg);
        if (r < 0) {
            if (!s->replay)
                return rev_fail(err, REV_E_JOURNAL, "the machine stopped: %s", msg);
            return run_failure(s, msg, err) ? RUN_ERROR : RUN_END;
        }
        if (r == LNX_RUN_EXITED)
            return RUN_EXITED;
        if (r == LNX_RUN_STOPPED) {
            if (c->stop.reason == CPU_STOP_BREAKPOINT) {
                if (stops)
                    return RUN_BREAK;
                c->bp_skip = 1;
                continue;
            }
            if (s->pending.what)
                return RUN_WATCH; /* armed, or pending would be empty */
            continue; /* an interrupt (loop head) or a spurious halt */
        }
        /* LNX_RUN_LIMIT */
        if (s->pending.what) {
            c->halt_req = 0; /* hit inside the last system call */
            return RUN_WATCH;
        }
        if (s->ck && c->icount == seg && rev_canonical(s) &&
            ((pl && pi < pl->n && pl->pts[pi] == seg) ||
             (pl && pl->grid && seg % pl->grid == 0))) {
            struct ckpt *ck;
            if (ckpt_take(s->ck, 0, &ck) == 0 && pl->grid)
                prune(s, seg);
        }
    }
}

static int journal_end(struct rev_session *s, struct rev_err *err)
{
    uint64_t at = s->m->cpu.icount ? s->m->cpu.icount - 1 : 0;
    s->end_known = 1;
    s->end_cut = 1;
    s->end_icount = at;
    struct ckpt *c = ckpt_last_at_or_before(s->ck, at, 0);
    if (!c)
        return rev_fail(err, REV_E_JOURNAL, "the journal ends before the first checkpoint");
    if (restore(s, c, err))
        return -1;
    struct plan pl = {.n = 0};
    int r = run_to(s, at, 0, &pl, err);
    if (r == RUN_ERROR)
        return -1;
    return 0;
}

/* Journal checkpoints: when `t` is far ahead of the machine and the
 * journal has checkpoints in between, restore the newest checkpoint that
 * is one of them (or the start), apply the following ones from the journal
 * up to the last one at or before t, keeping each as a checkpoint. Any
 * failure makes them unusable for the session (the machine is put back
 * into a checkpoint's state; replaying takes over). */
static void journal_jump(struct rev_session *s, uint64_t t)
{
    uint64_t here = s->m->cpu.icount;
    if (s->jck_state < 0 || t < here || t - here < s->pol.forward_every)
        return;
    struct jrnl_reader *r = rev_side_reader(s);
    if (!r) {
        s->jck_state = -1;
        return;
    }
    if (s->jck_state == 0) {
        s->jck_state = ckpt_jrnl_scan(r, &s->jck, &s->njck) == 0 && s->njck ? 1 : -1;
        if (s->jck_state < 0)
            return;
    }
    size_t mi = s->njck;
    while (mi > 0 && s->jck[mi - 1].icount > t)
        mi--;
    if (mi == 0 || s->jck[mi - 1].icount <= here ||
        s->jck[mi - 1].icount - here < s->pol.forward_every)
        return;
    mi--;
    /* The newest journal checkpoint already kept in the store. */
    struct ckpt *b = NULL;
    size_t k = mi;
    while (k-- > 0) {
        struct ckpt *c = ckpt_last_at_or_before(s->ck, s->jck[k].icount, 0);
        if (c && ckpt_icount(c) == s->jck[k].icount) {
            b = c;
            break;
        }
    }
    size_t first = b ? k + 1 : 0;
    if (!b) {
        b = ckpt_at(s->ck, 0); /* the state right after loading */
        if (!b || ckpt_icount(b) != 0)
            return;
    }
    struct rev_err err;
    if (restore(s, b, &err)) {
        s->jck_state = -1;
        return;
    }
    for (size_t i = first; i <= mi; i++) {
        struct gate_pos gp = {.next = {0, 0}};
        if (ckpt_jrnl_apply(r, &s->jck[i], s->m, &gp.next, s->jck_msg, sizeof s->jck_msg) ||
            gate_restore(s->g, &gp)) {
            s->jck_state = -1;
            restore(s, b, &err);
            return;
        }
        s->jck_applied++;
        if (ckpt_take(s->ck, 0, &b))
            return;
    }
}

/* Go to the canonical position `t` (clamped to the end). Returns RUN_*. */
static int seek(struct rev_session *s, uint64_t t, struct rev_err *err)
{
    struct machine *m = s->m;
    if (s->end_cut && t > s->end_icount)
        t = s->end_icount;
    uint64_t p = m->cpu.icount;
    int canon = rev_canonical(s);
    if (p == t && canon)
        return RUN_LIMIT;
    if (s->replay) {
        struct ckpt *c = ckpt_last_at_or_before(s->ck, t, 0);
        int forward = (p < t || (p == t && canon)) && !rev_exited(s, NULL) &&
                      (!c || ckpt_icount(c) <= p);
        if (!forward) {
            if (!c)
                return rev_fail(err, REV_E_JOURNAL, "no checkpoint before icount %llu",
                                (unsigned long long)t), RUN_ERROR;
            if (restore(s, c, err))
                return RUN_ERROR;
        }
    } else if (p > t) {
        return rev_fail(err, REV_E_NOTSUP, "a live session cannot go back"), RUN_ERROR;
    }
    s->at_watch = 0;
    struct plan pl = {.n = 0};
    if (s->replay) {
        journal_jump(s, t);
        pl.n = ckpt_policy_plan(&s->pol, m->cpu.icount, t, pl.pts, PLAN_MAX);
    }
    int r = run_to(s, t, 0, &pl, err);
    prune(s, m->cpu.icount);
    return r;
}

/* ---- stops ---- */

static uint64_t key_of(uint64_t icount, unsigned phase)
{
    return 4 * icount + phase;
}

static uint64_t present_key(const struct rev_session *s)
{
    int canon = rev_canonical(s);
    return key_of(s->m->cpu.icount, !canon ? 2 : s->at_watch ? 0 : 1);
}

/* The key of the stop run_to just returned. */
static uint64_t stop_key(const struct rev_session *s, int r)
{
    int canon = rev_canonical(s);
    return key_of(s->m->cpu.icount, !canon ? 2 : r == RUN_WATCH ? 0 : 1);
}

static void fill_stop(struct rev_session *s, struct rev_stop *st, int reason)
{
    struct cpu_state *c = &s->m->cpu;
    memset(st, 0, sizeof *st);
    st->reason = reason;
    st->icount = c->icount;
    st->pc = c->ip;
    switch (reason) {
    case REV_STOP_STEP:
        snprintf(st->msg, sizeof st->msg, "stepped to icount %llu",
                 (unsigned long long)c->icount);
        break;
    case REV_STOP_BREAK:
        snprintf(st->msg, sizeof st->msg, "breakpoint at 0x%llx, icount %llu",
                 (unsigned long long)c->ip, (unsigned long long)c->icount);
        break;
    case REV_STOP_WATCH:
        st->addr = s->pending.addr;
        st->len = s->pending.len;
        st->watch_kind = s->pending.watch_kind;
        snprintf(st->msg, sizeof st->msg, "%s watchpoint: 0x%llx+%llu, icount %llu",
                 st->watch_kind == REV_WATCH_WRITE  ? "write"
                 : st->watch_kind == REV_WATCH_READ ? "read"
                                                    : "access",
                 (unsigned long long)st->addr, (unsigned long long)st->len,
                 (unsigned long long)c->icount);
        break;
    case REV_STOP_GOTO:
        snprintf(st->msg, sizeof st->msg, "at icount %llu", (unsigned long long)c->icount);
        break;
    case REV_STOP_BEGIN:
        snprintf(st->msg, sizeof st->msg, "beginning of the recording (icount 0)");
        break;
    case REV_STOP_END:
        snprintf(st->msg, sizeof st->msg, "end of recording, icount %llu",
                 (unsigned long long)c->icount);
        break;
    case REV_STOP_EXITED:
        rev_exited(s, &st->status);
        s->exit_reported1 = c->icount + 1;
        snprintf(st->msg, sizeof st->msg, "the guest exited with status %d at icount %llu",
                 st->status, (unsigned long long)c->icount);
        break;
    case REV_STOP_SIGNAL: /* the caller says which */
        break;
    case REV_STOP_INTERRUPT:
        snprintf(st->msg, sizeof st->msg, "interrupted at icount %llu",
                 (unsigned long long)c->icount);
        break;
    }
    s->at_watch = reason == REV_STOP_WATCH;
    if (reason != REV_STOP_WATCH)
        s->pending.what = 0;
}

/* The guest exited during a forward run. A fatal signal is reported first
 * as REV_STOP_SIGNAL at the faulting bundle, with the process still alive
 * (the canonical position at that icount); going on from there, the exit. */
static int on_exit_stop(struct rev_session *s, struct rev_stop *st, struct rev_err *err)
{
    int sig = lnx_exit_signal(s->m);
    uint64_t at = s->m->cpu.icount;
    if (sig && !s->replay && s->signal_at1 != at + 1) {
        s->signal_at1 = at + 1;
        fill_stop(s, st, REV_STOP_SIGNAL);
        st->signo = sig;
        snprintf(st->msg, sizeof st->msg, "killed by signal %d at icount %llu", sig,
                 (unsigned long long)at);
        return 0;
    }
    if (sig && s->signal_at1 != at + 1) {
        int r = seek(s, at, err);
        if (r == RUN_ERROR)
            return -1;
        s->signal_at1 = at + 1;
        fill_stop(s, st, REV_STOP_SIGNAL);
        st->signo = sig;
        snprintf(st->msg, sizeof st->msg, "fatal signal %d at pc 0x%llx, icount %llu", sig,
                 (unsigned long long)st->pc, (unsigned long long)at);
        return 0;
    }
    fill_stop(s, st, REV_STOP_EXITED);
    return 0;
}

/* Turn a run_to result of a forward command into a stop. */
static int forward_stop(struct rev_session *s, int r, struct rev_stop *st,
                        struct rev_err *err)
{
    switch (r) {
    case RUN_LIMIT: fill_stop(s, st, REV_STOP_STEP); return 0;
    case RUN_BREAK: fill_stop(s, st, REV_STOP_BREAK); return 0;
    case RUN_WATCH: fill_stop(s, st, REV_STOP_WATCH); return 0;
    case RUN_EXITED: return on_exit_stop(s, st, err);
    case RUN_END: fill_stop(s, st, REV_STOP_END); return 0;
    case RUN_INTR: fill_stop(s, st, REV_STOP_INTERRUPT); return 0;
    default: return err ? err->code : REV_E_JOURNAL;
    }
}

/* Nothing left to run: the exit was already reported here, or an
 * incomplete journal's end. */
static int at_end(struct rev_session *s)
{
    if (rev_exited(s, NULL))
        return s->exit_reported1 == s->m->cpu.icount + 1;
    return s->end_cut && s->m->cpu.icount >= s->end_icount;
}

/* ---- forward ---- */

static int forward(struct rev_session *s, uint64_t limit, struct rev_stop *st,
                   struct rev_err *err)
{
    if (at_end(s)) {
        fill_stop(s, st, REV_STOP_END);
        return 0;
    }
    struct plan pl = {.n = 0, .grid = s->replay ? s->pol.forward_every : 0};
    s->m->cpu.bp_skip = 1; /* do not stop at a breakpoint where we stand */
    s->at_watch = 0;
    int r = run_to(s, limit, 1, &pl, err);
    if (r == RUN_ERROR)
        return err ? err->code : REV_E_JOURNAL;
    prune(s, s->m->cpu.icount);
    return forward_stop(s, r, st, err);
}

int rev_step(struct rev_session *s, uint64_t n, struct rev_stop *st, struct rev_err *err)
{
    uint64_t ic = s->m->cpu.icount;
    uint64_t limit = n > UINT64_MAX - ic ? UINT64_MAX : ic + n;
    return forward(s, limit, st, err);
}

int rev_continue(struct rev_session *s, struct rev_stop *st, struct rev_err *err)
{
    return forward(s, UINT64_MAX, st, err);
}

/* ---- goto ---- */

int rev_goto(struct rev_session *s, uint64_t icount, struct rev_stop *st,
             struct rev_err *err)
{
    if (!s->replay && icount < s->m->cpu.icount)
        return rev_fail(err, REV_E_NOTSUP, "a live session cannot go back");
    int past_end = s->end_cut && icount > s->end_icount;
    int r = seek(s, icount, err);
    switch (r) {
    case RUN_ERROR: return err ? err->code : REV_E_JOURNAL;
    case RUN_INTR: fill_stop(s, st, REV_STOP_INTERRUPT); return 0;
    case RUN_END: fill_stop(s, st, REV_STOP_END); return 0;
    case RUN_EXITED:
        if (s->m->cpu.icount < icount || past_end) {
            fill_stop(s, st, REV_STOP_END);
            return 0;
        }
        break;
    default:
        if (past_end) {
            fill_stop(s, st, REV_STOP_END);
            return 0;
        }
        break;
    }
    fill_stop(s, st, REV_STOP_GOTO);
    return 0;
}

/* ---- backward ---- */

/* Stand exactly at the stop `h` found by a scan: seek to the canonical
 * position before it, then replay with stops armed until the stop with
 * that key. */
static int go_to_hit(struct rev_session *s, const struct rev_hit *h, struct rev_stop *st,
                     struct rev_err *err)
{
    uint64_t at = h->key / 4, phase = h->key % 4;
    uint64_t start = phase == 0 ? at - 1 : at;
    int r = seek(s, start, err);
    if (r == RUN_ERROR)
        return err ? err->code : REV_E_JOURNAL;
    struct cpu_state *c = &s->m->cpu;
    if (phase == 1 && h->what == 1 && c->ip == h->pc) {
        fill_stop(s, st, REV_STOP_BREAK);
        return 0;
    }
    c->bp_skip = phase == 0; /* from the bundle before: not its breakpoint */
    for (;;) {
        r = run_to(s, at + 1, 1, NULL, err);
        if (r == RUN_ERROR)
            return err ? err->code : REV_E_JOURNAL;
        /* The same key, and the same kind of stop (a virt machine can stop
         * twice in one slot: a watched DMA write by its input poll, then a
         * breakpoint). */
        if ((r == RUN_BREAK || r == RUN_WATCH) && stop_key(s, r) == h->key &&
            (r == RUN_BREAK ? h->what == 1 && c->ip == h->pc : h->what == 2)) {
            if (r == RUN_WATCH) {
                s->pending.addr = h->addr;
                s->pending.len = h->len;
                s->pending.watch_kind = h->watch_kind;
            }
            fill_stop(s, st, r == RUN_BREAK ? REV_STOP_BREAK : REV_STOP_WATCH);
            return 0;
        }
        if (r == RUN_BREAK) {
            c->bp_skip = 1;
            continue;
        }
        if (r == RUN_WATCH)
            continue;
        /* Not found again (cannot happen in a deterministic replay):
         * report where we are. */
        seek(s, at, err);
        fill_stop(s, st, REV_STOP_GOTO);
        return 0;
    }
}

/* The last stop with a key in (lo_key, hi_key) before the present, found by
 * scanning the stretches between checkpoints backwards from the present;
 * none: go to `floor` (BEGIN at 0). */
static int scan_back(struct rev_session *s, uint64_t lo_key, uint64_t hi_key,
                     uint64_t floor, int floor_reason, struct rev_stop *st,
                     struct rev_err *err)
{
    struct cpu_state *c = &s->m->cpu;
    uint64_t end = c->icount;
    for (;;) {
        if (end <= floor || end == 0)
            break;
        struct ckpt *k = ckpt_last_at_or_before(s->ck, end - 1, UINT32_MAX);
        if (!k)
            break;
        if (restore(s, k, err))
            return err->code;
        c->bp_skip = 0;
        struct rev_hit best = {0};
        for (;;) {
            int r = run_to(s, end, 1, NULL, err);
            if (r == RUN_ERROR)
                return err ? err->code : REV_E_JOURNAL;
            if (r == RUN_INTR) {
                fill_stop(s, st, REV_STOP_INTERRUPT);
                return 0;
            }
            if (r == RUN_BREAK || r == RUN_WATCH) {
                uint64_t key = stop_key(s, r);
                if (key > lo_key && key < hi_key) {
                    best = s->pending;
                    best.what = r == RUN_BREAK ? 1 : 2;
                    best.key = key;
                    best.pc = c->ip;
                }
                s->pending.what = 0;
                if (r == RUN_BREAK)
                    c->bp_skip = 1;
                continue;
            }
            break; /* LIMIT, EXITED, END: the stretch is done */
        }
        if (best.what)
            return go_to_hit(s, &best, st, err);
        end = ckpt_icount(k);
        if (ckpt_icount(k) <= floor)
            break;
    }
    int r = seek(s, floor, err);
    if (r == RUN_ERROR)
        return err ? err->code : REV_E_JOURNAL;
    fill_stop(s, st, r == RUN_INTR ? REV_STOP_INTERRUPT : floor_reason);
    return 0;
}

int rev_rstep(struct rev_session *s, uint64_t n, struct rev_stop *st, struct rev_err *err)
{
    if (!s->replay)
        return rev_fail(err, REV_E_NOTSUP, "a live session cannot go back");
    uint64_t p = s->m->cpu.icount;
    if (p == 0 && rev_canonical(s)) {
        fill_stop(s, st, REV_STOP_BEGIN);
        return 0;
    }
    uint64_t dest = n >= p ? 0 : p - n;
    int reason = n > p ? REV_STOP_BEGIN : REV_STOP_STEP;
    if (n > 1 && (s->nbps || s->nwatch)) {
        /* Stops strictly between the destination and the present. */
        uint64_t hi = present_key(s);
        if (hi > key_of(p, 0))
            hi = key_of(p, 0);
        return scan_back(s, key_of(dest, 2), hi, dest, reason, st, err);
    }
    int r = seek(s, dest, err);
    if (r == RUN_ERROR)
        return err ? err->code : REV_E_JOURNAL;
    fill_stop(s, st, r == RUN_INTR ? REV_STOP_INTERRUPT : reason);
    return 0;
}

int rev_rcontinue(struct rev_session *s, struct rev_stop *st, struct rev_err *err)
{
    if (!s->replay)
        return rev_fail(err, REV_E_NOTSUP, "a live session cannot go back");
    if (s->m->cpu.icount == 0 && rev_canonical(s)) {
        fill_stop(s, st, REV_STOP_BEGIN);
        return 0;
    }
    return scan_back(s, 0, present_key(s), 0, REV_STOP_BEGIN, st, err);
}
