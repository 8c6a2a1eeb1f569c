/*
 * cpu.h — the architectural state of one e2k CPU and the entry points that
 * run it.
 *
 * Register-window model (docs/cpu.md "State"): like qemu-e2k we keep the
 * *current* window in rf[0 .. wd.size) and spill eagerly. A call writes the
 * caller's %r0..%r(2*wbs-1) to the procedure stack in guest memory (format of
 * e2k-isa.md §4.9) and slides the rest of the window down; a return slides
 * it back up and refills from memory. So %rN is always rf[N], WD.base is
 * always 0, and the physical file of 224 NR registers is the array below.
 * Globals %g0..%g31 follow at rf[CPU_RF_G0]. The translator resolves
 * register operands to rf[] slots at translate time; only %b[] (rotation)
 * and rotating predicates are computed at run time.
 *
 * Everything guest-visible is in struct cpu_state (plus guest memory), so
 * a checkpoint is a copy of it and of the memory pages.
 *
 * Facts: e2k-isa.md §4 (registers), §7 (control transfer), §8 (predicates),
 * §9 (order inside a bundle), §10 (exceptions).
 */
#ifndef E2K_EMU_CPU_H
#define E2K_EMU_CPU_H

#include <stdint.h>

struct machine;
struct mem;
struct xlat_block;

/* One register: 64-bit value plus the 64 bits above it (16-bit x80
 * exponent on v<5, upper half of a 128-bit qp value on v5+) and its tags. */
struct cpu_reg {
    uint64_t lo;  /* bits 63:0 */
    uint64_t hi;  /* x80 sign/exponent in 15:0, or qp bits 127:64 */
    uint8_t tag;  /* 2 bits per 32-bit half, lowest half first:
                     1:0 lo[31:0], 3:2 lo[63:32], 5:4 hi[31:0],
                     7:6 hi[63:32]; 1 = diagnostic (e2k-isa.md §4.10);
                     a diagnostic 64-bit value has tag 0x5 */
};

#define CPU_NR_REGS 224  /* windowed (NR) registers, e2k-isa.md §4.1 */
#define CPU_RF_G0 224    /* rf index of %g0 */
#define CPU_RF_TMP 256   /* rf[256..261]: per-channel result buffers */
#define CPU_RF_SINK 262  /* rf[262]: destination of %empty (discarded) */
#define CPU_RF_ZERO 263  /* rf[263]: always 0, untagged */
#define CPU_RF_SIZE 264

#define CPU_TAG_DIAG64 0x05 /* both halves of a 64-bit value diagnostic */
#define CPU_DIAG_VALUE 0x4afafafa4afafafaull /* speculative-load result */

/* CTPR fields (e2k-isa.md §4.6). */
#define CTPR_BASE(v) ((v) & 0xffffffffffffull)
#define CTPR_TAG(v) (((v) >> 54) & 7)
#define CTPR_OPC(v) (((v) >> 57) & 3)
#define CTPR_IPD(v) (((v) >> 59) & 3)
enum cpu_ctpr_tag {
    CTPR_TAG_EMPTY = 0,
    CTPR_TAG_RETURN = 2, /* prepared by `return` */
    CTPR_TAG_DISP = 3,   /* disp/ldisp/movtd */
    CTPR_TAG_SDISP = 5   /* system call entry */
};

/* Exception numbers (e2k-isa.md §10, qemu-e2k numbering). */
enum cpu_exc {
    EXC_ILLEGAL_OPCODE = 0,
    EXC_PRIV_ACTION = 1,
    EXC_ILLEGAL_INSTR_ADDR = 7,
    EXC_WINDOW_BOUNDS = 9,
    EXC_PROC_STACK_BOUNDS = 11,
    EXC_CHAIN_STACK_BOUNDS = 12,
    EXC_ILLEGAL_OPERAND = 16,
    EXC_ARRAY_BOUNDS = 17,
    EXC_ADDR_NOT_ALIGNED = 19,
    EXC_INSTR_PAGE = 20, /* exc_instr_page_miss: bundle fetch from an
                            unmapped / non-X page (e2k-system-mode.md §2.5) */
    EXC_INSTR_PAGE_PROT = 21, /* exc_instr_page_prot (not raised yet) */
    EXC_DATA_PAGE = 29,
    EXC_INTERRUPT = 32,    /* external interrupt (system mode, TIR only) */
    EXC_NM_INTERRUPT = 33, /* non-maskable interrupt (not wired) */
    EXC_DIV = 34
};

