/*
 * trc_insn.c — `e2k-rr trace`: replay bundle by bundle and print what each
 * one did (trc_insn.h).
 *
 * The printer sees a sequence of machine states at consecutive icounts
 * (tracer_at): the state at icount k is the one after bundle k-1 and
 * before bundle k. At k it prints bundle k-1 (disassembled and snapshot
 * when the machine was at k-1, so self-modifying code shows what ran),
 * with the difference of the two states, then the journal events stamped
 * k (they take effect before bundle k), then prepares bundle k. Both
 * backends feed it: the reverse engine by rev_step(1), the replay session
 * through its observer's step() callback.
 */
#include "trace/trc_insn.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/decode.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/jrnl_print.h"
#include "replay/jrnl_reader.h"
#include "replay/rev.h"
#include "trace/trc_regdiff.h"

#define DIS_MAX 4096  /* text of one bundle (tools/objdump DIS_TEXT_MAX) */

struct tracer {
    const struct trc_insn_opts *o;
    FILE *out;
    struct cpu_state *prev;    /* state before the pending bundle */
    struct trc_regdiff *diff;
    char *text;                /* its disassembly */
    uint64_t prev_pc, prev_icount;
    int pending;               /* a bundle waits for its after-state */
    int started;               /* tracer_at was called */
    uint64_t last_icount;      /* of the last call */
    struct jrnl_reader *er;    /* events (o->events) */
    struct jrnl_event ev;      /* the next event, when have_ev */
    int have_ev;
    int ev_done;               /* no more events to print */
    struct trc_insn_result *res;
};

static int pc_wanted(const struct trc_insn_opts *o, uint64_t pc)
{
    return o->pc_hi == 0 || (pc >= o->pc_lo && pc < o->pc_hi);
}

/* Disassembly (or raw syllables) of the bundle at pc into t->text. */
static void disassemble(struct tracer *t, struct machine *m, uint64_t pc)
{
    uint8_t b[DEC_MAX_BUNDLE];
    size_t avail = 0;
    while (avail < sizeof b && mem_peek(m->mem, pc + avail, b + avail, 8) == 0)
        avail += 8;
    if (avail < 8) {
        snprintf(t->text, DIS_MAX, "  <unmapped>\n");
        return;
    }
    uint32_t hs = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                  (uint32_t)b[3] << 24;
    unsigned len = dec_bundle_len(hs);
    if (len > avail)
        len = (unsigned)avail;
    unsigned consumed = 0;
    if (t->o->dis && t->o->dis(t->o->dis_ctx, b, len, pc, m->isa, t->text, DIS_MAX,
                               &consumed) == 0 && t->text[0])
        return;
    size_t n = (size_t)snprintf(t->text, DIS_MAX, " ");
    for (unsigned i = 0; i + 4 <= len && n + 10 < DIS_MAX; i += 4)
        n += (size_t)snprintf(t->text + n, DIS_MAX - n, " %02x%02x%02x%02x", b[i + 3],
                              b[i + 2], b[i + 1], b[i]);
    snprintf(t->text + n, DIS_MAX - n, "\n");
}

/* Prints the journal events with icount <= upto. */
static void print_events(struct tracer *t, uint64_t upto)
{
    if (!t->er || t->ev_done)
        return;
    for (;;) {
        if (!t->have_ev) {
            struct jrnl_err e = {0};
            int r = jrnl_reader_next(t->er, &t->ev, &e);
            if (r != 1) {
                if (r < 0)
                    fprintf(t->out, "  -- (journal: %s)\n", e.msg);
                t->ev_done = 1;
                return;
            }
            t->have_ev = 1;
        }
        if (t->ev.icount > upto || t->ev.icount > t->o->to)
            return;
        fputs("  -- ", t->out);
        jrnl_print_event(t->out, &t->ev, 0);
        t->res->events++;
        t->have_ev = 0;
    }
}

/* The machine at icount k (after bundle k-1, before bundle k). Returns 1
 * once past the range. */
