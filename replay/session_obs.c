/*
 * session_obs.c — progress calls and the single-step window of a session
 * observer (session_obs.h). Nothing here changes the machine: the window
 * only decides where run slices end, and stopping at an exact icount is
 * something every machine supports anywhere (the reverse engine and the
 * debugger do it all the time), so a stepped replay takes the same path
 * as a straight one.
 */
#include "replay/session_obs.h"

#include <stddef.h>

#include "emu/machine.h"

void sess_stepper_init(struct sess_stepper *st, const struct sess_observer *obs)
{
    st->obs = obs;
    st->next = 0;
    st->stopped = 0;
}

/* icount in [step_from, step_to + 1] (step_to may be UINT64_MAX). */
static int in_window(const struct sess_observer *o, uint64_t icount)
{
    if (icount < o->step_from)
        return 0;
    return o->step_to == UINT64_MAX || icount <= o->step_to + 1;
}

static int call_step(struct sess_stepper *st, struct machine *m)
{
    uint64_t icount = m->cpu.icount;
    if (icount < st->next) /* already seen (a slice that did not advance) */
        return 0;
    st->next = icount + 1;
    if (st->obs->step(st->obs->ctx, m)) {
        st->stopped = 1;
        return 1;
    }
    return 0;
}

int sess_stepper_before(struct sess_stepper *st, struct machine *m, uint64_t *limit)
{
    const struct sess_observer *o = st->obs;
    if (!o || !o->step)
        return 0;
    if (st->stopped)
        return 1;
    uint64_t icount = m->cpu.icount;
    if (icount < o->step_from) {
        if (*limit > o->step_from)
            *limit = o->step_from;
        return 0;
    }
    if (!in_window(o, icount))
        return 0;
    if (call_step(st, m))
        return 1;
    if (icount <= o->step_to && *limit > icount + 1)
        *limit = icount + 1;
    return 0;
}

void sess_stepper_final(struct sess_stepper *st, struct machine *m)
{
    const struct sess_observer *o = st->obs;
    if (!o || !o->step || st->stopped || !in_window(o, m->cpu.icount))
        return;
    call_step(st, m);
}

void sess_obs_progress(const struct sess_observer *obs, uint64_t icount, uint64_t end_icount)
{
    if (obs && obs->progress)
        obs->progress(obs->ctx, icount, end_icount);
}