/* Why cpu_run() returned. */
enum cpu_stop_reason {
    CPU_STOP_NONE = 0,
    CPU_STOP_ICOUNT,     /* icount reached the limit */
    CPU_STOP_EXCEPTION,  /* stop.exc/addr/pc say which; the bundle at
                            stop.pc did not execute (no effects) */
    CPU_STOP_SYSCALL,    /* `call` through an sdisp CTPR: stop.sys_* set;
                            the bundle completed, icount includes it */
    CPU_STOP_BREAKPOINT, /* PC reached a breakpoint (stop.exc = 0) or a
                            breakpoint instruction (stop.exc = 1, e2k-isa.md
                            §10); the bundle at stop.pc did not execute */
    CPU_STOP_HALT,       /* cpu_halt() was called (machine decided) */
    CPU_STOP_HOOK        /* a hook asked to stop */
};

/* Loop status (LSR/ILCR, e2k-isa.md §4.7), unpacked for the hot path. */
struct cpu_lsr {
    uint64_t lcnt;  /* loop counter (64-bit with %lsr1 on v5+) */
    uint8_t ecnt;   /* epilogue counter, 5 bits */
    uint8_t pcnt;   /* prologue counter, 5 bits */
    uint8_t strmd;  /* store remainder counter, 7 bits */
    uint8_t vlc;    /* loop counter valid */
    uint8_t over;   /* lcnt reached 0 */
    uint8_t ldmc;   /* loads manual control */
    uint8_t semc;   /* side effects manual control */
    uint8_t ldovl;  /* load overlap, 8 bits */
};

/* Details of the last stop. */
struct cpu_stop {
    uint32_t reason;     /* enum cpu_stop_reason */
    uint32_t exc;        /* enum cpu_exc for CPU_STOP_EXCEPTION */
    uint64_t pc;         /* bundle the stop refers to */
    uint64_t addr;       /* faulting data address (data page, alignment) */
    int mem_err;         /* MEM_E_* behind a data/instruction page fault */
    uint32_t sys_entry;  /* CPU_STOP_SYSCALL: sdisp entry (3 = 64-bit) */
    uint32_t sys_wbs;    /* CPU_STOP_SYSCALL: wbs of the call */
    uint64_t sys_next;   /* CPU_STOP_SYSCALL: address to continue at */
    char msg[80];        /* one line: why (for logs and tests) */
};

/* Array access unit (e2k-isa.md §5.10; docs/cpu.md "AAU"). */
struct cpu_aau_area {
    uint64_t pi;  /* the fapb instruction of this area (0: none) */
    uint32_t cdi; /* current data index (bytes from the AAD base) */
};

struct cpu_aau {
    uint64_t aad_lo[32];  /* %aadN: base 47:0, tag 56:54, rw 60:59 */
    uint64_t aad_hi[32];  /* %aadN: size 63:32 */
    uint32_t aasti[16];   /* store indices */
    uint32_t aaind[16];   /* prefetch start indices (%aaind0 is 0) */
    uint32_t aaincr[8];   /* increments (%aaincr0 is 1) */
    uint32_t aasti_tags;  /* bit N: %aastiN diagnostic */
    uint32_t aaind_tags;
    uint32_t aaincr_tags;
    uint32_t aad_tags;    /* bit N: %aadN written with a diagnostic value */
    struct cpu_aau_area area[2][32]; /* areas for channels 0,1 / 2,3 */
    /* %aasti increments of the current bundle's staa/ldaa on ALC2 / ALC5,
     * applied after its ALU ops (so a fault leaves them undone) */
    uint8_t pend_mask;
    uint8_t pend_idx[2];
    uint32_t pend_add[2];
};

/* One entry of the disambiguation memory model (MAS lock/check loads,
 * e2k-isa.md §5.5; docs/cpu.md "DAM"). */
struct cpu_dam {
    uint64_t addr; /* address of the lock load */
    uint64_t val;  /* value it read */
    uint8_t key;   /* destination operand byte of the lock load */
    uint8_t size;  /* access bytes */
    uint8_t valid;
};

#define CPU_DAM_N 8

struct cpu_state {
    /* --- hot: read by almost every translated op --- */
    struct cpu_reg rf[CPU_RF_SIZE]; /* window %r0.. at rf[0], globals at
                                       rf[CPU_RF_G0], then scratch slots */
    uint64_t pf;          /* predicate file: bit 2i = %predi value, 2i+1 =
                             its tag (physical numbering, e2k-isa.md §4.4) */
    uint64_t pf_snap;     /* copy of pf at the start of the current bundle
                             (only maintained for bundles that need it) */
    uint64_t icount;      /* wide instructions completed; exact at stops,
                             at block entry while running */
    uint64_t icount_limit;/* cpu_run stops when icount reaches this */
    uint64_t ip;          /* address of the current bundle (exact at stops) */
    uint64_t nip;         /* address of the next bundle (exact at stops) */

