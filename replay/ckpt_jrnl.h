/*
 * ckpt_jrnl.h — checkpoints stored in a journal (`e2k-rr record
 * --checkpoint-every N`), so that a reverse session can enter a long
 * recording anywhere without replaying it from the start.
 *
 * A journal checkpoint is a machine snapshot at an icount where the
 * recorder's lnx_run stopped (a canonical position): the CPU state, the
 * Linux process state, the whole memory layout, and the pages written since
 * the previous journal checkpoint (the first one: since the program was
 * loaded). It is written as one or more CHECKPOINT events (kind 19, payload
 * one byte field) at that icount, after the STATE_HASH of the same icount
 * if there is one; the byte layout is in docs/debugging.md "Checkpoints in
 * the journal". Replaying ignores them (the gate skips CHECKPOINT events).
 *
 * To use journal checkpoint i, a machine must be in the state of journal
 * checkpoint i-1 (or, for i = 0, the state right after loading the
 * program): applying it then rewrites the pages it holds, the layout, the
 * registers and the process state. The reverse engine keeps the states it
 * reached this way as ordinary checkpoints.
 *
 * The CPU and process parts are this build's struct layouts (their sizes
 * are recorded and checked): a journal's checkpoints are only used by the
 * same build family; any mismatch or damage makes them unusable and the
 * session falls back to replaying (never to a wrong state: the register
 * digest of each applied checkpoint is checked).
 */
#ifndef E2K_REPLAY_CKPT_JRNL_H
#define E2K_REPLAY_CKPT_JRNL_H

#include <stddef.h>
#include <stdint.h>

#include "replay/jrnl_reader.h"

struct machine;
struct jrnl_writer;

/* Recorder side. */
struct ckpt_jrnl_rec {
    uint32_t since;  /* memory write generation of the previous checkpoint */
    uint64_t count;  /* checkpoints written */
};
/* Call right after the program is loaded. */
void ckpt_jrnl_rec_begin(struct ckpt_jrnl_rec *cr, struct machine *m);
/* Append a checkpoint of the machine at its icount. 0, or -1 when out of
 * memory (the writer's sticky error covers write failures). */
int ckpt_jrnl_rec_put(struct ckpt_jrnl_rec *cr, struct machine *m, struct jrnl_writer *w);

/* Replay side. */
struct ckpt_jrnl_entry {
    uint64_t icount;
    struct jrnl_pos pos;  /* before its first CHECKPOINT event */
};
/* Every journal checkpoint, in order (*out malloc'ed). Reads the whole
 * journal with `r` (its position is changed). A damaged journal gives the
 * checkpoints before the damage. 0 or -1 (out of memory). */
int ckpt_jrnl_scan(struct jrnl_reader *r, struct ckpt_jrnl_entry **out, size_t *n);
/* Apply entry e to m (see above); *after = the journal position right
 * after it (for the gate). 0, or -1 with msg filled. */
int ckpt_jrnl_apply(struct jrnl_reader *r, const struct ckpt_jrnl_entry *e,
                    struct machine *m, struct jrnl_pos *after, char *msg, size_t cap);

#endif
