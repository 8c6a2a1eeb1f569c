/*
 * sha256.h — SHA-256 (FIPS 180-4), small and dependency-free.
 *
 * Used by the journal for the embedded program's digest, for the 64-bit
 * check values that protect every journal structure (docs/journal-format.md
 * §1), and by the gate for state hashes. It is a straightforward
 * one-block-at-a-time implementation, not a fast one: the journal hashes
 * a few dozen bytes per LZ4 frame, and state hashes are taken at intervals.
 * Tested with the FIPS 180 example vectors (tests/unit/replay/sha256_test.c).
 */
#ifndef E2K_REPLAY_SHA256_H
#define E2K_REPLAY_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32       /* digest size */
#define SHA256_BLOCK_BYTES 64 /* compression-function input size */

struct sha256_ctx {
    uint32_t h[8];                      /* chaining state H0..H7 */
    uint64_t total_bytes;               /* message bytes hashed so far */
    uint8_t buf[SHA256_BLOCK_BYTES];    /* partial block */
    uint32_t buf_bytes;                 /* bytes used in buf (< 64) */
};

void sha256_init(struct sha256_ctx *c);
/* data is borrowed; any length, any number of calls. */
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Pads, writes the digest to out and leaves c unusable until sha256_init. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_BYTES]);
/* One-shot convenience. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_BYTES]);

#endif /* E2K_REPLAY_SHA256_H */
