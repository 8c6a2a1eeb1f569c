/*
 * machine_virt_state.c — the virt machine's own state for checkpoints
 * (machine_virt.h virt_state_*), and whether the machine stands at the
 * state a run with an icount limit leaves (virt_canonical).
 *
 * Guest-visible state of a virt machine lives in four places: the CPU
 * (struct cpu_state, interrupt line included), RAM (struct mem pages), the
 * devices (the board's save/load, ballooned-page markers included), and
 * the run loop's own fields in struct virt, saved here: power-off and its
 * status, a pending reset, a failed host request, the poll schedule
 * (next_poll), the host-clock deadlines the input poll reports, where
 * the loop last worked, and when the balloon last reported statistics
 * (virt_balloon_info: the age the console shows must go back in time with
 * the machine). Everything else in struct virt is configuration
 * fixed when the machine is built (RAM size, kernel image and layout,
 * clock kind, command line) or host-side (the live performer).
 *
 * Format: magic, version, then the fields as little-endian u64 in the
 * order below (fixed size). A checkpoint is read back only by the build
 * that wrote it, but the loader checks everything anyway.
 */
#include "emu/machine_virt.h"

#include <string.h>

#include "emu/cpu_sys.h"
#include "emu/machine.h"
#include "emu/machine_virt_internal.h"

#define VIRT_STATE_MAGIC 0x54535456u /* "VTST" */
#define VIRT_STATE_VERSION 2u
#define VIRT_STATE_WORDS (11 + VIRT_NTIMERS)

size_t virt_state_bytes(const struct machine *m)
{
    return virt_of(m) ? 8 * VIRT_STATE_WORDS : 0;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int virt_state_save(const struct machine *m, void *buf, size_t len)
{
    const struct virt *v = virt_of(m);
    if (!v)
        return VIRT_E_STATE;
    if (len < 8 * VIRT_STATE_WORDS)
        return VIRT_E_ARGS;
    uint64_t w[VIRT_STATE_WORDS];
    unsigned n = 0;
    w[n++] = (uint64_t)VIRT_STATE_VERSION << 32 | VIRT_STATE_MAGIC;
    w[n++] = (uint64_t)v->exited;
    w[n++] = (uint64_t)(uint32_t)v->status;
    w[n++] = (uint64_t)v->reset_req;
    w[n++] = (uint64_t)v->host_failed;
    w[n++] = (uint64_t)v->recompute;
    w[n++] = v->next_poll;
    w[n++] = v->work_icount1;
    w[n++] = v->cfg.ram_bytes; /* a check: the same machine */
    for (int i = 0; i < VIRT_NTIMERS; i++)
        w[n++] = v->host_deadline[i];
    w[n++] = v->balloon_stats_reports;
    w[n++] = v->balloon_stats_icount;
    for (unsigned i = 0; i < n; i++)
        put64((uint8_t *)buf + 8 * i, w[i]);
    return 0;
}

int virt_state_load(struct machine *m, const void *buf, size_t len)
{
    struct virt *v = virt_of(m);
    if (!v)
        return VIRT_E_STATE;
    if (len != 8 * VIRT_STATE_WORDS)
        return VIRT_E_ARGS;
    uint64_t w[VIRT_STATE_WORDS];
    for (unsigned i = 0; i < VIRT_STATE_WORDS; i++)
        w[i] = get64((const uint8_t *)buf + 8 * i);
    if (w[0] != ((uint64_t)VIRT_STATE_VERSION << 32 | VIRT_STATE_MAGIC) || w[1] > 1 ||
        w[2] > UINT32_MAX || w[3] > 1 || w[4] > 1 || w[5] > 1 || w[8] != v->cfg.ram_bytes)
        return VIRT_E_ARGS;
    v->exited = (int)w[1];
    v->status = (int)(uint32_t)w[2];
    v->reset_req = (int)w[3];
    v->host_failed = (int)w[4];
    v->recompute = (int)w[5];
    v->next_poll = w[6];
    v->work_icount1 = w[7];
    for (int i = 0; i < VIRT_NTIMERS; i++)
        v->host_deadline[i] = w[9 + i];
    v->balloon_stats_reports = w[9 + VIRT_NTIMERS];
    v->balloon_stats_icount = w[10 + VIRT_NTIMERS];
    return 0;
}

int virt_canonical(const struct machine *m)
{
    const struct virt *v = virt_of(m);
    if (!v)
        return 1;
    const struct cpu_state *c = &m->cpu;
    /* virt_run(limit = icount) returns before its work at that icount
     * (device clocks, input poll); a run that went on did it. */
    if (v->work_icount1 == c->icount + 1)
        return 0;
    /* A trap (interrupt or exception) entered at this icount: cpu_sys_trap
     * leaves the CPU at the trap table's start with the TIRs frozen, and
     * no bundle has run since (one would have moved the pc or counted).
     * UNSURE: a kernel that branches to its own trap table with the TIRs
     * frozen would look the same; none does. */
    return c->user_mode || !c->tir_frozen || c->ip != CPU_DESC_BASE(c->oscud_lo);
}
