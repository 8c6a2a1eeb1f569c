/*
 * machine_virt.c — the virt machine (machine_virt.h): RAM and the bus,
 * physical accesses with the MMU off, device clocks and events, host inputs
 * at deterministic poll points, and the run loop. The kernel loader and
 * the boot state are in machine_virt_boot.c.
 *
 * Determinism: the run loop stops cpu_run only at icounts computed from
 * guest state (the caller's limit, the next poll point, the next virtual
 * deadline), so a recording and its replay make the same sequence of
 * cpu_run calls, translate the same blocks and see every device callback
 * at the same icount. Host facts enter only through host requests.
 */
#include "emu/machine_virt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu/bus.h"
#include "emu/cpu_sys.h"
#include "emu/hooks.h"
#include "emu/irq.h"
#include "emu/machine.h"
#include "emu/machine_virt_internal.h"
#include "emu/mem.h"

struct virt *virt_of(const struct machine *m)
{
    return m && m->kind == MACH_VIRT ? m->os : NULL;
}

int virt_fail(struct virt_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *virt_strerror(int code)
{
    switch (code) {
    case VIRT_OK: return "success";
    case VIRT_E_FORMAT: return "not a usable e2k kernel image";
    case VIRT_E_RANGE: return "kernel segment outside RAM or on the boot area";
    case VIRT_E_NOMEM: return "out of memory";
    case VIRT_E_ARGS: return "bad machine configuration";
    case VIRT_E_HOST: return "host request failed";
    case VIRT_E_STATE: return "not a virt machine";
    case VIRT_E_STOP: return "the machine stopped";
    default: return "unknown error";
    }
}

static FILE *logf_(const struct virt *v)
{
    return v && v->cfg.log ? v->cfg.log : stderr;
}

/* ---- host requests ---------------------------------------------------------- */

static int host_call(struct machine *m, struct emu_host_req *req,
                     struct emu_host_resp *resp)
{
    struct virt *v = virt_of(m);
    req->icount = m->cpu.icount; /* exact: cpu_sys_io adjusts it in MMIO */
    int r;
    if (m->hooks && m->hooks->host_call)
        r = m->hooks->host_call(m->hooks->opaque, req, resp);
    else if (v->live)
        r = virt_host_live(v->live, req, resp);
    else
        r = 0; /* nobody to ask: no input, clock 0 */
    if (r < 0) {
        v->host_failed = 1;
        cpu_halt(&m->cpu);
    }
    return r;
}

uint64_t virt_clock_virtual(struct machine *m)
{
    return m->cpu.icount; /* 1 ns per wide instruction (D14) */
}

uint64_t virt_clock_host(struct machine *m, int clock_id)
{
    struct emu_host_req req;
    struct emu_host_resp resp;
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    req.kind = EMU_HOST_CLOCK;
    req.nr = clock_id;
    if (host_call(m, &req, &resp) < 0 || resp.ret != 0)
        return 0;
    return resp.vals[0] * 1000000000ull + resp.vals[1];
}

void virt_set_live(struct machine *m, struct virt_host *h)
{
    struct virt *v = virt_of(m);
    if (v)
        v->live = h;
}

/* ---- physical accesses that miss RAM: MMIO, ballooned pages --------------- */

int virt_io(void *opaque, uint64_t addr, unsigned size, int is_write,
            uint64_t *val)
{
    struct machine *m = opaque;
    struct virt *v = virt_of(m);
    if (addr >= VIRT_MMIO_BASE && addr - VIRT_MMIO_BASE < VIRT_MMIO_SIZE) {
        int r = is_write ? bus_mmio_write(v->bus, addr, size, *val)
                         : bus_mmio_read(v->bus, addr, size, val);
        return r ? MEM_E_UNMAPPED : 0;
    }
    /* A CPU access to a page in the balloon (protected by balloon_change):
     * report it, then perform it (docs/virt-machine.md §1.1). */
    if (bus_ram_touch(v->bus, addr, size, is_write) == 0)
        return MEM_E_UNMAPPED;
    if (is_write)
        return mem_poke(m->mem, addr, val, size) ? MEM_E_UNMAPPED : 0;
    *val = 0;
    return mem_peek(m->mem, addr, val, size) ? MEM_E_UNMAPPED : 0;
}

static uint8_t *ram_page(void *opaque, uint64_t page)
{
    struct machine *m = opaque;
    return mem_host_ptr(m->mem, page, 0);
}

static void ram_written(void *opaque, uint64_t gpa, size_t len)
{
    struct machine *m = opaque;
    mem_note_write(m->mem, gpa, len); /* dirty pages, code invalidation */
}

static void balloon_change(void *opaque, uint64_t page, int ballooned)
{
    struct machine *m = opaque;
    mem_protect(m->mem, page, BUS_PAGE_SIZE,
                ballooned ? MEM_PROT_NONE : RAM_PROT);
    mem_tlb_flush(m->mem);
}

static void cpu_irq_handler(void *opaque, unsigned n, int level)
{
    struct machine *m = opaque;
    (void)n;
    cpu_irq_set(&m->cpu, level);
}

/* ---- kernel image and boot --------------------------------------------------- */

static void virt_free(void *os)
{
    struct virt *v = os;
    if (v->bops && v->bops->free)
        v->bops->free(v->board);
    bus_free(v->bus);
    free(v->kernel);
    free(v->cmdline);
    free(v);
}

int virt_setup(struct machine *m, const struct virt_config *cfg,
               const uint8_t *elf, size_t len, struct virt_err *err)
{
    if (!m || m->kind != MACH_VIRT || m->os)
        return virt_fail(err, VIRT_E_STATE, "not a fresh virt machine");
    uint64_t ram = cfg && cfg->ram_bytes ? cfg->ram_bytes : VIRT_RAM_DEFAULT;
    if (ram < VIRT_RAM_MIN || ram > VIRT_RAM_MAX || (ram & 0xfff))
        return virt_fail(err, VIRT_E_ARGS,
                    "RAM size %llu bytes: need a multiple of 4 KiB between "
                    "2 MiB and 64 GiB", (unsigned long long)ram);
    struct virt *v = calloc(1, sizeof *v);
    if (!v)
        return virt_fail(err, VIRT_E_NOMEM, "out of memory");
    if (cfg)
        v->cfg = *cfg;
    v->cfg.ram_bytes = ram;
    v->cfg.cmdline = NULL;
    m->os = v;
    m->os_free = virt_free;
    if (cfg && cfg->cmdline) {
        if (strlen(cfg->cmdline) > VIRT_CMDLINE_MAX)
            return virt_fail(err, VIRT_E_ARGS,
                             "kernel command line longer than %d bytes",
                             VIRT_CMDLINE_MAX);
        v->cmdline = strdup(cfg->cmdline);
        if (!v->cmdline)
            return virt_fail(err, VIRT_E_NOMEM, "out of memory");
        v->cfg.cmdline = v->cmdline;
    }
    v->ram_low = ram < VIRT_RAM_LOW_MAX ? ram : VIRT_RAM_LOW_MAX;
    v->ram_high = ram - v->ram_low;
    for (int i = 0; i < VIRT_NTIMERS; i++)
        v->host_deadline[i] = UINT64_MAX;
    struct lnx_err le = {0};
    if (lnx_elf_parse(elf, len, &v->plan, &le))
        return virt_fail(err, VIRT_E_FORMAT, "%s", le.msg);
    int rc = virt_plan_kernel(v, err);
    if (rc)
        return rc;
    v->kernel = malloc(len ? len : 1);
    v->bus = bus_new();
    if (!v->kernel || !v->bus)
        return virt_fail(err, VIRT_E_NOMEM, "out of memory");
    memcpy(v->kernel, elf, len);
    v->kernel_len = len;
    if (mem_map(m->mem, VIRT_RAM_BASE, v->ram_low, RAM_PROT) ||
        (v->ram_high &&
         mem_map(m->mem, VIRT_RAM_HIGH_BASE, v->ram_high, RAM_PROT)) ||
        bus_add_ram(v->bus, VIRT_RAM_BASE, v->ram_low, NULL, ram_page, m) ||
        (v->ram_high && bus_add_ram(v->bus, VIRT_RAM_HIGH_BASE, v->ram_high,
                                    NULL, ram_page, m)))
        return virt_fail(err, VIRT_E_NOMEM, "cannot map %llu MiB of guest RAM",
                    (unsigned long long)(ram >> 20));
    bus_set_written_cb(v->bus, ram_written, m);
    bus_set_balloon_change_cb(v->bus, balloon_change, m);
    irq_init(&v->cpu_irq, cpu_irq_handler, m, 0);
    virt_load_segments(m, v);
    virt_boot_cpu(m, v);
    return 0;
}

struct bus *virt_bus(struct machine *m)
{
    struct virt *v = virt_of(m);
    return v ? v->bus : NULL;
}

const struct irq_line *virt_cpu_irq(struct machine *m)
{
    struct virt *v = virt_of(m);
    return v ? &v->cpu_irq : NULL;
}

void virt_attach_board(struct machine *m, void *board,
                       const struct virt_board_ops *ops)
{
    struct virt *v = virt_of(m);
    if (!v)
        return;
    v->board = board;
    v->bops = ops;
    virt_write_bootinfo(m, v);
}

void *virt_board(struct machine *m)
{
    struct virt *v = virt_of(m);
    return v ? v->board : NULL;
}

const struct virt_config *virt_config_of(const struct machine *m)
{
    struct virt *v = virt_of(m);
    return v ? &v->cfg : NULL;
}

int virt_save_devices(struct machine *m, uint8_t *buf, size_t cap,
                      size_t *len)
{
    struct virt *v = virt_of(m);
    if (!v || !v->bops || !v->bops->save) {
        *len = 0;
        return 0;
    }
    return v->bops->save(v->board, buf, cap, len);
}

int virt_load_devices(struct machine *m, const uint8_t *buf, size_t len)
{
    struct virt *v = virt_of(m);
    if (!v || !v->bops || !v->bops->load)
        return VIRT_E_STATE;
    return v->bops->load(v->board, buf, len) ? VIRT_E_STATE : 0;
}

/* ---- device events ---------------------------------------------------------------- */

void virt_host_deadline(struct machine *m, unsigned idx, uint64_t ns)
{
    struct virt *v = virt_of(m);
    if (v && idx < VIRT_NTIMERS)
        v->host_deadline[idx] = ns;
}

void virt_deadline_changed(struct machine *m)
{
    /* Inside cpu_run (an MMIO write armed a timer): stop at the next block
     * boundary so the run loop recomputes its stop; outside, the loop
     * recomputes it anyway. */
    struct virt *v = virt_of(m);
    if (v && m->cpu.cur_block) {
        v->recompute = 1;
        cpu_halt(&m->cpu);
    }
}

void virt_power_off(struct machine *m, int status)
{
    struct virt *v = virt_of(m);
    if (!v || v->exited)
        return;
    v->exited = 1;
    v->status = status;
    m->cpu.smc = 1; /* leave right after the bundle */
    cpu_halt(&m->cpu);
}

void virt_request_reset(struct machine *m)
{
    struct virt *v = virt_of(m);
    if (!v)
        return;
    v->reset_req = 1;
    m->cpu.smc = 1;
    cpu_halt(&m->cpu);
}

void virt_emit(struct machine *m, struct emu_dev_event *ev)
{
    struct virt *v = virt_of(m);
    ev->icount = m->cpu.icount;
    if (ev->kind == EMU_DEV_BALLOON_STATS && v) { /* virt_balloon_info */
        v->balloon_stats_reports++;
        v->balloon_stats_icount = ev->icount;
    }
    if (ev->kind == EMU_DEV_PANIC && v) {
        fprintf(logf_(v), "e2k-rr: guest panic (code %llu) at icount %llu%s%.*s\n",
                (unsigned long long)ev->a, (unsigned long long)ev->icount,
                ev->msg_len ? ": " : "", (int)ev->msg_len,
                ev->msg ? ev->msg : "");
        fflush(logf_(v));
    }
    if (m->hooks && m->hooks->dev_event)
        m->hooks->dev_event(m->hooks->opaque, m, ev);
    /* After the event is journaled (or checked, in a replay): the option is
     * part of the recorded machine configuration, so a replay stops at the
     * same bundle. */
    if (ev->kind == EMU_DEV_BALLOON_VIOLATION && v && v->cfg.stop_on_violation) {
        fprintf(logf_(v), "e2k-rr: balloon violation at icount %llu (address 0x%llx, "
                "pfn 0x%llx): stopping the run (--on-violation stop)\n",
                (unsigned long long)ev->icount, (unsigned long long)ev->a,
                (unsigned long long)ev->b);
        fflush(logf_(v));
        virt_power_off(m, VIRT_EXIT_VIOLATION);
    }
}

/* ---- run loop ---------------------------------------------------------------------- */

/* The hang detector (docs/virt-machine.md §7.5): at a poll point, a guest
 * whose heartbeat (sysctl HEARTBEAT) has not moved for cfg.hang_timeout_ns
 * of virtual time ends the run with a HANG event and VIRT_EXIT_HANG. Poll
 * points and the virtual clock follow icount alone, so a replay ends at
 * the same icount with the same report. */
static void check_hang(struct machine *m, struct virt *v)
{
    if (!v->cfg.hang_timeout_ns || !v->bops->heartbeat_ns)
        return;
    uint64_t hb = v->bops->heartbeat_ns(v->board);
    uint64_t now = virt_clock_virtual(m);
    if (hb == UINT64_MAX || now < hb || now - hb < v->cfg.hang_timeout_ns)
        return;
    char msg[160];
    int n = snprintf(msg, sizeof msg,
                     "no heartbeat for %llu us of virtual time (the last "
                     "one at icount %llu)",
                     (unsigned long long)((now - hb) / 1000),
                     (unsigned long long)hb);
    struct emu_dev_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EMU_DEV_HANG;
    ev.msg = msg;
    ev.msg_len = n > 0 && (size_t)n < sizeof msg ? (size_t)n : 0;
    fprintf(logf_(v), "e2k-rr: guest hang at icount %llu: %s\n",
            (unsigned long long)m->cpu.icount, msg);
    fflush(logf_(v));
    virt_emit(m, &ev);
    v->exited = 1;
    v->status = VIRT_EXIT_HANG;
}

static void poll_inputs(struct machine *m, struct virt *v)
{
    for (int guard = 0; guard < 256 && !v->host_failed; guard++) {
        struct emu_host_req req;
        struct emu_host_resp resp;
        uint8_t buf[EMU_INPUT_MAX_BYTES];
        memset(&req, 0, sizeof req);
        memset(&resp, 0, sizeof resp);
        req.kind = EMU_HOST_INPUT;
        req.nr = EMU_INPUT_POLL;
        size_t space = v->bops->uart_space ? v->bops->uart_space(v->board)
                                           : 0;
        req.args[0] = space < sizeof buf ? space : sizeof buf;
        for (int i = 0; i < VIRT_NTIMERS; i++)
            req.args[1 + i] = v->host_deadline[i];
        req.args[4] = v->bops->has_balloon_stats
                          ? (uint64_t)v->bops->has_balloon_stats(v->board)
                          : 0;
        resp.n_out = 1;
        resp.out[0].ptr = buf;
        resp.out[0].cap = (size_t)req.args[0];
        if (host_call(m, &req, &resp) < 0 || resp.ret == EMU_INPUT_NONE)
            return;
        size_t n = resp.out[0].len <= sizeof buf ? resp.out[0].len : 0;
        if (resp.ret == EMU_INPUT_TIMER && resp.vals[0] < VIRT_NTIMERS)
            v->host_deadline[resp.vals[0]] = UINT64_MAX; /* consumed */
        if (v->bops->input)
            v->bops->input(v->board, (unsigned)resp.ret, resp.vals[0], buf,
                           n);
    }
}

static void do_reset(struct machine *m, struct virt *v)
{
    v->reset_req = 0;
    for (int i = 0; i < VIRT_NTIMERS; i++)
        v->host_deadline[i] = UINT64_MAX;
    virt_load_segments(m, v);
    virt_boot_cpu(m, v);
    if (v->bops->reset)
        v->bops->reset(v->board); /* drives the IRQ lines again */
    virt_write_bootinfo(m, v);
    mach_flush_code(m);
}

int virt_run(struct machine *m, uint64_t icount_limit, int *status,
             struct virt_err *err)
{
    struct virt *v = virt_of(m);
    if (!v || !v->bops)
        return virt_fail(err, VIRT_E_STATE, "not a virt machine with a board");
    struct cpu_state *c = &m->cpu;
    for (;;) {
        if (v->exited) {
            if (status)
                *status = v->status;
            return VIRT_RUN_EXITED;
        }
        if (v->host_failed)
            return virt_fail(err, VIRT_E_HOST,
                        "a host request could not be served at icount %llu",
                        (unsigned long long)c->icount);
        if (v->reset_req)
            do_reset(m, v);
        if (c->icount >= icount_limit)
            return VIRT_RUN_LIMIT;
        v->work_icount1 = c->icount + 1; /* past the state at this limit */
        if (v->cfg.clock == VIRT_CLOCK_VIRTUAL && v->bops->poll)
            v->bops->poll(v->board, virt_clock_virtual(m));
        if (c->icount >= v->next_poll) {
            poll_inputs(m, v);
            check_hang(m, v);
            v->next_poll = (c->icount / VIRT_POLL_QUANTUM + 1) *
                           VIRT_POLL_QUANTUM;
            continue; /* re-check exits, host failures */
        }
        uint64_t stop = icount_limit < v->next_poll ? icount_limit
                                                    : v->next_poll;
        if (m->hooks && m->hooks->next_poll) {
            /* Extra poll points (emu/hooks.h emu_next_poll_fn): inputs
             * only, at most once per icount. */
            uint64_t at = m->hooks->next_poll(m->hooks->opaque, m, c->icount);
            if (at <= c->icount && v->extra_polled != c->icount + 1) {
                v->extra_polled = c->icount + 1;
                poll_inputs(m, v);
                continue;
            }
            if (at <= c->icount)
                at = c->icount + 1;
            if (at < stop)
                stop = at;
        }
        if (v->cfg.clock == VIRT_CLOCK_VIRTUAL && v->bops->next_deadline) {
            uint64_t dl = v->bops->next_deadline(v->board);
            if (dl <= c->icount)
                dl = c->icount + 1;
            if (dl < stop)
                stop = dl;
        }
        switch (cpu_run(m, stop)) {
        case CPU_STOP_ICOUNT:
        case CPU_STOP_NONE:
            break;
        case CPU_STOP_EXCEPTION:
            if (c->stop.exc == EXC_INSTR_PAGE && c->stop.pc == VIRT_EXIT_IP) {
                /* The kernel returned from its entry-12 jumpstart. */
                v->exited = 1;
                v->status = (int)(uint32_t)c->rf[0].lo;
                break;
            }
            return virt_fail(err, VIRT_E_STOP,
                        "machine stop at icount %llu, pc 0x%llx: %s: %s",
                        (unsigned long long)c->icount,
                        (unsigned long long)c->stop.pc,
                        cpu_exc_name(c->stop.exc), c->stop.msg);
        case CPU_STOP_BREAKPOINT:
            if (c->stop.exc == 1)
                return virt_fail(err, VIRT_E_STOP,
                            "breakpoint instruction at pc 0x%llx",
                            (unsigned long long)c->stop.pc);
            return VIRT_RUN_STOPPED;
        case CPU_STOP_HALT:
            if (v->exited || v->reset_req || v->host_failed || v->recompute) {
                v->recompute = 0;
                break;
            }
            return VIRT_RUN_STOPPED;
        case CPU_STOP_SYSCALL:
            return virt_fail(err, VIRT_E_STOP, "unexpected system-call stop");
        default:
            return VIRT_RUN_STOPPED;
        }
    }
}

int virt_exited(const struct machine *m, int *status)
{
    const struct virt *v = virt_of(m);
    if (!v || !v->exited)
        return 0;
    if (status)
        *status = v->status;
    return 1;
}
