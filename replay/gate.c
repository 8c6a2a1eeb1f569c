/*
 * gate.c — record and replay of host requests (emu_hooks.host_call).
 *
 * Record: perform live, then append one HOST_RESULT event:
 *   hkind (enum emu_host_kind), nr, ret, check (sh_regs_check at the
 *   request), vals (trailing zero values dropped), outs (each output
 *   buffer's bytes).
 * Replay: the next event must be a HOST_RESULT at the request's icount
 * with the same hkind and nr and the same register check; its answer is
 * copied into the response (each output no larger than the requester's
 * buffer). Anything else is a divergence: the first is kept, the request
 * fails, and the machine stops (CPU_STOP_HOOK via the Linux machine).
 *
 * What this deliberately does not do: compare request arguments or input
 * bytes. The register check at the request covers the arguments (they are
 * in registers), and any difference in memory the guest wrote shows up in
 * the periodic memory digest.
 */
#include "replay/gate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu/linux/lnx_host.h"
#include "emu/linux/lnx_syscall.h"
#include "emu/machine.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "replay/state_hash.h"

struct gate {
    struct emu_hooks hooks;   /* what the machine calls */
    struct gate_opts o;
    uint64_t events;          /* HOST_RESULT events written / consumed */
    /* Replay lookahead: one event, its payload copied (the reader's
     * buffer is only valid until its next read). */
    int have;                 /* 1: `ev` holds the next event */
    struct jrnl_pos ev_pos;   /* reader position before `ev` (gate_save) */
    int eof;                  /* 1: journal ended cleanly */
    int jerr;                 /* sticky journal error */
    struct jrnl_event ev;
    uint8_t *payload;
    size_t payload_cap;
    struct gate_report rep;   /* first problem */
    int has_rep;
    /* Replay (virt): icount of the journal's next input event, for extra
     * poll points (emu_next_poll_fn); valid until an input is consumed. */
    int scan_valid;
    uint64_t scan_icount;
};

static const char *event_name(uint32_t kind)
{
    const struct jrnl_kind_info *ki = jrnl_kind_info(kind);
    return ki ? ki->name : "unknown";
}

static const char *kind_name(uint32_t k)
{
    switch (k) {
    case EMU_HOST_SYSCALL: return "syscall";
    case EMU_HOST_CLOCK: return "clock";
    case EMU_HOST_RANDOM: return "random";
    case EMU_HOST_INPUT: return "device input";
    default: return "request";
    }
}

/* The Linux machine's host-request numbers are the e2k system-call numbers
 * (emu/linux/lnx_host.h), so the syscall table names them. */
static void describe(char *buf, size_t n, uint32_t kind, int64_t nr)
{
    const char *name = kind == EMU_HOST_SYSCALL && nr >= 0 ? lnx_syscall_name((uint64_t)nr)
                                                           : NULL;
    if (name)
        snprintf(buf, n, "syscall %s (%lld)", name, (long long)nr);
    else
        snprintf(buf, n, "%s %lld", kind_name(kind), (long long)nr);
}

static void vreport(struct gate *g, int diverged, int jerr, uint64_t icount,
                    const char *fmt, va_list ap)
{
    if (g->has_rep)
        return;
    g->has_rep = 1;
    g->rep.diverged = diverged;
    g->rep.journal_error = jerr;
    g->rep.icount = icount;
    g->rep.pc = g->o.machine ? g->o.machine->cpu.ip : 0;
    vsnprintf(g->rep.what, sizeof g->rep.what, fmt, ap);
}

