/*
 * outcome.c — the outcome of a virt-machine run (outcome.h): a hooks
 * wrapper that watches device events and balloon commands, the facts, and
 * the printed summary.
 */
#include "tools/e2k-rr/outcome.h"

#include <string.h>

#include "devices/virtio_balloon.h"
#include "emu/machine.h"

static const char *const kFacts[OF_COUNT] = {
    [OF_POWERED_OFF] = "powered-off",
    [OF_OOM_KILL] = "oom-kill",
    [OF_OOM_DEFLATE] = "oom-deflate",
    [OF_HANG] = "hang",
    [OF_VIOLATION] = "violation",
    [OF_KILL_WITH_BALLOON] = "oom-kill-with-balloon",
    [OF_INFLATE] = "inflate",
    [OF_DEFLATE] = "deflate",
    [OF_STATS] = "stats",
    [OF_PANIC] = "panic",
};

void outcome_init(struct outcome *o)
{
    memset(o, 0, sizeof *o);
    o->n_steps = 1; /* the start: target 0, nothing in the balloon */
}

/* A new target from the host: a new step (the last one absorbs any more
 * than OUTCOME_MAX_STEPS). */
static void new_target(struct outcome *o, uint64_t icount, uint64_t pages)
{
    struct outcome_step *s = &o->step[o->n_steps - 1];
    if (o->n_steps < OUTCOME_MAX_STEPS)
        s = &o->step[o->n_steps++];
    s->icount = icount;
    s->target = pages;
    s->held_min = s->held_max = o->held;
}

static void held_changed(struct outcome *o)
{
    struct outcome_step *s = &o->step[o->n_steps - 1];
    if (o->held < s->held_min)
        s->held_min = o->held;
    if (o->held > s->held_max)
        s->held_max = o->held;
}

static void copy_text(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    if (len && src)
        memcpy(dst, src, len);
    dst[len] = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)dst[i] < 0x20 || (unsigned char)dst[i] > 0x7e)
            dst[i] = '?'; /* guest text: print safely */
}

static void watch_event(struct outcome *o, const struct emu_dev_event *e)
{
    switch (e->kind) {
    case EMU_DEV_BALLOON_INFLATE: {
        uint64_t n = e->n_pfns > e->c ? e->n_pfns - e->c : 0;
        o->inflates++;
        o->inflated += n;
        o->held += n;
        held_changed(o);
        break;
    }
    case EMU_DEV_BALLOON_DEFLATE: {
        uint64_t n = e->n_pfns > e->c ? e->n_pfns - e->c : 0;
        o->deflates++;
        o->deflated += n;
        o->held = o->held > n ? o->held - n : 0;
        held_changed(o);
        if ((e->a & BALLOON_DEFL_OOM) && !(e->a & BALLOON_DEFL_RESET)) {
            if (!o->oom_deflates)
                o->oom_deflate_icount = e->icount;
            o->oom_deflates++;
            o->oom_deflated += n;
        }
        break;
    }
    case EMU_DEV_BALLOON_VIOLATION:
        if (!o->violations) {
            o->viol_icount = e->icount;
            o->viol_addr = e->a;
            o->viol_flags = e->c;
        }
        o->violations++;
        break;
    case EMU_DEV_BALLOON_STATS:
        o->stats_reports++;
        for (size_t t = 0; t < e->n_stats && t < 16; t++)
            o->stats[t] = e->stats ? e->stats[t] : 0;
        o->stats_valid |= (uint32_t)e->a;
        break;
    case EMU_DEV_OOM_KILL:
        if (!o->kills) {
            o->kill_icount = e->icount;
            o->kill_task = e->a;
            o->kill_pages = e->b;
            o->kill_held = o->held;
            copy_text(o->kill_name, sizeof o->kill_name, e->msg, e->msg_len);
        }
        o->kills++;
        break;
    case EMU_DEV_HANG:
        o->hang = 1;
        o->hang_icount = e->icount;
        copy_text(o->hang_msg, sizeof o->hang_msg, e->msg, e->msg_len);
        break;
    case EMU_DEV_PANIC:
        o->panics++;
        break;
    default:
        break;
    }
}

