/*
 * outcome.h — what a run of the virt machine came to, seen from outside:
 * the OOM kills the guest reported, the pages deflate-on-oom gave back, the
 * balloon's target and size over time, balloon violations, a hang report,
 * and how the run ended. `record --scenario` and `replay --summary` print
 * it (docs/scenarios.md), and scenario expectations are checked against
 * its facts (scenario.h).
 *
 * How it sees the run: outcome_attach() wraps the machine's hooks
 * (emu/hooks.h) with a pass-through that also watches the device events
 * (OOM_KILL, HANG, balloon inflate/deflate/violation/stats, panics) and the
 * balloon target commands among the host inputs, each with its exact
 * icount. A recording and its replays hand the machine the same inputs and
 * make it produce the same events at the same icounts (the gate checks
 * every journaled one), so their outcomes print identically; that is what
 * the scenario tests compare.
 */
#ifndef E2K_TOOLS_E2K_RR_OUTCOME_H
#define E2K_TOOLS_E2K_RR_OUTCOME_H

#include <stdint.h>
#include <stdio.h>

#include "emu/hooks.h"

struct machine;

#define OUTCOME_MAX_STEPS 24  /* balloon target changes listed */

/* Facts a scenario can expect (or expect not to happen). */
enum outcome_fact {
    OF_POWERED_OFF = 0,   /* the guest powered off (not a hang, not a stop) */
    OF_OOM_KILL,          /* the guest's OOM killer killed a task */
    OF_OOM_DEFLATE,       /* deflate-on-oom gave pages back */
    OF_HANG,              /* the hang detector ended the run */
    OF_VIOLATION,         /* the guest touched a page in the balloon */
    OF_KILL_WITH_BALLOON, /* an OOM kill while the balloon held pages */
    OF_INFLATE,           /* the balloon was inflated */
    OF_DEFLATE,           /* ... and deflated */
    OF_STATS,             /* the guest answered a stats request */
    OF_PANIC,             /* the guest reported a panic */
    OF_COUNT
};

/* One target the host set, and how the balloon followed until the next. */
struct outcome_step {
    uint64_t icount;       /* when the command arrived */
    uint64_t target;       /* pages */
    uint64_t held_min, held_max; /* pages in the balloon meanwhile */
};

struct outcome {
    struct emu_hooks_fwd fwd;       /* installed by outcome_attach: the
                                       machine's hooks (the gate's), with
                                       host_call and dev_event observed */
    int attached;                   /* outcome_attach was called */
    uint64_t held;                  /* pages in the balloon now */
    uint64_t inflates, inflated, deflates, deflated; /* buffers, pages */
    uint64_t oom_deflates, oom_deflated, oom_deflate_icount;
    uint64_t kills;                 /* OOM kills; the first: */
    uint64_t kill_icount, kill_task, kill_pages, kill_held;
    char kill_name[32];
    uint64_t violations;            /* the first: */
    uint64_t viol_icount, viol_addr, viol_flags;
    uint64_t panics;
    int hang;
    uint64_t hang_icount;
    char hang_msg[200];
    uint64_t stats_reports;
    uint64_t stats[16];             /* the last report, by tag */
    uint32_t stats_valid;
    unsigned n_steps;
    struct outcome_step step[OUTCOME_MAX_STEPS];
    int finished, exited, status;
    uint64_t end_icount;
};

void outcome_init(struct outcome *o);
/* Wrap m's hooks (set them first; the outcome must outlive the run). */
void outcome_attach(struct outcome *o, struct machine *m);
/* How the run ended: exited (powered off or hang) with status, at icount. */
void outcome_finish(struct outcome *o, int exited, int status,
                    uint64_t icount);
/* 1 if the fact holds. */
int outcome_has(const struct outcome *o, unsigned fact);
/* "oom-kill" etc.; NULL for a bad number. */
const char *outcome_fact_name(unsigned fact);
/* The fact named s, or -1. */
int outcome_fact_parse(const char *s);
/* The summary: a headline, then one line per topic. */
void outcome_print(const struct outcome *o, FILE *f);

#endif