static void report(struct gate *g, int diverged, int jerr, uint64_t icount,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report(struct gate *g, int diverged, int jerr, uint64_t icount,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(g, diverged, jerr, icount, fmt, ap);
    va_end(ap);
}

void gate_diverge(struct gate *g, uint64_t icount, uint64_t pc,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(g, 1, 0, icount, fmt, ap);
    va_end(ap);
    g->rep.pc = pc;
}

int gate_report(const struct gate *g, struct gate_report *rep)
{
    if (g->has_rep && rep)
        *rep = g->rep;
    return g->has_rep;
}

uint64_t gate_events(const struct gate *g)
{
    return g->events;
}

/* ---- replay lookahead ---- */

static int fill(struct gate *g)
{
    if (g->have)
        return 1;
    if (g->eof)
        return 0;
    if (g->jerr)
        return g->jerr;
    struct jrnl_event ev;
    struct jrnl_err err = {0};
    int r;
    do { /* CHECKPOINT events are snapshots, not inputs: skip them */
        jrnl_reader_save(g->o.reader, &g->ev_pos);
        r = jrnl_reader_next(g->o.reader, &ev, &err);
    } while (r == 1 && ev.kind == JRNL_K_CHECKPOINT);
    if (r == 0) {
        g->eof = 1;
        return 0;
    }
    if (r < 0) {
        g->jerr = r;
        report(g, 0, r, g->o.machine ? g->o.machine->cpu.icount : 0,
               "journal: %s", err.msg[0] ? err.msg : jrnl_strerror(r));
        return r;
    }
    if (ev.payload_bytes > g->payload_cap) {
        size_t cap = ev.payload_bytes + 256;
        uint8_t *p = realloc(g->payload, cap);
        if (!p) {
            g->jerr = JRNL_E_NOMEM;
            report(g, 0, JRNL_E_NOMEM, ev.icount, "no memory for a %u-byte event",
                   ev.payload_bytes);
            return JRNL_E_NOMEM;
        }
        g->payload = p;
        g->payload_cap = cap;
    }
    if (ev.payload_bytes)
        memcpy(g->payload, ev.payload, ev.payload_bytes);
    g->ev = ev;
    g->ev.payload = g->payload;
    g->have = 1;
    return 1;
}

int gate_peek(struct gate *g, const struct jrnl_event **ev)
{
    int r = fill(g);
    if (r == 1)
        *ev = &g->ev;
    return r;
}

void gate_consume(struct gate *g)
{
    g->have = 0;
}

/* ---- host requests ---- */

static void record_result(struct gate *g, const struct emu_host_req *req,
                          const struct emu_host_resp *resp)
{
    struct jrnl_writer *w = g->o.writer;
    jrnl_put_begin(w, JRNL_K_HOST_RESULT, req->icount);
    jrnl_put_u(w, req->kind);
    jrnl_put_s(w, req->nr);
    jrnl_put_s(w, resp->ret);
    jrnl_put_u(w, sh_regs_check(&g->o.machine->cpu));
    unsigned nvals = EMU_HOST_MAX_ARGS;
    while (nvals > 0 && resp->vals[nvals - 1] == 0)
        nvals--;
    jrnl_put_u(w, nvals);
    for (unsigned i = 0; i < nvals; i++)
        jrnl_put_u(w, resp->vals[i]);
    unsigned nout = resp->n_out <= EMU_HOST_MAX_BUFS ? resp->n_out : EMU_HOST_MAX_BUFS;
    jrnl_put_u(w, nout);
    for (unsigned i = 0; i < nout; i++) {
        size_t len = resp->out[i].len <= resp->out[i].cap ? resp->out[i].len : 0;
        jrnl_put_bytes(w, resp->out[i].ptr, len);
    }
    jrnl_put_end(w);
    g->events++;
}

/* Replay one request from the journal. Returns 0 or -1 (divergence or
 * journal failure: reported). */
static int replay_result(struct gate *g, const struct emu_host_req *req,
                         struct emu_host_resp *resp)
{
    /* The request's name, for reports only (built lazily: formatting it
     * for every request would cost more than the check itself). */
    char want[96] = "";
#define WANT() (want[0] ? want : (describe(want, sizeof want, req->kind, req->nr), want))
    const struct jrnl_event *ev = NULL;
    int r = gate_peek(g, &ev);
    if (r == 0) {
        report(g, 1, 0, req->icount,
               "the guest made %s at icount %llu after the recording ended", WANT(),
               (unsigned long long)req->icount);
        return -1;
    }
    if (r < 0) {
        if (g->rep.journal_error == JRNL_E_TRUNCATED)
            snprintf(g->rep.what, sizeof g->rep.what,
                     "the journal ends early (cut short): the guest made %s at icount %llu "
                     "that the recording does not answer",
                     WANT(), (unsigned long long)req->icount);
        return -1;
    }
    if (ev->kind != JRNL_K_HOST_RESULT) {
        report(g, 1, 0, req->icount,
               "the guest made %s at icount %llu, but the recording has a %s event at "
               "icount %llu next",
               WANT(), (unsigned long long)req->icount, event_name(ev->kind),
               (unsigned long long)ev->icount);
        return -1;
    }
    struct jrnl_cur c;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    uint64_t hkind, check, nvals, nout;
    int64_t nr, ret;
    if (jrnl_cur_u(&c, &hkind) || jrnl_cur_s(&c, &nr) || jrnl_cur_s(&c, &ret) ||
        jrnl_cur_u(&c, &check) || jrnl_cur_u(&c, &nvals)) {
        report(g, 0, JRNL_E_EVENT, ev->icount, "journal: malformed HOST_RESULT event #%llu",
               (unsigned long long)ev->seq);
        return -1;
    }
    if (ev->icount != req->icount || hkind != req->kind || nr != req->nr) {
        char got[96];
        describe(got, sizeof got, (uint32_t)hkind, nr);
        report(g, 1, 0, req->icount,
               "the guest made %s at icount %llu, but the recording has %s at icount %llu",
               WANT(), (unsigned long long)req->icount, got, (unsigned long long)ev->icount);
        return -1;
    }
    uint64_t now = sh_regs_check(&g->o.machine->cpu);
    if (now != check) {
        report(g, 1, 0, req->icount,
               "registers differ at %s, icount %llu: check %016llx, recorded %016llx", WANT(),
               (unsigned long long)req->icount, (unsigned long long)now,
               (unsigned long long)check);
        return -1;
    }
    memset(resp->vals, 0, sizeof resp->vals);
    for (uint64_t i = 0; i < nvals; i++) {
        uint64_t v;
        if (i >= EMU_HOST_MAX_ARGS || jrnl_cur_u(&c, &v)) {
            report(g, 0, JRNL_E_EVENT, ev->icount, "journal: bad values in HOST_RESULT #%llu",
                   (unsigned long long)ev->seq);
            return -1;
        }
        resp->vals[i] = v;
    }
    if (jrnl_cur_u(&c, &nout) || nout != resp->n_out) {
        report(g, 1, 0, req->icount,
               "%s at icount %llu expects %u output buffers, the recording has %llu", WANT(),
               (unsigned long long)req->icount, resp->n_out, (unsigned long long)nout);
        return -1;
    }
    for (uint64_t i = 0; i < nout; i++) {
        const uint8_t *p;
        uint32_t n;
        if (jrnl_cur_bytes(&c, &p, &n)) {
            report(g, 0, JRNL_E_EVENT, ev->icount, "journal: bad output in HOST_RESULT #%llu",
                   (unsigned long long)ev->seq);
            return -1;
        }
        if (n > resp->out[i].cap) {
            report(g, 1, 0, req->icount,
                   "%s at icount %llu has room for %zu bytes, the recording answered %u",
                   WANT(), (unsigned long long)req->icount, resp->out[i].cap, n);
            return -1;
        }
        if (n)
            memcpy(resp->out[i].ptr, p, n);
        resp->out[i].len = n;
    }
    resp->ret = ret;
    gate_consume(g);
    g->events++;
    /* Guest output: re-emit what the guest wrote to its stdout/stderr (the
     * bytes are in the request: guest memory is the same as recorded). */
    if (g->o.emit_output && req->kind == EMU_HOST_SYSCALL && req->nr == LNX_HOST_WRITE &&
        (req->args[0] == 1 || req->args[0] == 2) && ret > 0 && req->n_in >= 1) {
        FILE *f = req->args[0] == 1 ? (g->o.out ? g->o.out : stdout)
                                    : (g->o.err ? g->o.err : stderr);
        size_t len = (size_t)ret <= req->in[0].len ? (size_t)ret : req->in[0].len;
        fwrite(req->in[0].ptr, 1, len, f);
        fflush(f);
    }
    return 0;
}
#undef WANT

static int input_call(struct gate *g, const struct emu_host_req *req,
                      struct emu_host_resp *resp);
static void dev_event(void *opaque, struct machine *m,
                      const struct emu_dev_event *ev);

static uint64_t replay_next_poll(void *opaque, struct machine *m, uint64_t icount);

static uint64_t fwd_next_poll(void *opaque, struct machine *m, uint64_t icount)
{
    struct gate *g = opaque;
    return g->o.next_poll(g->o.next_poll_opaque, m, icount);
}

static int host_call(void *opaque, const struct emu_host_req *req,
                     struct emu_host_resp *resp)
{
    struct gate *g = opaque;
    if (req->kind == EMU_HOST_INPUT) /* virt machine: see input_call */
        return input_call(g, req, resp);
    switch (g->o.mode) {
    case GATE_LIVE:
        return g->o.live(g->o.live_opaque, req, resp);
    case GATE_RECORD: {
        int r = g->o.live(g->o.live_opaque, req, resp);
        if (r < 0)
            return r;
        record_result(g, req, resp);
        return 0;
    }
    case GATE_REPLAY:
        return replay_result(g, req, resp) < 0 ? -1 : 0;
    }
    return -1;
}

struct gate *gate_new(const struct gate_opts *opts)
{
    if (!opts || !opts->machine)
        return NULL;
    if ((opts->mode == GATE_LIVE || opts->mode == GATE_RECORD) && !opts->live)
        return NULL;
    if (opts->mode == GATE_RECORD && !opts->writer)
        return NULL;
    if (opts->mode == GATE_REPLAY && !opts->reader)
        return NULL;
    struct gate *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->o = *opts;
    g->hooks.opaque = g;
    g->hooks.host_call = host_call;
    g->hooks.dev_event = dev_event;
    if (opts->mode == GATE_REPLAY)
        g->hooks.next_poll = replay_next_poll;
    else if (opts->next_poll)
        g->hooks.next_poll = fwd_next_poll;
    return g;
}

void gate_free(struct gate *g)
{
    if (!g)
        return;
    free(g->payload);
    free(g);
}

const struct emu_hooks *gate_hooks(struct gate *g)
{
    return &g->hooks;
}

/* ---- position (checkpoints) ---- */

void gate_save(const struct gate *g, struct gate_pos *pos)
{
    memset(pos, 0, sizeof *pos);
    if (g->o.mode != GATE_REPLAY)
        return;
    if (g->have)
        pos->next = g->ev_pos;
    else
        jrnl_reader_save(g->o.reader, &pos->next);
    pos->events = g->events;
    pos->has_rep = g->has_rep;
    if (g->has_rep)
        pos->rep = g->rep;
}

int gate_restore(struct gate *g, const struct gate_pos *pos)
{
    if (g->o.mode != GATE_REPLAY)
        return 0;
    g->have = 0;
    g->eof = 0;
    g->jerr = 0;
    g->scan_valid = 0;
    g->events = pos->events;
    g->has_rep = pos->has_rep;
    if (pos->has_rep)
        g->rep = pos->rep;
    else
        memset(&g->rep, 0, sizeof g->rep);
    struct jrnl_err err = {0};
    int r = jrnl_reader_restore(g->o.reader, &pos->next, &err);
    if (r < 0) {
        g->jerr = r;
        report(g, 0, r, g->o.machine ? g->o.machine->cpu.icount : 0, "journal: %s",
               err.msg[0] ? err.msg : jrnl_strerror(r));
    }
    return r < 0 ? r : 0;
}

/* ---- virt machine: asynchronous inputs and device outputs ----
 *
 * An input poll (EMU_HOST_INPUT) is asked at deterministic icounts; only
 * real inputs are journaled, as UART_INPUT (port, bytes), TIMER (index),
 * BALLOON_CMD (target pages) or BALLOON_STATS_REQ. Replay answers a poll
 * from the next event if it is such an input at exactly the poll's icount,
 * and with "nothing" otherwise; an input the guest has run past is a
 * divergence. Device outputs (balloon inflate/deflate/violation, panics)
 * are journaled when recorded and compared when replayed. */

static int input_jkind(unsigned k)
{
    switch (k) {
    case EMU_INPUT_UART: return JRNL_K_UART_INPUT;
    case EMU_INPUT_TIMER: return JRNL_K_TIMER;
    case EMU_INPUT_BALLOON_TARGET: return JRNL_K_BALLOON_CMD;
    case EMU_INPUT_BALLOON_STATS: return JRNL_K_BALLOON_STATS_REQ;
    default: return 0;
    }
}

static unsigned input_of_jkind(uint32_t jk)
{
    switch (jk) {
    case JRNL_K_UART_INPUT: return EMU_INPUT_UART;
    case JRNL_K_TIMER: return EMU_INPUT_TIMER;
    case JRNL_K_BALLOON_CMD: return EMU_INPUT_BALLOON_TARGET;
    case JRNL_K_BALLOON_STATS_REQ: return EMU_INPUT_BALLOON_STATS;
    default: return EMU_INPUT_NONE;
    }
}

static void record_input(struct gate *g, const struct emu_host_req *req,
                         const struct emu_host_resp *resp)
{
    struct jrnl_writer *w = g->o.writer;
    int jk = input_jkind((unsigned)resp->ret);
    if (!jk)
        return;
    jrnl_put_begin(w, (uint32_t)jk, req->icount);
    switch (resp->ret) {
    case EMU_INPUT_UART: {
        size_t n = resp->n_out && resp->out[0].len <= resp->out[0].cap
                       ? resp->out[0].len : 0;
        jrnl_put_u(w, 0); /* port: uart0 */
        jrnl_put_bytes(w, resp->out[0].ptr, n);
        break;
    }
    case EMU_INPUT_TIMER:
    case EMU_INPUT_BALLOON_TARGET:
        jrnl_put_u(w, resp->vals[0]);
        break;
    default:
        break;
    }
    jrnl_put_end(w);
    g->events++;
}

static int replay_input(struct gate *g, const struct emu_host_req *req,
                        struct emu_host_resp *resp)
{
    resp->ret = EMU_INPUT_NONE;
    const struct jrnl_event *ev = NULL;
    int r = gate_peek(g, &ev);
    if (r <= 0)
        return r < 0 ? -1 : 0; /* journal error / recording ended */
    unsigned k = input_of_jkind(ev->kind);
    if (k == EMU_INPUT_NONE || ev->icount > req->icount)
        return 0;
    if (ev->icount < req->icount) {
        report(g, 1, 0, req->icount,
               "the recording delivered a %s input at icount %llu, but the guest "
               "was not there to take it (next poll at icount %llu)",
               event_name(ev->kind), (unsigned long long)ev->icount,
               (unsigned long long)req->icount);
        return -1;
    }
    struct jrnl_cur c;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    uint64_t v = 0;
    int bad = 0;
    if (k == EMU_INPUT_UART) {
        const uint8_t *p;
        uint32_t n;
        bad = jrnl_cur_u(&c, &v) || jrnl_cur_bytes(&c, &p, &n);
        if (!bad && (resp->n_out < 1 || n > resp->out[0].cap)) {
            report(g, 1, 0, req->icount,
                   "UART input at icount %llu: %u bytes recorded, the guest's "
                   "receive FIFO has room for %zu",
                   (unsigned long long)req->icount, n,
                   resp->n_out ? resp->out[0].cap : (size_t)0);
            return -1;
        }
        if (!bad) {
            if (n)
                memcpy(resp->out[0].ptr, p, n);
            resp->out[0].len = n;
        }
    } else if (k == EMU_INPUT_TIMER || k == EMU_INPUT_BALLOON_TARGET) {
        bad = jrnl_cur_u(&c, &v);
        resp->vals[0] = v;
    }
    if (bad) {
        report(g, 0, JRNL_E_EVENT, ev->icount, "journal: malformed %s event #%llu",
               event_name(ev->kind), (unsigned long long)ev->seq);
        return -1;
    }
    resp->ret = (int64_t)k;
    gate_consume(g);
    g->scan_valid = 0;
    g->events++;
    return 0;
}

/* Extra poll points in replay: the icount of the next input event in the
 * journal (looking past clock answers and device outputs without
 * consuming them), so that inputs a chaos recording delivered between
 * regular poll points arrive at the same icount. UINT64_MAX when there is
 * none (or the journal cannot be read: the regular path reports that). */
#define SCAN_MAX_EVENTS 1000000
static uint64_t replay_next_poll(void *opaque, struct machine *m, uint64_t icount)
{
    struct gate *g = opaque;
    (void)m;
    (void)icount;
    if (g->scan_valid)
        return g->scan_icount;
    const struct jrnl_event *ev = NULL;
    if (g->has_rep || gate_peek(g, &ev) != 1)
        return UINT64_MAX;
    g->scan_valid = 1;
    g->scan_icount = UINT64_MAX;
    if (input_of_jkind(ev->kind) != EMU_INPUT_NONE) {
        g->scan_icount = ev->icount;
        return g->scan_icount;
    }
    struct jrnl_pos here;
    struct jrnl_err err = {0};
    struct jrnl_event e;
    jrnl_reader_save(g->o.reader, &here);
    for (unsigned n = 0; n < SCAN_MAX_EVENTS; n++) {
        if (jrnl_reader_next(g->o.reader, &e, &err) != 1)
            break;
        if (input_of_jkind(e.kind) != EMU_INPUT_NONE) {
            g->scan_icount = e.icount;
            break;
        }
    }
    if (jrnl_reader_restore(g->o.reader, &here, &err) < 0 && !g->jerr) {
        g->jerr = JRNL_E_EVENT;
        report(g, 0, JRNL_E_EVENT, icount, "journal: %s",
               err.msg[0] ? err.msg : "cannot return after a look-ahead");
    }
    return g->scan_icount;
}

static int input_call(struct gate *g, const struct emu_host_req *req,
                      struct emu_host_resp *resp)
{
    switch (g->o.mode) {
    case GATE_LIVE:
        return g->o.live(g->o.live_opaque, req, resp);
    case GATE_RECORD: {
        int r = g->o.live(g->o.live_opaque, req, resp);
        if (r < 0)
            return r;
        record_input(g, req, resp);
        return 0;
    }
    case GATE_REPLAY:
        return replay_input(g, req, resp);
    }
    return -1;
}

static uint32_t output_jkind(uint32_t k)
{
    switch (k) {
    case EMU_DEV_BALLOON_INFLATE: return JRNL_K_BALLOON_INFLATE;
    case EMU_DEV_BALLOON_DEFLATE: return JRNL_K_BALLOON_DEFLATE;
    case EMU_DEV_BALLOON_VIOLATION: return JRNL_K_BALLOON_VIOLATION;
    case EMU_DEV_PANIC: return JRNL_K_PANIC;
    case EMU_DEV_OOM_KILL: return JRNL_K_OOM_KILL;
    case EMU_DEV_HANG: return JRNL_K_HANG;
    default: return 0; /* stats reports are not journaled */
    }
}

/* Replay: 0 if the recorded event `ev` is the output `e`. */
static int output_differs(const struct jrnl_event *ev, const struct emu_dev_event *e)
{
    struct jrnl_cur c;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    uint64_t a, b, n;
    const uint8_t *p;
    uint32_t len;
    switch (e->kind) {
    case EMU_DEV_BALLOON_DEFLATE:
        if (jrnl_cur_u(&c, &a) || a != e->a)
            return 1;
        /* fall through */
    case EMU_DEV_BALLOON_INFLATE:
        if (jrnl_cur_u(&c, &n) || n != e->n_pfns)
            return 1;
        for (size_t i = 0; i < e->n_pfns; i++)
            if (jrnl_cur_u(&c, &a) || a != e->pfns[i])
                return 1;
        return 0;
    case EMU_DEV_BALLOON_VIOLATION:
        return jrnl_cur_u(&c, &b) || jrnl_cur_u(&c, &a) || b != e->b || a != e->a;
    case EMU_DEV_OOM_KILL:
        if (jrnl_cur_u(&c, &a) || jrnl_cur_u(&c, &b) || a != e->a || b != e->b)
            return 1;
        /* fall through */ /* to the name */
    case EMU_DEV_PANIC:
    case EMU_DEV_HANG:
        return jrnl_cur_bytes(&c, &p, &len) || len != e->msg_len ||
               (len && memcmp(p, e->msg, len));
    default:
        return 0;
    }
}

static void dev_event(void *opaque, struct machine *m, const struct emu_dev_event *e)
{
    struct gate *g = opaque;
    uint32_t jk = output_jkind(e->kind);
    if (!jk || g->o.mode == GATE_LIVE)
        return;
    if (g->o.mode == GATE_RECORD) {
        struct jrnl_writer *w = g->o.writer;
        jrnl_put_begin(w, jk, e->icount);
        switch (e->kind) {
        case EMU_DEV_BALLOON_DEFLATE:
            jrnl_put_u(w, e->a);
            /* fall through */
        case EMU_DEV_BALLOON_INFLATE:
            jrnl_put_u(w, e->n_pfns);
            for (size_t i = 0; i < e->n_pfns; i++)
                jrnl_put_u(w, e->pfns[i]);
            break;
        case EMU_DEV_BALLOON_VIOLATION:
            jrnl_put_u(w, e->b);
            jrnl_put_u(w, e->a);
            break;
        case EMU_DEV_OOM_KILL:
            jrnl_put_u(w, e->a);
            jrnl_put_u(w, e->b);
            jrnl_put_bytes(w, e->msg, e->msg_len);
            break;
        case EMU_DEV_PANIC:
        case EMU_DEV_HANG:
            jrnl_put_bytes(w, e->msg, e->msg_len);
            break;
        }
        jrnl_put_end(w);
        return;
    }
    if (g->has_rep)
        return;
    const struct jrnl_event *ev = NULL;
    int r = gate_peek(g, &ev);
    if (r < 0) {
        cpu_halt(&m->cpu);
        return;
    }
    if (r == 0 || ev->kind != jk || ev->icount != e->icount || output_differs(ev, e)) {
        report(g, 1, 0, e->icount,
               "the guest produced a %s event at icount %llu, but the recording has %s%s "
               "at icount %llu next",
               event_name(jk), (unsigned long long)e->icount,
               r == 0 ? "nothing" : ev->kind == jk ? "a different " : "a ",
               r == 0 ? "" : event_name(ev->kind),
               r == 0 ? 0ull : (unsigned long long)ev->icount);
        cpu_halt(&m->cpu);
        return;
    }
    gate_consume(g);
}
