/*
 * session_virt.c — the record and replay drivers for the virt machine
 * (system mode, docs/virt-machine.md, docs/record-replay.md).
 *
 * Same approach as session.c: both sides run virt_run() in slices up to
 * the next multiple of the hash interval and compare state digests there.
 * The machine itself polls for host inputs at multiples of
 * VIRT_POLL_QUANTUM, so record and replay make the same sequence of host
 * requests; the gate journals what arrived (record) or serves it at the
 * recorded icount (replay).
 *
 * The header keeps what a replay needs to rebuild the machine: the kernel
 * (embedded), the ISA, the RAM size, and the machine options as argv
 * (argv[0] = the kernel's name). Building the machine needs the devices,
 * which replay/ may not include: the front end passes a build callback.
 *
 * Digests: registers as user mode plus the system registers
 * (state_hash.c); "memory" = SHA-256 of the RAM digest and the complete
 * device state (the board's saved state), so a device divergence is caught
 * at the next STATE_HASH.
 */
#include "replay/session.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"
#include "replay/session_common.h"
#include "replay/session_obs.h"
#include "replay/sha256.h"
#include "replay/state_hash.h"

/* Registers and "memory" (RAM + device state) digests of a virt machine. */
void sess_virt_digests(struct machine *m, uint8_t regs[32], uint8_t mem[32])
{
    sh_regs_digest(&m->cpu, regs);
    uint8_t ram[32];
    sh_mem_digest(m, ram);
    size_t len = 0;
    virt_save_devices(m, NULL, 0, &len);
    uint8_t *dev = malloc(len ? len : 1);
    size_t got = 0;
    if (dev && virt_save_devices(m, dev, len, &got) != 0)
        got = 0;
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, ram, sizeof ram);
    sha256_update(&c, "devices", 7);
    if (dev)
        sha256_update(&c, dev, got);
    sha256_final(&c, mem);
    free(dev);
}

/* ---- record ---- */

int sess_virt_record(const struct sess_virt_record_opts *o, struct sess_result *res)
{
    memset(res, 0, sizeof *res);
    uint64_t interval = o->hash_interval ? o->hash_interval : SESS_DEFAULT_HASH_INTERVAL;
    struct virt_err verr = {0};
    int isa = o->isa;
    if (!isa) {
        isa = virt_elf_isa(o->kernel, o->kernel_bytes, &verr);
        if (isa < 0)
            return sess_fail(res, SESS_SETUP, "%s", verr.msg);
        if (isa == 0)
            isa = 5;
    }
    if (!o->build || !o->live)
        return sess_fail(res, SESS_SETUP, "no machine builder or host performer");
    char cpu[32], host[300];
    snprintf(cpu, sizeof cpu, "elbrus-v%d", isa);
    struct utsname u;
    if (uname(&u) == 0)
        snprintf(host, sizeof host, "%s %s %s %s", u.nodename, u.sysname, u.release, u.machine);
    else
        snprintf(host, sizeof host, "unknown");
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct jrnl_header hdr = {
        .flags = JRNL_HF_SYSTEM,
        .isa_version = (uint32_t)isa,
        .ram_bytes = o->ram_bytes,
        .record_time_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec,
        .hash_interval_icount = interval,
        .machine = SESS_MACHINE_VIRT,
        .cpu = cpu,
        .host = host,
        .argc = (uint32_t)o->argc,
        .argv = o->argv,
        .envc = 0,
        .envp = NULL,
        .program = o->kernel,
        .program_bytes = o->kernel_bytes,
    };
    struct machine *m = mach_new(MACH_VIRT, (unsigned)isa, 0);
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
        .live = o->live,
        .live_opaque = o->live_opaque,
        .writer = w,
        .next_poll = o->next_poll,
        .next_poll_opaque = o->next_poll_opaque,
    };
    struct gate *g = gate_new(&go);
    if (!g) {
        jrnl_writer_free(w);
        mach_free(m);
        return sess_fail(res, SESS_SETUP, "out of memory");
    }
    mach_set_hooks(m, gate_hooks(g));
    char berr[256] = "";
    if (o->build(o->build_opaque, m, o->kernel, o->kernel_bytes, o->argc, o->argv, 0, NULL,
                 berr, sizeof berr) != 0) {
        gate_free(g);
        jrnl_writer_free(w);
        mach_free(m);
        return sess_fail(res, SESS_SETUP, "%s", berr);
    }

    int status = 0;
    for (;;) {
        uint64_t limit = sess_next_boundary(m->cpu.icount, interval);
        int r = virt_run(m, limit, &status, &verr);
        sess_obs_progress(o->obs, m->cpu.icount, 0);
        if (r == VIRT_RUN_EXITED) {
            res->exited = 1;
            res->exit_status = status;
            break;
        }
        if (r == VIRT_RUN_LIMIT) {
            uint8_t regs[32], mem[32];
            sess_virt_digests(m, regs, mem);
            jrnl_put_state_hash(w, m->cpu.icount, regs, mem);
            res->hashes++;
            if (!jrnl_writer_ok(w))
                break;
            continue;
        }
        snprintf(res->msg, sizeof res->msg, "recording stopped at icount %llu: %s",
                 (unsigned long long)m->cpu.icount,
                 r < 0 ? verr.msg : "the machine stopped unexpectedly");
        res->outcome = SESS_SETUP;
        break;
    }
    return sess_record_finish(w, g, m, sess_virt_digests, status, o->journal, res);
}

