/*
 * trc_regdiff.h — what one bundle changed in the CPU state: the difference
 * between two struct cpu_state snapshots (before and after the bundle),
 * as a list of named changes for `e2k-rr trace`.
 *
 * Names follow e2k-isa.md §4 and the debugger's `regs` (con_regs.c):
 * %rN (current window), %gN, %predN (physical numbering, §4.4), %ctpr1..3,
 * then the state registers by their lower-case names (psr, upsr, wd, br,
 * lsr, usd.lo, pcsp.hi, ...). A value with a diagnostic tag (§4.10) is
 * marked `*` when printed.
 *
 * The register file is compared only when the window did not move: a
 * call, return, trap entry or `done` (a change of the chain-stack index in
 * pcsp.hi) slides the windowed registers (emu/cpu.h keeps %r0 at rf[0]),
 * so comparing rf[] then would list every register; the change is shown
 * as wd/pcsp changes and `window_moved` is set instead.
 *
 * Not compared: memory, AAU and DAM state, icount and ip (the trace
 * prints those itself), run bookkeeping.
 */
#ifndef E2K_TRACE_TRC_REGDIFF_H
#define E2K_TRACE_TRC_REGDIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct cpu_state;

/* Enough for every comparable item changing at once. */
#define TRC_REGDIFF_MAX 1024

enum trc_change_kind {
    TRC_CH_REG = 0,   /* a register's low 64 bits (tag bit: diagnostic) */
    TRC_CH_REG_HI,    /* a register's upper half */
    TRC_CH_PRED,      /* a predicate: value 0/1, tag as the tag */
    TRC_CH_STATE      /* a control/state register (CTPRs included) */
};

struct trc_change {
    char name[16];          /* "%r2", "%g5", "%pred3", "%ctpr1", "psr" */
    int kind;               /* enum trc_change_kind */
    uint64_t before, after;
    uint8_t tag_before, tag_after; /* diagnostic tags (REG, PRED) */
};

struct trc_regdiff {
    size_t n;                        /* changes found (<= TRC_REGDIFF_MAX) */
    int window_moved;                /* the register file was not compared */
    struct trc_change ch[TRC_REGDIFF_MAX];
};

/* Compares a (before) with b (after) into d. */
void trc_regdiff(const struct cpu_state *a, const struct cpu_state *b, struct trc_regdiff *d);

/* Prints d, one change per line: "<indent>%r2 = 0x5 (was 0x0)". */
void trc_regdiff_print(FILE *f, const struct trc_regdiff *d, const char *indent);

#endif
