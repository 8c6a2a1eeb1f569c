/*
 * xlat_internal.h — what the translator (xlat_*.c), the run loop (cpu_run.c)
 * and the semantic handlers (sem_*.c) share. Nothing outside emu/ includes
 * this.
 *
 * A translation block is an array of struct xlat_op in the cache arena. Each
 * op carries its handler and its operands already resolved to pointers: a
 * register operand points at its cpu_state.rf[] slot, an immediate or
 * literal at a constant struct cpu_reg in the arena, a destination at its
 * rf[] slot (direct mode) or at the channel's result buffer (buffered mode,
 * copied by a commit op at the end of the bundle). The run loop is
 *
 *     while (op) op = op->fn(c, op);
 *
 * Inside a block, a handler continues by calling the next op itself
 * (XLAT_NEXT, a tail call: each handler has its own indirect jump, which
 * the host predicts far better than one shared dispatch site; without
 * tail-call optimisation the stack depth is still bounded by the ops of one
 * block). At a block boundary a handler returns instead: the first op of
 * the next block to chain to, or NULL to leave the loop (stop details or
 * the next PC in *c).
 * Based registers %b[] depend on BR.rcur at run time: a per-bundle fixup op
 * rewrites the affected pointer fields before the bundle's ops run (ops are
 * in writable arena memory; the run loop is single-threaded).
 *
 * Design notes, modes and invariants: docs/cpu.md "Translator".
 */
#ifndef E2K_EMU_XLAT_INTERNAL_H
#define E2K_EMU_XLAT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "emu/cpu.h"
#include "emu/decode.h"
#include "emu/xlat.h"

#define XLAT_LIKELY(x) __builtin_expect(!!(x), 1)
/* Host stack bytes chained calls may use before returning to the run loop
 * (only matters when tail calls are not optimised into jumps). */
#define XLAT_STACK_BUDGET ((uintptr_t)256 << 10)
/* Continue with the op after `op` (see above). */
#define XLAT_NEXT(c, op) return (op)[1].fn((c), (op) + 1)
#define XLAT_UNLIKELY(x) __builtin_expect(!!(x), 0)

struct xlat_op;
struct xlat_cache;
typedef const struct xlat_op *(*xlat_fn)(struct cpu_state *c,
                                         const struct xlat_op *op);

/* Destination write modes (e2k-isa.md §4.2 "dbl and 32-bit results"). */
enum xlat_wmode {
    XW_64 = 0,   /* lo = v, tag = t (64-bit scope) */
    XW_32P = 1,  /* dbl = 0: lo[31:0] = v, high half and its tag kept */
    XW_32Z = 2,  /* dbl = 1: lo = zero-extended v */
    XW_128 = 3,  /* lo, hi and all tags */
    XW_80 = 4,   /* lo and hi[15:0] (x80 value), 64-bit tag scope */
    XW_PRED = 5, /* predicate: value bit 0 of lo, tag bit 0 of tag */
    XW_CTPR = 6  /* %ctprN: value = target, tag 3 */
};

/* Op flags. */
#define XF_DYNPRED 0x01 /* predicate number rotates (N <= psz) */
#define XF_SNAP 0x02    /* read predicates from pf_snap */
#define XF_STORE 0x04   /* bundle contains stores (SMC check at its end) */
#define XF_LM 0x08      /* bundle is in loop mode (HS.lm) */
#define XF_LAST 0x10    /* last bundle of the block */
#define XF_ENDB 0x20    /* last op of its bundle */
#define XF_AAINC 0x40   /* staa with an %aasti increment: the RLP wrapper
                           runs the increment when the store is skipped */

