/*
 * session_common.c — the pieces of the record/replay drivers that do not
 * depend on the machine kind (session_common.h).
 */
#include "replay/session_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "emu/machine.h"
#include "replay/gate.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "replay/state_hash.h"

void sess_user_digests(struct machine *m, uint8_t regs[32], uint8_t mem[32])
{
    sh_regs_digest(&m->cpu, regs);
    sh_mem_digest(m, mem);
}

int sess_fail(struct sess_result *res, int outcome, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->msg, sizeof res->msg, fmt, ap);
    va_end(ap);
    res->outcome = outcome;
    return outcome;
}

uint64_t sess_next_boundary(uint64_t icount, uint64_t interval)
{
    uint64_t next = (icount / interval + 1) * interval;
    return next < icount ? UINT64_MAX : next; /* overflow: run to the end */
}

void sess_final_digest(struct machine *m, sess_digest_fn dig, uint8_t regs[32],
                       uint8_t mem[32], struct sess_result *res)
{
    dig(m, regs, mem);
    sh_state_digest(regs, mem, res->state);
    sh_digest_hex(res->state, res->state_hex);
    res->icount = m->cpu.icount;
}

void sess_check_digests(struct gate *g, struct machine *m, sess_digest_fn dig,
                        const char *where, const char *what_mem, const uint8_t *want_regs,
                        const uint8_t *want_mem, uint8_t regs[32], uint8_t mem[32])
{
    dig(m, regs, mem);
    int rd = memcmp(regs, want_regs, 32) != 0;
    int md = memcmp(mem, want_mem, 32) != 0;
    if (!rd && !md)
        return;
    char a[17], b[17];
    sh_digest_hex(rd ? regs : mem, a);
    sh_digest_hex(rd ? want_regs : want_mem, b);
    gate_diverge(g, m->cpu.icount, m->cpu.ip,
                 "%s at icount %llu: %s%s%s differ%s (digest %s, recorded %s)", where,
                 (unsigned long long)m->cpu.icount, rd ? "registers" : "",
                 rd && md ? " and " : "", md ? what_mem : "", rd ? "" : "s", a, b);
}

int sess_record_finish(struct jrnl_writer *w, struct gate *g, struct machine *m,
                       sess_digest_fn dig, int status, const char *journal,
                       struct sess_result *res)
{
    if (!jrnl_writer_ok(w)) {
        const struct jrnl_err *we = jrnl_writer_error(w);
        snprintf(res->msg, sizeof res->msg, "%s: %s", journal, we->msg);
        res->outcome = SESS_JOURNAL;
        jrnl_writer_free(w);
    } else {
        struct jrnl_end end = {0};
        struct jrnl_err jerr = {0};
        sess_final_digest(m, dig, end.regs_hash, end.mem_hash, res);
        end.final_icount = m->cpu.icount;
        end.exit_status = status;
        if (jrnl_writer_close(w, &end, &jerr) != 0) {
            snprintf(res->msg, sizeof res->msg, "%s: %s", journal, jerr.msg);
            res->outcome = SESS_JOURNAL;
        }
        struct stat sb;
        if (stat(journal, &sb) == 0)
            res->journal_bytes = (uint64_t)sb.st_size;
    }
    res->events = gate_events(g);
    gate_free(g);
    mach_free(m);
    return res->outcome;
}

