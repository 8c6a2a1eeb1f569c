/*
 * varint.h — the integer encodings of the journal (docs/journal-format.md
 * §2): unsigned LEB128 varints, zigzag for signed values, and the fixed
 * little-endian 32/64-bit fields of the frame, index and end records.
 *
 * Decoders take the number of bytes available and never read past it; they
 * are fed bytes straight from a file. The fixed-width helpers assume the
 * caller checked the bounds (they are used on records already known to be
 * complete).
 */
#ifndef E2K_REPLAY_VARINT_H
#define E2K_REPLAY_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define VARINT_MAX_BYTES 10 /* ceil(64 / 7) */

enum varint_error {
    VARINT_E_TRUNCATED = -1, /* ran out of bytes before the last byte */
    VARINT_E_OVERFLOW = -2   /* more than 64 bits of value */
};

/* Writes v to p (room for VARINT_MAX_BYTES needed); returns bytes written. */
size_t varint_put_u(uint8_t *p, uint64_t v);
size_t varint_put_s(uint8_t *p, int64_t v);
/* Bytes varint_put_u would write. */
size_t varint_len_u(uint64_t v);

/* Reads one varint from at most avail bytes of p. Returns the bytes consumed
 * (1..10) or a negative VARINT_E_* code; *v is untouched on error. */
int varint_get_u(const uint8_t *p, size_t avail, uint64_t *v);
int varint_get_s(const uint8_t *p, size_t avail, int64_t *v);

uint64_t varint_zigzag(int64_t v);
int64_t varint_unzigzag(uint64_t u);

void varint_put_le32(uint8_t *p, uint32_t v);
void varint_put_le64(uint8_t *p, uint64_t v);
uint32_t varint_get_le32(const uint8_t *p);
uint64_t varint_get_le64(const uint8_t *p);

#endif /* E2K_REPLAY_VARINT_H */
