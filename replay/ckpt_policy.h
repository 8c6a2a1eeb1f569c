/*
 * ckpt_policy.h — when the reverse engine takes automatic checkpoints and
 * which ones it drops (the reasoning is the opening comment of
 * ckpt_policy.c).
 *
 * All distances are icounts. The policy knows nothing of the machine: it
 * plans icounts to stop at and picks checkpoints of a store to drop.
 */
#ifndef E2K_REPLAY_CKPT_POLICY_H
#define E2K_REPLAY_CKPT_POLICY_H

#include <stddef.h>
#include <stdint.h>

struct ckpt_store;

struct ckpt_policy {
    uint64_t unit;          /* U: spacing kept next to the present */
    uint64_t forward_every; /* spacing of checkpoints while running
                               forward without a destination (continue) */
    unsigned per_level;     /* checkpoints kept per distance level */
    uint64_t budget_bytes;  /* checkpoint memory budget (0: no limit) */
};

#define CKPT_POLICY_UNIT (1ull << 18)          /* ~1 ms of replay */
#define CKPT_POLICY_FORWARD_EVERY (1ull << 22) /* ~16 ms of replay */
#define CKPT_POLICY_PER_LEVEL 2

void ckpt_policy_default(struct ckpt_policy *p);

/* Level of a checkpoint at `distance` from the present: level k holds the
 * distances [U·(2^k − 1), U·(2^(k+1) − 1)). */
unsigned ckpt_policy_level(const struct ckpt_policy *p, uint64_t distance);

/* A forward run from `from` whose destination `target` becomes the
 * present: the icounts in (from, target) where it should stop and take a
 * checkpoint, ascending (target − U·(2^k − 1) for k = 1, 2, ...). Returns
 * how many (at most max). */
size_t ckpt_policy_plan(const struct ckpt_policy *p, uint64_t from, uint64_t target,
                        uint64_t *out, size_t max);

/* Drop the checkpoints the policy does not keep for the present icount
 * `present`: at most per_level per level on each side of the present, then
 * the farthest ones while the store holds more than the budget. Never drops
 * checkpoints whose flags intersect keep_mask, nor the newest one at or
 * before the present. Returns the number dropped. */
size_t ckpt_policy_prune(const struct ckpt_policy *p, struct ckpt_store *st,
                         uint64_t present, uint32_t keep_mask);

#endif
