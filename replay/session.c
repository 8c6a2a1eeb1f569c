/*
 * session.c — the record and replay drivers for Linux user-mode programs.
 *
 * Both sides slice the run identically: lnx_run() up to the next multiple of
 * the hash interval, then a state digest. Because the slicing depends only
 * on icount, the recording and the replay see the same sequence of events
 * (a host request at the slice boundary is served inside lnx_run before it
 * returns, in both modes), so replay can check each STATE_HASH where the
 * recorder wrote it.
 *
 * The only host facts a recording reads outside the gate are metadata for
 * the header (recording time, host name): they describe the recording and
 * never reach the guest.
 */
#include "replay/session.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "emu/linux/lnx.h"
#include "emu/linux/lnx_host.h"
#include "emu/machine.h"
#include "replay/ckpt_jrnl.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "replay/session_common.h"
#include "replay/session_obs.h"
#include "replay/state_hash.h"

/* ---- record ---- */

int sess_record(const struct sess_record_opts *o, struct sess_result *res)
{
    memset(res, 0, sizeof *res);
    uint64_t interval = o->hash_interval ? o->hash_interval : SESS_DEFAULT_HASH_INTERVAL;
    struct lnx_err lerr = {0};
    int isa = o->isa;
    if (!isa) {
        isa = lnx_elf_isa(o->program, o->program_bytes, &lerr);
        if (isa < 0)
            return sess_fail(res, SESS_SETUP, "%s", lerr.msg);
        if (isa == 0)
            isa = 5;
    }

    /* Header: everything a replay needs to rebuild the run. */
    char cpu[32], host[300];
    snprintf(cpu, sizeof cpu, "elbrus-v%d", isa);
    struct utsname u;
    if (uname(&u) == 0)
        snprintf(host, sizeof host, "%s %s %s %s", u.nodename, u.sysname, u.release, u.machine);
    else
        snprintf(host, sizeof host, "unknown");
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint32_t envc = 0;
    while (o->envp && o->envp[envc])
        envc++;
    struct jrnl_header hdr = {
        .flags = 0,
        .isa_version = (uint32_t)isa,
        .record_time_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec,
        .hash_interval_icount = interval,
        .machine = "linux-user",
        .cpu = cpu,
        .host = host,
        .argc = (uint32_t)o->argc,
        .argv = o->argv,
        .envc = envc,
        .envp = o->envp,
        .program = o->program,
        .program_bytes = o->program_bytes,
    };

    struct machine *m = mach_new(MACH_USER, (unsigned)isa, 0);
    if (!m)
        return sess_fail(res, SESS_SETUP, "cannot create a machine for elbrus-v%d", isa);
    struct jrnl_writer *w = NULL;
    struct jrnl_err jerr = {0};
    if (jrnl_writer_open(&w, o->journal, &hdr, NULL, &jerr) != 0) {
        mach_free(m);
        return sess_fail(res, SESS_JOURNAL, "%s: %s", o->journal, jerr.msg);
    }
    struct gate_opts go = {
        .mode = GATE_RECORD,
        .machine = m,
        .live = lnx_host_live,
        .writer = w,
    };
    struct gate *g = gate_new(&go);
    if (!g) {
        jrnl_writer_free(w);
        mach_free(m);
        return sess_fail(res, SESS_SETUP, "out of memory");
    }
    mach_set_hooks(m, gate_hooks(g));

    struct lnx_opts lo = {
        .argv = o->argv, .argc = o->argc, .envp = o->envp, .log = o->log,
    };
    if (lnx_load(m, o->program, o->program_bytes, &lo, &lerr) != 0) {
        gate_free(g);
        jrnl_writer_free(w);
        mach_free(m);
        return sess_fail(res, SESS_SETUP, "%s", lerr.msg);
    }

    /* Journal checkpoints: slices also end at their icounts; at a common
     * boundary the STATE_HASH comes first. */
    uint64_t ck_every = o->checkpoint_every;
    struct ckpt_jrnl_rec cr;
    if (ck_every)
        ckpt_jrnl_rec_begin(&cr, m);
    int status = 0;
    for (;;) {
        uint64_t limit = sess_next_boundary(m->cpu.icount, interval);
        if (ck_every && sess_next_boundary(m->cpu.icount, ck_every) < limit)
            limit = sess_next_boundary(m->cpu.icount, ck_every);
        int r = lnx_run(m, limit, &status, &lerr);
        sess_obs_progress(o->obs, m->cpu.icount, 0);
        if (r == LNX_RUN_EXITED) {
            res->exited = 1;
            res->exit_status = status;
            break;
        }
        if (r == LNX_RUN_LIMIT) {
            if (m->cpu.icount % interval == 0) {
                uint8_t regs[32], mem[32];
                sh_regs_digest(&m->cpu, regs);
                sh_mem_digest(m, mem);
                jrnl_put_state_hash(w, m->cpu.icount, regs, mem);
                res->hashes++;
            }
            if (ck_every && m->cpu.icount % ck_every == 0) {
                if (ckpt_jrnl_rec_put(&cr, m, w)) {
                    snprintf(res->msg, sizeof res->msg,
                             "out of memory writing a checkpoint at icount %llu",
                             (unsigned long long)m->cpu.icount);
                    res->outcome = SESS_SETUP;
                    break;
                }
                res->checkpoints++;
            }
            if (!jrnl_writer_ok(w))
                break;
            continue;
        }
        /* A stop the recorder did not ask for, or a host failure. */
        snprintf(res->msg, sizeof res->msg, "recording stopped at icount %llu: %s",
                 (unsigned long long)m->cpu.icount,
                 r < 0 ? lerr.msg : "the machine stopped unexpectedly");
        res->outcome = SESS_SETUP;
        break;
    }
    return sess_record_finish(w, g, m, sess_user_digests, status, o->journal, res);
}