static int tracer_at(struct tracer *t, struct machine *m)
{
    uint64_t k = m->cpu.icount;
    if (t->started && k == t->last_icount && !t->pending)
        return 0;
    t->started = 1;
    t->last_icount = k;
    t->res->last_icount = k;
    if (t->pending && k != t->prev_icount) {
        fprintf(t->out, "%" PRIu64 " 0x%012" PRIx64 ":\n%s", t->prev_icount, t->prev_pc,
                t->text);
        trc_regdiff(t->prev, &m->cpu, t->diff);
        trc_regdiff_print(t->out, t->diff, "    => ");
        t->res->bundles++;
        t->pending = 0;
    }
    print_events(t, k);
    if (k < t->o->from || k > t->o->to)
        return k > t->o->to;
    if (!t->pending && pc_wanted(t->o, m->cpu.ip)) {
        disassemble(t, m, m->cpu.ip);
        memcpy(t->prev, &m->cpu, sizeof *t->prev);
        t->prev_pc = m->cpu.ip;
        t->prev_icount = k;
        t->pending = 1;
    }
    return 0;
}

/* The run ended at m's state (exit, end of recording, error). A bundle
 * still pending never ran (the guest exited before it, or the replay
 * stopped): it is not part of the trace. */
static void tracer_end(struct tracer *t, struct machine *m)
{
    if (m)
        tracer_at(t, m);
    t->pending = 0;
    print_events(t, UINT64_MAX);
}

/* ---- backend 1: the reverse engine ---- */

static int rev_code(int code)
{
    return code == REV_E_DIVERGED ? TRC_E_DIVERGED
           : code == REV_E_JOURNAL ? TRC_E_JOURNAL
           : code == REV_E_NOMEM   ? TRC_E_NOMEM
                                   : TRC_E_REPLAY;
}

static int run_rev(struct tracer *t, struct rev_session *s, struct trc_err *err)
{
    const struct trc_insn_opts *o = t->o;
    struct rev_stop stop;
    struct rev_err rerr = {0};
    uint64_t end = rev_end_icount(s);
    int rc;
    if (o->from > 0 && (rc = rev_goto(s, o->from, &stop, &rerr)) < 0)
        return trc_fail(err, rev_code(rc), "%s", rerr.msg);
    int stuck = 0;
    for (;;) {
        struct machine *m = rev_machine(s);
        if (tracer_at(t, m))
            break;
        uint64_t before = m->cpu.icount;
        memset(&stop, 0, sizeof stop);
        if ((rc = rev_step(s, 1, &stop, &rerr)) < 0) {
            tracer_end(t, NULL);
            return trc_fail(err, rev_code(rc), "at icount %" PRIu64 ": %s", before, rerr.msg);
        }
        if (o->progress)
            o->progress(o->progress_ctx, rev_icount(s), end == UINT64_MAX ? 0 : end);
        if (stop.reason == REV_STOP_EXITED || stop.reason == REV_STOP_END ||
            stop.reason == REV_STOP_SIGNAL) {
            t->res->ended = 1;
            tracer_end(t, rev_machine(s));
            return 0;
        }
        /* A step that handled an exception without retiring a bundle: go
         * on, but never forever. */
        stuck = rev_icount(s) == before ? stuck + 1 : 0;
        if (stuck > 16)
            return trc_fail(err, TRC_E_REPLAY, "no progress at icount %" PRIu64, before);
    }
    tracer_end(t, NULL);
    return 0;
}

/* ---- backend 2: the replay session's step window ---- */

static int step_cb(void *ctx, struct machine *m)
{
    return tracer_at(ctx, m);
}

static void progress_cb(void *ctx, uint64_t icount, uint64_t end_icount)
{
    const struct tracer *t = ctx;
    t->o->progress(t->o->progress_ctx, icount, end_icount);
}

