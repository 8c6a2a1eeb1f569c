/*
 * machine_virt_chaos.h — a chaos performer of the virt machine's host
 * requests (docs/chaos.md): instead of the host's clocks, a seeded
 * generator decides what the host clock reads, when host-clock timer and
 * RTC expiries arrive (jitter after their deadline), at which icounts
 * inputs are offered (extra poll points between any two bundles, through
 * emu_hooks.next_poll), and when scheduled balloon commands arrive (jitter
 * around their time). It is an emu_host_call_fn like virt_host_live: a
 * recording gate journals its answers, so a replay reproduces a chaos run
 * without knowing the seed.
 *
 * Deterministic: for one seed and one guest, the same answers at the same
 * icounts. The generator is our own xoshiro256** seeded through
 * splitmix64 (public-domain algorithms by Blackman and Vigna), so the
 * sequence does not depend on the host's C library.
 */
#ifndef E2K_EMU_MACHINE_VIRT_CHAOS_H
#define E2K_EMU_MACHINE_VIRT_CHAOS_H

#include <stddef.h>
#include <stdint.h>

struct machine;
struct emu_host_req;
struct emu_host_resp;

/* The generator (exposed for tests and for deriving run seeds). */
struct chaos_rng {
    uint64_t s[4];
};
uint64_t chaos_splitmix64(uint64_t *state);
void chaos_rng_seed(struct chaos_rng *r, uint64_t seed);
uint64_t chaos_rng_next(struct chaos_rng *r);
/* Uniform in [0, n) (n > 0; 0 gives 0). */
uint64_t chaos_rng_below(struct chaos_rng *r, uint64_t n);
/* The seed of run k of a chaos search with base seed `base`. */
uint64_t chaos_run_seed(uint64_t base, uint64_t k);

/* A scheduled host action (a scenario's `at` line). */
enum chaos_op { CHAOS_SET_PAGES = 1, CHAOS_STATS_INTERVAL = 2, CHAOS_STATS = 3 };
struct chaos_action {
    int by_icount;    /* 1: `at` is an icount; 0: ns of chaos host time */
    uint64_t at;
    unsigned op;      /* enum chaos_op */
    uint64_t value;   /* pages / interval ns / 0 */
};

#define CHAOS_DEFAULT_POLL_GAP 1024        /* extra polls: gap in [1, this] */
#define CHAOS_DEFAULT_TIMER_JITTER 20000   /* ns after a deadline */
#define CHAOS_DEFAULT_CMD_JITTER 2000000   /* ns around a balloon command */
#define CHAOS_DEFAULT_CLOCK_JITTER 1000    /* ns added to a clock read */
#define CHAOS_MAX_ACTIONS 4096

struct virt_chaos_opts {
    uint64_t seed;
    uint64_t poll_gap;        /* 0 = CHAOS_DEFAULT_POLL_GAP */
    uint64_t timer_jitter_ns; /* 0 = default; UINT64_MAX = none */
    uint64_t cmd_jitter_ns;   /* 0 = default; UINT64_MAX = none */
    uint64_t clock_jitter_ns; /* 0 = default; UINT64_MAX = none */
    uint64_t stats_interval_ns; /* balloon stats requests (0 = none) */
    size_t n_actions;         /* at most CHAOS_MAX_ACTIONS, in order */
    const struct chaos_action *actions;
};

struct virt_chaos;

/* NULL on allocation failure or bad options. */
struct virt_chaos *virt_chaos_new(const struct virt_chaos_opts *o);
void virt_chaos_free(struct virt_chaos *c);
/* emu_host_call_fn (opaque = struct virt_chaos *): EMU_HOST_CLOCK and
 * EMU_HOST_INPUT answered from the generator; no UART input. */
int virt_chaos_host_call(void *opaque, const struct emu_host_req *req,
                         struct emu_host_resp *resp);
/* emu_next_poll_fn (opaque = struct virt_chaos *): its extra poll points. */
uint64_t virt_chaos_next_poll(void *opaque, struct machine *m,
                              uint64_t icount);

#endif
