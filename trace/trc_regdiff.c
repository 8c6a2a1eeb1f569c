/*
 * trc_regdiff.c — the state a bundle changed (trc_regdiff.h).
 *
 * The state registers are one table (name, how to read) rather than a
 * ladder of comparisons; composite registers (wd, br, lsr, ilcr) are read
 * through emu/cpu.h's packers so they print as the guest sees them
 * (e2k-isa.md §4.2, §4.3, §4.7).
 */
#include "trace/trc_regdiff.h"

#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "emu/cpu.h"

enum field_how { F_U64 = 0, F_U8, F_WD, F_BR, F_LSR, F_ILCR };

struct field {
    const char *name;
    int how;            /* enum field_how */
    size_t off;         /* F_U64 / F_U8: offset in struct cpu_state */
};

#define U64(name, member) {name, F_U64, offsetof(struct cpu_state, member)}
#define U8(name, member) {name, F_U8, offsetof(struct cpu_state, member)}

/* Compared in this order; system registers stay 0 in user mode. */
static const struct field kFields[] = {
    U64("%ctpr1", ctpr[1]), U64("%ctpr2", ctpr[2]), U64("%ctpr3", ctpr[3]),
    {"wd", F_WD, 0}, {"br", F_BR, 0}, {"lsr", F_LSR, 0}, {"ilcr", F_ILCR, 0},
    U64("psr", psr), U64("upsr", upsr), U64("cuir", cuir),
    U64("usd.lo", usd_lo), U64("usd.hi", usd_hi), U64("sbr", sbr),
    U64("psp.lo", psp_lo), U64("psp.hi", psp_hi),
    U64("pcsp.lo", pcsp_lo), U64("pcsp.hi", pcsp_hi),
    U64("fpcr", fpcr), U64("fpsr", fpsr), U64("pfpfr", pfpfr),
    U64("rpr.lo", rpr_lo), U64("rpr.hi", rpr_hi), U64("sbbp", sbbp), U64("upsrm", upsrm),
    U64("oscud.lo", oscud_lo), U64("oscud.hi", oscud_hi),
    U64("osgd.lo", osgd_lo), U64("osgd.hi", osgd_hi),
    U64("cud.lo", cud_lo), U64("cud.hi", cud_hi), U64("gd.lo", gd_lo), U64("gd.hi", gd_hi),
    U64("cutd", cutd), U64("osem", osem), U64("osr0", osr0),
    U8("tir_n", tir_n), U8("tir_rd", tir_rd), U8("tir_frozen", tir_frozen),
    U64("mmu_cr", mmu_cr), U64("trap_point", mmu_trap_point),
    U64("trap_count", mmu_trap_count),
};

static uint64_t field_get(const struct cpu_state *c, const struct field *f)
{
    const uint8_t *base = (const uint8_t *)c;
    uint64_t v = 0;
    switch (f->how) {
    case F_U64: memcpy(&v, base + f->off, sizeof v); return v;
    case F_U8: return base[f->off];
    case F_WD: return cpu_wd_get(c);
    case F_BR: return cpu_br_get(c);
    case F_LSR: return cpu_lsr_get(&c->lsr);
    case F_ILCR: return cpu_lsr_get(&c->ilcr);
    }
    return 0;
}

static struct trc_change *add(struct trc_regdiff *d, int kind, const char *pfx, unsigned n,
                              const char *sfx)
{
    if (d->n >= TRC_REGDIFF_MAX)
        return NULL;
    struct trc_change *c = &d->ch[d->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    if (sfx)
        snprintf(c->name, sizeof c->name, "%s%u%s", pfx, n, sfx);
    else
        snprintf(c->name, sizeof c->name, "%s", pfx);
    return c;
}

static void diff_reg(struct trc_regdiff *d, const struct cpu_reg *a, const struct cpu_reg *b,
                     const char *pfx, unsigned n)
{
    if (a->lo != b->lo || a->tag != b->tag) {
        struct trc_change *c = add(d, TRC_CH_REG, pfx, n, "");
        if (c) {
            c->before = a->lo;
            c->after = b->lo;
            c->tag_before = a->tag;
            c->tag_after = b->tag;
        }
    }
    if (a->hi != b->hi) {
        struct trc_change *c = add(d, TRC_CH_REG_HI, pfx, n, ".hi");
        if (c) {
            c->before = a->hi;
            c->after = b->hi;
        }
    }
}

void trc_regdiff(const struct cpu_state *a, const struct cpu_state *b, struct trc_regdiff *d)
{
    d->n = 0;
    /* Chain-stack index (pcsp.hi 31:0) moved: call/return/trap/done. */
    d->window_moved = (uint32_t)a->pcsp_hi != (uint32_t)b->pcsp_hi;
    if (!d->window_moved) {
        unsigned nr = b->wd_size < CPU_NR_REGS ? b->wd_size : CPU_NR_REGS;
        for (unsigned i = 0; i < nr; i++)
            diff_reg(d, &a->rf[i], &b->rf[i], "%r", i);
    }
    for (unsigned i = 0; i < 32; i++)
        diff_reg(d, &a->rf[CPU_RF_G0 + i], &b->rf[CPU_RF_G0 + i], "%g", i);
    for (unsigned i = 0; i < 32; i++) {
        unsigned va = (a->pf >> (2 * i)) & 1, ta = (a->pf >> (2 * i + 1)) & 1;
        unsigned vb = (b->pf >> (2 * i)) & 1, tb = (b->pf >> (2 * i + 1)) & 1;
        if (va == vb && ta == tb)
            continue;
        struct trc_change *c = add(d, TRC_CH_PRED, "%pred", i, "");
        if (c) {
            c->before = va;
            c->after = vb;
            c->tag_before = (uint8_t)ta;
            c->tag_after = (uint8_t)tb;
        }
    }
    for (size_t i = 0; i < sizeof kFields / sizeof kFields[0]; i++) {
        uint64_t va = field_get(a, &kFields[i]), vb = field_get(b, &kFields[i]);
        if (va == vb)
            continue;
        struct trc_change *c = add(d, TRC_CH_STATE, kFields[i].name, 0, NULL);
        if (c) {
            c->before = va;
            c->after = vb;
        }
    }
}

void trc_regdiff_print(FILE *f, const struct trc_regdiff *d, const char *indent)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct trc_change *c = &d->ch[i];
        switch (c->kind) {
        case TRC_CH_PRED:
            fprintf(f, "%s%s = %u%s (was %u%s)\n", indent, c->name, (unsigned)c->after,
                    c->tag_after ? "*" : "", (unsigned)c->before, c->tag_before ? "*" : "");
            break;
        case TRC_CH_REG:
            fprintf(f, "%s%s = 0x%" PRIx64 "%s (was 0x%" PRIx64 "%s)\n", indent, c->name,
                    c->after, c->tag_after ? "*" : "", c->before, c->tag_before ? "*" : "");
            break;
        default:
            fprintf(f, "%s%s = 0x%" PRIx64 " (was 0x%" PRIx64 ")\n", indent, c->name, c->after,
                    c->before);
            break;
        }
    }
    if (d->window_moved)
        fprintf(f, "%s(window moved: %%r not compared)\n", indent);
}