struct xlat_op {
    xlat_fn fn;                 /* handler */
    const struct cpu_reg *s1;   /* first source (rf slot or constant) */
    const struct cpu_reg *s2;   /* second source */
    const struct cpu_reg *s3;   /* third source / store value */
    struct cpu_reg *d;          /* destination slot (rf, result buffer,
                                   sink) */
    xlat_fn inner;              /* handler wrapped by a condition (RLP) */
    void *ext;                  /* op-specific data in the arena */
    uint64_t imm;               /* op-specific constant */
    uint16_t bidx;              /* bundle index within the block */
    uint8_t ch;                 /* ALC channel, or 0xff for non-ALC ops */
    uint8_t sm;                 /* speculative mode (ALS.sm) */
    uint8_t size;               /* memory access bytes / operand width */
    uint8_t wmode;              /* enum xlat_wmode of the destination */
    uint8_t pred;               /* predicate number (compare dst, MRGC) */
    uint8_t flags;              /* XF_* */
    uint32_t aux;               /* op-specific: row id, sreg number, mas */
};

/* One translation block (lives in the arena). */
struct xlat_block {
    uint64_t pc;                 /* address of the first bundle */
    uint64_t ctx;                /* static context at entry (xlat_ctx_key) */
    uint64_t exit_ctx;           /* static context after the last bundle */
    uint64_t end;                /* first byte after the last bundle */
    struct xlat_block *hnext;    /* hash bucket chain */
    struct xlat_block *chain[2]; /* successors: [0] taken, [1] fallthrough */
    uint64_t *pcs;               /* bundle addresses, n entries */
    struct xlat_op *ops;         /* nops ops */
    uint32_t n;                  /* bundles */
    uint32_t nops;
    struct xlat_block *next_all; /* all blocks, newest first */
    uint8_t dead;                /* invalidated: never enter, never chain */
    uint8_t temp;                /* scratch translation (icount-limited),
                                    not in the hash, never chained */
};

/* Static window context: everything the translator resolves at translate
 * time. Packed into the 64-bit block key. */
struct xlat_ctx {
    uint16_t wsize;  /* WD.size in registers */
    uint16_t psize;  /* WD.psize in registers */
    uint8_t dbl;     /* setwd dbl */
    uint8_t rbs;     /* BR.rbs */
    uint8_t rsz;     /* BR.rsz */
    uint8_t psz;     /* BR.psz */
};

static inline uint64_t xlat_ctx_key(const struct xlat_ctx *k)
{
    return (uint64_t)k->wsize | (uint64_t)k->psize << 8 |
           (uint64_t)k->dbl << 16 | (uint64_t)k->rbs << 17 |
           (uint64_t)k->rsz << 23 | (uint64_t)k->psz << 29;
}

static inline void xlat_ctx_of(const struct cpu_state *c, struct xlat_ctx *k)
{
    k->wsize = c->wd_size;
    k->psize = c->wd_psize;
    k->dbl = c->wd_dbl;
    k->rbs = c->br_rbs;
    k->rsz = c->br_rsz;
    k->psz = c->br_psz;
}

/* ---- the cache (xlat.c) ----------------------------------------------------- */

#define XLAT_MAX_BUNDLES 32    /* bundles per block */
#define XLAT_MAX_OPS_BUNDLE 20 /* ops one bundle can need */
#define XLAT_SIDE_BUNDLE 1536  /* side-data bytes one bundle can need */

/* Two-ended bump allocator: ops grow up from lo, side data (constants,
 * tables, bundle addresses) grows down from hi. */
struct xlat_arena {
    uint8_t *base;
    size_t size;
    size_t lo; /* first free byte from the bottom */
    size_t hi; /* end of free space (side data lives above) */
};

struct xlat_cache {
    struct machine *m;               /* owner (borrowed) */
    struct xlat_arena main;          /* blocks that are hashed and chained */
    struct xlat_arena scratch;       /* one temporary block at a time */
    struct xlat_block **hash;        /* buckets, 1 << hash_bits */
    unsigned hash_bits;
    struct xlat_block *all;          /* every block of `main`, newest first */
    const struct sem_entry **bind;   /* per isa_ops[] row, NULL = none */
    uint64_t *bps;                   /* breakpoint addresses, sorted */
    unsigned n_bps, cap_bps;
    uint8_t flush_req;               /* flush at the next block boundary */
    uint8_t exit_after_loads;        /* cpu_exit_after_loads(): bundles
                                        that load leave the block when
                                        cpu_state.smc is set (read
                                        watchpoints) */
    struct xlat_stats st;
};

