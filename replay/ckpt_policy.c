/*
 * ckpt_policy.c — the checkpoint spacing policy of the reverse engine.
 *
 * Checkpointing strategy (after rr's ReplayTimeline, which explains its own
 * in one comment; rr's numbers are quoted where ours differ):
 *
 * Every backward move is "restore the newest checkpoint before the
 * destination, then replay forward to it", so its cost is the restore plus
 * the distance replayed. The cost that matters most is near the present:
 * reverse-stepi, a reverse-continue to a nearby breakpoint. Far away, a
 * longer replay is acceptable in proportion to how far the user goes.
 *
 * So we measure distances from the present and cut them into levels of
 * exponentially growing length: level k holds the distances
 * [U·(2^k − 1), U·(2^(k+1) − 1)), i.e. its length is U·2^k. Each level
 * keeps at most two checkpoints (its nearest and its farthest), on each
 * side of the present. Over a distance D that is at most
 * 2·log2(D/U + 1) + O(1) checkpoints: O(log D), as rr's scheme (rr allows
 * N checkpoints in its N-th interval and grows intervals by a factor of 2
 * from 0.5 s of replay). A destination at distance d then has a checkpoint
 * at most about d (level width) before it, so going there costs O(d)
 * replay: a reverse-stepi costs at most ~U, a jump of d costs ~d.
 *
 * Where checkpoints come from:
 *   - running forward without a destination (continue, step), one every
 *     F = forward_every instructions; each new one re-runs the pruning
 *     with the new present, so old ones thin out level by level;
 *   - a seek to a destination T (goto, the last leg of every backward
 *     move) stops on its way at T − U·(2^k − 1) for k = 1, 2, ... — one
 *     per level, only inside the stretch it replays anyway. After the
 *     first reverse-stepi from a present far from any checkpoint, the
 *     next ones restore the checkpoint U before and replay less than U
 *     (rr's "short checkpoint" for reverse singlestep sequences does the
 *     same job);
 *   - the user (`checkpoint`), pinned, and the start (icount 0), pinned:
 *     never dropped.
 * Unlike rr, checkpoints after the present are kept (by the same level
 * rule): going back and then forward again, e.g. reverse-stepi then stepi,
 * or goto back and forth, finds them.
 *
 * Memory: deltas are pages written since the previous checkpoint, so a
 * checkpoint costs its dirty set, and a program that keeps rewriting a
 * large area pays for it in every checkpoint. Above the budget
 * (--checkpoint-mem, default twice the guest memory mapped), the farthest
 * checkpoints go first, future ones before past ones at equal level; the
 * newest checkpoint at or before the present always stays (rstepi needs
 * it). Dropping merges the pages into the next checkpoint, so memory only
 * goes down by what the two shared; the loop stops when nothing can go.
 *
 * Numbers: U = 2^18 instructions and F = 2^22. Replay runs at ~150-300 M
 * instructions/s on the development machine (docs/performance.md), so U
 * is ~1 ms and F ~16 ms of replay. A checkpoint of a program with a small
 * working set costs ~0.1 ms (one walk over the page table, a few page
 * copies, 9 KiB of CPU state), so taking one every F adds < 1 %. rr uses
 * 0.5 s because its checkpoints are fork()s of real processes (~50 ms for
 * Firefox by its estimate); ours are cheap, so the grid is finer and
 * reverse-stepi stays within ~1-2 ms after the first one.
 */
#include "replay/ckpt_policy.h"

#include <stdlib.h>

#include "replay/ckpt.h"

void ckpt_policy_default(struct ckpt_policy *p)
{
    p->unit = CKPT_POLICY_UNIT;
    p->forward_every = CKPT_POLICY_FORWARD_EVERY;
    p->per_level = CKPT_POLICY_PER_LEVEL;
    p->budget_bytes = 0;
}