    /* --- register window, rotation (e2k-isa.md §4.2, §4.3) --- */
    uint16_t wd_size;     /* window size in registers (WD.size / 8) */
    uint16_t wd_psize;    /* parameter area size in registers */
    uint8_t wd_fx;        /* WD.fx: window holds extended values */
    uint8_t wd_dbl;       /* setwd dbl: 32-bit results zero-extend */
    uint8_t br_rbs;       /* BR.rbs: rotating base, quad registers */
    uint8_t br_rsz;       /* BR.rsz: rotating size - 1, quad registers */
    uint8_t br_rcur;      /* BR.rcur: rotation, quad registers */
    uint8_t br_psz;       /* BR.psz: rotating predicates - 1 */
    uint8_t br_pcur;      /* BR.pcur: predicate rotation */
    uint8_t bgr_val;      /* BGR.val (global rotation, not modelled) */
    uint8_t bgr_cur;      /* BGR.cur */

    /* --- control transfer --- */
    uint64_t ctpr[4];     /* %ctpr1..3 at [1..3] (layout §4.6); [0] unused */

    /* --- loop mode --- */
    struct cpu_lsr lsr;   /* %lsr / %lsr1 */
    struct cpu_lsr ilcr;  /* %ilcr / %ilcr1: initial values */
    struct cpu_lsr lsr_snap; /* lsr at the start of the current bundle (for
                                bundles writing %lsr and testing loop end) */

    /* --- status and stacks (§4.8, §4.9) --- */
    uint64_t psr;         /* processor status */
    uint64_t upsr;        /* user processor status */
    uint64_t cuir;        /* compilation unit index */
    uint64_t usd_lo;      /* user data stack: base 47:0 (= stack pointer) */
    uint64_t usd_hi;      /* user data stack: size 63:32 */
    uint64_t sbr;         /* user stack base (top) */
    uint64_t psp_lo;      /* procedure stack: base 47:0, r 59, w 60 */
    uint64_t psp_hi;      /* procedure stack: index 31:0, size 63:32 */
    uint64_t pcsp_lo;     /* chain stack: base 47:0 */
    uint64_t pcsp_hi;     /* chain stack: index 31:0 (points AT the newest
                             32-byte frame, qemu model), size 63:32 */
    uint64_t pshtp;       /* procedure stack hardware top (0: eager spill) */
    uint64_t pcshtp;      /* chain stack hardware top (0: eager spill) */
    uint64_t ps_tag_base; /* guest address of the procedure stack's tag
                             area: one byte per 8 bytes of PS (qemu
                             layout); 0 = tags are not saved (set by the
                             machine, like PSP) */

    /* --- floating point (§5.8) --- */
    uint64_t fpcr;        /* x87-style control: rounding, precision, masks */
    uint64_t fpsr;        /* x87-style status: exception flags */
    uint64_t pfpfr;       /* SSE-style control/status for s/d/packed ops */

    /* --- misc state registers --- */
    uint64_t rpr_lo, rpr_hi; /* recovery point (binary compiler) */
    uint64_t sbbp;        /* %sbbp */
    uint64_t upsrm;       /* %upsrm (v3+) */
    uint64_t core_mode;   /* %core_mode (read-only for user) */
    uint64_t idr;         /* %idr: CPU identification (read-only) */

    /* --- configuration (set by the machine, not by the guest) --- */
    uint8_t isa;          /* ISA version 2..7 */
    uint8_t tags_on;      /* 1: register tags modelled (qemu tags=on) */
    uint8_t user_mode;    /* 1: PSR.pm = 0 semantics (privileged = fault) */
    uint8_t misalign_ok;  /* 1: misaligned 1..8-byte accesses allowed */

