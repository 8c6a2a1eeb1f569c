/*
 * varint.c — LEB128 and zigzag encodings, plus fixed little-endian fields.
 *
 * LEB128 as in DWARF and protobuf: 7 value bits per byte, low group first,
 * bit 7 set on every byte but the last. Zigzag maps 0,-1,1,-2,... to
 * 0,1,2,3,... so small negative syscall results (-EINTR) stay one byte.
 * Overlong encodings (trailing 0x80 groups) are accepted: the frame's LZ4
 * content checksum, not canonical form, is what detects corruption.
 */
#include "replay/varint.h"

size_t varint_put_u(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

size_t varint_len_u(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

uint64_t varint_zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (v < 0 ? UINT64_MAX : 0);
}

int64_t varint_unzigzag(uint64_t u)
{
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

size_t varint_put_s(uint8_t *p, int64_t v)
{
    return varint_put_u(p, varint_zigzag(v));
}

int varint_get_u(const uint8_t *p, size_t avail, uint64_t *v)
{
    uint64_t r = 0;
    for (size_t i = 0; i < VARINT_MAX_BYTES; i++) {
        if (i >= avail)
            return VARINT_E_TRUNCATED;
        uint64_t b = p[i];
        /* The 10th byte may carry only bit 63. */
        if (i == VARINT_MAX_BYTES - 1 && b > 1)
            return VARINT_E_OVERFLOW;
        r |= (b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            *v = r;
            return (int)i + 1;
        }
    }
    return VARINT_E_OVERFLOW;
}

int varint_get_s(const uint8_t *p, size_t avail, int64_t *v)
{
    uint64_t u;
    int n = varint_get_u(p, avail, &u);
    if (n > 0)
        *v = varint_unzigzag(u);
    return n;
}

void varint_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void varint_put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t varint_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t varint_get_le64(const uint8_t *p)
{
    return (uint64_t)varint_get_le32(p) | (uint64_t)varint_get_le32(p + 4) << 32;
}
