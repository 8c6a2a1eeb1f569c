/*
 * dis_opnd.c — operand bytes to text (e2k-isa.md §3.1, §3.2, §3.3).
 *
 * Register names carry the size prefix binutils prints: none for 32-bit,
 * `d` 64-bit, `q` register pair, `qp` 128-bit (`%dr0`, `%qb[2]`, `%qpg5`).
 * Short immediates print as `0x%x`. Literals print as their format
 * (`_f16s`, `_f32s`, `_f64`) and value, exactly as MCST objdump does; the gas
 * syntax adds the LTS placement (`_f16s,_lts0hi`, `_f32s,_lts1`,
 * `_f64,_lts0`) so gas puts every literal back where it was.
 * Values are printed as stored (16-bit literals as their 16 raw bits), as
 * objdump does; the hardware sign-extends them (e2k-isa.md §3.2).
 */
#include "tools/objdump/dis_internal.h"

#include "emu/isa_fields.h"

static const char *size_prefix(char sz)
{
    switch (sz) {
    case 'd': return "d";
    case 'q': return "q";
    case 'p': return "qp";
    default: return "";
    }
}

void dis_reg(struct dis_ctx *c, unsigned byte, char sz)
{
    const char *p = size_prefix(sz);
    byte &= 0xff;
    if (OPND_IS_BREG(byte))
        dis_printf(c, "%%%sb[%u]", p, byte);
    else if (OPND_IS_RREG(byte))
        dis_printf(c, "%%%sr%u", p, byte & 0x3f);
    else
        dis_printf(c, "%%%sg%u", p, byte & 0x1f);
}

static int is_reg(unsigned byte)
{
    return OPND_IS_BREG(byte) || OPND_IS_RREG(byte) || OPND_IS_GREG(byte);
}

void dis_src1(struct dis_ctx *c, unsigned byte, char sz)
{
    byte &= 0xff;
    if (is_reg(byte))
        dis_reg(c, byte, sz);
    else
        dis_printf(c, "0x%x", byte & 0x1f); /* imm5 */
}

void dis_lts_mark(struct dis_ctx *c, unsigned halves)
{
    c->lts_ref |= (uint8_t)halves;
}

static int lts_present(const struct dis_ctx *c, unsigned idx)
{
    return idx < c->b->n_lts && idx < 4;
}

void dis_lit32(struct dis_ctx *c, unsigned idx, int with_place)
{
    idx &= 3;
    if (!lts_present(c, idx)) {
        dis_printf(c, "<nonexistent _f32s,_lts%u>", idx);
        dis_lossy(c, "missing literal");
        return;
    }
    dis_lts_mark(c, 3u << (2 * idx));
    if (with_place)
        dis_printf(c, "_f32s,_lts%u 0x%x", idx, (unsigned)c->b->lts[idx]);
    else
        dis_printf(c, "_f32s 0x%x", (unsigned)c->b->lts[idx]);
}

static void lit16(struct dis_ctx *c, unsigned byte)
{
    unsigned idx = byte & 3;
    int hi = (byte & 4) != 0;
    const char *half = hi ? "hi" : "lo";
    if (idx > 1) {
        dis_printf(c, "<illegal _f16s,_lts%u%s>", idx, half);
        dis_lossy(c, "illegal literal");
        return;
    }
    if (!lts_present(c, idx)) {
        dis_printf(c, "<nonexistent _f16s,_lts%u%s>", idx, half);
        dis_lossy(c, "missing literal");
        return;
    }
    dis_lts_mark(c, 1u << (2 * idx + hi));
    unsigned v = (c->b->lts[idx] >> (hi ? 16 : 0)) & 0xffff;
    if (c->gas)
        dis_printf(c, "_f16s,_lts%u%s 0x%x", idx, half, v);
    else
        dis_printf(c, "_f16s 0x%x", v);
}

static void lit64(struct dis_ctx *c, unsigned byte)
{
    unsigned idx = byte & 3;
    if (idx == 3) {
        dis_printf(c, "<illegal _f64,_lts%u>", idx);
        dis_lossy(c, "illegal literal");
        return;
    }
    if (!lts_present(c, idx) || !lts_present(c, idx + 1)) {
        dis_printf(c, "<nonexistent _f64,_lts%u>", idx);
        dis_lossy(c, "missing literal");
        return;
    }
    dis_lts_mark(c, 0xfu << (2 * idx));
    if (c->gas)
        dis_printf(c, "_f64,_lts%u ", idx);
    else
        dis_puts(c, "_f64 ");
    uint32_t lo = c->b->lts[idx], hi = c->b->lts[idx + 1];
    if (hi == 0)
        dis_printf(c, "0x%x", (unsigned)lo);
    else
        dis_printf(c, "0x%x%08x", (unsigned)hi, (unsigned)lo);
}

void dis_src2(struct dis_ctx *c, unsigned byte, char sz)
{
    byte &= 0xff;
    if (is_reg(byte))
        dis_reg(c, byte, sz);
    else if (OPND_IS_IMM4(byte))
        dis_printf(c, "0x%x", byte & 0xf);
    else if ((byte & 0xf8) == 0xd0)
        lit16(c, byte);
    else if ((byte & 0xfc) == 0xd8)
        dis_lit32(c, byte & 3, c->gas);
    else
        lit64(c, byte);
}

void dis_src3(struct dis_ctx *c, unsigned byte, char sz)
{
    byte &= 0xff;
    if (is_reg(byte)) {
        dis_reg(c, byte, sz);
        return;
    }
    /* v7 allows some literal forms here (binutils `print_src3`); our
     * table has no such op, so these bytes are illegal. */
    dis_puts(c, "<illegal operand>");
    dis_lossy(c, "illegal src3");
}

void dis_dst(struct dis_ctx *c, unsigned byte, char sz)
{
    byte &= 0xff;
    if (is_reg(byte)) {
        dis_reg(c, byte, sz);
        return;
    }
    switch (byte) {
    case OPND_DST_TST: dis_puts(c, "%tst"); return;
    case OPND_DST_TC: dis_puts(c, "%tc"); return;
    case OPND_DST_TCD: dis_puts(c, "%tcd"); return;
    case 0xd1: case 0xd2: case 0xd3:
        dis_printf(c, "%%ctpr%u", byte - 0xd0);
        return;
    case OPND_DST_EMPTY_LO:
        /* gas knows only `%empty`; for a two-channel op it writes 0xde in
         * the first channel and 0xdf in the second. */
        if (c->gas && c->in_pair) {
            dis_puts(c, "%empty");
            return;
        }
        dis_puts(c, "%empty.lo");
        dis_lossy(c, "%empty.lo outside a pair");
        return;
    case OPND_DST_EMPTY:
        if (c->gas && c->in_pair)
            dis_lossy(c, "pair op with %empty.hi in its first half");
        dis_puts(c, c->gas ? "%empty" : "%empty.hi");
        return;
    default:
        dis_puts(c, "<reserved special register>");
        dis_lossy(c, "reserved destination");
        return;
    }
}

void dis_psrc(struct dis_ctx *c, unsigned v)
{
    v &= 0x7f;
    if (PSRC_IS_PCNT(v))
        dis_printf(c, "%%pcnt%u", PSRC_NUM(v));
    else if (PSRC_IS_PRED(v))
        dis_printf(c, "%%pred%u", PSRC_NUM(v));
    else {
        dis_puts(c, "<invalid predicate>");
        dis_lossy(c, "invalid predicate");
    }
}