/* ---- replay ---- */

int sess_replay(const struct sess_replay_opts *o, struct sess_result *res)
{
    memset(res, 0, sizeof *res);
    struct jrnl_reader *r = NULL;
    struct jrnl_err jerr = {0};
    if (jrnl_reader_open(&r, o->journal, &jerr) != 0)
        return sess_fail(res, SESS_JOURNAL, "%s: %s", o->journal, jerr.msg);
    const struct jrnl_header *h = jrnl_reader_header(r);
    struct jrnl_status jst;
    jrnl_reader_status(r, &jst);
    if (h->flags & JRNL_HF_SYSTEM) /* the virt machine: session_virt.c */
        return sess_virt_replay_reader(o, r, res);
    if (!(h->flags & JRNL_HF_PROGRAM) || !h->program) {
        jrnl_reader_close(r);
        return sess_fail(res, SESS_SETUP, "%s: the guest program is not embedded",
                          o->journal);
    }
    if (h->isa_version < 2 || h->isa_version > 7 || h->argc < 1) {
        jrnl_reader_close(r);
        return sess_fail(res, SESS_SETUP, "%s: header names ISA version %u and %u "
                          "arguments; cannot replay", o->journal, h->isa_version, h->argc);
    }
    uint64_t interval = h->hash_interval_icount ? h->hash_interval_icount : UINT64_MAX;

    struct machine *m = mach_new(MACH_USER, h->isa_version, 0);
    if (!m) {
        jrnl_reader_close(r);
        return sess_fail(res, SESS_SETUP, "cannot create a machine");
    }
    struct gate_opts go = {
        .mode = GATE_REPLAY,
        .machine = m,
        .reader = r,
        .emit_output = o->emit_output,
    };
    struct gate *g = gate_new(&go);
    if (!g) {
        mach_free(m);
        jrnl_reader_close(r);
        return sess_fail(res, SESS_SETUP, "out of memory");
    }
    mach_set_hooks(m, gate_hooks(g));
    /* envp from the header, NULL-terminated (the header keeps envc + 1). */
    struct lnx_opts lo = {
        .argv = h->argv, .argc = (int)h->argc, .envp = h->envp, .log = o->log,
    };
    struct lnx_err lerr = {0};
    if (lnx_load(m, h->program, h->program_bytes, &lo, &lerr) != 0) {
        if (!gate_report(g, NULL))
            gate_diverge(g, 0, 0, "loading the embedded program failed: %s", lerr.msg);
    }

    int status = 0, have_final = 0;
    uint8_t regs[32], mem[32];
    struct sess_stepper st;
    sess_stepper_init(&st, o->obs);
    uint64_t end_icount = jst.complete ? jst.end.final_icount : 0;
    while (!gate_report(g, NULL)) {
        uint64_t boundary = sess_next_boundary(m->cpu.icount, interval);
        uint64_t limit = boundary;
        if (sess_stepper_before(&st, m, &limit))
            break; /* the observer has seen enough */
        int rr = lnx_run(m, limit, &status, &lerr);
        sess_obs_progress(o->obs, m->cpu.icount, end_icount);
        if (gate_report(g, NULL))
            break;
        if (rr == LNX_RUN_LIMIT && m->cpu.icount != boundary)
            continue; /* a slice the observer's step window ended early */
        if (rr < 0 || rr == LNX_RUN_STOPPED) {
            gate_diverge(g, m->cpu.icount, m->cpu.ip, "the machine stopped: %s",
                         rr < 0 ? lerr.msg : "unexpected stop");
            break;
        }
        const struct jrnl_event *ev = NULL;
        int pr = gate_peek(g, &ev);
        if (pr < 0)
            break; /* journal failure: the gate has the report */
        if (rr == LNX_RUN_LIMIT) {
            if (sess_sync_hash(g, m, pr, ev, sess_user_digests, "memory") != 0)
                break;
            res->hashes++;
            continue;
        }
        /* The guest exited: the recording must end here, the same way. */
        res->exited = 1;
        res->exit_status = status;
        if (sess_sync_end(g, m, pr, ev, status, "exited", sess_user_digests, "memory", regs,
                          mem) == 0)
            have_final = 1;
        break;
    }

    sess_stepper_final(&st, m);
    res->stopped = st.stopped;
    return sess_replay_finish(g, m, r, &jst, st.stopped, have_final, regs, mem,
                              sess_user_digests, res);
}
