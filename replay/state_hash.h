/*
 * state_hash.h — digests of a machine's guest-visible state, for divergence
 * detection (docs/record-replay.md §3).
 *
 * Two strengths:
 *   - a 64-bit check of the register file, cheap enough to store with every
 *     journal event (HOST_RESULT.check), so a register divergence is caught
 *     at the first event after it;
 *   - SHA-256 digests of the registers and of all mapped memory, stored at
 *     regular icount intervals (STATE_HASH) and at the end (END).
 * Both hash a canonical serialization of the architectural state (never
 * host pointers, never run bookkeeping), so they are equal exactly when the
 * guest states are.
 */
#ifndef E2K_REPLAY_STATE_HASH_H
#define E2K_REPLAY_STATE_HASH_H

#include <stdint.h>

struct machine;
struct cpu_state;

#define SH_DIGEST_BYTES 32

/* 64-bit check of the architectural CPU state. */
uint64_t sh_regs_check(const struct cpu_state *c);

/* SHA-256 of the architectural CPU state. */
void sh_regs_digest(const struct cpu_state *c, uint8_t out[SH_DIGEST_BYTES]);

/* SHA-256 over every mapped page in address order: address, permissions
 * and the 4 KiB of contents. */
void sh_mem_digest(const struct machine *m, uint8_t out[SH_DIGEST_BYTES]);

/* Short printable form of a digest: the first 8 bytes in hex (16 chars +
 * NUL), as `replay: identical, N instructions, state HASH` prints it. */
void sh_digest_hex(const uint8_t d[SH_DIGEST_BYTES], char out[17]);

/* Combined state hash of a machine (registers digest, then memory digest,
 * hashed together) — the one `replay` and `record` print. */
void sh_state_digest(const uint8_t regs[SH_DIGEST_BYTES],
                     const uint8_t mem[SH_DIGEST_BYTES],
                     uint8_t out[SH_DIGEST_BYTES]);

#endif
