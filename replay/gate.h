/*
 * gate.h — the nondeterminism gate: the one place every nondeterministic
 * input of a machine passes through (docs/record-replay.md).
 *
 * A gate is an implementation of struct emu_hooks (emu/hooks.h). In
 *   - live mode it hands each host request to the live performer;
 *   - record mode it does the same, then appends the answer to the journal
 *     as an event stamped with the request's icount (and a check of the
 *     register file);
 *   - replay mode it never consults the host: it answers each request from
 *     the journal, after checking that the guest asks for exactly what was
 *     recorded at exactly that icount. The first mismatch is kept as a
 *     divergence report (icount, PC, what differs) and the machine stops.
 * In replay mode the gate also owns the read position of the journal; the
 * session driver (session.c) consumes the events that are not requests
 * (STATE_HASH, END) through gate_peek/gate_consume. CHECKPOINT events
 * (optional machine snapshots, `record --checkpoint-every`) are skipped:
 * they are not inputs, and only the reverse engine reads them, with its
 * own reader.
 */
#ifndef E2K_REPLAY_GATE_H
#define E2K_REPLAY_GATE_H

#include <stdint.h>
#include <stdio.h>

#include "emu/hooks.h"
#include "replay/jrnl_fmt.h"
#include "replay/jrnl_reader.h"

struct machine;
struct jrnl_writer;
struct jrnl_reader;

enum gate_mode { GATE_LIVE = 0, GATE_RECORD = 1, GATE_REPLAY = 2 };

/* Why a replay stopped being exact, or why the journal could not go on. */
struct gate_report {
    int diverged;        /* 1: the guest did something else than recorded */
    int journal_error;   /* a JRNL_E_* code when the journal failed (e.g.
                            JRNL_E_TRUNCATED), else 0 */
    uint64_t icount;     /* where (guest icount) */
    uint64_t pc;         /* guest PC there */
    char what[512];      /* one line: what differs / what failed */
};

struct gate_opts {
    enum gate_mode mode;
    struct machine *machine;      /* borrowed: its registers are checked */
    emu_host_call_fn live;        /* performer for live and record mode */
    void *live_opaque;
    struct jrnl_writer *writer;   /* record mode; borrowed */
    struct jrnl_reader *reader;   /* replay mode; borrowed */
    emu_next_poll_fn next_poll;   /* live and record mode (virt): extra
                                     input poll points, e.g.
                                     virt_chaos_next_poll; NULL = none.
                                     Replay mode always offers polls at
                                     the journal's next input. */
    void *next_poll_opaque;
    int emit_output;              /* replay: re-emit guest writes to fds
                                     1 and 2 on the host's stdout/stderr */
    FILE *out, *err;              /* where they go (NULL: stdout, stderr) */
};

struct gate;

/* NULL on allocation failure or inconsistent options. */
struct gate *gate_new(const struct gate_opts *opts);
void gate_free(struct gate *g); /* NULL ok */

/* The hook table to install with mach_set_hooks (owned by the gate). */
const struct emu_hooks *gate_hooks(struct gate *g);

/* Replay: the next journal event that is not a host request answer is
 * left for the driver. Returns 1 and *ev (payload valid until the next
 * gate call), 0 at the end of a complete journal, or a negative JRNL_E_*
 * code (the journal could not be read; gate_report says where). */
int gate_peek(struct gate *g, const struct jrnl_event **ev);
void gate_consume(struct gate *g);

/* Record a divergence found by the driver (hash mismatch, exit status),
 * unless one is already recorded (the first one wins). */
void gate_diverge(struct gate *g, uint64_t icount, uint64_t pc,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* 1 if the gate has a report (divergence or journal failure). */
int gate_report(const struct gate *g, struct gate_report *rep);

/* Events answered so far (record: written; replay: consumed). */
uint64_t gate_events(const struct gate *g);

/* Replay position, for checkpoints (replay/ckpt.c, rev.c): where the gate
 * is in the journal (the next event not consumed yet), the events count,
 * and the report state (a position before a divergence has none).
 * gate_restore moves the journal reader back or forward to it. Returns 0
 * or a negative JRNL_E_* code (the reader cannot go there; the gate then
 * holds a report). Live and record gates have no position: save gives a
 * zero one and restore does nothing. */
struct gate_pos {
    struct jrnl_pos next;     /* reader position of the next event */
    uint64_t events;
    int has_rep;
    struct gate_report rep;
};
void gate_save(const struct gate *g, struct gate_pos *pos);
int gate_restore(struct gate *g, const struct gate_pos *pos);

#endif