static int run_session(struct tracer *t, struct trc_err *err)
{
    const struct trc_insn_opts *o = t->o;
    struct sess_observer obs = {
        .ctx = t,
        .progress = o->progress ? progress_cb : NULL,
        .step = step_cb,
        .step_from = o->from,
        .step_to = o->to,
    };
    struct sess_replay_opts ro = {
        .journal = o->journal,
        .emit_output = 0,
        .virt_build = o->virt_build,
        .virt_opaque = o->virt_opaque,
        .obs = &obs,
    };
    struct sess_result res;
    int outcome = sess_replay(&ro, &res);
    t->res->ended = !res.stopped && outcome == SESS_OK;
    tracer_end(t, NULL);
    switch (outcome) {
    case SESS_OK:
        return 0;
    case SESS_DIVERGED:
        return trc_fail(err, TRC_E_DIVERGED, "the replay diverged at icount %llu: %s",
                        (unsigned long long)res.report.icount, res.report.what);
    case SESS_JOURNAL:
        return trc_fail(err, TRC_E_JOURNAL, "%s", res.msg[0] ? res.msg : res.report.what);
    default:
        return trc_fail(err, TRC_E_REPLAY, "%s", res.msg);
    }
}

int trc_insn_run(const struct trc_insn_opts *o, struct trc_insn_result *res,
                 struct trc_err *err)
{
    memset(res, 0, sizeof *res);
    if (!o || !o->journal || !o->out)
        return trc_fail(err, TRC_E_ARGS, "no journal or output");
    if (o->from > o->to)
        return trc_fail(err, TRC_E_ARGS, "empty range: from %" PRIu64 " > to %" PRIu64,
                        o->from, o->to);
    if (o->pc_hi && o->pc_lo >= o->pc_hi)
        return trc_fail(err, TRC_E_ARGS, "empty address range");
    struct tracer t = {.o = o, .out = o->out, .res = res};
    /* The journal's state up front: a clean message for a file that is no
     * journal, and whether a trace to the end is a trace of everything. */
    struct jrnl_reader *sr = NULL;
    struct jrnl_err je = {0};
    if (jrnl_reader_open(&sr, o->journal, &je) != 0)
        return trc_fail(err, TRC_E_JOURNAL, "%s", je.msg);
    struct jrnl_status jst;
    jrnl_reader_status(sr, &jst);
    jrnl_reader_close(sr);
    t.prev = calloc(1, sizeof *t.prev);
    t.diff = malloc(sizeof *t.diff);
    t.text = malloc(DIS_MAX);
    int rc = 0;
    if (!t.prev || !t.diff || !t.text) {
        rc = trc_fail(err, TRC_E_NOMEM, "out of memory");
        goto done;
    }
    if (o->events) {
        if (jrnl_reader_open(&t.er, o->journal, &je) != 0) {
            rc = trc_fail(err, TRC_E_JOURNAL, "%s: %s", o->journal, je.msg);
            goto done;
        }
        if (o->from && jrnl_reader_seek(t.er, o->from, &je) < 0)
            t.ev_done = 1; /* the replay reports the damage */
    }
    struct rev_session *s = NULL;
    struct rev_err rerr = {0};
    int rr = REV_E_NOTSUP;
    if (o->backend != TRC_BACKEND_SESSION) {
        struct rev_opts ro = {.journal = o->journal, .emit_output = 0,
                              .virt_build = o->virt_build, .virt_opaque = o->virt_opaque};
        rr = rev_open(&s, &ro, &rerr);
        if (rr < 0 && (rr != REV_E_NOTSUP || o->backend == TRC_BACKEND_REV)) {
            rc = trc_fail(err, rev_code(rr), "%s",
                          rerr.msg[0] ? rerr.msg : rev_strerror(rr));
            goto done;
        }
    }
    if (rr == 0) {
        res->backend = TRC_BACKEND_REV;
        rc = run_rev(&t, s, err);
        rev_close(s);
        if (rc == 0 && res->ended && !jst.complete)
            rc = trc_fail(err, TRC_E_JOURNAL, "journal incomplete (%s); traced to icount %" PRIu64,
                          jst.tail.msg, res->last_icount);
    } else {
        res->backend = TRC_BACKEND_SESSION;
        rc = run_session(&t, err);
    }
    fflush(o->out);
done:
    jrnl_reader_close(t.er);
    free(t.prev);
    free(t.diff);
    free(t.text);
    return rc;
}