/* ---- replay ---- */

/* The hooks a replay installs when an observer wants device events: the
 * gate's, with dev_event also passed on to the observer after the gate
 * checked it. Callbacks the gate leaves NULL stay NULL (a before_block
 * hook, for one, would turn off block chaining). */
struct obs_hooks {
    struct emu_hooks_fwd f;           /* installed: the gate's, forwarded */
    const struct sess_observer *obs;
};

static void oh_dev_event(void *opaque, struct machine *m, const struct emu_dev_event *ev)
{
    const struct emu_hooks_fwd *f = opaque;
    const struct obs_hooks *oh = f->ctx;
    emu_fwd_dev_event(f, m, ev);
    oh->obs->dev_event(oh->obs->ctx, m, ev);
}

int sess_virt_machine(const struct sess_replay_opts *o, struct jrnl_reader *r,
                      FILE *uart_out, sess_hooks_fn install, void *ctx,
                      struct machine **mp, struct gate **gp, char *msg, size_t msglen)
{
    *mp = NULL;
    *gp = NULL;
    const struct jrnl_header *h = jrnl_reader_header(r);
    if (!(h->flags & JRNL_HF_SYSTEM) || strcmp(h->machine, SESS_MACHINE_VIRT) != 0) {
        snprintf(msg, msglen, "%s: a %s journal of machine '%s'; only '%s' replays here",
                 o->journal, h->flags & JRNL_HF_SYSTEM ? "system-mode" : "user-mode",
                 h->machine, SESS_MACHINE_VIRT);
        return SESS_SETUP;
    }
    if (!o->virt_build) {
        snprintf(msg, msglen, "%s: a virt-machine journal; this front end cannot build the "
                 "virt machine", o->journal);
        return SESS_SETUP;
    }
    if (!(h->flags & JRNL_HF_PROGRAM) || !h->program || h->isa_version < 2 ||
        h->isa_version > 7 || h->argc < 1) {
        snprintf(msg, msglen, "%s: the header lacks the kernel, the ISA version or the "
                 "machine options; cannot replay", o->journal);
        return SESS_SETUP;
    }
    struct machine *m = mach_new(MACH_VIRT, h->isa_version, 0);
    if (!m) {
        snprintf(msg, msglen, "cannot create a machine");
        return SESS_SETUP;
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
        snprintf(msg, msglen, "out of memory");
        return SESS_SETUP;
    }
    if (install)
        install(ctx, m, g);
    else
        mach_set_hooks(m, gate_hooks(g));
    char berr[256] = "";
    if (o->virt_build(o->virt_opaque, m, h->program, h->program_bytes, (int)h->argc, h->argv,
                      !o->emit_output, uart_out, berr, sizeof berr) != 0) {
        mach_free(m);
        gate_free(g);
        snprintf(msg, msglen, "%s: cannot rebuild the machine: %s", o->journal, berr);
        return SESS_SETUP;
    }
    *mp = m;
    *gp = g;
    return SESS_OK;
}

