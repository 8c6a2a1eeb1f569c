/*
 * session_obs.h — the observer side of the record/replay drivers
 * (session.c, session_virt.c): progress calls and the single-step window of
 * struct sess_observer (session.h). Shared by the two drivers only.
 *
 * The step window narrows run slices, it never widens them: before the
 * window a slice ends at step_from at the latest, inside it after one
 * bundle. The drivers keep their own slice boundaries (hash interval) and
 * must treat a slice that ended early as "go on".
 */
#ifndef E2K_REPLAY_SESSION_OBS_H
#define E2K_REPLAY_SESSION_OBS_H

#include <stdint.h>

#include "replay/session.h"

struct machine;

struct sess_stepper {
    const struct sess_observer *obs; /* borrowed; NULL = no observer */
    uint64_t next;                   /* step() was called below this icount */
    int stopped;                     /* step() returned nonzero */
};

void sess_stepper_init(struct sess_stepper *st, const struct sess_observer *obs);

/* Before a run slice that would end at *limit: calls step() when the
 * machine is inside the window at an icount not seen yet, and narrows
 * *limit. Returns 1 when the observer ended the replay (do not run). */
int sess_stepper_before(struct sess_stepper *st, struct machine *m, uint64_t *limit);

/* After the run ended (the guest exited, the journal ended or diverged):
 * the last call, for the state after the last bundle. */
void sess_stepper_final(struct sess_stepper *st, struct machine *m);

/* obs->progress(icount, end_icount) if there is one. */
void sess_obs_progress(const struct sess_observer *obs, uint64_t icount, uint64_t end_icount);

#endif
