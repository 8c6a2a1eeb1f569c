/*
 * con_regs.c — `regs`: the registers of the current state. Names as in
 * e2k-isa.md §4 (windowed %rN of the current window, globals %gN,
 * predicates, CTPRs, loop and stack registers). A `*` after a value marks
 * a diagnostic (tagged) value (§4.10).
 */
#include "debugger/con.h"

#include <inttypes.h>

#include "emu/machine.h"
#include "replay/rev.h"

static void print_reg(struct con *c, const char *pfx, unsigned n,
                      const struct cpu_reg *r, int last)
{
    char name[12];
    snprintf(name, sizeof name, "%%%s%u", pfx, n);
    con_printf(c, "%-5s 0x%016" PRIx64 "%c%s", name, r->lo, r->tag ? '*' : ' ',
               last ? "\n" : "  ");
}

static int run(struct con *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return con_error(c, "usage: regs");
    struct machine *m = rev_machine(c->s);
    if (!m)
        return con_error(c, "regs: no machine");
    const struct cpu_state *p = &m->cpu;
    con_printf(c, "pc    0x%012" PRIx64 "  icount %" PRIu64 "\n", p->ip, p->icount);
    con_printf(c, "wd    size %u psize %u fx %u    br rbs %u rsz %u rcur %u psz %u pcur %u\n",
               p->wd_size, p->wd_psize, p->wd_fx, p->br_rbs, p->br_rsz, p->br_rcur,
               p->br_psz, p->br_pcur);
    for (unsigned i = 0; i < p->wd_size && i < CPU_NR_REGS; i++)
        print_reg(c, "r", i, &p->rf[i], i % 4 == 3 || i + 1 == p->wd_size);
    for (unsigned i = 0; i < 32; i++)
        print_reg(c, "g", i, &p->rf[CPU_RF_G0 + i], i % 4 == 3);
    con_printf(c, "pred  ");
    for (unsigned i = 0; i < 32; i++)
        con_printf(c, "%c", (p->pf >> (2 * i + 1)) & 1 ? '*' : (p->pf >> (2 * i)) & 1 ? '1' : '0');
    con_printf(c, "  (%%pred0..31, physical; * = tagged)\n");
    con_printf(c, "ctpr1 0x%016" PRIx64 "  ctpr2 0x%016" PRIx64 "  ctpr3 0x%016" PRIx64 "\n",
               p->ctpr[1], p->ctpr[2], p->ctpr[3]);
    con_printf(c, "lsr   0x%016" PRIx64 "  ilcr  0x%016" PRIx64 "\n", cpu_lsr_get(&p->lsr),
               cpu_lsr_get(&p->ilcr));
    con_printf(c, "psr   0x%016" PRIx64 "  upsr  0x%016" PRIx64 "  cuir 0x%" PRIx64 "\n",
               p->psr, p->upsr, p->cuir);
    con_printf(c, "usd   lo 0x%016" PRIx64 " hi 0x%016" PRIx64 "  sbr 0x%" PRIx64 "\n",
               p->usd_lo, p->usd_hi, p->sbr);
    con_printf(c, "psp   lo 0x%016" PRIx64 " hi 0x%016" PRIx64 "\n", p->psp_lo, p->psp_hi);
    con_printf(c, "pcsp  lo 0x%016" PRIx64 " hi 0x%016" PRIx64 "\n", p->pcsp_lo, p->pcsp_hi);
    con_printf(c, "fpcr  0x%" PRIx64 "  fpsr 0x%" PRIx64 "  pfpfr 0x%" PRIx64 "\n", p->fpcr,
               p->fpsr, p->pfpfr);
    return 0;
}

const struct con_cmd con_cmd_regs = {
    .name = "regs",
    .args = "",
    .summary = "show the registers",
    .help = "regs\n"
            "Show pc, icount, the window (WD) and rotation (BR) state, the\n"
            "current window's %rN, the globals %g0..%g31, the predicate file,\n"
            "CTPRs, loop, status, stack and FP control registers. A `*` after a\n"
            "value marks a diagnostic (tagged) value.\n",
    .run = run,
};