/* ---- the hooks wrapper: pass everything on, watch on the way ---- */

static int w_host_call(void *opaque, const struct emu_host_req *req,
                       struct emu_host_resp *resp)
{
    const struct emu_hooks_fwd *f = opaque;
    int r = emu_fwd_host_call(f, req, resp);
    if (r == 0 && req->kind == EMU_HOST_INPUT &&
        resp->ret == EMU_INPUT_BALLOON_TARGET)
        new_target(f->ctx, req->icount, resp->vals[0]);
    return r;
}

static void w_dev_event(void *opaque, struct machine *m,
                        const struct emu_dev_event *e)
{
    const struct emu_hooks_fwd *f = opaque;
    emu_fwd_dev_event(f, m, e);
    watch_event(f->ctx, e);
}

void outcome_attach(struct outcome *o, struct machine *m)
{
    emu_hooks_fwd_init(&o->fwd, m->hooks, o);
    if (o->fwd.hooks.host_call)
        o->fwd.hooks.host_call = w_host_call;
    o->fwd.hooks.dev_event = w_dev_event;
    o->attached = 1;
    mach_set_hooks(m, &o->fwd.hooks);
}

void outcome_finish(struct outcome *o, int exited, int status,
                    uint64_t icount)
{
    o->finished = 1;
    o->exited = exited;
    o->status = status;
    o->end_icount = icount;
}

int outcome_has(const struct outcome *o, unsigned fact)
{
    switch (fact) {
    case OF_POWERED_OFF: return o->finished && o->exited && !o->hang;
    case OF_OOM_KILL: return o->kills > 0;
    case OF_OOM_DEFLATE: return o->oom_deflated > 0;
    case OF_HANG: return o->hang;
    case OF_VIOLATION: return o->violations > 0;
    case OF_KILL_WITH_BALLOON: return o->kills > 0 && o->kill_held > 0;
    case OF_INFLATE: return o->inflated > 0;
    case OF_DEFLATE: return o->deflated > 0;
    case OF_STATS: return o->stats_reports > 0;
    case OF_PANIC: return o->panics > 0;
    default: return 0;
    }
}

const char *outcome_fact_name(unsigned fact)
{
    return fact < OF_COUNT ? kFacts[fact] : NULL;
}

int outcome_fact_parse(const char *s)
{
    for (unsigned i = 0; i < OF_COUNT; i++)
        if (!strcmp(s, kFacts[i]))
            return (int)i;
    return -1;
}

/* ---- the summary ---- */

static void headline(const struct outcome *o, FILE *f)
{
    fputs("outcome: ", f);
    if (o->hang)
        fprintf(f, "HANG at icount %llu", (unsigned long long)o->hang_icount);
    else if (o->kills)
        fprintf(f, "OOM KILL of task %llu (%s) at icount %llu%s",
                (unsigned long long)o->kill_task, o->kill_name,
                (unsigned long long)o->kill_icount,
                o->kill_held ? ", while the balloon held pages" : "");
    else if (o->violations)
        fprintf(f, "BALLOON VIOLATION at icount %llu",
                (unsigned long long)o->viol_icount);
    else if (outcome_has(o, OF_POWERED_OFF))
        fputs("survived", f);
    else
        fputs("the run stopped", f);
    if (o->oom_deflated)
        fprintf(f, "; deflate-on-oom gave back %llu pages",
                (unsigned long long)o->oom_deflated);
    fputc('\n', f);
}