/* sess_hooks_fn of a replay whose observer wants device events. */
static void install_obs_hooks(void *ctx, struct machine *m, struct gate *g)
{
    struct obs_hooks *oh = ctx;
    emu_hooks_fwd_init(&oh->f, gate_hooks(g), oh);
    oh->f.hooks.dev_event = oh_dev_event;
    mach_set_hooks(m, &oh->f.hooks);
}

int sess_virt_replay_reader(const struct sess_replay_opts *o, struct jrnl_reader *r,
                            struct sess_result *res)
{
    const struct jrnl_header *h = jrnl_reader_header(r);
    struct jrnl_status jst;
    jrnl_reader_status(r, &jst);
    uint64_t interval = h->hash_interval_icount ? h->hash_interval_icount : UINT64_MAX;
    struct obs_hooks oh = {.obs = o->obs};
    struct machine *m;
    struct gate *g;
    int rc = sess_virt_machine(o, r, NULL, o->obs && o->obs->dev_event ? install_obs_hooks : NULL,
                               &oh, &m, &g, res->msg, sizeof res->msg);
    if (rc != SESS_OK) {
        jrnl_reader_close(r);
        res->outcome = rc;
        return rc;
    }

    int status = 0, have_final = 0;
    uint8_t regs[32], mem[32];
    struct virt_err verr = {0};
    struct sess_stepper st;
    sess_stepper_init(&st, o->obs);
    uint64_t end_icount = jst.complete ? jst.end.final_icount : 0;
    while (!gate_report(g, NULL)) {
        uint64_t boundary = sess_next_boundary(m->cpu.icount, interval);
        uint64_t limit = boundary;
        if (sess_stepper_before(&st, m, &limit))
            break; /* the observer has seen enough */
        int rr = virt_run(m, limit, &status, &verr);
        sess_obs_progress(o->obs, m->cpu.icount, end_icount);
        if (gate_report(g, NULL))
            break;
        if (rr < 0 || rr == VIRT_RUN_STOPPED) {
            gate_diverge(g, m->cpu.icount, m->cpu.ip, "the machine stopped: %s",
                         rr < 0 ? verr.msg : "unexpected stop");
            break;
        }
        if (rr == VIRT_RUN_LIMIT && m->cpu.icount != boundary)
            continue; /* a slice the observer's step window ended early */
        const struct jrnl_event *ev = NULL;
        int pr = gate_peek(g, &ev);
        if (pr < 0)
            break;
        if (rr == VIRT_RUN_LIMIT) {
            if (sess_sync_hash(g, m, pr, ev, sess_virt_digests, "memory/devices") != 0)
                break;
            res->hashes++;
            continue;
        }
        /* Powered off: the recording must end here, the same way. */
        res->exited = 1;
        res->exit_status = status;
        if (sess_sync_end(g, m, pr, ev, status, "powered off", sess_virt_digests,
                          "memory/devices", regs, mem) == 0)
            have_final = 1;
        break;
    }

    sess_stepper_final(&st, m);
    res->stopped = st.stopped;
    return sess_replay_finish(g, m, r, &jst, st.stopped, have_final, regs, mem,
                              sess_virt_digests, res);
}
