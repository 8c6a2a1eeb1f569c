/*
 * dis_bundle.c — the dis.h API: one wide instruction to text; the order
 * of the listing, the gas braces, and the fallback to data.
 *
 * Order (binutils e2k-dis.c `print_instr`): HS (loop_mode, nop), SS (ct,
 * ipd, ...), ALS0..5, CS0, CS1, AAS (mova), PLS2..PLS0. The ALES, LTS, CDS
 * syllables print nothing of their own: their contents appear inside the
 * ops that use them.
 *
 * Bytes that do not decode, a misaligned start and a truncated tail become
 * `.word`/`.byte` lines with a `!` note; the gas syntax does the same for a
 * bundle it cannot reproduce (dis_canon.c), so its output always assembles
 * back to the input bytes.
 */
#include "tools/objdump/dis.h"

#include <stdio.h>
#include <string.h>

#include "tools/objdump/dis_internal.h"

static void ctx_init(struct dis_ctx *c, const struct dec_bundle *b,
                     const uint8_t *raw, const struct dis_opts *o, char *out,
                     size_t size)
{
    memset(c, 0, sizeof *c);
    c->b = b;
    c->raw = raw;
    c->o = o;
    c->gas = o->syntax == DIS_SYNTAX_GAS;
    c->buf = out;
    c->size = size;
    if (size)
        out[0] = 0;
}

int dis_data(const uint8_t *buf, size_t n, uint64_t addr, const char *note,
             const struct dis_opts *o, char *out, size_t size)
{
    struct dis_ctx c;
    struct dec_bundle none;
    memset(&none, 0, sizeof none);
    ctx_init(&c, &none, NULL, o, out, size);
    (void)addr; /* the caller prints addresses */
    if (!out || size == 0)
        return -1;
    if (note && *note) {
        dis_op(&c);
        dis_printf(&c, "! %s", note);
    }
    size_t i = 0;
    while (i + 4 <= n) {
        dis_op(&c);
        dis_puts(&c, ".word ");
        for (int k = 0; k < 4 && i + 4 <= n; k++, i += 4) {
            uint32_t w = (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 |
                         (uint32_t)buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24;
            dis_printf(&c, "%s0x%08x", k ? ", " : "", (unsigned)w);
        }
    }
    if (i < n) {
        dis_op(&c);
        dis_puts(&c, ".byte ");
        for (int k = 0; i < n; k++, i++)
            dis_printf(&c, "%s0x%02x", k ? ", " : "", buf[i]);
    }
    dis_end(&c);
    return c.trunc ? -1 : (int)c.len;
}

int dis_bundle(const struct dec_bundle *b, const uint8_t *raw,
               const struct dis_opts *o, char *out, size_t size)
{
    struct dis_ctx c;
    if (!b || !o || !out || size == 0)
        return -1;
    ctx_init(&c, b, raw, o, out, size);
    if (c.gas)
        dis_puts(&c, "{\n");
    dis_hs(&c);
    if (b->has_ss)
        dis_ss(&c);
    dis_alops(&c);
    if (b->has_cs0)
        dis_cs0(&c);
    if (b->has_cs1)
        dis_cs1(&c);
    dis_aas(&c);
    dis_pls(&c);
    dis_end(&c);
    dis_canon_check(&c);
    if (c.gas && c.lossy && raw && b->len >= DEC_MIN_BUNDLE) {
        char note[160];
        snprintf(note, sizeof note,
                 "bundle not expressible in gas syntax (%s)", c.why);
        return dis_data(raw, b->len, b->addr, note, o, out, size);
    }
    if (c.gas) {
        if (c.lossy) {
            dis_op(&c);
            dis_printf(&c, "! warning: gas would not reproduce this bundle (%s)",
                       c.why);
            dis_end(&c);
        }
        dis_puts(&c, "}\n");
    }
    return c.trunc ? -1 : (int)c.len;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

int dis_insn(const uint8_t *buf, size_t avail, uint64_t addr,
             const struct dis_opts *o, char *out, size_t size,
             unsigned *consumed, struct dec_err *err)
{
    struct dec_bundle b;
    struct dec_err e;
    char note[160];
    if (!buf || avail == 0 || !o || !out || size < 64 || !consumed)
        return -1;
    memset(&e, 0, sizeof e);
    if (addr & 7) {
        size_t n = 8 - (addr & 7);
        if (n > avail)
            n = avail;
        *consumed = (unsigned)n;
        e.code = DEC_E_MISALIGNED;
        e.channel = -1;
        snprintf(e.msg, sizeof e.msg, "bundle address not 8-byte aligned");
        if (err)
            *err = e;
        dis_data(buf, n, addr, "misaligned: not a bundle start", o, out, size);
        return DIS_DATA;
    }
    memset(&b, 0, sizeof b);
    int rc = dec_bundle(buf, avail, addr, o->isa, &b, &e);
    if (rc == 0 && b.len >= DEC_MIN_BUNDLE && b.len <= avail) {
        *consumed = b.len;
        dis_bundle(&b, buf, o, out, size);
        return DIS_BUNDLE;
    }
    e.msg[sizeof e.msg - 1] = 0;
    /* Data: as many bytes as the header claims, or what is left. */
    size_t n = avail;
    if (avail >= 4 && rc != DEC_E_TRUNCATED) {
        unsigned len = dec_bundle_len(rd32(buf));
        if (len >= DEC_MIN_BUNDLE && len <= avail)
            n = len;
    }
    if (n > DEC_MAX_BUNDLE)
        n = DEC_MAX_BUNDLE;
    if (rc == 0) { /* decoder accepted a bundle we cannot place */
        e.code = DEC_E_LAYOUT;
        snprintf(e.msg, sizeof e.msg, "bundle length %u outside the data",
                 (unsigned)b.len);
    }
    *consumed = (unsigned)n;
    if (err)
        *err = e;
    snprintf(note, sizeof note, "undecodable: %s",
             e.msg[0] ? e.msg : dec_strerror(rc));
    note[sizeof note - 1] = 0;
    dis_data(buf, n, addr, note, o, out, size);
    return DIS_DATA;
}