    /* --- system mode (e2k-system-mode.md §8; emu/cpu_sys.h). Zero at
     * reset; only meaningful when user_mode = 0 --- */
    uint64_t oscud_lo, oscud_hi; /* 0x27/0x26: kernel text; base = trap
                                    table (§2.1) */
    uint64_t osgd_lo, osgd_hi;   /* 0x29/0x28: kernel globals */
    uint64_t cud_lo, cud_hi;     /* 0x31/0x30: current compilation unit */
    uint64_t gd_lo, gd_hi;       /* 0x33/0x32: its globals */
    uint64_t cutd;               /* 0x21: compilation unit table */
    uint64_t osem;               /* 0x2a: system-call entries allowed */
    uint64_t osr0;               /* 0x2f: free for the OS */
    struct cpu_tir {
        uint64_t lo, hi;         /* TIR.lo (ip 47:0), TIR.hi (exc 43:0,
                                    al, aa, j 63:56) */
    } tir[19];                   /* the TIR LIFO (MAX_TIRs_NUM, §2.3) */
    uint8_t tir_n;               /* TIRs recorded by the last trap */
    uint8_t tir_rd;              /* next TIR a read of %tir.* returns */
    uint8_t tir_frozen;          /* 1 until the handler writes %tir.lo */
    uint8_t irq_line;            /* level of the interrupt controller's
                                    output (cpu_irq_set) */
    uint8_t sys_fatal;           /* the pending exception stops the machine
                                    instead of entering the trap table */
    uint64_t mmu_cr;             /* MMU_CR (MAS 0x47, addr 0x00) */
    uint64_t mmu_trap_point;     /* TRAP_POINT (addr 0x50) */
    uint64_t mmu_trap_count;     /* TRAP_COUNT (addr 0x60) */
    uint64_t sys_exit_ip;        /* config: a fetch from this address stops
                                    the CPU (machine-reserved), 0 = none */
    /* config: physical accesses outside mapped RAM (MMIO). Returns 0 (the
     * access happened; *val holds a load's result) or a MEM_E_* code. */
    int (*io)(void *opaque, uint64_t addr, unsigned size, int is_write,
              uint64_t *val);
    void *io_opaque;

    /* --- run bookkeeping (not architectural) --- */
    uint8_t exit_req;     /* ask the run loop to leave at the next block
                             boundary (set by callbacks) */
    uint8_t smc;          /* a store hit a code page in this bundle */
    uint8_t ct_taken;     /* transfer condition of the current bundle */
    uint8_t bp_skip;      /* ignore a breakpoint at ip once (resume) */
    struct cpu_stop stop; /* details of the last stop */
    struct xlat_block *cur_block; /* block being executed (borrowed) */
    struct mem *mem;      /* guest memory (borrowed from the machine) */
    struct machine *mach; /* owning machine (back pointer) */
    struct xlat_block *link_blk; /* block to chain to the next one found */
    uint8_t link_slot;    /* its chain slot */
    uint8_t rlp_mask;     /* channels whose RLP condition held (buffered
                             bundles) */
    uint8_t no_chain;     /* 1: never chain blocks (before_block hook) */
    uint8_t halt_req;     /* cpu_halt() was called */
    uint64_t chain_limit; /* chain into a block only while icount + its
                             length <= this (icount_limit, or 0 to force
                             the run loop: exit requests, hooks) */
    uintptr_t stack_top;  /* host stack address at cpu_run entry: chaining
                             by direct call stops when the host stack grows
                             deep (compilers that do not turn the call into
                             a jump) */

    /* --- array access unit and DAM (cold; e2k-isa.md §5.10, §5.5) --- */
    struct cpu_aau aau;
    struct cpu_dam dam[CPU_DAM_N];
    uint8_t dam_next;     /* next DAM entry to replace (round robin) */
    uint8_t mlock;        /* %MLOCK: a check load of the current bundle
                             found its lock load disturbed */
};

/* Reset to the Linux-user initial state of e2k-isa.md §11.3 (registers 0,
 * wsz 8 quads = 16 regs, psize 8, fx; rbs 4, rsz 3; PSR/UPSR defaults).
 * Stacks and ip are left for the machine to set. */
void cpu_reset(struct cpu_state *c, unsigned isa);

/* Run until icount reaches icount_limit (absolute) or something stops the
 * CPU. Returns enum cpu_stop_reason; details in m->cpu.stop. */
int cpu_run(struct machine *m, uint64_t icount_limit);

/* Ask a running cpu_run to stop at the next block boundary (from a hook). */
void cpu_request_exit(struct cpu_state *c);
/* Make cpu_run return CPU_STOP_HALT at the next block boundary (from a
 * hook or callback; outside a run: at the start of the next one). */
void cpu_halt(struct cpu_state *c);

/* Breakpoints: cpu_run stops with CPU_STOP_BREAKPOINT before executing the
 * bundle at pc. Setting/clearing drops affected translations. */
int cpu_bp_insert(struct machine *m, uint64_t pc);
int cpu_bp_remove(struct machine *m, uint64_t pc);
/* Read watchpoints: while on, every bundle that loads from memory checks
 * cpu_state.smc after it and leaves its block if set, so a read-watch
 * callback (mem_set_rwatch_cb) that sets smc and calls cpu_halt() stops the
 * CPU right after the reading bundle. Changing it drops all translations
 * (at the next block boundary); off (the default) costs nothing. */
