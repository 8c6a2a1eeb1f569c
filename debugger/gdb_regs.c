/*
 * gdb_regs.c — MCST gdb's e2k register numbering, sizes and types
 * (e2k-gdb-remote.md §3, §3.3: one row per run of similarly named
 * registers), the `g` layout per feature set (§2.3), and the mapping of
 * each register to struct cpu_state (§3.1; trap-frame values from
 * gdb_frame.h).
 *
 * Registers the emulator does not model (debug, trap cells, MLT, DAM,
 * segment registers, the inferior-call block) read as 0, as QEMU reports
 * them (§8).
 */
#include "debugger/gdb_regs.h"

#include <stdio.h>
#include <string.h>

#include "debugger/gdb_frame.h"
#include "emu/cpu.h"

/* A run of registers: names fmt % (index + base_idx) for first, first +
 * stride, ... (count of them). */
struct reg_row {
    uint16_t first, count, stride, base_idx;
    const char *fmt;
    const char *type;
    uint8_t bits, bytes, feature;
};

#define C GDB_TD_CORE
static const struct reg_row k_rows[] = {
    {0, 1, 1, 0, "_sizeof", "uint64", 64, 8, C},
    {1, 1, 1, 0, "_sys_rnum", "uint64", 64, 8, C},
    {2, 1, 1, 0, "_pcsp_offset", "uint64", 64, 8, C},
    {3, 32, 1, 0, "_g%u", "uint64", 64, 8, C},
    {35, 1, 1, 0, "psr", "psr", 64, 8, C},
    {36, 1, 1, 0, "upsr", "upsr", 64, 8, C},
    {37, 1, 1, 0, "oscud_lo", "oscud_rwap_lo", 64, 8, C},
    {38, 1, 1, 0, "oscud_hi", "oscud_rwap_hi", 64, 8, C},
    {39, 1, 1, 0, "osgd_lo", "osgd_rwap_lo", 64, 8, C},
    {40, 1, 1, 0, "osgd_hi", "osgd_rwap_hi", 64, 8, C},
    {41, 1, 1, 0, "osem", "uint64", 64, 8, C},
    {42, 1, 1, 0, "osr0", "uint64", 64, 8, C},
    {43, 1, 1, 0, "pfpfr", "pfpfr", 64, 8, C},
    {44, 1, 1, 0, "fpcr", "fpcr", 64, 8, C},
    {45, 1, 1, 0, "fpsr", "fpsr", 64, 8, C},
    {46, 1, 1, 0, "usbr", "uint64", 64, 8, C},
    {47, 1, 1, 0, "usd_lo", "usd_rwap_lo", 64, 8, C},
    {48, 1, 1, 0, "usd_hi", "usd_rwap_hi", 64, 8, C},
    {49, 1, 1, 0, "_psp_lo", "psp_rwap_lo", 64, 8, C},
    {50, 1, 1, 0, "_psp_hi", "psp_rwap_hi", 64, 8, C},
    {51, 1, 1, 0, "pshtp", "pshtp", 64, 8, C},
    {52, 1, 1, 0, "_cr0_lo", "cr0_lo", 64, 8, C},
    {53, 1, 1, 0, "_cr0_hi", "cr0_hi", 64, 8, C},
    {54, 1, 1, 0, "_cr1_lo", "cr1_lo", 64, 8, C},
    {55, 1, 1, 0, "_cr1_hi", "cr1_hi", 64, 8, C},
    {56, 1, 1, 0, "cwd", "cwd", 64, 8, C},
    {57, 1, 1, 0, "_pcsp_lo", "pcsp_rwap_lo", 64, 8, C},
    {58, 1, 1, 0, "_pcsp_hi", "pcsp_rwap_hi", 64, 8, C},
    {59, 1, 1, 0, "pcshtp", "pcshtp", 64, 8, C},
    {60, 1, 1, 0, "cud_lo", "rwap_lo", 64, 8, C},
    {61, 1, 1, 0, "cud_hi", "rwap_hi", 64, 8, C},
    {62, 1, 1, 0, "gd_lo", "rwap_lo", 64, 8, C},
    {63, 1, 1, 0, "gd_hi", "rwap_hi", 64, 8, C},
    {64, 1, 1, 0, "cs_lo", "intel_rwap_lo", 64, 8, C},
    {65, 1, 1, 0, "cs_hi", "intel_rwap_hi", 64, 8, C},
    {66, 1, 1, 0, "ds_lo", "intel_rwap_lo", 64, 8, C},
    {67, 1, 1, 0, "ds_hi", "intel_rwap_hi", 64, 8, C},
    {68, 1, 1, 0, "es_lo", "intel_rwap_lo", 64, 8, C},
    {69, 1, 1, 0, "es_hi", "intel_rwap_hi", 64, 8, C},
    {70, 1, 1, 0, "fs_lo", "intel_rwap_lo", 64, 8, C},
    {71, 1, 1, 0, "fs_hi", "intel_rwap_hi", 64, 8, C},
    {72, 1, 1, 0, "gs_lo", "intel_rwap_lo", 64, 8, C},
    {73, 1, 1, 0, "gs_hi", "intel_rwap_hi", 64, 8, C},
    {74, 1, 1, 0, "ss_lo", "intel_rwap_lo", 64, 8, C},
    {75, 1, 1, 0, "ss_hi", "intel_rwap_hi", 64, 8, C},
    {76, 32, 2, 0, "aad%u_lo", "aad_lo", 64, 8, C},
    {77, 32, 2, 0, "aad%u_hi", "aad_hi", 64, 8, C},
    {140, 16, 1, 0, "aaind%u", "aaind", 64, 8, C},
    {156, 8, 1, 0, "aaincr%u", "aaincr", 64, 8, C},
    {164, 64, 1, 0, "aaldi%u", "aaldi", 64, 8, C},
    {228, 1, 1, 0, "aaldv", "aaldi", 64, 8, C},
    {229, 64, 1, 0, "aalda%u", "aalda", 64, 8, C},
    {293, 1, 1, 0, "aaldm", "aaldm", 64, 8, C},
    {294, 1, 1, 0, "aasr", "aasr", 64, 8, C},
    {295, 1, 1, 0, "aafstr", "aafstr", 64, 8, C},
    {296, 16, 1, 0, "aasti%u", "aasti", 64, 8, C},
    {312, 1, 1, 0, "clkr", "uint64", 64, 8, C},
    {313, 1, 1, 0, "dibcr", "dibcr", 64, 8, C},
    {314, 1, 1, 0, "ddbcr", "ddbcr", 64, 8, C},
    {315, 4, 1, 0, "dibar%u", "dibar", 64, 8, C},
    {319, 4, 1, 0, "ddbar%u", "ddbar", 64, 8, C},
    {323, 1, 1, 0, "dimcr", "dimcr", 64, 8, C},
    {324, 1, 1, 0, "ddmcr", "ddmcr", 64, 8, C},
    {325, 2, 1, 0, "dimar%u", "uint64", 64, 8, C},
    {327, 2, 1, 0, "ddmar%u", "uint64", 64, 8, C},
    {329, 1, 1, 0, "dibsr", "dibsr", 64, 8, C},
    {330, 1, 1, 0, "ddbsr", "ddbsr", 64, 8, C},
    {331, 1, 1, 0, "dtcr", "dtcr", 64, 8, C},
    {332, 1, 1, 0, "dtarf", "dtarf_rwp", 64, 8, C},
    {333, 1, 1, 0, "dtart", "dtart_rwp", 64, 8, C},
    {334, 1, 1, 0, "_wd", "wd", 64, 8, C},
    {335, 1, 1, 0, "_br", "br", 64, 8, C},
    {336, 1, 1, 0, "bgr", "bgr", 64, 8, C},
    {337, 1, 1, 0, "_ip", "ip_rwp", 64, 8, C},
    {338, 1, 1, 0, "nip", "ip_rwp", 64, 8, C},
    {339, 3, 1, 1, "ctpr%u", "ctpr_rwp", 64, 8, C},
    {342, 1, 1, 0, "eir", "uint64", 64, 8, C},
    {343, 1, 1, 0, "tr", "tr", 64, 8, C},
    {344, 1, 1, 0, "cutd", "cutd_rwp", 64, 8, C},
    {345, 1, 1, 0, "cuir", "cuir", 64, 8, C},
    {346, 1, 1, 0, "tsd", "tsd", 64, 8, C},
    {347, 1, 1, 0, "lsr", "lsr", 64, 8, C},
    {348, 1, 1, 0, "ilcr", "ilcr", 64, 8, C},
    {349, 1, 1, 0, "_sys_rval", "uint64", 64, 8, C},
    {350, 6, 1, 1, "_arg%u", "uint64", 64, 8, C},
    {356, 32, 1, 0, "_gtag%u", "uint8", 8, 1, C},
    {388, 32, 1, 0, "_gext%u", "uint16", 16, 2, C},
    {420, 1, 1, 0, "rpr_hi", "uint64", 64, 8, C},
    {421, 1, 1, 0, "rpr_lo", "uint64", 64, 8, C},
    {422, 19, 1, 0, "tir_%u_lo", "tir_lo", 64, 8, C},
    {441, 19, 1, 0, "tir_%u_hi", "tir_hi", 64, 8, C},
    {460, 10, 1, 0, "trap_cell_addr_%u", "uint64", 64, 8, C},
    {470, 10, 1, 0, "trap_cell_val_%u", "uint64", 64, 8, C},
    {480, 10, 1, 0, "trap_cell_tag_%u", "uint8", 8, 1, C},
    {490, 6, 1, 1, "_dummy_%u", "uint8", 8, 1, C},
    {496, 10, 1, 0, "trap_cell_info_%u", "uint64", 64, 8, C},
    {506, 32, 1, 0, "dam_%u", "dam", 64, 8, C},
    {538, 32, 1, 0, "sbbp_%u", "uint64", 64, 8, C},
    {570, 16, 1, 0, "mlt_%u", "mlt", 64, 24, C},
    {586, 1, 1, 0, "idr", "uint64", 64, 8, GDB_TD_V2},
    {587, 1, 1, 0, "core_mode", "uint64", 64, 8, GDB_TD_V3},
    {588, 1, 1, 0, "lsr1", "lsr1", 64, 8, GDB_TD_V5},
    {589, 1, 1, 0, "ilcr1", "lsr1", 64, 8, GDB_TD_V5},
    {590, 32, 1, 0, "_gext_v5_%u", "uint64", 16, 8, GDB_TD_V5},
    {622, 32, 1, 0, "_gtag_v5_%u", "uint8", 8, 1, GDB_TD_V5},
    {654, 1, 1, 0, "pcsp_base", "uint64", 64, 8, C},
    {655, 1, 1, 0, "psp_base", "uint64", 64, 8, C},
    {656, 1, 1, 0, "dimtp_lo", "rwap_lo", 64, 8, GDB_TD_V6},
    {657, 1, 1, 0, "dimtp_hi", "rwap_hi", 64, 8, GDB_TD_V6},
    {658, 3, 1, 1, "ctpr%u_hi", "ctpr_hi", 64, 8, GDB_TD_V6},
    {661, 1, 1, 0, "_e2k_arch_idx", "uint64", 64, 8, C},
    {662, 1, 1, 0, "_e2k_entry_point", "uint64", 64, 8, C},
    {663, 1, 1, 0, "_e2k_call_dummy", "uint64", 64, 8, C},
    {664, 1, 1, 0, "_e2k_prologue", "uint64", 64, 8, C},
    {665, 1, 1, 0, "_e2k_call_target", "uint64", 64, 8, C},
    {666, 1, 1, 0, "_e2k_dbl_reg", "dbl_param", 64, 25, C},
    {667, 1, 1, 0, "_e2k_dbl_stack", "dbl_param", 64, 25, C},
    {668, 1, 1, 0, "_e2k_quad_reg", "quad_param", 64, 33, C},
    {669, 1, 1, 0, "_e2k_quad_stack", "quad_param", 64, 33, C},
    /* §3.3: in the description only, never on the wire */
    {670, 64, 1, 0, "_r%u", "tagged64", 64, 0, C},
    {734, 128, 1, 0, "_b%u", "tagged64", 64, 0, C},
    {862, 32, 1, 0, "_pred%u", "pred", 64, 0, C},
    {894, 1, 1, 0, "_hs", "hs", 32, 0, C},
    {895, 1, 1, 0, "_alf2", "alf2", 32, 0, C},
    {896, 1, 1, 0, "_c1f1", "c1f1", 32, 0, C},
    {897, 1, 1, 0, "_cs0_dummy", "cs0_dummy", 32, 0, C},
    {898, 1, 1, 0, "_cs1_setwd", "cs1_setwd", 32, 0, C},
    {899, 1, 1, 0, "_cs1_call", "cs1_call", 32, 0, C},
    {900, 1, 1, 0, "_lts0_setwd", "lts0_setwd", 32, 0, C},
    {901, 1, 1, 0, "_ss", "ss", 32, 0, C},
    {902, 1, 1, 0, "_ctpr_rwp", "ctpr_rwp", 64, 0, C},
    {903, 1, 1, 0, "_tagged32", "tagged32", 64, 0, C},
    {904, 1, 1, 0, "_tagged80", "tagged80", 128, 0, C},
    {905, 1, 1, 0, "_cut_zero", "cut_zero", 64, 0, C},
    {906, 1, 1, 0, "_cut_two", "cut_two", 128, 0, C},
    {907, 1, 1, 0, "pusd_lo", "pusd_rwsap_lo", 64, 0, C},
    {908, 1, 1, 0, "pusd_hi", "pusd_rwsap_hi", 64, 0, C},
    {909, 1, 1, 0, "_signed_tagged32", "signed_tagged32", 64, 0, C},
    {910, 1, 1, 0, "_signed_tagged64", "signed_tagged64", 64, 0, C},
    {911, 1, 1, 0, "_fake_pf", "pf", 64, 0, C},
    {912, 1, 1, 0, "_tagged128", "tagged128", 192, 0, C},
};
#undef C

