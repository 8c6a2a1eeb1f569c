/*
 * session_common.h — what the user-mode (session.c) and virt
 * (session_virt.c) record/replay drivers share: error results, slice
 * boundaries, digests through a machine-kind digest function, the
 * comparison of a recorded digest pair and the closing of a recording.
 * Internal to replay/.
 */
#ifndef E2K_REPLAY_SESSION_COMMON_H
#define E2K_REPLAY_SESSION_COMMON_H

#include <stdint.h>

#include "replay/session.h"

struct machine;
struct gate;
struct jrnl_writer;

/* Registers and memory digests of a machine (user: registers + pages;
 * virt: registers + RAM and device state). */
typedef void (*sess_digest_fn)(struct machine *m, uint8_t regs[32], uint8_t mem[32]);

/* The user-mode digests (sh_regs_digest, sh_mem_digest). */
void sess_user_digests(struct machine *m, uint8_t regs[32], uint8_t mem[32]);

/* Fills res->msg and res->outcome; returns outcome. */
int sess_fail(struct sess_result *res, int outcome, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The next multiple of interval after icount (UINT64_MAX on overflow). */
uint64_t sess_next_boundary(uint64_t icount, uint64_t interval);

/* Digests of m into regs/mem, and res->state/state_hex/icount. */
void sess_final_digest(struct machine *m, sess_digest_fn dig, uint8_t regs[32],
                       uint8_t mem[32], struct sess_result *res);

/* Compares the machine's digests (left in regs/mem) with a recorded pair;
 * a difference becomes the gate's divergence report, naming `what_mem`
 * ("memory", "memory/devices") for the second digest. */
void sess_check_digests(struct gate *g, struct machine *m, sess_digest_fn dig,
                        const char *where, const char *what_mem, const uint8_t *want_regs,
                        const uint8_t *want_mem, uint8_t regs[32], uint8_t mem[32]);

struct jrnl_event;

/* At a slice boundary: the next journal event (gate_peek result pr, ev)
 * must be the STATE_HASH at the machine's icount, with matching digests.
 * Returns 0 (consumed), or -1 with the divergence reported to the gate. */
int sess_sync_hash(struct gate *g, struct machine *m, int pr, const struct jrnl_event *ev,
                   sess_digest_fn dig, const char *what_mem);

/* The guest ended (`verb`: "exited", "powered off") with `status`: the
 * next event must be END at the same icount with the same status and
 * digests (left in regs/mem). Returns 0 (consumed), or -1 when the
 * recording goes on or says something else (reported to the gate). */
int sess_sync_end(struct gate *g, struct machine *m, int pr, const struct jrnl_event *ev,
                  int status, const char *verb, sess_digest_fn dig, const char *what_mem,
                  uint8_t regs[32], uint8_t mem[32]);

struct jrnl_reader;
struct jrnl_status;

/* Ends a replay: the final digest (regs/mem already hold it when
 * have_final, i.e. the END event was checked), the event count, the
 * outcome from the gate's report or from a journal that turned out
 * incomplete (`stopped`: the observer ended the replay early, which is not
 * a damaged journal); frees the gate, the machine and the reader.
 * Returns res->outcome. */
int sess_replay_finish(struct gate *g, struct machine *m, struct jrnl_reader *r,
                       const struct jrnl_status *jst, int stopped, int have_final,
                       uint8_t regs[32], uint8_t mem[32], sess_digest_fn dig,
                       struct sess_result *res);

/* Ends a recording: the END event with the final digests and exit status,
 * index and end record (or the writer's sticky error), the file size, the
 * event count; frees the writer, the gate and the machine. Returns
 * res->outcome. */
int sess_record_finish(struct jrnl_writer *w, struct gate *g, struct machine *m,
                       sess_digest_fn dig, int status, const char *journal,
                       struct sess_result *res);

#endif