void cpu_exit_after_loads(struct machine *m, int on);

/* Checkpoints: copy the guest-visible state of src into dst (registers,
 * state registers, AAU, DAM, icount, ip...) and keep dst's configuration
 * pointers and run bookkeeping (mem, mach, io, cur_block, chaining, stop
 * details, pending exit/halt requests, breakpoint skip). */
void cpu_state_assign(struct cpu_state *dst, const struct cpu_state *src);

/* --- helpers for machines (system calls, signals) --- */

/* Register %rN / %b[N] / %gN of the current window (NULL if out of
 * bounds). */
struct cpu_reg *cpu_rreg(struct cpu_state *c, unsigned n);
struct cpu_reg *cpu_breg(struct cpu_state *c, unsigned n);
struct cpu_reg *cpu_greg(struct cpu_state *c, unsigned n);
/* Predicate %predN value (after rotation) and tag. */
int cpu_pred_get(const struct cpu_state *c, unsigned n, int *tag);
void cpu_pred_set(struct cpu_state *c, unsigned n, int val, int tag);

/* Procedure call as `call` does it (e2k-isa.md §4.9): push a chain frame
 * returning to ret_addr, spill %r0..%r(2*wbs-1), slide the window, reset
 * CTPRs, continue at target. wbs may be the whole window (signal delivery).
 * Returns 0 or -(exception number) with nothing changed. */
int cpu_proc_call(struct cpu_state *c, uint64_t target, unsigned wbs,
                  uint64_t ret_addr);
/* Procedure return as `ct %ctpr3` with a return CTPR does it: pop the
 * chain frame, restore window/BR/predicates/USD, continue at the saved
 * address. Returns 0 or -(exception number) with nothing changed. */
int cpu_proc_return(struct cpu_state *c);
/* The checks of cpu_proc_call / cpu_proc_return alone: 0 or the exception
 * number they would raise (used to fault before a bundle has effects). */
int cpu_proc_call_check(const struct cpu_state *c, unsigned wbs);
int cpu_proc_return_check(struct cpu_state *c);
/* Read the CR0/CR1 view: the newest chain-stack frame (idx 0) or older
 * ones (idx 1, 2, ...). Returns 0 or a MEM_E_* code. */
int cpu_cr_read(struct cpu_state *c, unsigned idx, uint64_t *cr0_lo,
                uint64_t *cr0_hi, uint64_t *cr1_lo, uint64_t *cr1_hi);

/* CPU_STOP_SYSCALL support: argument i (0 = syscall number) as the
 * callee would see it (caller %r(2*wbs + i)); 0 if outside the window. */
uint64_t cpu_syscall_arg(const struct cpu_state *c, unsigned i);
/* Finish the system call: result into callee %r0 (caller %r(2*wbs)),
 * other parameter registers marked diagnostic when tags are on (qemu),
 * CTPRs reset, continue at stop.sys_next. */
void cpu_syscall_finish(struct cpu_state *c, uint64_t result);

/* State registers by number (e2k-isa.md §4.8) as rrd/rwd see them, but
 * without privilege checks (debugger, signal frames). Return 0 or
 * -EXC_ILLEGAL_OPCODE for an unknown number. */
int cpu_sreg_read(struct cpu_state *c, unsigned num, uint64_t *val);
/* 1 if `num` is a state register of this ISA version (for writes: not
 * read-only); *user_ok (may be NULL) = writable without privilege. */
int cpu_sreg_valid(const struct cpu_state *c, unsigned num, int write,
                   int *user_ok);
int cpu_sreg_write(struct cpu_state *c, unsigned num, uint64_t val);

/* Composite views used by gdb and signal frames (layouts of §4.2, §4.3,
 * §4.7). */
uint64_t cpu_wd_get(const struct cpu_state *c);
uint64_t cpu_br_get(const struct cpu_state *c);
void cpu_br_set(struct cpu_state *c, uint64_t br);
uint64_t cpu_lsr_get(const struct cpu_lsr *l);
void cpu_lsr_set(struct cpu_lsr *l, uint64_t v);

/* Set stop.* for an exception (used by the translated code and the
 * machine). Returns CPU_STOP_EXCEPTION. */
int cpu_raise(struct cpu_state *c, unsigned exc, uint64_t pc, uint64_t addr,
              const char *why);

const char *cpu_exc_name(unsigned exc);
const char *cpu_stop_name(unsigned reason);

#endif