/* Bytes a whole block may need; translation starts only with this free. */
size_t xlat_reserve_bytes(void);
/* Side-data allocation from the top (16-byte aligned, zeroed); NULL if the
 * arena is exhausted. */
void *xlat_side_alloc(struct xlat_arena *a, size_t bytes);
struct xlat_block *xlat_find(struct xlat_cache *x, uint64_t pc, uint64_t ctx);
void xlat_insert(struct xlat_cache *x, struct xlat_block *b);
int xlat_bp_at(const struct xlat_cache *x, uint64_t pc);
/* Translate the block at pc for context k (xlat_translate.c). temp: into
 * the scratch arena, not hashed, at most max_bundles bundles. NULL if the
 * arena is full (flush and retry). */
struct xlat_block *xlat_translate(struct xlat_cache *x, uint64_t pc,
                                  const struct xlat_ctx *k,
                                  unsigned max_bundles, int temp);
/* Bind every isa_ops[] row to its semantics (once per cache). */
int xlat_bind(struct xlat_cache *x);

/* ---- helpers for handlers ---------------------------------------------- */

/* Leave the block with an exception at the op's bundle (no effects of that
 * bundle are visible: see docs/cpu.md "Exceptions"). Returns NULL. */
const struct xlat_op *xlat_raise(struct cpu_state *c, const struct xlat_op *op,
                                 unsigned exc, uint64_t addr, const char *why);
/* Non-speculative use of a diagnostic operand (e2k-isa.md §4.10). */
const struct xlat_op *xlat_tag_fault(struct cpu_state *c,
                                     const struct xlat_op *op);
/* Address of the op's bundle. */
uint64_t xlat_op_pc(const struct cpu_state *c, const struct xlat_op *op);
/* Leave the block after bundle `op->bidx` completed, continuing at
 * next_pc; chain through blk->chain[slot] when allowed. */
const struct xlat_op *xlat_exit(struct cpu_state *c, const struct xlat_op *op,
                                uint64_t next_pc, int slot, int static_ctx);

/* Write a result according to the op's write mode. */
static inline void xlat_wr(struct cpu_reg *d, unsigned wmode, uint64_t v,
                           uint8_t t)
{
    switch (wmode) {
    case XW_32P:
        d->lo = (d->lo & 0xffffffff00000000ull) | (uint32_t)v;
        d->tag = (uint8_t)((d->tag & ~3u) | (t & 3u));
        break;
    case XW_32Z:
        d->lo = (uint32_t)v;
        d->tag = t & 3u;
        break;
    default:
        d->lo = v;
        d->tag = t;
        break;
    }
}

/* Physical index of predicate n (e2k-isa.md §4.4). */
static inline unsigned xlat_pred_idx(const struct cpu_state *c, unsigned n)
{
    if (n <= c->br_psz) {
        unsigned i = c->br_pcur + n;
        if (i > c->br_psz)
            i -= c->br_psz + 1u;
        return i;
    }
    return n;
}

/* Write a compare result to the op's predicate: op->pred is the number;
 * without XF_DYNPRED it does not rotate (N > psz, static per block). */
static inline void xlat_pred_write_op(struct cpu_state *c,
                                      const struct xlat_op *op, int v, int t)
{
    unsigned sh = (op->flags & XF_DYNPRED) ? 2 * xlat_pred_idx(c, op->pred)
                                           : 2u * op->pred;
    c->pf = (c->pf & ~(3ull << sh)) |
            ((uint64_t)((unsigned)(v & 1) | (unsigned)(t & 1) << 1) << sh);
}

static inline void xlat_pred_write(struct cpu_state *c, unsigned n, int v,
                                   int t)
{
    unsigned i = xlat_pred_idx(c, n);
    c->pf = (c->pf & ~(3ull << (2 * i))) | ((uint64_t)(v & 1) << (2 * i)) |
            ((uint64_t)(t & 1) << (2 * i + 1));
}

