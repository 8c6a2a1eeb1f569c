/*
 * ckpt.h — complete snapshots of a machine (checkpoints) and restoring
 * them, for the reverse engine (rev.c) and for journals entered in the
 * middle (docs/debugging.md "Checkpoints").
 *
 * A checkpoint holds, at one icount:
 *   - the CPU's architectural state (cpu_state_assign: not the run
 *     bookkeeping or host pointers);
 *   - the memory layout (mapped page runs and their permissions) and the
 *     contents of the pages written since the previous checkpoint in
 *     icount order (a delta; the first checkpoint holds every page);
 *   - the kind-specific state behind machine.os (the Linux process,
 *     lnx_state_save);
 *   - one blob per registered part (ckpt_add_part): the replay gate's
 *     journal position, the virt machine's devices and run-loop state
 *     (rev_virt.c).
 * Pages of zeros are stored as a marker, not as 4 KiB.
 *
 * All checkpoints of a store belong to one deterministic timeline and are
 * kept sorted by (icount, sub). `sub` orders distinct states at the same
 * icount (rev.c: 0 = the state `lnx_run` reaches with an icount limit,
 * 1 = a later one at the same icount, e.g. a breakpoint inside a signal
 * handler entered by a fault at that icount). Taking a checkpoint where one
 * with the same key exists returns that one.
 *
 * Deltas are write sets, tracked with the memory's write generations
 * (mem_gen_*): the store remembers which checkpoint the machine's state
 * derives from (its base: the last one taken or restored) and the
 * generation started then. A new checkpoint stores every page written
 * since; restoring one rewrites only the pages written since the base
 * plus the pages in the deltas between the base and the target, each from
 * its newest version at or before the target. Because deltas are write
 * sets (never "pages whose value changed"), a checkpoint can be inserted
 * between two others, and dropping one moves its pages into the next.
 *
 * What this is not: a policy (when to take or drop: ckpt_policy.h) or a
 * file format (journal checkpoints: ckpt_jrnl.c).
 */
#ifndef E2K_REPLAY_CKPT_H
#define E2K_REPLAY_CKPT_H

#include <stddef.h>
#include <stdint.h>

struct machine;
struct cpu_state;
struct ckpt_store;
struct ckpt;

enum ckpt_error {
    CKPT_OK = 0,
    CKPT_E_NOMEM = -1,
    CKPT_E_ARGS = -2,
    CKPT_E_PART = -3,   /* a part's save or load failed */
    CKPT_E_STATE = -4,  /* the machine's os state could not be saved/loaded */
    CKPT_E_MEM = -5     /* guest mappings could not be recreated */
};

const char *ckpt_strerror(int code);

/* A growable byte buffer a part's save function appends to. */
struct ckpt_blob {
    uint8_t *data;
    size_t len, cap;
};
int ckpt_blob_put(struct ckpt_blob *b, const void *data, size_t len);

/* Extra state saved with each checkpoint. save appends to `out` (0 or a
 * negative code); load gets the same bytes back (0 or a negative code). */
typedef int (*ckpt_save_fn)(void *opaque, struct machine *m, struct ckpt_blob *out);
typedef int (*ckpt_load_fn)(void *opaque, struct machine *m, const uint8_t *data,
                            size_t len);

/* The store of one machine (borrowed; it must outlive the store). */
int ckpt_store_new(struct ckpt_store **out, struct machine *m);
void ckpt_store_free(struct ckpt_store *st); /* NULL ok */

/* Register a part before taking the first checkpoint (at most 8). `name`
 * is borrowed (a string literal). */
int ckpt_add_part(struct ckpt_store *st, const char *name, ckpt_save_fn save,
                  ckpt_load_fn load, void *opaque);

/* Snapshot the machine now (at m->cpu.icount) with order key `sub`;
 * *out (may be NULL) gets the new checkpoint or the existing one with the
 * same key. The checkpoint becomes the base. */
int ckpt_take(struct ckpt_store *st, uint32_t sub, struct ckpt **out);
/* Make the machine's state equal to the checkpoint's (every page,
 * mapping, register, the os state and the parts). Translations of code
 * pages whose contents change are dropped; breakpoints and other cache
 * settings stay. Memory watch flags of pages that are mapped anew are
 * lost (rev.c sets them again). On failure the machine is in an
 * undefined state; restore another checkpoint. */
int ckpt_restore(struct ckpt_store *st, struct ckpt *c);
/* Free a checkpoint; its pages that the next one lacks move there.
 * Returns 0, or CKPT_E_NOMEM (nothing changed). */
int ckpt_drop(struct ckpt_store *st, struct ckpt *c);

/* In (icount, sub) order. */
size_t ckpt_count(const struct ckpt_store *st);
struct ckpt *ckpt_at(const struct ckpt_store *st, size_t i);
/* Index of c in the order (c must belong to st). */
size_t ckpt_index(const struct ckpt_store *st, const struct ckpt *c);
/* The newest checkpoint with (icount, sub) <= (icount, max_sub), or NULL. */
struct ckpt *ckpt_last_at_or_before(const struct ckpt_store *st, uint64_t icount,
                                    uint32_t max_sub);
/* The checkpoint the machine's state derives from, or NULL. */
struct ckpt *ckpt_base(const struct ckpt_store *st);

struct ckpt_info {
    uint64_t id;          /* unique in the store, from 1 */
    uint64_t icount;
    uint32_t sub;
    uint32_t flags;       /* the owner's (ckpt_set_flags) */
    uint64_t pages;       /* pages in the delta (zero pages included) */
    uint64_t bytes;       /* host memory this checkpoint holds */
};
void ckpt_info(const struct ckpt *c, struct ckpt_info *out);
uint64_t ckpt_icount(const struct ckpt *c);
uint32_t ckpt_flags(const struct ckpt *c);
void ckpt_set_flags(struct ckpt *c, uint32_t flags);
/* Host memory held by all checkpoints. */
uint64_t ckpt_store_bytes(const struct ckpt_store *st);

/* Memory layouts as runs of pages with equal permissions, in address
 * order (shared with ckpt_jrnl.c). */
struct ckpt_run {
    uint64_t start, end; /* [start, end), page-aligned */
    uint32_t prot;       /* MEM_PROT_* */
};
struct mem;
/* The current layout of mem (*runs malloc'ed, caller frees). */
int ckpt_layout_of(const struct mem *mem, struct ckpt_run **runs, size_t *n);
/* Map, unmap and re-protect so that the layout `cur` becomes `want`;
 * on_new (may be NULL) is called for each range mapped anew (zero-filled),
 * unmapped code pages drop their translations. 0 or CKPT_E_MEM. */
typedef void (*ckpt_new_range_fn)(void *opaque, uint64_t start, uint64_t end);
int ckpt_layout_apply(struct mem *mem, const struct ckpt_run *cur, size_t ncur,
                      const struct ckpt_run *want, size_t nwant, ckpt_new_range_fn on_new,
                      void *opaque);

/* The state saved in a checkpoint, for the journal encoder (ckpt_jrnl.c)
 * and tests: CPU state, os blob, part blob i (NULL/0 if absent). */
const struct cpu_state *ckpt_cpu(const struct ckpt *c);
const uint8_t *ckpt_os(const struct ckpt *c, size_t *len);
const uint8_t *ckpt_part(const struct ckpt *c, unsigned i, size_t *len);

#endif