unsigned ckpt_policy_level(const struct ckpt_policy *p, uint64_t distance)
{
    uint64_t q = distance / (p->unit ? p->unit : 1) + 1;
    unsigned k = 0;
    while (q >>= 1)
        k++;
    return k;
}

size_t ckpt_policy_plan(const struct ckpt_policy *p, uint64_t from, uint64_t target,
                        uint64_t *out, size_t max)
{
    uint64_t u = p->unit ? p->unit : 1;
    size_t n = 0;
    /* Collect from near to far, then reverse into ascending order. */
    for (unsigned k = 1; k < 64 && n < max; k++) {
        uint64_t back = ((1ull << k) - 1);
        if (back > (target - from) / u)
            break;
        uint64_t at = target - back * u;
        if (at <= from)
            break;
        out[n++] = at;
    }
    for (size_t i = 0; i < n / 2; i++) {
        uint64_t t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
    return n;
}

/* One candidate for dropping. */
struct cand {
    struct ckpt *c;
    int future;       /* after the present */
    unsigned level;
    uint64_t dist;
};

static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->future != y->future)
        return x->future - y->future;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return x->dist < y->dist ? -1 : x->dist > y->dist;
}

/* Every droppable checkpoint with its side, level and distance, sorted by
 * side, level, distance. */
static size_t candidates(const struct ckpt_policy *p, struct ckpt_store *st,
                         uint64_t present, uint32_t keep_mask, struct cand *v)
{
    struct ckpt *anchor = ckpt_last_at_or_before(st, present, UINT32_MAX);
    size_t n = 0;
    for (size_t i = 0; i < ckpt_count(st); i++) {
        struct ckpt *c = ckpt_at(st, i);
        if (c == anchor || (ckpt_flags(c) & keep_mask))
            continue;
        uint64_t ic = ckpt_icount(c);
        int future = ic > present;
        uint64_t d = future ? ic - present : present - ic;
        v[n++] = (struct cand){c, future, ckpt_policy_level(p, d), d};
    }
    qsort(v, n, sizeof *v, cand_cmp);
    return n;
}

size_t ckpt_policy_prune(const struct ckpt_policy *p, struct ckpt_store *st,
                         uint64_t present, uint32_t keep_mask)
{
    size_t total = ckpt_count(st);
    if (total == 0)
        return 0;
    struct cand *v = malloc(total * sizeof *v);
    if (!v)
        return 0;
    size_t dropped = 0;
    /* 1. Levels: in each (side, level) group keep the nearest and the
     *    farthest (per_level = 2), drop what is in between. */
    size_t n = candidates(p, st, present, keep_mask, v);
    unsigned keep = p->per_level ? p->per_level : 1;
    for (size_t g = 0; g < n;) {
        size_t e = g;
        while (e < n && v[e].future == v[g].future && v[e].level == v[g].level)
            e++;
        /* Group [g, e) is sorted by distance: keep the nearest keep-1 and
         * the farthest (keep = 1: the nearest only). */
        if (e - g > keep) {
            size_t lo = keep >= 2 ? g + keep - 1 : g + 1;
            size_t hi = keep >= 2 ? e - 1 : e;
            for (size_t i = lo; i < hi; i++)
                if (ckpt_drop(st, v[i].c) == 0)
                    dropped++;
        }
        g = e;
    }
    /* 2. Budget: farthest first, future before past at the same level. */
    if (p->budget_bytes) {
        while (ckpt_store_bytes(st) > p->budget_bytes) {
            n = candidates(p, st, present, keep_mask, v);
            if (!n)
                break;
            size_t worst = 0;
            for (size_t i = 1; i < n; i++) {
                unsigned li = v[i].level + (v[i].future ? 1 : 0);
                unsigned lw = v[worst].level + (v[worst].future ? 1 : 0);
                if (li > lw || (li == lw && v[i].dist > v[worst].dist))
                    worst = i;
            }
            if (ckpt_drop(st, v[worst].c))
                break; /* out of memory: try again next time */
            dropped++;
        }
    }
    free(v);
    return dropped;
}