/* Predicate-source evaluation (RLP/ELP/ct): value, and *tag if not NULL.
 * `pf` is the predicate file to read (pf or pf_snap). */
int xlat_psrc(const struct cpu_state *c, uint64_t pf, unsigned psrc,
              int *tag);

/* LOOP_END (e2k-isa.md §7.4). */
static inline int xlat_loop_end(const struct cpu_lsr *l)
{
    return l->ecnt == 0 && l->lcnt < 2 && l->vlc;
}

/* Loop-mode store gate (HS.lm; e2k-isa.md §7.7, qemu gen_st_lm_cond_i32):
 * 1 if a store is suppressed (prologue, or loop end with strmd == 0). A
 * suppressed store does nothing at all, not even the tag check of its
 * operands [T loop/loop-1]. */
static inline int xlat_lm_store_off(const struct cpu_lsr *l)
{
    return l->pcnt != 0 || (xlat_loop_end(l) && l->strmd == 0);
}

/* A loop-mode store that is performed at loop end consumes one strmd. */
static inline void xlat_lm_store_done(struct cpu_lsr *l)
{
    if (xlat_loop_end(l))
        l->strmd--;
}

/* ---- per-op data of the bundle-level ops (sem_ctl.c) -------------------- */

/* One %b[] operand to re-resolve when the bundle starts (rotation). */
struct xlat_fix {
    const struct cpu_reg **slot; /* pointer field to rewrite */
    uint8_t n;                   /* %b index */
    uint8_t limit;               /* the resolved %r index must be below this
                                    (window size for sources / dsts) */
};

/* One buffered result to commit at the end of a bundle. */
struct xlat_commit {
    const struct cpu_reg *src; /* result buffer rf[CPU_RF_TMP + ch] */
    struct cpu_reg *dst;       /* destination slot (XW_PRED/XW_CTPR: NULL) */
    uint8_t mode;              /* enum xlat_wmode */
    uint8_t ch;                /* channel */
    uint8_t cond;              /* 1: only if the channel's RLP held */
    uint8_t num;               /* predicate / ctpr number */
};

/* The RLP condition of one channel (e2k-isa.md §8.3): the %pred terms are
 * ORed, the %pcnt terms are ORed, and the two groups ANDed [Q]. */
struct xlat_rlp {
    uint8_t n;        /* terms */
    uint8_t psrc[4];  /* predicate sources */
    uint8_t neg[4];   /* inversions */
    uint8_t buffered; /* record the outcome in cpu_state.rlp_mask */
    uint8_t dkind;    /* enum xlat_rlp_dkind: what a speculative op under a
                         diagnostic predicate produces */
};

/* Result of an op whose condition reads a diagnostic predicate (with
 * ALS.sm it runs and its result is made diagnostic, e2k-isa.md §4.10). */
enum xlat_rlp_dkind {
    XD_REG = 0, /* register result in op->d (op->wmode) */
    XD_STORE,   /* store: the stored value (op->s3) is marked */
    XD_PRED,    /* compare: the predicate gets its tag set */
    XD_FAULT    /* state that cannot hold a diagnostic value (state
                   registers, AAU registers): exc_illegal_operand */
};

/* One register source checked by a tag guard. */
struct xlat_guard {
    const struct cpu_reg *r; /* the source slot */
    uint8_t mask;            /* tag bits that make it diagnostic */
};

/* Transfer kinds. */
enum xlat_tkind {
    XT_NONE = 0, XT_CT, XT_CALL, XT_IBRANCH,
    XT_DONE /* CS0 `done` (system mode, emu/cpu_sys.h) */
};

