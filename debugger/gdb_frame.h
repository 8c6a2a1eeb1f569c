/*
 * gdb_frame.h — the "trap frame" picture of a stopped e2k thread that
 * MCST's gdb expects (e2k-gdb-remote.md §4), built as a read-only view over
 * the emulator's state instead of by really performing a call.
 *
 * On hardware a debug stop is a trap, and a trap is an implicit procedure
 * call that spills the whole register window to the procedure stack and
 * pushes a chain-stack frame. gdb's e2k code relies on that: it reads the
 * current procedure's %rN from memory at PSP.base + PSP.ind - 32*wbs and
 * the caller link from PCSP.base + PCSP.ind - 32. QEMU performs such a
 * call on every debug stop and undoes it on resume. We cannot change the
 * machine in a replay (the state hashes would diverge), so we *present*
 * it: the descriptor registers are reported with the indices the call
 * would give, and memory reads that fall into the would-be spill area or
 * trap chain frame are answered from the CPU registers. Nothing in guest
 * memory changes.
 *
 * Spill layout: the description we serve has no elbrus-v5 feature, so gdb
 * assumes the pre-v5 layout (per register pair: lo, lo, ext, ext; §4.3).
 * The emulator spills in the v5 layout on ISA >= 5 (emu/cpu_proc.c), so
 * for those CPUs the view also swaps the middle two words of every
 * 32-byte pair in the procedure stack below the current index. Then the
 * older frames' registers read correctly as well.
 *
 * Tags (qXfer:tags:read, §6.1): per 32-bit word, from the register tags
 * for the synthetic spill area, from the procedure stack's tag area
 * (cpu_state.ps_tag_base, one byte per 8 bytes) below it, 0 elsewhere
 * (memory tags are not modelled).
 */
#ifndef E2K_DEBUGGER_GDB_FRAME_H
#define E2K_DEBUGGER_GDB_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct cpu_state;

/* What the virtual trap call would produce (§4.1). */
struct gdb_trap {
    uint64_t cr0_lo;     /* _cr0_lo (52): predicate file */
    uint64_t cr0_hi;     /* _cr0_hi (53): PC, bits 2:0 clear */
    uint64_t cr1_lo;     /* _cr1_lo (54): wbs = window/2, wpsz, wfx, psr */
    uint64_t cr1_hi;     /* _cr1_hi (55): br, wdbl, ussz */
    uint64_t psp_lo, psp_hi;   /* 49/50: index after spilling the window */
    uint64_t pcsp_lo, pcsp_hi; /* 57/58: index after the trap frame */
    uint64_t wd;         /* _wd (334): base 0, size 0, psize 0, fx 1 */
    uint64_t spill_addr; /* guest address of the synthetic window image */
    uint64_t spill_bytes;/* 16 per window register */
    uint64_t frame_addr; /* guest address of the synthetic chain frame */
};
void gdb_frame_trap(const struct cpu_state *c, struct gdb_trap *t);

/* Guest memory access for the view: read/write return 0 or a negative
 * code; the view never touches memory except through these. */
struct gdb_mem_io {
    int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
    int (*write)(void *ctx, uint64_t addr, const void *buf, size_t len);
    void *ctx;
};

/* desc_v5: the description gdb uses has the elbrus-v5 feature (v5 spill
 * layout expected); 0 for ours. */

/* Read len bytes at addr as gdb should see them. Returns how many bytes
 * from addr on are readable (they are in buf); 0 if the first is not. */
size_t gdb_frame_read_mem(const struct cpu_state *c, int desc_v5,
                          const struct gdb_mem_io *io, uint64_t addr,
                          uint8_t *buf, size_t len);
/* Write through the view (live sessions): bytes in the synthetic spill
 * area change the window registers, bytes in the permuted procedure stack
 * go to their real place, the synthetic chain frame is read-only (a write
 * that changes it fails). 0 or -1 (nothing written in the failing part). */
int gdb_frame_write_mem(struct cpu_state *c, int desc_v5,
                        const struct gdb_mem_io *io, uint64_t addr,
                        const uint8_t *buf, size_t len);
/* Tags of nwords 32-bit words from addr (4-aligned): one byte each,
 * 0..3. Always succeeds. */
void gdb_frame_read_tags(const struct cpu_state *c, int desc_v5,
                         const struct gdb_mem_io *io, uint64_t addr,
                         size_t nwords, uint8_t *out);

#endif
