/*
 * machine_virt_chaos.c — the chaos performer of the virt machine's host
 * requests (machine_virt_chaos.h, docs/chaos.md).
 *
 * Chaos host time is icount-based: the monotonic clock reads
 * CHAOS_MONO_BASE + icount ns (the realtime clock CHAOS_REAL_BASE +
 * icount), plus a small random amount per read, never going backwards. A
 * host-clock deadline the machine reports gets a random delay in
 * [0, timer_jitter] the first time it is seen; the expiry is offered at the
 * first poll point at or after that time. Poll points: the regular ones,
 * plus one extra every 1..poll_gap instructions (uniform), so an interrupt
 * can land between any two bundles. Scheduled balloon actions move by a
 * random amount in [-cmd_jitter, +cmd_jitter] (kept in their order).
 * Nothing here reads the host: this file is as deterministic as the CPU.
 */
#include "emu/machine_virt_chaos.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/hooks.h"
#include "emu/machine_virt.h"

#define CHAOS_MONO_BASE 1000000000ull             /* 1 s after "boot" */
#define CHAOS_REAL_BASE 1700000000000000000ull    /* 2023-11-14 */

/* ---- the generator: splitmix64 seeds xoshiro256** ---- */

uint64_t chaos_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void chaos_rng_seed(struct chaos_rng *r, uint64_t seed)
{
    uint64_t st = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = chaos_splitmix64(&st);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t chaos_rng_next(struct chaos_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint64_t chaos_rng_below(struct chaos_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Rejection sampling: no modulo bias. */
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = chaos_rng_next(r);
    while (x >= lim);
    return x % n;
}

uint64_t chaos_run_seed(uint64_t base, uint64_t k)
{
    uint64_t st = base ^ (k * 0xd1342543de82ef95ull);
    chaos_splitmix64(&st);
    return chaos_splitmix64(&st);
}

/* ---- the performer ---- */

struct virt_chaos {
    struct chaos_rng rng;
    uint64_t poll_gap, timer_jitter, cmd_jitter, clock_jitter;
    uint64_t next_at;                  /* next extra poll icount */
    uint64_t last_mono, last_real;     /* clock reads never go back */
    uint64_t seen_dl[VIRT_NTIMERS];    /* deadline last reported */
    uint64_t due[VIRT_NTIMERS];        /* when its expiry is offered */
    size_t n_actions;
    struct chaos_action *act;          /* `at` = jittered due time */
    unsigned char *done;
    uint64_t stats_interval, next_stats;
};

static uint64_t jitter_of(uint64_t v, uint64_t def)
{
    return v == UINT64_MAX ? 0 : v ? v : def;
}

struct virt_chaos *virt_chaos_new(const struct virt_chaos_opts *o)
{
    if (!o || o->n_actions > CHAOS_MAX_ACTIONS || (o->n_actions && !o->actions))
        return NULL;
    struct virt_chaos *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    chaos_rng_seed(&c->rng, o->seed);
    c->poll_gap = o->poll_gap ? o->poll_gap : CHAOS_DEFAULT_POLL_GAP;
    c->timer_jitter = jitter_of(o->timer_jitter_ns, CHAOS_DEFAULT_TIMER_JITTER);
    c->cmd_jitter = jitter_of(o->cmd_jitter_ns, CHAOS_DEFAULT_CMD_JITTER);
    c->clock_jitter = jitter_of(o->clock_jitter_ns, CHAOS_DEFAULT_CLOCK_JITTER);
    for (int i = 0; i < VIRT_NTIMERS; i++)
        c->seen_dl[i] = c->due[i] = UINT64_MAX;
    c->next_at = 1 + chaos_rng_below(&c->rng, c->poll_gap);
    c->stats_interval = o->stats_interval_ns;
    c->next_stats = o->stats_interval_ns ? o->stats_interval_ns : UINT64_MAX;
    if (o->n_actions) {
        c->act = calloc(o->n_actions, sizeof *c->act);
        c->done = calloc(o->n_actions, 1);
        if (!c->act || !c->done) {
            virt_chaos_free(c);
            return NULL;
        }
        /* Chaos host time since start is icount, so both kinds of `at`
         * are on one axis; each moves by up to +-cmd_jitter but never
         * before the one listed before it of its kind. */
        uint64_t prev[2] = {0, 0};
        for (size_t i = 0; i < o->n_actions; i++) {
            struct chaos_action a = o->actions[i];
            uint64_t j = c->cmd_jitter
                             ? chaos_rng_below(&c->rng, 2 * c->cmd_jitter + 1) : 0;
            uint64_t at = a.at + j >= c->cmd_jitter ? a.at + j - c->cmd_jitter : 0;
            int k = a.by_icount ? 1 : 0;
            if (at < prev[k])
                at = prev[k];
            prev[k] = at;
            a.at = at;
            c->act[i] = a;
        }
        c->n_actions = o->n_actions;
    }
    return c;
}

void virt_chaos_free(struct virt_chaos *c)
{
    if (!c)
        return;
    free(c->act);
    free(c->done);
    free(c);
}

uint64_t virt_chaos_next_poll(void *opaque, struct machine *m, uint64_t icount)
{
    struct virt_chaos *c = opaque;
    (void)m;
    if (c->next_at < icount)
        c->next_at = icount + chaos_rng_below(&c->rng, c->poll_gap);
    return c->next_at;
}

static uint64_t clock_read(struct virt_chaos *c, uint64_t icount, int real)
{
    uint64_t t = (real ? CHAOS_REAL_BASE : CHAOS_MONO_BASE) + icount +
                 (c->clock_jitter ? chaos_rng_below(&c->rng, c->clock_jitter + 1) : 0);
    uint64_t *last = real ? &c->last_real : &c->last_mono;
    if (t <= *last)
        t = *last + 1;
    *last = t;
    return t;
}

/* One input for the poll at req->icount, most urgent first. */
static int poll_input(struct virt_chaos *c, const struct emu_host_req *req,
                      struct emu_host_resp *resp)
{
    uint64_t now = req->icount;
    if (now >= c->next_at) /* this poll used the extra point */
        c->next_at = now + 1 + chaos_rng_below(&c->rng, c->poll_gap);
    for (unsigned i = 0; i < VIRT_NTIMERS; i++) {
        uint64_t dl = req->args[1 + i];
        if (dl == UINT64_MAX) {
            c->seen_dl[i] = UINT64_MAX;
            continue;
        }
        if (dl != c->seen_dl[i]) {
            c->seen_dl[i] = dl;
            uint64_t j = chaos_rng_below(&c->rng, c->timer_jitter + 1);
            c->due[i] = dl + j < dl ? UINT64_MAX : dl + j;
        }
        uint64_t t = (i == VIRT_T_RTC ? CHAOS_REAL_BASE : CHAOS_MONO_BASE) + now;
        if (t >= c->due[i]) {
            c->seen_dl[i] = UINT64_MAX; /* consumed: the next one is new */
            resp->vals[0] = i;
            return EMU_INPUT_TIMER;
        }
    }
    for (size_t i = 0; i < c->n_actions; i++) {
        const struct chaos_action *a = &c->act[i];
        if (c->done[i] || now < a->at)
            continue;
        c->done[i] = 1;
        switch (a->op) {
        case CHAOS_SET_PAGES:
            resp->vals[0] = a->value;
            return EMU_INPUT_BALLOON_TARGET;
        case CHAOS_STATS_INTERVAL:
            c->stats_interval = a->value;
            c->next_stats = a->value ? now + a->value : UINT64_MAX;
            break;
        case CHAOS_STATS:
            if (req->args[4])
                return EMU_INPUT_BALLOON_STATS;
            break;
        }
    }
    if (c->stats_interval && req->args[4] && now >= c->next_stats) {
        c->next_stats = now + c->stats_interval +
                        chaos_rng_below(&c->rng, c->stats_interval / 8 + 1);
        return EMU_INPUT_BALLOON_STATS;
    }
    return EMU_INPUT_NONE;
}

int virt_chaos_host_call(void *opaque, const struct emu_host_req *req,
                         struct emu_host_resp *resp)
{
    struct virt_chaos *c = opaque;
    for (unsigned i = 0; i < resp->n_out && i < EMU_HOST_MAX_BUFS; i++)
        resp->out[i].len = 0;
    switch (req->kind) {
    case EMU_HOST_CLOCK: {
        uint64_t t = clock_read(c, req->icount, req->nr == VIRT_CLOCK_ID_REALTIME);
        resp->ret = 0;
        resp->vals[0] = t / 1000000000ull;
        resp->vals[1] = t % 1000000000ull;
        return 0;
    }
    case EMU_HOST_INPUT:
        resp->ret = req->nr == EMU_INPUT_POLL ? poll_input(c, req, resp)
                                              : EMU_INPUT_NONE;
        return 0;
    default:
        resp->ret = -ENOSYS;
        return 0;
    }
}