int gdb_reg_desc(unsigned regnum, struct gdb_reg_desc *d)
{
    for (size_t i = 0; i < sizeof k_rows / sizeof k_rows[0]; i++) {
        const struct reg_row *r = &k_rows[i];
        if (regnum < r->first)
            continue;
        unsigned k = (regnum - r->first) / r->stride;
        if ((regnum - r->first) % r->stride || k >= r->count)
            continue;
        snprintf(d->name, sizeof d->name, r->fmt, k + r->base_idx);
        d->type = r->type;
        d->bits = r->bits;
        d->bytes = r->bytes;
        d->feature = r->feature;
        return 0;
    }
    return GDB_REGS_E_NOREG;
}

void gdb_layout_init(struct gdb_layout *l, unsigned features)
{
    memset(l, 0, sizeof *l);
    l->features = features | GDB_TD_CORE;
    size_t off = 0;
    for (unsigned n = 0; n < GDB_REG_WIRE_COUNT; n++) {
        struct gdb_reg_desc d;
        if (gdb_reg_desc(n, &d) || !(d.feature & l->features) || !d.bytes)
            continue;
        l->off[n] = (uint16_t)off;
        l->size[n] = (uint8_t)d.bytes;
        off += d.bytes;
    }
    l->g_bytes = off;
}