int sess_sync_hash(struct gate *g, struct machine *m, int pr, const struct jrnl_event *ev,
                   sess_digest_fn dig, const char *what_mem)
{
    if (pr == 0 || ev->kind != JRNL_K_STATE_HASH || ev->icount != m->cpu.icount) {
        gate_diverge(g, m->cpu.icount, m->cpu.ip,
                     "the guest reached icount %llu, where the recording has %s%s",
                     (unsigned long long)m->cpu.icount, pr == 0 ? "ended" : "the next event ",
                     pr == 0 ? "" : jrnl_kind_info(ev->kind)->name);
        return -1;
    }
    struct jrnl_cur c;
    const uint8_t *wr, *wm;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    if (jrnl_cur_hash(&c, &wr) || jrnl_cur_hash(&c, &wm)) {
        gate_diverge(g, ev->icount, 0, "journal: malformed STATE_HASH event #%llu",
                     (unsigned long long)ev->seq);
        return -1;
    }
    uint8_t dr[32], dm[32];
    sess_check_digests(g, m, dig, "state hash", what_mem, wr, wm, dr, dm);
    gate_consume(g);
    return gate_report(g, NULL) ? -1 : 0;
}

int sess_sync_end(struct gate *g, struct machine *m, int pr, const struct jrnl_event *ev,
                  int status, const char *verb, sess_digest_fn dig, const char *what_mem,
                  uint8_t regs[32], uint8_t mem[32])
{
    if (pr == 0 || ev->kind != JRNL_K_END) {
        gate_diverge(g, m->cpu.icount, m->cpu.ip,
                     "the guest %s with status %d at icount %llu, but the recording goes on "
                     "(next: %s at icount %llu)",
                     verb, status, (unsigned long long)m->cpu.icount,
                     pr == 0 ? "nothing" : jrnl_kind_info(ev->kind)->name,
                     pr == 0 ? 0ull : (unsigned long long)ev->icount);
        return -1;
    }
    struct jrnl_cur c;
    int64_t want_status;
    const uint8_t *wr, *wm;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    if (jrnl_cur_s(&c, &want_status) || jrnl_cur_hash(&c, &wr) || jrnl_cur_hash(&c, &wm)) {
        gate_diverge(g, ev->icount, 0, "journal: malformed END event");
        return -1;
    }
    if (ev->icount != m->cpu.icount || want_status != status) {
        gate_diverge(g, m->cpu.icount, m->cpu.ip,
                     "the guest %s with status %d at icount %llu; the recording %s with "
                     "status %lld at icount %llu",
                     verb, status, (unsigned long long)m->cpu.icount, verb,
                     (long long)want_status, (unsigned long long)ev->icount);
        return -1;
    }
    sess_check_digests(g, m, dig, "final state", what_mem, wr, wm, regs, mem);
    gate_consume(g);
    return gate_report(g, NULL) ? -1 : 0;
}

int sess_replay_finish(struct gate *g, struct machine *m, struct jrnl_reader *r,
                       const struct jrnl_status *jst, int stopped, int have_final,
                       uint8_t regs[32], uint8_t mem[32], sess_digest_fn dig,
                       struct sess_result *res)
{
    if (have_final) {
        sh_state_digest(regs, mem, res->state);
        sh_digest_hex(res->state, res->state_hex);
        res->icount = m->cpu.icount;
    } else {
        sess_final_digest(m, dig, regs, mem, res);
    }
    res->events = gate_events(g);
    if (gate_report(g, &res->report)) {
        res->outcome = res->report.diverged ? SESS_DIVERGED : SESS_JOURNAL;
    } else if (!jst->complete && !stopped) {
        /* Every event that could be read replayed identically, but the
         * journal itself is damaged or cut short: say so, and do not let
         * a damaged file pass for a good one. */
        snprintf(res->msg, sizeof res->msg,
                 "journal incomplete (%.300s); the %llu events before that replayed "
                 "identically, %llu instructions",
                 jst->tail.msg, (unsigned long long)res->events,
                 (unsigned long long)res->icount);
        res->outcome = SESS_JOURNAL;
    }
    if (res->outcome == SESS_JOURNAL && !res->msg[0] && !jst->complete)
        snprintf(res->msg, sizeof res->msg,
                 "journal incomplete (%.200s); replay stopped at icount %llu: %.250s",
                 jst->tail.msg, (unsigned long long)res->report.icount, res->report.what);
    gate_free(g);
    mach_free(m);
    jrnl_reader_close(r);
    return res->outcome;
}
