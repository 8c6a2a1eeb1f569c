/*
 * dev.c — helpers shared by the device models (see dev.h): the versioned
 * state-buffer writer and reader, little-endian access, event emission and
 * error names. State buffers start with a 4-byte magic and a 4-byte version,
 * both little-endian; a reader accepts exactly one magic and one version.
 */
#include "devices/dev.h"

#include <string.h>

const char *dev_strerror(int code)
{
    static const char *const names[] = {
        "ok", "invalid argument", "state buffer too small",
        "bad device state buffer", "out of memory", "bus setup failed"};
    if (code > 0 || -code >= (int)(sizeof names / sizeof names[0]))
        return "unknown device error";
    return names[-code];
}

uint16_t dev_get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t dev_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

uint64_t dev_get_le64(const uint8_t *p)
{
    return (uint64_t)dev_get_le32(p) | (uint64_t)dev_get_le32(p + 4) << 32;
}

void dev_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void dev_sw_init(struct dev_sw *w, uint8_t *buf, size_t cap, uint32_t magic,
                 uint32_t version)
{
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->len = 0;
    dev_sw_u32(w, magic);
    dev_sw_u32(w, version);
}

void dev_sw_bytes(struct dev_sw *w, const void *p, size_t n)
{
    if (n && w->len <= w->cap && n <= w->cap - w->len)
        memcpy(w->buf + w->len, p, n);
    w->len += n;
}

void dev_sw_u8(struct dev_sw *w, uint8_t v)
{
    dev_sw_bytes(w, &v, 1);
}

void dev_sw_u16(struct dev_sw *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    dev_sw_bytes(w, b, 2);
}

void dev_sw_u32(struct dev_sw *w, uint32_t v)
{
    uint8_t b[4];
    dev_put_le32(b, v);
    dev_sw_bytes(w, b, 4);
}

void dev_sw_u64(struct dev_sw *w, uint64_t v)
{
    dev_sw_u32(w, (uint32_t)v);
    dev_sw_u32(w, (uint32_t)(v >> 32));
}

int dev_sw_finish(const struct dev_sw *w, size_t *len)
{
    if (len)
        *len = w->len;
    return w->len <= w->cap ? 0 : DEV_E_NOSPACE;
}

void dev_sr_init(struct dev_sr *r, const uint8_t *buf, size_t len,
                 uint32_t magic, uint32_t version)
{
    r->buf = buf;
    r->len = buf ? len : 0;
    r->off = 0;
    r->bad = 0;
    dev_sr_check(r, dev_sr_u32(r) == magic);
    dev_sr_check(r, dev_sr_u32(r) == version);
}

void dev_sr_bytes(struct dev_sr *r, void *p, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        memset(p, 0, n);
        return;
    }
    memcpy(p, r->buf + r->off, n);
    r->off += n;
}

uint8_t dev_sr_u8(struct dev_sr *r)
{
    uint8_t v;
    dev_sr_bytes(r, &v, 1);
    return v;
}

uint16_t dev_sr_u16(struct dev_sr *r)
{
    uint8_t b[2];
    dev_sr_bytes(r, b, 2);
    return dev_get_le16(b);
}

uint32_t dev_sr_u32(struct dev_sr *r)
{
    uint8_t b[4];
    dev_sr_bytes(r, b, 4);
    return dev_get_le32(b);
}

uint64_t dev_sr_u64(struct dev_sr *r)
{
    uint8_t b[8];
    dev_sr_bytes(r, b, 8);
    return dev_get_le64(b);
}

void dev_sr_check(struct dev_sr *r, int cond)
{
    if (!cond)
        r->bad = 1;
}

int dev_sr_finish(const struct dev_sr *r)
{
    return r->bad || r->off != r->len ? DEV_E_STATE : 0;
}

void dev_emit(dev_event_fn fn, void *opaque, const char *dev,
              struct dev_event *ev, uint32_t kind)
{
    if (!fn)
        return;
    ev->kind = kind;
    ev->dev = dev;
    fn(opaque, ev);
}