/* --- values --- */

static void put_le(uint8_t *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out[i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

static uint64_t get_le(const uint8_t *in, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n && i < 8; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

/* The value of a register that fits in 64 bits (wider ones: the first
 * word; the rest is 0 for everything we report). */
static uint64_t reg_value(const struct cpu_state *c, const struct gdb_trap *t,
                          unsigned n)
{
    if (n >= 3 && n <= 34)
        return c->rf[CPU_RF_G0 + n - 3].lo;
    if (n >= 76 && n <= 139)
        return (n - 76) % 2 ? c->aau.aad_hi[(n - 76) / 2] : c->aau.aad_lo[(n - 76) / 2];
    if (n >= 140 && n <= 155)
        return c->aau.aaind[n - 140];
    if (n >= 156 && n <= 163)
        return c->aau.aaincr[n - 156];
    if (n >= 296 && n <= 311)
        return c->aau.aasti[n - 296];
    if (n >= 339 && n <= 341)
        return c->ctpr[n - 338];
    if (n >= 356 && n <= 387)
        return c->rf[CPU_RF_G0 + n - 356].tag & 0xf;
    if (n >= 388 && n <= 419)
        return c->rf[CPU_RF_G0 + n - 388].hi & 0xffff;
    if (n >= 422 && n <= 440)
        return c->tir[n - 422].lo;
    if (n >= 441 && n <= 459)
        return c->tir[n - 441].hi;
    if (n >= 590 && n <= 621)
        return c->rf[CPU_RF_G0 + n - 590].hi;
    if (n >= 622 && n <= 653)
        return (c->rf[CPU_RF_G0 + n - 622].tag >> 4) & 0xf;
    switch (n) {
    case 1: return UINT64_MAX; /* _sys_rnum: -1 = not in a syscall (§3.1) */
    case 35: return c->psr;
    case 36: return c->upsr;
    case 37: return c->oscud_lo;
    case 38: return c->oscud_hi;
    case 39: return c->osgd_lo;
    case 40: return c->osgd_hi;
    case 41: return c->osem;
    case 42: return c->osr0;
    case 43: return c->pfpfr;
    case 44: return c->fpcr;
    case 45: return c->fpsr;
    case 46: return c->sbr;
    case 47: return c->usd_lo;
    case 48: return c->usd_hi;
    case 49: return t->psp_lo;
    case 50: return t->psp_hi;
    case 51: return c->pshtp;
    case 52: return t->cr0_lo;
    case 53: return t->cr0_hi;
    case 54: return t->cr1_lo;
    case 55: return t->cr1_hi;
    case 57: return t->pcsp_lo;
    case 58: return t->pcsp_hi;
    case 59: return c->pcshtp;
    case 60: return c->cud_lo;
    case 61: return c->cud_hi;
    case 62: return c->gd_lo;
    case 63: return c->gd_hi;
    case 334: return t->wd;
    case 335: return cpu_br_get(c);
    case 336: return (uint64_t)c->bgr_val | (uint64_t)(c->bgr_cur & 7) << 8;
    case 337: return c->ip;
    case 338: return c->nip;
    case 344: return c->cutd;
    case 345: return c->cuir;
    case 347: return cpu_lsr_get(&c->lsr);
    case 348: return cpu_lsr_get(&c->ilcr);
    case 420: return c->rpr_hi;
    case 421: return c->rpr_lo;
    case 538: return c->sbbp;
    case 586: return c->idr;
    case 587: return c->core_mode;
    case 588: return c->lsr.lcnt;  /* UNSURE: lsr1 = 64-bit lcnt (§3.1) */
    case 589: return c->ilcr.lcnt;
    case 654: return c->pcsp_lo & 0xffffffffffffull;
    case 655: return c->psp_lo & 0xffffffffffffull;
    default: return 0;
    }
}

int gdb_regs_read(const struct gdb_layout *l, const struct cpu_state *c,
                  unsigned regnum, uint8_t *out)
{
    if (regnum >= GDB_REG_WIRE_COUNT || !l->size[regnum])
        return GDB_REGS_E_NOREG;
    struct gdb_trap t;
    gdb_frame_trap(c, &t);
    put_le(out, reg_value(c, &t, regnum), l->size[regnum]);
    return l->size[regnum];
}

void gdb_regs_read_all(const struct gdb_layout *l, const struct cpu_state *c,
                       uint8_t *out)
{
    struct gdb_trap t;
    gdb_frame_trap(c, &t);
    for (unsigned n = 0; n < GDB_REG_WIRE_COUNT; n++)
        if (l->size[n])
            put_le(out + l->off[n], reg_value(c, &t, n), l->size[n]);
}

/* Apply one changed value to a register we can write; 0 or READONLY. */
static int set_reg(struct cpu_state *c, unsigned n, uint64_t v)
{
    if (n >= 3 && n <= 34) {
        c->rf[CPU_RF_G0 + n - 3].lo = v;
        return 0;
    }
    if (n >= 356 && n <= 387) {
        struct cpu_reg *r = &c->rf[CPU_RF_G0 + n - 356];
        r->tag = (uint8_t)((r->tag & 0xf0) | (v & 0xf));
        return 0;
    }
    if (n >= 388 && n <= 419) {
        struct cpu_reg *r = &c->rf[CPU_RF_G0 + n - 388];
        r->hi = (r->hi & ~0xffffull) | (v & 0xffff);
        return 0;
    }
    if (n >= 339 && n <= 341) {
        c->ctpr[n - 338] = v;
        return 0;
    }
    switch (n) {
    case 1:  /* _sys_rnum: gdb writes -1 with a PC change (§4.4) */
        return 0;
    case 52: /* _cr0_lo: the predicate file of the stopped frame */
        c->pf = v;
        return 0;
    case 53: /* _cr0_hi: the PC, bits 47:3 (§4.4) */
    case 337:
        c->ip = v & 0xfffffffffff8ull;
        return 0;
    case 43: c->pfpfr = v; return 0;
    case 44: c->fpcr = v; return 0;
    case 45: c->fpsr = v; return 0;
    case 347: cpu_lsr_set(&c->lsr, v); return 0;
    case 348: cpu_lsr_set(&c->ilcr, v); return 0;
    default:
        return GDB_REGS_E_READONLY;
    }
}

/* Registers set_reg() can change (must agree with it). */
static int writable(unsigned n)
{
    return (n >= 3 && n <= 34) || (n >= 339 && n <= 341) ||
           (n >= 356 && n <= 419) || n == 1 || n == 43 || n == 44 ||
           n == 45 || n == 52 || n == 53 || n == 337 || n == 347 || n == 348;
}

/* 0 if writing val to regnum is possible (unchanged, or settable). Note
 * gdb's PC write also clears _cr1_lo.cur_ic (bit 56, §4.4), which we
 * report as 0 already, so that register stays unchanged. */
static int check_write(const struct gdb_layout *l, const struct cpu_state *c,
                       const struct gdb_trap *t, unsigned n, const uint8_t *val)
{
    uint8_t cur[GDB_REG_MAX_BYTES];
    put_le(cur, reg_value(c, t, n), l->size[n]);
    if (memcmp(cur, val, l->size[n]) == 0)
        return 0;
    return writable(n) ? 0 : GDB_REGS_E_READONLY;
}

int gdb_regs_write(const struct gdb_layout *l, struct cpu_state *c,
                   unsigned regnum, const uint8_t *val, size_t n)
{
    if (regnum >= GDB_REG_WIRE_COUNT || !l->size[regnum])
        return GDB_REGS_E_NOREG;
    if (n != l->size[regnum])
        return GDB_REGS_E_SIZE;
    struct gdb_trap t;
    gdb_frame_trap(c, &t);
    int rc = check_write(l, c, &t, regnum, val);
    if (rc)
        return rc;
    uint8_t cur[GDB_REG_MAX_BYTES];
    put_le(cur, reg_value(c, &t, regnum), l->size[regnum]);
    if (memcmp(cur, val, n) == 0)
        return 0;
    return set_reg(c, regnum, get_le(val, (unsigned)n));
}

int gdb_regs_write_all(const struct gdb_layout *l, struct cpu_state *c,
                       const uint8_t *buf, size_t n, unsigned *bad_reg)
{
    if (n > l->g_bytes)
        return GDB_REGS_E_SIZE;
    struct gdb_trap t;
    gdb_frame_trap(c, &t);
    /* Check first, then apply: nothing changes when any part fails. */
    for (unsigned r = 0; r < GDB_REG_WIRE_COUNT; r++) {
        if (!l->size[r] || l->off[r] + l->size[r] > n)
            continue;
        int rc = check_write(l, c, &t, r, buf + l->off[r]);
        if (rc) {
            if (bad_reg)
                *bad_reg = r;
            return rc;
        }
    }
    for (unsigned r = 0; r < GDB_REG_WIRE_COUNT; r++) {
        if (!l->size[r] || l->off[r] + l->size[r] > n)
            continue;
        uint8_t cur[GDB_REG_MAX_BYTES];
        put_le(cur, reg_value(c, &t, r), l->size[r]);
        if (memcmp(cur, buf + l->off[r], l->size[r]))
            set_reg(c, r, get_le(buf + l->off[r], l->size[r]));
    }
    return 0;
}