void outcome_print(const struct outcome *o, FILE *f)
{
    headline(o, f);
    if (o->kills)
        fprintf(f, "  OOM kills:      %llu; the first: task %llu (%s), %llu "
                "pages, at icount %llu, the balloon holding %llu pages\n",
                (unsigned long long)o->kills, (unsigned long long)o->kill_task,
                o->kill_name, (unsigned long long)o->kill_pages,
                (unsigned long long)o->kill_icount,
                (unsigned long long)o->kill_held);
    else
        fputs("  OOM kills:      none\n", f);
    if (o->oom_deflates)
        fprintf(f, "  deflate-on-oom: %llu pages in %llu deflates, the first "
                "at icount %llu\n", (unsigned long long)o->oom_deflated,
                (unsigned long long)o->oom_deflates,
                (unsigned long long)o->oom_deflate_icount);
    else
        fputs("  deflate-on-oom: none\n", f);
    fputs("  balloon:        target -> pages in the balloon until the next "
          "target\n", f);
    for (unsigned i = 0; i < o->n_steps; i++) {
        const struct outcome_step *s = &o->step[i];
        fprintf(f, "    icount %11llu: %6llu -> ", (unsigned long long)s->icount,
                (unsigned long long)s->target);
        if (s->held_min == s->held_max)
            fprintf(f, "%llu\n", (unsigned long long)s->held_min);
        else
            fprintf(f, "%llu..%llu\n", (unsigned long long)s->held_min,
                    (unsigned long long)s->held_max);
    }
    fprintf(f, "    traffic: %llu inflates (%llu pages), %llu deflates (%llu "
            "pages), %llu stats reports\n",
            (unsigned long long)o->inflates, (unsigned long long)o->inflated,
            (unsigned long long)o->deflates, (unsigned long long)o->deflated,
            (unsigned long long)o->stats_reports);
    if (o->stats_reports)
        fprintf(f, "  stats:          the last report: %llu of %llu KiB free, "
                "%llu minor faults, %llu OOM kills, %llu allocation stalls\n",
                (unsigned long long)(o->stats[VIRTIO_BALLOON_S_MEMFREE] >> 10),
                (unsigned long long)(o->stats[VIRTIO_BALLOON_S_MEMTOT] >> 10),
                (unsigned long long)o->stats[VIRTIO_BALLOON_S_MINFLT],
                (unsigned long long)o->stats[VIRTIO_BALLOON_S_OOM_KILL],
                (unsigned long long)o->stats[VIRTIO_BALLOON_S_ALLOC_STALL]);
    if (o->violations)
        fprintf(f, "  violations:     %llu; the first at icount %llu: a %s "
                "0x%llx, a page in the balloon%s\n",
                (unsigned long long)o->violations,
                (unsigned long long)o->viol_icount,
                o->viol_flags & BALLOON_VIOL_DMA ? "device access to"
                : o->viol_flags & BALLOON_VIOL_WRITE ? "write to"
                                                     : "read of",
                (unsigned long long)o->viol_addr,
                o->viol_flags & BALLOON_VIOL_MUST_TELL_HOST
                    ? " (MUST_TELL_HOST negotiated)"
                    : "");
    else
        fputs("  violations:     none\n", f);
    if (o->hang)
        fprintf(f, "  hang:           at icount %llu: %s\n",
                (unsigned long long)o->hang_icount, o->hang_msg);
    else
        fputs("  hang:           none\n", f);
    if (o->panics)
        fprintf(f, "  panics:         %llu\n", (unsigned long long)o->panics);
    if (!o->finished)
        fputs("  end:            unknown\n", f);
    else if (o->hang)
        fprintf(f, "  end:            stopped by the hang detector at icount "
                "%llu (status %d)\n", (unsigned long long)o->end_icount,
                o->status);
    else if (o->exited)
        fprintf(f, "  end:            powered off at icount %llu, status %d\n",
                (unsigned long long)o->end_icount, o->status);
    else
        fprintf(f, "  end:            stopped at icount %llu\n",
                (unsigned long long)o->end_icount);
}
