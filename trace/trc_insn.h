/*
 * trc_insn.h — the instruction trace of a replay: `e2k-rr trace`.
 *
 * Replays a journal (Linux user-mode or virt) and prints, for every bundle
 * whose icount lies in [from, to] (and, optionally, whose address lies in
 * [pc_lo, pc_hi)): its icount and address, its disassembly, and what it
 * changed in the registers, predicates, CTPRs and state registers
 * (trc_regdiff.h). Optionally the journal's events are printed between the
 * bundles at their icounts. Nothing here writes to the machine.
 *
 * How it moves: through the reverse engine (replay/rev.h: rev_goto to
 * `from`, which can start from a journal checkpoint, then rev_step one
 * bundle at a time) when it can open the journal; when it cannot
 * (REV_E_NOTSUP: a virt journal without virt_build, or an engine that
 * does not take that kind of journal), through the replay session with a
 * single-step window (struct sess_observer in replay/session.h), which
 * runs at full speed up to `from`. Both give the same text (tested).
 *
 * The disassembler lives in tools/ (trace/ may not include it): the front
 * end passes it as a callback, as the debugger's console does.
 *
 * Output per bundle (MCST listing lines from the callback, two-space
 * indented; changes four-space indented after "=> "):
 *   1036 0x000000010450:
 *     ldw,0 0x0, 0xf0002005, %r4
 *       => %r4 = 0x60 (was 0x0)
 *   -- #2 icount=1036 BALLOON_VIOLATION pfn=0x1000 addr=0x1000000
 */
#ifndef E2K_TRACE_TRC_INSN_H
#define E2K_TRACE_TRC_INSN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "replay/session.h"
#include "trace/trc_err.h"

/* Disassemble the bundle at buf (avail bytes, guest address addr) into
 * out[size], one op per line; *consumed = bytes described. 0 or -1. Same
 * shape as the console's con_dis_fn (debugger/con.h). */
typedef int (*trc_dis_fn)(void *ctx, const uint8_t *buf, size_t avail, uint64_t addr,
                          unsigned isa, char *out, size_t size, unsigned *consumed);

enum trc_backend {
    TRC_BACKEND_AUTO = 0,    /* reverse engine, else the replay session */
    TRC_BACKEND_REV = 1,     /* reverse engine only */
    TRC_BACKEND_SESSION = 2  /* replay session only */
};

struct trc_insn_opts {
    const char *journal;
    uint64_t from, to;       /* icounts, inclusive (to = UINT64_MAX: the end) */
    uint64_t pc_lo, pc_hi;   /* only bundles with pc_lo <= pc < pc_hi;
                                pc_hi = 0: every address */
    int events;              /* also print the journal's events */
    int backend;             /* enum trc_backend */
    trc_dis_fn dis;          /* NULL: raw syllables */
    void *dis_ctx;
    sess_virt_build_fn virt_build; /* virt journals (NULL: refused) */
    void *virt_opaque;
    FILE *out;               /* the trace (borrowed) */
    /* Called now and then with the icount reached (may be NULL). */
    void (*progress)(void *ctx, uint64_t icount, uint64_t end_icount);
    void *progress_ctx;
};

struct trc_insn_result {
    uint64_t bundles;        /* bundles printed */
    uint64_t events;         /* events printed */
    uint64_t last_icount;    /* where the replay stopped */
    int backend;             /* the one used: TRC_BACKEND_REV / _SESSION */
    int ended;               /* the recording ended inside [from, to] */
};

/* Runs the trace. 0, or TRC_E_* with err filled (a journal that cannot be
 * read or replayed; what was printed before stays printed). */
int trc_insn_run(const struct trc_insn_opts *o, struct trc_insn_result *res,
                 struct trc_err *err);

#endif