/* What happens at the end of a bundle (e2k-isa.md §9 steps 6..10). */
struct xlat_tail {
    uint64_t next_pc;  /* address of the next sequential bundle */
    uint64_t target;   /* ibranch target */
    uint32_t pls[3];   /* PLS syllables */
    uint8_t n_pls;
    uint8_t pls_snap;  /* ELPs read pf_snap */
    uint8_t kind;      /* enum xlat_tkind */
    uint8_t ctpr;      /* 1..3 for XT_CT / XT_CALL */
    uint8_t cond_type; /* SS.ctcond type (§7.4) */
    uint8_t psrc;      /* SS.ctcond psrc */
    uint8_t wbs;       /* call */
    uint8_t alct, alcf, abpt, abpf, abnt, abnf;
    uint8_t setbn, setbp, rbs, rsz, rcur, psz;
    uint8_t cond_pre;  /* condition already evaluated by a pre op */
    uint8_t pred_dyn;  /* the condition's predicate rotates (psrc <= psz) */
    uint8_t last;      /* the bundle ends the block */
    uint8_t smc;       /* bundle stores: leave the block if code changed */
};

/* Bundle-level handlers (sem_ctl.c), used by the translator. */
const struct xlat_op *xlat_h_raise(struct cpu_state *c,
                                   const struct xlat_op *op);
const struct xlat_op *xlat_h_bp(struct cpu_state *c, const struct xlat_op *op);
const struct xlat_op *xlat_h_fixup(struct cpu_state *c,
                                   const struct xlat_op *op);
const struct xlat_op *xlat_h_pre(struct cpu_state *c,
                                 const struct xlat_op *op);
const struct xlat_op *xlat_h_snap(struct cpu_state *c,
                                  const struct xlat_op *op);
const struct xlat_op *xlat_h_setwd(struct cpu_state *c,
                                   const struct xlat_op *op);
const struct xlat_op *xlat_h_cs0(struct cpu_state *c,
                                 const struct xlat_op *op);
const struct xlat_op *xlat_h_rlp(struct cpu_state *c,
                                 const struct xlat_op *op);
const struct xlat_op *xlat_h_commit(struct cpu_state *c,
                                    const struct xlat_op *op);
const struct xlat_op *xlat_h_tail(struct cpu_state *c,
                                  const struct xlat_op *op);
const struct xlat_op *xlat_h_ct_fast(struct cpu_state *c,
                                     const struct xlat_op *op);
const struct xlat_op *xlat_h_end(struct cpu_state *c,
                                 const struct xlat_op *op);
const struct xlat_op *xlat_h_smc(struct cpu_state *c,
                                 const struct xlat_op *op);
const struct xlat_op *xlat_h_guard(struct cpu_state *c,
                                   const struct xlat_op *op);
const struct xlat_op *xlat_h_guard4(struct cpu_state *c,
                                    const struct xlat_op *op);

/* The AAU part of a bundle (sem_aau.c, e2k-isa.md §5.10, §9 step 5):
 * mova ops, the area advance (am) and `bap`. ext = struct xlat_aau. */
struct xlat_aau {
    /* first: %aasti increments recorded by staa/ldaa of the bundle */
    struct cpu_reg *d[4]; /* mova destination of channel j (rf or sink) */
    uint16_t aas[4];      /* AAS of channel j; 0 = no mova */
    uint8_t am[4];        /* areas to advance: side << 5 | area, 0xff =
                             none (a pair of channels advancing the same
                             area does it once [Q gen_aau]) */
    uint8_t bap;          /* SS.bap: load the fapb program via %ctpr2 */
};
const struct xlat_op *xlat_h_aau(struct cpu_state *c,
                                 const struct xlat_op *op);
/* Start of a bundle with a staa/ldaa that increments %aasti: forget
 * increments recorded by an earlier, faulted attempt. */
const struct xlat_op *xlat_h_aau_pclr(struct cpu_state *c,
                                      const struct xlat_op *op);
/* bap: %ctpr2 must hold an ldisp target; checked before the bundle's
 * other effects. */
const struct xlat_op *xlat_h_bap_check(struct cpu_state *c,
                                       const struct xlat_op *op);
/* Start of a bundle whose transfer condition is %MLOCK (sem_mem.c). */
const struct xlat_op *xlat_h_mlock_clr(struct cpu_state *c,
                                       const struct xlat_op *op);

/* CS0 kinds for xlat_h_cs0 (op->aux). */
enum xlat_cs0 { XC_DISP = 1, XC_SDISP, XC_RETURN };

/* ---- semantic binding (sem.def) ---------------------------------------- */

struct xlat_tr; /* translator state of one bundle (xlat_translate.c) */

/* How a row is translated: an emitter plus up to three handler variants
 * (the emitter decides which: e.g. 64-bit / 32-bit partial / 32-bit
 * zero-extending). */
enum sem_kind {
    SEM_NONE = 0, /* unimplemented: illegal opcode at run time */
    SEM_ALU,      /* result = f(src1, src2[, src3]) into dst */
    SEM_CMP,      /* compare into %predN */
    SEM_LOAD,     /* memory load into dst */
    SEM_STORE,    /* memory store of src3 */
    SEM_SPECIAL   /* handler takes care of everything (state regs, ...) */
};

struct sem_entry {
    const char *name; /* mnemonic (isa.def) */
    uint8_t kind;     /* enum sem_kind */
    uint16_t flags;   /* SEMF_* */
    xlat_fn h64;      /* 64-bit (or only) variant */
    xlat_fn h32p;     /* 32-bit result, dbl = 0 */
    xlat_fn h32z;     /* 32-bit result, dbl = 1 / buffered */
    uint16_t arg;     /* SEMF_PK: op->aux (bit 15: 128-bit qp form) */
};

#define SEMF_NOTAG 0x01  /* tag-transparent: never faults on tags */
#define SEMF_FAULTS 0x02 /* may fault beyond tag checks (div, getsp, ...) */
#define SEMF_DST2 0x04   /* writes a register pair / 128-bit */
#define SEMF_NOWIN 0x08  /* no register destination (rw*, stores) */
#define SEMF_CTPR 0x10   /* may write %ctprN (movtd family) */
#define SEMF_X80 0x20    /* writes an x80 value (lo + hi[15:0]) */
#define SEMF_RR 0x40     /* src1 byte is a state register (rrs/rrd) */
#define SEMF_RW 0x80     /* dst byte is a state register (rws/rwd) */
#define SEMF_DBL0 0x100  /* 32-bit result always as dbl = 0 (movts) */
#define SEMF_PAIRQ 0x200 /* one half of a register-pair op (movtq) */
#define SEMF_PK 0x1000   /* packed lane op: aux/size from sem_entry.arg */
#define SEMF_K 0x800     /* op->aux = compare kind from ALES.opce & 7 */
#define SEMF_NOGUARD 0x400 /* tag rule depends on values (merge, insf,
                              puttag): no bundle tag guard */

/* The binding of a mnemonic across the group tables, or NULL
 * (sem_table.c). */
const struct sem_entry *sem_lookup(const char *name);
/* All bindings sorted by name into out[] (at most max); returns the count.
 * sem_find: binary search in such an array. */
unsigned sem_sorted(const struct sem_entry **out, unsigned max);
const struct sem_entry *sem_find(const struct sem_entry *const *sorted,
                                 unsigned n, const char *name);

/* Host FP state while cpu_run runs (sem_fp.c): enter loads the guest's
 * rounding/precision into the host MXCSR and x87 control word (exceptions
 * masked) and saves the host's; leave folds the sticky host flags into
 * PFPFR/FPSR and restores the host's; sync folds flags mid-run (reads of
 * %pfpfr/%fpsr); reload applies a guest write of %pfpfr/%fpcr/%fpsr. */
void sem_fp_enter(struct cpu_state *c, uint32_t *host_mxcsr,
                  uint16_t *host_cw);
void sem_fp_leave(struct cpu_state *c, uint32_t host_mxcsr, uint16_t host_cw);
void sem_fp_sync(struct cpu_state *c);
void sem_fp_reload(struct cpu_state *c);

/* Fallback handler: unimplemented operation (illegal opcode). */
const struct xlat_op *sem_unimpl(struct cpu_state *c, const struct xlat_op *op);

#endif
